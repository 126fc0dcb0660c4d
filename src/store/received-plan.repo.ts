import { sql } from 'kysely';
import type { RecordKind } from '../domain/exchange/bundle-content.js';
import { problem } from '../domain/problems.js';
import { readableBy, type StoreReader } from './access.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { Db } from './db.js';
import { isPostgres } from './dialect.js';

/**
 * The copy of a partner's plan the reader may read by its id, of the installation `from` when given. A plan's id
 * is made by its originator's installation, and a copy is kept under its sender (`exchange_record`'s key is
 * originator, kind and id): two partners may send the same id, one of them knowingly. Without `from`, an id the
 * reader may read from two installations names no plan and is refused (`exchange.plan_ambiguous`, naming the
 * installations it may read it from); a copy the reader may not read does not count, so the refusal tells
 * nothing of it. Null when there is none.
 */
export async function readablePlanCopy(db: Db, reader: StoreReader, planId: string, from?: string) {
  let q = db
    .selectFrom('exchange_record')
    .selectAll()
    .where(readableBy(reader, 'exchange_record'))
    .where('kind', '=', 'plan')
    .where('id', '=', planId);
  if (from !== undefined) q = q.where('originator_installation', '=', from);
  const rows = await q
    .orderBy('originator_installation')
    .limit(from === undefined ? 10 : 1)
    .execute();
  if (rows.length > 1)
    throw problem('exchange.plan_ambiguous', { installations: rows.map((r) => r.originator_installation).join(', ') });
  return rows[0] ?? null;
}

/**
 * A copy's reference code, from the record as its originator sent it, which the plan's page sorts by: the
 * copies keep the record as one JSON text.
 */
const refCodeOf = (db: Db) =>
  isPostgres(db)
    ? sql<string>`coalesce(cast(exchange_record.data as jsonb) ->> 'refCode', '')`
    : sql<string>`coalesce(json_extract(exchange_record.data, '$.refCode'), '')`;

/**
 * A partner's plan received here and a page of what came with it, each by the read rule over the local
 * equivalent of its label: the copy of the plan, its activities the reader may read in the order of their
 * reference codes (then ids) from the one `cursor` names on, and the follow-ups of those activities the
 * reader may read (one of an activity not shown is not shown), oldest first. Found through the index of
 * copies by kind and parent. Null when the plan may not be read.
 */
export async function readableReceivedPlan(
  db: Db,
  reader: StoreReader,
  planId: string,
  { from, cursor, limit }: { from?: string; cursor?: string; limit: number },
) {
  const copies = () => db.selectFrom('exchange_record').selectAll().where(readableBy(reader, 'exchange_record'));
  const plan = await readablePlanCopy(db, reader, planId, from);
  if (!plan) return null;
  const refCode = refCodeOf(db);
  let q = copies()
    .select(refCode.as('ref_code'))
    .where('kind', '=', 'activity')
    .where('parent_id', '=', planId)
    .where('originator_installation', '=', plan.originator_installation);
  if (cursor) {
    const [afterRef, afterId] = decodeCursor(cursor, 2);
    q = q.where(sql<boolean>`(${refCode} > ${afterRef} or (${refCode} = ${afterRef} and exchange_record.id > ${afterId}))`);
  }
  const rows = await q
    .orderBy(refCode)
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const activities = page.map(({ ref_code: _ref, ...copy }) => copy);
  const followUps = activities.length
    ? await copies()
        .where('kind', '=', 'follow_up')
        .where(
          'parent_id',
          'in',
          activities.map((a) => a.id),
        )
        .where('originator_installation', '=', plan.originator_installation)
        .orderBy('updated_at')
        .orderBy('id')
        .execute()
    : [];
  return {
    plan,
    activities,
    followUps,
    nextCursor: rows.length > limit && last ? encodeCursor([last.ref_code, last.id]) : null,
  };
}

/**
 * One page of the partners' records the reader may read (of one kind, or all), in the order of their key
 * (originator's installation, kind, id), paged by keyset on that key: the rows after the one `cursor` names,
 * so that every page costs one walk of the copies' primary key from there, however deep it is. `nextCursor`
 * names the last row of a full page followed by more; null after the last.
 */
export async function readableCopiesPage(
  db: Db,
  reader: StoreReader,
  opts: { kind?: RecordKind; cursor?: string; limit: number },
) {
  let q = db.selectFrom('exchange_record').selectAll().where(readableBy(reader, 'exchange_record'));
  if (opts.kind) q = q.where('kind', '=', opts.kind);
  if (opts.cursor) {
    const [installation, kind, id] = decodeCursor(opts.cursor, 3);
    q = q.where(
      sql<boolean>`(originator_installation > ${installation} or (originator_installation = ${installation} and (kind > ${kind} or (kind = ${kind} and id > ${id}))))`,
    );
  }
  const rows = await q
    .orderBy('originator_installation')
    .orderBy('kind')
    .orderBy('id')
    .limit(opts.limit + 1)
    .execute();
  const more = rows.length > opts.limit;
  const page = more ? rows.slice(0, opts.limit) : rows;
  const last = page[page.length - 1];
  return { page, nextCursor: more && last ? encodeCursor([last.originator_installation, last.kind, last.id]) : null };
}
