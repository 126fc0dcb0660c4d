import { type Kysely, sql } from 'kysely';
import { readableBy, type StoreReader } from '../src/store/access.js';
import type { Database } from '../src/store/database.js';
import type { CreditSums } from '../src/store/offset-totals.repo.js';

/**
 * The ledger's sums as they were read before migration 0040, kept for the
 * profile to compare with in one run: per (obligation, day) asked, every
 * group of the obligation walked and each readable group's latest row sought.
 */
export async function creditSumsBefore(
  db: Kysely<Database>,
  reader: StoreReader,
  pairs: readonly { obligationId: string; day: string }[],
): Promise<CreditSums[]> {
  const out: CreditSums[] = [];
  const distinct = [...new Map(pairs.map((p) => [`${p.obligationId}|${p.day}`, p])).values()];
  for (let i = 0; i < distinct.length; i += 400) {
    const chunk = distinct.slice(i, i + 400);
    const wanted = sql.join(chunk.map((p) => sql`(${p.obligationId}, ${p.day})`));
    const { rows } = await sql<{ obligation_id: string; day: string; granted: string; pending: string }>`
      with wanted (obligation_id, day) as (values ${wanted})
      select w.obligation_id, w.day,
        cast(sum(t.granted) as text) as granted, cast(sum(t.pending) as text) as pending
      from wanted w
      join offset_credit_group g on g.obligation_id = w.obligation_id
      join offset_obligation o on o.id = g.obligation_id
      join programme p on p.id = o.programme_id
      join offset_credit_total t on t.group_id = g.id
        and t.day = (select max(l.day) from offset_credit_total l where l.group_id = g.id and l.day <= w.day)
      where ${readableBy(reader, 'g')}
        and ${readableBy(reader, 'o')}
        and ${readableBy(reader, 'p')}
      group by w.obligation_id, w.day`.execute(db);
    for (const r of rows)
      out.push({ obligationId: r.obligation_id, day: r.day, granted: BigInt(r.granted), pending: BigInt(r.pending) });
  }
  return out;
}
