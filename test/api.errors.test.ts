import { Ajv2020 } from 'ajv/dist/2020.js';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createActivity } from '../src/app/activity.usecases.js';
import { createToken, SESSION_HOURS } from '../src/app/auth.usecases.js';
import { createSession } from '../src/app/commission.usecases.js';
import type { Actor } from '../src/app/context.js';
import { activityCreateSchema } from '../src/domain/activity.schema.js';
import { sessionCreateSchema } from '../src/domain/commission.schema.js';
import { newId } from '../src/domain/ids.js';
import { SIGN_IN_RULES } from '../src/domain/sign-in-throttle.js';
import { buildServer } from '../src/server/app.js';
import { problemSchema } from '../src/server/problem.js';
import { apiRoutes } from './support/api-routes.js';
import { countRows, databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, makeActor, PASSWORD, seedWorld } from './support/fixtures.js';

type Who = 'marPlanner' | 'isrPlanner' | 'marViewer' | 'usaContributor' | 'nobody';

interface Ids {
  plan: string;
  commission: string;
  activity: string;
  /** Led by MAR with ISR taking part, released to ISR and USA: USA may read it but is not involved. */
  sharedActivity: string;
  /** A MAR viewer, whom the MAR planner administers. */
  user: string;
}

/** One bad request and the answer it must get. */
interface BadCase {
  name: string;
  who: Who;
  request: (ids: Ids) => Omit<InjectOptions, 'headers'> & { headers?: Record<string, string> };
  status: number;
  /** The field paths of a validation answer, one entry each. */
  errors?: string[];
  type?: string;
  /** The refusal is itself recorded (a wrong password is audited and counted): only the audit and the counts change. */
  recorded?: true;
}

const json = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => ({ method, url, payload });
const raw = (method: 'POST' | 'PATCH', url: string, payload: string, contentType = 'application/json') => ({
  method,
  url,
  payload,
  headers: { 'content-type': contentType },
});

/** Moves the seeded activity to Benslimane, with what `body` adds and, if given, an If-Match header. */
const relocate =
  (body: { version?: unknown } = {}, ifMatch?: string) =>
  (i: Ids) => ({
    ...json('PATCH', `/api/activities/${i.activity}`, { location: 'Benslimane', ...body }),
    ...(ifMatch === undefined ? {} : { headers: { 'if-match': ifMatch } }),
  });
/** A new ISR viewer account, as an administrator would add it. */
const newUser = (over: Record<string, unknown> = {}) => ({
  username: 'isr.new',
  displayName: 'New',
  party: 'ISR',
  roles: ['viewer'],
  password: 'long-enough-1',
  ...over,
});
const newActivity = (over: Record<string, unknown> = {}) => activityInput('2026-NEW-01', over);
const newPlan = (ids: Ids, over: Record<string, unknown> = {}) => ({
  commissionId: ids.commission,
  title: { fr: 'Plan 2027' },
  periodStart: '2027-01-01',
  periodEnd: '2027-12-31',
  ...over,
});
const newSession = (over: Record<string, unknown> = {}) => ({
  number: 4,
  startDate: '2027-01-10',
  endDate: '2027-01-12',
  place: 'Rabat',
  hostParty: 'MAR',
  ...over,
});
const HUGE = 'x'.repeat(1024 * 1024 + 10);
/** An id no record has, for bodies refused whatever the record. */
const SOME_ID = '00000000-0000-4000-8000-000000000000';

