import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, getActivity, transitionActivityStatus } from '../src/app/activity.usecases.js';
import { bulkEditActivities } from '../src/app/activity-bulk.usecases.js';
import type { Actor } from '../src/app/context.js';
import { createPlan, transitionPlanStatus } from '../src/app/plan.usecases.js';
import type { Activity } from '../src/domain/activity.schema.js';
import type { ActivityBulkAction, ActivityBulkReport } from '../src/domain/activity-bulk.schema.js';
import { newId } from '../src/domain/ids.js';
import { type Classification, canRead, type Label } from '../src/domain/labels.js';
import { periodOf } from '../src/domain/period.js';
import { buildServer } from '../src/server/app.js';
import { modelMoves } from './support/activity-moves.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, insertMarMinistry, makeActor, seedWorld, sessionCookies, yearPlanInput } from './support/fixtures.js';
import { prng } from './support/labelled-world.js';

const LEVELS: Classification[] = ['UNCLASSIFIED', 'RESTRICTED', 'CONFIDENTIAL', 'SECRET', 'TOP_SECRET'];

const labelOf = (a: Activity): Label => ({
  ownerParty: a.ownerParty,
  classification: a.classification,
  releasableTo: a.releasableTo,
  compartments: a.compartments,
});

/** What the reference model says a bulk action does to one activity for one user: applied, or the code of its refusal. */
function expectedOutcome(user: Actor, a: Activity | undefined, action: ActivityBulkAction): string {
  if (!a || !canRead(user, labelOf(a))) return 'activity.not_found';
  if (!user.roles.includes('planner')) return 'access.only_planners';
  if (user.party !== a.ownerParty) return 'access.only_owner_planners';
  if (action.kind === 'transition' || action.kind === 'postpone') {
    const to = action.kind === 'postpone' ? 'postponed' : action.to;
    const allowed = modelMoves(a.status);
    if (!allowed.includes(to)) return allowed.length ? 'activity.cannot_move' : 'activity.cannot_move_final';
    if (to === 'cancelled' && !(action.kind === 'transition' && action.reason)) return 'activity.cancel_needs_reason';
    return 'applied';
  }
  if (
    action.kind === 'relabel' &&
    action.classification &&
    LEVELS.indexOf(action.classification) > LEVELS.indexOf(user.clearance)
  )
    return 'label.above_clearance';
  return 'applied';
}

