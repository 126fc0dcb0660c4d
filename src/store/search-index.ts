import type { Kysely, Selectable } from 'kysely';
import type { SearchKind } from '../domain/search.schema.js';
import { indexBody } from '../domain/search-terms.js';
import type { Database } from './database.js';

/** Every language's text of a localized text stored as JSON. */
export const localizedTexts = (json: string) => Object.values(JSON.parse(json) as Record<string, string>);

type Texts = (string | null | undefined)[];
type Row<T extends keyof Database> = Selectable<Database[T]>;

/** One entry a row is indexed under: the kind of hit it gives, and the texts it is made of. */
interface EntryOf<T extends keyof Database> {
  kind: SearchKind;
  texts: (r: Row<T>) => Texts;
}

/**
 * The records search finds, each as the entries a row of its table is indexed
 * under (an agenda item is found by its title, by its minutes and by its
 * decisions, each a kind of hit of its own). The store keeps the index in the
 * same transaction as every write of such a row: the repositories and use
 * cases call `reindex` after they insert or change one, and `dropFromIndex`
 * after they delete one.
 *
 * To make another kind of record searchable: add its
 * table and entries here, call `reindex` from its writes, add its kind to
 * SEARCH_KINDS (domain/search.schema.ts) and how a hit of it reads to
 * SEARCH_SOURCES (search.repo.ts), then raise INDEX_VERSION so that the
 * records already written are indexed when the server next starts.
 */
export const INDEXED_TABLES: { [T in keyof Database]?: EntryOf<T>[] } = {
  activity: [
    {
      kind: 'activity',
      texts: (r) => [r.ref_code, ...localizedTexts(r.title), ...localizedTexts(r.description), r.location],
    },
  ],
  follow_up: [{ kind: 'follow_up', texts: (r) => [r.body] }],
  commission_session: [{ kind: 'session', texts: (r) => [r.place, String(r.number)] }],
  agenda_item: [
    { kind: 'agenda_item', texts: (r) => [r.title] },
    { kind: 'minutes', texts: (r) => [r.summary] },
    { kind: 'decision', texts: (r) => [r.decisions] },
  ],
  action_item: [{ kind: 'action_item', texts: (r) => [r.title, r.responsible_organisation, r.reason] }],
  programme: [
    {
      kind: 'programme',
      texts: (r) => [...localizedTexts(r.title), ...localizedTexts(r.description), r.capability_gap, r.cancel_reason],
    },
  ],
  industrial_project: [
    {
      kind: 'industrial_project',
      texts: (r) => [...localizedTexts(r.title), ...localizedTexts(r.description), r.site_place, r.close_reason],
    },
  ],
};

export type IndexedTable =
  | 'activity'
  | 'follow_up'
  | 'commission_session'
  | 'agenda_item'
  | 'action_item'
  | 'programme'
  | 'industrial_project';

/**
 * The version of what the index holds. Raise it when the terms change
 * (domain/search-terms.ts) or a table joins INDEXED_TABLES: the server then
 * indexes every record anew when it next migrates (`ensureSearchIndex`).
 */
export const INDEX_VERSION = 2;

/** The key of the entry of one kind of a record: its id for the record's first kind, id/kind for the others. */
export const entryKey = (table: IndexedTable, kind: SearchKind, id: string) =>
  INDEXED_TABLES[table]?.[0]?.kind === kind ? id : `${id}/${kind}`;

/**
 * Writes one entry of a record, or removes it when its texts hold no word
 * (minutes not yet written): a record is found only by what it says.
 */
export async function writeEntry(trx: Kysely<Database>, kind: SearchKind, key: string, targetId: string, texts: Texts) {
  const body = indexBody(texts);
  if (!body) {
    await trx.deleteFrom('search_entry').where('record_id', '=', key).execute();
    return;
  }
  await trx
    .insertInto('search_entry')
    .values({ kind, record_id: key, target_id: targetId, body })
    .onConflict((oc) => oc.column('record_id').doUpdateSet({ body, kind, target_id: targetId }))
    .execute();
}

// Kysely cannot type a query over a table chosen by a parameter; the signatures keep callers typed.
type Loose = Kysely<Record<string, Record<string, unknown>>>;

/** Makes the index entries of these rows of `table` anew from what the rows now hold. */
export async function reindex(trx: Kysely<Database>, table: IndexedTable, ids: readonly string[]) {
  const entries = (INDEXED_TABLES[table] ?? []) as EntryOf<IndexedTable>[];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await (trx as unknown as Loose)
      .selectFrom(table)
      .selectAll()
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const row of rows) {
      const id = String(row.id);
      for (const e of entries) await writeEntry(trx, e.kind, entryKey(table, e.kind, id), id, e.texts(row as never));
    }
  }
}

/** Removes deleted records from the index, every entry of each. */
export async function dropFromIndex(trx: Kysely<Database>, ids: readonly string[]) {
  for (let i = 0; i < ids.length; i += 500)
    await trx
      .deleteFrom('search_entry')
      .where('target_id', 'in', ids.slice(i, i + 500))
      .execute();
}

/**
 * Indexes every searchable record anew when the index was made by an older
 * version of the terms (migration 0019 leaves version 0, so a database of
 * before stemming is indexed on its first start). Follow-ups are indexed only
 * when they say something of their own: those an entry already exists for.
 */
export async function ensureSearchIndex(db: Kysely<Database>): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const state = await trx.selectFrom('search_index_state').select('version').executeTakeFirst();
    if (state && state.version >= INDEX_VERSION) return false;
    for (const table of Object.keys(INDEXED_TABLES) as IndexedTable[]) {
      const ids =
        table === 'follow_up'
          ? await trx.selectFrom('search_entry').select('record_id as id').where('kind', '=', 'follow_up').execute()
          : await (trx as unknown as Loose).selectFrom(table).select('id').execute();
      await reindex(
        trx,
        table,
        ids.map((r) => String(r.id)),
      );
    }
    await trx.deleteFrom('search_index_state').execute();
    await trx.insertInto('search_index_state').values({ version: INDEX_VERSION }).execute();
    return true;
  });
}
