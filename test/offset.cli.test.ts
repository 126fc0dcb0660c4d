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
      // Headed in English unless a language is asked.
      expect(sheet?.getRow(1).values).toContain('Shortfall (MAD, 2027-01-01)');
      const hebrew = join(dir, 'ledger-he.xlsx');
      const inHebrew = await ledger(
        '--contract',
        ids.open,
        '--as',
        s.users.isr,
        '--on',
        '2027-01-01',
        '--xlsx',
        hebrew,
        '--lang',
        'he',
      );
      expect(inHebrew.code, inHebrew.stderr).toBe(0);
      await wb.xlsx.readFile(hebrew);
      expect(wb.getWorksheet('Ledger')?.getRow(1).values).toContain('חוסר (MAD, 2027-01-01)');
      const exported = await s.t.db.selectFrom('audit_entry').select('action').where('action', '=', 'document.export').execute();
      expect(exported).toHaveLength(2);
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

/** `jointplan offset obligations`, page by page or all at once, as an operator runs it. */
describe.each(databases())('jointplan offset obligations on %s', (kind) => {
  const {
    s,
    made: ids,
    run: obligations,
  } = offsetCommandSuite(kind, ['offset', 'obligations'], async ({ t, w }) => {
    const ids = { open: [] as string[], hidden: '' };
    // Three obligations released to Israel, by deadline, and one Morocco keeps to itself, due between them.
    for (const [i, deadline, releasableTo] of [
      [0, '2027-12-31', ['ISR']],
      [1, '2028-06-30', []],
      [2, '2028-12-31', ['ISR']],
      [3, '2029-12-31', ['ISR']],
    ] as const) {
      const p = await contractedHowitzers(t.ctx, w.marPlanner, w.supplier, `Howitzers ${i}`, [...releasableTo]);
      const o = await halfTrainingOffset(t.ctx, w.marPlanner, p.id, deadline);
      if (releasableTo.length) ids.open.push(o.id);
      else ids.hidden = o.id;
    }
    return ids;
  });
  const idsOf = (stdout: string) => (JSON.parse(stdout).items as { id: string }[]).map((o) => o.id);

  it('reads the obligations page by page with --limit and --cursor, a hidden one on no page', async () => {
    const first = await obligations('--as', s.users.isr, '--limit', '2', '--json');
    expect(first.code, first.stderr).toBe(0);
    const page1 = JSON.parse(first.stdout);
    expect(page1.items.map((o: { id: string }) => o.id)).toEqual(ids.open.slice(0, 2));
    expect(page1.nextCursor).toEqual(expect.any(String));
    const second = await obligations('--as', s.users.isr, '--limit', '2', '--cursor', page1.nextCursor, '--json');
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ items: [expect.objectContaining({ id: ids.open[2] })], nextCursor: null });
    // The table names the cursor of the next page.
    const table = await obligations('--as', s.users.isr, '--limit', '1');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain(ids.open[0]);
    expect(table.stdout).not.toContain(ids.open[1]);
    expect(table.stdout).toMatch(/Next page: --cursor \S+/);
    // Without either, every page; the planner of the owner reads the hidden one too.
    const all = await obligations('--as', s.users.isr, '--json');
    expect(JSON.parse(all.stdout).map((o: { id: string }) => o.id)).toEqual(ids.open);
    expect(all.stdout).not.toContain(ids.hidden);
    const mar = await obligations('--as', s.users.mar, '--limit', '500', '--json');
    expect(idsOf(mar.stdout)).toEqual([ids.open[0], ids.hidden, ids.open[1], ids.open[2]]);
  });

  it('refuses bad input with a clear message and a non-zero exit', async () => {
    for (const [args, message] of [
      [['--limit', '0'], /--limit/],
      [['--limit', 'ten'], /--limit/],
      [['--limit', '501'], /--limit/],
      [['--party', 'morocco'], /--party/],
      [['--programme', 'not-an-id'], /--programme/],
    ] as const) {
      const res = await obligations('--as', s.users.isr, ...args);
      expect(res.code, args.join(' ')).not.toBe(0);
      expect(res.stderr).toMatch(message);
      expect(res.stdout).toBe('');
    }
    const badCursor = await obligations('--as', s.users.isr, '--cursor', 'garbage');
    expect(badCursor.code).not.toBe(0);
    expect(badCursor.stderr).toMatch(/cursor/i);
  });
});
