import { describe, expect, it } from 'vitest';
import {
  ACTION_ITEM_STATUSES,
  ACTION_ITEM_TRANSITIONS,
  isOverdue,
  transitionActionItem,
} from '../../src/domain/action-item.lifecycle.js';
import { canonicalJson } from '../../src/domain/canonical-json.js';
import { monthEnds, plannedVersusActual, stateAsOf, weekEnds } from '../../src/domain/curve.js';
import { indicatorProgress, objectiveProgress } from '../../src/domain/indicator.js';
import { documentMarking } from '../../src/domain/marking.js';
import { contentHash, diffPlans, sameJson } from '../../src/domain/plan-diff.js';
import { SESSION_STATUSES, SESSION_TRANSITIONS, transitionSession } from '../../src/domain/session.lifecycle.js';

const parties = ['MAR', 'ISR'];
/** A session on its first day, with nothing on its agenda. */
const sat = { today: '2026-12-14', startDate: '2026-12-14', readableOutcomes: [], unreadableItems: 0 };

describe('session lifecycle', () => {
  for (const from of SESSION_STATUSES)
    for (const to of SESSION_STATUSES) {
      const allowed = SESSION_TRANSITIONS[from].includes(to);
      it(`${allowed ? 'allows' : 'refuses'} ${from} → ${to}`, () => {
        const run = () =>
          transitionSession(from, to, { ...sat, actingParty: 'MAR', commissionParties: parties, minutesApprovedBy: [] });
        if (allowed) expect(run().status).toBe(to === 'minutes_approved' ? 'held' : to);
        else expect(run).toThrow(/cannot move/);
      });
    }

  it('closes the minutes when the last party approves, once per party', () => {
    expect(
      transitionSession('held', 'minutes_approved', {
        ...sat,
        actingParty: 'ISR',
        commissionParties: parties,
        minutesApprovedBy: ['MAR'],
      }),
    ).toEqual({
      status: 'minutes_approved',
      approve: true,
    });
    expect(() =>
      transitionSession('held', 'minutes_approved', {
        ...sat,
        actingParty: 'MAR',
        commissionParties: parties,
        minutesApprovedBy: ['MAR'],
      }),
    ).toThrow(/already approved/);
    expect(() =>
      transitionSession('held', 'minutes_approved', {
        ...sat,
        actingParty: 'USA',
        commissionParties: parties,
        minutesApprovedBy: [],
      }),
    ).toThrow(/not a party/);
  });
});

describe('action item lifecycle', () => {
  for (const from of ACTION_ITEM_STATUSES)
    for (const to of ACTION_ITEM_STATUSES) {
      const allowed = ACTION_ITEM_TRANSITIONS[from].includes(to);
      it(`${allowed ? 'allows' : 'refuses'} ${from} → ${to}`, () => {
        const run = () => transitionActionItem(from, { to, reason: 'overtaken by events' });
        if (allowed) expect(run()).toEqual({ status: to });
        else expect(run).toThrow(/cannot move/);
      });
    }

  it('needs a reason to drop', () => {
    expect(() => transitionActionItem('open', { to: 'dropped' })).toThrow(/reason/);
    expect(() => transitionActionItem('open', { to: 'dropped', reason: '  ' })).toThrow(/reason/);
  });

  it('derives overdue from the due date while open', () => {
    expect(isOverdue({ status: 'open', dueDate: '2026-03-01' }, '2026-03-02')).toBe(true);
    expect(isOverdue({ status: 'in_progress', dueDate: '2026-03-02' }, '2026-03-02')).toBe(false);
    expect(isOverdue({ status: 'done', dueDate: '2026-03-01' }, '2026-06-01')).toBe(false);
    expect(isOverdue({ status: 'dropped', dueDate: '2026-03-01' }, '2026-06-01')).toBe(false);
  });
});

