import { type SelectQueryBuilder, sql } from 'kysely';
import { issue, problem } from '../domain/problems.js';

/**
 * Keyset cursors: the sort values of the last row of a page, handed to the
 * client as an opaque string and given back to ask for the next page.
 */
export const encodeCursor = (values: readonly unknown[]): string => Buffer.from(JSON.stringify(values)).toString('base64url');

/**
 * The values of a cursor, when it is an array of `length` values each of
 * which `valid` takes (strings by default); anything else, a cursor made up
 * or cut short included, is refused as `request.bad_cursor`. A string holding
 * a NUL is refused too: no key holds one, and PostgreSQL refuses it in a
 * query's text parameters, which would fail the request instead.
 */
export function decodeCursor(
  cursor: string,
  length: number,
  valid: (value: unknown, index: number) => boolean = (v) => typeof v === 'string',
): unknown[] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === length &&
      parsed.every(valid) &&
      parsed.every((v) => typeof v !== 'string' || !v.includes('\u0000'))
    )
      return parsed;
  } catch {
    // fall through to the refusal below
  }
  throw problem('request.bad_cursor', {}, [issue('cursor', 'field.bad_cursor')]);
}

/**
 * One page of `query` newest first, paged by keyset on the creation time, then
 * id, of the record at `alias`: the rows after the one `cursor` names, plus one
 * row to tell whether more follow (`newestFirstPage` splits it off), so that
 * every page costs the same however deep it is.
 */
export function newestFirst<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  alias: string,
  cursor: string | undefined,
  limit: number,
): SelectQueryBuilder<DB, TB, O> {
  const createdAt = sql.ref(`${alias}.created_at`);
  const id = sql.ref(`${alias}.id`);
  let page = query;
  if (cursor) {
    const [lastCreatedAt, lastId] = decodeCursor(cursor, 2);
    page = page.where(sql<boolean>`(${createdAt} < ${lastCreatedAt} or (${createdAt} = ${lastCreatedAt} and ${id} < ${lastId}))`);
  }
  return page
    .orderBy(createdAt, 'desc')
    .orderBy(id, 'desc')
    .limit(limit + 1);
}

/** The rows of a page `newestFirst` read, without the extra row, and the cursor of the next page (null after the last). */
export function newestFirstPage<R extends { created_at: string; id: string }>(rows: readonly R[], limit: number) {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { page, nextCursor: more && last ? encodeCursor([last.created_at, last.id]) : null };
}

/** One page of records read newest first by the query `newestFirst` made, each presented by `present`, and the next cursor. */
export async function newestFirstRecords<R extends { created_at: string; id: string }, T>(
  query: { execute(): Promise<R[]> },
  limit: number,
  present: (row: R) => T,
): Promise<{ items: T[]; nextCursor: string | null }> {
  const { page, nextCursor } = newestFirstPage(await query.execute(), limit);
  return { items: page.map(present), nextCursor };
}
