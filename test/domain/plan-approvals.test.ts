import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { transitionPlan } from '../../src/domain/plan.lifecycle.js';
import {
  approvedByAll,
  approvingParties,
  type ReceivedApproval,
  receivedApprovalCounts,
} from '../../src/domain/plan-approvals.js';

const received = (party: string, planVersion: number | null): ReceivedApproval => ({
  party,
  planVersion,
  at: '2026-03-01T10:00:00.000Z',
  installation: `jointplan-${party.toLowerCase()}`,
});
const local = (party: string) => ({ party, userId: `u-${party}`, at: '2026-03-01T09:00:00.000Z' });

describe("a partner's approval received", () => {
  it('counts only for a version from the one the plan was proposed or last changed at to the one it is at', () => {
    const w = { version: 7, approvalsFrom: 5 };
    expect([4, 5, 6, 7, 8].map((v) => receivedApprovalCounts({ planVersion: v }, w))).toEqual([false, true, true, true, false]);
    // One that names no version cannot be told apart from one of an earlier version.
    expect(receivedApprovalCounts({ planVersion: null }, w)).toBe(false);
  });

  it('makes each party count once, here or received, and never one whose approval does not count', () => {
    const w = { version: 3, approvalsFrom: 3 };
    expect(approvingParties([local('MAR')], [received('ISR', 3)], w)).toEqual(['MAR', 'ISR']);
    expect(approvingParties([local('ISR')], [received('ISR', 3), received('ISR', 3)], w)).toEqual(['ISR']);
    expect(approvingParties([local('MAR')], [received('ISR', 2), received('USA', null)], w)).toEqual(['MAR']);
    expect(approvingParties([], [], w)).toEqual([]);
  });

  it('approves a proposed plan once every commission party counts, and nothing else', () => {
    expect(approvedByAll('proposed', ['MAR', 'ISR'], ['ISR', 'MAR'])).toBe(true);
    expect(approvedByAll('proposed', ['MAR', 'ISR'], ['ISR', 'USA'])).toBe(false);
    expect(approvedByAll('draft', ['MAR', 'ISR'], ['ISR', 'MAR'])).toBe(false);
    expect(approvedByAll('approved', ['MAR'], ['MAR'])).toBe(false);
    expect(approvedByAll('proposed', [], [])).toBe(false);
  });

  it('counts in the transition: a party received cannot approve again here, and the last local approval completes', () => {
    const approvals = approvingParties([], [received('ISR', 4)], { version: 4, approvalsFrom: 2 }).map((party) => ({ party }));
    expect(() =>
      transitionPlan('proposed', 'approved', { actingParty: 'ISR', commissionParties: ['MAR', 'ISR'], approvals }),
    ).toThrow(expect.objectContaining({ code: 'plan_decision.already_approved' }));
    expect(transitionPlan('proposed', 'approved', { actingParty: 'MAR', commissionParties: ['MAR', 'ISR'], approvals })).toEqual({
      status: 'approved',
      approve: true,
    });
    const stale = approvingParties([], [received('ISR', 1)], { version: 4, approvalsFrom: 2 }).map((party) => ({ party }));
    expect(
      transitionPlan('proposed', 'approved', { actingParty: 'MAR', commissionParties: ['MAR', 'ISR'], approvals: stale }),
    ).toEqual({ status: 'proposed', approve: true });
  });

  it('against a model: the parties counted are exactly those approving here or of a version in the window', () => {
    const party = fc.constantFrom('MAR', 'ISR', 'USA', 'FRA');
    fc.assert(
      fc.property(
        fc.array(party, { maxLength: 4 }),
        fc.array(fc.record({ party, v: fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }) }), { maxLength: 8 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 0, max: 3 }),
        (here, got, from, span) => {
          const w = { approvalsFrom: from, version: from + span };
          const counted = approvingParties(
            here.map(local),
            got.map((g) => received(g.party, g.v)),
            w,
          );
          const model = new Set<string>([
            ...here,
            ...got.filter((g) => g.v !== null && g.v >= from && g.v <= from + span).map((g) => g.party),
          ]);
          expect(new Set(counted)).toEqual(model);
          expect(counted.length).toBe(model.size);
          const parties = ['MAR', 'ISR'];
          expect(approvedByAll('proposed', parties, counted)).toBe(parties.every((p) => model.has(p)));
        },
      ),
      { numRuns: 500 },
    );
  });
});
