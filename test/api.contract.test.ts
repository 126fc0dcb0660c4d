import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuditSigning } from '../src/app/audit.usecases.js';
import { createToken } from '../src/app/auth.usecases.js';
import { type AppContext, createContext } from '../src/app/context.js';
import { DEMO_PASSWORD } from '../src/demo/accounts.js';
import { loadDemo } from '../src/demo/demo.js';
import { buildServer } from '../src/server/app.js';
import { apiRoutes } from './support/api-routes.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { CRITERIA, inputsFor, METHOD, NEED } from './support/evaluation.js';
import { activityInput } from './support/fixtures.js';

type Ajv = import('ajv').Ajv;
const addFormats = (ajvFormats as unknown as { default: (ajv: Ajv) => Ajv }).default;

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field as the scenario goes; the check is against the document.
type Json = any;
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** One 2xx answer as it went out: its route as the document names it, its status, its type and its bytes. */
interface Answer {
  method: string;
  path: string;
  status: number;
  contentType: string;
  body: string;
  /** What the handler gave, as JSON, before its serializer wrote it; none for bytes and text sent as they are. */
  given?: unknown;
}

interface MediaType {
  schema?: object;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, MediaType> }> }>>;
}

const isJson = (mediaType: string) => /^application\/([\w.+-]+\+)?json$/.test(mediaType);

/**
 * Checks answers against the OpenAPI document the server publishes: the status is documented for the
 * route, the content type is one the document gives for it, and a JSON body is valid against its schema
 * (JSON Schema 2020-12, the dialect of OpenAPI 3.1, formats included).
 */
function answerChecker(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const validators = new Map<object, ReturnType<Ajv['compile']>>();
  return (a: Answer): string | null => {
    const where = `${a.method.toUpperCase()} ${a.path} ${a.status}`;
    const response = doc.paths[a.path]?.[a.method]?.responses[String(a.status)];
    if (!response) return `${where}: the status is not documented`;
    const mediaType = a.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    if (!response.content) return a.body === '' ? null : `${where}: a body where the document gives none`;
    const media = response.content[mediaType];
    if (!media) return `${where}: answers ${mediaType || 'no type'}, the document gives ${Object.keys(response.content)}`;
    if (!isJson(mediaType)) return a.body.length > 0 ? null : `${where}: an empty ${mediaType}`;
    if (!media.schema) return `${where}: no schema`;
    let validate = validators.get(media.schema);
    if (!validate) {
      validate = ajv.compile(media.schema);
      validators.set(media.schema, validate);
    }
    let body: unknown;
    try {
      body = JSON.parse(a.body);
    } catch {
      return `${where}: not JSON: ${a.body.slice(0, 100)}`;
    }
    return validate(body) ? null : `${where}: ${ajv.errorsText(validate.errors, { separator: '; ' })}`;
  };
}

/**
 * Where a written answer differs from what its handler gave other than by fields left out: the compiled
 * serializer does not validate, it coerces (a null where a string is due is written "", a numeric text
 * where a number is due is written as the number), and the answer would then pass the check against the
 * document while the handler broke it.
 */
function changedValues(written: unknown, given: unknown, path = ''): string[] {
  if (Array.isArray(written) && Array.isArray(given)) {
    if (written.length !== given.length) return [`${path || '/'}: ${given.length} items given, ${written.length} written`];
    return written.flatMap((w, i) => changedValues(w, given[i], `${path}/${i}`));
  }
  if (written && given && typeof written === 'object' && typeof given === 'object' && !Array.isArray(given)) {
    const had = given as Record<string, unknown>;
    return Object.entries(written).flatMap(([key, w]) =>
      key in had ? changedValues(w, had[key], `${path}/${key}`) : [`${path}/${key}: written, not given`],
    );
  }
  return written === given ? [] : [`${path || '/'}: ${JSON.stringify(given)} given, ${JSON.stringify(written)} written`];
}

/** The routes of the table with a 2xx answer that has a body, which the scenario must have had answered. */
function routesWithBodies(app: FastifyInstance, doc: OpenApiDocument) {
  return apiRoutes(app).filter(({ path, method }) =>
    Object.entries(doc.paths[path]?.[method]?.responses ?? {}).some(([status, r]) => /^2/.test(status) && r.content),
  );
}

const unexercised = (routes: { path: string; method: string }[], answers: Answer[]) =>
  routes
    .filter(({ path, method }) => !answers.some((a) => a.path === path && a.method === method))
    .map(({ path, method }) => `${method.toUpperCase()} ${path}`);

/**
 * Every route of the route table, including ones added later, is called on the demo data by users who
 * may read it, and each 2xx answer, as it went out on the wire, is checked against the OpenAPI document.
 * A route the scenario below does not answer with a 2xx fails the suite: a new route needs a step here.
 */
