import type { SearchHit } from '../domain/search.schema.js';
import { searchActivities, searchFollowUps } from '../store/search.repo.js';
import type { Actor, AppContext } from './context.js';

/**
 * Full-text search over the activities and follow-ups the actor may read; a
 * follow-up shows only when its activity is readable as well.
 */
export async function search(ctx: AppContext, actor: Actor, q: string, limit: number) {
  const codec = await ctx.codec();
  const search = { codec, reader: codec.reader(actor), q, limit };
  const activities = await searchActivities(ctx.db, search);
  const followUps = await searchFollowUps(ctx.db, search);
  const items: SearchHit[] = [...activities, ...followUps]
    .sort((x, y) => y.at.localeCompare(x.at))
    .slice(0, limit)
    .map((d) => d.hit);
  return { items, nextCursor: null };
}
