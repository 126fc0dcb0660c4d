import { describe, expect, it } from 'vitest';
import { databases } from './support/databases.js';
import { makeActor } from './support/fixtures.js';
import { type Json, programmeApi } from './support/programme-api.js';

const need = {
  capabilityGap: 'Counter-battery radar for the southern regiments',
  quantity: 4,
  requiredBy: '2028-03-31',
  budgetCeiling: { amount: '80000000.00', currency: 'EUR' },
};

/**
 * Deleting an offer entered by mistake, through the API on each database:
 * only while the programme is a need, by a planner of its owner, in one
 * transaction with its audit entry; once the evaluation opened nothing is
 * deleted (409, `programme.offer_kept`) and nothing changes; a programme the
 * writer may not read answers exactly like one that does not exist.
 */
describe.each(databases())('deleting an offer on %s', (kind) => {
  const api = programmeApi(kind, {
    name: 'Weibel Scientific',
    country: 'Denmark',
    systems: [{ name: 'Counter-battery radar', category: 'radar' }],
    releasableTo: ['ISR'],
  });
  const { s, headersOf, send, ok } = api;

  const offer = (amount: string) => ({
    supplierId: s.supplier.id,
    systemId: s.supplier.systems[0].id,
    quantity: 4,
    unitPrice: { amount, currency: 'EUR' },
    totalPrice: { amount: (Number(amount) * 4).toFixed(2), currency: 'EUR' },
    validUntil: '2027-06-30',
  });
  /** A need of MAR with two offers, released to `releasableTo`. */
  async function needWithOffers(releasableTo: string[]) {
    const p = await ok('mar', 'POST', '/api/programmes', {
      commissionId: s.w.commission.id,
      title: { en: 'Counter-battery radars' },
      need,
      releasableTo,
    });
    await ok('mar', 'POST', `/api/programmes/${p.id}/offers`, offer('15000000.00'));
    return ok('mar', 'POST', `/api/programmes/${p.id}/offers`, offer('14000000.00'));
  }
  const deletes = async (programmeId: string) =>
    (await s.t.db.selectFrom('audit_entry').select('action').where('entity_id', '=', programmeId).execute()).filter(
      (a) => a.action === 'programme.offer_delete',
    ).length;
  const offerRows = async (programmeId: string) =>
    (await s.t.db.selectFrom('programme_offer').select('id').where('programme_id', '=', programmeId).execute()).length;

  it('deletes an offer of a need, with its audit entry and a new version, and keeps the other', async () => {
    const p = await needWithOffers(['ISR']);
    const [first, second] = p.offers;
    const answered = await ok('mar', 'DELETE', `/api/programmes/${p.id}/offers/${second.id}`);
    expect(answered.offers.map((o: Json) => o.id)).toEqual([first.id]);
    expect(answered.version).toBe(p.version + 1);
    expect(await deletes(p.id)).toBe(1);
    expect(await offerRows(p.id)).toBe(1);
    // Gone: a second delete of it finds no offer.
    const again = await send('mar', 'DELETE', `/api/programmes/${p.id}/offers/${second.id}`);
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('programme.offer_not_found');
  });

  it('refuses to delete once the evaluation opened, with its code, and changes nothing', async () => {
    const p = await needWithOffers(['ISR']);
    const moved = await ok('mar', 'POST', `/api/programmes/${p.id}/transitions`, { to: 'evaluation' });
    for (const o of p.offers) {
      const res = await send('mar', 'DELETE', `/api/programmes/${p.id}/offers/${o.id}`);
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('programme.offer_kept');
    }
    const after = await ok('mar', 'GET', `/api/programmes/${p.id}`);
    expect(after.offers).toHaveLength(2);
    expect(after.version).toBe(moved.version);
    expect(await deletes(p.id)).toBe(0);
  });

  it('answers a programme the writer may not read exactly like a missing one, and refuses a reader who may not plan it', async () => {
    const hidden = await needWithOffers([]);
    const offerId = hidden.offers[0].id;
    const unseen = await send('isr', 'DELETE', `/api/programmes/${hidden.id}/offers/${offerId}`);
    const missing = await send('isr', 'DELETE', `/api/programmes/00000000-0000-7000-8000-000000000000/offers/${offerId}`);
    expect(unseen.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect({ ...unseen.json(), instance: null }).toEqual({ ...missing.json(), instance: null });
    // Released to ISR, readable by its planner, who still may not delete MAR's offer; nor may a MAR viewer.
    const shared = await needWithOffers(['ISR']);
    const viewer = await headersOf(await makeActor(s.t.ctx, 'MAR', ['viewer'], 'SECRET', []));
    const refusals: [typeof viewer | 'isr', string][] = [
      ['isr', 'access.only_owner_planners'],
      [viewer, 'access.only_planners'],
    ];
    for (const [who, code] of refusals) {
      const res = await send(who, 'DELETE', `/api/programmes/${shared.id}/offers/${shared.offers[0].id}`);
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().code).toBe(code);
    }
    expect(await offerRows(hidden.id)).toBe(2);
    expect(await offerRows(shared.id)).toBe(2);
    expect(await deletes(hidden.id)).toBe(0);
    expect(await deletes(shared.id)).toBe(0);
  });
});
