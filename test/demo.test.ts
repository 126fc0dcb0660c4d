import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listActionItems } from '../src/app/action-item.usecases.js';
import { getActivity } from '../src/app/activity.usecases.js';
import { listAgenda } from '../src/app/agenda.usecases.js';
import { verifyAudit } from '../src/app/audit.usecases.js';
import { listUsers } from '../src/app/auth.usecases.js';
import { listSessions } from '../src/app/commission.usecases.js';
import { type Actor, createContext } from '../src/app/context.js';
import { planResults } from '../src/app/indicator.usecases.js';
import { planKpis } from '../src/app/kpi.usecases.js';
import { getPlan, listPlans } from '../src/app/plan.usecases.js';
import { listRevisions, planDiff } from '../src/app/revision.usecases.js';
import { getSession } from '../src/app/session.usecases.js';
import { DEMO_ACCOUNTS } from '../src/demo/accounts.js';
import { loadDemo } from '../src/demo/demo.js';
import { kpiQuerySchema } from '../src/domain/kpi.schema.js';
import { canRead } from '../src/domain/labels.js';
import { readableBy } from '../src/store/access.js';
import type { LabelledTable } from '../src/store/database.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';

// The demo is written as of this day: what is done, late or to come is relative to it.
const DEMO_TODAY = '2026-11-23';
const DEMO_NOW = new Date(`${DEMO_TODAY}T12:00:00Z`);
const TABLES = [
  'activity',
  'follow_up',
  'work_plan',
  'commission',
  'commission_session',
  'source',
  'agenda_item',
  'action_item',
  'objective',
  'indicator',
  'industrial_project',
  'industrial_commitment',
  'offset_obligation',
  'offset_claim',
] as const satisfies readonly LabelledTable[];
type RecordTable = (typeof TABLES)[number];