const CASES: BadCase[] = [
  // Malformed and mistyped bodies, on every kind of write.
  ...(
    [
      ['POST', (i: Ids) => `/api/plans/${i.plan}/activities`],
      ['PATCH', (i: Ids) => `/api/activities/${i.activity}`],
      ['POST', (i: Ids) => `/api/activities/${i.activity}/transitions`],
      ['POST', (i: Ids) => `/api/activities/${i.activity}/follow-ups`],
      ['POST', () => '/api/plans'],
      ['PATCH', (i: Ids) => `/api/plans/${i.plan}`],
      ['POST', (i: Ids) => `/api/plans/${i.plan}/transitions`],
      ['POST', () => '/api/commissions'],
      ['POST', (i: Ids) => `/api/commissions/${i.commission}/sessions`],
      ['POST', () => '/api/users'],
      ['PATCH', (i: Ids) => `/api/users/${i.user}`],
      ['POST', (i: Ids) => `/api/users/${i.user}/password`],
      ['POST', () => '/api/me/password'],
      ['POST', () => '/api/tokens'],
      // Corrections of session records: refused before any record is looked up.
      ['PATCH', () => `/api/sessions/${SOME_ID}`],
      ['POST', () => `/api/sessions/${SOME_ID}/agenda/order`],
      ['PATCH', () => `/api/agenda-items/${SOME_ID}`],
      ['PATCH', () => `/api/action-items/${SOME_ID}`],
    ] as const
  ).flatMap(([method, url]): BadCase[] => [
    {
      name: `${method} ${url({ plan: ':plan', commission: ':commission', activity: ':id', sharedActivity: '', user: ':id' })}: malformed JSON`,
      who: 'marPlanner',
      request: (i) => raw(method, url(i), '{"title": {"fr": "Plan'),
      status: 400,
      type: 'malformed_json',
    },
    {
      name: `${method} ${url({ plan: ':plan', commission: ':commission', activity: ':id', sharedActivity: '', user: ':id' })}: over 1 MiB`,
      who: 'marPlanner',
      request: (i) => json(method, url(i), { body: HUGE, title: { fr: HUGE } }),
      status: 413,
      type: 'too_large',
    },
    {
      name: `${method} ${url({ plan: ':plan', commission: ':commission', activity: ':id', sharedActivity: '', user: ':id' })}: not JSON`,
      who: 'marPlanner',
      request: (i) => raw(method, url(i), 'title=Plan', 'text/plain'),
      status: 415,
    },
  ]),

  // Activities.
  {
    name: 'activity: unknown field',
    who: 'marPlanner',
    request: (i) => json('POST', `/api/plans/${i.plan}/activities`, { ...newActivity(), budget: 12, notes: 'x' }),
    status: 400,
    errors: ['budget', 'notes'],
  },
  {
    name: 'activity: wrong types',
    who: 'marPlanner',
    request: (i) =>
      json('POST', `/api/plans/${i.plan}/activities`, newActivity({ priority: 'high', title: 'Réunion', domain: 7 })),
    status: 400,
    errors: ['priority', 'title', 'domain'],
  },
  {
    name: 'activity: out of range',
    who: 'marPlanner',
    request: (i) => json('POST', `/api/plans/${i.plan}/activities`, newActivity({ priority: 9 })),
    status: 400,
    errors: ['priority'],
  },
  {
    name: 'activity: a month period that is not a whole month',
    who: 'marPlanner',
    request: (i) =>
      json(
        'POST',
        `/api/plans/${i.plan}/activities`,
        newActivity({ plannedPeriod: { start: '2026-03-01', end: '2026-03-15', precision: 'month' } }),
      ),
    status: 400,
    errors: ['plannedPeriod.end'],
  },
  {
    name: 'activity: a date that does not exist',
    who: 'marPlanner',
    request: (i) =>
      json('POST', `/api/plans/${i.plan}/activities`, newActivity({ plannedPeriod: { start: '2026-02-30', end: '2026-03-02' } })),
    status: 400,
    errors: ['plannedPeriod.start'],
  },
  {
    name: 'activity: missing required fields',
    who: 'marPlanner',
    request: (i) => json('POST', `/api/plans/${i.plan}/activities`, {}),
    status: 400,
    errors: ['refCode', 'title', 'type', 'domain', 'leadParty', 'plannedPeriod'],
  },
  {
    name: 'activity: unknown party',
    who: 'marPlanner',
    request: (i) => json('POST', `/api/plans/${i.plan}/activities`, newActivity({ leadParty: 'ZZZ' })),
    status: 400,
    errors: ['leadParty'],
  },
  {
    name: 'plan: labelled above the writer’s own clearance',
    who: 'isrPlanner',
    request: (i) => json('POST', '/api/plans', newPlan(i, { classification: 'TOP_SECRET' })),
    status: 400,
    errors: ['classification'],
  },
  {
    name: 'activity: reference code already used',
    who: 'marPlanner',
    request: (i) => json('POST', `/api/plans/${i.plan}/activities`, activityInput('2026-PLN-01')),
    status: 409,
    errors: ['refCode'],
  },
  {
    name: 'activity: plan id not a UUID',
    who: 'marPlanner',
    request: () => json('POST', '/api/plans/not-a-uuid/activities', newActivity()),
    status: 400,
    errors: ['id'],
  },
  {
    name: 'activity: unknown plan',
    who: 'marPlanner',
    request: () => json('POST', `/api/plans/${newId()}/activities`, newActivity()),
    status: 404,
  },
  {
    name: 'activity: no session',
    who: 'nobody',
    request: (i) => json('POST', `/api/plans/${i.plan}/activities`, newActivity()),
    status: 401,
  },
  {
    name: 'activity: a viewer writing',
    who: 'marViewer',
    request: (i) => json('POST', `/api/plans/${i.plan}/activities`, newActivity()),
    status: 403,
  },
  {
    name: 'activity: a planner of another party',
    who: 'isrPlanner',
    request: (i) => json('POST', `/api/plans/${i.plan}/activities`, newActivity()),
    status: 403,
  },
  {
    name: 'activity patch: missing version',
    who: 'marPlanner',
    request: relocate(),
    status: 400,
    errors: ['version'],
  },
  {
    name: 'activity patch: stale version',
    who: 'marPlanner',
    request: relocate({ version: 99 }),
    status: 409,
  },
  {
    name: 'activity patch: stale If-Match',
    who: 'marPlanner',
    request: relocate({}, '"99"'),
    status: 409,
  },
  {
    name: 'activity patch: If-Match that is not a version',
    who: 'marPlanner',
    request: relocate({}, 'abc'),
    status: 400,
    errors: ['If-Match'],
  },
  {
    name: 'activity patch: version of the wrong type',
    who: 'marPlanner',
    request: relocate({ version: '1' }),
    status: 400,
    errors: ['version'],
  },
  {
    name: 'activity patch: unknown field',
    who: 'marPlanner',
    request: (i) => json('PATCH', `/api/activities/${i.activity}`, { status: 'conducted', version: 1 }),
    status: 400,
    errors: ['status'],
  },
  {
    name: 'activity patch: id not a UUID',
    who: 'marPlanner',
    request: () => json('PATCH', '/api/activities/12345', { location: 'Benslimane', version: 1 }),
    status: 400,
    errors: ['id'],
  },
  {
    name: 'activity patch: unknown id',
    who: 'marPlanner',
    request: () => json('PATCH', `/api/activities/${newId()}`, { location: 'Benslimane', version: 1 }),
    status: 404,
  },
  ...(
    [
      ['a planner of another party', 'isrPlanner', 403],
      ['a viewer', 'marViewer', 403],
      ['no session', 'nobody', 401],
    ] as const
  ).map(([whom, who, status]) => ({ name: `activity patch: ${whom}`, who, request: relocate({ version: 1 }), status })),
  {
    name: 'activity delete: missing version',
    who: 'marPlanner',
    request: (i) => json('DELETE', `/api/activities/${i.activity}`),
    status: 400,
    errors: ['version'],
  },
  {
    name: 'activity delete: stale version',
    who: 'marPlanner',
    request: (i) => json('DELETE', `/api/activities/${i.activity}?version=7`),
    status: 409,
  },
  {
    name: 'activity delete: version not a number',
    who: 'marPlanner',
    request: (i) => json('DELETE', `/api/activities/${i.activity}?version=latest`),
    status: 400,
    errors: ['version'],
  },
  {
    name: 'activity delete: a viewer',
    who: 'marViewer',
    request: (i) => json('DELETE', `/api/activities/${i.activity}?version=1`),
    status: 403,
  },
  {
    name: 'activity transition: illegal move',
    who: 'marPlanner',
    request: (i) => json('POST', `/api/activities/${i.activity}/transitions`, { to: 'conducted', version: 1 }),
    status: 400,
    errors: ['to'],
  },
  {
    name: 'activity transition: cancelling without a reason',
    who: 'marPlanner',
    request: (i) => json('POST', `/api/activities/${i.activity}/transitions`, { to: 'cancelled', reason: '  ', version: 1 }),
    status: 400,
    errors: ['reason'],
  },
  {
    name: 'activity transition: unknown status',
    who: 'marPlanner',
    request: (i) => json('POST', `/api/activities/${i.activity}/transitions`, { to: 'done', version: 1 }),
    status: 400,
    errors: ['to'],
  },
  {
    name: 'activity transition: stale version',
    who: 'marPlanner',
    request: (i) => json('POST', `/api/activities/${i.activity}/transitions`, { to: 'cancelled', reason: 'x', version: 5 }),
    status: 409,
  },
  {
    name: 'activity transition: missing version',
    who: 'marPlanner',
    request: (i) => json('POST', `/api/activities/${i.activity}/transitions`, { to: 'cancelled', reason: 'x' }),
    status: 400,
    errors: ['version'],
  },
  {
    name: 'plan transition: missing version',
    who: 'marPlanner',
    request: (i) => json('POST', `/api/plans/${i.plan}/transitions`, { to: 'proposed' }),
    status: 400,
    errors: ['version'],
  },
  {
    name: 'activity transition: a viewer',
    who: 'marViewer',
    request: (i) => json('POST', `/api/activities/${i.activity}/transitions`, { to: 'cancelled', reason: 'x', version: 1 }),
    status: 403,
  },
  {
    name: 'activity transition: unknown id',
    who: 'marPlanner',
    request: () => json('POST', `/api/activities/${newId()}/transitions`, { to: 'cancelled', reason: 'x', version: 1 }),
    status: 404,
  },

  // Objectives, indicators and measurements.
  {
    name: 'objective patch: unknown id',
    who: 'marPlanner',
    request: () => json('PATCH', `/api/objectives/${newId()}`, { title: { fr: 'Objectif' }, version: 1 }),
    status: 404,
  },
  {
    name: 'objective patch: missing version, title in no language',
    who: 'marPlanner',
    request: () => json('PATCH', `/api/objectives/${newId()}`, { title: {} }),
    status: 400,
    errors: ['title'],
  },
  {
    name: 'objective patch: without a version',
    who: 'marPlanner',
    request: () => json('PATCH', `/api/objectives/${newId()}`, { title: { fr: 'Objectif' } }),
    status: 400,
    errors: ['version'],
  },
  {
    name: 'objective patch: activity ids that are not ids',
    who: 'marPlanner',
    request: () => json('PATCH', `/api/objectives/${newId()}`, { activityIds: ['2026-PLN-01'], version: 1 }),
    status: 400,
    errors: ['activityIds.0'],
  },
  {
    name: 'objective delete: version not a number',
    who: 'marPlanner',
    request: () => json('DELETE', `/api/objectives/${newId()}?version=latest`),
    status: 400,
    errors: ['version'],
  },
  {
    name: 'indicator patch: target before baseline',
    who: 'marPlanner',
    request: () =>
      json('PATCH', `/api/indicators/${newId()}`, { baselineDate: '2026-06-01', targetDate: '2026-01-01', version: 1 }),
    status: 400,
    errors: ['targetDate'],
  },
  {
    name: 'measurement correction: no reason',
    who: 'marPlanner',
    request: () => json('PATCH', `/api/indicators/${newId()}/measurements/${newId()}`, { value: 2, version: 1 }),
    status: 400,
    errors: ['reason'],
  },
  {
    name: 'measurement correction: unknown indicator',
    who: 'marPlanner',
    request: () => json('PATCH', `/api/indicators/${newId()}/measurements/${newId()}`, { value: 2, reason: 'x', version: 1 }),
    status: 404,
  },
  {
    name: 'measurement withdrawal: no reason',
    who: 'marPlanner',
    request: () => json('DELETE', `/api/indicators/${newId()}/measurements/${newId()}?version=1`),
    status: 400,
    errors: ['reason'],
  },

  // Follow-ups.
  {
    name: 'follow-up: a contributor whose party neither leads nor takes part',
    who: 'usaContributor',
    request: (i) => json('POST', `/api/activities/${i.sharedActivity}/follow-ups`, { body: 'Compte rendu' }),
    status: 403,
  },
  {
    name: 'follow-up: a viewer',
    who: 'marViewer',
    request: (i) => json('POST', `/api/activities/${i.activity}/follow-ups`, { body: 'Compte rendu' }),
    status: 403,
  },
  {
    name: 'follow-up: empty body',
    who: 'marPlanner',
    request: (i) => json('POST', `/api/activities/${i.activity}/follow-ups`, { body: '   ' }),
    status: 400,
    errors: ['body'],
  },
  {
    name: 'follow-up: a kind only the lifecycle writes',
    who: 'marPlanner',
    request: (i) => json('POST', `/api/activities/${i.activity}/follow-ups`, { body: 'x', kind: 'status_change' }),
    status: 400,
    errors: ['kind'],
  },
  {
    name: 'follow-up: unknown language and classification',
    who: 'marPlanner',
    request: (i) =>
      json('POST', `/api/activities/${i.activity}/follow-ups`, { body: 'x', language: 'de', classification: 'COSMIC' }),
    status: 400,
    errors: ['language', 'classification'],
  },
  {
    name: 'follow-up: unknown activity',
    who: 'marPlanner',
    request: () => json('POST', `/api/activities/${newId()}/follow-ups`, { body: 'x' }),
    status: 404,
  },
  {
    name: 'follow-up: no session',
    who: 'nobody',
    request: (i) => json('POST', `/api/activities/${i.activity}/follow-ups`, { body: 'x' }),
    status: 401,
  },

  // Plans.
  {
    name: 'plan: missing required fields',
    who: 'marPlanner',
    request: () => json('POST', '/api/plans', { title: { fr: 'Plan' } }),
    status: 400,
    errors: ['commissionId', 'periodStart', 'periodEnd'],
  },
  {
    name: 'plan: end before start',
    who: 'marPlanner',
    request: (i) => json('POST', '/api/plans', newPlan(i, { periodEnd: '2026-12-31' })),
    status: 400,
    errors: ['periodEnd'],
  },
  {
    name: 'plan: title in no language',
    who: 'marPlanner',
    request: (i) => json('POST', '/api/plans', newPlan(i, { title: {} })),
    status: 400,
    errors: ['title'],
  },
  {
    name: 'plan: commission id not a UUID',
    who: 'marPlanner',
    request: (i) => json('POST', '/api/plans', newPlan(i, { commissionId: 'jmc-3' })),
    status: 400,
    errors: ['commissionId'],
  },
  {
    name: 'plan: unknown commission',
    who: 'marPlanner',
    request: (i) => json('POST', '/api/plans', newPlan(i, { commissionId: newId() })),
    status: 400,
    errors: ['commissionId'],
  },
  {
    name: 'plan: a viewer',
    who: 'marViewer',
    request: (i) => json('POST', '/api/plans', newPlan(i)),
    status: 403,
  },
  {
    name: 'plan patch: missing version',
    who: 'marPlanner',
    request: (i) => json('PATCH', `/api/plans/${i.plan}`, { title: { en: 'Renamed' } }),
    status: 400,
    errors: ['version'],
  },
  {
    name: 'plan patch: stale version',
    who: 'marPlanner',
    request: (i) => json('PATCH', `/api/plans/${i.plan}`, { title: { en: 'Renamed' }, version: 42 }),
    status: 409,
  },
  {
    name: 'plan patch: a planner of another party',
    who: 'isrPlanner',
    request: (i) => json('PATCH', `/api/plans/${i.plan}`, { title: { en: 'Renamed' }, version: 1 }),
    status: 403,
  },
  {
    name: 'plan patch: end before start',
    who: 'marPlanner',
    request: (i) => json('PATCH', `/api/plans/${i.plan}`, { periodEnd: '2025-01-01', version: 1 }),
    status: 400,
    errors: ['periodEnd'],
  },
  {
    name: 'plan transition: illegal move',
    who: 'marPlanner',
    request: (i) => json('POST', `/api/plans/${i.plan}/transitions`, { to: 'closed', version: 1 }),
    status: 400,
    errors: ['to'],
  },
  {
    name: 'plan transition: approving a draft',
    who: 'isrPlanner',
    request: (i) => json('POST', `/api/plans/${i.plan}/transitions`, { to: 'approved', version: 1 }),
    status: 400,
    errors: ['to'],
  },
  {
    name: 'plan transition: a planner of another party proposing',
    who: 'isrPlanner',
    request: (i) => json('POST', `/api/plans/${i.plan}/transitions`, { to: 'proposed', version: 1 }),
    status: 403,
  },
  {
    name: 'plan transition: stale version',
    who: 'marPlanner',
    request: (i) => json('POST', `/api/plans/${i.plan}/transitions`, { to: 'proposed', version: 3 }),
    status: 409,
  },
  {
    name: 'plan transition: unknown plan',
    who: 'marPlanner',
    request: () => json('POST', `/api/plans/${newId()}/transitions`, { to: 'proposed', version: 1 }),
    status: 404,
  },

  // Commissions and sessions.
  {
    name: 'commission: a single party',
    who: 'marPlanner',
    request: () => json('POST', '/api/commissions', { name: { fr: 'Commission' }, parties: ['MAR'] }),
    status: 400,
    errors: ['parties'],
  },
  {
    name: 'commission: party codes of the wrong form',
    who: 'marPlanner',
    request: () => json('POST', '/api/commissions', { name: { fr: 'Commission' }, parties: ['MAR', 'israel'] }),
    status: 400,
    errors: ['parties.1'],
  },
  {
    name: 'commission: a viewer',
    who: 'marViewer',
    request: () => json('POST', '/api/commissions', { name: { fr: 'Commission' }, parties: ['MAR', 'ISR'] }),
    status: 403,
  },
  {
    name: 'session: number out of range',
    who: 'marPlanner',
    request: (i) => json('POST', `/api/commissions/${i.commission}/sessions`, newSession({ number: 0 })),
    status: 400,
    errors: ['number'],
  },
  {
    name: 'session: ends before it starts',
    who: 'marPlanner',
    request: (i) => json('POST', `/api/commissions/${i.commission}/sessions`, newSession({ endDate: '2027-01-01' })),
    status: 400,
    errors: ['endDate'],
  },
  {
    name: 'session: number already used',
    who: 'marPlanner',
    request: (i) => json('POST', `/api/commissions/${i.commission}/sessions`, newSession({ number: 3 })),
    status: 409,
    errors: ['number'],
  },
  {
    name: 'session: host outside the commission',
    who: 'marPlanner',
    request: (i) => json('POST', `/api/commissions/${i.commission}/sessions`, newSession({ hostParty: 'FRA' })),
    status: 400,
    errors: ['hostParty'],
  },
  {
    name: 'session: a viewer',
    who: 'marViewer',
    request: (i) => json('POST', `/api/commissions/${i.commission}/sessions`, newSession()),
    status: 403,
  },
  {
    name: 'session: unknown commission',
    who: 'marPlanner',
    request: () => json('POST', `/api/commissions/${newId()}/sessions`, newSession()),
    status: 404,
  },

  // Accounts.
  {
    name: 'user: not an administrator',
    who: 'isrPlanner',
    request: () => json('POST', '/api/users', newUser()),
    status: 403,
  },
  {
    name: 'user: an administrator of another party',
    who: 'marPlanner',
    request: () => json('POST', '/api/users', newUser()),
    status: 403,
  },
  {
    name: 'user: bad username, short password, unknown role',
    who: 'marPlanner',
    request: () =>
      json('POST', '/api/users', newUser({ username: 'Bad Name', party: 'MAR', roles: ['general'], password: 'short' })),
    status: 400,
    errors: ['username', 'roles.0', 'password'],
  },
  {
    name: 'user patch: stale version',
    who: 'marPlanner',
    request: (i) => json('PATCH', `/api/users/${i.user}`, { displayName: 'Renamed', version: 9 }),
    status: 409,
  },
  {
    name: 'user patch: missing version, unknown role',
    who: 'marPlanner',
    request: (i) => json('PATCH', `/api/users/${i.user}`, { roles: ['general'] }),
    status: 400,
    errors: ['roles.0'],
  },
  {
    name: 'user patch: an administrator of another party, as if the user were missing',
    who: 'isrPlanner',
    request: (i) => json('PATCH', `/api/users/${i.user}`, { displayName: 'Renamed', version: 1 }),
    status: 404,
  },
  {
    name: 'user patch: no session',
    who: 'nobody',
    request: (i) => json('PATCH', `/api/users/${i.user}`, { displayName: 'Renamed', version: 1 }),
    status: 401,
  },
  {
    name: 'user password: too short',
    who: 'marPlanner',
    request: (i) => json('POST', `/api/users/${i.user}/password`, { password: 'short' }),
    status: 400,
    errors: ['password'],
  },
  {
    name: 'own password: wrong current password',
    who: 'marViewer',
    request: () => json('POST', '/api/me/password', { currentPassword: 'not-mine-at-all', newPassword: 'long-enough-1' }),
    status: 400,
    errors: ['currentPassword'],
    recorded: true,
  },
  {
    name: 'token revoke: id not a UUID',
    who: 'marPlanner',
    request: () => json('DELETE', '/api/tokens/12'),
    status: 400,
    errors: ['id'],
  },
  {
    name: 'token revoke: a token nobody issued',
    who: 'isrPlanner',
    request: () => json('DELETE', `/api/tokens/${newId()}`),
    status: 404,
  },
  {
    name: 'token: no session',
    who: 'nobody',
    request: () => json('POST', '/api/tokens', { name: 'ci' }),
    status: 401,
  },
  {
    name: 'token: empty name',
    who: 'marPlanner',
    request: () => json('POST', '/api/tokens', { name: '' }),
    status: 400,
    errors: ['name'],
  },

  // Reads with bad parameters.
  {
    name: 'activity list: limit out of range, unknown sort',
    who: 'marPlanner',
    request: (i) => ({ method: 'GET', url: `/api/plans/${i.plan}/activities?limit=9999&sort=colour` }),
    status: 400,
    errors: ['limit', 'sort'],
  },
  {
    name: 'activity list: a cursor this server never gave',
    who: 'marPlanner',
    request: (i) => ({ method: 'GET', url: `/api/plans/${i.plan}/activities?cursor=bm90LWEtY3Vyc29y` }),
    status: 400,
    errors: ['cursor'],
  },
  ...(
    [
      ['priority', 'high'],
      ['-priority', 'high'],
      ['plannedStart', 20260101],
      ['updatedAt', true],
      ['refCode', 12],
    ] as const
  ).map(
    ([sort, value]): BadCase => ({
      name: `activity list: a cursor whose value does not fit sort ${sort}`,
      who: 'marPlanner',
      request: (i) => ({
        method: 'GET',
        url: `/api/plans/${i.plan}/activities?sort=${sort}&cursor=${Buffer.from(JSON.stringify([value, '2026-PLN-01', i.activity])).toString('base64url')}`,
      }),
      status: 400,
      errors: ['cursor'],
    }),
  ),
  {
    name: 'activity list: a cursor with a number too large for the column',
    who: 'marPlanner',
    request: (i) => ({
      method: 'GET',
      url: `/api/plans/${i.plan}/activities?sort=priority&cursor=${Buffer.from(JSON.stringify([1e20, '2026-PLN-01', i.activity])).toString('base64url')}`,
    }),
    status: 400,
    errors: ['cursor'],
  },
  {
    name: 'activity patch: a version too large to exist',
    who: 'marPlanner',
    request: relocate({ version: 1e20 }),
    status: 400,
    errors: ['version'],
  },
  {
    name: 'activity delete: a version too large to exist',
    who: 'marPlanner',
    request: (i) => json('DELETE', `/api/activities/${i.activity}?version=99999999999999`),
    status: 409,
  },
  {
    name: 'plan transition: a version too large to exist',
    who: 'marPlanner',
    request: (i) => json('POST', `/api/plans/${i.plan}/transitions`, { to: 'proposed', version: 2 ** 40 }),
    status: 409,
  },
  {
    name: 'activity: a NUL character in a text',
    who: 'marPlanner',
    request: (i) => json('POST', `/api/plans/${i.plan}/activities`, newActivity({ title: { fr: 'Réunion\u0000technique' } })),
    status: 400,
    errors: ['title.fr'],
  },
  {
    name: 'follow-up: a NUL character in the body',
    who: 'marPlanner',
    request: (i) => json('POST', `/api/activities/${i.activity}/follow-ups`, { body: 'Compte\u0000rendu' }),
    status: 400,
    errors: ['body'],
  },
  {
    name: 'activity list: unknown query parameter',
    who: 'marPlanner',
    request: (i) => ({ method: 'GET', url: `/api/plans/${i.plan}/activities?owner=MAR` }),
    status: 400,
    errors: ['owner'],
  },
  {
    name: 'search: no query',
    who: 'marPlanner',
    request: () => ({ method: 'GET', url: '/api/search' }),
    status: 400,
    errors: ['q'],
  },
  {
    name: 'kpis: a date that does not exist',
    who: 'marPlanner',
    request: (i) => ({ method: 'GET', url: `/api/plans/${i.plan}/kpis?asOf=2026-02-30` }),
    status: 400,
    errors: ['asOf'],
  },
  {
    name: 'unknown route',
    who: 'marPlanner',
    request: () => ({ method: 'GET', url: '/api/plans-and-more' }),
    status: 404,
  },
  {
    name: 'a bearer token nobody issued',
    who: 'nobody',
    request: () => ({ method: 'GET', url: '/api/me', headers: { authorization: 'Bearer jp_not-a-real-token' } }),
    status: 401,
  },
  {
    name: 'an Authorization header of another scheme',
    who: 'nobody',
    request: () => ({ method: 'GET', url: '/api/me', headers: { authorization: 'Basic bWFyOnBhc3M=' } }),
    status: 401,
  },
  {
    name: 'a session cookie nobody issued',
    who: 'nobody',
    request: () => ({ method: 'GET', url: '/api/plans', headers: { cookie: 'jp_session=forged' } }),
    status: 401,
  },
];

