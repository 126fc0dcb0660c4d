import { describe, expect, it } from 'vitest';
import { addMonths, measurementOverdue, nextMeasurementDue } from '../../src/domain/indicator.js';
import { INDICATOR_FREQUENCIES } from '../../src/domain/indicator.schema.js';

const indicator = (frequency: (typeof INDICATOR_FREQUENCIES)[number]) => ({
  frequency,
  baselineDate: '2026-01-15',
  targetDate: '2027-12-31',
});

describe('the months after a date', () => {
  it('keeps the day, or takes the last day of a shorter month, across years', () => {
    expect(addMonths('2026-01-15', 1)).toBe('2026-02-15');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-12-01', 12)).toBe('2027-12-01');
  });
});

describe('when the next measurement is due', () => {
  it('is a period after the baseline before any measurement', () => {
    expect(nextMeasurementDue(indicator('monthly'), [])).toBe('2026-02-15');
    expect(nextMeasurementDue(indicator('quarterly'), [])).toBe('2026-04-15');
    expect(nextMeasurementDue(indicator('half-yearly'), [])).toBe('2026-07-15');
    expect(nextMeasurementDue(indicator('yearly'), [])).toBe('2027-01-15');
  });

  it('is a period after the latest measurement, whatever order they come in', () => {
    expect(nextMeasurementDue(indicator('quarterly'), ['2026-05-02', '2026-03-20'])).toBe('2026-08-02');
    expect(nextMeasurementDue(indicator('yearly'), ['2026-06-30'])).toBe('2027-06-30');
  });

  it('is never later than the target date, which is always measured', () => {
    expect(nextMeasurementDue(indicator('yearly'), ['2027-03-01'])).toBe('2027-12-31');
    expect(nextMeasurementDue(indicator('half-yearly'), ['2027-07-01'])).toBe('2027-12-31');
    expect(nextMeasurementDue({ ...indicator('yearly'), targetDate: '2026-06-30' }, [])).toBe('2026-06-30');
  });

  it('is the target date for an indicator measured once, measured before it or not', () => {
    expect(nextMeasurementDue(indicator('once'), [])).toBe('2027-12-31');
    expect(nextMeasurementDue(indicator('once'), ['2026-05-01'])).toBe('2027-12-31');
  });

  it('is none once a measurement on or after the target date counts, at any frequency', () => {
    for (const f of INDICATOR_FREQUENCIES) {
      expect(nextMeasurementDue(indicator(f), ['2026-03-01', '2027-12-31'])).toBeNull();
      expect(nextMeasurementDue(indicator(f), ['2028-01-10'])).toBeNull();
    }
  });
});

describe('an overdue measurement', () => {
  it('is one due before the day asked; not on the day it is due, nor when none is due', () => {
    expect(measurementOverdue('2026-04-15', '2026-04-16')).toBe(true);
    expect(measurementOverdue('2026-04-15', '2026-04-15')).toBe(false);
    expect(measurementOverdue('2026-04-15', '2026-04-01')).toBe(false);
    expect(measurementOverdue(null, '2030-01-01')).toBe(false);
  });
});
