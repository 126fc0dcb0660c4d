import type { Kysely, Updateable } from 'kysely';
import type { Activity } from '../domain/activity.schema.js';
import type { Label } from '../domain/labels.js';
import type { WorkPlan } from '../domain/plan.schema.js';
import type { Revision, RevisionStatus } from '../domain/revision.schema.js';
import { byPartyFor, userIdFor } from '../domain/user-naming.js';
import { readableBy, type StoreReader } from './access.js';
import type { Database, LabelColumns, PlanRevisionTable, RevisionActivityTable, RevisionApprovalTable } from './database.js';
import type { LabelCodec } from './label-codec.js';
import { labelOf, presentActivity, presentPlan } from './present.js';
import { updateWhere } from './update-where.js';

/** An activity as a revision froze it: its code, its label and its content. */
export interface FrozenActivity {
  refCode: string;
  label: Label;
  content: Record<string, unknown>;
}

/**
 * A revision as `readerParty` reads it: whoever opened or approved it named
 * only when of that party (the opener's party read with the row).
 */
const presentRevision = (
  r: PlanRevisionTable & { opened_by_party: string | null },
  approvals: RevisionApprovalTable[],
  readerParty: string,
): Revision => ({
  planId: r.plan_id,
  number: r.number,
  status: r.status as RevisionStatus,
  reason: r.reason,
  contentHash: r.content_hash,
  openedBy: userIdFor(readerParty, r.opened_by_party, r.opened_by),
  openedAt: r.opened_at,
  approvedAt: r.approved_at,
  approvals: byPartyFor(
    readerParty,
    approvals.filter((a) => a.number === r.number).map((a) => ({ party: a.party, userId: a.user_id, at: a.at })),
  ),
});

const approvalsOf = (db: Kysely<Database>, planId: string) =>
  db.selectFrom('revision_approval').selectAll().where('plan_id', '=', planId).orderBy('at').execute();

/** The revisions with the party of whoever opened each, in the same query. */
const revisionRows = (db: Kysely<Database>, planId: string) =>
  db
    .selectFrom('plan_revision')
    .leftJoin('app_user', 'app_user.id', 'plan_revision.opened_by')
    .selectAll('plan_revision')
    .select('app_user.party as opened_by_party')
    .where('plan_revision.plan_id', '=', planId);

/** The revisions of a plan (0 is the baseline), with their approvals, as `readerParty` reads them. */
export async function listRevisions(db: Kysely<Database>, planId: string, readerParty: string): Promise<Revision[]> {
  const [rows, approvals] = await Promise.all([
    revisionRows(db, planId).orderBy('plan_revision.number').execute(),
    approvalsOf(db, planId),
  ]);
  return rows.map((r) => presentRevision(r, approvals, readerParty));
}

/** A revision of a plan with its approvals, as `readerParty` reads it. */
export async function readRevision(
  db: Kysely<Database>,
  planId: string,
  number: number,
  readerParty: string,
): Promise<Revision | undefined> {
  const row = await revisionRows(db, planId).where('plan_revision.number', '=', number).executeTakeFirst();
  return row && presentRevision(row, await approvalsOf(db, planId), readerParty);
}

/** Starts a revision. */
export async function insertRevisionRow(trx: Kysely<Database>, row: PlanRevisionTable): Promise<void> {
  await trx.insertInto('plan_revision').values(row).execute();
}

/** Starts a revision, opened by a user of `readerParty`, and answers it as a record. */
export async function insertRevision(trx: Kysely<Database>, row: PlanRevisionTable, readerParty: string): Promise<Revision> {
  await insertRevisionRow(trx, row);
  return presentRevision({ ...row, opened_by_party: readerParty }, [], readerParty);
}

export async function insertRevisionApproval(
  trx: Kysely<Database>,
  a: { planId: string; number: number; party: string; userId: string; at: string },
) {
  await trx
    .insertInto('revision_approval')
    .values({ plan_id: a.planId, number: a.number, party: a.party, user_id: a.userId, at: a.at })
    .execute();
}