/** Checks the RFC 9457 shape every error answer must have, and returns the body. */
function expectProblem(res: LightMyRequestResponse, status: number, c?: Pick<BadCase, 'errors' | 'type'>) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = problemSchema.strict().parse(res.json());
  expect(body.status).toBe(status);
  expect(body.type).toMatch(/^https:\/\/jointplan\.example\/problems\/[a-z_]+$/);
  expect(body.title.length).toBeGreaterThan(0);
  expect(body.detail.length).toBeGreaterThan(0);
  if (c?.type) expect(body.type).toBe(`https://jointplan.example/problems/${c.type}`);
  if (c?.errors) {
    const paths = (body.errors ?? []).map((e) => e.path);
    expect(paths.sort(), JSON.stringify(body.errors)).toEqual([...c.errors].sort());
    for (const e of body.errors ?? []) expect(e.message.length).toBeGreaterThan(0);
  }
  return body;
}

describe.each(databases())('API errors on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let ids: Ids;
  let actors: Record<Exclude<Who, 'nobody'>, Actor>;
  const tokens: Partial<Record<Who, string>> = {};
  let address = 0;
  const START = new Date('2026-05-04T08:00:00.000Z');
  let clock = START;

  beforeAll(async () => {
    t = await openTestDatabase(kind, () => clock);
    const w = await seedWorld(t.ctx);
    actors = {
      marPlanner: w.marPlanner,
      isrPlanner: w.isrPlanner,
      marViewer: await makeActor(t.ctx, 'MAR', ['viewer'], 'SECRET'),
      usaContributor: await makeActor(t.ctx, 'USA', ['contributor'], 'SECRET'),
    };
    for (const [who, actor] of Object.entries(actors))
      tokens[who as Who] = (await createToken(t.ctx, null, actor.username, 'errors test')).token;
    const activity = await createActivity(
      t.ctx,
      w.marPlanner,
      w.plan.id,
      activityCreateSchema.parse(activityInput('2026-PLN-01')),
    );
    const shared = await createActivity(
      t.ctx,
      w.marPlanner,
      w.plan.id,
      activityCreateSchema.parse(activityInput('2026-PLN-02', { releasableTo: ['ISR', 'USA'], participatingParties: ['ISR'] })),
    );
    await createSession(
      t.ctx,
      w.marPlanner,
      w.commission.id,
      sessionCreateSchema.parse({
        number: 3,
        startDate: '2026-01-05',
        endDate: '2026-01-08',
        place: 'Tel Aviv',
        hostParty: 'ISR',
      }),
    );
    ids = {
      plan: w.plan.id,
      commission: w.commission.id,
      activity: activity.id,
      sharedActivity: shared.id,
      user: actors.marViewer.userId,
    };
    app = await buildServer(t.ctx);
    // A token records when it was first used (then at most every few minutes), so each is used once
    // here: the requests under test, at the same instant, then change nothing.
    for (const token of Object.values(tokens))
      await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  /** Every row of every table, in a stable order: the whole database, to compare before and after. */
  async function snapshot() {
    // Only this database's own tables: other suites create and drop PostgreSQL schemas meanwhile.
    const listed =
      t.kind === 'postgres'
        ? await sql<{ name: string }>`select table_name as name from information_schema.tables
            where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(t.db)
        : await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(t.db);
    const tables = listed.rows.map((r) => r.name).sort();
    const out: Record<string, string[]> = {};
    for (const name of tables) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(t.db);
      out[name] = rows.rows.map((r) => JSON.stringify(r)).sort();
    }
    return out;
  }
  const auditLength = () => countRows(t.db, 'audit_entry');

  type Request = Omit<InjectOptions, 'headers'> & { headers?: Record<string, string> };
  const inject = (who: Who, opts: Request) =>
    app.inject({
      ...opts,
      remoteAddress: `10.1.0.${++address % 250}`,
      headers: { ...(tokens[who] ? { authorization: `Bearer ${tokens[who]}` } : {}), ...opts.headers },
    });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const length = await auditLength();
    const before = await snapshot();
    const res = await inject(c.who, c.request(ids));
    expectProblem(res, c.status, c);
    const after = await snapshot();
    if (c.recorded) {
      expect(await auditLength()).toBe(length + 1);
      for (const table of Object.keys(after).filter((name) => /^(audit|sign_in_throttle$)/.test(name))) {
        delete before[table];
        delete after[table];
      }
    }
    expect(after).toEqual(before);
  });

  it('answers every write route, including ones added later, with a 4xx problem for bad input and changes nothing', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as OpenApiDocument;
    const writes = apiRoutes(app).filter((r) => r.method !== 'get' && !r.path.startsWith('/api/auth/'));
    expect(writes.length).toBeGreaterThan(10);
    const before = await snapshot();
    const failures: string[] = [];
    for (const { path, method } of writes) {
      const op = doc.paths[path]?.[method];
      const takesId = path.includes('{');
      const takesBody = op?.requestBody !== undefined;
      const withIds = (id: string) => path.replace(/\{[^}]+\}/g, id);
      // Only requests that are wrong whatever the route does: no session, a bad id, a bad body.
      const variants: { who: Who; url: string; payload?: string }[] = [{ who: 'nobody', url: withIds(newId()), payload: '{}' }];
      if (takesId) variants.push({ who: 'marPlanner', url: withIds('not-a-uuid'), payload: '{}' });
      if (takesId) variants.push({ who: 'marViewer', url: withIds(newId()), payload: '{}' });
      if (takesBody)
        for (const payload of ['{"title": ', '[]', '{"unknownField": 1}', '"text"'])
          variants.push({ who: 'marPlanner', url: withIds(newId()), payload });
      // A route that takes no body refuses one rather than ignoring it.
      else variants.push({ who: 'marPlanner', url: withIds(newId()), payload: '{"unknownField": 1}' });
      for (const v of variants) {
        const res = await inject(v.who, {
          method: method.toUpperCase() as InjectOptions['method'],
          url: v.url,
          ...(v.payload === undefined ? {} : { payload: v.payload, headers: { 'content-type': 'application/json' } }),
        });
        const problem = res.headers['content-type']?.toString().startsWith('application/problem+json');
        if (res.statusCode < 400 || res.statusCode >= 500 || !problem)
          failures.push(
            `${method.toUpperCase()} ${v.url} as ${v.who} with ${v.payload}: ${res.statusCode} ${res.body.slice(0, 200)}`,
          );
      }
    }
    expect(failures).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    '"',
    "'",
    '*',
    'AND',
    'OR NOT',
    'NEAR(a b)',
    ':*',
    '&|!',
    '\\',
    '%_',
    'é'.repeat(200),
    '🚀 plan',
    'a\u0000b',
    '(((',
    '-',
  ])('takes any search text without failing: %j', async (q) => {
    for (const url of [
      `/api/search?q=${encodeURIComponent(q)}`,
      `/api/plans/${ids.plan}/activities?q=${encodeURIComponent(q)}`,
    ]) {
      const res = await inject('marPlanner', { method: 'GET', url });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    }
  });

  it('leaves the database as it was, after all those requests: the audit chain did not grow', async () => {
    const length = await auditLength();
    for (const c of CASES.slice(0, 20)) await inject(c.who, c.request(ids));
    expect(await auditLength()).toBe(length);
  });

  it('still accepts the good request next to the bad ones, so the refusals are not blanket', async () => {
    const planner = await inject('marPlanner', {
      method: 'PATCH',
      url: `/api/activities/${ids.activity}`,
      payload: { location: 'Benslimane', version: 1 },
    });
    expect(planner.statusCode, planner.body).toBe(200);
    expect(planner.json().version).toBe(2);
    const isr = await inject('isrPlanner', {
      method: 'POST',
      url: `/api/activities/${ids.sharedActivity}/follow-ups`,
      payload: { body: 'Participation confirmée' },
    });
    expect(isr.statusCode, isr.body).toBe(201);
  });

  describe('signing in', () => {
    const login = (username: string, password: string, from = '10.2.0.1') =>
      app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: from });
    const cookieOf = (res: LightMyRequestResponse) => String(res.headers['set-cookie']).split(';')[0] ?? '';

    it('refuses a wrong password with 401 and audits the attempt', async () => {
      const before = await auditLength();
      const res = await login(actors.marViewer.username, 'not-the-password', '10.2.1.1');
      expectProblem(res, 401);
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(await auditLength()).toBe(before + 1);
      const entry = await t.db.selectFrom('audit_entry').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
      expect(entry.action).toBe('login.failure');
      expect(entry.entity_id).toBe(actors.marViewer.userId);
      expect(JSON.parse(entry.detail)).toMatchObject({ username: actors.marViewer.username });
    });

    // Timing on a shared machine can hiccup; without the decoy hash it fails every attempt, so a retry hides nothing.
    it('answers an unknown user exactly like a wrong password, and as slowly', { retry: 2 }, async () => {
      const unknown = await login('nobody.here', 'whatever-1', '10.2.2.1');
      const wrong = await login(actors.marViewer.username, 'whatever-1', '10.2.2.2');
      expect(expectProblem(unknown, 401)).toEqual(expectProblem(wrong, 401));
      // A quick refusal of unknown names would tell which accounts exist. The password hash
      // makes a wrong password many times slower than the rest of a login, so half is a safe bar.
      const target = await makeActor(t.ctx, 'FRA', ['viewer'], 'UNCLASSIFIED');
      const timed = async (username: string, from: string) => {
        const start = performance.now();
        expectProblem(await login(username, 'wrong-password-1', from), 401);
        return performance.now() - start;
      };
      // Interleaved, so that a busy machine slows both kinds alike; medians, so that one hiccup does not decide.
      const wrongPassword: number[] = [];
      const unknownName: number[] = [];
      for (let i = 0; i < 9; i++) {
        wrongPassword.push(await timed(target.username, `10.2.3.${i}`));
        unknownName.push(await timed(`nobody.${i}.${newId().slice(-6)}`, `10.2.4.${i}`));
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
      expect(median(unknownName)).toBeGreaterThan(median(wrongPassword) / 2);
    });

    it('makes one address wait after a few wrong passwords for an account, unchecked (429), but not its owner elsewhere', async () => {
      const victim = await makeActor(t.ctx, 'ISR', ['viewer'], 'CONFIDENTIAL');
      const free = SIGN_IN_RULES.accountFromAddress.free;
      for (let i = 0; i < free; i++) expectProblem(await login(victim.username, `guess-${i}`, '10.3.0.1'), 401);
      const res = await login(victim.username, PASSWORD, '10.3.0.1');
      expectProblem(res, 429, { type: 'too_many' });
      expect(res.headers['retry-after']).toBe('1');
      expect(res.headers['set-cookie']).toBeUndefined();
      const entry = await t.db.selectFrom('audit_entry').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
      expect(entry.action).toBe('login.throttled');
      // Its owner, from elsewhere, is not locked out by it, and neither is another account.
      expect((await login(victim.username, PASSWORD, '10.3.0.2')).statusCode).toBe(200);
      expect((await login(actors.usaContributor.username, PASSWORD, '10.3.100.1')).statusCode).toBe(200);
    });

    it('slows down one address that floods the sign-in', async () => {
      const statuses: number[] = [];
      // A different name each time, so that no account lock-out is what stops it.
      for (let i = 0; i < 20; i++) statuses.push((await login(`flood.user${i}`, 'whatever-1', '10.4.0.1')).statusCode);
      expect(statuses).toEqual(Array(20).fill(401));
      expectProblem(await login('flood.user-last', 'whatever-1', '10.4.0.1'), 429, { type: 'too_many' });
      expect((await login(actors.marViewer.username, PASSWORD, '10.4.0.2')).statusCode).toBe(200);
    });

    it('sets an httpOnly, SameSite=Strict session cookie that a logout ends', async () => {
      const res = await login(actors.isrPlanner.username, PASSWORD, '10.5.0.1');
      expect(res.statusCode, res.body).toBe(200);
      const setCookie = String(res.headers['set-cookie']);
      expect(setCookie).toMatch(/^jp_session=[^;]+;/);
      expect(setCookie).toMatch(/;\s*HttpOnly/i);
      expect(setCookie).toMatch(/;\s*SameSite=Strict/i);
      expect(setCookie).toMatch(/;\s*Path=\//i);
      const cookie = cookieOf(res);
      const me = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
      expect(me.statusCode).toBe(200);
      expect(me.json().username).toBe(actors.isrPlanner.username);
      const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
      expect(out.statusCode).toBe(204);
      expect(String(out.headers['set-cookie'])).toMatch(/^jp_session=;/);
      expectProblem(await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } }), 401);
    });

    it(`ends a session ${SESSION_HOURS} hours after sign-in`, async () => {
      const cookie = cookieOf(await login(actors.isrPlanner.username, PASSWORD, '10.5.1.1'));
      try {
        clock = new Date(START.getTime() + SESSION_HOURS * 3600_000 - 60_000);
        expect((await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
        clock = new Date(START.getTime() + SESSION_HOURS * 3600_000 + 60_000);
        expectProblem(await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } }), 401);
      } finally {
        clock = START;
      }
    });

    it('issues a Bearer token that works without a cookie, and refuses it once revoked by its absence', async () => {
      const res = await login(actors.marPlanner.username, PASSWORD, '10.6.0.1');
      const created = await app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: { cookie: cookieOf(res) },
        payload: { name: 'reporting' },
      });
      expect(created.statusCode, created.body).toBe(201);
      const { token } = created.json() as { token: string };
      const me = await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } });
      expect(me.statusCode).toBe(200);
      expect(me.json().username).toBe(actors.marPlanner.username);
      expectProblem(
        await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token.slice(0, -2)}xx` } }),
        401,
      );
    });

    it('refuses a login body of the wrong shape with 400', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'x', password: '', remember: true },
        remoteAddress: '10.7.0.1',
      });
      expectProblem(res, 400, { errors: ['password', 'remember'] });
    });
  });

  describe('service endpoints', () => {
    it('answers /api/health without a session', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/health' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'ok' });
    });

    it('publishes a valid OpenAPI 3.1 document that lists every route', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(res.statusCode).toBe(200);
      const doc = res.json() as OpenApiDocument;
      const parsed = openApiDocumentSchema.safeParse(doc);
      expect(parsed.error?.issues ?? []).toEqual([]);
      expect(jsonSchemaProblems(doc)).toEqual([]);
      expect(unresolvedRefs(doc)).toEqual([]);
      expect(undeclaredPathParameters(doc)).toEqual([]);
      const operationIds = Object.values(doc.paths).flatMap((item) =>
        Object.values(item).flatMap((op) => (op && typeof op === 'object' && 'operationId' in op ? [op.operationId] : [])),
      );
      expect(new Set(operationIds).size).toBe(operationIds.length);
      const missing = apiRoutes(app).filter(({ path, method }) => !doc.paths[path]?.[method]);
      expect(missing).toEqual([]);
      expect(apiRoutes(app).length).toBeGreaterThan(20);
    });

    it('serves the API reference as HTML', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/docs' });
      const redirected = res.statusCode >= 300 && res.statusCode < 400;
      const page = redirected ? await app.inject({ method: 'GET', url: String(res.headers.location) }) : res;
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.body).toContain('/api/openapi.json');
    });
  });
});

