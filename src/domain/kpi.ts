import type { Kpis } from './kpi.schema.js';

/** Counts the database returns for one group of a plan's readable activities. */
export interface KpiGroup {
  domain: string;
  leadParty: string;
  quarter: string;
  status: string;
  n: number;
  onTime: number;
  late: number;
  slipDays: number;
  postponements: number;
  overdue: number;
  stale: number;
}

const DONE = new Set(['conducted', 'reported']);
const CLOSED = new Set(['conducted', 'reported', 'cancelled']);
const rate = (num: number, den: number) => (den === 0 ? null : num / den);

function buckets(groups: KpiGroup[], keyOf: (g: KpiGroup) => string) {
  const by = new Map<string, { total: number; done: number }>();
  for (const g of groups) {
    if (g.status === 'cancelled') continue;
    const b = by.get(keyOf(g)) ?? { total: 0, done: 0 };
    b.total += g.n;
    if (DONE.has(g.status)) b.done += g.n;
    by.set(keyOf(g), b);
  }
  return [...by.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, b]) => ({ key, ...b, executionRate: rate(b.done, b.total) }));
}

/**
 * The measures of DESIGN.md from grouped counts: execution rate (conducted or
 * reported over all but cancelled), timeliness, freshness, and the rate by
 * domain, lead party and quarter of the planned start.
 */
export function kpisFromGroups(planId: string, asOf: string, staleAfterDays: number, groups: KpiGroup[]): Kpis {
  const sum = (f: (g: KpiGroup) => number, where: (g: KpiGroup) => boolean = () => true) =>
    groups.filter(where).reduce((s, g) => s + f(g), 0);
  const cancelled = sum(
    (g) => g.n,
    (g) => g.status === 'cancelled',
  );
  const total = sum(
    (g) => g.n,
    (g) => g.status !== 'cancelled',
  );
  const done = sum(
    (g) => g.n,
    (g) => DONE.has(g.status),
  );
  const late = sum((g) => g.late);
  const onTime = sum((g) => g.onTime);
  return {
    planId,
    asOf,
    staleAfterDays,
    execution: { total, done, cancelled, overdue: sum((g) => g.overdue), executionRate: rate(done, total) },
    timeliness: {
      conducted: done,
      onTime,
      onTimeRate: rate(onTime, done),
      averageSlipDays: late === 0 ? null : Math.round((sum((g) => g.slipDays) / late) * 10) / 10,
      postponements: sum((g) => g.postponements),
    },
    freshness: {
      open: sum(
        (g) => g.n,
        (g) => !CLOSED.has(g.status),
      ),
      stale: sum((g) => g.stale),
    },
    byDomain: buckets(groups, (g) => g.domain),
    byLeadParty: buckets(groups, (g) => g.leadParty),
    byQuarter: buckets(groups, (g) => g.quarter),
  };
}
