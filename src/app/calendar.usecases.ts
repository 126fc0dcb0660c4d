import { createHash, randomBytes } from 'node:crypto';
import { addDays, parseISO } from 'date-fns';
import ical, { ICalEventClass } from 'ical-generator';
import { newId } from '../domain/ids.js';
import { documentMarking, documentMarkingText, portionMarking } from '../domain/marking.js';
import {
  calendarTokenUser,
  insertCalendarToken,
  listCalendarActivities,
  listCalendarSessions,
  revokeCalendarTokens,
} from '../store/calendar.repo.js';
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
    await revokeCalendarTokens(trx, actor.userId, now);
    await insertCalendarToken(trx, { id: newId(), userId: actor.userId, tokenHash: sha256(token), at: now });
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
    await revokeCalendarTokens(trx, actor.userId, now);
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

const dayAfter = (isoDate: string) => addDays(parseISO(isoDate), 1);

/**
 * The iCalendar feed of a calendar token's owner: the activities and sessions
 * they may read (see the store's queries for which), as all-day events. Each
 * event's summary starts with its portion marking; the calendar's name carries
 * the feed's high-water marking, and every event above unclassified is marked
 * CLASS:CONFIDENTIAL so that calendar programs keep it out of shared views.
 * Null for an unknown or revoked token (answered as not found).
 */
export async function calendarFeed(ctx: AppContext, token: string): Promise<string | null> {
  const user = await calendarTokenUser(ctx.db, sha256(token));
  if (!user) return null;
  const actor = await actorOf(ctx, user);
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const [activities, sessions] = await Promise.all([
    listCalendarActivities(ctx.db, codec, reader),
    listCalendarSessions(ctx.db, codec, reader),
  ]);
  const events = [
    ...activities.map(({ label, ...a }) => ({
      label,
      id: `activity-${a.id}`,
      allDay: true,
      start: parseISO(a.start),
      end: dayAfter(a.end),
      summary: `${portionMarking(label)} ${a.refCode} ${Object.values(a.title)[0] ?? ''}`,
      description: `${portionMarking(label)} Status: ${a.status}`,
      location: a.location,
      lastModified: new Date(a.updatedAt),
    })),
    ...sessions.map(({ label, ...s }) => ({
      label,
      id: `session-${s.id}`,
      allDay: true,
      start: parseISO(s.start),
      end: dayAfter(s.end),
      summary: `${portionMarking(label)} Session ${s.number}`,
      description: null,
      location: s.place,
      lastModified: new Date(s.updatedAt),
    })),
  ];
  const feedMarking = documentMarkingText(documentMarking(events.map((e) => e.label)));
  const calendar = ical({
    name: `JointPlan — ${feedMarking}`,
    description: `Classification: ${feedMarking}`,
    prodId: { company: 'JointPlan', product: 'feed', language: 'EN' },
  });
  calendar.x('X-JOINTPLAN-MARKING', feedMarking);
  for (const { label, ...event } of events)
    calendar.createEvent({
      ...event,
      class: label.classification === 'UNCLASSIFIED' ? ICalEventClass.PUBLIC : ICalEventClass.CONFIDENTIAL,
    });
  return calendar.toString();
}
