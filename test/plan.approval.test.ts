import type { FastifyInstance } from 'fastify';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createToken } from '../src/app/auth.usecases.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, seedWorld } from './support/fixtures.js';

/**
 * Approval by every commission party, through the API: a plan is approved only
 * when every party has approved the same content, so a change of a proposed
 * plan withdraws the approvals given before it.
 */
describe.each(databases())('plan approval by every party on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let planId: string;
  let activityId: string;
  const auth: Record<'mar' | 'isr', Record<string, string>> = { mar: {}, isr: {} };

  beforeEach(async () => {
    await app?.close();
    await t?.close();
    t = await openTestDatabase(kind);
    const w = await seedWorld(t.ctx);
    app = await buildServer(t.ctx);
    auth.mar = { authorization: `Bearer ${(await createToken(t.ctx, null, w.marPlanner.username, 'test')).token}` };
    auth.isr = { authorization: `Bearer ${(await createToken(t.ctx, null, w.isrPlanner.username, 'test')).token}` };
    planId = w.plan.id;
    const created = await call('mar', 'POST', `/api/plans/${planId}/activities`, activityInput('2026-PLN-01'));
    activityId = created.id as string;
    await move('mar', 'proposed');
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  async function call(who: 'mar' | 'isr', method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) {
    const res = await app.inject({ method, url, headers: auth[who], ...(payload ? { payload } : {}) });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return (res.statusCode === 204 ? {} : res.json()) as Record<string, unknown> & { version: number };
  }
  const plan = () => call('mar', 'GET', `/api/plans/${planId}`);
  /** Moves the plan as a party that has just read it. */
  const move = async (who: 'mar' | 'isr', to: string) =>
    call(who, 'POST', `/api/plans/${planId}/transitions`, { to, version: (await plan()).version });
  const approvers = async () => ((await plan()).approvals as { party: string }[]).map((a) => a.party).sort();
  const auditActions = async () =>
    (await t.db.selectFrom('audit_entry').select('action').where('entity_id', '=', planId).orderBy('seq').execute()).map(
      (e) => e.action,
    );

  it('is approved once both parties approve the unchanged plan', async () => {
    await move('mar', 'approved');
    expect((await plan()).status).toBe('proposed');
    const after = await move('isr', 'approved');
    expect(after.status).toBe('approved');
    expect(await approvers()).toEqual(['ISR', 'MAR']);
  });

  it.each([
    [
      'a new title',
      async () => call('mar', 'PATCH', `/api/plans/${planId}`, { title: { en: 'Changed' }, version: (await plan()).version }),
    ],
    ['a new activity', async () => call('mar', 'POST', `/api/plans/${planId}/activities`, activityInput('2026-PLN-02'))],
    [
      'a changed activity',
      async () => {
        const a = await call('mar', 'GET', `/api/activities/${activityId}`);
        return call('mar', 'PATCH', `/api/activities/${activityId}`, { location: 'Benslimane', version: a.version });
      },
    ],
    [
      'a deleted activity',
      async () => {
        const a = await call('mar', 'GET', `/api/activities/${activityId}`);
        return call('mar', 'DELETE', `/api/activities/${activityId}?version=${a.version}`);
      },
    ],
  ])('withdraws the approvals given before %s', async (_what, change) => {
    await move('mar', 'approved');
    expect(await approvers()).toEqual(['MAR']);
    await change();
    expect(await approvers()).toEqual([]);
    expect(await auditActions()).toContain('plan.approvals_withdrawn');
    // ISR's approval alone no longer completes the plan: MAR must approve the new content.
    expect((await move('isr', 'approved')).status).toBe('proposed');
    expect((await move('mar', 'approved')).status).toBe('approved');
  });

  it('refuses an approval given on a version read before a change (409)', async () => {
    const read = (await plan()).version;
    await call('mar', 'PATCH', `/api/plans/${planId}`, { title: { en: 'Changed' }, version: read });
    const res = await app.inject({
      method: 'POST',
      url: `/api/plans/${planId}/transitions`,
      headers: auth.isr,
      payload: { to: 'approved', version: read },
    });
    expect(res.statusCode, res.body).toBe(409);
    expect(await approvers()).toEqual([]);
  });

  it('keeps the approvals when a change is refused', async () => {
    await move('mar', 'approved');
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/plans/${planId}`,
      headers: auth.mar,
      payload: { title: { en: 'Changed' }, version: 99 },
    });
    expect(res.statusCode).toBe(409);
    expect(await approvers()).toEqual(['MAR']);
  });
});
