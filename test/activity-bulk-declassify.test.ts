import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity } from '../src/app/activity.usecases.js';
import { BULK_DECLASSIFY_ALERT_OVER, bulkEditActivities, lowers } from '../src/app/activity-bulk.usecases.js';
import { listAudit } from '../src/app/audit.usecases.js';
import type { Actor } from '../src/app/context.js';
import { listNotifications } from '../src/app/notification.usecases.js';
import { CLASSIFICATIONS, type Classification, canRead } from '../src/domain/labels.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, makeActor, seedWorld } from './support/fixtures.js';
import { prng } from './support/labelled-world.js';

const N = BULK_DECLASSIFY_ALERT_OVER;

describe('what counts as lowering a label', () => {
  const label = (classification: number, compartment_mask: number, releasable_mask: number) => ({
    owner_party: 'MAR',
    classification,
    compartment_mask,
    releasable_mask,
  });
  it('is a lower level, a compartment fewer or a party more, never a raise', () => {
    expect(lowers(label(3, 0, 0), label(2, 0, 0))).toBe(true);
    expect(lowers(label(3, 0b11, 0), label(3, 0b01, 0))).toBe(true);
    expect(lowers(label(3, 0, 0b01), label(3, 0, 0b11))).toBe(true);
    // Masks past 32 bits are compared as such.
    expect(lowers(label(3, 2 ** 40, 0), label(3, 0, 0))).toBe(true);
    expect(lowers(label(2, 0b01, 0b11), label(3, 0b11, 0b01))).toBe(false);
    expect(lowers(label(2, 0, 0), label(2, 0, 0))).toBe(false);
  });
});

/**
 * A bulk relabel lowering more than BULK_DECLASSIFY_ALERT_OVER labels is audited once more, at the highest of
 * the labels the activities had, so that only the security officers who may read that label read it, and told
 * to the writer's party's officers who may read it; a raise, or a lowering of no more than that many, is not. Generated officers are checked against the read rule of the
 * reference model (`canRead`).
 */
describe.each(databases())('a bulk declassification on %s', (kind) => {
  let t: TestDatabase;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  let officers: Actor[];
  const ids: string[] = [];
  const alerts = async (user: Actor) =>
    (await listNotifications(t.ctx, user, {})).items.filter((n) => n.kind === 'bulk_declassified');
  const entries = async (officer: Actor) =>
    (await listAudit(t.ctx, officer, { action: 'activity.bulk_declassified', limit: 100 })).items;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    world = await seedWorld(t.ctx);
    // One activity SECRET in INTEL, the others CONFIDENTIAL or lower, none in a compartment.
    for (let i = 0; i < N + 5; i++) {
      const a = await createActivity(
        t.ctx,
        world.marPlanner,
        world.plan.id,
        activityInput(`DECL-${String(i).padStart(2, '0')}`, {
          classification: i === 0 ? 'SECRET' : i % 2 ? 'CONFIDENTIAL' : 'RESTRICTED',
          compartments: i === 0 ? ['INTEL'] : [],
          releasableTo: ['ISR'],
        }),
      );
      ids.push(a.id);
    }
    const rng = prng(3301);
    officers = [
      await makeActor(t.ctx, 'MAR', ['security_officer'], 'SECRET', ['INTEL']),
      await makeActor(t.ctx, 'MAR', ['security_officer'], 'SECRET', []),
      await makeActor(t.ctx, 'MAR', ['security_officer'], 'CONFIDENTIAL', ['INTEL']),
      await makeActor(t.ctx, 'ISR', ['security_officer'], 'TOP_SECRET', ['INTEL']),
      await makeActor(t.ctx, 'MAR', ['viewer'], 'TOP_SECRET', ['INTEL']),
    ];
    for (let i = 0; i < 6; i++)
      officers.push(
        await makeActor(
          t.ctx,
          rng.pick(['MAR', 'ISR']),
          ['security_officer'],
          rng.pick(CLASSIFICATIONS) as Classification,
          rng.pick([[], ['INTEL'], ['INTEL', 'INDUS']]),
        ),
      );
  }, 120_000);
  afterAll(() => t?.close());

  it('is neither audited apart nor told when the labels are raised', async () => {
    const report = await bulkEditActivities(t.ctx, world.marPlanner, world.plan.id, {
      selection: { ids },
      action: { kind: 'relabel', classification: 'SECRET', compartments: ['INTEL'] },
    });
    expect(report.applied).toBe(ids.length);
    for (const o of officers) {
      expect(await alerts(o)).toEqual([]);
      if (o.roles.includes('security_officer')) expect(await entries(o)).toEqual([]);
    }
  });

  it('is neither audited apart nor told when no more than the threshold are lowered', async () => {
    const report = await bulkEditActivities(t.ctx, world.marPlanner, world.plan.id, {
      selection: { ids: ids.slice(0, N) },
      action: { kind: 'relabel', classification: 'SECRET', compartments: [] },
    });
    expect(report.applied).toBe(N);
    for (const o of officers) {
      expect(await alerts(o)).toEqual([]);
      if (o.roles.includes('security_officer')) expect(await entries(o)).toEqual([]);
    }
  });

  it('is audited once at the highest old label, read only by the officers who may read that label, over the threshold', async () => {
    // Now N activities are SECRET without compartment and five SECRET in INTEL; lowered to RESTRICTED, no compartment.
    const report = await bulkEditActivities(t.ctx, world.marPlanner, world.plan.id, {
      selection: { ids },
      action: { kind: 'relabel', classification: 'RESTRICTED', compartments: [] },
    });
    expect(report.applied).toBe(ids.length);
    const highest = { ownerParty: 'MAR', classification: 'SECRET' as const, releasableTo: ['ISR'], compartments: ['INTEL'] };
    const all = await t.db.selectFrom('audit_entry').selectAll().where('action', '=', 'activity.bulk_declassified').execute();
    expect(all).toHaveLength(1);
    expect(JSON.parse(all[0]?.detail ?? '{}')).toMatchObject({ count: ids.length });
    expect(all[0]).toMatchObject({ entity_type: 'work_plan', entity_id: world.plan.id, classification: 3 });
    for (const o of officers.filter((x) => x.roles.includes('security_officer'))) {
      const read = (await entries(o)).map((e) => e.detail);
      expect(read, `${o.party} ${o.clearance} ${o.compartments}`).toEqual(
        canRead(o, highest) ? [expect.objectContaining({ count: ids.length })] : [],
      );
    }
    // Told to the writer's party's officers who may read that label, and to nobody else (another party's officer,
    // a viewer, an officer below it).
    for (const o of officers) {
      const may = o.party === 'MAR' && o.roles.includes('security_officer') && canRead(o, highest);
      const told = await alerts(o);
      expect(told.length, `${o.username} ${o.clearance} ${o.compartments}`).toBe(may ? 1 : 0);
      if (may) expect(told[0]).toMatchObject({ entityType: 'audit_entry', title: String(ids.length), ...highest });
    }
    expect(await alerts(officers[0] as Actor)).toHaveLength(1);
    expect(await alerts(officers[2] as Actor)).toEqual([]);
    // The officer below that label (CONFIDENTIAL) reads no entry of it.
    expect(await entries(officers[2] as Actor)).toEqual([]);
    expect(await entries(officers[0] as Actor)).toHaveLength(1);
    // An officer who loses the role is told no more of it, as the audit log refuses them.
    expect(await alerts({ ...(officers[0] as Actor), roles: ['viewer'] })).toEqual([]);
  });
});
