import type { FastifyInstance } from 'fastify';
import { addAgendaItem } from '../../src/app/agenda.usecases.js';
import { addUser } from '../../src/app/auth.usecases.js';
import { createCommission, createSession } from '../../src/app/commission.usecases.js';
import type { Actor, AppContext } from '../../src/app/context.js';
import { recordMinutes } from '../../src/app/minutes.usecases.js';
import { createPlan } from '../../src/app/plan.usecases.js';
import { transitionSessionStatus } from '../../src/app/session.usecases.js';
import type { SessionCreate } from '../../src/domain/commission.schema.js';
import type { Classification } from '../../src/domain/labels.js';
import type { PlanCreate } from '../../src/domain/plan.schema.js';
import type { Role } from '../../src/domain/user.schema.js';
import { insertCompartment, insertOrganisation, insertParty } from '../../src/store/party.repo.js';

export const PASSWORD = 'test-password-1';

export async function seedParties(ctx: AppContext, codes = ['MAR', 'ISR', 'USA', 'FRA'], compartments = ['INDUS', 'INTEL']) {
  for (const code of codes) await insertParty(ctx.db, code, { en: code });
  for (const c of compartments) await insertCompartment(ctx.db, c, c);
  ctx.refreshCodec();
}

let counter = 0;

/** Adds a user and returns the actor the use cases take. */
export async function makeActor(
  ctx: AppContext,
  party: string,
  roles: Role[],
  clearance: Classification = 'SECRET',
  compartments: string[] = [],
): Promise<Actor> {
  const username = `u${++counter}.${party.toLowerCase()}.${roles[0]}`;
  const account = { username, displayName: username, party, roles, clearance, compartments };
  const user = await addUser(ctx, null, { ...account, password: PASSWORD });
  return { userId: user.id, ...account };
}

/** Parties, a MAR–ISR commission with a MAR-owned plan, and a planner of each side. */
export async function seedWorld(ctx: AppContext) {
  await seedParties(ctx);
  const marPlanner = await makeActor(ctx, 'MAR', ['planner', 'contributor', 'admin'], 'TOP_SECRET', ['INDUS', 'INTEL']);
  const isrPlanner = await makeActor(ctx, 'ISR', ['planner', 'contributor'], 'SECRET', []);
  const commission = await createCommission(ctx, marPlanner, {
    name: { fr: 'Commission militaire mixte', en: 'Joint Military Commission' },
    parties: ['MAR', 'ISR'],
    classificationTable: {},
    classification: 'UNCLASSIFIED',
    releasableTo: ['ISR', 'USA'],
    compartments: [],
  });
  const plan = await createPlan(ctx, marPlanner, yearPlanInput(commission.id, 2026));
  return { marPlanner, isrPlanner, commission, plan };
}

/** The MAR ministry that the suites reassigning activities make their lead organisation. */
export const MAR_MINISTRY = { party: 'MAR', name: 'Direction de la coopération', kind: 'ministry' } as const;

/** Records {@link MAR_MINISTRY} under `id`. */
export const insertMarMinistry = (ctx: AppContext, id: string) => insertOrganisation(ctx.db, { id, ...MAR_MINISTRY });

/** The unclassified work plan of a year of the commission, released to ISR and USA unless `over` says otherwise. */
export const yearPlanInput = (commissionId: string, year: number, over: Partial<PlanCreate> = {}): PlanCreate => ({
  commissionId,
  sessionId: null,
  title: { fr: `Plan de travail ${year}`, en: `${year} work plan` },
  periodStart: `${year}-01-01`,
  periodEnd: `${year}-12-31`,
  sourceId: null,
  classification: 'UNCLASSIFIED' as const,
  releasableTo: ['ISR', 'USA'],
  compartments: [],
  ...over,
});

export const activityInput = (refCode: string, over: Record<string, unknown> = {}) => ({
  refCode,
  title: { fr: `Activité ${refCode}`, en: `Activity ${refCode}` },
  type: 'technical_meeting' as const,
  domain: 'planning' as const,
  leadParty: 'MAR',
  participatingParties: ['ISR'],
  leadOrganisationId: null,
  location: 'Rabat',
  plannedPeriod: { start: '2026-03-01', end: '2026-03-31', precision: 'month' as const },
  priority: 2,
  sourceId: null,
  classification: 'UNCLASSIFIED' as const,
  releasableTo: ['ISR'],
  compartments: [],
  ...over,
});

/** What a test session of the MAR–ISR commission holds besides its number and dates. */
export const sessionDefaults = {
  place: 'Rabat',
  hostParty: 'MAR',
  delegations: [],
  minutes: null,
  sourceId: null,
  classification: 'UNCLASSIFIED',
  releasableTo: ['ISR'],
  compartments: [],
} satisfies Partial<SessionCreate>;

/**
 * A one-day session of the world's commission, hosted by ISR in Tel Aviv with a delegation of MAR,
 * unless `over` says otherwise.
 */
export const oneDaySession = (
  ctx: AppContext,
  w: Awaited<ReturnType<typeof seedWorld>>,
  number: number,
  startDate: string,
  over: Partial<SessionCreate> = {},
) =>
  createSession(ctx, w.marPlanner, w.commission.id, {
    ...sessionDefaults,
    number,
    startDate,
    endDate: startDate,
    place: 'Tel Aviv',
    hostParty: 'ISR',
    delegations: [{ party: 'MAR', name: 'Chef de délégation (illustratif)' }],
    ...over,
  });

/**
 * Session 3 of the world's commission (Tel Aviv, in January 2026), convened by MAR's planner, whose one
 * agenda item has minutes with these action items, none tied to an activity or a plan.
 */
export async function minutesWithActionItems(
  ctx: AppContext,
  w: Awaited<ReturnType<typeof seedWorld>>,
  summary: string,
  actionItems: { title: string; responsibleParty: string; dueDate: string }[],
) {
  const session = await createSession(ctx, w.marPlanner, w.commission.id, {
    ...sessionDefaults,
    number: 3,
    startDate: '2026-01-12',
    endDate: '2026-01-14',
    place: 'Tel Aviv',
    hostParty: 'ISR',
  });
  await transitionSessionStatus(ctx, w.marPlanner, session.id, { to: 'convened' });
  const item = await addAgendaItem(ctx, w.marPlanner, session.id, { title: 'Suivi', releasableTo: ['ISR'] });
  const items = actionItems.map((a) => ({ ...a, responsibleOrganisation: null, activityId: null, planId: null }));
  const minutes = await recordMinutes(ctx, w.marPlanner, item.id, { summary, decisions: null, actionItems: items }, 1);
  return { session, ...minutes };
}

/** Signs in through the API and answers the session cookie to send (`name=value`). */
export async function sessionCookie(app: FastifyInstance, username: string, password = PASSWORD): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username} answered ${res.statusCode}: ${res.body}`);
  return String(res.headers['set-cookie']).split(';')[0] ?? '';
}

/** Signs each user in through the API and answers their session cookies under the keys they are given. */
export async function sessionCookies(
  app: FastifyInstance,
  users: Record<string, { username: string }>,
  password = PASSWORD,
): Promise<Record<string, string>> {
  const cookies: Record<string, string> = {};
  for (const [key, user] of Object.entries(users)) cookies[key] = await sessionCookie(app, user.username, password);
  return cookies;
}

/** A request to the in-process `app` under the session `cookie` (none if undefined), `payload` its JSON body if given. */
export const injectWithCookie = (
  app: FastifyInstance,
  cookie: string | undefined,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
) => app.inject({ method, url, headers: { cookie: cookie ?? '' }, ...(payload === undefined ? {} : { payload }) });
