import { mailLanguage, mailTexts } from '../documents/mail-texts.js';
import type { Language } from '../domain/common.schema.js';
import { CLASSIFICATIONS, type Classification, levelOf } from '../domain/labels.js';
import { documentMarking, documentMarkingText, portionMarking } from '../domain/marking.js';
import type { Notification } from '../domain/notification.schema.js';
import type { Db } from '../store/db.js';
import {
  claimForMail,
  releaseMailClaim,
  setUserEmail,
  setUserLanguage,
  userEmail,
  userLanguage,
  usersWithUnsentMail,
} from '../store/notification.repo.js';
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

/** Whom a message goes to: their address, their name, and the language they read JointPlan in (none: English). */
export interface MailUser {
  email: string;
  displayName: string;
  username: string;
  language: string | null;
}

/** The message says the language it is written in (RFC 3282), for mail readers and their filters. */
const languageHeader = (user: MailUser) => ({ 'Content-Language': mailLanguage(user.language) });

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
export function notificationMessage(user: MailUser, items: readonly Notification[], baseUrl?: string): MailMessage {
  const language = mailLanguage(user.language);
  const t = mailTexts(language);
  const date = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' });
  // A line of Arabic or Hebrew that starts with a Latin marking is still read right to left.
  const line = language === 'ar' || language === 'he' ? (x: string) => `\u200f${x}` : (x: string) => x;
  const marking = documentMarkingText(documentMarking(items));
  const lines = items.flatMap((n) => {
    const due = n.dueDate ? ` (${t('due', { date: date.format(new Date(`${n.dueDate}T00:00:00Z`)) })})` : '';
    const link = linkOf(n, baseUrl);
    // A plan's title in the reader's language where it is written in it.
    const title = n.planTitle?.[language] ?? n.title;
    return [line(`${portionMarking(n)} ${t(`kind.${n.kind}`)}: ${title}${due}`), ...(link ? [`    ${link}`] : [])];
  });
  return {
    to: user.email,
    subject: `${marking} - ${t('subject', { count: items.length })}`,
    text: [marking, '', t('heading', { name: user.displayName, username: user.username }), '', ...lines, '', marking, ''].join(
      '\n',
    ),
    headers: { 'X-Document-Marking': marking, ...languageHeader(user) },
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
export function notificationCountMessage(user: MailUser, count: number, baseUrl?: string): MailMessage {
  const t = mailTexts(user.language);
  const marking = documentMarkingText(documentMarking([]));
  const signIn = baseUrl ? [t('signIn', { url: `${baseUrl.replace(/\/+$/, '')}/` })] : [];
  return {
    to: user.email,
    subject: `${marking} - ${t('subject', { count })}`,
    text: [
      marking,
      '',
      t('heading', { name: user.displayName, username: user.username }),
      '',
      t('waiting', { count }),
      ...signIn,
      '',
      marking,
      '',
    ].join('\n'),
    headers: { 'X-Document-Marking': marking, ...languageHeader(user) },
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
    const who = { email: user.email, displayName: user.display_name, username: user.username, language: user.language };
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
  await changeOwnAccount(ctx, actor, {
    was: (db) => userEmail(db, actor.userId),
    now: email,
    write: (db) => setUserEmail(db, actor.userId, email),
    action: 'user.email',
    detail: { email: email === null ? 'removed' : 'set' },
  });
  return { email };
}

/** The language the actor reads JointPlan in, which their notification e-mails are written in (none: English). */
export async function ownLanguage(ctx: AppContext, actor: Actor) {
  return { language: (await userLanguage(ctx.db, actor.userId)) as Language | null };
}

/** The language of the actor's notification e-mails, set or removed (null); audited as a change to their account. */
export async function setOwnLanguage(ctx: AppContext, actor: Actor, language: Language | null) {
  await changeOwnAccount(ctx, actor, {
    was: (db) => userLanguage(db, actor.userId),
    now: language,
    write: (db) => setUserLanguage(db, actor.userId, language),
    action: 'user.language',
    detail: { language },
  });
  return { language };
}

/** One setting of the actor's own account changed, when it changes, in one transaction with its audit entry. */
async function changeOwnAccount<T>(
  ctx: AppContext,
  actor: Actor,
  change: { was: (db: Db) => Promise<T>; now: T; write: (db: Db) => Promise<void>; action: string; detail: object },
) {
  await inTransaction(ctx.db, async (trx) => {
    if ((await change.was(trx)) === change.now) return;
    await change.write(trx);
    await audit(trx, actor, isoNow(ctx), [
      {
        action: change.action,
        entityType: 'user',
        entityId: actor.userId,
        label: { owner_party: actor.party, classification: 0, releasable_mask: 0, compartment_mask: 0 },
        detail: { username: actor.username, ...change.detail },
      },
    ]);
  });
}
