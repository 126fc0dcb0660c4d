import { addDays, format, parseISO, subDays } from 'date-fns';
import type { Notification } from '../domain/notification.schema.js';
import { isSecurityOfficer } from '../domain/policy.js';
import { problem } from '../domain/problems.js';
import { firstText } from '../domain/text.js';
import { claimJobRun, finishJobRun } from '../store/job.repo.js';
import type { LabelCodec } from '../store/label-codec.js';
import {
  activitiesChangedByOthers,
  dueActionItems,
  dueActivities,
  insertNotifications,
  isNotificationOf,
  listNotificationRows,
  markAllRead,
  markRead,
  type NewNotification,
} from '../store/notification.repo.js';
import { inTransaction } from '../store/tx.js';
import { activeUserRows } from '../store/user.repo.js';
import { actorOf } from './auth.usecases.js';
import type { Actor, AppContext } from './context.js';

export const DIGEST_JOB = 'daily-digest';
/** How far ahead the digest looks for what falls due. */
export const DUE_WITHIN_DAYS = 14;
// A run whose process died is taken over after this long.
const STALE_RUN_MS = 60 * 60_000;

/** What one user should be told today, from what they may read. */
async function notificationsFor(ctx: AppContext, actor: Actor, day: string, createdAt: string): Promise<NewNotification[]> {
  const reader = (await ctx.codec()).reader(actor);
  const horizon = format(addDays(parseISO(day), DUE_WITHIN_DAYS), 'yyyy-MM-dd');
  const since = subDays(parseISO(`${day}T00:00:00Z`), 1).toISOString();
  const activities = await dueActivities(ctx.db, reader, actor.userId, horizon);
  const actionItems = await dueActionItems(ctx.db, reader, horizon);
  // Changes others made since yesterday to the activities this user owns.
  const changed = await activitiesChangedByOthers(ctx.db, reader, actor.userId, since);
  const base = { user_id: actor.userId, created_at: createdAt };
  return [
    ...activities.map((a) => {
      const kind = a.planned_end < day ? ('overdue' as const) : ('due_soon' as const);
      return {
        ...base,
        kind,
        entity_type: 'activity' as const,
        entity_id: a.id,
        title: `${a.ref_code} ${firstText(a.title)}`,
        due_date: a.planned_end,
        dedupe_key: `${kind}:activity:${a.id}:${a.planned_end}`,
      };
    }),
    ...actionItems.map((ai) => {
      const kind = ai.due_date < day ? ('overdue' as const) : ('due_soon' as const);
      return {
        ...base,
        kind,
        entity_type: 'action_item' as const,
        entity_id: ai.id,
        title: ai.title,
        due_date: ai.due_date,
        dedupe_key: `${kind}:action_item:${ai.id}:${ai.due_date}`,
      };
    }),
    ...changed.map((a) => ({
      ...base,
      kind: 'changed' as const,
      entity_type: 'activity' as const,
      entity_id: a.id,
      title: `${a.ref_code} ${firstText(a.title)}`,
      due_date: null,
      dedupe_key: `changed:activity:${a.id}:${day}`,
    })),
  ];
}

/**
 * Builds the day's digest for every active user, once per day whatever the
 * number of server processes. Returns null when another run has the day.
 */
export async function runDailyDigest(ctx: AppContext, day: string) {
  const now = ctx.now();
  if (!(await claimJobRun(ctx.db, DIGEST_JOB, day, now, STALE_RUN_MS))) return null;
  const users = await activeUserRows(ctx.db);
  const createdAt = now.toISOString();
  let created = 0;
  for (const user of users) {
    const rows = await notificationsFor(ctx, await actorOf(ctx, user), day, createdAt);
    if (rows.length === 0) continue;
    created += await inTransaction(ctx.db, (trx) => insertNotifications(trx, rows));
  }
  const detail = { users: users.length, notifications: created };
  await finishJobRun(ctx.db, DIGEST_JOB, day, ctx.now(), detail);
  return detail;
}

type NotificationRow = Awaited<ReturnType<typeof listNotificationRows>>[number];

/** What a minutes_blocked notification stores: the session's number, the party and the count, for the web to say. */
export const minutesBlockedParams = (p: { sessionNumber: number; party: string; count: number }) => JSON.stringify(p);
const blockedOf = (r: NotificationRow): Notification['minutesBlocked'] => {
  if (r.kind !== 'minutes_blocked' || !r.title.startsWith('{')) return null;
  const p = JSON.parse(r.title) as { sessionNumber: number; party: string; count: number };
  return { sessionNumber: Number(p.sessionNumber), party: String(p.party), count: Number(p.count) };
};

/**
 * A plan's decision shows the plan's title as it reads now, in the reader's
 * language; blocked minutes are said by the web from their parameters. The
 * plain `title` is kept for API clients.
 */
const present = (codec: LabelCodec, r: NotificationRow): Notification => {
  const planTitle = r.entity_type === 'work_plan' && r.plan_title ? (JSON.parse(r.plan_title) as Record<string, string>) : null;
  const minutesBlocked = blockedOf(r);
  const title = planTitle
    ? firstText(r.plan_title as string)
    : minutesBlocked
      ? `N° ${minutesBlocked.sessionNumber} · ${minutesBlocked.party} · ${minutesBlocked.count}`
      : r.title;
  return presentRow(codec, r, { title, planTitle, minutesBlocked });
};

const presentRow = (
  codec: LabelCodec,
  r: NotificationRow,
  shown: Pick<Notification, 'title' | 'planTitle' | 'minutesBlocked'>,
): Notification => ({
  id: r.id,
  kind: r.kind as Notification['kind'],
  entityType: r.entity_type as Notification['entityType'],
  entityId: r.entity_id,
  sessionId: r.entity_type === 'action_item' ? r.action_item_session_id : null,
  ...shown,
  dueDate: r.due_date,
  createdAt: r.created_at,
  readAt: r.read_at,
  // The list keeps only notifications whose record the reader may read, so its label is always there.
  ...codec.decode({
    owner_party: r.owner_party ?? '',
    classification: Number(r.classification),
    releasable_mask: Number(r.releasable_mask),
    compartment_mask: Number(r.compartment_mask),
  }),
});

/**
 * The actor's notifications, newest first, each with the label of the record
 * it is about, so that the page showing them is marked as high as they are.
 * Each was built from what the user could read; one whose record has since
 * become unreadable is left out.
 */
export async function listNotifications(
  ctx: AppContext,
  actor: Actor,
  q: { unread?: 'true' | 'false' | undefined; day?: string | undefined; unsent?: boolean | undefined },
) {
  const codec = await ctx.codec();
  const rows = await listNotificationRows(ctx.db, codec.reader(actor), actor.userId, {
    ...q,
    auditEntries: isSecurityOfficer(actor),
  });
  return { items: rows.map((r) => present(codec, r)), nextCursor: null };
}

export async function markNotificationRead(ctx: AppContext, actor: Actor, id: number) {
  if (!(await markRead(ctx.db, actor.userId, id, ctx.now().toISOString())) && !(await isNotificationOf(ctx.db, actor.userId, id)))
    throw problem('notification.not_found');
}

export async function markAllNotificationsRead(ctx: AppContext, actor: Actor) {
  await markAllRead(ctx.db, actor.userId, ctx.now().toISOString());
}
