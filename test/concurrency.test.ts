import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetPassword, updateUser } from '../src/app/account.usecases.js';
import { transitionActionItemStatus } from '../src/app/action-item.usecases.js';
import { createActivity, getActivity, transitionActivityStatus, updateActivity } from '../src/app/activity.usecases.js';
import { addAgendaItem, listAgenda, prepareAgenda, reorderAgendaItems, updateAgendaItem } from '../src/app/agenda.usecases.js';
import { createToken } from '../src/app/auth.usecases.js';
import { decideRaise, listClearanceRequests } from '../src/app/clearance.usecases.js';
import { createSession } from '../src/app/commission.usecases.js';
import { type Actor, createContext } from '../src/app/context.js';
import { addMeasurement, createIndicator, updateIndicator } from '../src/app/indicator.usecases.js';
import { recordMinutes } from '../src/app/minutes.usecases.js';
import { createObjective } from '../src/app/objective.usecases.js';
import { createPlan, getPlan, transitionPlanStatus } from '../src/app/plan.usecases.js';
import { proposeClose } from '../src/app/plan-close.usecases.js';
import { decideJoint } from '../src/app/plan-joint-decision.usecases.js';
import { createAmendment, listRevisions, transitionRevision } from '../src/app/revision.usecases.js';
import { getSession, transitionSessionStatus } from '../src/app/session.usecases.js';
import type { ActionItemStatus } from '../src/domain/action-item.lifecycle.js';
import { DomainError } from '../src/domain/errors.js';
import { buildServer } from '../src/server/app.js';
import { openDatabase } from '../src/store/db.js';
import { inTransaction } from '../src/store/tx.js';
import { compareAndSet, LostRace } from '../src/store/versioned.js';
import { databases, openTestDatabase, TEST_DATABASE_URL, type TestDatabase } from './support/databases.js';
import { activityInput, makeActor, seedWorld, sessionDefaults, yearPlanInput } from './support/fixtures.js';
import { prng } from './support/labelled-world.js';

const NOW = new Date('2026-06-15T10:00:00Z');

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settle = <T>(p: Promise<T>): Promise<Outcome<T>> =>
  p.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
/** 'ok', or the kind of a refusal the API answers cleanly (409, 400); anything else fails the test. */
const kindOf = (o: Outcome<unknown>) => {
  if (o.ok) return 'ok';
  if (o.error instanceof DomainError) return o.error.kind;
  throw o.error;
};
const sorted = (xs: string[]) => [...xs].sort();

/**
 * Two parties writing the same record at the same moment, through the use
 * cases, on a pool of several connections: on PostgreSQL the two
 * transactions truly overlap. Each round ends with exactly one winner and a
 * clean 409, or with both applied one after the other; never with a
 * transition lost (every approval recorded and the record left where it was)
 * nor with two writes both applied over the same version.
 */