describe('plan diff and content hash', () => {
  const baseline = {
    plan: { title: { fr: 'Plan 2026' }, periodEnd: '2026-12-31' },
    activities: {
      'A-01': { title: { fr: 'Visite' }, priority: 1, plannedPeriod: { start: '2026-03-01', end: '2026-03-31' } },
      'A-02': { title: { fr: 'Réunion' }, priority: 2 },
    },
  };

  it('hashes equal content equally whatever the key order', () => {
    const reordered = {
      activities: { 'A-02': { priority: 2, title: { fr: 'Réunion' } }, 'A-01': baseline.activities['A-01'] },
      plan: baseline.plan,
    };
    expect(contentHash(reordered)).toBe(contentHash(baseline));
    expect(canonicalJson({ b: 1, a: [2, { d: 1, c: 2 }] })).toBe('{"a":[2,{"c":2,"d":1}],"b":1}');
  });

  it('shows added, removed and each changed field with old and new values', () => {
    const revised = {
      plan: { title: { fr: 'Plan 2026 (rév. 1)' }, periodEnd: '2026-12-31' },
      activities: {
        'A-01': { title: { fr: 'Visite' }, priority: 2, plannedPeriod: { start: '2026-04-01', end: '2026-04-30' } },
        'A-03': { title: { fr: 'Séminaire' }, priority: 3 },
      },
    };
    expect(contentHash(revised)).not.toBe(contentHash(baseline));
    expect(diffPlans(baseline, revised)).toEqual({
      plan: [{ field: 'title', from: { fr: 'Plan 2026' }, to: { fr: 'Plan 2026 (rév. 1)' } }],
      added: ['A-03'],
      removed: ['A-02'],
      changed: [
        {
          refCode: 'A-01',
          changes: [
            {
              field: 'plannedPeriod',
              from: { start: '2026-03-01', end: '2026-03-31' },
              to: { start: '2026-04-01', end: '2026-04-30' },
            },
            { field: 'priority', from: 1, to: 2 },
          ],
        },
      ],
    });
    expect(diffPlans(baseline, baseline)).toEqual({ plan: [], added: [], removed: [], changed: [] });
  });

  it('compares values exactly as their canonical JSON would, without serialising them', () => {
    // Small values built from a seeded generator, so that equal pairs and near misses both occur often.
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const value = (depth: number): unknown => {
      const r = next();
      if (depth > 2 || r < 0.4) return [null, 0, 1, 'a', 'b', true, undefined][Math.floor(next() * 7)];
      if (r < 0.7) return Array.from({ length: Math.floor(next() * 3) }, () => value(depth + 1));
      return Object.fromEntries(['x', 'y', 'z'].filter(() => next() < 0.6).map((k) => [k, value(depth + 1)]));
    };
    let equal = 0;
    for (let i = 0; i < 5000; i++) {
      const a = value(0);
      const b = next() < 0.3 ? JSON.parse(JSON.stringify(a ?? null)) : value(0);
      const expected = canonicalJson(a ?? null) === canonicalJson(b ?? null);
      if (expected) equal++;
      expect(sameJson(a ?? null, b ?? null), `${canonicalJson(a ?? null)} vs ${canonicalJson(b ?? null)}`).toBe(expected);
    }
    expect(equal).toBeGreaterThan(500);
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson({ a: null }, {})).toBe(false);
    expect(sameJson([1, 2], { 0: 1, 1: 2 })).toBe(false);
  });
});

describe('indicators and objectives', () => {
  const ind = {
    baseline: 2,
    target: 12,
    measurements: [
      { date: '2026-06-30', value: 7 },
      { date: '2026-03-31', value: 4 },
    ],
  };

  it('measures progress from baseline to target as of a date', () => {
    expect(indicatorProgress(ind, '2026-01-01')).toBeNull();
    expect(indicatorProgress(ind, '2026-04-15')).toBeCloseTo(0.2);
    expect(indicatorProgress(ind, '2026-12-31')).toBeCloseTo(0.5);
    expect(indicatorProgress({ ...ind, measurements: [{ date: '2026-01-01', value: 20 }] }, '2026-12-31')).toBe(1);
  });

  it('handles indicators that should fall', () => {
    expect(
      indicatorProgress({ baseline: 30, target: 10, measurements: [{ date: '2026-05-01', value: 25 }] }, '2026-12-31'),
    ).toBeCloseTo(0.25);
  });

  it('averages what is known of an objective', () => {
    expect(objectiveProgress([0.5, null], 1)).toBeCloseTo(0.75);
    expect(objectiveProgress([null], null)).toBeNull();
  });
});

