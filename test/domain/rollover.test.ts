import { describe, expect, it } from 'vitest';
import { carryReason, selectCarried, shiftDate, shiftedPlanPeriod, shiftPeriod } from '../../src/domain/rollover.js';

describe('roll-over dates', () => {
  it('moves a date by whole years, 29 February to 28 February', () => {
    expect(shiftDate('2026-03-15', 1)).toBe('2027-03-15');
    expect(shiftDate('2028-02-29', 1)).toBe('2029-02-28');
    expect(shiftedPlanPeriod({ periodStart: '2026-01-01', periodEnd: '2026-12-31' }, 2)).toEqual({
      periodStart: '2028-01-01',
      periodEnd: '2028-12-31',
    });
  });

  it('keeps the precision of a month or quarter, whole', () => {
    expect(shiftPeriod({ start: '2027-02-01', end: '2027-02-28', precision: 'month' }, 1, '2028-01-01', '2028-12-31')).toEqual({
      start: '2028-02-01',
      end: '2028-02-29',
      precision: 'month',
    });
    expect(shiftPeriod({ start: '2026-04-01', end: '2026-06-30', precision: 'quarter' }, 1, '2027-01-01', '2027-12-31')).toEqual({
      start: '2027-04-01',
      end: '2027-06-30',
      precision: 'quarter',
    });
  });

  it('brings a month or quarter falling outside the new plan to its first or last one', () => {
    // A plan of July to June: an activity postponed into the next period lands after it.
    expect(shiftPeriod({ start: '2027-08-01', end: '2027-08-31', precision: 'month' }, 1, '2027-07-01', '2028-06-30')).toEqual({
      start: '2028-06-01',
      end: '2028-06-30',
      precision: 'month',
    });
    expect(shiftPeriod({ start: '2025-10-01', end: '2025-12-31', precision: 'quarter' }, 1, '2027-01-01', '2027-12-31')).toEqual({
      start: '2027-01-01',
      end: '2027-03-31',
      precision: 'quarter',
    });
  });

  it('cuts a span of days to the plan, or moves it to its edge keeping its length', () => {
    const plan = ['2027-01-01', '2027-12-31'] as const;
    expect(shiftPeriod({ start: '2026-03-10', end: '2026-03-12', precision: 'day' }, 1, ...plan)).toEqual({
      start: '2027-03-10',
      end: '2027-03-12',
      precision: 'day',
    });
    expect(shiftPeriod({ start: '2026-12-30', end: '2027-01-03', precision: 'day' }, 1, ...plan)).toEqual({
      start: '2027-12-30',
      end: '2027-12-31',
      precision: 'day',
    });
    expect(shiftPeriod({ start: '2027-02-01', end: '2027-02-03', precision: 'day' }, 1, ...plan)).toEqual({
      start: '2027-12-29',
      end: '2027-12-31',
      precision: 'day',
    });
    expect(shiftPeriod({ start: '2025-05-01', end: '2025-05-02', precision: 'day' }, 1, ...plan)).toEqual({
      start: '2027-01-01',
      end: '2027-01-02',
      precision: 'day',
    });
  });
});

describe('roll-over selection', () => {
  it('carries open, postponed and recurring activities, and no other', () => {
    expect(carryReason({ status: 'planned', recurring: false })).toBe('open');
    expect(carryReason({ status: 'scheduled', recurring: true })).toBe('open');
    expect(carryReason({ status: 'postponed', recurring: true })).toBe('postponed');
    expect(carryReason({ status: 'conducted', recurring: true })).toBe('recurring');
    expect(carryReason({ status: 'cancelled', recurring: true })).toBe('recurring');
    expect(carryReason({ status: 'reported', recurring: false })).toBeNull();
    expect(carryReason({ status: 'cancelled', recurring: false })).toBeNull();
  });

  it('keeps the chosen among the proposed, tells the others, and an indicator only with its objective', () => {
    const proposal = {
      activities: [{ id: 'a1' }, { id: 'a2' }],
      objectives: [{ id: 'o1' }, { id: 'o2' }],
      indicators: [
        { id: 'i1', objectiveId: 'o1' },
        { id: 'i2', objectiveId: 'o2' },
      ],
    };
    const s = selectCarried(proposal, { activityIds: ['a2', 'x', 'a2'], objectiveIds: ['o1'], indicatorIds: ['i1', 'i2'] });
    expect(s.activities.map((a) => a.id)).toEqual(['a2']);
    expect(s.unknown).toEqual({ activityIds: ['x'], objectiveIds: [], indicatorIds: [] });
    expect(s.indicators.map((i) => i.id)).toEqual(['i1']);
    expect(s.orphans).toEqual(['i2']);
  });
});
