import { type Insertable, type Kysely, sql } from 'kysely';
import { readableBy, type StoreReader } from './access.js';
import type { Database, NotificationTable } from './database.js';
import type { LabelCodec } from './label-codec.js';
import { activeUsersWithRole } from './planners.repo.js';

export interface NotificationFilter {
  unread?: 'true' | 'false' | undefined;
  day?: string | undefined;
  /** Only those not e-mailed yet (app/notification-mail.usecases.ts). */
  unsent?: boolean | undefined;
  /**
   * Whether notifications about audit entries are listed: only to a security officer, the one role
   * that reads the audit log. One who has lost the role is told no more of it, as the log refuses them.
   */
  auditEntries?: boolean | undefined;
}

/**
 * A user's notifications, newest first, each with the label of the record it
 * is about. Each was built from what the user could read; one whose record has
 * since become unreadable is left out, so every label returned is one the
 * reader may read. Besides activities and action items, a notification may
 * name a plan (joint decisions, app/plan-decision.ts) or a session
 * (minutes blocked by items a party cannot read, app/minutes-blockers.ts), or
 * an audit entry by its sequence number (a bulk declassification told to the
 * security officers, app/activity-bulk.usecases.ts), read at the entry's label.
 */
export function listNotificationRows(db: Kysely<Database>, reader: StoreReader, userId: string, q: NotificationFilter) {
  return (
    db
      .selectFrom('notification as n')
      .leftJoin('activity as a', (j) => j.onRef('a.id', '=', 'n.entity_id').on('n.entity_type', '=', 'activity'))
      .leftJoin('action_item as ai', (j) => j.onRef('ai.id', '=', 'n.entity_id').on('n.entity_type', '=', 'action_item'))
      .leftJoin('work_plan as wp', (j) => j.onRef('wp.id', '=', 'n.entity_id').on('n.entity_type', '=', 'work_plan'))
      .leftJoin('commission_session as cs', (j) =>
        j.onRef('cs.id', '=', 'n.entity_id').on('n.entity_type', '=', 'commission_session'),
      )
      // By the entry's sequence number, so that the join walks its key; only a notification about an entry names one.
      .leftJoin('audit_entry as ae', (j) =>
        j.on(sql<boolean>`ae.seq = case when n.entity_type = 'audit_entry' then cast(n.entity_id as bigint) end`),
      )
      .selectAll('n')
      .select((eb) => [
        'ai.session_id as action_item_session_id',
        'wp.title as plan_title',
        eb.fn.coalesce('a.owner_party', 'ai.owner_party', 'wp.owner_party', 'cs.owner_party', 'ae.owner_party').as('owner_party'),
        eb.fn
          .coalesce('a.classification', 'ai.classification', 'wp.classification', 'cs.classification', 'ae.classification')
          .as('classification'),
        eb.fn
          .coalesce('a.releasable_mask', 'ai.releasable_mask', 'wp.releasable_mask', 'cs.releasable_mask', 'ae.releasable_mask')
          .as('releasable_mask'),
        eb.fn
          .coalesce(
            'a.compartment_mask',
            'ai.compartment_mask',
            'wp.compartment_mask',
            'cs.compartment_mask',
            'ae.compartment_mask',
          )
          .as('compartment_mask'),
      ])
      .where('n.user_id', '=', userId)
      .where((eb) =>
        eb.or([
          eb.and([eb('a.id', 'is not', null), readableBy(reader, 'a')]),
          eb.and([eb('ai.id', 'is not', null), readableBy(reader, 'ai')]),
          eb.and([eb('wp.id', 'is not', null), readableBy(reader, 'wp')]),
          eb.and([eb('cs.id', 'is not', null), readableBy(reader, 'cs')]),
          ...(q.auditEntries ? [eb.and([eb('ae.seq', 'is not', null), readableBy(reader, 'ae')])] : []),
        ]),
      )
      .$if(q.unread === 'true', (qb) => qb.where('n.read_at', 'is', null))
      .$if(q.unread === 'false', (qb) => qb.where('n.read_at', 'is not', null))
      .$if(q.unsent === true, (qb) => qb.where('n.emailed_at', 'is', null))
      .$if(q.day !== undefined, (qb) =>
        qb.where('n.created_at', '>=', `${q.day}T00:00:00.000Z`).where('n.created_at', '<=', `${q.day}T23:59:59.999Z`),
      )
      .orderBy('n.created_at', 'desc')
      .orderBy('n.id', 'desc')
      .limit(500)
      .execute()
  );
}

export type NewNotification = Insertable<NotificationTable>;

/**
 * The active security officers of `party` who may read the audit entry
 * `seq`: who is told of what it records. Each is checked with the read rule.
 */
export async function readableOfficersOfAuditEntry(
  db: Kysely<Database>,
  codec: LabelCodec,
  party: string,
  seq: number,
): Promise<string[]> {
  const officers = [];
  for (const u of await activeUsersWithRole(db, codec, party, 'security_officer')) {
    const seen = await db
      .selectFrom('audit_entry as ae')
      .select('ae.seq')
      .where('ae.seq', '=', seq)
      .where(readableBy(u.reader, 'ae'))
      .executeTakeFirst();
    if (seen) officers.push(u.id);
  }
  return officers;
}

