import { describe, expect, it } from 'vitest';
import {
  moveProgramme,
  PROGRAMME_STATUSES,
  PROGRAMME_TRANSITIONS,
  type ProgrammeFacts,
  type ProgrammeStatus,
} from '../../src/domain/programme.lifecycle.js';
import { refusal } from '../support/refusal.js';

const OFFER = '0190a000-0000-7000-8000-000000000001';
/** Facts that satisfy every guard, so that only the lifecycle itself decides. */
const ready = (status: ProgrammeStatus): ProgrammeFacts => ({ status, liveOfferIds: [OFFER], hasContract: true });
const moveTo = (to: ProgrammeStatus) => ({ to, reason: 'Budget withdrawn by parliament', offerId: OFFER });

const pairs = PROGRAMME_STATUSES.flatMap((from) => PROGRAMME_STATUSES.map((to) => [from, to] as const));
const allowed = pairs.filter(([from, to]) => PROGRAMME_TRANSITIONS[from].includes(to));
const refused = pairs.filter(([from, to]) => !PROGRAMME_TRANSITIONS[from].includes(to));

describe('programme lifecycle', () => {
  it('goes need → evaluation → selected → contracted → delivering → operational → closed, and cancels from any open step', () => {
    expect(allowed.map(([f, t]) => `${f}>${t}`).sort()).toEqual(
      [
        'need>evaluation',
        'evaluation>selected',
        'selected>contracted',
        'contracted>delivering',
        'delivering>operational',
        'operational>closed',
        ...['need', 'evaluation', 'selected', 'contracted', 'delivering', 'operational'].map((s) => `${s}>cancelled`),
      ].sort(),
    );
  });

  it.each(allowed)('allows %s → %s', (from, to) => {
    expect(moveProgramme(ready(from), moveTo(to))).toBe(to);
  });

  it.each(refused)('refuses %s → %s', (from, to) => {
    const err = refusal(() => moveProgramme(ready(from), moveTo(to)));
    expect(err.kind).toBe('invalid');
    expect(err.code).toBe(PROGRAMME_TRANSITIONS[from].length ? 'programme.cannot_move' : 'programme.cannot_move_final');
    expect(err.params).toMatchObject({ programmeStatus: from, programmeStatusTo: to });
    expect(err.issues[0]).toMatchObject({ path: 'to', code: 'programme.move_not_allowed' });
  });

  it('cancels only with a reason', () => {
    for (const reason of [undefined, '', '   '])
      expect(refusal(() => moveProgramme(ready('need'), { to: 'cancelled', reason })).code).toBe('programme.cancel_needs_reason');
  });

  it('opens the evaluation only with an offer that is not withdrawn', () => {
    const err = refusal(() => moveProgramme({ ...ready('need'), liveOfferIds: [] }, { to: 'evaluation' }));
    expect(err.code).toBe('programme.evaluation_needs_offer');
  });

  it('selects one of its offers that is not withdrawn', () => {
    expect(refusal(() => moveProgramme(ready('evaluation'), { to: 'selected' })).code).toBe('programme.select_needs_offer');
    const other = '0190a000-0000-7000-8000-000000000002';
    const err = refusal(() => moveProgramme(ready('evaluation'), { to: 'selected', offerId: other }));
    expect(err.code).toBe('programme.offer_not_selectable');
    expect(err.issues[0]).toMatchObject({ path: 'offerId', code: 'field.unknown_ids' });
  });

  it('moves to contracted only once the contract is recorded', () => {
    const err = refusal(() => moveProgramme({ ...ready('selected'), hasContract: false }, { to: 'contracted' }));
    expect(err.code).toBe('programme.contract_needed');
  });
});
