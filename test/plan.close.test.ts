import type { FastifyInstance } from 'fastify';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createActivity, transitionActivityStatus } from '../src/app/activity.usecases.js';
import { createToken } from '../src/app/auth.usecases.js';
import type { Actor } from '../src/app/context.js';
import { createPlan, transitionPlanStatus } from '../src/app/plan.usecases.js';
import { createAmendment } from '../src/app/revision.usecases.js';
import { CLASSIFICATIONS, canRead, type Label } from '../src/domain/labels.js';
import { REOPEN_DAYS } from '../src/domain/plan-close.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, makeActor, seedWorld, yearPlanInput } from './support/fixtures.js';
import { prng, READER_COMPARTMENT_SETS, RECORD_COMPARTMENT_SETS } from './support/labelled-world.js';

type Who = 'mar' | 'isr';
type Json = Record<string, unknown> & { version: number; status: string };

/**
 * Closing and reopening a plan are joint decisions, through the API: the
 * owner party proposes the close with a disposition per open activity, every
 * party agrees (or refuses with a comment), and the last agreement applies the
 * dispositions and closes the plan in one transaction; reopening is agreed the
 * same way until the time set at the close. A proposed plan may be refused or
 * returned with a comment the drafting party reads.
 */
describe.each(databases())('joint close and reopening of a plan on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let clock = new Date('2026-12-06T10:00:00.000Z');
  let w: Awaited<ReturnType<typeof seedWorld>>;
  let planId: string;
  let successorId: string;
  const acts: Record<string, string> = {};
  const auth: Record<string, Record<string, string>> = {};

  /** Runs an activity through scheduled to conducted, held on the days given. */
  const conduct = async (activityId: string, actualStart: string, actualEnd: string) => {
    await transitionActivityStatus(t.ctx, w.marPlanner, activityId, { to: 'scheduled' });
    await transitionActivityStatus(t.ctx, w.marPlanner, activityId, { to: 'conducted', actualStart, actualEnd });
  };
  const headersOf = async (a: Actor) => ({
    authorization: `Bearer ${(await createToken(t.ctx, null, a.username, 'test')).token}`,
  });

  beforeEach(async () => {
    await app?.close();
    await t?.close();
    clock = new Date('2026-12-06T10:00:00.000Z');
    t = await openTestDatabase(kind, () => clock);
    w = await seedWorld(t.ctx);
    app = await buildServer(t.ctx);
    auth.mar = await headersOf(w.marPlanner);
    auth.isr = await headersOf(w.isrPlanner);
    planId = w.plan.id;
    for (const code of ['2026-CLS-01', '2026-CLS-02', '2026-CLS-03', '2026-CLS-04'])
      acts[code] = (await createActivity(t.ctx, w.marPlanner, planId, activityInput(code))).id;
    // One activity ISR may not read.
    acts.hidden = (await createActivity(t.ctx, w.marPlanner, planId, activityInput('2026-CLS-99', { releasableTo: [] }))).id;
    await transitionPlanStatus(t.ctx, w.marPlanner, planId, { to: 'proposed' });
    await transitionPlanStatus(t.ctx, w.marPlanner, planId, { to: 'approved' });
    await transitionPlanStatus(t.ctx, w.isrPlanner, planId, { to: 'approved' });
    await transitionPlanStatus(t.ctx, w.marPlanner, planId, { to: 'in_execution' });
    // One activity is done, so it needs no disposition.
    const done = acts['2026-CLS-04'] as string;
    await conduct(done, '2026-03-02', '2026-03-03');
    successorId = (await createPlan(t.ctx, w.marPlanner, yearPlanInput(w.commission.id, 2027))).id;
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  async function send(who: Who | Record<string, string>, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
    const headers = typeof who === 'string' ? auth[who] : who;
    return app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  }
  async function ok(who: Who, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
    const res = await send(who, method, url, payload);
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.json() as Json;
  }
  const plan = (id = planId) => ok('mar', 'GET', `/api/plans/${id}`);
  /** A decision on the plan as the party has just read it (the version is required). */
  const decideOn = async (who: Who, url: string, body: object, id = planId) =>
    send(who, 'POST', `/api/plans/${id}${url}`, { ...body, version: (await plan(id)).version });
  const decided = async (who: Who, url: string, body: object, id = planId) => {
    const res = await decideOn(who, url, body, id);
    expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
    return res.json() as Json;
  };
  const decisions = (who: Who = 'mar') => ok(who, 'GET', `/api/plans/${planId}/decisions`);
  const activity = (id: string) => ok('mar', 'GET', `/api/activities/${id}`);
  const fullDispositions = () => [
    { activityId: acts['2026-CLS-01'], disposition: 'carry' },
    { activityId: acts['2026-CLS-02'], disposition: 'cancel', reason: 'Overtaken by the 2027 exercise' },
    { activityId: acts['2026-CLS-03'], disposition: 'cancel', reason: 'No longer needed' },
    { activityId: acts.hidden, disposition: 'carry' },
  ];
  const proposeClose = async (over: Record<string, unknown> = {}) =>
    decideOn('mar', '/close', {
      dispositions: fullDispositions(),
      successorPlanId: successorId,
      version: (await plan()).version,
      ...over,
    });

  it('closes only once every party agrees, applying every disposition in that agreement', async () => {
    const proposed = await proposeClose();
    expect(proposed.statusCode, proposed.body).toBe(200);
    expect(proposed.json().status).toBe('in_execution');
    // Nothing is applied before the last agreement.
    expect((await activity(acts['2026-CLS-02'] as string)).status).toBe('planned');
    const seen = await decisions('isr');
    expect((seen.proposal as { kind: string; agreements: { party: string }[] }).agreements.map((a) => a.party)).toEqual(['MAR']);

    const closed = await decided('isr', '/close/decision', { decision: 'agree' });
    expect(closed.status).toBe('closed');
    expect(closed.closedAt).toBe(clock.toISOString());
    expect(Date.parse(closed.reopenUntil as string) - Date.parse(closed.closedAt as string)).toBe(REOPEN_DAYS * 86_400_000);
    expect((await activity(acts['2026-CLS-02'] as string)).status).toBe('cancelled');
    expect((await activity(acts['2026-CLS-03'] as string)).status).toBe('cancelled');
    expect((await activity(acts['2026-CLS-04'] as string)).status).toBe('conducted');
    // Carried activities are copied to the successor, linked to their origin.
    const copies = (await ok('mar', 'GET', `/api/plans/${successorId}/activities`)).items as {
      refCode: string;
      status: string;
    }[];
    expect(copies.map((c) => c.refCode).sort()).toEqual(['2026-CLS-01', '2026-CLS-99']);
    expect(copies.every((c) => c.status === 'proposed')).toBe(true);
    const carried = (await decisions()).carried as { activityId: string }[];
    expect(carried.map((c) => c.activityId).sort()).toEqual([acts['2026-CLS-01'], acts.hidden].sort());
    // ISR is not told of the carried activity it cannot read.
    const isrCarried = (await decisions('isr')).carried as { activityId: string }[];
    expect(isrCarried.map((c) => c.activityId)).toEqual([acts['2026-CLS-01']]);
    // A closed plan takes no direct move and no content change.
    const move = await decideOn('mar', '/transitions', { to: 'in_execution' });
    expect(move.statusCode).toBe(400);
    const cancelReason = await t.db
      .selectFrom('follow_up')
      .select('body')
      .where('activity_id', '=', acts['2026-CLS-02'] as string)
      .where('to_status', '=', 'cancelled')
      .executeTakeFirstOrThrow();
    expect(cancelReason.body).toBe('Overtaken by the 2027 exercise');
  });

  it('refuses a direct move to closed: closing is proposed', async () => {
    const res = await decideOn('mar', '/transitions', { to: 'closed' });
    expect(res.statusCode).toBe(400);
    expect((await plan()).status).toBe('in_execution');
  });

  it('refuses a proposal that keeps an activity open, naming it, and records nothing', async () => {
    const before = await plan();
    const dispositions = fullDispositions().map((d) =>
      d.activityId === acts['2026-CLS-03'] ? { activityId: d.activityId, disposition: 'block' } : d,
    );
    const res = await proposeClose({ dispositions });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toContain('2026-CLS-03');
    expect((await decisions()).proposal).toBeNull();
    expect((await plan()).version).toBe(before.version);
  });

  it.each([
    ['an open activity without a disposition', () => ({ dispositions: fullDispositions().slice(1) })],
    [
      'a cancellation without a reason',
      () => ({ dispositions: fullDispositions().map((d) => ({ activityId: d.activityId, disposition: 'cancel' })) }),
    ],
    ['a carry without a successor', () => ({ successorPlanId: null })],
    ['a successor that is the plan itself', () => ({ successorPlanId: planId })],
    [
      'a disposition of a done activity',
      () => ({ dispositions: [...fullDispositions(), { activityId: acts['2026-CLS-04'], disposition: 'cancel', reason: 'x' }] }),
    ],
  ])('refuses a proposal with %s and changes nothing', async (_name, over) => {
    const res = await proposeClose(over());
    expect(res.statusCode, res.body).toBe(400);
    expect((await decisions()).proposal).toBeNull();
  });

  it('refuses a close proposal from another party or by a party agreeing twice', async () => {
    const other = await decideOn('isr', '/close', { dispositions: [] });
    expect(other.statusCode).toBe(403);
    expect((await proposeClose()).statusCode).toBe(200);
    const twice = await decideOn('mar', '/close/decision', { decision: 'agree' });
    expect(twice.statusCode).toBe(400);
    expect((await plan()).status).toBe('in_execution');
  });

  it('drops the proposal on a refusal, which needs a comment the owner reads and is notified of', async () => {
    expect((await proposeClose()).statusCode).toBe(200);
    const bare = await decideOn('isr', '/close/decision', { decision: 'refuse' });
    expect(bare.statusCode).toBe(400);
    await decided('isr', '/close/decision', {
      decision: 'refuse',
      comment: 'CLS-03 is still to be held in January',
    });
    const d = await decisions('mar');
    expect(d.proposal).toBeNull();
    const history = d.decisions as { kind: string; party: string; comment: string | null }[];
    expect(history.at(-1)).toMatchObject({
      kind: 'refuse_close',
      party: 'ISR',
      comment: 'CLS-03 is still to be held in January',
    });
    expect((await plan()).status).toBe('in_execution');
    expect((await activity(acts['2026-CLS-02'] as string)).status).toBe('planned');
    const told = await t.db.selectFrom('notification').selectAll().where('user_id', '=', w.marPlanner.userId).execute();
    expect(told.map((n) => n.kind)).toContain('close_refused');
  });

  it('closes an activity reported since the proposal as it is, and refuses an agreement when a new open activity has no disposition', async () => {
    expect((await proposeClose()).statusCode).toBe(200);
    // Done since the proposal: simply closed with the plan.
    const three = acts['2026-CLS-03'] as string;
    await conduct(three, '2026-11-02', '2026-11-03');
    // An activity added behind the proposal's back (as an import would): no disposition.
    const stray = { ...(await t.db.selectFrom('activity').selectAll().where('id', '=', three).executeTakeFirstOrThrow()) };
    await t.db
      .insertInto('activity')
      .values({ ...stray, id: '0193a000-0000-7000-8000-000000000001', ref_code: '2026-CLS-50', status: 'planned' })
      .execute();
    const refused = await decideOn('isr', '/close/decision', { decision: 'agree' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().detail).toContain('2026-CLS-50');
    expect((await plan()).status).toBe('in_execution');
    await t.db.deleteFrom('activity').where('id', '=', '0193a000-0000-7000-8000-000000000001').execute();
    const closed = await decided('isr', '/close/decision', { decision: 'agree' });
    expect(closed.status).toBe('closed');
    expect((await activity(three)).status).toBe('conducted');
  });

  it('withdraws the close proposal when the content changes through an amendment', async () => {
    expect((await proposeClose()).statusCode).toBe(200);
    await ok('mar', 'POST', `/api/plans/${planId}/amendments`, { reason: 'A late addition' });
    await ok('mar', 'POST', `/api/plans/${planId}/activities`, activityInput('2026-CLS-60'));
    expect((await decisions()).proposal).toBeNull();
    const agree = await decideOn('isr', '/close/decision', { decision: 'agree' });
    expect(agree.statusCode).toBe(400);
    expect((await plan()).status).toBe('in_execution');
  });

  it('reopens by every party’s agreement until the set time, and refuses after it', async () => {
    expect((await proposeClose()).statusCode).toBe(200);
    await decided('isr', '/close/decision', { decision: 'agree' });
    await decided('isr', '/reopen', { comment: 'Reports still to come' });
    expect((await plan()).status).toBe('closed');
    const reopened = await decided('mar', '/reopen/decision', { decision: 'agree' });
    expect(reopened.status).toBe('in_execution');
    expect(reopened.reopenUntil).toBeNull();
    expect(((await decisions()).openActivities as unknown[]).length).toBe(0);
    // Carried copies stay in the successor.
    expect(((await ok('mar', 'GET', `/api/plans/${successorId}/activities`)).items as unknown[]).length).toBe(2);

    // Closed again; once the reopening time has passed, reopening is refused.
    const again = await decideOn('mar', '/close', {
      // Carried activities ended cancelled in this plan: nothing is open any more.
      dispositions: [],
      successorPlanId: null,
    });
    expect(again.statusCode, again.body).toBe(200);
    const closed = await decided('isr', '/close/decision', { decision: 'agree' });
    clock = new Date(Date.parse(closed.reopenUntil as string) + 1000);
    const late = await decideOn('isr', '/reopen', {});
    expect(late.statusCode).toBe(400);
    expect(late.json().detail).toContain('passed');
    expect((await plan()).status).toBe('closed');
  });

  it('shows a reopening left pending past the reopening time as lapsed, refuses agreeing to it and lets a refusal clear it', async () => {
    expect((await proposeClose()).statusCode).toBe(200);
    const closed = await decided('isr', '/close/decision', { decision: 'agree' });
    await decided('isr', '/reopen', { comment: 'Reports still to come' });
    expect(((await decisions()).proposal as { lapsed: boolean }).lapsed).toBe(false);
    clock = new Date(Date.parse(closed.reopenUntil as string));
    expect(((await decisions()).proposal as { lapsed: boolean }).lapsed).toBe(true);
    const agree = await decideOn('mar', '/reopen/decision', { decision: 'agree' });
    expect(agree.statusCode).toBe(400);
    expect(agree.json().code).toBe('plan_decision.reopen_passed');
    await decided('mar', '/reopen/decision', { decision: 'refuse', comment: 'Too late' });
    expect((await decisions()).proposal).toBeNull();
    expect((await plan()).status).toBe('closed');
  });

  it('lets any party refuse or return a proposed plan with a comment the owner reads', async () => {
    await decided('mar', '/transitions', { to: 'proposed' }, successorId);
    await decided('mar', '/transitions', { to: 'approved' }, successorId);
    const bare = await decideOn('isr', '/decisions', { decision: 'refuse', comment: '  ' }, successorId);
    expect(bare.statusCode).toBe(400);
    const refused = await decided(
      'isr',
      '/decisions',
      {
        decision: 'refuse',
        comment: 'The budget line is missing',
      },
      successorId,
    );
    // A refusal keeps the plan proposed and the other party's approval.
    expect(refused.status).toBe('proposed');
    expect((refused.approvals as { party: string }[]).map((a) => a.party)).toEqual(['MAR']);
    const returned = await decided(
      'isr',
      '/decisions',
      {
        decision: 'return',
        comment: 'Rework the objectives',
      },
      successorId,
    );
    expect(returned.status).toBe('draft');
    expect(returned.approvals).toEqual([]);
    const history = (await ok('mar', 'GET', `/api/plans/${successorId}/decisions`)).decisions as {
      kind: string;
      party: string;
      comment: string | null;
    }[];
    expect(history.map((h) => [h.kind, h.party, h.comment])).toEqual([
      ['approve', 'MAR', null],
      ['refuse', 'ISR', 'The budget line is missing'],
      ['return', 'ISR', 'Rework the objectives'],
    ]);
    const told = await t.db.selectFrom('notification').select('kind').where('user_id', '=', w.marPlanner.userId).execute();
    expect(told.map((n) => n.kind).sort()).toEqual(['plan_refused', 'plan_returned']);
    // A draft is neither refused nor returned.
    const again = await decideOn('isr', '/decisions', { decision: 'return', comment: 'x' }, successorId);
    expect(again.statusCode).toBe(400);
  });

  /** A successor plan only MAR may read. */
  const marOnlySuccessor = async () =>
    (
      await createPlan(t.ctx, w.marPlanner, {
        commissionId: w.commission.id,
        sessionId: null,
        title: { fr: 'Plan réservé 2027', en: 'Reserved 2027 plan' },
        periodStart: '2027-01-01',
        periodEnd: '2027-12-31',
        sourceId: null,
        classification: 'UNCLASSIFIED',
        releasableTo: [],
        compartments: [],
      })
    ).id;

  it('tells a reader of a carried activity nothing of a successor plan it may not read', async () => {
    const reserved = await marOnlySuccessor();
    expect((await proposeClose({ successorPlanId: reserved })).statusCode).toBe(200);
    await decided('isr', '/close/decision', { decision: 'agree' });
    const res = await send('isr', 'GET', `/api/plans/${planId}/decisions`);
    const carried = (res.json() as { carried: { activityId: string; copyId: string | null; successorPlan: unknown }[] }).carried;
    expect(carried).toEqual([expect.objectContaining({ activityId: acts['2026-CLS-01'], copyId: null, successorPlan: null })]);
    expect(res.body).not.toContain(reserved);
    expect(res.body).not.toContain('Plan réservé');
    // MAR reads where it went, in every language of the plan's title.
    const mine = (await decisions('mar')).carried as { activityId: string; successorPlan: { id: string; title: object } }[];
    expect(mine.find((c) => c.activityId === acts['2026-CLS-01'])?.successorPlan).toEqual({
      id: reserved,
      title: { fr: 'Plan réservé 2027', en: 'Reserved 2027 plan' },
    });
    // The activity ISR reads tells its move, not the plan's title, in its follow-ups and in search.
    const one = await ok('isr', 'GET', `/api/activities/${acts['2026-CLS-01']}`);
    expect(JSON.stringify(one)).not.toContain('réservé');
    const notes = await t.db
      .selectFrom('follow_up')
      .select('body')
      .where('activity_id', '=', acts['2026-CLS-01'] as string)
      .execute();
    expect(notes.map((n) => n.body).join(' ')).not.toContain('réservé');
    // The plan's audit entry counts nothing and names no successor.
    const entry = await t.db
      .selectFrom('audit_entry')
      .select('detail')
      .where('entity_id', '=', planId)
      .where('action', '=', 'plan.close')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(entry.detail)).toEqual({ from: 'in_execution', to: 'closed', reopenUntil: expect.any(String) });
  });

  describe('an agreeing party carrying activities the proposer could not read', () => {
    let secret: string;
    let lowMar: Record<string, string>;
    beforeEach(async () => {
      await createAmendment(t.ctx, w.marPlanner, planId, 'A restricted activity');
      secret = (
        await createActivity(
          t.ctx,
          w.marPlanner,
          planId,
          activityInput('2026-CLS-70', { classification: 'RESTRICTED', releasableTo: ['ISR'] }),
        )
      ).id;
      lowMar = await headersOf(await makeActor(t.ctx, 'MAR', ['planner'], 'UNCLASSIFIED', []));
    });
    const proposeAsLow = async (body: object) =>
      send(lowMar, 'POST', `/api/plans/${planId}/close`, { ...body, version: (await plan()).version });
    const dispositionsOf = async () =>
      (
        await t.db
          .selectFrom('plan_joint_proposal')
          .select('dispositions')
          .where('plan_id', '=', planId)
          .executeTakeFirstOrThrow()
      ).dispositions;

    /** ISR's agreement, carrying the activity the proposer could not read to the successor given. */
    const carryingSecret = (successorPlanId?: string) => ({
      decision: 'agree',
      dispositions: [{ activityId: secret, disposition: 'carry' }],
      ...(successorPlanId ? { successorPlanId } : {}),
    });

    it('is refused a successor it may not read', async () => {
      const reserved = await marOnlySuccessor();
      const cancelAll = fullDispositions().map((d) => ({ activityId: d.activityId, disposition: 'cancel', reason: 'End' }));
      expect((await proposeAsLow({ dispositions: cancelAll })).statusCode).toBe(200);
      const before = await dispositionsOf();
      const res = await decideOn('isr', '/close/decision', carryingSecret(reserved));
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().code).toBe('plan_decision.unknown_successor');
      expect(await dispositionsOf()).toBe(before);
      expect((await plan()).status).toBe('in_execution');
      const agreed = await decided('isr', '/close/decision', carryingSecret(successorId));
      expect(agreed.status).toBe('closed');
      const copies = (await ok('mar', 'GET', `/api/plans/${successorId}/activities`)).items as { refCode: string }[];
      expect(copies.map((c) => c.refCode)).toEqual(['2026-CLS-70']);
    });

    it('is refused a successor other than the proposal’s', async () => {
      const reserved = await marOnlySuccessor();
      expect((await proposeAsLow({ dispositions: fullDispositions(), successorPlanId: successorId })).statusCode).toBe(200);
      const res = await decideOn('isr', '/close/decision', carryingSecret(reserved));
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().code).toBe('plan_decision.successor_differs');
      expect((await plan()).status).toBe('in_execution');
      const agreed = await decided('isr', '/close/decision', carryingSecret());
      expect(agreed.status).toBe('closed');
    });
  });

  it('tells of a decision only the planners of the party who may read the plan', async () => {
    const low = await makeActor(t.ctx, 'MAR', ['planner'], 'UNCLASSIFIED', []);
    const restricted = (
      await createPlan(t.ctx, w.marPlanner, {
        commissionId: w.commission.id,
        sessionId: null,
        title: { fr: 'Plan restreint 2027' },
        periodStart: '2027-01-01',
        periodEnd: '2027-12-31',
        sourceId: null,
        classification: 'RESTRICTED',
        releasableTo: ['ISR'],
        compartments: [],
      })
    ).id;
    await decided('mar', '/transitions', { to: 'proposed' }, restricted);
    await decided('isr', '/decisions', { decision: 'refuse', comment: 'Not yet' }, restricted);
    const told = await t.db.selectFrom('notification').select('user_id').where('entity_id', '=', restricted).execute();
    expect(told.map((n) => n.user_id)).toEqual([w.marPlanner.userId]);
    // The plan's title is read with the notification, in every language it has now, not stored in one.
    await t.db
      .updateTable('work_plan')
      .set({ title: JSON.stringify({ fr: 'Plan restreint', en: 'Restricted plan' }) })
      .where('id', '=', restricted)
      .execute();
    const items = (await ok('mar', 'GET', '/api/notifications')).items as { entityId: string; planTitle: unknown }[];
    expect(items.find((n) => n.entityId === restricted)?.planTitle).toEqual({ fr: 'Plan restreint', en: 'Restricted plan' });
    expect(low.userId).not.toBe(w.marPlanner.userId);
  });

  it('tells each reader only the open activities it may read, in the close dialog and the proposal', async () => {
    const rng = prng(20261206);
    const releasable = [[], ['ISR'], ['USA'], ['ISR', 'USA'], ['ISR', 'USA', 'FRA']];
    const labels = new Map<string, Label>();
    await createAmendment(t.ctx, w.marPlanner, planId, 'Generated activities');
    for (let i = 0; i < 24; i++) {
      const label: Label = {
        ownerParty: 'MAR',
        classification: rng.pick(CLASSIFICATIONS),
        releasableTo: [...rng.pick(releasable)],
        compartments: [...rng.pick(RECORD_COMPARTMENT_SETS)],
      };
      const a = await createActivity(
        t.ctx,
        w.marPlanner,
        planId,
        activityInput(`2026-GEN-${String(i).padStart(2, '0')}`, {
          classification: label.classification,
          releasableTo: label.releasableTo,
          compartments: label.compartments,
        }),
      ).catch(() => undefined);
      if (a) labels.set(a.id, label);
    }
    // Generated activities join the plan through an open amendment; their labels are the reference.
    for (const [code, id] of Object.entries(acts))
      labels.set(id, {
        ownerParty: 'MAR',
        classification: 'UNCLASSIFIED',
        releasableTo: code === 'hidden' ? [] : ['ISR'],
        compartments: [],
      });
    const open = [...labels.keys()].filter((id) => id !== acts['2026-CLS-04']);
    const proposal = await decideOn('mar', '/close', {
      dispositions: open.map((activityId) => ({ activityId, disposition: 'cancel', reason: 'End of the year' })),
    });
    expect(proposal.statusCode, proposal.body).toBe(200);
    const hiddenCodes = new Map<string, string>();
    for (const row of await t.db.selectFrom('activity').select(['id', 'ref_code']).where('plan_id', '=', planId).execute())
      hiddenCodes.set(row.id, row.ref_code);
    for (let r = 0; r < 10; r++) {
      const reader = {
        party: rng.pick(['MAR', 'ISR', 'USA']),
        clearance: rng.pick(CLASSIFICATIONS),
        compartments: [...rng.pick(READER_COMPARTMENT_SETS)],
      };
      const actor = await makeActor(t.ctx, reader.party, ['viewer'], reader.clearance, reader.compartments);
      const res = await send(await headersOf(actor), 'GET', `/api/plans/${planId}/decisions`);
      expect(res.statusCode, `${JSON.stringify(reader)}: ${res.body}`).toBe(200);
      const body = res.json() as {
        openActivities: (Label & { id: string })[];
        proposal: { dispositions: { activityId: string }[] };
      };
      const expected = open.filter((id) => canRead(reader, labels.get(id) as Label)).sort();
      expect(body.openActivities.map((a) => a.id).sort(), JSON.stringify(reader)).toEqual(expected);
      // Each carries its own label, for the dialog's portion markings and the page's banner.
      for (const { id, ownerParty, classification, releasableTo, compartments } of body.openActivities)
        expect({
          ownerParty,
          classification,
          releasableTo: [...releasableTo].sort(),
          compartments: [...compartments].sort(),
        }).toEqual({
          ...labels.get(id),
          releasableTo: [...(labels.get(id)?.releasableTo ?? [])].sort(),
          compartments: [...(labels.get(id)?.compartments ?? [])].sort(),
        });
      expect(body.proposal.dispositions.map((d) => d.activityId).sort(), JSON.stringify(reader)).toEqual(expected);
      // Nothing of the others appears anywhere in the answer.
      for (const id of open.filter((x) => !expected.includes(x))) {
        expect(res.body).not.toContain(id);
        expect(res.body).not.toContain(`"${hiddenCodes.get(id)}"`);
      }
    }
  });
});
