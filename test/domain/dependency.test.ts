import { describe, expect, it } from 'vitest';
import {
  brokenBy,
  daysTooEarly,
  earliestFollowerStart,
  isViolated,
  shiftedToStartBy,
  wouldCycle,
} from '../../src/domain/dependency.js';
import type { PlannedPeriod } from '../../src/domain/period.js';

const days = (start: string, end = start): PlannedPeriod => ({ start, end, precision: 'day' });
const month = (start: string, end: string): PlannedPeriod => ({ start, end, precision: 'month' });
const quarter = (start: string, end: string): PlannedPeriod => ({ start, end, precision: 'quarter' });

describe('finish-to-start with a lag', () => {
  it('lets the successor start the day after the predecessor ends, moved by the lag', () => {
    expect(earliestFollowerStart(days('2026-03-02', '2026-03-05'), 0)).toBe('2026-03-06');
    expect(earliestFollowerStart(days('2026-03-02', '2026-03-05'), 10)).toBe('2026-03-16');
    expect(earliestFollowerStart(days('2026-03-02', '2026-03-05'), -5)).toBe('2026-03-01');
    expect(isViolated(days('2026-03-02', '2026-03-05'), days('2026-03-06'), 0)).toBe(false);
    expect(isViolated(days('2026-03-02', '2026-03-05'), days('2026-03-05'), 0)).toBe(true);
    expect(daysTooEarly(days('2026-03-02', '2026-03-05'), days('2026-03-10'), 7)).toBe(3);
    expect(isViolated(days('2026-03-02', '2026-03-05'), days('2026-03-04'), -2)).toBe(false);
    expect(isViolated(days('2026-03-02', '2026-03-05'), days('2026-03-03'), -2)).toBe(true);
  });

  it('crosses the ends of months and years', () => {
    expect(earliestFollowerStart(days('2026-12-30', '2026-12-31'), 1)).toBe('2027-01-02');
    expect(earliestFollowerStart(days('2028-02-27', '2028-02-28'), 0)).toBe('2028-02-29');
  });

  it('breaks a dependency between periods given by month or quarter only when no days within them could keep it', () => {
    const q2 = quarter('2026-04-01', '2026-06-30');
    // Two activities of the same quarter may follow one another.
    expect(isViolated(q2, q2, 0)).toBe(false);
    expect(isViolated(q2, month('2026-04-01', '2026-04-30'), 0)).toBe(false);
    // A month before the quarter begins cannot follow it.
    expect(isViolated(q2, month('2026-03-01', '2026-03-31'), 0)).toBe(true);
    expect(daysTooEarly(q2, month('2026-03-01', '2026-03-31'), 0)).toBe(2);
    // A day-precise predecessor that ends after the whole month of its successor.
    expect(isViolated(days('2026-05-10', '2026-06-02'), month('2026-05-01', '2026-05-31'), 0)).toBe(true);
    expect(isViolated(days('2026-05-10', '2026-05-20'), month('2026-05-01', '2026-05-31'), 0)).toBe(false);
    // The lag counts from the earliest day the month could end.
    expect(isViolated(month('2026-05-01', '2026-05-31'), days('2026-05-20'), 30)).toBe(true);
    expect(isViolated(month('2026-05-01', '2026-05-31'), days('2026-05-31'), 29)).toBe(false);
  });
});

describe('shifting a follower', () => {
  it('moves a span of days by days, keeping its length', () => {
    expect(shiftedToStartBy(days('2026-03-03', '2026-03-05'), '2026-03-10')).toEqual(days('2026-03-10', '2026-03-12'));
    expect(shiftedToStartBy(days('2026-03-20', '2026-03-21'), '2026-03-10')).toEqual(days('2026-03-20', '2026-03-21'));
  });

  it('moves a month by whole months and a quarter by whole quarters', () => {
    expect(shiftedToStartBy(month('2026-01-01', '2026-01-31'), '2026-02-15')).toEqual(month('2026-02-01', '2026-02-28'));
    expect(shiftedToStartBy(month('2026-01-01', '2026-01-31'), '2026-03-01')).toEqual(month('2026-03-01', '2026-03-31'));
    expect(shiftedToStartBy(quarter('2026-01-01', '2026-03-31'), '2026-07-01')).toEqual(quarter('2026-07-01', '2026-09-30'));
    expect(shiftedToStartBy(quarter('2026-10-01', '2026-12-31'), '2027-01-05')).toEqual(quarter('2027-01-01', '2027-03-31'));
  });

  it('always ends where the dependency holds', () => {
    const pred = days('2026-05-10', '2026-06-02');
    for (const succ of [days('2026-01-01'), month('2026-02-01', '2026-02-28'), quarter('2026-01-01', '2026-03-31')]) {
      for (const lag of [-40, -1, 0, 1, 45]) {
        const to = shiftedToStartBy(succ, earliestFollowerStart(pred, lag));
        expect(isViolated(pred, to, lag)).toBe(false);
        expect(to.precision).toBe(succ.precision);
      }
    }
  });
});

describe('loops', () => {
  const edges = [
    { predecessorId: 'a', successorId: 'b' },
    { predecessorId: 'b', successorId: 'c' },
    { predecessorId: 'x', successorId: 'c' },
  ];

  it('are found through any path, and an activity never follows itself', () => {
    expect(wouldCycle(edges, 'c', 'a')).toBe(true);
    expect(wouldCycle(edges, 'b', 'a')).toBe(true);
    expect(wouldCycle(edges, 'a', 'a')).toBe(true);
    expect(wouldCycle(edges, 'a', 'c')).toBe(false);
    expect(wouldCycle(edges, 'c', 'x')).toBe(true);
    expect(wouldCycle(edges, 'x', 'a')).toBe(false);
    expect(wouldCycle([], 'a', 'b')).toBe(false);
  });
});

describe('what a move breaks', () => {
  const follower = { activityId: 'f', period: days('2026-04-10'), lagDays: 0 };
  const predecessor = { activityId: 'p', period: days('2026-03-01', '2026-03-05'), lagDays: 0 };

  it('names the followers left starting too early and the predecessors started too early after', () => {
    const r = brokenBy(days('2026-03-10'), days('2026-04-12', '2026-04-14'), [follower], [predecessor]);
    expect(r).toEqual({ followers: [{ activityId: 'f', days: 5 }], predecessors: [] });
    const back = brokenBy(days('2026-03-10'), days('2026-03-04'), [follower], [predecessor]);
    expect(back).toEqual({ followers: [], predecessors: [{ activityId: 'p', days: 2 }] });
  });

  it('does not refuse a move that leaves a dependency broken no worse than before', () => {
    const broken = { ...follower, period: days('2026-03-01') };
    expect(brokenBy(days('2026-03-10'), days('2026-03-08'), [broken], []).followers).toEqual([]);
    expect(brokenBy(days('2026-03-10'), days('2026-03-12'), [broken], []).followers).toEqual([{ activityId: 'f', days: 12 }]);
  });
});