/** Adds notifications; one already given (same user and dedupe key) is not given twice. Returns how many were added. */
export async function insertNotifications(db: Kysely<Database>, rows: readonly NewNotification[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < rows.length; i += 200) {
    const r = await db
      .insertInto('notification')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
      .executeTakeFirst();
    added += Number(r.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
}

/** Marks one of the user's notifications read; false if it is not theirs or was read already. */
export async function markRead(db: Kysely<Database>, userId: string, id: number, at: string): Promise<boolean> {
  const r = await db
    .updateTable('notification')
    .set({ read_at: at })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function isNotificationOf(db: Kysely<Database>, userId: string, id: number): Promise<boolean> {
  const mine = await db
    .selectFrom('notification')
    .select('id')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return mine !== undefined;
}

export async function markAllRead(db: Kysely<Database>, userId: string, at: string): Promise<void> {
  await db.updateTable('notification').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null).execute();
}

// What the daily digest tells a user (app/notification.usecases.ts), each read as the user may read.

/** Open activities the user's party leads or the user owns, ending by `horizon`. */
export function dueActivities(db: Kysely<Database>, reader: StoreReader, userId: string, horizon: string) {
  return db
    .selectFrom('activity as a')
    .select(['a.id', 'a.ref_code', 'a.title', 'a.planned_end'])
    .where(readableBy(reader, 'a'))
    .where((eb) => eb.or([eb('a.lead_party', '=', reader.party), eb('a.owner_user_id', '=', userId)]))
    .where('a.status', 'not in', ['conducted', 'reported', 'cancelled', 'proposed'])
    .where('a.planned_end', '<=', horizon)
    .execute();
}

/** Open action items the reader's party is responsible for, due by `horizon`. */
export function dueActionItems(db: Kysely<Database>, reader: StoreReader, horizon: string) {
  return db
    .selectFrom('action_item as ai')
    .select(['ai.id', 'ai.title', 'ai.due_date'])
    .where(readableBy(reader, 'ai'))
    .where('ai.responsible_party', '=', reader.party)
    .where('ai.status', 'in', ['open', 'in_progress'])
    .where('ai.due_date', '<=', horizon)
    .execute();
}

/** The user's activities that someone else changed since `since`. */
export function activitiesChangedByOthers(db: Kysely<Database>, reader: StoreReader, userId: string, since: string) {
  return db
    .selectFrom('audit_entry as e')
    .innerJoin('activity as a', 'a.id', 'e.entity_id')
    .select(['a.id', 'a.ref_code', 'a.title'])
    .distinct()
    .where('e.entity_type', '=', 'activity')
    .where('e.at', '>=', since)
    .where('e.actor_id', '<>', userId)
    .where('a.owner_user_id', '=', userId)
    .where(readableBy(reader, 'a'))
    .execute();
}

/** The active users with an e-mail address who have notifications not e-mailed yet. */
export function usersWithUnsentMail(db: Kysely<Database>) {
  return db
    .selectFrom('app_user as u')
    .selectAll('u')
    .where('u.disabled', '=', 0)
    .where('u.email', 'is not', null)
    .where((eb) =>
      eb.exists(
        eb.selectFrom('notification as n').select('n.id').whereRef('n.user_id', '=', 'u.id').where('n.emailed_at', 'is', null),
      ),
    )
    .execute();
}

/**
 * Claims the user's notifications `ids` not e-mailed yet for a message going
 * out at `at`, and returns those this call claimed. The claim is one
 * conditional update per row, so that of several processes claiming the same
 * notifications at once each gets a notification at most once.
 */
export async function claimForMail(db: Kysely<Database>, userId: string, ids: readonly number[], at: string): Promise<number[]> {
  const claimed: number[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .updateTable('notification')
      .set({ emailed_at: at })
      .where('user_id', '=', userId)
      .where('id', 'in', ids.slice(i, i + 500))
      .where('emailed_at', 'is', null)
      .returning('id')
      .execute();
    claimed.push(...rows.map((r) => r.id));
  }
  return claimed;
}

/** Gives back notifications claimed at `at` whose message was refused, to be tried again on a later run. */
export async function releaseMailClaim(db: Kysely<Database>, userId: string, ids: readonly number[], at: string) {
  for (let i = 0; i < ids.length; i += 500)
    await db
      .updateTable('notification')
      .set({ emailed_at: null })
      .where('user_id', '=', userId)
      .where('id', 'in', ids.slice(i, i + 500))
      .where('emailed_at', '=', at)
      .execute();
}

/** The user's e-mail address for notifications, if any. */
export async function userEmail(db: Kysely<Database>, userId: string): Promise<string | null> {
  const row = await db.selectFrom('app_user').select('email').where('id', '=', userId).executeTakeFirstOrThrow();
  return row.email;
}

export async function setUserEmail(db: Kysely<Database>, userId: string, email: string | null) {
  await db.updateTable('app_user').set({ email }).where('id', '=', userId).execute();
}

export async function userLanguage(db: Kysely<Database>, userId: string): Promise<string | null> {
  const row = await db.selectFrom('app_user').select('language').where('id', '=', userId).executeTakeFirstOrThrow();
  return row.language;
}

export async function setUserLanguage(db: Kysely<Database>, userId: string, language: string | null) {
  await db.updateTable('app_user').set({ language }).where('id', '=', userId).execute();
}
