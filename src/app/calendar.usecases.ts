import { createHash, randomBytes } from 'node:crypto';
import { addDays, parseISO } from 'date-fns';
import ical from 'ical-generator';
import { newId } from '../domain/ids.js';
import { readableBy } from '../store/access.js';
import { inTransaction } from '../store/tx.js';
import { audit } from './audit.js';
import { actorOf } from './auth.usecases.js';
import type { Actor, AppContext } from './context.js';
import { isoNow } from './context.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const unclassified = { classification: 0, releasable_mask: 0, compartment_mask: 0 };

/**
 * Gives the actor a new secret calendar address and revokes the previous one:
 * calendar programs cannot sign in, so the address itself is the credential.
 */
export async function renewCalendarToken(ctx: AppContext, actor: Actor) {
  const token = randomBytes(32).toString('base64url');
  const now = isoNow(ctx);
  await inTransaction(ctx.db, async (trx) => {
    await trx
      .updateTable('calendar_token')
      .set({ revoked_at: now })
      .where('user_id', '=', actor.userId)
      .where('revoked_at', 'is', null)
      .execute();
    await trx
      .insertInto('calendar_token')
      .values({ id: newId(), user_id: actor.userId, token_hash: sha256(token), created_at: now, revoked_at: null })
      .execute();
    await audit(trx, actor, now, [
      {
        action: 'calendar.renew',
        entityType: 'user',
        entityId: actor.userId,
        label: { ...unclassified, owner_party: actor.party },
      },
    ]);
  });
  return { token, path: `/api/calendar/${token}.ics` };
}

export async function revokeCalendarToken(ctx: AppContext, actor: Actor) {
  const now = isoNow(ctx);
  await inTransaction(ctx.db, async (trx) => {
    await trx
      .updateTable('calendar_token')
      .set({ revoked_at: now })
      .where('user_id', '=', actor.userId)
      .where('revoked_at', 'is', null)
      .execute();
    await audit(trx, actor, now, [
      {
        action: 'calendar.revoke',
        entityType: 'user',
        entityId: actor.userId,
        label: { ...unclassified, owner_party: actor.party },
      },
    ]);
  });
}

const firstText = (json: string) => Object.values(JSON.parse(json) as Record<string, string>)[0] ?? '';
const dayAfter = (isoDate: string) => addDays(parseISO(isoDate), 1);

/**
 * The iCalendar feed of a calendar token's owner: the activities of open
 * plans and the sessions they may read, as all-day events. Null for an
 * unknown or revoked token (answered as not found).
 */
export async function calendarFeed(ctx: AppContext, token: string): Promise<string | null> {
  const user = await ctx.db
    .selectFrom('calendar_token')
    .innerJoin('app_user', 'app_user.id', 'calendar_token.user_id')
    .selectAll('app_user')
    .where('calendar_token.token_hash', '=', sha256(token))
    .where('calendar_token.revoked_at', 'is', null)
    .where('app_user.disabled', '=', 0)
    .executeTakeFirst();
  if (!user) return null;
  const actor = await actorOf(ctx, user);
  const reader = (await ctx.codec()).reader(actor);
  const activities = await ctx.db
    .selectFrom('activity as a')
    .innerJoin('work_plan as p', 'p.id', 'a.plan_id')
    .select([
      'a.id',
      'a.ref_code',
      'a.title',
      'a.location',
      'a.status',
      'a.planned_start',
      'a.planned_end',
      'a.actual_start',
      'a.actual_end',
      'a.updated_at',
    ])
    .where('p.status', '<>', 'closed')
    .where('a.status', '<>', 'cancelled')
    .where(readableBy(reader, 'a'))
    .where(readableBy(reader, 'p'))
    .orderBy('a.planned_start')
    .execute();
  const sessions = await ctx.db
    .selectFrom('commission_session as s')
    .select(['s.id', 's.number', 's.place', 's.start_date', 's.end_date', 's.updated_at'])
    .where(readableBy(reader, 's'))
    .orderBy('s.start_date')
    .execute();
  const calendar = ical({ name: 'JointPlan', prodId: { company: 'JointPlan', product: 'feed', language: 'EN' } });
  for (const a of activities) {
    const start = a.actual_start ?? a.planned_start;
    const end = a.actual_end ?? a.planned_end;
    calendar.createEvent({
      id: `activity-${a.id}`,
      allDay: true,
      start: parseISO(start),
      end: dayAfter(end),
      summary: `${a.ref_code} ${firstText(a.title)}`,
      description: `Status: ${a.status}`,
      location: a.location,
      lastModified: new Date(a.updated_at),
    });
  }
  for (const s of sessions)
    calendar.createEvent({
      id: `session-${s.id}`,
      allDay: true,
      start: parseISO(s.start_date),
      end: dayAfter(s.end_date),
      summary: `Session ${s.number}`,
      location: s.place,
      lastModified: new Date(s.updated_at),
    });
  return calendar.toString();
}
