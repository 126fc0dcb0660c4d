import { describe, expect, it } from 'vitest';
import {
  agreeJoint,
  assertReopenable,
  checkDispositions,
  type Disposition,
  isOpenActivity,
  REOPEN_DAYS,
  reopenUntil,
  requireComment,
} from '../../src/domain/plan-close.js';
import { refusal } from '../support/refusal.js';

const refOf = (id: string) => id.toUpperCase();
const open = ['a', 'b', 'c'];
const all: Disposition[] = [
  { activityId: 'a', disposition: 'carry' },
  { activityId: 'b', disposition: 'cancel', reason: 'Overtaken' },
  { activityId: 'c', disposition: 'cancel', reason: 'Not needed' },
];
const opts = { successorPlanId: 'next', refOf, requireAll: true };

describe('plan close: dispositions of open activities', () => {
  it('counts as open every activity neither done nor cancelled', () => {
    expect(['proposed', 'planned', 'scheduled', 'postponed'].every(isOpenActivity)).toBe(true);
    expect(['conducted', 'reported', 'cancelled'].some(isOpenActivity)).toBe(false);
  });

  it('accepts one disposition per open activity', () => {
    expect([...checkDispositions(open, all, opts).keys()]).toEqual(['a', 'b', 'c']);
  });

  it('names every open activity left without a disposition', () => {
    const err = refusal(() => checkDispositions(open, all.slice(1), opts));
    expect(err.kind).toBe('invalid');
    expect(err.message).toContain('A');
    expect(err.issues.map((i) => i.message)).toEqual(['A has no disposition']);
  });

  it('lets an agreement give only some dispositions when not all are required', () => {
    expect(checkDispositions(open, all.slice(1), { ...opts, requireAll: false }).size).toBe(2);
  });

  it('refuses a close while an activity is kept open, naming each blocking one', () => {
    const blocked = all.map((d) => (d.activityId === 'a' ? d : { activityId: d.activityId, disposition: 'block' as const }));
    const err = refusal(() => checkDispositions(open, blocked, opts));
    expect(err.message).toContain('B, C');
    expect(err.issues.map((i) => i.message)).toEqual(['B blocks the close', 'C blocks the close']);
  });

  it.each([
    ['a cancellation without a reason', [{ activityId: 'b', disposition: 'cancel', reason: '  ' }], 'dispositions.0.reason'],
    ['an activity that is not open', [{ activityId: 'z', disposition: 'carry' }], 'dispositions.0.activityId'],
    [
      'an activity given twice',
      [
        { activityId: 'a', disposition: 'carry' },
        { activityId: 'a', disposition: 'carry' },
      ],
      'dispositions.1.activityId',
    ],
  ] as [string, Disposition[], string][])('refuses %s', (_name, given, path) => {
    const err = refusal(() => checkDispositions(open, given, { ...opts, requireAll: false }));
    expect(err.issues.map((i) => i.path)).toContain(path);
  });

  it('refuses to carry without a successor plan', () => {
    const err = refusal(() => checkDispositions(open, all, { ...opts, successorPlanId: null }));
    expect(err.issues.map((i) => i.path)).toEqual(['successorPlanId']);
  });
});

describe('plan close and reopening: agreement of every party', () => {
  const parties = ['MAR', 'ISR', 'USA'];
  it('completes only with the last party, in any order', () => {
    for (const order of [parties, [...parties].reverse()]) {
      const agreed: string[] = [];
      order.forEach((party, i) => {
        const { complete } = agreeJoint({ actingParty: party, commissionParties: parties, agreed });
        expect(complete).toBe(i === order.length - 1);
        agreed.push(party);
      });
    }
  });

  it('refuses a party agreeing twice, and a party outside the commission', () => {
    expect(refusal(() => agreeJoint({ actingParty: 'MAR', commissionParties: parties, agreed: ['MAR'] })).message).toContain(
      'already agreed',
    );
    expect(refusal(() => agreeJoint({ actingParty: 'FRA', commissionParties: parties, agreed: [] })).message).toContain(
      'not a party',
    );
  });

  it('needs a comment to refuse or return', () => {
    expect(refusal(() => requireComment('   ')).issues).toEqual([
      expect.objectContaining({ path: 'comment', code: 'field.required' }),
    ]);
    expect(requireComment('  Missing budget ')).toBe('Missing budget');
  });

  it('reopens a closed plan only before the time set at its close', () => {
    const closedAt = '2026-12-06T10:00:00.000Z';
    const until = reopenUntil(closedAt);
    expect(Date.parse(until) - Date.parse(closedAt)).toBe(REOPEN_DAYS * 86_400_000);
    expect(() => assertReopenable('closed', until, '2026-12-20T00:00:00.000Z')).not.toThrow();
    expect(refusal(() => assertReopenable('closed', until, until)).message).toContain('passed');
    expect(refusal(() => assertReopenable('closed', null, '2026-12-07T00:00:00.000Z')).code).toBe('plan_decision.reopen_never');
    expect(refusal(() => assertReopenable('in_execution', until, '2026-12-07T00:00:00.000Z')).message).toContain('closed plan');
  });
});
