import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.js';
import { movedPeriod, PRECISION_DAYS, periodOf, plannedPeriodSchema, quarterOf } from '../../src/domain/period.js';

const issues = (input: unknown) => {
  const r = plannedPeriodSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};

describe('planned period: day precision', () => {
  it('accepts a single day and a span of days, and defaults to day precision', () => {
    expect(plannedPeriodSchema.parse({ start: '2026-03-10', end: '2026-03-10' })).toEqual({
      start: '2026-03-10',
      end: '2026-03-10',
      precision: 'day',
    });
    expect(issues({ start: '2026-03-10', end: '2026-04-02', precision: 'day' })).toEqual([]);
  });

  it('refuses an end before the start', () => {
    expect(issues({ start: '2026-03-10', end: '2026-03-09', precision: 'day' })).toEqual([
      { path: 'end', message: 'end must not be before start' },
    ]);
  });

  it('refuses dates that do not exist', () => {
    expect(issues({ start: '2026-02-29', end: '2026-03-01' }).map((i) => i.path)).toEqual(['start']);
    expect(issues({ start: '2026-02-01', end: '2026-02-30' }).map((i) => i.path)).toEqual(['end']);
    expect(issues({ start: '2024-02-29', end: '2024-02-29' })).toEqual([]);
  });

  it('refuses unknown fields and precisions', () => {
    expect(issues({ start: '2026-03-10', end: '2026-03-10', precision: 'week' }).map((i) => i.path)).toEqual(['precision']);
    expect(issues({ start: '2026-03-10', end: '2026-03-10', note: 'x' }).length).toBe(1);
  });
});

describe('planned period: month precision', () => {
  it('accepts exactly one whole month, leap February included', () => {
    expect(issues({ start: '2026-03-01', end: '2026-03-31', precision: 'month' })).toEqual([]);
    expect(issues({ start: '2026-02-01', end: '2026-02-28', precision: 'month' })).toEqual([]);
    expect(issues({ start: '2024-02-01', end: '2024-02-29', precision: 'month' })).toEqual([]);
  });

  it('refuses a start that is not the first of the month', () => {
    expect(issues({ start: '2026-03-02', end: '2026-03-31', precision: 'month' })).toEqual([
      { path: 'start', message: 'start of a month period must be the first day of the month' },
    ]);
  });

  it('refuses an end that is not the last day of the same month', () => {
    for (const end of ['2026-03-30', '2026-04-30', '2026-02-28'.replace('02', '04')])
      expect(issues({ start: '2026-03-01', end, precision: 'month' })).toEqual([
        { path: 'end', message: 'end of a month period must be the last day of the same month' },
      ]);
    expect(issues({ start: '2024-02-01', end: '2024-02-28', precision: 'month' })[0]?.path).toBe('end');
  });
});

describe('planned period: quarter precision', () => {
  it.each([
    ['2026-01-01', '2026-03-31'],
    ['2026-04-01', '2026-06-30'],
    ['2026-07-01', '2026-09-30'],
    ['2026-10-01', '2026-12-31'],
  ])('accepts %s – %s', (start, end) => {
    expect(issues({ start, end, precision: 'quarter' })).toEqual([]);
  });

  it('refuses a start that is not the first day of a quarter', () => {
    expect(issues({ start: '2026-02-01', end: '2026-03-31', precision: 'quarter' })).toEqual([
      { path: 'start', message: 'start of a quarter period must be the first day of the quarter' },
    ]);
  });

  it('refuses an end that is not the last day of the same quarter', () => {
    for (const end of ['2026-06-29', '2026-09-30', '2026-05-31'])
      expect(issues({ start: '2026-04-01', end, precision: 'quarter' })).toEqual([
        { path: 'end', message: 'end of a quarter period must be the last day of the same quarter' },
      ]);
  });
});

