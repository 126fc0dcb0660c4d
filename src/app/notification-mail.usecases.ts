import { documentMarking, documentMarkingText, portionMarking } from '../domain/marking.js';
import type { Notification } from '../domain/notification.schema.js';
import { markEmailed, setUserEmail, userEmail, usersWithUnsentMail } from '../store/notification.repo.js';
import { inTransaction } from '../store/tx.js';
import { audit } from './audit.js';
import { actorOf } from './auth.usecases.js';
import { type Actor, type AppContext, isoNow } from './context.js';
import { listNotifications } from './notification.usecases.js';

/** One message, as the installation's mail transport sends it. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
}
export type SendMail = (message: MailMessage) => Promise<void>;

const KIND_TEXT: Record<Notification['kind'], string> = {
  due_soon: 'Due soon',
  overdue: 'Overdue',
  changed: 'Changed by someone else',
  plan_refused: 'Plan refused',
  plan_returned: 'Plan returned',
  close_proposed: 'Closing proposed',
  close_refused: 'Closing refused',
  reopen_proposed: 'Reopening proposed',
  reopen_refused: 'Reopening refused',
  minutes_blocked: 'Minutes blocked',
};

const PATHS: Record<Notification['entityType'], string> = {
  activity: 'activities',
  action_item: 'action-items',
  work_plan: 'plans',
  commission_session: 'sessions',
};

/** Where the web app shows the record, when the installation says its address. */
function linkOf(n: Notification, baseUrl: string | undefined) {
  if (!baseUrl) return null;
  const base = baseUrl.replace(/\/+$/, '');
  if (n.entityType === 'action_item') return n.sessionId ? `${base}/sessions/${n.sessionId}` : null;
  return `${base}/${PATHS[n.entityType]}/${n.entityId}`;
}

/**
 * The message telling a user of their notifications: marked in its subject
 * and on its first and last lines with the highest marking of what it holds
 * (the most classified record, every compartment, only the parties all of
 * them may go to), and each line with its record's own portion marking.
 */
export function notificationMessage(
  user: { email: string; displayName: string; username: string },
  items: readonly Notification[],
  baseUrl?: string,
): MailMessage {
  const marking = documentMarkingText(documentMarking(items));
  const lines = items.flatMap((n) => {
    const due = n.dueDate ? ` (due ${n.dueDate})` : '';
    const link = linkOf(n, baseUrl);
    return [`${portionMarking(n)} ${KIND_TEXT[n.kind]}: ${n.title}${due}`, ...(link ? [`    ${link}`] : [])];
  });
  const count = items.length === 1 ? '1 notification' : `${items.length} notifications`;
  return {
    to: user.email,
    subject: `${marking} - JointPlan: ${count}`,
    text: [marking, '', `JointPlan notifications for ${user.displayName} (${user.username})`, '', ...lines, '', marking, ''].join(
      '\n',
    ),
    headers: { 'X-Document-Marking': marking },
  };
}

/**
 * E-mails each user with an address their notifications not sent yet, one
 * message each, from what they may read now (one whose record they can no
 * longer read is never sent). A notification is marked sent only once its
 * message was accepted, so a failed delivery is tried again on the next run.
 * Returns how many messages went out.
 */
export async function deliverNotificationMail(ctx: AppContext, send: SendMail, baseUrl?: string): Promise<number> {
  let sent = 0;
  for (const user of await usersWithUnsentMail(ctx.db)) {
    if (!user.email) continue;
    const actor = await actorOf(ctx, user);
    const { items } = await listNotifications(ctx, actor, { unsent: true });
    if (items.length === 0) continue;
    await send(
      notificationMessage({ email: user.email, displayName: user.display_name, username: user.username }, items, baseUrl),
    );
    await markEmailed(
      ctx.db,
      user.id,
      items.map((n) => n.id),
      isoNow(ctx),
    );
    sent++;
  }
  return sent;
}

/** The actor's own e-mail address for notifications, if any. */
export async function ownEmail(ctx: AppContext, actor: Actor) {
  return { email: await userEmail(ctx.db, actor.userId) };
}

/** The actor's own e-mail address for notifications, set or removed (null); audited as a change to their account. */
export async function setOwnEmail(ctx: AppContext, actor: Actor, email: string | null) {
  await inTransaction(ctx.db, async (trx) => {
    if ((await userEmail(trx, actor.userId)) === email) return;
    await setUserEmail(trx, actor.userId, email);
    await audit(trx, actor, isoNow(ctx), [
      {
        action: 'user.email',
        entityType: 'user',
        entityId: actor.userId,
        label: { owner_party: actor.party, classification: 0, releasable_mask: 0, compartment_mask: 0 },
        detail: { username: actor.username, email: email === null ? 'removed' : 'set' },
      },
    ]);
  });
  return { email };
}
