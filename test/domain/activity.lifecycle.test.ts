import { describe, expect, it } from 'vitest';
import {
  ACTIVITY_STATUSES,
  ACTIVITY_TRANSITIONS,
  type ActivityState,
  type ActivityStatus,
  type ActivityTransition,
  activityMoves,
  movesToState,
  transitionActivity,
} from '../../src/domain/activity.lifecycle.js';
import { modelMoves } from '../support/activity-moves.js';
import { refusal } from '../support/refusal.js';

const TODAY = '2026-06-15';

const state = (status: ActivityStatus, over: Partial<ActivityState> = {}): ActivityState => ({
  status,
  plannedPeriod: { start: '2026-04-01', end: '2026-06-30', precision: 'quarter' },
  postponements: 0,
  actualStart: null,
  actualEnd: null,
  ...over,
});

/** A transition to `to` that carries everything its rule asks for. */
const complete = (to: ActivityStatus): ActivityTransition => ({
  to,
  reason: 'agreed at the session',
  plannedPeriod: { start: '2026-10-01', end: '2026-12-31', precision: 'quarter' },
  actualStart: '2026-06-10',
  actualEnd: '2026-06-12',
});

describe('activity lifecycle: every pair of statuses', () => {
  const pairs = ACTIVITY_STATUSES.flatMap((from) => ACTIVITY_STATUSES.map((to) => [from, to] as const));

  it('covers every status as a key of the transition table', () => {
    expect(Object.keys(ACTIVITY_TRANSITIONS).sort()).toEqual([...ACTIVITY_STATUSES].sort());
  });

  it.each(pairs.filter(([from, to]) => ACTIVITY_TRANSITIONS[from].includes(to)))('allows %s → %s', (from, to) => {
    const next = transitionActivity(state(from), complete(to), TODAY);
    expect(next.status).toBe(to);
  });

  it.each(pairs.filter(([from, to]) => !ACTIVITY_TRANSITIONS[from].includes(to)))('refuses %s → %s', (from, to) => {
    const before = state(from);
    const err = refusal(() => transitionActivity(before, complete(to), TODAY));
    expect(err.kind).toBe('invalid');
    expect(err.message).toContain(`from ${from} to ${to}`);
    expect(err.issues).toMatchObject([{ path: 'to', message: `not allowed from ${from}` }]);
    const allowed = ACTIVITY_TRANSITIONS[from];
    expect(err.message).toContain(allowed.length ? `it can move to: ${allowed.join(', ')}` : 'it is final');
    expect(before).toEqual(state(from));
  });

  it.each(ACTIVITY_STATUSES)('lets %s go where the design says, and nowhere else', (from) => {
    expect([...ACTIVITY_TRANSITIONS[from]].sort()).toEqual(modelMoves(from).sort());
  });

  it('knows reported and cancelled as final', () => {
    expect(ACTIVITY_TRANSITIONS.reported).toEqual([]);
    expect(ACTIVITY_TRANSITIONS.cancelled).toEqual([]);
  });
});

describe('activity lifecycle: cancelling', () => {
  it.each(['planned', 'scheduled', 'postponed', 'proposed'] as const)('needs a reason from %s', (from) => {
    for (const reason of [undefined, '', '   ']) {
      const err = refusal(() => transitionActivity(state(from), { to: 'cancelled', reason }, TODAY));
      expect(err.issues).toMatchObject([{ path: 'reason', message: 'required' }]);
    }
    const next = transitionActivity(state(from), { to: 'cancelled', reason: 'budget' }, TODAY);
    expect(next).toEqual({ ...state(from), status: 'cancelled' });
  });
});

describe('activity lifecycle: postponing', () => {
  const later = { start: '2026-10-01', end: '2026-12-31', precision: 'quarter' as const };

  it('needs the new planned period', () => {
    const err = refusal(() => transitionActivity(state('planned'), { to: 'postponed', reason: 'weather' }, TODAY));
    expect(err.issues).toMatchObject([{ path: 'plannedPeriod', message: 'required' }]);
  });

  it('needs a period that starts after the current one', () => {
    for (const start of ['2026-04-01', '2026-03-01']) {
      const err = refusal(() =>
        transitionActivity(
          state('scheduled'),
          { to: 'postponed', reason: 'weather', plannedPeriod: { start, end: '2026-12-31', precision: 'day' } },
          TODAY,
        ),
      );
      expect(err.issues).toMatchObject([{ path: 'plannedPeriod.start', message: 'must be after 2026-04-01' }]);
    }
  });

  it('needs a reason', () => {
    for (const reason of [undefined, '', ' \n ']) {
      const err = refusal(() => transitionActivity(state('planned'), { to: 'postponed', reason, plannedPeriod: later }, TODAY));
      expect(err.issues).toMatchObject([{ path: 'reason', message: 'required' }]);
    }
  });

  it('takes the new period and counts every postponement', () => {
    const once = transitionActivity(state('planned'), { to: 'postponed', reason: 'weather', plannedPeriod: later }, TODAY);
    expect(once).toEqual({ ...state('planned'), status: 'postponed', plannedPeriod: later, postponements: 1 });
    const evenLater = { start: '2027-01-01', end: '2027-01-31', precision: 'month' as const };
    const twice = transitionActivity(once, { to: 'postponed', reason: 'again', plannedPeriod: evenLater }, TODAY);
    expect(twice.postponements).toBe(2);
    expect(twice.plannedPeriod).toEqual(evenLater);
    const replanned = transitionActivity(twice, { to: 'planned' }, TODAY);
    expect(replanned).toEqual({ ...twice, status: 'planned' });
  });
});

