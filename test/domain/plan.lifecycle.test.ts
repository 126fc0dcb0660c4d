import { describe, expect, it } from 'vitest';
import {
  type Approval,
  importedPlanMoves,
  isPlanEditable,
  newActivityStatus,
  PLAN_STATUSES,
  PLAN_TRANSITIONS,
  type PlanStatus,
  transitionPlan,
} from '../../src/domain/plan.lifecycle.js';
import { refusal } from '../support/refusal.js';

const PARTIES = ['MAR', 'ISR', 'USA'] as const;
const approval = (party: string): Approval => ({ party, userId: `user-${party}`, at: '2026-01-10T10:00:00.000Z' });

/** Every order in which the parties can give their approvals. */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}

describe('plan lifecycle: every pair of statuses', () => {
  const pairs = PLAN_STATUSES.flatMap((from) => PLAN_STATUSES.map((to) => [from, to] as const));
  // A single-party commission: the one approval completes it.
  const solo = { actingParty: 'MAR', commissionParties: ['MAR'], approvals: [] };

  it.each(pairs.filter(([from, to]) => PLAN_TRANSITIONS[from].includes(to)))('allows %s → %s', (from, to) => {
    expect(transitionPlan(from, to, solo)).toEqual({ status: to, approve: to === 'approved' });
  });

  it.each(pairs.filter(([from, to]) => !PLAN_TRANSITIONS[from].includes(to)))('refuses %s → %s', (from, to) => {
    const err = refusal(() => transitionPlan(from, to, solo));
    expect(err.kind).toBe('invalid');
    expect(err.message).toContain(`from ${from} to ${to}`);
    expect(err.issues).toEqual([expect.objectContaining({ path: 'to', message: `not allowed from ${from}` })]);
  });

  it('follows draft → proposed → approved → in_execution and stops there: closing is a joint decision, not a move', () => {
    let status: PlanStatus = 'draft';
    const path: PlanStatus[] = [status];
    while (PLAN_TRANSITIONS[status].length) {
      const to = PLAN_TRANSITIONS[status][0] as PlanStatus;
      status = transitionPlan(status, to, solo).status;
      path.push(status);
    }
    expect(path).toEqual(['draft', 'proposed', 'approved', 'in_execution']);
    expect(refusal(() => transitionPlan('in_execution', 'closed', solo)).message).toContain('propose its close');
  });

  it('lets only draft and proposed plans be edited', () => {
    expect(PLAN_STATUSES.filter(isPlanEditable)).toEqual(['draft', 'proposed']);
  });
});

describe('plan lifecycle: approval by every commission party', () => {
  it.each(permutations(PARTIES).map((order) => [order.join(' then '), order] as const))(
    'is approved only once the last party approves (%s)',
    (_name, order) => {
      const approvals: Approval[] = [];
      order.forEach((party, i) => {
        const next = transitionPlan('proposed', 'approved', {
          actingParty: party,
          commissionParties: PARTIES,
          approvals,
        });
        expect(next.approve).toBe(true);
        expect(next.status).toBe(i === order.length - 1 ? 'approved' : 'proposed');
        approvals.push(approval(party));
      });
    },
  );

  it('refuses a party that is not in the commission', () => {
    const err = refusal(() =>
      transitionPlan('proposed', 'approved', { actingParty: 'FRA', commissionParties: PARTIES, approvals: [] }),
    );
    expect(err.kind).toBe('invalid');
    expect(err.message).toBe("FRA is not a party of this plan's commission");
  });

  it('refuses a second approval of the same party', () => {
    const err = refusal(() =>
      transitionPlan('proposed', 'approved', {
        actingParty: 'ISR',
        commissionParties: PARTIES,
        approvals: [approval('MAR'), approval('ISR')],
      }),
    );
    expect(err.message).toBe('ISR has already approved this plan');
  });

  it('does not count approvals of parties outside the commission', () => {
    const next = transitionPlan('proposed', 'approved', {
      actingParty: 'MAR',
      commissionParties: ['MAR', 'ISR'],
      approvals: [approval('FRA')],
    });
    expect(next).toEqual({ status: 'proposed', approve: true });
  });

  it('cannot approve a draft: it must be proposed first', () => {
    const err = refusal(() =>
      transitionPlan('draft', 'approved', { actingParty: 'MAR', commissionParties: PARTIES, approvals: [] }),
    );
    expect(err.issues).toEqual([expect.objectContaining({ path: 'to', message: 'not allowed from draft' })]);
  });

  it('records no approval for other moves', () => {
    expect(transitionPlan('approved', 'in_execution', { actingParty: 'ISR', commissionParties: PARTIES, approvals: [] })).toEqual(
      {
        status: 'in_execution',
        approve: false,
      },
    );
  });
});

describe('an activity added to a plan', () => {
  it('starts proposed while the plan is drafted and planned once it is adopted', () => {
    expect(newActivityStatus('draft')).toBe('proposed');
    expect(newActivityStatus('proposed')).toBe('proposed');
    expect(newActivityStatus('approved')).toBe('planned');
    expect(newActivityStatus('in_execution')).toBe('planned');
  });
});

describe('the status a plan import gives', () => {
  it('makes a new plan a draft, and moves it as its owner would to a status still being drafted', () => {
    expect(importedPlanMoves(undefined, 'draft')).toEqual({ moves: [], issue: null });
    expect(importedPlanMoves(undefined, 'proposed')).toEqual({ moves: ['proposed'], issue: null });
  });

  it('refuses a new plan in a status past drafting, which only the parties decide', () => {
    for (const status of PLAN_STATUSES.filter((s) => !isPlanEditable(s))) {
      const { moves, issue } = importedPlanMoves(undefined, status);
      expect(moves).toBeNull();
      expect(issue).toMatchObject({ path: 'status', code: 'import.new_plan_status', params: { planStatus: status } });
    }
  });

  it('never moves a plan already here, whatever the file says', () => {
    for (const stored of PLAN_STATUSES)
      for (const wanted of PLAN_STATUSES) {
        const answer = importedPlanMoves(stored, wanted);
        if (wanted === stored) expect(answer).toEqual({ moves: [], issue: null });
        else
          expect(answer).toMatchObject({
            moves: null,
            issue: { path: 'status', code: 'import.plan_status_fixed', params: { planStatus: stored } },
          });
      }
  });
});
