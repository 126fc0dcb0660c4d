import { sql } from 'kysely';
import type { LabelColumns } from './database.js';
import type { Db } from './db.js';
import { isPostgres } from './dialect.js';
import type { ExchangeRecordTable } from './exchange-tables.js';
import { insertRows, onConflictUpdate } from './sqlite-insert.js';

// The read-only copies of a partner's records (`exchange_record`, migration 0023) as an import writes
// them: a batch of lines at a time, each batch one read of what is kept and one statement that writes,
// in the import's transaction. What each line did is the same as if the lines were applied one by one.

/**
 * Lines a caller hands over at most per call: 15 columns a row stay far within SQLite's 32,766 bound
 * parameters and PostgreSQL's 65,535.
 */
export const COPY_BATCH = 500;

type Key = { kind: string; id: string };
const keyOf = (r: Key) => `${r.kind}\u0000${r.id}`;

/** The ids listed, grouped by kind: the primary key (originator, kind, id) finds them with an index. */
function byKind(rows: readonly Key[]): Map<string, string[]> {
  const kinds = new Map<string, string[]>();
  for (const r of rows) {
    const ids = kinds.get(r.kind);
    if (ids) ids.push(r.id);
    else kinds.set(r.kind, [r.id]);
  }
  for (const [kind, ids] of kinds) kinds.set(kind, [...new Set(ids)]);
  return kinds;
}

type Action = { kind: string; id: string; action: 'created' | 'updated' | 'unchanged' };
/** What became of a line, and the label of its copy as the batch left it (read by the same rule as the copy). */
type Applied = Action & { label: LabelColumns };

/** The columns of a copy, and those a higher version refreshes (all but the key). */
const COPY_KEY = ['originator_installation', 'kind', 'id'] as const;
export const COPY_REFRESHED = [
  'parent_id',
  'version',
  'updated_at',
  'received_at',
  'bundle_id',
  'originator_label',
  'local_level',
  'data',
  'owner_party',
  'classification',
  'releasable_mask',
  'compartment_mask',
] as const satisfies readonly (keyof ExchangeRecordTable)[];
/** SQLite: what follows the values, so that only a higher version replaces a copy, whatever was read before. */
const COPY_CONFLICT = onConflictUpdate(COPY_KEY, COPY_REFRESHED, '"exchange_record"."version" < excluded."version"');

/**
 * Stores or refreshes, in the order given, records sent by `originator` (at most `COPY_BATCH`): a
 * record not kept is created, a higher version than the one kept updates it, any other changes nothing.
 * Gives what became of each, as one statement per record would have: a record listed twice is created
 * by the first and left unchanged (or updated, by a higher version) by the second.
 */
export async function upsertCopies(db: Db, originator: string, rows: readonly ExchangeRecordTable[]): Promise<Applied[]> {
  if (rows.length === 0) return [];
  if (rows.length > COPY_BATCH) throw new Error(`at most ${COPY_BATCH} copies at a time`);
  if (rows.some((r) => r.originator_installation !== originator)) throw new Error('copies of one originator at a time');
  const actions = isPostgres(db) ? await upsertReturning(db, rows) : await upsertAfterReading(db, originator, rows);
  // A line left unchanged says nothing of the copy's label, which may be higher than the line's: the copy's
  // own is read. The others wrote their copy, with their label, the last of the batch its final one.
  const unchanged = actions.filter((a) => a.action === 'unchanged');
  const kept = unchanged.length ? await copyLabels(db, originator, unchanged) : new Map<string, LabelColumns>();
  const last = new Map<string, LabelColumns>();
  for (const r of rows) last.set(keyOf(r), r);
  return actions.map((a) => {
    const label = (a.action === 'unchanged' ? kept.get(keyOf(a)) : undefined) ?? last.get(keyOf(a));
    if (!label) throw new Error(`no copy of ${a.kind} ${a.id} after its batch`);
    const { owner_party, classification, releasable_mask, compartment_mask } = label;
    return { ...a, label: { owner_party, classification, releasable_mask, compartment_mask } };
  });
}