describe.each(databases())('concurrent writes on %s', (kind) => {
  let t: TestDatabase;
  let w: Awaited<ReturnType<typeof seedWorld>>;
  let mar: Actor;
  let isr: Actor;
  let sessionNumber = 10;

  beforeAll(async () => {
    t = await openTestDatabase(kind, () => NOW);
    w = await seedWorld(t.ctx);
    mar = w.marPlanner;
    isr = w.isrPlanner;
  });
  afterAll(async () => {
    await t?.close();
  });

  const newPlan = (round: number) =>
    createPlan(t.ctx, mar, yearPlanInput(w.commission.id, 2026, { title: { en: `Plan ${round}` }, releasableTo: ['ISR'] }));
  const newSession = () =>
    createSession(t.ctx, mar, w.commission.id, {
      number: ++sessionNumber,
      startDate: '2026-06-01',
      endDate: '2026-06-02',
      ...sessionDefaults,
    });
  const auditOf = (entityId: string, action: string) =>
    t.db
      .selectFrom('audit_entry')
      .select('detail')
      .where('entity_id', '=', entityId)
      .where('action', '=', action)
      .orderBy('seq')
      .execute();

  it('approves a proposed plan exactly once when MAR and ISR approve at the same moment, 50 rounds', async () => {
    const rnd = prng(50);
    for (let round = 0; round < 50; round++) {
      const plan = await newPlan(round);
      await transitionPlanStatus(t.ctx, mar, plan.id, { to: 'proposed' });
      // Half the rounds send the version read, as the web does; the others leave it to the server.
      const read = (await getPlan(t.ctx, mar, plan.id)).version;
      const withVersion = rnd.int(2) === 1;
      const order = rnd.int(2) === 1 ? [mar, isr] : [isr, mar];
      const approve = (a: Actor, version?: number) => transitionPlanStatus(t.ctx, a, plan.id, { to: 'approved', version });
      const outcomes = await Promise.all(order.map((a) => settle(approve(a, withVersion ? read : undefined))));
      const kinds = outcomes.map(kindOf);
      // A caller that named no version has its approval read again and applied; one that did may get 409.
      expect(sorted(kinds), `round ${round}`).toEqual(
        withVersion && kinds.includes('conflict') ? ['conflict', 'ok'] : ['ok', 'ok'],
      );
      if (kinds[0] === 'ok' && kinds[1] === 'ok')
        expect(sorted(outcomes.map((o) => (o.ok ? o.value.status : ''))), `round ${round}`).toEqual(['approved', 'proposed']);
      for (const [i, k] of kinds.entries()) {
        if (k !== 'conflict') continue;
        // The loser reads again and approves: now the plan is approved.
        const again = await getPlan(t.ctx, mar, plan.id);
        expect(again.status, `round ${round}`).toBe('proposed');
        const retried = await approve(order[i] as Actor, again.version);
        expect(retried.status, `round ${round}`).toBe('approved');
      }
      const final = await getPlan(t.ctx, mar, plan.id);
      expect(final.status, `round ${round}`).toBe('approved');
      expect(sorted(final.approvals.map((a) => a.party)), `round ${round}`).toEqual(['ISR', 'MAR']);
      expect(
        (await listRevisions(t.ctx, mar, plan.id)).items.map((r) => r.number),
        `round ${round}`,
      ).toEqual([0]);
      expect((await auditOf(plan.id, 'plan.approve')).map((e) => JSON.parse(e.detail ?? '{}').to)).toEqual([
        'proposed',
        'approved',
      ]);
    }
  });

  it('through the API, two approvals sent at once end with the plan approved: both applied, or 200 and a clean 409 then a retry', async () => {
    const app = await buildServer(t.ctx);
    try {
      const headers = {
        mar: { authorization: `Bearer ${(await createToken(t.ctx, null, mar.username, 'race')).token}` },
        isr: { authorization: `Bearer ${(await createToken(t.ctx, null, isr.username, 'race')).token}` },
      };
      for (let round = 0; round < 10; round++) {
        const plan = await newPlan(400 + round);
        await transitionPlanStatus(t.ctx, mar, plan.id, { to: 'proposed' });
        const approve = async (who: 'mar' | 'isr') => {
          const read = await app.inject({ method: 'GET', url: `/api/plans/${plan.id}`, headers: headers[who] });
          return app.inject({
            method: 'POST',
            url: `/api/plans/${plan.id}/transitions`,
            headers: headers[who],
            payload: { to: 'approved', version: read.json().version },
          });
        };
        const answers = await Promise.all([approve('mar'), approve('isr')]);
        const codes = answers.map((a) => a.statusCode);
        expect(sorted(codes.map(String)), `round ${round}`).toSatisfy(
          (c: string[]) => (c[0] === '200' && c[1] === '200') || (c[0] === '200' && c[1] === '409'),
        );
        for (const [i, answer] of answers.entries()) {
          if (answer.statusCode !== 409) continue;
          expect(answer.headers['content-type'], `round ${round}`).toMatch(/^application\/problem\+json/);
          const again = await approve(i === 0 ? 'mar' : 'isr');
          expect(again.statusCode, `round ${round}`).toBe(200);
        }
        const final = await getPlan(t.ctx, mar, plan.id);
        expect(final.status, `round ${round}`).toBe('approved');
        expect(sorted(final.approvals.map((a) => a.party)), `round ${round}`).toEqual(['ISR', 'MAR']);
      }
    } finally {
      await app.close();
    }
  });

  it('keeps approvals racing correctly whatever isolation level the database server defaults to', async () => {
    // A pool of its own whose sessions default to REPEATABLE READ, as a stricter server configuration would.
    const url =
      kind === 'postgres'
        ? `${TEST_DATABASE_URL}${TEST_DATABASE_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(
            `-c search_path=${t.schema} -c default_transaction_isolation=repeatable\\ read`,
          )}`
        : t.url;
    const db = openDatabase({ url, poolSize: 4 });
    try {
      const strict = createContext(db, () => NOW);
      for (let round = 0; round < 10; round++) {
        const plan = await newPlan(500 + round);
        await transitionPlanStatus(strict, mar, plan.id, { to: 'proposed' });
        const outcomes = await Promise.all(
          [mar, isr].map((a) => settle(transitionPlanStatus(strict, a, plan.id, { to: 'approved' }))),
        );
        expect(outcomes.map(kindOf), `round ${round}`).toEqual(['ok', 'ok']);
        expect((await getPlan(strict, mar, plan.id)).status, `round ${round}`).toBe('approved');
      }
    } finally {
      await db.destroy();
    }
  });

  it('approves an amendment exactly once when both parties approve at the same moment', async () => {
    const plan = await newPlan(100);
    await transitionPlanStatus(t.ctx, mar, plan.id, { to: 'proposed' });
    await transitionPlanStatus(t.ctx, mar, plan.id, { to: 'approved' });
    await transitionPlanStatus(t.ctx, isr, plan.id, { to: 'approved' });
    const rnd = prng(51);
    for (let round = 1; round <= 20; round++) {
      await createAmendment(t.ctx, mar, plan.id, `amendment ${round}`);
      await transitionRevision(t.ctx, mar, plan.id, round, 'proposed');
      const order = rnd.int(2) === 1 ? [mar, isr] : [isr, mar];
      const outcomes = await Promise.all(order.map((a) => settle(transitionRevision(t.ctx, a, plan.id, round, 'approved'))));
      // An amendment has no version to name: both approvals are applied, one after the other.
      expect(outcomes.map(kindOf), `round ${round}`).toEqual(['ok', 'ok']);
      expect(sorted(outcomes.map((o) => (o.ok ? o.value.status : ''))), `round ${round}`).toEqual(['approved', 'proposed']);
      const revision = (await listRevisions(t.ctx, mar, plan.id)).items.find((r) => r.number === round);
      expect(revision?.status, `round ${round}`).toBe('approved');
      expect(sorted(revision?.approvals.map((a) => a.party) ?? []), `round ${round}`).toEqual(['ISR', 'MAR']);
    }
  });

  it('never approves a plan whose content changed after a party approved it, when the change and the last approval race', async () => {
    for (let round = 0; round < 20; round++) {
      const plan = await newPlan(200 + round);
      const activity = await createActivity(t.ctx, mar, plan.id, activityInput(`2026-RACE-${round}`));
      await transitionPlanStatus(t.ctx, mar, plan.id, { to: 'proposed' });
      await transitionPlanStatus(t.ctx, mar, plan.id, { to: 'approved' });
      const [approval, edit] = await Promise.all([
        settle(transitionPlanStatus(t.ctx, isr, plan.id, { to: 'approved' })),
        settle(updateActivity(t.ctx, mar, activity.id, { location: `Changed ${round}`, version: activity.version })),
      ]);
      expect(kindOf(approval), `round ${round}`).toBe('ok');
      const final = await getPlan(t.ctx, mar, plan.id);
      const approvers = sorted(final.approvals.map((a) => a.party));
      if (kindOf(edit) === 'ok') {
        // The change came first and withdrew MAR's approval: ISR's alone does not approve the plan.
        expect(final.status, `round ${round}`).toBe('proposed');
        expect(approvers, `round ${round}`).toEqual(['ISR']);
      } else {
        // The plan was approved first: its content is frozen and the change refused (409, or 400 once read as approved).
        expect(['conflict', 'invalid'], `round ${round}`).toContain(kindOf(edit));
        expect(final.status, `round ${round}`).toBe('approved');
        expect(approvers, `round ${round}`).toEqual(['ISR', 'MAR']);
      }
    }
  });

  it('freezes an amendment with every change committed before it was proposed, and refuses those after', async () => {
    const plan = await newPlan(300);
    const activity = await createActivity(t.ctx, mar, plan.id, activityInput('2026-AMD-01'));
    await transitionPlanStatus(t.ctx, mar, plan.id, { to: 'proposed' });
    await transitionPlanStatus(t.ctx, mar, plan.id, { to: 'approved' });
    await transitionPlanStatus(t.ctx, isr, plan.id, { to: 'approved' });
    for (let round = 1; round <= 20; round++) {
      await createAmendment(t.ctx, mar, plan.id, `amendment ${round}`);
      const { version } = await getActivity(t.ctx, mar, activity.id);
      const [proposal, edit] = await Promise.all([
        settle(transitionRevision(t.ctx, mar, plan.id, round, 'proposed')),
        settle(updateActivity(t.ctx, mar, activity.id, { location: `Site ${round}`, version })),
      ]);
      expect(kindOf(proposal), `round ${round}`).toBe('ok');
      const frozen = await t.db
        .selectFrom('revision_activity')
        .select('content')
        .where('plan_id', '=', plan.id)
        .where('number', '=', round)
        .executeTakeFirstOrThrow();
      const live = await getActivity(t.ctx, mar, activity.id);
      // What the amendment froze is what the plan holds: no change slipped in after it.
      expect(JSON.parse(frozen.content).location, `round ${round}`).toBe(live.location);
      if (kindOf(edit) === 'ok') expect(live.location, `round ${round}`).toBe(`Site ${round}`);
      else expect(['conflict', 'invalid'], `round ${round}`).toContain(kindOf(edit));
      await transitionRevision(t.ctx, mar, plan.id, round, 'approved');
      await transitionRevision(t.ctx, isr, plan.id, round, 'approved');
    }
  });

  it('never moves an activity of a plan closed at the same moment', async () => {
    for (let round = 0; round < 10; round++) {
      const plan = await newPlan(700 + round);
      const activity = await createActivity(t.ctx, mar, plan.id, activityInput(`2026-CLS-${round}`));
      await transitionPlanStatus(t.ctx, mar, plan.id, { to: 'proposed' });
      await transitionPlanStatus(t.ctx, mar, plan.id, { to: 'approved' });
      await transitionPlanStatus(t.ctx, isr, plan.id, { to: 'approved' });
      await transitionPlanStatus(t.ctx, mar, plan.id, { to: 'in_execution' });
      // MAR proposes the close; ISR's agreement, which closes the plan, races a move of the activity.
      await proposeClose(t.ctx, mar, plan.id, {
        dispositions: [{ activityId: activity.id, disposition: 'cancel', reason: 'End of the plan' }],
      });
      const [close, move] = await Promise.all([
        settle(decideJoint(t.ctx, isr, plan.id, 'close', { decision: 'agree' })),
        settle(transitionActivityStatus(t.ctx, mar, activity.id, { to: 'scheduled' })),
      ]);
      expect(kindOf(close), `round ${round}`).toBe('ok');
      expect(['ok', 'conflict', 'invalid'], `round ${round}`).toContain(kindOf(move));
      // A move of the activity comes before the plan closes, never after it.
      const order = (
        await t.db
          .selectFrom('audit_entry')
          .select('action')
          .where('entity_id', 'in', [plan.id, activity.id])
          .where('action', 'in', ['activity.transition', 'plan.close'])
          .orderBy('seq')
          .execute()
      ).map((e) => e.action);
      expect(order.at(-1), `round ${round}`).toBe('plan.close');
    }
  });

  it('approves the minutes of a session exactly once when both parties approve at the same moment', async () => {
    const rnd = prng(52);
    for (let round = 0; round < 20; round++) {
      const session = await newSession();
      await transitionSessionStatus(t.ctx, mar, session.id, { to: 'convened' });
      await transitionSessionStatus(t.ctx, mar, session.id, { to: 'held' });
      const read = (await getSession(t.ctx, mar, session.id)).version;
      const withVersion = rnd.int(2) === 1;
      const order = rnd.int(2) === 1 ? [mar, isr] : [isr, mar];
      const approve = (a: Actor, version?: number) =>
        transitionSessionStatus(t.ctx, a, session.id, { to: 'minutes_approved', version });
      const outcomes = await Promise.all(order.map((a) => settle(approve(a, withVersion ? read : undefined))));
      if (!withVersion) expect(outcomes.map(kindOf), `round ${round}`).toEqual(['ok', 'ok']);
      for (const [i, o] of outcomes.entries()) {
        if (kindOf(o) === 'ok') continue;
        expect(kindOf(o), `round ${round}`).toBe('conflict');
        const again = await getSession(t.ctx, mar, session.id);
        expect(again.status, `round ${round}`).toBe('held');
        await approve(order[i] as Actor, again.version);
      }
      const final = await getSession(t.ctx, mar, session.id);
      expect(final.status, `round ${round}`).toBe('minutes_approved');
      expect(sorted(final.minutesApprovals.map((a) => a.party)), `round ${round}`).toEqual(['ISR', 'MAR']);
    }
  });

  it('never changes the record of a session after its minutes were approved, when the change and the last approval race', async () => {
    for (let round = 0; round < 10; round++) {
      const session = await newSession();
      await transitionSessionStatus(t.ctx, mar, session.id, { to: 'convened' });
      const added = await addAgendaItem(t.ctx, mar, session.id, { title: `Point ${round}`, releasableTo: ['ISR'] });
      await transitionSessionStatus(t.ctx, mar, session.id, { to: 'held' });
      const first = { summary: `Summary ${round}`, decisions: null, actionItems: [] };
      const { agendaItem: item } = await recordMinutes(t.ctx, mar, added.id, { ...first, version: added.version } as never);
      await transitionSessionStatus(t.ctx, mar, session.id, { to: 'minutes_approved' });
      const [approval, minutes] = await Promise.all([
        settle(transitionSessionStatus(t.ctx, isr, session.id, { to: 'minutes_approved' })),
        settle(
          recordMinutes(t.ctx, mar, item.id, {
            version: item.version,
            summary: `Late summary ${round}`,
            decisions: null,
            actionItems: [],
          } as never),
        ),
      ]);
      expect(kindOf(approval), `round ${round}`).toBe('ok');
      expect(['ok', 'conflict', 'invalid'], `round ${round}`).toContain(kindOf(minutes));
      // Recorded minutes come before the approval that closes the record, never after it, and withdraw the approval given before them.
      const order = (
        await t.db
          .selectFrom('audit_entry')
          .select(['action', 'entity_id'])
          .where('entity_id', 'in', [session.id, item.id])
          .where('action', 'in', ['agenda.minutes', 'session.minutes_approve', 'session.minutes_approvals_withdrawn'])
          .orderBy('seq')
          .execute()
      ).map((e) => e.action);
      const final = await getSession(t.ctx, mar, session.id);
      if (kindOf(minutes) === 'ok') {
        expect(order, `round ${round}`).toEqual([
          'agenda.minutes',
          'session.minutes_approve',
          'agenda.minutes',
          'session.minutes_approvals_withdrawn',
          'session.minutes_approve',
        ]);
        expect(final.status, `round ${round}`).toBe('held');
        expect(
          final.minutesApprovals.map((a) => a.party),
          `round ${round}`,
        ).toEqual(['ISR']);
      } else {
        expect(order, `round ${round}`).toEqual(['agenda.minutes', 'session.minutes_approve', 'session.minutes_approve']);
        expect(final.status, `round ${round}`).toBe('minutes_approved');
      }
    }
  });

  it('never approves minutes without an item added to the held session at the same moment', async () => {
    for (let round = 0; round < 10; round++) {
      const session = await newSession();
      await transitionSessionStatus(t.ctx, mar, session.id, { to: 'convened' });
      const added = await addAgendaItem(t.ctx, mar, session.id, { title: `Point ${round}` });
      await transitionSessionStatus(t.ctx, mar, session.id, { to: 'held' });
      await recordMinutes(t.ctx, mar, added.id, { version: added.version, summary: 'Noté.', decisions: null, actionItems: [] });
      await transitionSessionStatus(t.ctx, mar, session.id, { to: 'minutes_approved' });
      const [approval, late] = await Promise.all([
        settle(transitionSessionStatus(t.ctx, isr, session.id, { to: 'minutes_approved' })),
        settle(addAgendaItem(t.ctx, mar, session.id, { title: `Late point ${round}`, releasableTo: [] })),
      ]);
      expect(['ok', 'invalid', 'conflict'], `round ${round}`).toContain(kindOf(approval));
      expect(['ok', 'invalid', 'conflict'], `round ${round}`).toContain(kindOf(late));
      const final = await getSession(t.ctx, mar, session.id);
      const items = await t.db.selectFrom('agenda_item').select('id').where('session_id', '=', session.id).execute();
      // Approved minutes hold exactly what both parties approved; an item added after an approval withdrew it.
      if (final.status === 'minutes_approved') expect(items, `round ${round}`).toHaveLength(1);
      else {
        expect(kindOf(late), `round ${round}`).toBe('ok');
        expect(final.minutesApprovals, `round ${round}`).toEqual([]);
      }
    }
  });

  it('records the minutes of an agenda item once when two planners record them from the same version', async () => {
    const session = await newSession();
    await transitionSessionStatus(t.ctx, mar, session.id, { to: 'convened' });
    for (let round = 0; round < 20; round++) {
      const item = await addAgendaItem(t.ctx, mar, session.id, { title: `Item ${round}`, releasableTo: ['ISR'] });
      const minutes = (who: string) => ({
        version: item.version,
        summary: `Summary by ${who}`,
        decisions: `Decision by ${who}`,
        actionItems: [{ title: `Follow-up by ${who}`, responsibleParty: 'ISR', dueDate: '2026-09-30' }],
      });
      const outcomes = await Promise.all(
        [mar, isr].map((a) => settle(recordMinutes(t.ctx, a, item.id, minutes(a.party) as never))),
      );
      expect(sorted(outcomes.map(kindOf)), `round ${round}`).toEqual(['conflict', 'ok']);
      const winner = [mar, isr][outcomes.findIndex((o) => o.ok)] as Actor;
      const stored = (await listAgenda(t.ctx, mar, session.id)).items.find((a) => a.id === item.id);
      expect(stored?.summary, `round ${round}`).toBe(`Summary by ${winner.party}`);
      expect(stored?.version, `round ${round}`).toBe(item.version + 1);
      const actionItems = await t.db.selectFrom('action_item').select('title').where('agenda_item_id', '=', item.id).execute();
      expect(
        actionItems.map((a) => a.title),
        `round ${round}`,
      ).toEqual([`Follow-up by ${winner.party}`]);
    }
  });

  it('keeps agenda edits, minutes and reorders from overwriting each other', async () => {
    const session = await newSession();
    await transitionSessionStatus(t.ctx, mar, session.id, { to: 'convened' });
    const rnd = prng(53);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++)
      ids.push((await addAgendaItem(t.ctx, mar, session.id, { title: `Point ${i}`, releasableTo: ['ISR'] })).id);
    for (let round = 0; round < 20; round++) {
      const before = (await listAgenda(t.ctx, mar, session.id)).items;
      const target = rnd.pick(before);
      const orders = [rnd.sample(ids, ids.length), rnd.sample(ids, ids.length)];
      const outcomes = await Promise.all([
        settle(updateAgendaItem(t.ctx, mar, target.id, { title: `Edited by MAR ${round}`, version: target.version })),
        settle(
          recordMinutes(t.ctx, isr, target.id, {
            version: target.version,
            summary: `Minutes by ISR ${round}`,
            decisions: 'none',
            actionItems: [],
          } as never),
        ),
        settle(reorderAgendaItems(t.ctx, mar, session.id, orders[0] as string[])),
        settle(reorderAgendaItems(t.ctx, isr, session.id, orders[1] as string[])),
      ]);
      const kinds = outcomes.map(kindOf);
      // Two writes from the same version: at most one is written (a reorder may have moved the item first).
      expect(sorted(kinds.slice(0, 2)), `round ${round}`).toSatisfy(
        (k: string[]) => k[0] === 'conflict' && (k[1] === 'ok' || k[1] === 'conflict'),
      );
      for (const k of kinds.slice(2)) expect(['ok', 'conflict'], `round ${round}`).toContain(k);
      const after = (await listAgenda(t.ctx, mar, session.id)).items;
      // Positions stay a permutation, and each item moved on by exactly as many versions as writes it took.
      expect(sorted(after.map((a) => String(a.position))), `round ${round}`).toEqual(['1', '2', '3', '4']);
      const stored = after.find((a) => a.id === target.id);
      const reordered = kinds.slice(2).filter((k) => k === 'ok').length;
      const written = kinds.slice(0, 2).filter((k) => k === 'ok').length;
      expect(stored?.version, `round ${round}`).toBeLessThanOrEqual(target.version + written + reordered);
      expect(stored?.version, `round ${round}`).toBeGreaterThanOrEqual(target.version + written);
      if (kinds[0] === 'ok') expect(stored?.title, `round ${round}`).toBe(`Edited by MAR ${round}`);
      if (kinds[1] === 'ok') expect(stored?.summary, `round ${round}`).toBe(`Minutes by ISR ${round}`);
      if (kinds[0] !== 'ok') expect(stored?.title, `round ${round}`).toBe(target.title);
      if (kinds[1] !== 'ok') expect(stored?.summary, `round ${round}`).toBe(target.summary);
    }
  });

  it('prepares and extends an agenda once when two planners do it at the same moment', async () => {
    const earlier = await newSession();
    await transitionSessionStatus(t.ctx, mar, earlier.id, { to: 'convened' });
    const decided = await addAgendaItem(t.ctx, mar, earlier.id, { title: 'Decision', releasableTo: ['ISR'] });
    await recordMinutes(t.ctx, mar, decided.id, {
      version: decided.version,
      summary: 'Discussed',
      decisions: 'Decided',
      actionItems: [{ title: 'Still open', responsibleParty: 'ISR', dueDate: '2026-05-31' }],
    } as never);
    for (let round = 0; round < 10; round++) {
      const session = await newSession();
      const outcomes = await Promise.all([
        settle(prepareAgenda(t.ctx, mar, session.id)),
        settle(prepareAgenda(t.ctx, isr, session.id)),
        settle(addAgendaItem(t.ctx, mar, session.id, { title: `Added by MAR ${round}`, releasableTo: ['ISR'] })),
        settle(addAgendaItem(t.ctx, isr, session.id, { title: `Added by ISR ${round}` })),
      ]);
      // Nothing here names a version: each is read again and applied after the other.
      expect(outcomes.map(kindOf), `round ${round}`).toEqual(['ok', 'ok', 'ok', 'ok']);
      const items = await t.db
        .selectFrom('agenda_item')
        .select(['position', 'action_item_id', 'title'])
        .where('session_id', '=', session.id)
        .execute();
      const carried = items.filter((i) => i.action_item_id !== null).map((i) => i.action_item_id as string);
      expect(carried.length, `round ${round}`).toBeGreaterThan(0);
      expect(new Set(carried).size, `round ${round}: carried forward once`).toBe(carried.length);
      expect(new Set(items.map((i) => i.position)).size, `round ${round}: one item per place`).toBe(items.length);
      expect(items.filter((i) => i.title.startsWith('Added by')).length, `round ${round}`).toBe(2);
    }
  });

  it('never resets the password of a user a security officer raised above the resetting administrator meanwhile', async () => {
    const secretAdmin = await makeActor(t.ctx, 'MAR', ['admin'], 'SECRET');
    const officer = await makeActor(t.ctx, 'MAR', ['security_officer'], 'TOP_SECRET', ['INDUS', 'INTEL']);
    for (let round = 0; round < 10; round++) {
      const user = await makeActor(t.ctx, 'MAR', ['viewer'], 'SECRET');
      const { version } = await t.db
        .selectFrom('app_user')
        .select('version')
        .where('id', '=', user.userId)
        .executeTakeFirstOrThrow();
      await updateUser(t.ctx, mar, user.userId, { clearance: 'TOP_SECRET', version });
      const request = (await listClearanceRequests(t.ctx, officer)).items.find((r) => r.userId === user.userId);
      if (!request) throw new Error('no pending raise');
      const [reset, confirm] = await Promise.all([
        settle(resetPassword(t.ctx, secretAdmin, user.userId, `another-password-${round}`)),
        settle(decideRaise(t.ctx, officer, request.id, true)),
      ]);
      expect(kindOf(confirm), `round ${round}`).toBe('ok');
      // Refused (as out of reach, or 409 when the raise landed during the reset), or made before the raise.
      expect(['ok', 'conflict', 'not_found', 'forbidden'], `round ${round}`).toContain(kindOf(reset));
      if (kindOf(reset) !== 'ok') continue;
      const order = await t.db
        .selectFrom('audit_entry')
        .select('action')
        .where('entity_id', '=', user.userId)
        .where('action', 'in', ['user.password.reset', 'user.clearance.confirm'])
        .orderBy('seq')
        .execute();
      expect(
        order.map((e) => e.action),
        `round ${round}`,
      ).toEqual(['user.password.reset', 'user.clearance.confirm']);
    }
  });

  it('never records a measurement older than a baseline moved at the same moment', async () => {
    const objective = await createObjective(t.ctx, mar, w.plan.id, {
      title: { en: 'Measured cooperation' },
      activityIds: [],
      classification: 'UNCLASSIFIED',
      releasableTo: ['ISR'],
      compartments: [],
    });
    for (let round = 0; round < 10; round++) {
      const indicator = await createIndicator(t.ctx, mar, objective.id, {
        name: `Meetings held ${round}`,
        unit: 'meetings',
        baselineValue: 0,
        baselineDate: '2026-01-01',
        targetValue: 4,
        targetDate: '2026-12-31',
        classification: 'UNCLASSIFIED',
        releasableTo: ['ISR'],
        compartments: [],
      } as never);
      const [move, measure] = await Promise.all([
        settle(updateIndicator(t.ctx, mar, indicator.id, { baselineDate: '2026-06-01', version: indicator.version } as never)),
        settle(addMeasurement(t.ctx, mar, indicator.id, { date: '2026-03-01', value: 1, sourceId: null })),
      ]);
      // The baseline moved, or the measurement was recorded before it and the move refused: never both.
      expect(sorted([kindOf(move), kindOf(measure)]), `round ${round}`).toSatisfy(
        (k: string[]) => k.filter((x) => x === 'ok').length === 1 && k.every((x) => ['ok', 'conflict', 'invalid'].includes(x)),
      );
      const stored = await t.db
        .selectFrom('indicator')
        .select('baseline_date')
        .where('id', '=', indicator.id)
        .executeTakeFirstOrThrow();
      const older = await t.db
        .selectFrom('measurement')
        .select('date')
        .where('indicator_id', '=', indicator.id)
        .where('date', '<', stored.baseline_date)
        .execute();
      expect(older, `round ${round}`).toEqual([]);
    }
  });

  it('answers the loser of a deadlock between two transactions with a clean 409 and keeps the winner', async () => {
    const x = await newPlan(600);
    const y = await newPlan(601);
    /** A point one transaction reaches and the other waits for; never longer than `ms`, as SQLite runs one at a time. */
    const point = () => {
      let reach = () => {};
      const reached = new Promise<void>((r) => {
        reach = r;
      });
      return { reach, wait: (ms: number) => Promise.race([reached, new Promise<void>((r) => setTimeout(r, ms))]) };
    };
    const claim = async (trx: typeof t.db, id: string) => {
      const { version } = await trx.selectFrom('work_plan').select('version').where('id', '=', id).executeTakeFirstOrThrow();
      if (!(await compareAndSet(trx, 'work_plan', id, version, { updated_at: NOW.toISOString() }))) throw new LostRace('Plan');
    };
    for (let round = 0; round < 2; round++) {
      const held = [point(), point()] as const;
      // Each claims one plan, waits until the other holds the other plan, then claims it: a deadlock on PostgreSQL.
      const cross = (first: string, second: string, mine: 0 | 1) =>
        inTransaction(t.ctx.db, async (trx) => {
          await claim(trx, first);
          held[mine].reach();
          await held[mine === 0 ? 1 : 0].wait(500);
          await claim(trx, second);
        });
      const outcomes = await Promise.all([settle(cross(x.id, y.id, 0)), settle(cross(y.id, x.id, 1))]);
      const kinds = outcomes.map(kindOf);
      expect(kinds, `round ${round}`).toContain('ok');
      for (const k of kinds) expect(['ok', 'conflict'], `round ${round}`).toContain(k);
    }
  });

  it('moves an action item along one chain of transitions when two parties move it at the same moment', async () => {
    const session = await newSession();
    await transitionSessionStatus(t.ctx, mar, session.id, { to: 'convened' });
    const rnd = prng(54);
    const moves: { to: ActionItemStatus; reason?: string }[] = [
      { to: 'in_progress' },
      { to: 'done' },
      { to: 'dropped', reason: 'overtaken by events' },
    ];
    for (let round = 0; round < 20; round++) {
      const item = await addAgendaItem(t.ctx, mar, session.id, { title: `Decision ${round}`, releasableTo: ['ISR'] });
      const recorded = await recordMinutes(t.ctx, mar, item.id, {
        version: item.version,
        summary: 'Discussed',
        decisions: 'Decided',
        actionItems: [{ title: `Action ${round}`, responsibleParty: 'ISR', dueDate: '2026-09-30' }],
      } as never);
      const actionItem = recorded.actionItems[0];
      if (!actionItem) throw new Error('no action item');
      const withVersion = rnd.int(2) === 1;
      const picked = [rnd.pick(moves), rnd.pick(moves)];
      const outcomes = await Promise.all(
        [mar, isr].map((a, i) =>
          settle(
            transitionActionItemStatus(t.ctx, a, actionItem.id, {
              ...(picked[i] as { to: ActionItemStatus; reason?: string }),
              version: withVersion ? actionItem.version : undefined,
            }),
          ),
        ),
      );
      const kinds = outcomes.map(kindOf);
      for (const k of kinds) expect(['ok', 'conflict', 'invalid'], `round ${round}`).toContain(k);
      expect(kinds, `round ${round}`).toContain('ok');
      // The audit trail is one chain from open to the stored status: no move was made from a state already left.
      const chain = (await auditOf(actionItem.id, 'action_item.transition')).map(
        (e) => JSON.parse(e.detail ?? '{}') as { from: string; to: string },
      );
      expect(chain.length, `round ${round}`).toBe(kinds.filter((k) => k === 'ok').length);
      let status = 'open';
      for (const step of chain) {
        expect(step.from, `round ${round}`).toBe(status);
        status = step.to;
      }
      const stored = await t.db
        .selectFrom('action_item')
        .select(['status', 'version'])
        .where('id', '=', actionItem.id)
        .executeTakeFirstOrThrow();
      expect(stored.status, `round ${round}`).toBe(status);
      expect(stored.version, `round ${round}`).toBe(actionItem.version + chain.length);
    }
  });
});
