import { CLASSIFICATIONS, type Classification, levelOf } from '../domain/labels.js';
import { documentMarking, documentMarkingText, portionMarking } from '../domain/marking.js';
import type { Notification } from '../domain/notification.schema.js';
import { claimForMail, releaseMailClaim, setUserEmail, userEmail, usersWithUnsentMail } from '../store/notification.repo.js';
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
  bulk_declassified: 'Activities relabelled lower at once',
};

const PATHS: Record<Notification['entityType'], string> = {
  activity: 'activities',
  action_item: 'action-items',
  work_plan: 'plans',
  commission_session: 'sessions',
  // An audit entry is read on the security officer's page.
  audit_entry: 'admin',
};

/** Where the web app shows the record, when the installation says its address. */
function linkOf(n: Notification, baseUrl: string | undefined) {
  if (!baseUrl) return null;
  const base = baseUrl.replace(/\/+$/, '');
  if (n.entityType === 'action_item') return n.sessionId ? `${base}/sessions/${n.sessionId}` : null;
  if (n.entityType === 'audit_entry') return `${base}/${PATHS[n.entityType]}`;
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

/** Where a refused message is told: the server's log. */
export interface MailLog {
  warn(obj: object, msg: string): void;
}

export interface MailOptions {
  /** The web app's public address, for links in messages. */
  baseUrl?: string | undefined;
  /**
   * The highest classification a message may hold (the lowest of the ladder
   * when not said): a message that would hold more says only how many
   * notifications wait, and to sign in.
   */
  maxClassification?: Classification | undefined;
  log?: MailLog | undefined;
}

/** The message saying only how many notifications wait: nothing of what they name. */
export function notificationCountMessage(
  user: { email: string; displayName: string; username: string },
  count: number,
  baseUrl?: string,
): MailMessage {
  const marking = documentMarkingText(documentMarking([]));
  const n = count === 1 ? '1 notification' : `${count} notifications`;
  const wait = count === 1 ? 'waits' : 'wait';
  const where = baseUrl ? ` at ${baseUrl.replace(/\/+$/, '')}/` : '';
  return {
    to: user.email,
    subject: `${marking} - JointPlan: ${n}`,
    text: [
      marking,
      '',
      `JointPlan notifications for ${user.displayName} (${user.username})`,
      '',
      `${n} ${wait} for you. Sign in to JointPlan${where} to read them.`,
      '',
      marking,
      '',
    ].join('\n'),
    headers: { 'X-Document-Marking': marking },
  };
}

/**
 * E-mails each user with an address their notifications not sent yet, one
 * message each, from what they may read now (one whose record they can no
 * longer read is never sent). The notifications are claimed before the
 * message goes, so that however many processes run this at once each is sent
 * once; a refused message gives its notifications back, to be tried again on
 * the next run, and is logged, and the other users' mail goes on. A message
 * holding more than `maxClassification` says only how many notifications
 * wait. Each message sent is audited, under the highest marking of what it
 * holds, naming the records it names. Returns how many messages went out.
 */
export async function deliverNotificationMail(ctx: AppContext, send: SendMail, options: MailOptions = {}): Promise<number> {
  const max = levelOf(options.maxClassification ?? CLASSIFICATIONS[0]);
  const codec = await ctx.codec();
  let sent = 0;
  for (const user of await usersWithUnsentMail(ctx.db)) {
    if (!user.email) continue;
    const actor = await actorOf(ctx, user);
    const { items: unsent } = await listNotifications(ctx, actor, { unsent: true });
    if (unsent.length === 0) continue;
    const at = isoNow(ctx);
    const claimed = new Set(
      await claimForMail(
        ctx.db,
        user.id,
        unsent.map((n) => n.id),
        at,
      ),
    );
    const items = unsent.filter((n) => claimed.has(n.id));
    if (items.length === 0) continue;
    const marking = documentMarking(items);
    const summary = levelOf(marking.classification) > max;
    const who = { email: user.email, displayName: user.display_name, username: user.username };
    try {
      await send(
        summary ? notificationCountMessage(who, items.length, options.baseUrl) : notificationMessage(who, items, options.baseUrl),
      );
    } catch (err) {
      await releaseMailClaim(ctx.db, user.id, [...claimed], at);
      options.log?.warn({ err, userId: user.id }, 'a notification message was refused; it is tried again on the next run');
      continue;
    }
    await inTransaction(ctx.db, (trx) =>
      audit(trx, null, at, [
        {
          action: 'notification.email',
          // Not filed as a change to the account: an officer reads it only as its label allows.
          entityType: 'notification_mail',
          entityId: user.id,
          // The message's own marking: a count alone is unclassified, the user's party's.
          label: codec.encode({ ownerParty: user.party, ...(summary ? documentMarking([]) : marking) }),
          detail: {
            username: user.username,
            notifications: items.length,
            summary,
            records: summary ? [] : [...new Set(items.map((n) => `${n.entityType}:${n.entityId}`))],
          },
        },
      ]),
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
