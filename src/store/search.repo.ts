import { type Kysely, sql } from 'kysely';
import { foldForSearch } from '../domain/text.js';
import type { Database } from './database.js';
import { isPostgres } from './dialect.js';

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
