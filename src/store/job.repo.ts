import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from './database.js';

/** The row of the run of `job` for `period`: one per job and period, whoever claims it. */
const theRun = (job: string, period: string) => (eb: ExpressionBuilder<Database, 'job_run'>) =>
  eb.and([eb('job', '=', job), eb('period', '=', period)]);

/**
 * Claims the run of `job` for `period`. Exactly one caller wins, whatever the
 * number of processes; a claim left unfinished for `staleAfterMs` (its process
 * died) can be taken over.
 */
export async function claimJobRun(
  db: Kysely<Database>,
  job: string,
  period: string,
  now: Date,
  staleAfterMs: number,
): Promise<boolean> {
  const started = now.toISOString();
  const inserted = await db
    .insertInto('job_run')
    .values({ job, period, started_at: started, finished_at: null, detail: null })
    .onConflict((oc) => oc.columns(['job', 'period']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return true;
  const stale = new Date(now.getTime() - staleAfterMs).toISOString();
  const taken = await db
    .updateTable('job_run')
    .set({ started_at: started })
    .where(theRun(job, period))
    .where('finished_at', 'is', null)
    .where('started_at', '<', stale)
    .executeTakeFirst();
  return Number(taken.numUpdatedRows) === 1;
}

export async function finishJobRun(db: Kysely<Database>, job: string, period: string, at: Date, detail: unknown) {
  await db
    .updateTable('job_run')
    .set({ finished_at: at.toISOString(), detail: JSON.stringify(detail) })
    .where(theRun(job, period))
    .execute();
}
