import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../src/app/audit.usecases.js';
import type { Actor } from '../src/app/context.js';
import { planDiff } from '../src/app/revision.usecases.js';
import { ACTIVITIES_PER_PLAN, GENERATED_AS_OF, type GenerateSummary, generate } from '../src/demo/generate.js';
import { GENERATED_COMMISSIONS } from '../src/demo/generate-vocabulary.js';
import type { Activity } from '../src/domain/activity.schema.js';
import { DomainError } from '../src/domain/errors.js';
import { canRead, classificationAt, type Reader } from '../src/domain/labels.js';
import { buildServer } from '../src/server/app.js';
import { activityStatesAsOf } from '../src/store/measure.repo.js';
import { presentActivity } from '../src/store/present.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';

const ACTIVITIES = 500;

/** What "the same data set" means: every activity and follow-up column, and the audit chain up to the token. */
async function content(t: TestDatabase) {
  const activities = await t.db.selectFrom('activity').selectAll().orderBy('plan_id').orderBy('ref_code').execute();
  const followUps = await t.db.selectFrom('follow_up').selectAll().orderBy('id').execute();
  const audit = await t.db
    .selectFrom('audit_entry')
    .select(['seq', 'hash'])
    .where('action', '<>', 'token.create')
    .orderBy('seq')
    .execute();
  return { activities, followUps, audit };
}

