import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
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

/** `jointplan offset ledger` as an operator runs it, for a user and what that user may read. */
describe.each(databases())('jointplan offset ledger on %s', (kind) => {
  let t: TestDatabase;
  let db: string[];
  const ids = { open: '', hidden: '' };
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
    for (const [key, releasableTo] of [
      ['open', ['ISR']],
      ['hidden', []],
    ] as const) {
      const p = await createProgramme(
        t.ctx,
        w.marPlanner,
        programmeCreateSchema.parse({
          title: { en: `Howitzers ${key}` },
          need: {
            capabilityGap: 'Artillery',
            quantity: 2,
            requiredBy: '2028-01-01',
            budgetCeiling: { amount: '1000.00', currency: 'MAD' },
          },
          releasableTo,
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
          deadline: key === 'open' ? '2026-12-31' : '2027-12-31',
          penaltyPercentage: '10',
          multipliers: [{ category: 'training', multiplier: '2' }],
        }),
      );
      if (key === 'open') {
        const claim = await createClaim(
          t.ctx,
          isrPlanner,
          o.id,
          claimCreateSchema.parse({
            source: 'purchase',
            category: 'training',
            value: { amount: '100.00', currency: 'MAD' },
            evidence: 'Course CR-1',
            claimedOn: '2026-03-01',
          }),
        );
        await moveClaim(t.ctx, reviewer, claim.id, { to: 'under_review', on: '2026-03-10' });
        await moveClaim(t.ctx, reviewer, claim.id, { to: 'granted', on: '2026-04-01', acceptedValue: '100.00' });
      }
      ids[key] = p.id;
    }
    db = ['--db', t.url];
  });
  afterAll(async () => {
    await t?.close();
  });

  it('prints the ledger of a contract as of a day, the penalty fixed at the deadline', async () => {
    const res = await jointplan(['offset', 'ledger', '--contract', ids.open, '--as', users.isr, '--on', '2027-01-01', ...db]);
    expect(res.code, res.stderr).toBe(0);
    // 500.00 owed, 200.00 granted (100 × 2), 300.00 short; 10 % of it due since the deadline.
    expect(res.stdout).toMatch(/500\.00\s+200\.00\s+0\.00\s+0\.00\s+0\.00\s+300\.00\s+30\.00/);
    expect(res.stdout).toContain('As of 2027-01-01, in MAD.');
    const before = await jointplan([
      'offset',
      'ledger',
      '--contract',
      ids.open,
      '--as',
      users.isr,
      '--on',
      '2026-03-31',
      '--json',
      ...db,
    ]);
    expect(JSON.parse(before.stdout).totals).toMatchObject({ granted: { amount: '0.00' }, pending: { amount: '200.00' } });
  });

  it('writes the ledger as a workbook, audited as an export', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jointplan-offset-cli-'));
    try {
      const file = join(dir, 'ledger.xlsx');
      const res = await jointplan([
        'offset',
        'ledger',
        '--contract',
        ids.open,
        '--as',
        users.isr,
        '--on',
        '2027-01-01',
        '--xlsx',
        file,
        ...db,
      ]);
      expect(res.code, res.stderr).toBe(0);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const sheet = wb.getWorksheet('Ledger');
      expect(sheet?.getRow(2).getCell(2).value).toBeTruthy();
      expect(sheet?.getRow(3).values).toContain('TOTAL');
      expect(sheet?.getRow(3).values).toContain(300);
      const exported = await t.db.selectFrom('audit_entry').select('action').where('action', '=', 'document.export').execute();
      expect(exported).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts only what the acting user may read, and refuses a contract it may not read as a missing one', async () => {
    const mar = JSON.parse((await jointplan(['offset', 'ledger', '--party', 'MAR', '--as', users.mar, '--json', ...db])).stdout);
    expect(mar.lines.map((l: { programmeId: string }) => l.programmeId).sort()).toEqual([ids.open, ids.hidden].sort());
    const isr = JSON.parse((await jointplan(['offset', 'ledger', '--party', 'MAR', '--as', users.isr, '--json', ...db])).stdout);
    expect(isr.lines.map((l: { programmeId: string }) => l.programmeId)).toEqual([ids.open]);
    const hidden = await jointplan(['offset', 'ledger', '--contract', ids.hidden, '--as', users.isr, ...db]);
    const missing = await jointplan([
      'offset',
      'ledger',
      '--contract',
      '0190a000-0000-7000-8000-00000000dead',
      '--as',
      users.isr,
      ...db,
    ]);
    expect(hidden.code).not.toBe(0);
    expect([hidden.code, hidden.stderr]).toEqual([missing.code, missing.stderr]);
    const both = await jointplan(['offset', 'ledger', '--contract', ids.open, '--party', 'MAR', '--as', users.mar, ...db]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/either --contract or --party/);
  });
});