// The shape OpenAPI 3.1 requires of the parts this API uses.
const jsonSchema = z.union([z.record(z.string(), z.unknown()), z.boolean()]);
const mediaType = z.looseObject({ schema: jsonSchema.optional() });
const parameter = z
  .looseObject({
    name: z.string().min(1),
    in: z.enum(['query', 'header', 'path', 'cookie']),
    required: z.boolean().optional(),
    schema: jsonSchema.optional(),
  })
  .refine((p) => p.in !== 'path' || p.required === true, 'a path parameter must be required');
const operation = z.looseObject({
  summary: z.string().optional(),
  operationId: z.string().optional(),
  tags: z.array(z.string()).optional(),
  parameters: z.array(parameter).optional(),
  requestBody: z.looseObject({ content: z.record(z.string(), mediaType), required: z.boolean().optional() }).optional(),
  responses: z
    .record(
      z.string().regex(/^([1-5](\d\d|XX)|default)$/),
      z.looseObject({ description: z.string(), content: z.record(z.string(), mediaType).optional() }),
    )
    .refine((r) => Object.keys(r).length > 0, 'an operation needs at least one response'),
});
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const pathItem = z
  .object({
    summary: z.string().optional(),
    description: z.string().optional(),
    parameters: z.array(parameter).optional(),
    ...Object.fromEntries(METHODS.map((m) => [m, operation.optional()])),
  })
  .strict();
