import { type Kysely, sql } from 'kysely';
import type { SearchHit, SearchKind } from '../domain/search.schema.js';
import { parseQuery, type QueryWord, type SnippetPart, snippetOf } from '../domain/search-terms.js';
import { readableBy, type StoreReader } from './access.js';
import type { Database, LabelColumns } from './database.js';
import { isPostgres } from './dialect.js';
import type { LabelCodec } from './label-codec.js';
import { labelOf } from './present.js';
import { dropFromIndex, entryKey, type IndexedTable, localizedTexts, writeEntry } from './search-index.js';

/** Keeps the search entry of an activity or a follow-up up to date, from the texts its use case gives. */
export async function indexForSearch(
  trx: Kysely<Database>,
  kind: 'activity' | 'follow_up',
  recordId: string,
  texts: (string | undefined | null)[],
) {
  await writeEntry(trx, kind, entryKey(kind, kind, recordId), recordId, texts);
}

export async function removeFromSearch(trx: Kysely<Database>, recordIds: string[]) {
  await dropFromIndex(trx, recordIds);
}

/** One word of a query as an FTS5 expression: any of its terms, or (the last word) any word it begins. */
const fts5Word = (w: QueryWord) => `(${[...w.terms.map((t) => `"${t}"`), ...(w.prefix ? [`"${w.word}"*`] : [])].join(' OR ')})`;
/** The same in PostgreSQL's tsquery. */
const tsWord = (w: QueryWord) => `(${[...w.terms, ...(w.prefix ? [`${w.word}:*`] : [])].join(' | ')})`;

/**
 * A condition that holds for search entries answering every word of `q`
 * (domain/search-terms.ts: each word by any of its stems, the last one also as
 * a prefix, as people type). `se` is the alias of search_entry in the caller's
 * query. Words are letters and digits only once folded, so they need no
 * escaping in either database's syntax.
 */
export function searchMatches(db: Kysely<Database>, q: string, se = 'search_entry') {
  const query = parseQuery(q);
  if (query.length === 0) return sql<boolean>`1 = 0`;
  if (isPostgres(db)) {
    return sql<boolean>`to_tsvector('simple', ${sql.ref(`${se}.body`)}) @@ to_tsquery('simple', ${query.map(tsWord).join(' & ')})`;
  }
  const match = query.map(fts5Word).join(' AND ');
  return sql<boolean>`${sql.ref(`${se}.id`)} in (select rowid from search_fts where search_fts match ${match})`;
}

/** One search, as every kind of record answers it: who reads, through which codec, the words, how many hits at most. */
export interface Search {
  codec: LabelCodec;
  reader: StoreReader;
  q: string;
  limit: number;
}

// A row of any searchable table, with the columns of its joins.
type AnyRow = LabelColumns & Record<string, unknown> & { id: string; version: number };
type Loose = Kysely<Record<string, Record<string, unknown>>>;
type HitFields = Omit<SearchHit, 'ownerParty' | 'classification' | 'releasableTo' | 'compartments' | 'snippet' | 'snippetParts'>;

/**
 * How one kind of hit is found and read: the table its entries are about,
 * what else the reader must be able to read (a follow-up's activity), and how
 * a row reads as a hit, with the texts its snippet is taken from (the first
 * that answers the query on its own, else the first one).
 */
interface SearchSource {
  kind: SearchKind;
  table: IndexedTable;
  join?: (qb: AnyQuery, reader: StoreReader) => AnyQuery;
  hit: (r: AnyRow) => HitFields;
  texts: (r: AnyRow) => (string | null | undefined)[];
}
// biome-ignore lint/suspicious/noExplicitAny: the query of a table chosen by a parameter
type AnyQuery = any;

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const plain = (text: unknown) => ({ und: String(text ?? '') });
const none = { refCode: null, activityId: null, planId: null, sessionId: null, commissionId: null, programmeId: null };
const agendaHit = (kind: SearchKind) => (r: AnyRow) => ({
  ...none,
  kind,
  id: r.id,
  version: r.version,
  title: plain(r.title),
  sessionId: str(r.session_id),
});

/**
 * Every kind of hit, in the order results are grouped. Another kind of
 * record joins here once its table is in INDEXED_TABLES.
 */
