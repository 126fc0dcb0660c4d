import { describe, expect, it } from 'vitest';
import { type KpiGroup, kpisFromGroups } from '../../src/domain/kpi.js';

const group = (over: Partial<KpiGroup>): KpiGroup => ({
  domain: 'planning',
  leadParty: 'MAR',
  quarter: '2026-Q1',
  status: 'planned',
  n: 0,
  onTime: 0,
  late: 0,
  slipDays: 0,
  postponements: 0,
  overdue: 0,
  stale: 0,
  ...over,
});

describe('kpisFromGroups', () => {
  it('answers nulls, not divisions by zero, for an empty plan', () => {
    const k = kpisFromGroups('p1', '2026-07-01', 30, []);
    expect(k).toEqual({
      planId: 'p1',
      asOf: '2026-07-01',
      staleAfterDays: 30,
      execution: { total: 0, done: 0, cancelled: 0, overdue: 0, executionRate: null },
      timeliness: { conducted: 0, onTime: 0, onTimeRate: null, averageSlipDays: null, postponements: 0 },
      freshness: { open: 0, stale: 0 },
      byDomain: [],
      byLeadParty: [],
      byQuarter: [],
    });
  });

  const groups: KpiGroup[] = [
    group({ status: 'conducted', n: 3, onTime: 2, late: 1, slipDays: 10 }),
    group({
      status: 'reported',
      domain: 'industry',
      leadParty: 'ISR',
      quarter: '2026-Q2',
      n: 2,
      onTime: 1,
      late: 1,
      slipDays: 5,
      postponements: 1,
    }),
    group({ status: 'planned', domain: 'industry', n: 4, overdue: 2, stale: 3, postponements: 0 }),
    group({ status: 'postponed', leadParty: 'ISR', quarter: '2026-Q3', n: 1, postponements: 2, stale: 1 }),
    group({ status: 'cancelled', domain: 'intelligence', leadParty: 'USA', quarter: '2026-Q4', n: 5, postponements: 1 }),
  ];
  const k = kpisFromGroups('p2', '2026-07-01', 14, groups);

  it('counts execution over all but cancelled activities', () => {
    expect(k.execution).toEqual({ total: 10, done: 5, cancelled: 5, overdue: 2, executionRate: 0.5 });
  });

  it('measures timeliness over conducted and reported activities', () => {
    // 15 days of slip over the 2 late activities; postponements of cancelled ones still count.
    expect(k.timeliness).toEqual({ conducted: 5, onTime: 3, onTimeRate: 0.6, averageSlipDays: 7.5, postponements: 4 });
  });

  it('counts open and stale activities for freshness', () => {
    expect(k.freshness).toEqual({ open: 5, stale: 4 });
  });

  it('rates by domain, lead party and quarter, cancelled ones left out, sorted by key', () => {
    expect(k.byDomain).toEqual([
      { key: 'industry', total: 6, done: 2, executionRate: 2 / 6 },
      { key: 'planning', total: 4, done: 3, executionRate: 0.75 },
    ]);
    expect(k.byLeadParty).toEqual([
      { key: 'ISR', total: 3, done: 2, executionRate: 2 / 3 },
      { key: 'MAR', total: 7, done: 3, executionRate: 3 / 7 },
    ]);
    expect(k.byQuarter).toEqual([
      { key: '2026-Q1', total: 7, done: 3, executionRate: 3 / 7 },
      { key: '2026-Q2', total: 2, done: 2, executionRate: 1 },
      { key: '2026-Q3', total: 1, done: 0, executionRate: 0 },
    ]);
  });

  it('rounds the average slip to one decimal', () => {
    const r = kpisFromGroups('p', '2026-07-01', 30, [group({ status: 'conducted', n: 3, late: 3, slipDays: 10 })]);
    expect(r.timeliness.averageSlipDays).toBe(3.3);
  });

  it('gives a plan of only cancelled activities no rate', () => {
    const r = kpisFromGroups('p', '2026-07-01', 30, [group({ status: 'cancelled', n: 2 })]);
    expect(r.execution).toEqual({ total: 0, done: 0, cancelled: 2, overdue: 0, executionRate: null });
    expect(r.byDomain).toEqual([]);
  });
});