/** The number of the amendment open for editing on an adopted plan, if any. */
export async function openAmendmentNumber(db: Kysely<Database>, planId: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('plan_revision')
    .select('number')
    .where('plan_id', '=', planId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return row?.number;
}

/**
 * The plan and every one of its activities, by reference code, whoever reads:
 * what a revision freezes. Each activity comes with its label as stored, which
 * the revision keeps as it is.
 */
export async function planAsItIs(
  db: Kysely<Database>,
  codec: LabelCodec,
  planId: string,
): Promise<{ plan: WorkPlan; activities: { activity: Activity; columns: LabelColumns }[] }> {
  const plan = await db.selectFrom('work_plan').selectAll().where('id', '=', planId).executeTakeFirstOrThrow();
  const rows = await db.selectFrom('activity').selectAll().where('plan_id', '=', planId).orderBy('ref_code').execute();
  return {
    plan: presentPlan(codec, plan, [], null),
    activities: rows.map((r) => ({
      activity: presentActivity(codec, r, null),
      columns: {
        owner_party: r.owner_party,
        classification: r.classification,
        releasable_mask: r.releasable_mask,
        compartment_mask: r.compartment_mask,
      },
    })),
  };
}

/** The plan, which the caller has found readable, and those of its activities the reader may read. */
export async function planAsReaderSees(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  planId: string,
): Promise<{ plan: WorkPlan; activities: Activity[] }> {
  const plan = await db.selectFrom('work_plan').selectAll().where('id', '=', planId).executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('activity')
    .selectAll()
    .where('plan_id', '=', planId)
    .where(readableBy(reader, 'activity'))
    .execute();
  return {
    plan: presentPlan(codec, plan, [], reader.party),
    activities: rows.map((r) => presentActivity(codec, r, reader.party)),
  };
}

/** Keeps the content of the activities as revision `number` froze them, each at its stored label. */
export async function insertFrozenActivities(
  trx: Kysely<Database>,
  planId: string,
  number: number,
  frozen: (FrozenActivity & { columns: LabelColumns })[],
) {
  await insertRevisionActivities(
    trx,
    frozen.map((f) => ({
      plan_id: planId,
      number,
      ref_code: f.refCode,
      content: JSON.stringify(f.content),
      ...f.columns,
    })),
  );
}

export async function insertRevisionActivities(trx: Kysely<Database>, rows: RevisionActivityTable[]) {
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto('revision_activity')
      .values(rows.slice(i, i + 500))
      .execute();
}

/**
 * A revision's content as far as the reader may read it: the plan as frozen,
 * and the frozen activities it may read. Undefined for a revision with no
 * content yet (an amendment still open).
 */
export async function frozenContent(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  planId: string,
  number: number,
): Promise<{ plan: Record<string, unknown>; activities: FrozenActivity[] } | undefined> {
  const revision = await db
    .selectFrom('plan_revision')
    .select('snapshot')
    .where('plan_id', '=', planId)
    .where('number', '=', number)
    .executeTakeFirst();
  if (!revision?.snapshot) return undefined;
  const rows = await db
    .selectFrom('revision_activity')
    .select(['ref_code', 'content', 'owner_party', 'classification', 'releasable_mask', 'compartment_mask'])
    .where('plan_id', '=', planId)
    .where('number', '=', number)
    .where(readableBy(reader, 'revision_activity'))
    .execute();
  return {
    plan: JSON.parse(revision.snapshot) as Record<string, unknown>,
    activities: rows.map((r) => ({
      refCode: r.ref_code,
      label: labelOf(codec, r),
      content: JSON.parse(r.content) as Record<string, unknown>,
    })),
  };
}

/**
 * Writes `changes` to a revision only if it is still in `status`, and locks
 * it until commit; false when it has left that status. Revisions carry no
 * version: their status is what every writer compares.
 */
export async function setRevisionIn(
  db: Kysely<Database>,
  planId: string,
  number: number,
  status: string,
  changes: Omit<Updateable<PlanRevisionTable>, 'plan_id' | 'number'>,
): Promise<boolean> {
  return (await updateWhere(db, 'plan_revision', { plan_id: planId, number, status }, changes)) === 1;
}