describe.each(databases())('generate on %s', (kind) => {
  let a: TestDatabase;
  let b: TestDatabase;
  let c: TestDatabase;
  let summary: GenerateSummary;

  beforeAll(async () => {
    [a, b, c] = await Promise.all([openTestDatabase(kind), openTestDatabase(kind), openTestDatabase(kind)]);
    summary = await generate(a.ctx, { activities: ACTIVITIES, seed: 7 });
    await generate(b.ctx, { activities: ACTIVITIES, seed: 7 });
    await generate(c.ctx, { activities: ACTIVITIES, seed: 8 });
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close(), c?.close()]);
  });

  it('writes what it says it wrote', async () => {
    const count = async (table: 'activity' | 'follow_up' | 'audit_entry' | 'search_entry' | 'commission_session') =>
      Number(
        (
          await a.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(summary.activities).toBe(ACTIVITIES);
    expect(await count('activity')).toBe(ACTIVITIES);
    expect(await count('follow_up')).toBe(summary.followUps);
    expect(summary.followUps).toBeGreaterThanOrEqual(ACTIVITIES);
    expect(summary.followUps).toBeLessThanOrEqual(3 * ACTIVITIES);
    // Every activity, follow-up and session is searchable.
    expect(await count('search_entry')).toBe(ACTIVITIES + summary.followUps + (await count('commission_session')));
    expect(await count('audit_entry')).toBe(summary.auditEntries);
  });

  it('gives the same data set for the same seed, and another for another seed', async () => {
    const [first, second, other] = await Promise.all([content(a), content(b), content(c)]);
    expect(second).toEqual(first);
    const summaryOf = (x: typeof first) => x.activities.map((r) => [r.ref_code, r.title, r.classification, r.releasable_mask]);
    expect(summaryOf(other)).not.toEqual(summaryOf(first));
  });

  it('leaves an audit chain that verifies', async () => {
    const result = await verifyAudit(a.ctx);
    expect(result).toMatchObject({ ok: true, count: summary.auditEntries });
  });

  it("shows the partner viewer, through the API, exactly the plan's activities the read rule allows", async () => {
    const codec = await a.ctx.codec();
    const user = await a.db
      .selectFrom('app_user')
      .selectAll()
      .where('username', '=', summary.partnerViewer.username)
      .executeTakeFirstOrThrow();
    const reader: Reader = {
      party: user.party,
      clearance: classificationAt(user.clearance),
      compartments: codec.compartmentsOf(user.compartment_mask),
    };
    const rows = await a.db.selectFrom('activity').selectAll().where('plan_id', '=', summary.partnerViewer.planId).execute();
    const allowed = rows
      .map((r) => presentActivity(codec, r, null))
      .filter((x) => canRead(reader, x))
      .map((x) => x.refCode)
      .sort();
    // A realistic share: most, not all, of a partner's plan is released to it.
    expect(allowed.length).toBeGreaterThan(rows.length / 3);
    expect(allowed.length).toBeLessThan(rows.length);

    const app = await buildServer(a.ctx);
    try {
      const headers = { authorization: `Bearer ${summary.partnerViewer.token}` };
      const res = await app.inject({ url: `/api/plans/${summary.partnerViewer.planId}/activities?limit=500`, headers });
      expect(res.statusCode, res.body).toBe(200);
      const items = res.json().items as Activity[];
      expect(items.every((x) => canRead(reader, x))).toBe(true);
      expect(items.map((x) => x.refCode).sort()).toEqual(allowed);

      // Full-text search finds generated activities by their words.
      const wanted = items[0] as Activity;
      const found = await app.inject({
        url: `/api/plans/${summary.partnerViewer.planId}/activities?q=${encodeURIComponent(wanted.refCode)}`,
        headers,
      });
      expect(found.statusCode, found.body).toBe(200);
      expect((found.json().items as Activity[]).map((x) => x.id)).toContain(wanted.id);
    } finally {
      await app.close();
    }
  });

  it('leaves history and a baseline that agree with the activities, as the use cases keep them', async () => {
    const codec = await a.ctx.codec();
    const planner = await a.db.selectFrom('app_user').selectAll().where('username', '=', 'mar.planner').executeTakeFirstOrThrow();
    const actor: Actor = {
      userId: planner.id,
      username: planner.username,
      displayName: planner.display_name,
      party: planner.party,
      roles: JSON.parse(planner.roles),
      clearance: classificationAt(planner.clearance),
      compartments: codec.compartmentsOf(planner.compartment_mask),
    };
    const planId = summary.partnerViewer.planId;
    const rows = await a.db.selectFrom('activity').selectAll().where('plan_id', '=', planId).execute();
    const states = await activityStatesAsOf(a.db, codec.reader(actor), planId, GENERATED_AS_OF);
    const stateOf = new Map(states.map((st) => [st.activity_id, st]));
    for (const r of rows) {
      expect(stateOf.get(r.id)).toMatchObject({ status: r.status, planned_end: r.planned_end, actual_start: r.actual_start });
    }
    // Only a postponement moves an activity away from the adopted baseline, and only its period.
    const diff = await planDiff(a.ctx, actor, planId, 0, 'current');
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    const postponed = rows.filter((r) => r.status === 'postponed').map((r) => r.ref_code);
    expect(postponed.length).toBeGreaterThan(0);
    expect(diff.changed.map((c) => c.refCode).sort()).toEqual(postponed.sort());
    expect(diff.changed.every((c) => c.changes.every((f) => f.field === 'plannedPeriod'))).toBe(true);
  });

  it('refuses a database that already holds data, and bad numbers, changing nothing', async () => {
    const before = await content(a);
    await expect(generate(a.ctx, { activities: 10, seed: 1 })).rejects.toMatchObject({ kind: 'conflict' });
    await expect(generate(a.ctx, { activities: 0, seed: 1 })).rejects.toBeInstanceOf(DomainError);
    await expect(generate(a.ctx, { activities: 10, seed: -1 })).rejects.toMatchObject({ kind: 'invalid' });
    await expect(generate(a.ctx, { activities: 10, seed: 1, commissions: 0 })).rejects.toBeInstanceOf(RangeError);
    await expect(generate(a.ctx, { activities: 10, seed: 1, commissions: 7 })).rejects.toBeInstanceOf(RangeError);
    expect(await content(a)).toEqual(before);
  });

  it('puts every plan in the first commission when told to, a year each', async () => {
    const d = await openTestDatabase(kind);
    try {
      const one = await generate(d.ctx, { activities: ACTIVITIES_PER_PLAN + 1, seed: 3, commissions: 1 });
      expect(one.plans).toBe(2);
      const plans = await d.db
        .selectFrom('work_plan')
        .innerJoin('commission', 'commission.id', 'work_plan.commission_id')
        .select(['commission.parties', 'work_plan.title', 'work_plan.owner_party'])
        .execute();
      expect(plans.map((p) => p.parties)).toEqual(plans.map(() => JSON.stringify(GENERATED_COMMISSIONS[0]?.parties)));
      expect(plans.map((p) => JSON.parse(p.title).en).sort()).toEqual(['2025 work plan', '2026 work plan']);
    } finally {
      await d.close();
    }
  });
});

describe('jointplan generate', () => {
  const run = promisify(execFile);

  it('fills a database from the command line and reports a token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jointplan-generate-'));
    try {
      const db = join(dir, 'generated.sqlite');
      const { stdout } = await run(process.execPath, [
        'bin/jointplan.js',
        'generate',
        '--activities',
        '50',
        '--seed',
        '3',
        '--db',
        db,
      ]);
      expect(stdout).toMatch(/50 activities/);
      expect(stdout).toMatch(/API token of isr\.viewer \(shown once\): jp_/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a number that is not one', async () => {
    await expect(run(process.execPath, ['bin/jointplan.js', 'generate', '--activities', 'many'])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/--activities must be a whole number/),
    });
  });
});
