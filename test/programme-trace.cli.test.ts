import { describe, expect, it, vi } from 'vitest';
import { databases } from './support/databases.js';
import { makeActor } from './support/fixtures.js';
import {
  contractedHowitzers,
  grantedTrainingClaim,
  halfTrainingOffset,
  offsetCommandSuite,
  trainingClaim,
} from './support/world-offsets.js';

vi.setConfig({ testTimeout: 120_000 });

/** `jointplan programme trace` as an operator runs it: the outline or its JSON, only what the acting user may read. */
describe.each(databases())('jointplan programme trace on %s', (kind) => {
  const {
    s,
    made: ids,
    run: trace,
  } = offsetCommandSuite(kind, ['programme', 'trace'], async ({ t, w }) => {
    const p = await contractedHowitzers(t.ctx, w.marPlanner, w.supplier, 'Howitzers', ['ISR'], {
      industrialParticipation: { localShare: 30, jobs: 12 },
    });
    const o = await halfTrainingOffset(t.ctx, w.marPlanner, p.id, '2027-12-31');
    await grantedTrainingClaim(t.ctx, w.claimant, w.reviewer, o.id, 'Course CR-1', { releasableTo: ['MAR'] });
    // Israel's own claim, not released to Morocco: Morocco's planner neither sees nor counts it.
    const hidden = await trainingClaim(t.ctx, w.claimant, o.id, 'Course CR-2', { releasableTo: [] });
    return { programme: p.id, hiddenClaim: hidden.id };
  });

  it('prints the outline with its measures as of a day', async () => {
    const res = await trace(ids.programme, '--as', s.users.mar, '--on', '2026-05-01');
    expect(res.code, res.stderr).toBe(0);
    // Promised 1000.00 × 30 %; obligated 500.00; granted 100.00 × 2.
    expect(res.stdout).toContain('promised: 300.00 MAD (30.00 % local), 12 jobs');
    expect(res.stdout).toContain('obligated: 500.00 MAD over 1 obligation(s)');
    expect(res.stdout).toContain('achieved: 200.00 MAD granted, 0.00 MAD pending over 1 claim(s)');
    expect(res.stdout).toContain('Claims: 1 (1 granted); 200.00 MAD claimed, 200.00 MAD granted, 0.00 MAD pending');
    const listed = await trace(ids.programme, '--as', s.users.mar, '--on', '2026-05-01', '--claims');
    expect(listed.stdout).toContain('Claims (1):');
    expect(listed.stdout).not.toContain(ids.hiddenClaim);
    expect((await trace(ids.programme, '--as', s.users.isr, '--on', '2026-05-01', '--claims')).stdout).toContain(ids.hiddenClaim);
  });

  it('answers JSON with what each user may read, and a hidden or missing programme alike', async () => {
    const isr = JSON.parse((await trace(ids.programme, '--as', s.users.isr, '--on', '2026-05-01', '--json')).stdout);
    expect(isr.obligations[0].claims).toMatchObject({ count: 2, byStatus: { granted: 1, claimed: 1 } });
    const listed = JSON.parse(
      (await trace(ids.programme, '--as', s.users.isr, '--on', '2026-05-01', '--json', '--claims')).stdout,
    );
    expect(listed.claims.map((c: { id: string }) => c.id)).toContain(ids.hiddenClaim);
    expect(isr.measures.achieved).toMatchObject({ claims: 2, granted: { amount: '200.00' }, pending: { amount: '200.00' } });
    const outsider = await makeActor(s.t.ctx, 'USA', ['viewer'], 'SECRET');
    const hidden = await trace(ids.programme, '--as', outsider.username);
    const missing = await trace('0190a000-0000-7000-8000-00000000dead', '--as', outsider.username);
    expect(hidden.code).not.toBe(0);
    expect([hidden.code, hidden.stderr]).toEqual([missing.code, missing.stderr]);
    expect((await trace(ids.programme, '--on', 'soon', '--as', s.users.mar)).code).toBe(2);
  });
});