const openApiDocumentSchema = z.looseObject({
  openapi: z.string().regex(/^3\.1\.\d+$/),
  info: z.looseObject({ title: z.string().min(1), version: z.string().min(1) }),
  paths: z.record(z.string().regex(/^\//), pathItem),
  components: z
    .looseObject({
      schemas: z.record(z.string(), jsonSchema).optional(),
      securitySchemes: z
        .record(z.string(), z.looseObject({ type: z.enum(['apiKey', 'http', 'mutualTLS', 'oauth2', 'openIdConnect']) }))
        .optional(),
    })
    .optional(),
  security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
});
type Operation = z.infer<typeof operation>;
type OpenApiDocument = { paths: Record<string, Record<string, Operation | undefined>> } & Record<string, unknown>;

const operationsOf = (doc: OpenApiDocument) =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.flatMap((m) => (item[m] ? [{ path, method: m, op: item[m] as Operation }] : [])),
  );

/** Every schema of the document must be a valid JSON Schema 2020-12, the dialect of OpenAPI 3.1. */
function jsonSchemaProblems(doc: OpenApiDocument): string[] {
  const ajv = new Ajv2020({ strict: false, validateFormats: false });
  const schemas: [string, unknown][] = [];
  for (const { path, method, op } of operationsOf(doc)) {
    for (const p of op.parameters ?? []) schemas.push([`${method} ${path} parameter ${p.name}`, p.schema]);
    for (const [type, m] of Object.entries(op.requestBody?.content ?? {}))
      schemas.push([`${method} ${path} body ${type}`, m.schema]);
    for (const [status, r] of Object.entries(op.responses))
      for (const [type, m] of Object.entries(r.content ?? {})) schemas.push([`${method} ${path} ${status} ${type}`, m.schema]);
  }
  const components = (doc.components as { schemas?: Record<string, unknown> } | undefined)?.schemas ?? {};
  for (const [name, schema] of Object.entries(components)) schemas.push([`component ${name}`, schema]);
  return schemas
    .filter(([, schema]) => schema !== undefined && !ajv.validateSchema(schema as object))
    .map(([where]) => `${where}: ${ajv.errorsText(ajv.errors)}`);
}

function unresolvedRefs(doc: unknown): string[] {
  const refs: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object')
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && typeof v === 'string') refs.push(v);
        else walk(v);
      }
  };
  walk(doc);
  return refs.filter((ref) => {
    if (!ref.startsWith('#/')) return true;
    let node: unknown = doc;
    for (const part of ref.slice(2).split('/')) {
      const key = part.replaceAll('~1', '/').replaceAll('~0', '~');
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    }
    return node === undefined;
  });
}

function undeclaredPathParameters(doc: OpenApiDocument): string[] {
  return operationsOf(doc).flatMap(({ path, method, op }) => {
    const declared = new Set((op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name));
    const used = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
    return used.filter((name) => !declared.has(name)).map((name) => `${method} ${path}: {${name}} not declared`);
  });
}