describe('periodOf', () => {
  it('builds months, quarters and days', () => {
    expect(periodOf('2026-03')).toEqual({ start: '2026-03-01', end: '2026-03-31', precision: 'month' });
    expect(periodOf('2024-02')).toEqual({ start: '2024-02-01', end: '2024-02-29', precision: 'month' });
    expect(periodOf('2026-12')).toEqual({ start: '2026-12-01', end: '2026-12-31', precision: 'month' });
    expect(periodOf('2026-Q1')).toEqual({ start: '2026-01-01', end: '2026-03-31', precision: 'quarter' });
    expect(periodOf('2026-Q2')).toEqual({ start: '2026-04-01', end: '2026-06-30', precision: 'quarter' });
    expect(periodOf('2026-Q4')).toEqual({ start: '2026-10-01', end: '2026-12-31', precision: 'quarter' });
    expect(periodOf('2026-05-14')).toEqual({ start: '2026-05-14', end: '2026-05-14', precision: 'day' });
  });

  it('builds periods the schema accepts', () => {
    for (const spec of ['2026-01', '2026-02', '2024-02', '2026-11', '2026-Q1', '2026-Q3', '2026-07-04'])
      expect(plannedPeriodSchema.parse(periodOf(spec))).toEqual(periodOf(spec));
  });

  it.each(['2026-13', '2026-00', '2026-Q5', '2026-Q0', '2026-02-30', 'Q2 2026', '', 'soon'])(
    'refuses %j with a clear error',
    (spec) => {
      let error: unknown;
      try {
        periodOf(spec);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).kind).toBe('invalid');
      expect((error as DomainError).message).toContain(JSON.stringify(spec));
    },
  );
});

describe('quarterOf', () => {
  it.each([
    ['2026-01-01', '2026-Q1'],
    ['2026-03-31', '2026-Q1'],
    ['2026-04-01', '2026-Q2'],
    ['2026-09-30', '2026-Q3'],
    ['2026-10-01', '2026-Q4'],
    ['2026-12-31', '2026-Q4'],
  ])('%s is in %s', (date, quarter) => {
    expect(quarterOf(date)).toBe(quarter);
  });
});

describe('a planned period moved on the timeline', () => {
  const days = { start: '2026-03-10', end: '2026-03-12', precision: 'day' } as const;

  it('moves a span of days by exactly the days given, or its end alone, never before its start', () => {
    expect(movedPeriod(days, 5)).toEqual({ start: '2026-03-15', end: '2026-03-17', precision: 'day' });
    expect(movedPeriod(days, -10)).toEqual({ start: '2026-02-28', end: '2026-03-02', precision: 'day' });
    expect(movedPeriod(days, 20, 'end')).toEqual({ start: '2026-03-10', end: '2026-04-01', precision: 'day' });
    expect(movedPeriod(days, -30, 'end')).toEqual({ start: '2026-03-10', end: '2026-03-10', precision: 'day' });
    // A drag gives fractions of a day: the nearest whole day counts.
    expect(movedPeriod(days, 4.6)).toEqual(movedPeriod(days, 5));
    expect(movedPeriod(days, -0.4)).toEqual(days);
  });

  it('moves a month or a quarter by the whole months or quarters nearest, and keeps it whole', () => {
    const march = periodOf('2026-03');
    expect(movedPeriod(march, 14)).toEqual(march);
    expect(movedPeriod(march, 16)).toEqual(periodOf('2026-04'));
    expect(movedPeriod(march, -300)).toEqual(periodOf('2025-05'));
    expect(movedPeriod(march, PRECISION_DAYS.month * 11)).toEqual(periodOf('2027-02'));
    expect(movedPeriod(periodOf('2026-Q4'), PRECISION_DAYS.quarter)).toEqual(periodOf('2027-Q1'));
    expect(movedPeriod(periodOf('2026-Q1'), -40)).toEqual(periodOf('2026-Q1'));
    expect(movedPeriod(periodOf('2026-Q1'), -50)).toEqual(periodOf('2025-Q4'));
    // Not resized: it would stop being a month or a quarter.
    expect(movedPeriod(march, 40, 'end')).toEqual(march);
  });

  it('always answers a period the schema accepts', () => {
    for (const p of [days, periodOf('2026-01'), periodOf('2026-12'), periodOf('2026-Q2')])
      for (const n of [-400, -45, -1.5, -1, 0, 0.7, 1, 29, 31, 61, 92, 365])
        for (const edge of ['both', 'end'] as const)
          expect(plannedPeriodSchema.safeParse(movedPeriod(p, n, edge)).success).toBe(true);
  });
});
