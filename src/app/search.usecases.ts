import type { SearchResult } from '../domain/search.schema.js';
import { kindsMatching, SEARCH_SOURCES, searchKind } from '../store/search.repo.js';
import type { Actor, AppContext } from './context.js';

/**
 * Full-text search over every kind of record the actor may read (activities,
 * follow-ups, programmes, sessions, agenda items, their minutes and decisions,
 * action items), grouped by kind, with how many of each kind answer: a
 * follow-up shows only when its activity is readable as well, and a record the
 * actor may not read is neither shown nor counted.
 */
export async function search(ctx: AppContext, actor: Actor, q: string, limit: number): Promise<SearchResult> {
  const codec = await ctx.codec();
  const search = { codec, reader: codec.reader(actor), q, limit };
  const result: SearchResult = { items: [], groups: [], nextCursor: null };
  const matching = await kindsMatching(ctx.db, q);
  for (const source of SEARCH_SOURCES.filter((s) => matching.has(s.kind))) {
    const { count, hits } = await searchKind(ctx.db, source, search);
    if (count === 0) continue;
    result.groups.push({ kind: source.kind, count });
    result.items.push(...hits);
  }
  return result;
}