describe('planned versus actual, as of a date', () => {
  const visit = [
    { at: '2026-01-10T09:00:00Z', status: 'planned', plannedEnd: '2026-03-31', actualStart: null },
    { at: '2026-03-20T09:00:00Z', status: 'conducted', plannedEnd: '2026-03-31', actualStart: '2026-03-18' },
  ];
  const seminar = [
    { at: '2026-01-10T09:00:00Z', status: 'planned', plannedEnd: '2026-02-28', actualStart: null },
    { at: '2026-02-20T09:00:00Z', status: 'postponed', plannedEnd: '2026-05-31', actualStart: null },
  ];
  const cancelled = [
    { at: '2026-01-10T09:00:00Z', status: 'planned', plannedEnd: '2026-01-31', actualStart: null },
    { at: '2026-01-15T09:00:00Z', status: 'cancelled', plannedEnd: '2026-01-31', actualStart: null },
  ];

  it('ends weeks on Sundays', () => {
    expect(weekEnds('2026-01-01', '2026-01-20')).toEqual(['2026-01-04', '2026-01-11', '2026-01-18', '2026-01-25']);
  });

  it('knows each activity only as it stood that day', () => {
    expect(stateAsOf(seminar, '2026-01-09')).toBeNull();
    expect(stateAsOf(seminar, '2026-02-19')?.plannedEnd).toBe('2026-02-28');
    expect(stateAsOf(seminar, '2026-02-20')?.status).toBe('postponed');
  });

  it('counts planned and conducted by month end from history', () => {
    const months = monthEnds('2026-01-01', '2026-06-30');
    expect(months).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30']);
    // On 15 February the seminar was still due in February and nothing was conducted; later months have no actual yet.
    expect(plannedVersusActual([visit, seminar], '2026-02-15', months).map((p) => [p.planned, p.actual])).toEqual([
      [0, 0],
      [1, 0],
      [2, null],
      [2, null],
      [2, null],
      [2, null],
    ]);
    // On 1 June the seminar had moved to May, the visit was done in March; the cancelled one never counts.
    expect(plannedVersusActual([visit, seminar, cancelled], '2026-06-01', months)).toEqual([
      { period: '2026-01-31', planned: 0, actual: 0 },
      { period: '2026-02-28', planned: 0, actual: 0 },
      { period: '2026-03-31', planned: 1, actual: 1 },
      { period: '2026-04-30', planned: 1, actual: 1 },
      { period: '2026-05-31', planned: 2, actual: 1 },
      { period: '2026-06-30', planned: 2, actual: 1 },
    ]);
  });

  it('counts the month that holds "as of" up to that day, and draws nothing after it', () => {
    const months = monthEnds('2026-01-01', '2026-12-31');
    const done = (at: string) => [{ at: `${at}T09:00:00Z`, status: 'conducted', plannedEnd: at, actualStart: at }];
    const histories = [done('2026-03-10'), done('2026-11-02'), done('2026-12-03')];
    // On 6 December all three done by then count in December, not 0.
    expect(plannedVersusActual(histories, '2026-12-06', months).map((p) => p.actual)).toEqual([
      0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3,
    ]);
    expect(
      plannedVersusActual(histories, '2026-11-23', months)
        .map((p) => p.actual)
        .slice(9),
    ).toEqual([1, 2, null]);
    // Before the period begins, no month has an actual figure.
    expect(plannedVersusActual(histories, '2025-12-20', months, '2026-01-01').every((p) => p.actual === null)).toBe(true);
  });
});

describe('document marking', () => {
  it('takes the highest level, every compartment and the common audience', () => {
    expect(
      documentMarking([
        { ownerParty: 'MAR', classification: 'RESTRICTED', releasableTo: ['ISR', 'USA'], compartments: [] },
        { ownerParty: 'MAR', classification: 'SECRET', releasableTo: ['ISR'], compartments: ['INDUS'] },
        { ownerParty: 'ISR', classification: 'UNCLASSIFIED', releasableTo: ['MAR', 'USA'], compartments: [] },
      ]),
    ).toEqual({ classification: 'SECRET', compartments: ['INDUS'], releasableTo: ['ISR', 'MAR'] });
    expect(documentMarking([])).toEqual({ classification: 'UNCLASSIFIED', compartments: [], releasableTo: [] });
  });
});
