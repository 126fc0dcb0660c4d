import type { SearchHit } from '../domain/search.schema.js';
import { readableBy } from '../store/access.js';
import { searchMatches } from '../store/search.repo.js';
import type { Actor, AppContext } from './context.js';

const snippet = (text: string) => (text.length > 200 ? `${text.slice(0, 197)}…` : text);

/**
 * Full-text search over the activities and follow-ups the actor may read; a
 * follow-up shows only when its activity is readable as well.
 */
export async function search(ctx: AppContext, actor: Actor, q: string, limit: number) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const activities = await ctx.db
    .selectFrom('search_entry as se')
    .innerJoin('activity as a', 'a.id', 'se.record_id')
    .selectAll('a')
    .where('se.kind', '=', 'activity')
    .where(searchMatches(ctx.db, q, 'se'))
    .where(readableBy(reader, 'a'))
    .orderBy('a.updated_at', 'desc')
    .limit(limit)
    .execute();
  const followUps = await ctx.db
    .selectFrom('search_entry as se')
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
    .where('se.kind', '=', 'follow_up')
    .where(searchMatches(ctx.db, q, 'se'))
    .where(readableBy(reader, 'f'))
    .where(readableBy(reader, 'a'))
    .orderBy('f.created_at', 'desc')
    .limit(limit)
    .execute();
  const items: SearchHit[] = [
    ...activities.map((a) => {
      const title = JSON.parse(a.title) as Record<string, string>;
      const description = JSON.parse(a.description) as Record<string, string>;
      return {
        kind: 'activity' as const,
        id: a.id,
        version: a.version,
        ...codec.decode(a),
        activityId: a.id,
        planId: a.plan_id,
        refCode: a.ref_code,
        title,
        snippet: snippet(Object.values(description)[0] ?? Object.values(title)[0] ?? ''),
        at: a.updated_at,
      };
    }),
    ...followUps.map((f) => ({
      kind: 'follow_up' as const,
      id: f.id,
      version: f.version,
      ...codec.decode(f),
      activityId: f.activity_id,
      planId: f.plan_id,
      refCode: f.ref_code,
      title: JSON.parse(f.title) as Record<string, string>,
      snippet: snippet(f.body),
      at: f.created_at,
    })),
  ]
    .sort((x, y) => y.at.localeCompare(x.at))
    .slice(0, limit)
    .map(({ at: _at, ...hit }) => hit);
  return { items, nextCursor: null };
}