/** The labels of the copies from `originator` listed, by kind and id (`keyOf`). */
async function copyLabels(db: Db, originator: string, keys: readonly Key[]): Promise<Map<string, LabelColumns>> {
  const labels = new Map<string, LabelColumns>();
  for (const [kind, ids] of byKind(keys)) {
    // On PostgreSQL each id is looked up by the whole key, whatever the statistics of a table filled in
    // this very transaction say (as `deleteReturning`).
    const rows = isPostgres(db)
      ? (
          await sql<LabelColumns & { id: string }>`select k.id, held.owner_party, held.classification, held.releasable_mask,
              held.compartment_mask
            from unnest(cast(${ids} as text[])) as k(id)
            cross join lateral (
              select r.owner_party, r.classification, r.releasable_mask, r.compartment_mask from exchange_record r
              where r.originator_installation = ${originator} and r.kind = ${kind} and r.id = k.id
              limit 1
            ) as held`.execute(db)
        ).rows
      : await db
          .selectFrom('exchange_record')
          .select(['id', 'owner_party', 'classification', 'releasable_mask', 'compartment_mask'])
          .where('originator_installation', '=', originator)
          .where('kind', '=', kind)
          .where('id', 'in', ids)
          .execute();
    for (const { id, ...label } of rows) labels.set(keyOf({ kind, id }), label);
  }
  return labels;
}

/**
 * PostgreSQL: the statement itself says what it did (a row it inserted has no `xmax`; one it did not
 * return was kept at a version as high). A read of the versions kept first would be planned, inside the
 * import's transaction, on statistics of a table still empty: a scan of every copy of the kind per
 * batch. A record listed again starts a new statement, which sees what the one before did.
 */
async function upsertReturning(db: Db, rows: readonly ExchangeRecordTable[]): Promise<Action[]> {
  const out: Action[] = [];
  let part: ExchangeRecordTable[] = [];
  const listed = new Set<string>();
  const write = async () => {
    if (part.length === 0) return;
    const done = await upsertUnnested(db, part);
    const changed = new Map(done.map((r) => [keyOf(r), r.inserted ? ('created' as const) : ('updated' as const)]));
    for (const r of part) out.push({ kind: r.kind, id: r.id, action: changed.get(keyOf(r)) ?? 'unchanged' });
    part = [];
    listed.clear();
  };
  for (const row of rows) {
    if (listed.has(keyOf(row))) await write();
    part.push(row);
    listed.add(keyOf(row));
  }
  await write();
  return out;
}

/**
 * PostgreSQL: `upsert`, the rows given a column an array, unnested: a statement of 15 parameters, where
 * 500 rows of 15 parameters each (7,500) took PostgreSQL longer to parse and plan than to write, while
 * the import waited. Gives the rows it wrote, and whether each was inserted (no `xmax`).
 */
async function upsertUnnested(db: Db, rows: readonly ExchangeRecordTable[]) {
  const column = <K extends keyof ExchangeRecordTable>(k: K) => rows.map((r) => r[k]);
  const { rows: done } = await sql<{ kind: string; id: string; inserted: boolean }>`insert into exchange_record
      (originator_installation, kind, id, parent_id, version, updated_at, received_at, bundle_id, originator_label,
       local_level, data, owner_party, classification, releasable_mask, compartment_mask)
    select * from unnest(cast(${column('originator_installation')} as text[]), cast(${column('kind')} as text[]),
      cast(${column('id')} as text[]), cast(${column('parent_id')} as text[]), cast(${column('version')} as integer[]),
      cast(${column('updated_at')} as text[]), cast(${column('received_at')} as text[]), cast(${column('bundle_id')} as text[]),
      cast(${column('originator_label')} as text[]), cast(${column('local_level')} as text[]), cast(${column('data')} as text[]),
      cast(${column('owner_party')} as text[]), cast(${column('classification')} as integer[]),
      cast(${column('releasable_mask')} as bigint[]), cast(${column('compartment_mask')} as bigint[]))
    on conflict (originator_installation, kind, id) do update set
      parent_id = excluded.parent_id, version = excluded.version, updated_at = excluded.updated_at,
      received_at = excluded.received_at, bundle_id = excluded.bundle_id, originator_label = excluded.originator_label,
      local_level = excluded.local_level, data = excluded.data, owner_party = excluded.owner_party,
      classification = excluded.classification, releasable_mask = excluded.releasable_mask,
      compartment_mask = excluded.compartment_mask
    -- Only a higher version replaces a copy, whatever was read before.
    where exchange_record.version < excluded.version
    returning kind, id, xmax = 0 as inserted`.execute(db);
  return done;
}