describe.each(databases())('every 2xx answer against the OpenAPI document on %s', (kind) => {
  let t: TestDatabase;
  let ctx: AppContext;
  let dir: string;
  let app: FastifyInstance;
  let doc: OpenApiDocument;
  const answers: Answer[] = [];
  const given = new Map<string, unknown>();
  const auth: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    dir = mkdtempSync(join(tmpdir(), 'jointplan-contract-'));
    // Signing the audit chain, so that its checkpoint can be asked for.
    const signing = await startAuditSigning(t.db, {
      keyFile: join(dir, 'audit-signing-key.pem'),
      checkpointFile: join(dir, 'audit-checkpoints.jsonl'),
      every: 1000,
    });
    ctx = createContext(t.db, undefined, signing);
    await loadDemo(ctx, { ifEmpty: true });
    app = await buildServer(ctx, { webRoot: false });
    // Names each answer's route as the route table has it, for the check below to find it in the document.
    app.addHook('onSend', async (request, reply, payload) => {
      reply.header('x-route', request.routeOptions.url ?? '').header('x-request', request.id);
      return payload;
    });
    // Keeps what each handler gave before it was written, to see that writing it only left fields out.
    app.addHook('preSerialization', async (request, _reply, payload) => {
      given.set(request.id, JSON.parse(JSON.stringify(payload ?? null)));
      return payload;
    });
    for (const who of ['mar.planner', 'mar.security', 'isr.planner', 'isr.viewer'])
      auth[who] = { authorization: `Bearer ${(await createToken(ctx, null, who, 'contract')).token}` };
    doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function call(who: string | null, method: Method, url: string, payload?: object, extra: Partial<InjectOptions> = {}) {
    const res = await app.inject({ method, url, headers: who ? auth[who] : {}, ...(payload ? { payload } : {}), ...extra });
    if (res.statusCode < 200 || res.statusCode > 299)
      throw new Error(`${method} ${url} as ${who}: ${res.statusCode} ${res.body}`);
    answers.push({
      method: method.toLowerCase(),
      path: String(res.headers['x-route'] ?? '').replace(/:(\w+)/g, '{$1}'),
      status: res.statusCode,
      contentType: String(res.headers['content-type'] ?? ''),
      body: res.body,
      given: given.get(String(res.headers['x-request'])),
    });
    return res;
  }
  const json = async (who: string | null, method: Method, url: string, payload?: object): Promise<Json> => {
    const res = await call(who, method, url, payload);
    return res.body ? res.json() : null;
  };
  const mar = (method: Method, url: string, payload?: object) => json('mar.planner', method, url, payload);
  const isr = (method: Method, url: string, payload?: object) => json('isr.planner', method, url, payload);
  const sec = (method: Method, url: string, payload?: object) => json('mar.security', method, url, payload);

  it('answers every route of the table with a 2xx on the demo data', async () => {
    // Each part runs even when one before it failed, so that one run names every route that did not answer.
    const failures: string[] = [];
    const part = async (name: string, steps: () => Promise<void>) => {
      try {
        await steps();
      } catch (err) {
        failures.push(`${name}: ${(err as Error).message}`);
      }
    };
    const commission = (await mar('GET', '/api/commissions')).items[0];
    const plan = (await mar('GET', '/api/plans')).items[0];

    await part('service, sign-in and accounts', async () => {
      await json(null, 'GET', '/api/health');
      await json(null, 'POST', '/api/auth/login', { username: 'usa.viewer', password: DEMO_PASSWORD });
      await mar('GET', '/api/me');
      await mar('GET', '/api/parties');
      expect((await mar('GET', '/api/organisations')).items.length).toBeGreaterThan(0);
      await mar('GET', '/api/compartments');
      const users = await mar('GET', '/api/users');
      await mar('GET', `/api/users/${users.items[0].id}`);
      const user = await mar('POST', '/api/users', {
        username: 'contract.viewer',
        displayName: 'Contract viewer',
        party: 'MAR',
        roles: ['viewer'],
        clearance: 'RESTRICTED',
        password: 'contract-password-1',
      });
      // A clearance given by an administrator waits for a security officer of the party: confirmed, then refused.
      const pendingOf = async (userId: string) =>
        (await sec('GET', '/api/clearance-requests')).items.find((r: Json) => r.userId === userId && r.status === 'pending');
      await sec('POST', `/api/clearance-requests/${(await pendingOf(user.id)).id}/confirm`);
      const created = await mar('GET', `/api/users/${user.id}`);
      const renamed = await mar('PATCH', `/api/users/${user.id}`, { displayName: 'Contract reader', version: created.version });
      await mar('PATCH', `/api/users/${user.id}`, { clearance: 'SECRET', version: renamed.version });
      await sec('POST', `/api/clearance-requests/${(await pendingOf(user.id)).id}/refuse`);
      const token = await mar('POST', '/api/tokens', { name: 'contract' });
      await mar('GET', '/api/tokens');
      await mar('DELETE', `/api/tokens/${token.id}`);
    });

    await part('the commission, its sessions, agendas, minutes and action items', async () => {
      await mar('GET', `/api/commissions/${commission.id}`);
      await mar('POST', '/api/commissions', { name: { en: 'Contract commission' }, parties: ['MAR', 'ISR'] });
      const sessions = await mar('GET', `/api/commissions/${commission.id}/sessions`);
      const held = sessions.items.find((s: Json) => s.number === 3);
      await mar('GET', `/api/sessions/${held.id}`);
      await mar('GET', `/api/sessions/${held.id}/agenda`);
      const session = await mar('POST', `/api/commissions/${commission.id}/sessions`, {
        number: 9,
        startDate: '2027-05-10',
        endDate: '2027-05-12',
        place: 'Rabat',
        hostParty: 'MAR',
        releasableTo: ['ISR'],
      });
      const moved = await mar('PATCH', `/api/sessions/${session.id}`, { place: 'Casablanca', version: session.version });
      const item = await mar('POST', `/api/sessions/${session.id}/agenda`, { title: 'Contract item', releasableTo: ['ISR'] });
      const prepared = await mar('POST', `/api/sessions/${session.id}/agenda/prepare`);
      await mar('POST', `/api/sessions/${session.id}/agenda/order`, {
        itemIds: [...prepared.items.map((i: Json) => i.id)].reverse(),
      });
      const reread = (await mar('GET', `/api/sessions/${session.id}/agenda`)).items.find((i: Json) => i.id === item.id);
      const renamedItem = await mar('PATCH', `/api/agenda-items/${item.id}`, {
        title: 'Contract item, renamed',
        version: reread.version,
      });
      await mar('POST', `/api/sessions/${session.id}/transitions`, { to: 'convened', version: moved.version });
      const minutes = await mar('PUT', `/api/agenda-items/${item.id}/minutes`, {
        summary: 'Discussed',
        decisions: 'Agreed',
        actionItems: [{ title: 'Send the report', responsibleParty: 'MAR', dueDate: '2027-06-30' }],
        version: renamedItem.version,
      });
      const actionItems = await mar('GET', `/api/commissions/${commission.id}/action-items`);
      const actionItem = actionItems.items.find((a: Json) => a.title === 'Send the report') ?? minutes.actionItems?.[0];
      const edited = await mar('PATCH', `/api/action-items/${actionItem.id}`, {
        dueDate: '2027-07-15',
        version: actionItem.version,
      });
      await mar('POST', `/api/action-items/${actionItem.id}/transitions`, { to: 'in_progress', version: edited.version });
      await mar('GET', `/api/commissions/${commission.id}/action-items/summary`);
      await mar('PUT', `/api/action-items/${actionItem.id}/watchers/me`);
      await mar('GET', `/api/action-items/${actionItem.id}/watchers`);
      await mar('DELETE', `/api/action-items/${actionItem.id}/watchers/me`);
      await call('mar.planner', 'GET', `/api/sessions/${held.id}/documents/minutes.html`);
    });

    await part('the demo plan: its activities, objectives, indicators, measures, revisions and documents', async () => {
      await mar('GET', `/api/plans/${plan.id}`);
      const activities = await mar('GET', `/api/plans/${plan.id}/activities`);
      const activity = activities.items[0];
      await mar('GET', `/api/activities/${activity.id}`);
      await mar('GET', `/api/activities/${activity.id}/history`);
      await mar('GET', `/api/activities/${activity.id}/follow-ups`);
      await mar('POST', `/api/activities/${activity.id}/follow-ups`, { body: 'Contract note', language: 'en' });
      await mar('GET', `/api/plans/${plan.id}/kpis`);
      await mar('GET', `/api/plans/${plan.id}/curve`);
      const results = await mar('GET', `/api/plans/${plan.id}/results`);
      const objectives = await mar('GET', `/api/plans/${plan.id}/objectives`);
      const objective = objectives.items[0];
      const revisions = await mar('GET', `/api/plans/${plan.id}/revisions`);
      await mar('GET', `/api/plans/${plan.id}/diff?from=${revisions.items[0]?.number ?? 0}&to=current`);
      await mar('GET', `/api/plans/${plan.id}/decisions`);
      const rollYear = Number(String(plan.periodStart).slice(0, 4)) + 1;
      const rollover = await mar('GET', `/api/plans/${plan.id}/rollover?year=${rollYear}`);
      await mar('POST', `/api/plans/${plan.id}/rollover`, {
        year: rollYear,
        activityIds: rollover.activities.filter((a: Json) => a.writable).map((a: Json) => a.id),
        objectiveIds: [],
        indicatorIds: [],
      });
      await mar('GET', `/api/search?q=${encodeURIComponent(activity.refCode)}`);
      await call('mar.planner', 'GET', `/api/plans/${plan.id}/documents/plan.html`);
      const exported = await mar('GET', `/api/plans/${plan.id}/export`);
      await mar('POST', '/api/plans/import?dryRun=true', exported);
      const amendment = await mar('POST', `/api/plans/${plan.id}/amendments`, { reason: 'Contract amendment' });
      await mar('POST', `/api/plans/${plan.id}/amendments/${amendment.number}/transitions`, { to: 'proposed' });
      const editedObjective = await mar('PATCH', `/api/objectives/${objective.id}`, {
        description: { en: 'Contract description' },
        version: objective.version,
      });
      expect(editedObjective.id).toBe(objective.id);
      const indicator = await mar('POST', `/api/objectives/${objective.id}/indicators`, {
        name: 'Contract indicator',
        unit: 'exercises',
        baselineValue: 0,
        baselineDate: '2026-01-01',
        targetValue: 10,
        targetDate: '2026-12-31',
        releasableTo: ['ISR'],
      });
      const editedIndicator = await mar('PATCH', `/api/indicators/${indicator.id}`, {
        unit: 'drills',
        version: indicator.version,
      });
      const measured = await mar('POST', `/api/indicators/${indicator.id}/measurements`, { date: '2026-06-30', value: 4 });
      expect(measured.version).toBeGreaterThan(editedIndicator.version);
      const corrected = await mar('PATCH', `/api/indicators/${indicator.id}/measurements/${measured.measurements.at(-1).id}`, {
        value: 5,
        reason: 'Recounted',
        version: measured.version,
      });
      const current = corrected.measurements.at(-1);
      await mar(
        'DELETE',
        `/api/indicators/${indicator.id}/measurements/${current.id}?reason=Duplicate&version=${corrected.version}`,
      );
      expect(results.objectives.length).toBeGreaterThan(0);
    });

    await part('a plan of its own, through its lifecycle to a close agreed by both parties and a reopening', async () => {
      const own = await mar('POST', '/api/plans', {
        commissionId: commission.id,
        title: { en: 'Contract plan' },
        periodStart: '2027-01-01',
        periodEnd: '2027-12-31',
        releasableTo: ['ISR'],
      });
      await mar('PATCH', `/api/plans/${own.id}`, { title: { en: 'Contract plan 2027' }, version: own.version });
      const newActivity = await mar(
        'POST',
        `/api/plans/${own.id}/activities`,
        activityInput('2027-CTR-01', { plannedPeriod: { start: '2027-03-01', end: '2027-03-31', precision: 'month' } }),
      );
      const editedActivity = await mar('PATCH', `/api/activities/${newActivity.id}`, {
        location: 'Tanger',
        version: newActivity.version,
      });
      await mar('POST', `/api/activities/${newActivity.id}/transitions`, { to: 'planned', version: editedActivity.version });
      await mar('POST', `/api/plans/${own.id}/activities/bulk`, {
        selection: { ids: [newActivity.id] },
        action: { kind: 'reassign', leadOrganisationId: null },
      });
      await isr('PUT', `/api/activities/${newActivity.id}/watchers/me`);
      await mar('GET', `/api/activities/${newActivity.id}/watchers`);
      await isr('DELETE', `/api/activities/${newActivity.id}/watchers/me`);
      const follower = await mar(
        'POST',
        `/api/plans/${own.id}/activities`,
        activityInput('2027-CTR-02', { plannedPeriod: { start: '2027-05-01', end: '2027-05-31', precision: 'month' } }),
      );
      const dependency = await mar('POST', `/api/plans/${own.id}/dependencies`, {
        predecessorId: newActivity.id,
        successorId: follower.id,
        lagDays: 3,
      });
      await mar('GET', `/api/plans/${own.id}/dependencies`);
      await mar('DELETE', `/api/dependencies/${dependency.id}?version=${dependency.version}`);
      await mar('DELETE', `/api/activities/${follower.id}?version=${follower.version}`);
      const ownObjective = await mar('POST', `/api/plans/${own.id}/objectives`, {
        title: { en: 'Contract objective' },
        activityIds: [newActivity.id],
        releasableTo: ['ISR'],
      });
      await call('mar.planner', 'DELETE', `/api/objectives/${ownObjective.id}`, undefined, {
        headers: { ...auth['mar.planner'], 'if-match': `"${ownObjective.version}"` },
      });
      const workbook = await call('mar.planner', 'GET', `/api/plans/${own.id}/export.xlsx`);
      await call('mar.planner', 'POST', '/api/plans/import.xlsx?dryRun=true', undefined, {
        payload: workbook.rawPayload,
        headers: { ...auth['mar.planner'], 'content-type': String(workbook.headers['content-type']) },
      });
      const version = async () => (await mar('GET', `/api/plans/${own.id}`)).version;
      const move = async (who: typeof mar, to: string) =>
        who('POST', `/api/plans/${own.id}/transitions`, { to, version: await version() });
      await move(mar, 'proposed');
      await isr('POST', `/api/plans/${own.id}/decisions`, { decision: 'return', comment: 'Not yet', version: await version() });
      await move(mar, 'proposed');
      await move(mar, 'approved');
      await move(isr, 'approved');
      await move(mar, 'in_execution');
      await mar('POST', `/api/plans/${own.id}/close`, {
        dispositions: [{ activityId: newActivity.id, disposition: 'cancel', reason: 'Not needed' }],
        version: await version(),
      });
      await isr('POST', `/api/plans/${own.id}/close/decision`, { decision: 'agree', version: await version() });
      await mar('POST', `/api/plans/${own.id}/reopen`, { comment: 'One more activity', version: await version() });
      await isr('POST', `/api/plans/${own.id}/reopen/decision`, { decision: 'refuse', comment: 'No', version: await version() });
    });

    await part('sources, notifications, calendar and audit', async () => {
      const sources = await mar('GET', '/api/sources');
      await mar('GET', `/api/sources/${sources.items[0].id}`);
      await mar('POST', '/api/sources', { kind: 'document', title: 'Contract source', releasableTo: ['ISR'] });
      await mar('GET', '/api/notifications');
      const feed = await mar('POST', '/api/me/calendar-token');
      await call(null, 'GET', feed.path);
      await sec('GET', '/api/audit');
      await sec('GET', '/api/audit/checkpoint');
      await sec('GET', '/api/audit?action=activity&from=2026-01-01');
      await sec('GET', '/api/audit/verification');
      await call('mar.security', 'GET', '/api/audit/export.csv?action=activity');
      await mar('PUT', '/api/me/email', { email: 'planner@mar.example' });
      await mar('GET', '/api/me/email');
      expect(await mar('PUT', '/api/me/language', { language: 'ar' })).toEqual({ language: 'ar' });
      expect(await mar('GET', '/api/me/language')).toEqual({ language: 'ar' });
      const grouped = await mar('GET', '/api/plans');
      await mar('GET', `/api/plans/${grouped.items[0].id}/activity-groups?by=quarter`);
      const query = await mar('POST', '/api/saved-queries', { name: 'Contract query', shared: true, state: { group: 'domain' } });
      await mar('GET', '/api/saved-queries');
      await mar('PATCH', `/api/saved-queries/${query.id}`, { name: 'Contract query 2' });
      await call('mar.planner', 'DELETE', `/api/saved-queries/${query.id}`);
    });

    await part('procurement: suppliers, a programme through offers to a contract and its execution, exchange rates', async () => {
      const supplier = await mar('POST', '/api/suppliers', {
        name: 'Contract Systems',
        country: 'France',
        systems: [{ name: 'CS-1', category: 'air defence' }],
        releasableTo: ['ISR'],
      });
      await mar('GET', '/api/suppliers');
      await mar('GET', `/api/suppliers/${supplier.id}`);
      const withSystem = await mar('POST', `/api/suppliers/${supplier.id}/systems`, { name: 'CS-2', category: 'radar' });
      const [kept, system] = withSystem.systems;
      await mar('POST', '/api/exchange-rates', { from: 'USD', to: 'EUR', rate: '0.9', date: '2026-06-01', source: 'ECB' });
      await mar('GET', '/api/exchange-rates');
      const programme = await mar('POST', '/api/programmes', {
        commissionId: commission.id,
        title: { en: 'Contract programme' },
        need: {
          capabilityGap: 'Air defence',
          quantity: 4,
          requiredBy: '2028-06-30',
          budgetCeiling: { amount: '90071992547409930.07', currency: 'EUR' },
        },
        releasableTo: ['ISR'],
      });
      await mar('PATCH', `/api/programmes/${programme.id}`, {
        description: { en: 'Contract description' },
        version: programme.version,
      });
      await mar('GET', '/api/programmes');
      await mar('GET', `/api/programmes/${programme.id}`);
      const offer = (kept: Json) =>
        mar('POST', `/api/programmes/${programme.id}/offers`, {
          supplierId: supplier.id,
          systemId: kept.id,
          quantity: 4,
          unitPrice: { amount: '1000000.00', currency: 'EUR' },
          totalPrice: { amount: '4000000.00', currency: 'EUR' },
          validUntil: '2027-06-30',
        });
      const chosen = (await offer(kept)).offers.at(-1);
      const withdrawn = (await offer(system)).offers.at(-1);
      const mistaken = (await offer(system)).offers.at(-1);
      // An offer is deleted while the need is open; once the evaluation opened, it is withdrawn and stays.
      await mar('DELETE', `/api/programmes/${programme.id}/offers/${mistaken.id}`);
      const move = async (to: string, extra: Json = {}) =>
        mar('POST', `/api/programmes/${programme.id}/transitions`, {
          to,
          version: (await mar('GET', `/api/programmes/${programme.id}`)).version,
          ...extra,
        });
      await move('evaluation');
      await mar('POST', `/api/programmes/${programme.id}/offers/${withdrawn.id}/withdrawal`, { reason: 'Superseded' });
      await move('selected', { offerId: chosen.id });
      await mar('PUT', `/api/programmes/${programme.id}/contract`, {
        value: { amount: '4000000.00', currency: 'EUR' },
        signedOn: '2026-09-01',
        reference: 'CTR-1',
      });
      await move('contracted');
      const milestones = await mar('POST', `/api/programmes/${programme.id}/contract/milestones`, {
        kind: 'payment',
        title: 'Advance payment',
        dueDate: '2027-03-31',
        value: { amount: '1000000.00', currency: 'EUR' },
      });
      await mar('PATCH', `/api/programmes/${programme.id}/contract/milestones/${milestones.contract.milestones[0].id}`, {
        status: 'met',
        dateMet: '2027-03-30',
      });
      await move('delivering');
      await mar('POST', `/api/programmes/${programme.id}/contract/deliveries`, {
        lot: 'Lot 1',
        deliveredOn: '2027-03-30',
        quantityDelivered: 2,
        quantityAccepted: 2,
      });
      await mar('POST', `/api/programmes/${programme.id}/contract/amendments`, {
        date: '2027-04-01',
        rationale: 'More units',
        value: { amount: '500000.00', currency: 'EUR' },
      });
      await mar('GET', `/api/programmes/${programme.id}/totals?currency=EUR`);
      await mar('GET', '/api/programme-measures?currency=USD&on=2027-04-30');
      await mar('GET', `/api/programmes/${programme.id}/measures?currency=EUR&on=2027-04-30`);
      await mar('GET', `/api/programmes/${programme.id}/ocds`);
    });

    await part('procurement: the evaluation of offers, designed, filled in, frozen at selection', async () => {
      const supplier = (await mar('GET', '/api/suppliers')).items[0];
      const programme = await mar('POST', '/api/programmes', {
        title: { en: 'Evaluated programme' },
        need: NEED,
        releasableTo: ['ISR'],
      });
      const url = `/api/programmes/${programme.id}`;
      for (const amount of ['400.00', '500.00'])
        await mar('POST', `${url}/offers`, {
          supplierId: supplier.id,
          systemId: supplier.systems[0].id,
          quantity: 2,
          unitPrice: { amount, currency: 'EUR' },
          totalPrice: { amount, currency: 'EUR' },
          validUntil: '2027-06-30',
        });
      const moved = await mar('POST', `${url}/transitions`, { to: 'evaluation' });
      // A programme moved to evaluation before evaluations were kept has none; its planner opens it.
      await t.db.updateTable('programme').set({ evaluation_id: null }).where('id', '=', programme.id).execute();
      await t.db.deleteFrom('evaluation').where('id', '=', moved.evaluationId).execute();
      let e = await mar('POST', `${url}/evaluation`);
      e = await mar('PATCH', `${url}/evaluation`, { criteria: CRITERIA, method: METHOD, version: e.version });
      const [me, partner] = [await mar('GET', '/api/me'), await isr('GET', '/api/me')];
      e = await mar('POST', `${url}/evaluation/evaluators`, { userId: me.id, version: e.version });
      e = await mar('POST', `${url}/evaluation/evaluators`, { userId: partner.id, version: e.version });
      const offers = e.offers.map((o: Json) => o.id);
      await mar('PUT', `${url}/evaluation/evaluators/${me.id}/inputs`, inputsFor(offers));
      await isr('PUT', `${url}/evaluation/evaluators/${partner.id}/inputs`, inputsFor(offers, 1));
      // A label of its own, as strict as the programme's, then back to the programme's.
      const { ownerParty: _owner, own: _own, ...label } = e.label;
      const labelled = await mar('PUT', `${url}/evaluation/label`, { label, version: e.version });
      e = await mar('PUT', `${url}/evaluation/label`, { label: null, version: labelled.version });
      await isr('GET', `${url}/evaluation`);
      await call('isr.planner', 'GET', `${url}/evaluation/report.pdf?lang=he`);
      const scores = await call('isr.planner', 'GET', `${url}/evaluation/scores.xlsx`);
      await call('isr.planner', 'PUT', `${url}/evaluation/scores.xlsx`, undefined, {
        payload: scores.rawPayload,
        headers: { ...auth['isr.planner'], 'content-type': String(scores.headers['content-type']) },
      });
      await mar('POST', `${url}/transitions`, { to: 'selected', offerId: offers[0] });
      await isr('GET', `/api/evaluations/${e.id}`);
    });
    await part('offsets: an obligation from a contract, a claim granted after review, the ledger', async () => {
      const contracted = (await mar('GET', '/api/programmes')).items.find((p: Json) => p.contractValue);
      const obligation = await mar('POST', '/api/offset-obligations', {
        programmeId: contracted.id,
        obligorParty: 'ISR',
        beneficiaryParty: 'MAR',
        requiredPercentage: '50',
        deadline: '2030-12-31',
        penaltyPercentage: '5',
        multipliers: [{ category: 'technology_transfer', multiplier: '3' }],
      });
      await mar('GET', `/api/offset-obligations?programmeId=${contracted.id}`);
      await mar('GET', `/api/offset-obligations/${obligation.id}`);
      const claim = await isr('POST', `/api/offset-obligations/${obligation.id}/claims`, {
        source: 'purchase',
        category: 'technology_transfer',
        value: { amount: '1000.00', currency: obligation.amount.currency },
        evidence: 'Transfer acceptance report TT-1',
      });
      const reviewed = await mar('POST', `/api/offset-claims/${claim.id}/move`, { to: 'under_review', version: claim.version });
      await mar('POST', `/api/offset-claims/${claim.id}/move`, {
        to: 'granted',
        acceptedValue: '800.00',
        version: reviewed.version,
      });
      await isr('GET', `/api/offset-claims/${claim.id}`);
      await isr('GET', `/api/offset-obligations/${obligation.id}/claims`);
      await mar('GET', `/api/offset-ledger?contract=${contracted.id}`);
      await mar('GET', '/api/offset-ledger?party=ISR&currency=USD');
      await call('mar.planner', 'GET', '/api/offset-ledger.xlsx?party=ISR&currency=USD');
      await call('isr.planner', 'GET', `/api/programmes/${contracted.id}/offset-report.pdf?lang=ar&currency=USD`);
      // The record graph, from the programme and from the obligation.
      await mar('GET', `/api/programmes/${contracted.id}/trace?currency=USD`);
      await isr('GET', `/api/programmes/${contracted.id}/trace/claims?limit=1`);
      await isr('GET', `/api/offset-obligations/${obligation.id}/trace`);
    });
    await part(
      'industry: an industrial project proposed, edited, moved, with partners, milestones, transfers, commitments',
      async () => {
        const project = await mar('POST', '/api/industrial-projects', {
          title: { en: 'Contract industrial project' },
          kind: 'production_site',
          site: { place: 'Casablanca', latitude: 33.57, longitude: -7.59 },
          budget: { amount: '1000000.00', currency: 'USD' },
          partners: [
            { name: 'Kingdom of Morocco', party: 'MAR', role: 'host_state', share: '60' },
            { name: 'Israeli industry', party: 'ISR', role: 'prime', share: '40' },
          ],
          releasableTo: ['ISR'],
        });
        const url = `/api/industrial-projects/${project.id}`;
        await mar('GET', '/api/industrial-projects?kind=production_site');
        await isr('GET', url);
        const edited = await mar('PATCH', url, { jobsPlanned: 300, version: project.version });
        const agreed = await mar('POST', `${url}/transitions`, { to: 'agreed', version: edited.version });
        const shared = await mar('PUT', `${url}/partners`, {
          partners: project.partners.map((p: Json) => ({ id: p.id, name: p.name, party: p.party, role: p.role, share: '50' })),
          version: agreed.version,
        });
        const withMilestone = await mar('POST', `${url}/milestones`, {
          kind: 'groundbreaking',
          title: 'Groundbreaking',
          plannedOn: '2026-02-01',
          version: shared.version,
        });
        // Reached and accepted on days that have come: a day to come is refused.
        const reached = await mar('PATCH', `${url}/milestones/${withMilestone.milestones[0].id}`, {
          actualOn: '2026-02-03',
          version: withMilestone.version,
        });
        const withTransfer = await mar('POST', `${url}/transfers`, {
          what: 'Welding process',
          from: 'ISR',
          to: 'MAR',
          plannedOn: '2026-03-01',
          version: reached.version,
        });
        const accepted = await mar('PATCH', `${url}/transfers/${withTransfer.transfers[0].id}`, {
          acceptedOn: '2026-03-05',
          version: withTransfer.version,
        });
        await mar('POST', `${url}/measurements`, {
          asOf: project.createdAt.slice(0, 10),
          jobsCreated: 40,
          localContentReached: '12.5',
          note: 'Payroll report',
          version: accepted.version,
        });
        await isr('GET', `${url}/measurements`);
        const commitment = await isr('POST', `${url}/commitments`, {
          partnerId: project.partners[1].id,
          what: 'Train 50 technicians',
        });
        await isr('PATCH', `${url}/commitments/${commitment.id}`, { jobs: 50, version: commitment.version });
        await isr('POST', `${url}/follow-ups`, { body: 'Technicians trained on site', language: 'en' });
        await mar('GET', `${url}/follow-ups`);
        await mar('GET', '/api/industrial-projects/progress?asOf=2027-06-01');
        await isr('GET', `${url}/history`);
        await isr('GET', `${url}/trace`);
      },
    );

    await part('sovereign exchange: a bundle for ISR, a bundle from ISR applied, the records received', async () => {
      const [
        { buildBundle },
        { generateSigningKey, publicKeyRecord, signerOf },
        { signCheckpoint },
        { trustKeys },
        { actorForUsername },
      ] = await Promise.all([
        import('../src/domain/exchange/bundle.js'),
        import('../src/store/signing.js'),
        import('../src/store/ed25519.js'),
        import('../src/app/exchange-bundle.usecases.js'),
        import('../src/app/auth.usecases.js'),
      ]);
      const policyFile = join(process.cwd(), 'config/security-policy/MAR.json');
      process.env.JOINTPLAN_SECURITY_POLICY = policyFile;
      process.env.JOINTPLAN_EXCHANGE_KEY_FILE = join(dir, 'exchange-signing-key.pem');
      const sent = await call('mar.security', 'POST', '/api/exchange/bundles?to=ISR');
      await call('mar.security', 'GET', `/api/exchange/bundles/${sent.headers['x-bundle-id']}/release-record.pdf?lang=ar`);
      // ISR's keys, trusted at MAR as after the ceremony, sign ISR's first bundle to MAR.
      const [exchange, audit] = [generateSigningKey('ES256'), generateSigningKey('Ed25519')];
      const who = { installation: 'jointplan-isr', party: 'ISR', expires: '2099-01-01T00:00:00.000Z' } as const;
      const officer = await actorForUsername(ctx, 'mar.security');
      const [{ readFileSync }, { parseSecurityPolicy }] = await Promise.all([
        import('node:fs'),
        import('../src/domain/exchange/security-policy.js'),
      ]);
      const setup = { policy: parseSecurityPolicy(JSON.parse(readFileSync(policyFile, 'utf8'))), key: exchange };
      await trustKeys(ctx, officer, setup, [
        publicKeyRecord(exchange, { ...who, use: 'exchange' }),
        publicKeyRecord(audit, { ...who, use: 'audit' }),
      ]);
      const now = new Date().toISOString();
      const bundle = buildBundle(
        {
          bundleId: crypto.randomUUID(),
          sender: { installation: who.installation, party: who.party },
          audience: { installation: 'jointplan-mar', party: 'MAR' },
          sequence: 1,
          previousHash: null,
          createdAt: now,
          expiresAt: '2099-01-01T00:00:00.000Z',
          checkpoint: signCheckpoint(audit.privateKey, { treeSize: 1, headHash: 'a'.repeat(64), time: now, keyId: audit.keyId }),
        },
        new Uint8Array(0),
        signerOf(exchange),
      );
      await call('mar.security', 'POST', '/api/exchange/bundles/import', undefined, {
        payload: Buffer.from(bundle),
        headers: { ...auth['mar.security'], 'content-type': 'application/vnd.jointplan.bundle' },
      });
      await json('isr.viewer', 'GET', '/api/exchange/received');
      // A plan of ISR's as a bundle leaves it here, proposed: MAR's planners approve it, and read its approvals.
      const copyId = crypto.randomUUID();
      const codec = await ctx.codec();
      await ctx.db
        .insertInto('exchange_record')
        .values({
          originator_installation: 'jointplan-isr',
          kind: 'plan',
          id: copyId,
          parent_id: null,
          version: 1,
          updated_at: now,
          received_at: now,
          bundle_id: crypto.randomUUID(),
          originator_label: '{}',
          local_level: 'NC',
          data: JSON.stringify({ status: 'proposed' }),
          ...codec.encode({ ownerParty: 'ISR', classification: 'UNCLASSIFIED', releasableTo: ['MAR'], compartments: [] }),
        })
        .execute();
      await mar('POST', `/api/plans/${copyId}/partner-approval`, { version: 1 });
      await mar('GET', `/api/plans/${copyId}/partner-approvals?lang=fr`);
      // A plan received from ISR with its label as it came, read with what came with it.
      const receivedId = crypto.randomUUID();
      await ctx.db
        .insertInto('exchange_record')
        .values({
          originator_installation: 'jointplan-isr',
          kind: 'plan',
          id: receivedId,
          parent_id: null,
          version: 1,
          updated_at: now,
          received_at: now,
          bundle_id: crypto.randomUUID(),
          originator_label: JSON.stringify({
            classification: 'BALAMAS',
            originator: { party: 'ISR', installation: 'jointplan-isr' },
          }),
          local_level: 'NC',
          data: JSON.stringify({ status: 'proposed' }),
          ...codec.encode({ ownerParty: 'ISR', classification: 'UNCLASSIFIED', releasableTo: ['MAR'], compartments: [] }),
        })
        .execute();
      await mar('GET', `/api/exchange/received/plans/${receivedId}?lang=fr`);
      // What an import did with the records of a bundle applied here, a page at a time.
      const appliedId = crypto.randomUUID();
      await ctx.db
        .insertInto('exchange_received')
        .values({
          bundle_id: appliedId,
          sender_installation: 'jointplan-isr',
          sequence: 1,
          bundle_hash: 'h',
          applied_at: now,
          report: '{}',
        })
        .execute();
      await ctx.db
        .insertInto('exchange_received_record')
        .values({
          bundle_id: appliedId,
          position: 0,
          kind: 'plan',
          record_id: receivedId,
          action: 'created',
          ...codec.encode({ ownerParty: 'ISR', classification: 'UNCLASSIFIED', releasableTo: ['MAR'], compartments: [] }),
        })
        .execute();
      await json('mar.security', 'GET', `/api/exchange/bundles/received/${appliedId}/records?limit=10`);
      await json('mar.security', 'GET', '/api/exchange/overview');
      delete process.env.JOINTPLAN_SECURITY_POLICY;
      delete process.env.JOINTPLAN_EXCHANGE_KEY_FILE;
    });

    expect(failures).toEqual([]);
  }, 180_000);

  it('sends only answers that the OpenAPI document describes', () => {
    const check = answerChecker(doc);
    expect(answers.map(check).filter((problem) => problem !== null)).toEqual([]);
    expect(answers.length).toBeGreaterThan(100);
  });

  it('writes what the handlers gave, leaving fields out and changing none', () => {
    const written = answers.filter((a) => a.given !== undefined && isJson(a.contentType.split(';')[0] ?? ''));
    expect(written.length).toBeGreaterThan(90);
    expect(
      written.flatMap((a) => changedValues(JSON.parse(a.body), a.given).map((c) => `${a.method.toUpperCase()} ${a.path} ${c}`)),
    ).toEqual([]);
    expect(changedValues({ id: 'a', n: 3 }, { id: 'a', n: '3', extra: true })).toEqual(['/n: "3" given, 3 written']);
  });

  it('has had a 2xx answer from every route of the table that answers a body', () => {
    const routes = routesWithBodies(app, doc);
    expect(routes.length).toBeGreaterThan(90);
    expect(unexercised(routes, answers)).toEqual([]);
  });

  it('would see an answer that breaks its schema, and a route left out', () => {
    const check = answerChecker(doc);
    const plan = answers.find((a) => a.method === 'get' && a.path === '/api/plans/{id}');
    expect(plan && check(plan)).toBeNull();
    if (!plan) return;
    const { version: _version, ...withoutVersion } = JSON.parse(plan.body);
    expect(check({ ...plan, body: JSON.stringify(withoutVersion) })).toMatch(/version/);
    expect(check({ ...plan, body: JSON.stringify({ ...JSON.parse(plan.body), status: 'lost' }) })).toMatch(/status/);
    expect(check({ ...plan, contentType: 'text/html' })).toMatch(/text\/html/);
    expect(check({ ...plan, status: 299 })).toMatch(/not documented/);
    const routes = routesWithBodies(app, doc);
    expect(
      unexercised(
        routes,
        answers.filter((a) => !(a.method === 'get' && a.path === plan.path)),
      ),
    ).toEqual(['GET /api/plans/{id}']);
  });
});
