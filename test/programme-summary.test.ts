import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/app/auth.usecases.js';
import type { Actor } from '../src/app/context.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { seedWorld } from './support/fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: the answers' JSON is read loosely here; the assertions check its shape
type Json = Record<string, any>;

/**
 * What the programme list shows of each programme's execution, on each
 * database: the supplier and system of the offer selected (the supplier only
 * to who may read it), the contract's value exactly, and the earliest
 * milestone not met; nothing of these for a programme still a need.
 */
describe.each(databases())('programme list items on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  const auth: Record<string, Record<string, string>> = {};
  let contracted: Json;
  let stillANeed: Json;

  const headersOf = async (a: Actor) => ({
    authorization: `Bearer ${(await createToken(t.ctx, null, a.username, 'test')).token}`,
  });
  async function ok(who: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) {
    const res = await app.inject({ method, url, headers: auth[who], ...(payload ? { payload } : {}) });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.json() as Json;
  }
  const listOf = async (who: string) =>
    new Map((await ok(who, 'GET', '/api/programmes')).items.map((p: Json) => [p.id, p])) as Map<string, Json>;

  beforeAll(async () => {
    t = await openTestDatabase(kind, () => new Date('2026-12-06T10:00:00.000Z'));
    const w = await seedWorld(t.ctx);
    app = await buildServer(t.ctx);
    auth.mar = await headersOf(w.marPlanner);
    auth.isr = await headersOf(w.isrPlanner);
    // Released to nobody: ISR reads the programmes, not this supplier.
    const supplier = await ok('mar', 'POST', '/api/suppliers', {
      name: 'Atlas Defence Industries',
      country: 'Morocco',
      systems: [{ name: 'AT-155 howitzer', category: 'artillery' }],
    });
    const need = {
      capabilityGap: 'Self-propelled artillery',
      quantity: 2,
      requiredBy: '2028-06-30',
      budgetCeiling: { amount: '20000000.00', currency: 'MAD' },
    };
    const create = (title: string) =>
      ok('mar', 'POST', '/api/programmes', { commissionId: w.commission.id, title: { en: title }, need, releasableTo: ['ISR'] });
    stillANeed = await create('Still a need');
    contracted = await create('Contracted');
    const id = contracted.id;
    const offer = {
      supplierId: supplier.id,
      systemId: supplier.systems[0].id,
      quantity: 2,
      unitPrice: { amount: '4611686018427387.90', currency: 'MAD' },
      totalPrice: { amount: '9223372036854775.80', currency: 'MAD' },
      validUntil: '2027-06-30',
    };
    const offerId = (await ok('mar', 'POST', `/api/programmes/${id}/offers`, offer)).offers[0].id;
    await ok('mar', 'POST', `/api/programmes/${id}/transitions`, { to: 'evaluation' });
    await ok('mar', 'POST', `/api/programmes/${id}/transitions`, { to: 'selected', offerId });
    await ok('mar', 'PUT', `/api/programmes/${id}/contract`, {
      value: { amount: '9223372036854775.80', currency: 'MAD' },
      signedOn: '2026-11-01',
    });
    await ok('mar', 'POST', `/api/programmes/${id}/transitions`, { to: 'contracted' });
    const milestone = (title: string, dueDate: string) =>
      ok('mar', 'POST', `/api/programmes/${id}/contract/milestones`, {
        kind: 'delivery',
        title,
        dueDate,
        value: { amount: '0', currency: 'MAD' },
      });
    await milestone('Later delivery', '2027-09-30');
    const first = (await milestone('First delivery', '2027-03-31')).contract.milestones.find(
      (m: Json) => m.title === 'First delivery',
    );
    await milestone('Second delivery', '2027-06-30');
    // Met early: the next one is the earliest not met.
    await ok('mar', 'PATCH', `/api/programmes/${id}/contract/milestones/${first.id}`, { status: 'met', dateMet: '2026-12-01' });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('shows the offer selected, the contract value exactly and the next milestone not met', async () => {
    const mine = await listOf('mar');
    expect(mine.get(contracted.id)).toMatchObject({
      status: 'contracted',
      selectedOffer: { supplier: 'Atlas Defence Industries', system: 'AT-155 howitzer' },
      contractValue: { amount: '9223372036854775.80', currency: 'MAD' },
      nextMilestone: { title: 'Second delivery', kind: 'delivery', dueDate: '2027-06-30', status: 'scheduled' },
    });
    expect(mine.get(stillANeed.id)).toMatchObject({ selectedOffer: null, contractValue: null, nextMilestone: null });
  });

  it('names the supplier and its system only to who may read the supplier', async () => {
    const theirs = await listOf('isr');
    expect(theirs.get(contracted.id)).toMatchObject({
      selectedOffer: { supplier: null, system: null },
      contractValue: { amount: '9223372036854775.80', currency: 'MAD' },
    });
    expect((await ok('isr', 'GET', `/api/programmes/${contracted.id}`)).offers[0].supplier).toBeNull();
  });
});