/** SQLite: one read of the versions kept (its planner finds them by the whole key), then one statement. */
async function upsertAfterReading(db: Db, originator: string, rows: readonly ExchangeRecordTable[]): Promise<Action[]> {
  /** The version kept of each record, as the lines before it leave it. */
  const kept = new Map<string, number>();
  for (const [kind, ids] of byKind(rows))
    for (const r of await db
      .selectFrom('exchange_record')
      .select(['id', 'version'])
      .where('originator_installation', '=', originator)
      .where('kind', '=', kind)
      .where('id', 'in', ids)
      .execute())
      kept.set(keyOf({ kind, id: r.id }), Number(r.version));
  /** The row to write for each record changed, the last that changed it. */
  const written = new Map<string, ExchangeRecordTable>();
  const actions = rows.map((row): Action => {
    const key = keyOf(row);
    const version = kept.get(key);
    if (version !== undefined && version >= row.version) return { kind: row.kind, id: row.id, action: 'unchanged' };
    kept.set(key, row.version);
    written.set(key, row);
    return { kind: row.kind, id: row.id, action: version === undefined ? 'created' : 'updated' };
  });
  await insertRows(db, 'exchange_record', [...COPY_KEY, ...COPY_REFRESHED], [...written.values()], COPY_CONFLICT);
  return actions;
}

/**
 * Removes, in the order given, copies of records `originator` withdrew (at most `COPY_BATCH`): gives,
 * with each, the label its copy had here (`kept`), or null when none was here (never held, or removed
 * by an earlier withdrawal of the list).
 */
export async function withdrawCopies<K extends Key>(
  db: Db,
  originator: string,
  withdrawn: readonly K[],
): Promise<(K & { kept: LabelColumns | null })[]> {
  if (withdrawn.length === 0) return [];
  if (withdrawn.length > COPY_BATCH) throw new Error(`at most ${COPY_BATCH} withdrawals at a time`);
  const held = new Map<string, LabelColumns>();
  for (const [kind, ids] of byKind(withdrawn)) {
    if (isPostgres(db)) {
      for (const { id, ...label } of await deleteReturning(db, originator, kind, ids)) held.set(keyOf({ kind, id }), label);
      continue;
    }
    for (const r of await db
      .selectFrom('exchange_record')
      .select(['id', 'owner_party', 'classification', 'releasable_mask', 'compartment_mask'])
      .where('originator_installation', '=', originator)
      .where('kind', '=', kind)
      .where('id', 'in', ids)
      .execute()) {
      const { id, ...label } = r;
      held.set(keyOf({ kind, id }), label);
    }
    await db
      .deleteFrom('exchange_record')
      .where('originator_installation', '=', originator)
      .where('kind', '=', kind)
      .where('id', 'in', ids)
      .execute();
  }
  return withdrawn.map((w) => {
    const key = keyOf(w);
    const kept = held.get(key) ?? null;
    held.delete(key);
    return { ...w, kept };
  });
}

/**
 * PostgreSQL: removes the copies of `kind` listed and gives their labels, in one statement that finds
 * each by the whole key whatever the statistics say (those of a table still empty, inside the import's
 * transaction: an `id in (...)` list was planned as a scan of every copy of the kind): a nested loop of
 * primary-key look-ups gives the rows' places, and the rows at those places are removed.
 */
async function deleteReturning(db: Db, originator: string, kind: string, ids: readonly string[]) {
  const { rows } = await sql<LabelColumns & { id: string }>`delete from exchange_record
    where ctid = any(array(
      select held.ctid from unnest(cast(${[...ids]} as text[])) as k(id)
      cross join lateral (
        select r.ctid from exchange_record r
        where r.originator_installation = ${originator} and r.kind = ${kind} and r.id = k.id
        limit 1
      ) as held
    ))
    returning id, owner_party, classification, releasable_mask, compartment_mask`.execute(db);
  return rows;
}