export const SEARCH_SOURCES: SearchSource[] = [
  {
    kind: 'activity',
    table: 'activity',
    hit: (r) => ({
      ...none,
      kind: 'activity',
      id: r.id,
      version: r.version,
      title: JSON.parse(String(r.title)),
      refCode: str(r.ref_code),
      activityId: r.id,
      planId: str(r.plan_id),
    }),
    texts: (r) => [...localizedTexts(String(r.description)), ...localizedTexts(String(r.title)), str(r.location)],
  },
  {
    kind: 'follow_up',
    table: 'follow_up',
    join: (qb, reader) =>
      qb
        .innerJoin('activity as a', 'a.id', 'r.activity_id')
        .where(readableBy(reader, 'a'))
        .select(['a.ref_code as a_ref_code', 'a.plan_id as a_plan_id', 'a.title as a_title']),
    hit: (r) => ({
      ...none,
      kind: 'follow_up',
      id: r.id,
      version: r.version,
      title: JSON.parse(String(r.a_title)),
      refCode: str(r.a_ref_code),
      activityId: str(r.activity_id),
      planId: str(r.a_plan_id),
    }),
    texts: (r) => [str(r.body)],
  },
  {
    kind: 'programme',
    table: 'programme',
    hit: (r) => ({
      ...none,
      kind: 'programme',
      id: r.id,
      version: r.version,
      title: JSON.parse(String(r.title)),
      programmeId: r.id,
      commissionId: str(r.commission_id),
    }),
    texts: (r) => [
      ...localizedTexts(String(r.description)),
      ...localizedTexts(String(r.title)),
      str(r.capability_gap),
      str(r.cancel_reason),
    ],
  },
  {
    kind: 'industrial_project',
    table: 'industrial_project',
    hit: (r) => ({ ...none, kind: 'industrial_project', id: r.id, version: r.version, title: JSON.parse(String(r.title)) }),
    texts: (r) => [
      ...localizedTexts(String(r.description)),
      ...localizedTexts(String(r.title)),
      str(r.site_place),
      str(r.close_reason),
    ],
  },
  {
    kind: 'session',
    table: 'commission_session',
    hit: (r) => ({
      ...none,
      kind: 'session',
      id: r.id,
      version: r.version,
      title: plain(`${r.number} · ${r.place}`),
      sessionId: r.id,
      commissionId: str(r.commission_id),
    }),
    texts: (r) => [str(r.place), String(r.number)],
  },
  { kind: 'agenda_item', table: 'agenda_item', hit: agendaHit('agenda_item'), texts: (r) => [str(r.title)] },
  { kind: 'minutes', table: 'agenda_item', hit: agendaHit('minutes'), texts: (r) => [str(r.summary)] },
  { kind: 'decision', table: 'agenda_item', hit: agendaHit('decision'), texts: (r) => [str(r.decisions)] },
  {
    kind: 'action_item',
    table: 'action_item',
    hit: (r) => ({
      ...none,
      kind: 'action_item',
      id: r.id,
      version: r.version,
      title: plain(r.title),
      sessionId: str(r.session_id),
      commissionId: str(r.commission_id),
      activityId: str(r.activity_id),
      planId: str(r.plan_id),
    }),
    texts: (r) => [str(r.title), str(r.responsible_organisation), str(r.reason)],
  },
];

/** The snippet of a row: from the first of its texts where the query finds a word, else from its first text. */
function snippetFor(texts: (string | null | undefined)[], query: QueryWord[]) {
  const present = texts.filter((t): t is string => Boolean(t));
  let snippetParts: SnippetPart[] | undefined;
  for (const text of present) {
    const parts = snippetOf(text, query);
    if (parts.some((p) => p.hit)) {
      snippetParts = parts;
      break;
    }
  }
  snippetParts ??= snippetOf(present[0] ?? '', query);
  return { snippet: snippetParts.map((p) => p.text).join(''), snippetParts };
}

/**
 * The kinds of entry that hold at least one match of `q`, whoever may read
 * them: one pass over the text index, so that a search asks no further
 * question of the kinds nothing matches. Tells nothing to the reader; the
 * read rule applies to each kind's own query.
 */
export async function kindsMatching(db: Kysely<Database>, q: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('search_entry as se')
    .select('se.kind')
    .distinct()
    .where(searchMatches(db, q, 'se'))
    .execute();
  return new Set(rows.map((r) => r.kind));
}

/**
 * The hits of one kind the reader may read, newest change first, and how
 * many there are, in one query (the count is a window over every readable
 * match, taken before the limit): the read rule is a condition of it, so
 * that a record the reader may not read is neither listed nor counted.
 */
export async function searchKind(db: Kysely<Database>, source: SearchSource, s: Search) {
  const query = parseQuery(s.q);
  let qb: AnyQuery = (db as unknown as Loose)
    .selectFrom('search_entry as se')
    .innerJoin(`${source.table} as r`, 'r.id', 'se.target_id')
    .where('se.kind', '=', source.kind)
    .where(searchMatches(db, s.q, 'se'))
    .where(readableBy(s.reader, 'r'));
  if (source.join) qb = source.join(qb, s.reader);
  const rows = (await qb
    .selectAll('r')
    .select(sql<number | string>`count(*) over ()`.as('search_total'))
    .orderBy('r.updated_at', 'desc')
    .orderBy('r.id')
    .limit(s.limit)
    .execute()) as (AnyRow & { search_total: number | string })[];
  const count = Number(rows[0]?.search_total ?? 0);
  const hits: SearchHit[] = rows.map((r) => ({
    ...source.hit(r),
    ...labelOf(s.codec, r),
    ...snippetFor(source.texts(r), query),
  }));
  return { count, hits };
}
