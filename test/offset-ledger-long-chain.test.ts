import { describe, expect, it, vi } from 'vitest';
import { offsetLedger } from '../src/app/offset.usecases.js';
import { databases } from './support/databases.js';
import {
  contractedHowitzers,
  grantedTrainingClaim,
  halfTrainingOffset,
  openOffsetWorld,
  trainingClaim,
} from './support/world-offsets.js';

vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 });

// A supplier's chain asks of each obligation every later deadline of the chain: 300 obligations with their deadlines
// a day apart ask some 45,000 (obligation, day) pairs, which on PostgreSQL no longer fit one statement's parameters.
describe.each(databases())('the ledger of a contract of a long chain, on %s', (kind) => {
  it('answers for 300 obligations with distinct past deadlines, each pair summed once', async () => {
    const { t, w } = await openOffsetWorld(kind);
    try {
      const p = await contractedHowitzers(t.ctx, w.marPlanner, w.supplier, 'Howitzers', ['ISR']);
      const start = Date.parse('2026-03-01T00:00:00Z');
      for (let i = 0; i < 300; i++) {
        const deadline = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
        const o = await halfTrainingOffset(t.ctx, w.marPlanner, p.id, deadline);
        if (i % 2) await grantedTrainingClaim(t.ctx, w.claimant, w.marPlanner, o.id, `evidence ${i}`);
        else await trainingClaim(t.ctx, w.claimant, o.id, `evidence ${i}`);
      }
      const ledger = await offsetLedger(t.ctx, w.marPlanner, { contract: p.id });
      expect(ledger.lines.length).toBe(300);
      const sum = (f: 'granted' | 'pending' | 'met' | 'shortfall' | 'obligation') =>
        ledger.lines.reduce((s, l) => s + BigInt(l[f].amount.replace('.', '')), 0n);
      // Each claim is 100.00 MAD of training at twice its value: 150 granted, 150 still pending.
      expect(sum('granted')).toBe(150n * 200_00n);
      expect(sum('pending')).toBe(150n * 200_00n);
      expect(sum('met') + sum('shortfall')).toBe(sum('obligation'));
    } finally {
      await t.close();
    }
  });
});
