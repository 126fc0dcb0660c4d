import { describe, expect, it } from 'vitest';
import {
  AGENDA_OUTCOMES,
  type AgendaOutcome,
  assertMinutesRecordable,
  assertSessionRecord,
  assertSessionStarted,
  becomesHeld,
  changeWithdrawsMinutesApprovals,
  minutesOutcome,
  type SessionTransitionContext,
  transitionSession,
} from '../../src/domain/session.lifecycle.js';
import { prng } from '../support/labelled-world.js';

const base: SessionTransitionContext = {
  actingParty: 'ISR',
  commissionParties: ['MAR', 'ISR'],
  minutesApprovedBy: [],
  today: '2026-12-06',
  startDate: '2026-12-14',
  readableOutcomes: [],
  unreadableItems: 0,
};
const day = (n: number) => new Date(Date.UTC(2026, 11, 1 + n)).toISOString().slice(0, 10);

describe('a session is held on or after its first day', () => {
  it('refuses to hold on 6 December a session that starts on 14 December', () => {
    expect(() => transitionSession('convened', 'held', base)).toThrow(/on or after its first day, 2026-12-14/);
  });

  it('holds exactly when today is not before the start, for generated days', () => {
    const r = prng(11);
    for (let i = 0; i < 200; i++) {
      const today = day(r.int(40));
      const startDate = day(r.int(40));
      const run = () => transitionSession('convened', 'held', { ...base, today, startDate });
      if (today >= startDate) expect(run()).toEqual({ status: 'held', approve: false });
      else expect(run).toThrow(/first day/);
    }
  });

  it('keeps a held session’s first day on or before today', () => {
    expect(() => assertSessionStarted('2026-12-14', '2026-12-06', 'startDate')).toThrow(/on or after its first day/);
    expect(() => assertSessionStarted('2026-12-06', '2026-12-06', 'startDate')).not.toThrow();
  });

  it('convenes a session before it starts', () => {
    expect(transitionSession('planned', 'convened', base).status).toBe('convened');
  });
});

describe('minutes are approved only complete and read in full', () => {
  it('refuses minutes with 1 of 11 items written', () => {
    const readableOutcomes = [...Array<null>(10).fill(null), 'decision' as const];
    expect(() => transitionSession('held', 'minutes_approved', { ...base, readableOutcomes })).toThrow(
      /10 of 11 agenda item\(s\) have no outcome/,
    );
  });

  it('tells a party how many items it cannot read, and refuses its approval', () => {
    expect(() =>
      transitionSession('held', 'minutes_approved', { ...base, readableOutcomes: ['noted'], unreadableItems: 1 }),
    ).toThrow(/^1 agenda item\(s\) of these minutes are not releasable to you/);
  });

  it('approves exactly when every item is readable and has an outcome, for generated agendas', () => {
    const r = prng(12);
    for (let i = 0; i < 300; i++) {
      const readableOutcomes = Array.from({ length: r.int(8) }, (): AgendaOutcome | null =>
        r.int(4) === 0 ? null : r.pick(AGENDA_OUTCOMES),
      );
      const unreadableItems = r.int(3) === 0 ? 1 + r.int(3) : 0;
      const minutesApprovedBy = r.int(2) === 0 ? ['MAR'] : [];
      const run = () =>
        transitionSession('held', 'minutes_approved', {
          ...base,
          today: '2026-12-16',
          readableOutcomes,
          unreadableItems,
          minutesApprovedBy,
        });
      if (unreadableItems > 0) expect(run).toThrow(`${unreadableItems} agenda item(s) of these minutes are not releasable`);
      else if (readableOutcomes.includes(null)) expect(run).toThrow(/have no outcome/);
      else expect(run()).toEqual({ status: minutesApprovedBy.length ? 'minutes_approved' : 'held', approve: true });
    }
  });
});

describe('the outcome of an item', () => {
  it('is the one chosen, else a decision when decisions are written, else noted', () => {
    expect(minutesOutcome({ decisions: 'Agreed' })).toBe('decision');
    expect(minutesOutcome({ decisions: null })).toBe('noted');
    expect(minutesOutcome({ outcome: 'deferred', decisions: null })).toBe('deferred');
    expect(minutesOutcome({ outcome: 'noted', decisions: 'Agreed' })).toBe('noted');
  });

  it('refuses a decision with no decisions written', () => {
    expect(() => minutesOutcome({ outcome: 'decision', decisions: null })).toThrow(/needs its decisions/);
  });
});

describe('the record of a session', () => {
  const kindOf = (fn: () => unknown) => {
    try {
      fn();
      return null;
    } catch (err) {
      return (err as { kind?: string }).kind ?? 'other';
    }
  };
  const parties = ['MAR', 'ISR'];
  const record = { startDate: '2026-12-14', endDate: '2026-12-15', endDateGiven: false };

  it('takes minutes once convened and until they are approved', () => {
    expect(kindOf(() => assertMinutesRecordable('planned'))).toBe('invalid');
    expect(kindOf(() => assertMinutesRecordable('convened'))).toBeNull();
    expect(kindOf(() => assertMinutesRecordable('held'))).toBeNull();
    expect(kindOf(() => assertMinutesRecordable('minutes_approved'))).toBe('invalid');
  });

  it('withdraws the approvals given only when the held record changes, and keeps the agenda on the day it is held', () => {
    expect(changeWithdrawsMinutesApprovals('held')).toBe(true);
    expect(changeWithdrawsMinutesApprovals('convened')).toBe(false);
    expect(changeWithdrawsMinutesApprovals('minutes_approved')).toBe(false);
    expect(becomesHeld('convened', 'held')).toBe(true);
    expect(becomesHeld('held', 'held')).toBe(false);
    expect(becomesHeld('held', 'minutes_approved')).toBe(false);
  });

  it('names the host and delegations among the commission’s parties, and ends no earlier than it starts', () => {
    expect(
      kindOf(() => assertSessionRecord({ ...record, hostParty: 'MAR', delegations: [{ party: 'ISR' }] }, parties)),
    ).toBeNull();
    try {
      assertSessionRecord(
        {
          hostParty: 'FRA',
          delegations: [{ party: 'MAR' }, { party: 'USA' }],
          startDate: '2026-12-14',
          endDate: '2026-12-13',
          endDateGiven: true,
        },
        parties,
      );
      expect.unreachable();
    } catch (err) {
      expect((err as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([
        'hostParty',
        'delegations.1.party',
        'endDate',
      ]);
    }
    try {
      assertSessionRecord({ startDate: '2026-12-16', endDate: '2026-12-15', endDateGiven: false }, parties);
      expect.unreachable();
    } catch (err) {
      expect((err as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['startDate']);
    }
  });
});
