import { type Kysely, sql } from 'kysely';
import type { SearchHit } from '../domain/search.schema.js';
import { foldForSearch } from '../domain/text.js';
import { readableBy, type StoreReader } from './access.js';
import type { Database } from './database.js';
import { isPostgres } from './dialect.js';
import type { LabelCodec } from './label-codec.js';
import { labelOf } from './present.js';

export type SearchKind = 'activity' | 'follow_up';

/** Keeps the search text of one record (activity or follow-up) up to date. */
export async function indexForSearch(
  trx: Kysely<Database>,
  kind: SearchKind,
  recordId: string,
  texts: (string | undefined | null)[],
) {
  const body = foldForSearch(texts.filter(Boolean).join(' '));
  await trx
    .insertInto('search_entry')
    .values({ kind, record_id: recordId, body })
    .onConflict((oc) => oc.column('record_id').doUpdateSet({ body }))
    .execute();
}

export async function removeFromSearch(trx: Kysely<Database>, recordIds: string[]) {
  if (recordIds.length) await trx.deleteFrom('search_entry').where('record_id', 'in', recordIds).execute();
}

/**
 * A condition that holds for search entries matching every word of `q`
 * (prefix match on the last word, as people type). `se` is the alias of
 * search_entry in the caller's query.
 */
export function searchMatches(db: Kysely<Database>, q: string, se = 'search_entry') {
  const words = foldForSearch(q).split(' ').filter(Boolean).slice(0, 12);
  if (words.length === 0) return sql<boolean>`1 = 0`;
  if (isPostgres(db)) {
    const query = words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(' & ');
    return sql<boolean>`to_tsvector('simple', ${sql.ref(`${se}.body`)}) @@ to_tsquery('simple', ${query})`;
  }
  const query = words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' ');
  return sql<boolean>`${sql.ref(`${se}.id`)} in (select rowid from search_fts where search_fts match ${query})`;
}

/** A search hit and when what it found was last written, which orders hits of both kinds. */
export interface DatedHit {
  hit: SearchHit;
  at: string;
}

/** One search, as every kind of record answers it: who reads, through which codec, the words, how many hits at most. */
export interface Search {
  codec: LabelCodec;
  reader: StoreReader;
  q: string;
  limit: number;
}

/** The search entries of one kind of record that match `q`, as `se`, for the caller to join its records to. */
const entriesMatching = (db: Kysely<Database>, kind: SearchKind, q: string) =>
  db
    .selectFrom('search_entry as se')
    .where('se.kind', '=', kind)
    .where(searchMatches(db, q, 'se'));

const snippet = (text: string) => (text.length > 200 ? `${text.slice(0, 197)}…` : text);

/** The activities the reader may read that match `q`, last changed first. */
export async function searchActivities(db: Kysely<Database>, { codec, reader, q, limit }: Search): Promise<DatedHit[]> {
  const rows = await entriesMatching(db, 'activity', q)
    .innerJoin('activity as a', 'a.id', 'se.record_id')
    .selectAll('a')
    .where(readableBy(reader, 'a'))
    .orderBy('a.updated_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((a) => {
    const title = JSON.parse(a.title) as Record<string, string>;
    const description = JSON.parse(a.description) as Record<string, string>;
    return {
      at: a.updated_at,
      hit: {
        kind: 'activity',
        id: a.id,
        version: a.version,
        ...labelOf(codec, a),
        activityId: a.id,
        planId: a.plan_id,
        refCode: a.ref_code,
        title,
        snippet: snippet(Object.values(description)[0] ?? Object.values(title)[0] ?? ''),
      },
    };
  });
}

/** The follow-ups the reader may read, of activities it may read too, that match `q`, newest first. */
export async function searchFollowUps(db: Kysely<Database>, { codec, reader, q, limit }: Search): Promise<DatedHit[]> {
  const rows = await entriesMatching(db, 'follow_up', q)
    .innerJoin('follow_up as f', 'f.id', 'se.record_id')
    .innerJoin('activity as a', 'a.id', 'f.activity_id')
    .select([
      'f.id',
      'f.version',
      'f.body',
      'f.owner_party',
      'f.classification',
      'f.releasable_mask',
      'f.compartment_mask',
      'f.created_at',
      'a.id as activity_id',
      'a.plan_id',
      'a.ref_code',
      'a.title',
    ])
    .where(readableBy(reader, 'f'))
    .where(readableBy(reader, 'a'))
    .orderBy('f.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((f) => ({
    at: f.created_at,
    hit: {
      kind: 'follow_up',
      id: f.id,
      version: f.version,
      ...labelOf(codec, f),
      activityId: f.activity_id,
      planId: f.plan_id,
      refCode: f.ref_code,
      title: JSON.parse(f.title) as Record<string, string>,
      snippet: snippet(f.body),
    },
  }));
}