/** The month `n` months after the one `iso` falls in, as its first day. */
const monthsLater = (iso: string, n: number) => {
  const m = Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1 + n;
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-01`;
};

describe.each(databases())('bulk edit of a plan’s activities on %s', (kind) => {
  let t: TestDatabase;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  let users: Record<string, Actor>;
  /** The model: every activity as it should now be. */
  const model = new Map<string, Activity>();
  const organisationId = newId();
  let app: Awaited<ReturnType<typeof buildServer>>;
  let cookies: Record<string, string>;

  const auditCount = async () =>
    Number(
      (
        await t.db
          .selectFrom('audit_entry')
          .select(sql<number>`count(*)`.as('n'))
          .where('entity_type', '=', 'activity')
          .executeTakeFirstOrThrow()
      ).n,
    );
  const bulk = (who: string, planId: string, body: unknown) =>
    app.inject({
      method: 'POST',
      url: `/api/plans/${planId}/activities/bulk`,
      payload: body as Record<string, unknown>,
      headers: { cookie: cookies[who] ?? '' },
    });

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    world = await seedWorld(t.ctx);
    await insertMarMinistry(t.ctx, organisationId);
    users = {
      marTop: world.marPlanner,
      marLow: await makeActor(t.ctx, 'MAR', ['planner'], 'CONFIDENTIAL', ['INTEL']),
      marContributor: await makeActor(t.ctx, 'MAR', ['contributor'], 'SECRET', ['INDUS', 'INTEL']),
      isr: world.isrPlanner,
    };
    const rng = prng(1502);
    for (let i = 0; i < 24; i++) {
      const a = await createActivity(
        t.ctx,
        world.marPlanner,
        world.plan.id,
        activityInput(`BULK-${String(i).padStart(2, '0')}`, {
          classification: rng.pick(['UNCLASSIFIED', 'RESTRICTED', 'CONFIDENTIAL', 'SECRET'] as const),
          compartments: rng.pick([[], ['INTEL'], ['INDUS']]),
          releasableTo: rng.pick([[], ['ISR']]),
          plannedPeriod: periodOf(`2026-0${1 + rng.int(6)}`),
        }),
      );
      model.set(a.id, a);
    }
    // Spread the activities over the lifecycle, through the single moves.
    for (const [id, a] of model) {
      const path = rng.pick([[], ['planned'], ['planned', 'scheduled'], ['cancelled']]);
      let now = a;
      for (const to of path)
        now = await transitionActivityStatus(t.ctx, world.marPlanner, id, { to: to as 'planned', reason: 'préparation' });
      model.set(id, now);
    }
    app = await buildServer(t.ctx, { webRoot: false });
    cookies = await sessionCookies(app, users);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  /** Runs one bulk edit over HTTP, checks its report and the records against the model, and moves the model on. */
  async function runAgainstModel(who: string, action: ActivityBulkAction, change: (a: Activity) => Partial<Activity>) {
    const user = users[who] as Actor;
    const missing = newId();
    const ids = [...model.keys(), missing];
    const auditsBefore = await auditCount();
    const res = await bulk(who, world.plan.id, { selection: { ids }, action });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json() as ActivityBulkReport;
    expect(report.results.map((r) => r.id)).toEqual(ids);
    let applied = 0;
    for (const r of report.results) {
      const want = expectedOutcome(user, model.get(r.id), action);
      expect(r.outcome === 'applied' ? 'applied' : r.code, `${who} ${action.kind} ${model.get(r.id)?.refCode ?? 'missing'}`).toBe(
        want,
      );
      if (r.outcome === 'refused') expect(r.params).toEqual(want === 'activity.not_found' ? {} : r.params);
      const before = model.get(r.id);
      if (!before) continue;
      const now = await getActivity(t.ctx, world.marPlanner, r.id);
      if (r.outcome === 'applied') {
        applied += 1;
        const expected = { ...before, ...change(before) };
        expect(now.version).toBe(before.version + 1);
        expect(r.version).toBe(now.version);
        expect({ status: now.status, period: now.plannedPeriod, org: now.leadOrganisationId, cls: now.classification }).toEqual({
          status: expected.status,
          period: expected.plannedPeriod,
          org: expected.leadOrganisationId,
          cls: expected.classification,
        });
        model.set(r.id, now);
      } else expect(now.version).toBe(before.version);
    }
    expect(report.applied).toBe(applied);
    expect(report.refused).toBe(ids.length - applied);
    // One audit entry per record changed, none for a refusal.
    expect((await auditCount()) - auditsBefore).toBe(applied);
    return report;
  }

  it('refuses users who are not planners of the owner party, and answers a hidden record as one that does not exist', async () => {
    const a = await runAgainstModel('isr', { kind: 'transition', to: 'planned' }, () => ({}));
    expect(a.applied).toBe(0);
    expect(a.results.some((r) => r.outcome === 'refused' && r.code === 'access.only_owner_planners')).toBe(true);
    expect(a.results.filter((r) => r.outcome === 'refused' && r.code === 'activity.not_found').length).toBeGreaterThan(1);
    const b = await runAgainstModel('marContributor', { kind: 'postpone', reason: 'Calendrier', months: 2 }, () => ({}));
    expect(b.applied).toBe(0);
  });

  it('moves, relabels within the writer’s clearance, postpones with one reason and reassigns, as the model says', async () => {
    await runAgainstModel('marLow', { kind: 'transition', to: 'planned' }, () => ({ status: 'planned' }));
    await runAgainstModel('marLow', { kind: 'relabel', classification: 'SECRET' }, () => ({}));
    const relabel = await runAgainstModel('marLow', { kind: 'relabel', classification: 'CONFIDENTIAL' }, () => ({
      classification: 'CONFIDENTIAL',
    }));
    expect(relabel.applied).toBeGreaterThan(0);
    const postpone = await runAgainstModel('marTop', { kind: 'postpone', reason: 'Calendrier des forces', months: 2 }, (a) => ({
      status: 'postponed',
      plannedPeriod: periodOf(monthsLater(a.plannedPeriod.start, 2).slice(0, 7)),
    }));
    expect(postpone.applied).toBeGreaterThan(0);
    expect(postpone.refused).toBeGreaterThan(1);
    await runAgainstModel('marTop', { kind: 'transition', to: 'cancelled' }, () => ({}));
    await runAgainstModel('marTop', { kind: 'reassign', leadOrganisationId: organisationId }, () => ({
      leadOrganisationId: organisationId,
    }));
    // The postponements' one reason is in each activity's log.
    const logged = await t.db
      .selectFrom('follow_up')
      .select('activity_id')
      .where('body', '=', 'Calendrier des forces')
      .where('to_status', '=', 'postponed')
      .execute();
    expect(logged.length).toBe(postpone.applied);
  });

  it('resolves "all matching" under the read rule, never naming what the writer may not read', async () => {
    const user = users.marLow as Actor;
    const matching = [...model.values()].filter((a) => a.status === 'planned');
    const res = await bulk('marLow', world.plan.id, {
      selection: { filter: { status: 'planned' } },
      action: { kind: 'transition', to: 'scheduled' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json() as ActivityBulkReport;
    const readable = matching.filter((a) => canRead(user, labelOf(a)));
    expect(report.results.map((r) => r.id).sort()).toEqual(readable.map((a) => a.id).sort());
    expect(report.applied).toBe(readable.length);
    for (const a of matching) model.set(a.id, await getActivity(t.ctx, world.marPlanner, a.id));
  });

  it('leaves nothing written when the database fails half-way', async () => {
    const ids = [...model.keys()];
    const victim = ids[Math.floor(ids.length / 2)] as string;
    if (kind === 'sqlite')
      await sql
        .raw(
          `create trigger bulk_fail before update on activity when old.id = '${victim}' begin select raise(abort, 'forced'); end`,
        )
        .execute(t.db);
    else {
      await sql
        .raw(
          `create function bulk_fail() returns trigger language plpgsql as $$ begin if old.id = '${victim}' then raise exception 'forced'; end if; return new; end $$`,
        )
        .execute(t.db);
      await sql.raw('create trigger bulk_fail before update on activity for each row execute function bulk_fail()').execute(t.db);
    }
    const versions = async () => Promise.all(ids.map(async (id) => (await getActivity(t.ctx, world.marPlanner, id)).version));
    const before = { versions: await versions(), audits: await auditCount() };
    try {
      await expect(
        bulkEditActivities(t.ctx, world.marPlanner, world.plan.id, {
          selection: { ids },
          action: { kind: 'reassign', leadOrganisationId: null },
        }),
      ).rejects.toThrow(/forced/);
    } finally {
      await sql.raw(`drop trigger bulk_fail${kind === 'sqlite' ? '' : ' on activity'}`).execute(t.db);
      if (kind === 'postgres') await sql.raw('drop function bulk_fail()').execute(t.db);
    }
    expect({ versions: await versions(), audits: await auditCount() }).toEqual(before);
  });

  it('refuses an organisation that does not exist once for the whole request, beside the field, writing nothing', async () => {
    const before = new Map(
      await Promise.all([...model.keys()].map(async (id) => [id, await getActivity(t.ctx, world.marPlanner, id)] as const)),
    );
    const auditsBefore = await auditCount();
    const res = await bulk('marTop', world.plan.id, {
      selection: { ids: [...model.keys()] },
      action: { kind: 'reassign', leadOrganisationId: newId() },
    });
    // As the single edit answers it: 400, coded, the field named.
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json();
    expect(body.code).toBe('activity.unknown_organisation');
    expect(body.errors).toEqual([
      expect.objectContaining({ path: 'action.leadOrganisationId', code: 'field.no_such_organisation' }),
    ]);
    expect(body.results).toBeUndefined();
    expect(await auditCount()).toBe(auditsBefore);
    for (const [id, a] of before) expect((await getActivity(t.ctx, world.marPlanner, id)).version).toBe(a.version);
    // The same through "all matching".
    const all = await bulk('marTop', world.plan.id, {
      selection: { filter: {} },
      action: { kind: 'reassign', leadOrganisationId: newId() },
    });
    expect(all.statusCode).toBe(400);
    expect(all.json().errors).toHaveLength(1);
  });

  it('caps the size with a coded answer, answers a hidden plan 404, and follows the single edit on an adopted plan', async () => {
    const tooMany = await bulk('marTop', world.plan.id, {
      selection: { ids: Array.from({ length: 1001 }, () => newId()) },
      action: { kind: 'transition', to: 'planned' },
    });
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json().code).toBe('activity.bulk_too_many');
    const empty = await bulk('marTop', world.plan.id, { selection: { ids: [] }, action: { kind: 'relabel' } });
    expect(empty.statusCode).toBe(400);

    const hidden = await createPlan(t.ctx, world.marPlanner, yearPlanInput(world.commission.id, 2027, { releasableTo: [] }));
    const notFound = await bulk('isr', hidden.id, {
      selection: { ids: [newId()] },
      action: { kind: 'transition', to: 'planned' },
    });
    expect(notFound.statusCode).toBe(404);
    expect(notFound.json().code).toBe('plan.not_found');

    await transitionPlanStatus(t.ctx, world.marPlanner, world.plan.id, { to: 'proposed' });
    await transitionPlanStatus(t.ctx, world.marPlanner, world.plan.id, { to: 'approved' });
    await transitionPlanStatus(t.ctx, world.isrPlanner, world.plan.id, { to: 'approved' });
    const one = [...model.values()].find((a) => a.status !== 'cancelled') as Activity;
    const single = await app.inject({
      method: 'PATCH',
      url: `/api/activities/${one.id}`,
      payload: { classification: 'RESTRICTED', version: (await getActivity(t.ctx, world.marPlanner, one.id)).version },
      headers: { cookie: cookies.marTop ?? '' },
    });
    const frozen = await bulk('marTop', world.plan.id, {
      selection: { ids: [one.id] },
      action: { kind: 'relabel', classification: 'RESTRICTED' },
    });
    expect(frozen.statusCode, frozen.body).toBe(200);
    expect(frozen.json().results[0]).toMatchObject({ outcome: 'refused', code: single.json().code });
    expect(single.json().code).toBe('plan.content_frozen');
  });
});
