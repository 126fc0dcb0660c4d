import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it, vi } from 'vitest';
import { databases } from './support/databases.js';
import { contractedHowitzers, grantedTrainingClaim, halfTrainingOffset, offsetCommandSuite } from './support/world-offsets.js';

vi.setConfig({ testTimeout: 120_000 });

/** `jointplan offset ledger` as an operator runs it, for a user and what that user may read. */
describe.each(databases())('jointplan offset ledger on %s', (kind) => {
  const {
    s,
    made: ids,
    run: ledger,
  } = offsetCommandSuite(kind, ['offset', 'ledger'], async ({ t, w }) => {
    const ids = { open: '', hidden: '' };
    for (const [key, releasableTo] of [
      ['open', ['ISR']],
      ['hidden', []],
    ] as const) {
      const p = await contractedHowitzers(t.ctx, w.marPlanner, w.supplier, `Howitzers ${key}`, [...releasableTo]);
      const deadline = key === 'open' ? '2026-12-31' : '2027-12-31';
      const o = await halfTrainingOffset(t.ctx, w.marPlanner, p.id, deadline, { penaltyPercentage: '10' });
      if (key === 'open') await grantedTrainingClaim(t.ctx, w.claimant, w.reviewer, o.id, 'Course CR-1');
      ids[key] = p.id;
    }
    return ids;
  });

  it('prints the ledger of a contract as of a day, the penalty fixed at the deadline', async () => {
    const res = await ledger('--contract', ids.open, '--as', s.users.isr, '--on', '2027-01-01');
    expect(res.code, res.stderr).toBe(0);
    // 500.00 owed, 200.00 granted (100 × 2), 300.00 short; 10 % of it due since the deadline.
    expect(res.stdout).toMatch(/500\.00\s+200\.00\s+0\.00\s+0\.00\s+0\.00\s+300\.00\s+30\.00/);
    expect(res.stdout).toContain('As of 2027-01-01, in MAD.');
    const before = await ledger('--contract', ids.open, '--as', s.users.isr, '--on', '2026-03-31', '--json');
    expect(JSON.parse(before.stdout).totals).toMatchObject({ granted: { amount: '0.00' }, pending: { amount: '200.00' } });
  });

  it('writes the ledger as a workbook, audited as an export', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jointplan-offset-cli-'));
    try {
      const file = join(dir, 'ledger.xlsx');
      const res = await ledger('--contract', ids.open, '--as', s.users.isr, '--on', '2027-01-01', '--xlsx', file);
      expect(res.code, res.stderr).toBe(0);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const sheet = wb.getWorksheet('Ledger');
      expect(sheet?.getRow(2).getCell(2).value).toBeTruthy();
      expect(sheet?.getRow(3).values).toContain('TOTAL');
      expect(sheet?.getRow(3).values).toContain(300);
      const exported = await s.t.db.selectFrom('audit_entry').select('action').where('action', '=', 'document.export').execute();
      expect(exported).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts only what the acting user may read, and refuses a contract it may not read as a missing one', async () => {
    const mar = JSON.parse((await ledger('--party', 'MAR', '--as', s.users.mar, '--json')).stdout);
    expect(mar.lines.map((l: { programmeId: string }) => l.programmeId).sort()).toEqual([ids.open, ids.hidden].sort());
    const isr = JSON.parse((await ledger('--party', 'MAR', '--as', s.users.isr, '--json')).stdout);
    expect(isr.lines.map((l: { programmeId: string }) => l.programmeId)).toEqual([ids.open]);
    const hidden = await ledger('--contract', ids.hidden, '--as', s.users.isr);
    const missing = await ledger('--contract', '0190a000-0000-7000-8000-00000000dead', '--as', s.users.isr);
    expect(hidden.code).not.toBe(0);
    expect([hidden.code, hidden.stderr]).toEqual([missing.code, missing.stderr]);
    const both = await ledger('--contract', ids.open, '--party', 'MAR', '--as', s.users.mar);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/either --contract or --party/);
  });
});
