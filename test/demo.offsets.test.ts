import { describe, expect, it } from 'vitest';
import { ATMOS_CLAIMS } from '../src/demo/demo.offsets.js';
import { databases } from './support/databases.js';
import { servedDemo } from './support/world-demo.js';

// biome-ignore lint/suspicious/noExplicitAny: the answers' JSON is read loosely here; the assertions check its shape
type Json = Record<string, any>;

/**
 * The demo's offset obligation of the ATMOS 2000 contract and its claims, as
 * each demo account reads them: the programme's label (Morocco's, released to
 * Israel), so Morocco's and Israel's accounts cleared for it see the same
 * ledger and the United States' viewer nothing at all.
 */
describe.each(databases())('demo offsets on %s', (kind) => {
  const demo = servedDemo(kind, 180_000);
  const get = async (who: string, url: string) => {
    const res = await demo.get(who, url);
    return { status: res.statusCode, body: res.json() as Json };
  };

  it('attaches the obligation to the ATMOS 2000 contract, its terms marked illustrative', async () => {
    const { body } = await get('mar.planner', '/api/offset-obligations?party=MAR');
    expect(body.items).toHaveLength(1);
    const [o] = body.items;
    expect(o).toMatchObject({
      obligorParty: 'ISR',
      beneficiaryParty: 'MAR',
      contractValue: { amount: '1900000000.00', currency: 'MAD' },
      requiredPercentage: '50',
      amount: { amount: '950000000.00', currency: 'MAD' },
      ownerParty: 'MAR',
      classification: 'CONFIDENTIAL',
      releasableTo: ['ISR'],
    });
    expect(o.title.fr).toMatch(/illustratifs/);
    const programme = (await get('mar.planner', `/api/programmes/${o.programmeId}`)).body;
    expect(programme.title.en).toMatch(/ATMOS 2000/);
    const claims = (await get('isr.planner', `/api/offset-obligations/${o.id}/claims`)).body.items as Json[];
    expect(claims.map((c) => c.status).sort()).toEqual(['granted', 'granted', 'refused', 'under_review']);
    expect(claims).toHaveLength(ATMOS_CLAIMS.length);
    for (const c of claims) expect(c.evidence).toMatch(/illustrati/);
    // Granted credit comes from what was done; the claim for the Casablanca site, only proposed, waits under review.
    const transfer = claims.find((c) => c.industrialProjectId !== null);
    expect(transfer).toMatchObject({ category: 'technology_transfer', status: 'under_review' });
    const site = (await get('isr.planner', `/api/industrial-projects/${transfer?.industrialProjectId}`)).body;
    expect(site.title.en).toMatch(/Casablanca/);
    expect(site.status).toBe('proposed');
    expect(site.transfers.every((t: Json) => t.acceptedOn === null)).toBe(true);
    for (const c of claims.filter((c) => c.status === 'granted')) expect(c.industrialProjectId).toBeNull();
    // The obligation's title is short: lists and the report's columns show it whole.
    expect(o.title.fr.length).toBeLessThan(90);
    expect(o.title.en.length).toBeLessThan(90);
  });

  it('reads the same ledger for Morocco and Israel as of 1 December 2026, and nothing for the United States', async () => {
    const obligation = (await get('mar.planner', '/api/offset-obligations')).body.items[0];
    const url = `/api/offset-ledger?contract=${obligation.programmeId}&on=2026-12-01`;
    const mar = (await get('mar.planner', url)).body;
    expect(mar.totals).toMatchObject({
      obligation: { amount: '950000000.00', currency: 'MAD' },
      granted: { amount: '380000000.00', currency: 'MAD' },
      pending: { amount: '90000000.00', currency: 'MAD' },
      shortfall: { amount: '570000000.00', currency: 'MAD' },
      penaltyDue: { amount: '0.00', currency: 'MAD' },
    });
    expect((await get('isr.planner', url)).body).toEqual(mar);
    // Before the first grant, nothing is granted yet.
    const may = (await get('mar.planner', url.replace('2026-12-01', '2026-06-01'))).body;
    expect(may.totals.granted.amount).toBe('0.00');
    expect(may.totals.pending.amount).toBe('360000000.00');
    expect((await get('usa.viewer', '/api/offset-obligations')).body.items).toEqual([]);
    expect((await get('usa.viewer', `/api/offset-obligations/${obligation.id}`)).status).toBe(404);
    expect((await get('usa.viewer', url)).status).toBe(404);
  });
});