describe('activity lifecycle: conducting', () => {
  it('defaults the actual dates to the day it is recorded', () => {
    const next = transitionActivity(state('scheduled'), { to: 'conducted' }, TODAY);
    expect(next).toMatchObject({ status: 'conducted', actualStart: TODAY, actualEnd: TODAY });
  });

  it('defaults the end to the start', () => {
    const next = transitionActivity(state('scheduled'), { to: 'conducted', actualStart: '2026-06-01' }, TODAY);
    expect(next).toMatchObject({ actualStart: '2026-06-01', actualEnd: '2026-06-01' });
  });

  it('keeps the dates given', () => {
    const next = transitionActivity(
      state('scheduled'),
      { to: 'conducted', actualStart: '2026-06-01', actualEnd: '2026-06-05' },
      TODAY,
    );
    expect(next).toEqual({ ...state('scheduled'), status: 'conducted', actualStart: '2026-06-01', actualEnd: '2026-06-05' });
  });

  it('refuses an end before the start', () => {
    const err = refusal(() =>
      transitionActivity(state('scheduled'), { to: 'conducted', actualStart: '2026-06-05', actualEnd: '2026-06-01' }, TODAY),
    );
    expect(err.issues).toMatchObject([{ path: 'actualEnd', message: 'before actualStart' }]);
  });

  it('refuses a start in the future', () => {
    const err = refusal(() => transitionActivity(state('scheduled'), { to: 'conducted', actualStart: '2026-06-16' }, TODAY));
    expect(err.issues).toMatchObject([{ path: 'actualStart', message: `after ${TODAY}` }]);
  });

  it('refuses an end in the future: the activity is not over yet', () => {
    const err = refusal(() =>
      transitionActivity(state('scheduled'), { to: 'conducted', actualStart: '2026-06-14', actualEnd: '2026-06-20' }, TODAY),
    );
    expect(err.issues).toMatchObject([{ path: 'actualEnd', message: `after ${TODAY}` }]);
  });

  it('accepts an activity that ends today', () => {
    const next = transitionActivity(state('scheduled'), { to: 'conducted', actualStart: '2026-06-14', actualEnd: TODAY }, TODAY);
    expect(next.actualEnd).toBe(TODAY);
  });

  it('keeps the actual dates when the outcome is reported', () => {
    const conducted = transitionActivity(state('scheduled'), { to: 'conducted', actualStart: '2026-06-01' }, TODAY);
    expect(transitionActivity(conducted, { to: 'reported' }, TODAY)).toEqual({ ...conducted, status: 'reported' });
  });
});

describe('moves that bring an activity to a described state', () => {
  /** Every status reachable from `from`, with the fewest moves to it, by walking the transitions. */
  const distances = (from: ActivityStatus) => {
    const found = new Map<ActivityStatus, number>([[from, 0]]);
    let frontier = [from];
    for (let d = 1; frontier.length > 0; d++) {
      frontier = frontier.flatMap((s) => ACTIVITY_TRANSITIONS[s].filter((n) => !found.has(n)));
      for (const s of frontier) found.set(s, d);
    }
    return found;
  };

  it('walks only allowed transitions, the fewest of them, for every pair of statuses', () => {
    for (const from of ACTIVITY_STATUSES) {
      const reach = distances(from);
      for (const to of ACTIVITY_STATUSES) {
        const moves = activityMoves(from, to);
        if (!reach.has(to)) {
          expect(moves, `${from} → ${to}`).toBeNull();
          continue;
        }
        expect(moves?.length, `${from} → ${to}`).toBe(reach.get(to));
        let at = from;
        for (const next of moves ?? []) {
          expect(ACTIVITY_TRANSITIONS[at]).toContain(next);
          at = next;
        }
        expect(at).toBe(to);
      }
    }
  });

  const standing = { status: 'proposed' as const, postponements: 0, actualStart: null, actualEnd: null, created: false };
  const described = {
    status: 'reported' as const,
    postponements: 0,
    actualStart: '2026-03-10',
    actualEnd: '2026-03-12',
    reasons: {},
  };

  it('reaches reported from a new activity by every step of its lifecycle', () => {
    expect(movesToState(standing, described)).toEqual({
      moves: ['planned', 'scheduled', 'conducted', 'reported'],
      problems: [],
    });
  });

  it('refuses a move without its reason, a new activity postponed, uneven postponements and rewritten outcomes', () => {
    const paths = (r: ReturnType<typeof movesToState>) => r.problems.map((p) => p.path);
    expect(paths(movesToState(standing, { ...described, status: 'cancelled', actualStart: null, actualEnd: null }))).toEqual([
      'status',
    ]);
    expect(
      paths(movesToState(standing, { ...described, status: 'postponed', postponements: 1, reasons: { postponed: 'x' } })),
    ).toEqual(['status']);
    const planned = { ...standing, status: 'planned' as const, created: true };
    expect(
      paths(movesToState(planned, { ...described, status: 'postponed', postponements: 3, reasons: { postponed: 'Units away' } })),
    ).toEqual(['postponements']);
    expect(
      movesToState(planned, { ...described, status: 'postponed', postponements: 1, reasons: { postponed: 'Units away' } }),
    ).toEqual({ moves: ['postponed'], problems: [] });
    const conducted = { ...planned, status: 'conducted' as const, actualStart: '2026-03-10', actualEnd: '2026-03-12' };
    expect(paths(movesToState(conducted, { ...described, actualStart: '2026-03-01' }))).toEqual(['actualStart']);
    expect(paths(movesToState(conducted, { ...described, status: 'planned', actualStart: null, actualEnd: null }))).toEqual([
      'status',
    ]);
  });
});
