import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClaim, createObligation, moveClaim } from '../src/app/offset.usecases.js';
import { addOffer, createProgramme, createSupplier, moveProgramme, recordContract } from '../src/app/programme.usecases.js';
import { claimCreateSchema, obligationCreateSchema } from '../src/domain/offset.schema.js';
import {
  contractCreateSchema,
  offerCreateSchema,
  programmeCreateSchema,
  supplierCreateSchema,
} from '../src/domain/programme.schema.js';
import { jointplan } from './support/cli.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { makeActor, seedWorld } from './support/fixtures.js';

vi.setConfig({ testTimeout: 120_000 });

/** `jointplan programme trace` as an operator runs it: the outline or its JSON, only what the acting user may read. */
describe.each(databases())('jointplan programme trace on %s', (kind) => {
  let t: TestDatabase;
  let db: string[];
  const ids = { programme: '', hiddenClaim: '' };
  const users = { mar: '', isr: '' };

  beforeAll(async () => {
    t = await openTestDatabase(kind, () => new Date('2027-01-15T10:00:00.000Z'));
    const w = await seedWorld(t.ctx);
    const isrPlanner = await makeActor(t.ctx, 'ISR', ['planner'], 'SECRET');
    const isrViewer = await makeActor(t.ctx, 'ISR', ['viewer'], 'SECRET');
    const reviewer = await makeActor(t.ctx, 'MAR', ['planner'], 'SECRET');
    Object.assign(users, { mar: w.marPlanner.username, isr: isrViewer.username });
    const supplier = await createSupplier(
      t.ctx,
      w.marPlanner,
      supplierCreateSchema.parse({
        name: 'Elbit Systems',
        country: 'Israel',
        systems: [{ name: 'ATMOS', category: 'artillery' }],
      }),
    );
    const p = await createProgramme(
      t.ctx,
      w.marPlanner,
      programmeCreateSchema.parse({
        title: { en: 'Howitzers' },
        need: {
          capabilityGap: 'Artillery',
          quantity: 2,
          requiredBy: '2028-01-01',
          budgetCeiling: { amount: '1000.00', currency: 'MAD' },
        },
        releasableTo: ['ISR'],
      }),
    );
    const offer = await addOffer(
      t.ctx,
      w.marPlanner,
      p.id,
      offerCreateSchema.parse({
        supplierId: supplier.id,
        systemId: supplier.systems[0]?.id,
        quantity: 2,
        unitPrice: { amount: '500.00', currency: 'MAD' },
        totalPrice: { amount: '1000.00', currency: 'MAD' },
        industrialParticipation: { localShare: 30, jobs: 12 },
        validUntil: '2027-06-30',
      }),
    );
    await moveProgramme(t.ctx, w.marPlanner, p.id, { to: 'evaluation' });
    await moveProgramme(t.ctx, w.marPlanner, p.id, { to: 'selected', offerId: offer.offers[0]?.id });
    await recordContract(
      t.ctx,
      w.marPlanner,
      p.id,
      contractCreateSchema.parse({ value: { amount: '1000.00', currency: 'MAD' }, signedOn: '2026-02-01' }),
    );
    const o = await createObligation(
      t.ctx,
      w.marPlanner,
      obligationCreateSchema.parse({
        programmeId: p.id,
        obligorParty: 'ISR',
        beneficiaryParty: 'MAR',
        requiredPercentage: '50',
        deadline: '2027-12-31',
        multipliers: [{ category: 'training', multiplier: '2' }],
      }),
    );
    const claim = (evidence: string, releasableTo: string[]) =>
      createClaim(
        t.ctx,
        isrPlanner,
        o.id,
        claimCreateSchema.parse({
          source: 'purchase',
          category: 'training',
          value: { amount: '100.00', currency: 'MAD' },
          evidence,
          claimedOn: '2026-03-01',
          releasableTo,
        }),
      );
    const shown = await claim('Course CR-1', ['MAR']);
    await moveClaim(t.ctx, reviewer, shown.id, { to: 'under_review', on: '2026-03-10' });
    await moveClaim(t.ctx, reviewer, shown.id, { to: 'granted', on: '2026-04-01', acceptedValue: '100.00' });
    // Israel's own claim, not released to Morocco: Morocco's planner neither sees nor counts it.
    ids.hiddenClaim = (await claim('Course CR-2', [])).id;
    ids.programme = p.id;
    db = ['--db', t.url];
  });
  afterAll(async () => {
    await t?.close();
  });

  it('prints the outline with its measures as of a day', async () => {
    const res = await jointplan(['programme', 'trace', ids.programme, '--as', users.mar, '--on', '2026-05-01', ...db]);
    expect(res.code, res.stderr).toBe(0);
    // Promised 1000.00 × 30 %; obligated 500.00; granted 100.00 × 2.
    expect(res.stdout).toContain('promised: 300.00 MAD (30.00 % local), 12 jobs');
    expect(res.stdout).toContain('obligated: 500.00 MAD over 1 obligation(s)');
    expect(res.stdout).toContain('achieved: 200.00 MAD granted, 0.00 MAD pending over 1 claim(s)');
    expect(res.stdout).not.toContain(ids.hiddenClaim);
  });

  it('answers JSON with what each user may read, and a hidden or missing programme alike', async () => {
    const isr = JSON.parse(
      (await jointplan(['programme', 'trace', ids.programme, '--as', users.isr, '--on', '2026-05-01', '--json', ...db])).stdout,
    );
    expect(isr.obligations[0].claims.map((c: { id: string }) => c.id)).toContain(ids.hiddenClaim);
    expect(isr.measures.achieved).toMatchObject({ claims: 2, granted: { amount: '200.00' }, pending: { amount: '200.00' } });
    const outsider = await makeActor(t.ctx, 'USA', ['viewer'], 'SECRET');
    const hidden = await jointplan(['programme', 'trace', ids.programme, '--as', outsider.username, ...db]);
    const missing = await jointplan([
      'programme',
      'trace',
      '0190a000-0000-7000-8000-00000000dead',
      '--as',
      outsider.username,
      ...db,
    ]);
    expect(hidden.code).not.toBe(0);
    expect([hidden.code, hidden.stderr]).toEqual([missing.code, missing.stderr]);
    expect((await jointplan(['programme', 'trace', ids.programme, '--on', 'soon', '--as', users.mar, ...db])).code).toBe(2);
  });
});
