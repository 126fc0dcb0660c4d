import { isAutomaticMoveBody } from '../domain/activity.lifecycle.js';
import type { ActivityHistory, ActivityHistoryEntry } from '../domain/activity-history.schema.js';
import { problem } from '../domain/problems.js';
import { readableBy } from '../store/access.js';
import { findActivity } from '../store/activity.repo.js';
import type { Actor, AppContext } from './context.js';

const HISTORY_LIMIT = 500;

/**
 * The history of an activity for anyone who may read it, not only security
 * officers: its status changes (from the follow-up log) and the other changes
 * the audit log recorded about it, each only if the reader may read that entry.
 */
export async function activityHistory(ctx: AppContext, actor: Actor, activityId: string): Promise<ActivityHistory> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  if (!(await findActivity(ctx.db, reader, activityId))) throw problem('activity.not_found');
  const [moves, entries] = await Promise.all([
    ctx.db
      .selectFrom('follow_up')
      .select(['created_at', 'author_id', 'owner_party', 'from_status', 'to_status', 'body'])
      .where('activity_id', '=', activityId)
      .where('kind', '=', 'status_change')
      .where(readableBy(reader, 'follow_up'))
      .orderBy('created_at', 'desc')
      .limit(HISTORY_LIMIT)
      .execute(),
    ctx.db
      .selectFrom('audit_entry')
      .select(['seq', 'at', 'actor_id', 'actor_party', 'action', 'detail'])
      .where('entity_type', '=', 'activity')
      .where('entity_id', '=', activityId)
      // The status change itself is told by its follow-up entry, with the reason written there;
      // a refused deletion changed nothing, and stays in the audit log alone.
      .where('action', 'not in', ['activity.transition', 'activity.delete_refused'])
      .where(readableBy(reader, 'audit_entry'))
      .orderBy('seq', 'desc')
      .limit(HISTORY_LIMIT)
      .execute(),
  ]);
  const items: ActivityHistoryEntry[] = [
    ...moves.map(
      (m): ActivityHistoryEntry => ({
        at: m.created_at,
        kind: 'status_change',
        action: 'status_change',
        actorId: m.author_id,
        actorParty: m.owner_party,
        fromStatus: m.from_status,
        toStatus: m.to_status,
        // A move without a reason has its statuses for body: the entry names them already, translated by the reader.
        note: m.body && !isAutomaticMoveBody(m.body, m.from_status, m.to_status) ? m.body : null,
        changes: [],
      }),
    ),
    ...entries.map((e): ActivityHistoryEntry => {
      const detail = JSON.parse(e.detail) as { changes?: Record<string, { from: unknown; to: unknown }> };
      return {
        at: e.at,
        kind: 'change',
        action: e.action,
        actorId: e.actor_id,
        actorParty: e.actor_party,
        fromStatus: null,
        toStatus: null,
        note: null,
        changes: Object.entries(detail.changes ?? {}).map(([field, c]) => ({ field, from: c.from, to: c.to })),
      };
    }),
  ];
  items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return { activityId, items: items.slice(0, HISTORY_LIMIT) };
}