describe.each(databases())('demo on %s', (kind) => {
  let t: TestDatabase;
  let loadMs = 0;
  let loaded = false;
  const actors = new Map<string, Actor>();

  const all = (table: RecordTable) => t.db.selectFrom(table).selectAll().execute();
  const actor = (username: string) => {
    const a = actors.get(username);
    if (!a) throw new Error(`no demo account ${username}`);
    return a;
  };
  const readableIds = async (username: string, table: RecordTable) => {
    const codec = await t.ctx.codec();
    const rows = await t.db
      .selectFrom(table)
      .select('id')
      .where(readableBy(codec.reader(actor(username)), table))
      .execute();
    return rows.map((r) => r.id).sort();
  };
  const activities = async () => {
    const rows = await t.db.selectFrom('activity').selectAll().execute();
    return rows.map((r) => ({
      ...r,
      title: JSON.parse(r.title) as Record<string, string>,
      description: JSON.parse(r.description) as Record<string, string>,
    }));
  };

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    const started = Date.now();
    loaded = await loadDemo(t.ctx, { ifEmpty: true });
    loadMs = Date.now() - started;
    for (const u of (await listUsers(t.ctx, null)).items) actors.set(u.username, { ...u, userId: u.id });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('loads into an empty database quickly, and never twice', async () => {
    expect(loaded).toBe(true);
    if (kind === 'sqlite') expect(loadMs).toBeLessThan(15_000);
    const before = (await all('activity')).length;
    expect(await loadDemo(t.ctx, { ifEmpty: true })).toBe(false);
    await expect(loadDemo(t.ctx, { ifEmpty: false })).rejects.toThrow(/already loaded/);
    expect(await all('activity')).toHaveLength(before);
  });

  it('has exactly the demo accounts, plus one contributor per party', () => {
    const names = [...actors.keys()].sort();
    expect(names).toEqual(
      [...DEMO_ACCOUNTS.map((a) => a.username), 'mar.contributor', 'isr.contributor', 'usa.contributor'].sort(),
    );
    for (const a of DEMO_ACCOUNTS)
      expect(actor(a.username)).toMatchObject({ party: a.party, clearance: a.clearance, roles: a.roles });
  });

  it('records the 3rd session in Tel Aviv and the plan it adopted, approved by both parties and in execution', async () => {
    const mar = actor('mar.planner');
    const [plan] = (await listPlans(t.ctx, mar)).items;
    expect(plan).toBeDefined();
    if (!plan) return;
    expect(plan).toMatchObject({ ownerParty: 'MAR', releasableTo: ['ISR'], status: 'in_execution' });
    expect(plan.approvals.map((a) => a.party).sort()).toEqual(['ISR', 'MAR']);
    // Each approval by the party's planner: named to a reader of that party, only by party to the other.
    expect(plan.approvals.find((a) => a.party === 'ISR')?.userId).toBeNull();
    const isr = (await listPlans(t.ctx, actor('isr.planner'))).items.find((p) => p.id === plan.id);
    expect(isr?.approvals.find((a) => a.party === 'ISR')?.userId).toBe(actor('isr.planner').userId);
    const sessions = (await listSessions(t.ctx, mar, plan.commissionId)).items;
    expect(sessions).toHaveLength(2);
    expect(sessions[0]).toMatchObject({ id: plan.sessionId, number: 3, place: 'Tel-Aviv', hostParty: 'ISR' });
    expect(sessions[1]).toMatchObject({ number: 4, place: 'Rabat', hostParty: 'MAR', status: 'planned' });
    // The list carries each session's minutes approvals, as its detail does.
    expect(sessions[0]?.minutesApprovals.map((a) => a.party)).toEqual(['MAR', 'ISR']);
    expect(sessions[1]?.minutesApprovals).toEqual([]);
    expect(sessions[0]?.minutes).toMatch(/illustratif/);
    expect(await getPlan(t.ctx, actor('isr.viewer'), plan.id)).toMatchObject({ id: plan.id });
    // The approvals went through the use case: both are in the audit trail, at the days after the session.
    const approvals = await t.db
      .selectFrom('audit_entry')
      .selectAll()
      .where('action', '=', 'plan.approve')
      .orderBy('seq')
      .execute();
    expect(approvals.map((a) => [a.actor_party, a.at.slice(0, 10)])).toEqual([
      ['MAR', '2026-01-14'],
      ['ISR', '2026-01-15'],
    ]);
  });

  it('keeps the equivalence table of the security agreement, with the gap in the Israeli ladder', async () => {
    const [commission] = await all('commission');
    const table = JSON.parse(commission?.classification_table ?? '{}') as Record<string, (string | null)[]>;
    expect(table.MAR).toEqual(['NON CLASSIFIÉ', 'DIFFUSION RESTREINTE', 'CONFIDENTIEL', 'SECRET', 'TRÈS SECRET']);
    expect(table.ISR?.[1]).toBeNull();
    expect(table.USA?.[4]).toBe('TOP SECRET');
  });

  it('cites a seed article for every activity, and marks what it invents as illustrative', async () => {
    const sources = await all('source');
    expect(sources).toHaveLength(2);
    for (const s of sources) {
      expect(s.kind).toBe('press_article');
      expect(s.published_on?.startsWith('2026-01')).toBe(true);
      expect(s.excerpt).toMatch(/«.+»/);
      expect(s.excerpt).toMatch(/illustrati/);
    }
    expect(sources.map((s) => s.publisher).join(' ')).toMatch(/mediaterranee\.com.*Maariv.*Business Insider/);
    const ids = new Set(sources.map((s) => s.id));
    const list = await activities();
    expect(list.length).toBeGreaterThanOrEqual(15);
    expect(list.length).toBeLessThanOrEqual(25);
    for (const a of list) {
      expect(ids.has(a.source_id ?? ''), a.ref_code).toBe(true);
      expect(a.ref_code).toMatch(/^2026-[A-Z]{3}-\d{2}$/);
      expect(a.title.fr && a.title.en, a.ref_code).toBeTruthy();
      expect(a.description.fr, a.ref_code).toMatch(/illustratif/);
    }
  });

  it('covers every kind of activity the articles describe', async () => {
    const list = await activities();
    const domains = new Set(list.map((a) => a.domain));
    for (const d of ['planning', 'forces', 'industry', 'logistics', 'intelligence', 'doctrine', 'training'])
      expect(domains).toContain(d);
    const types = new Set(list.map((a) => a.type));
    for (const ty of ['technical_meeting', 'unit_visit', 'industry_visit', 'staff_talks', 'information_sharing', 'training'])
      expect(types).toContain(ty);
    const titled = (word: RegExp) => list.filter((a) => word.test(a.title.fr ?? ''));
    expect(titled(/ATMOS/).length).toBeGreaterThan(0);
    expect(titled(/Elbit/).length).toBeGreaterThan(0);
    const benslimane = titled(/Benslimane/);
    expect(benslimane.length).toBeGreaterThan(0);
    for (const a of benslimane) expect(JSON.parse(a.participating_parties)).toContain('USA');
    expect(list.some((a) => a.title.ar) && list.some((a) => a.title.he)).toBe(true);
    expect(new Set(list.map((a) => a.planned_precision))).toEqual(new Set(['day', 'month', 'quarter']));
  });

  it('shows a plan run until today: done, postponed, cancelled, late and upcoming, with their history', async () => {
    const list = await activities();
    const count = (status: string) => list.filter((a) => a.status === status).length;
    expect(count('reported') + count('conducted')).toBeGreaterThan(list.length / 2);
    expect(count('cancelled')).toBe(1);
    expect(count('postponed')).toBeGreaterThanOrEqual(1);
    const open = list.filter((a) => ['planned', 'scheduled', 'postponed'].includes(a.status));
    expect(open.filter((a) => a.planned_end < DEMO_TODAY).length).toBeGreaterThanOrEqual(1);
    expect(open.filter((a) => a.planned_start > DEMO_TODAY).length).toBeGreaterThanOrEqual(1);
    for (const a of list.filter((x) => x.status === 'conducted' || x.status === 'reported'))
      expect(a.actual_end && a.actual_end <= DEMO_TODAY, a.ref_code).toBe(true);

    const changes = await t.db.selectFrom('follow_up').selectAll().where('kind', '=', 'status_change').execute();
    const cancelled = list.find((a) => a.status === 'cancelled');
    expect(changes.find((c) => c.activity_id === cancelled?.id && c.to_status === 'cancelled')?.body).toMatch(/commun accord/);
    for (const a of list.filter((x) => x.postponements > 0)) {
      const p = changes.find((c) => c.activity_id === a.id && c.to_status === 'postponed');
      // A reason given, not the bare `from → to` written when there is none.
      expect(p?.body, a.ref_code).not.toMatch(/→/);
      expect(p?.body.length, a.ref_code).toBeGreaterThan(10);
    }
    // Events carry the day they happened, not the day the demo was loaded.
    const conducted = changes.filter((c) => c.to_status === 'conducted').map((c) => c.created_at.slice(0, 10));
    expect(conducted.every((d) => d >= '2026-02-01' && d <= DEMO_TODAY)).toBe(true);
  });

  it('gives the dashboard something to show as of today: execution, slips, overdue and stale activities', async () => {
    const mar = actor('mar.planner');
    const [plan] = (await listPlans(t.ctx, mar)).items;
    const k = await planKpis(t.ctx, mar, plan?.id ?? '', kpiQuerySchema.parse({ asOf: DEMO_TODAY }));
    expect(k.execution.executionRate).toBeGreaterThan(0.5);
    expect(k.execution.executionRate).toBeLessThan(1);
    expect(k.execution.overdue).toBeGreaterThanOrEqual(1);
    expect(k.timeliness.onTimeRate).toBeLessThan(1);
    expect(k.timeliness.postponements).toBeGreaterThanOrEqual(2);
    expect(k.freshness.stale).toBeGreaterThanOrEqual(1);
    expect(k.freshness.stale).toBeLessThan(k.freshness.open);
  });

  it('has follow-ups in several languages, some recent and some older than 30 days', async () => {
    const notes = await t.db.selectFrom('follow_up').selectAll().where('kind', '!=', 'status_change').execute();
    expect(new Set(notes.map((n) => n.language))).toEqual(new Set(['fr', 'en', 'ar', 'he']));
    const recent = notes.filter((n) => n.created_at >= '2026-10-24');
    const old = notes.filter((n) => n.created_at < '2026-10-24');
    expect(recent.length).toBeGreaterThan(2);
    expect(old.length).toBeGreaterThan(2);
    expect(notes.some((n) => n.owner_party === 'USA')).toBe(true);
  });

  it('gives each demo account exactly what its labels allow, in every labelled table', async () => {
    const codec = await t.ctx.codec();
    for (const { username } of DEMO_ACCOUNTS) {
      for (const table of TABLES) {
        const expected = (await all(table))
          .filter((r) => canRead(actor(username), codec.decode(r)))
          .map((r) => r.id)
          .sort();
        expect(await readableIds(username, table), `${username} on ${table}`).toEqual(expected);
      }
    }
  });

  it('shows the USA only the Benslimane records released to it', async () => {
    const list = await activities();
    const seen = await readableIds('usa.viewer', 'activity');
    const benslimane = list.filter((a) => /Benslimane/.test(a.title.fr ?? '')).map((a) => a.id);
    expect(seen).toEqual(benslimane.sort());
    const followUps = await t.db
      .selectFrom('follow_up')
      .select('activity_id')
      .where('id', 'in', await readableIds('usa.viewer', 'follow_up'))
      .execute();
    expect(followUps.every((f) => benslimane.includes(f.activity_id))).toBe(true);
    expect(await readableIds('usa.viewer', 'work_plan')).toEqual([]);
    const hidden = list.find((a) => !benslimane.includes(a.id));
    await expect(getActivity(t.ctx, actor('usa.viewer'), hidden?.id ?? '')).rejects.toMatchObject({ kind: 'not_found' });
    const shown = await getActivity(t.ctx, actor('usa.viewer'), benslimane[0] ?? '');
    expect(shown.source?.publisher).toMatch(/mediaterranee/);
  });

  it('hides from each reader what is above its clearance, outside its compartments or not released to it', async () => {
    const byId = new Map((await activities()).map((a) => [a.id, a]));
    const marViewer = (await readableIds('mar.viewer', 'activity')).map((id) => byId.get(id));
    expect(marViewer.length).toBeGreaterThan(0);
    expect(marViewer.every((a) => (a?.classification ?? 9) <= 1 && a?.compartment_mask === 0)).toBe(true);
    for (const table of TABLES) {
      const ids = await readableIds('mar.viewer', table);
      const rows = await t.db
        .selectFrom(table)
        .select('classification')
        .where('id', 'in', ids.length ? ids : ['-'])
        .execute();
      expect(
        rows.every((r) => r.classification <= 1),
        table,
      ).toBe(true);
    }
    // Records Morocco keeps to itself never reach Israel.
    const isrSees = await readableIds('isr.planner', 'activity');
    const marOnly = [...byId.values()].filter((a) => a.releasable_mask === 0);
    expect(marOnly.length).toBeGreaterThan(0);
    expect(marOnly.some((a) => isrSees.includes(a.id))).toBe(false);
    // An Israeli note in the INTEL compartment: the Moroccan security officer holds it, the Moroccan planner does not.
    const intel = (await all('follow_up')).filter((f) => f.compartment_mask !== 0 && f.owner_party === 'ISR');
    expect(intel.length).toBeGreaterThan(0);
    const security = await readableIds('mar.security', 'follow_up');
    const planner = await readableIds('mar.planner', 'follow_up');
    for (const f of intel) {
      expect(security).toContain(f.id);
      expect(planner).not.toContain(f.id);
    }
  });

  /** The plan and both sessions, as the Moroccan security officer (who reads everything of the demo) sees them. */
  const review = async () => {
    const [plan] = (await listPlans(t.ctx, actor('mar.planner'))).items;
    if (!plan) throw new Error('no demo plan');
    const [third, fourth] = (await listSessions(t.ctx, actor('mar.planner'), plan.commissionId)).items;
    if (!third || !fourth) throw new Error('the demo has two sessions');
    return { plan, third, fourth };
  };
  // Overdue is derived from today: read action items as of the demo's day.
  const asOfDemo = () => createContext(t.db, () => DEMO_NOW);

  it('holds the 3rd session: its agenda follows the articles, every item has minutes, both parties approved them', async () => {
    const { third } = await review();
    const session = await getSession(t.ctx, actor('isr.viewer'), third.id);
    expect(session.status).toBe('minutes_approved');
    expect(session.minutesApprovals.map((a) => [a.party, a.at.slice(0, 10)])).toEqual([
      ['MAR', '2026-01-14'],
      ['ISR', '2026-01-15'],
    ]);
    const agenda = (await listAgenda(t.ctx, actor('mar.security'), third.id)).items;
    expect(agenda.length).toBeGreaterThanOrEqual(5);
    const titles = agenda.map((i) => i.title).join('\n');
    for (const topic of [/long terme/, /logistique/, /partage d’informations/, /ATMOS 2000/, /Elbit/, /Benslimane/, /États-Unis/])
      expect(titles).toMatch(topic);
    for (const item of agenda) {
      expect(item).toMatchObject({ kind: 'free', ownerParty: 'ISR', releasableTo: ['MAR'] });
      expect(item.summary, item.title).toMatch(/\[[AB]\]/);
      expect(item.decisions, item.title).toMatch(/illustratif/);
    }
    // Labels differ by item: the Israeli viewer (CONFIDENTIAL) does not see the intelligence item.
    const isrSees = (await listAgenda(t.ctx, actor('isr.viewer'), third.id)).items;
    expect(isrSees.length).toBeGreaterThan(0);
    expect(isrSees.length).toBeLessThan(agenda.length);
    expect(isrSees.every((i) => i.classification !== 'SECRET')).toBe(true);
    const moves = await t.db
      .selectFrom('audit_entry')
      .select(['action', 'actor_party'])
      .where('entity_id', '=', third.id)
      .orderBy('seq')
      .execute();
    expect(moves.map((m) => `${m.action} ${m.actor_party}`)).toEqual([
      'session.create ISR',
      'session.transition ISR',
      'session.transition ISR',
      'session.minutes_approve MAR',
      'session.minutes_approve ISR',
    ]);
  });

  it('gives the decisions action items done on time, done late, open and overdue, and one dropped with its reason', async () => {
    const { plan, third } = await review();
    const items = (await listActionItems(asOfDemo(), actor('mar.security'), plan.commissionId, {})).items;
    expect(items.length).toBeGreaterThanOrEqual(8);
    for (const a of items) {
      expect(a.sessionId).toBe(third.id);
      expect(['MAR', 'ISR']).toContain(a.responsibleParty);
      expect(a.responsibleOrganisation, a.title).toBeTruthy();
      expect(a.dueDate.startsWith('2026-'), a.title).toBe(true);
      if (a.status === 'done') expect((a.closedAt ?? '').slice(0, 10) <= DEMO_TODAY, a.title).toBe(true);
    }
    const done = items.filter((a) => a.status === 'done');
    expect(done.filter((a) => (a.closedAt ?? '').slice(0, 10) <= a.dueDate).length).toBeGreaterThanOrEqual(1);
    expect(done.filter((a) => (a.closedAt ?? '').slice(0, 10) > a.dueDate).length).toBeGreaterThanOrEqual(1);
    const overdue = items.filter((a) => a.overdue);
    expect(overdue.length).toBeGreaterThanOrEqual(2);
    expect(overdue.every((a) => ['open', 'in_progress'].includes(a.status) && a.dueDate < DEMO_TODAY)).toBe(true);
    expect(new Set(overdue.map((a) => a.responsibleParty))).toEqual(new Set(['MAR', 'ISR']));
    expect(items.some((a) => a.status === 'in_progress' && !a.overdue)).toBe(true);
    const dropped = items.filter((a) => a.status === 'dropped');
    expect(dropped).toHaveLength(1);
    expect(dropped[0]?.reason).toMatch(/commun accord/);
    // Each move went through the use case, on the day it happened.
    const moves = await t.db
      .selectFrom('audit_entry')
      .select(['entity_id', 'at'])
      .where('action', '=', 'action_item.transition')
      .orderBy('seq')
      .execute();
    for (const a of [...done, ...dropped]) expect(moves.filter((m) => m.entity_id === a.id).at(-1)?.at, a.title).toBe(a.closedAt);
  });

  it('keeps the baseline as revision 0 and an amendment 1 approved by both parties, whose diff shows what it changed', async () => {
    const { plan } = await review();
    const mar = actor('mar.planner');
    const revisions = (await listRevisions(t.ctx, mar, plan.id)).items;
    expect(revisions.map((r) => [r.number, r.status])).toEqual([
      [0, 'approved'],
      [1, 'approved'],
    ]);
    const [baseline, amendment] = revisions;
    expect(baseline?.approvedAt?.slice(0, 10)).toBe('2026-01-15');
    expect(amendment?.reason).toMatch(/mi-parcours/);
    expect(amendment?.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(amendment?.contentHash).not.toBe(baseline?.contentHash);
    expect(amendment?.approvals.map((a) => a.party)).toEqual(['MAR', 'ISR']);
    expect(amendment?.approvedAt?.slice(0, 10)).toBe('2026-07-15');

    const diff = await planDiff(t.ctx, mar, plan.id, 0, 1);
    expect(diff.added).toEqual(['2026-PLN-06']);
    expect(diff.removed).toEqual([]);
    const moved = diff.changed.find((c) => c.refCode === '2026-PLN-04');
    expect(moved?.changes).toEqual([
      {
        field: 'plannedPeriod',
        from: { start: '2026-12-01', end: '2026-12-31', precision: 'month' },
        to: { start: '2026-11-01', end: '2026-11-30', precision: 'month' },
      },
    ]);
    // The added activity was written while the amendment was open, and is planned like the others.
    const added = (await activities()).find((a) => a.ref_code === '2026-PLN-06');
    expect(added?.created_at.slice(0, 10)).toBe('2026-07-09');
    expect(added?.status).toBe('scheduled');
  });

  it('measures the plan: objectives linked to their activities, with indicators that show progress', async () => {
    const { plan } = await review();
    const results = await planResults(t.ctx, actor('mar.planner'), plan.id, DEMO_TODAY);
    expect(results.objectives.length).toBeGreaterThanOrEqual(4);
    const titles = results.objectives.map((o) => o.title.fr ?? '').join('\n');
    for (const topic of [/long terme/, /Interopérabilité/, /Partage d’informations/, /industrielle/])
      expect(titles).toMatch(topic);
    // The working group added by the amendment serves the long-term planning objective, as its talks do (article A).
    const longTerm = results.objectives.find((o) => /long terme/.test(o.title.fr ?? ''));
    expect(longTerm?.linkedActivities.map((a) => a.refCode)).toContain('2026-PLN-06');
    for (const o of results.objectives) {
      expect(o.activities.total, o.title.fr).toBeGreaterThan(0);
      expect(o.indicators.length, o.title.fr).toBeGreaterThanOrEqual(1);
      expect(o.indicators.length, o.title.fr).toBeLessThanOrEqual(2);
      expect(o.progress, o.title.fr).toBeGreaterThan(0);
      for (const i of o.indicators) {
        expect(i.name).toMatch(/illustrati/);
        expect(i.measurements.length, i.name).toBeGreaterThanOrEqual(1);
        expect(i.measurements.every((m) => m.date >= i.baselineDate && m.date <= DEMO_TODAY)).toBe(true);
        expect(i.progress, i.name).toBeGreaterThan(0);
        expect(i.progress, i.name).toBeLessThanOrEqual(1);
      }
    }
    const indicators = results.objectives.flatMap((o) => o.indicators);
    expect(indicators.some((i) => i.progress === 1)).toBe(true);
    expect(indicators.some((i) => (i.progress ?? 1) < 0.5)).toBe(true);
    expect(indicators.some((i) => i.targetValue < i.baselineValue)).toBe(true);
    // Progress is read from history: before the first measurement there is none.
    const early = await planResults(t.ctx, actor('mar.planner'), plan.id, '2026-03-25');
    expect(early.objectives.flatMap((o) => o.indicators).every((i) => i.progress === null)).toBe(true);
    // The Israeli viewer (CONFIDENTIAL, no compartments) sees objectives released to Israel, not Moroccan-only activities.
    const isr = await planResults(t.ctx, actor('isr.viewer'), plan.id, DEMO_TODAY);
    expect(isr.objectives.length).toBe(results.objectives.length);
    const industry = (r: typeof results) => r.objectives.find((o) => /industrielle/.test(o.title.fr ?? ''));
    expect(industry(isr)?.activities.total).toBeLessThan(industry(results)?.activities.total ?? 0);
  });

  it('prepares the 4th session’s agenda with every action item still open and every overdue or repeatedly postponed activity', async () => {
    const { fourth } = await review();
    expect(fourth).toMatchObject({ number: 4, place: 'Rabat', hostParty: 'MAR', status: 'planned', startDate: '2026-12-14' });
    const agenda = (await listAgenda(t.ctx, actor('mar.security'), fourth.id)).items;
    const open = await t.db.selectFrom('action_item').select('id').where('status', 'in', ['open', 'in_progress']).execute();
    expect(open.length).toBeGreaterThanOrEqual(3);
    expect(
      agenda
        .filter((i) => i.kind === 'action_item')
        .map((i) => i.actionItemId)
        .sort(),
    ).toEqual(open.map((a) => a.id).sort());
    const troubled = (await activities()).filter(
      (a) => !['conducted', 'reported', 'cancelled'].includes(a.status) && (a.planned_end < DEMO_TODAY || a.postponements > 1),
    );
    expect(troubled.some((a) => a.postponements > 1)).toBe(true);
    expect(troubled.some((a) => a.planned_end < DEMO_TODAY)).toBe(true);
    expect(
      agenda
        .filter((i) => i.kind === 'activity')
        .map((i) => i.activityId)
        .sort(),
    ).toEqual(troubled.map((a) => a.id).sort());
    expect(agenda.some((i) => i.kind === 'free' && /2027/.test(i.title))).toBe(true);
    expect(agenda.find((i) => i.reference?.kind === 'activity' && i.reference.postponements === 2)).toBeDefined();
    // Each carried item keeps the label of what it is about: the Israeli viewer sees less.
    const isrSees = (await listAgenda(t.ctx, actor('isr.viewer'), fourth.id)).items;
    expect(isrSees.length).toBeGreaterThan(0);
    expect(isrSees.length).toBeLessThan(agenda.length);
  });

  it('leaves an audit chain that verifies', async () => {
    const result = await verifyAudit(t.ctx);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.count).toBeGreaterThan(100);
  });
});
