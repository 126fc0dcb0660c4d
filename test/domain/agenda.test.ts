import { describe, expect, it } from 'vitest';
import {
  agendaReferencesLive,
  agendaSubjectChanged,
  agendaTitleMessage,
  assertAgendaItemRemovable,
  assertAgendaLinks,
  carryForward,
  currentReference,
  reorderAgenda,
} from '../../src/domain/agenda.js';
import { DomainError } from '../../src/domain/errors.js';
import { splitLegacyTitle } from '../../src/store/migrations/0004_agenda_references.js';
import { activityReference } from '../support/agenda.js';

const kindOf = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof DomainError ? err.kind : 'other';
  }
};

describe('carrying the agenda forward', () => {
  const input = {
    openActionItems: [{ id: 'a1', title: 'Proposer un mécanisme', dueDate: '2026-05-31', sessionNumber: 3 }],
    troubledActivities: [
      { id: 'v1', refCode: '2026-LOG-01', title: 'Visite', plannedEnd: '2026-03-31', postponements: 0, status: 'planned' },
      { id: 'v2', refCode: '2026-IND-02', title: 'Salon', plannedEnd: '2026-12-31', postponements: 2, status: 'postponed' },
    ],
    proposedAmendments: [{ planId: 'p1', number: 2, reason: 'Décaler la visite' }],
    existing: [],
  };

  it('keeps the free text as typed and the facts apart, in no language', () => {
    const items = carryForward(input, '2026-06-15');
    expect(items.map((i) => [i.kind, i.title, i.reference])).toEqual([
      ['action_item', 'Proposer un mécanisme', { kind: 'action_item', sessionNumber: 3, dueDate: '2026-05-31', overdue: true }],
      ['activity', 'Salon', activityReference('2026-IND-02', '2026-12-31', 2, 'postponed', false)],
      ['activity', 'Visite', activityReference('2026-LOG-01', '2026-03-31', 0, 'planned', true)],
      ['amendment', 'Décaler la visite', { kind: 'amendment', number: 2 }],
    ]);
  });

  it('proposes again an item removed from the agenda: nothing open is lost', () => {
    const onAgenda = { kind: 'action_item', actionItemId: 'a1', activityId: null, planId: null };
    expect(carryForward({ ...input, existing: [onAgenda] }, '2026-06-15').some((i) => i.actionItemId === 'a1')).toBe(false);
    // Removed: the open action item is no longer on the agenda, so the next preparation proposes it.
    expect(carryForward({ ...input, existing: [] }, '2026-06-15').some((i) => i.actionItemId === 'a1')).toBe(true);
  });

  it('titles each carried item through a translation key, with dates formatted by the reader', () => {
    const [action, postponed, overdue, amendment] = carryForward(input, '2026-06-15');
    const fmt = (d: string) => `<${d}>`;
    expect(agendaTitleMessage(action as never, fmt)).toEqual({
      key: 'agendaTitle.actionItemOverdue',
      values: { title: 'Proposer un mécanisme', session: 3, due: '<2026-05-31>' },
    });
    expect(agendaTitleMessage(postponed as never, fmt)).toEqual({
      key: 'agendaTitle.activityPostponed',
      values: { refCode: '2026-IND-02', title: 'Salon', count: 2 },
    });
    expect(agendaTitleMessage(overdue as never, fmt)?.key).toBe('agendaTitle.activityOverdue');
    expect(agendaTitleMessage(amendment as never, fmt)).toEqual({
      key: 'agendaTitle.amendment',
      values: { number: 2, reason: 'Décaler la visite' },
    });
    expect(agendaTitleMessage({ title: 'Point libre', reference: null }, fmt)).toBeNull();
    const early = carryForward(input, '2026-05-01')[0];
    expect(agendaTitleMessage(early as never, fmt)?.key).toBe('agendaTitle.actionItem');
  });

  it('says what is true now of a carried item: an activity reported since reads as reported, not late', () => {
    const [action, , late] = carryForward(input, '2026-06-15');
    const fmt = (d: string) => d;
    const title = (item: typeof late, reference: ReturnType<typeof currentReference>) =>
      agendaTitleMessage({ title: item?.title ?? '', reference }, fmt);
    const facts = (activity: Partial<{ plannedEnd: string; postponements: number; status: string }>, actionItem = {}) => ({
      activities: new Map([
        ['v1', { refCode: '2026-LOG-01', plannedEnd: '2026-03-31', postponements: 0, status: 'planned' as const, ...activity }],
      ]) as never,
      actionItems: new Map([['a1', { dueDate: '2026-05-31', status: 'open' as const, ...actionItem }]]) as never,
    });
    const lateRef = late?.reference as Parameters<typeof currentReference>[0];
    const links = { activityId: 'v1', actionItemId: null };
    expect(title(late, lateRef)?.key).toBe('agendaTitle.activityOverdue');
    // Reported since the agenda was prepared.
    const reported = currentReference(lateRef, links, facts({ status: 'reported' }), '2026-06-20');
    expect(reported).toMatchObject({ status: 'reported', overdue: false });
    expect(title(late, reported)).toEqual({
      key: 'agendaTitle.activityReported',
      values: { refCode: '2026-LOG-01', title: 'Visite' },
    });
    expect(title(late, currentReference(lateRef, links, facts({ status: 'cancelled' }), '2026-06-20'))?.key).toBe(
      'agendaTitle.activityCancelled',
    );
    // Its end moved past today: no longer late, so it says when it is due to end.
    const moved = currentReference(lateRef, links, facts({ plannedEnd: '2026-09-30' }), '2026-06-20');
    expect(title(late, moved)).toEqual({
      key: 'agendaTitle.activityDue',
      values: { refCode: '2026-LOG-01', title: 'Visite', date: '2026-09-30' },
    });
    // Postponed twice since: said as postponed, with the count of now.
    const twice = currentReference(lateRef, links, facts({ status: 'postponed', postponements: 2 }), '2026-06-20');
    expect(title(late, twice)?.values).toMatchObject({ count: 2 });
    // A record not given (gone, or one the reader may not read) leaves the stored facts.
    expect(currentReference(lateRef, { activityId: null, actionItemId: null }, facts({ status: 'reported' }), '2026-06-20')).toBe(
      lateRef,
    );
    // An action item closed since reads as closed; one whose due date moved reads as not overdue.
    const actionRef = action?.reference as Parameters<typeof currentReference>[0];
    const actionLinks = { activityId: null, actionItemId: 'a1' };
    const done = currentReference(actionRef, actionLinks, facts({}, { status: 'done' }), '2026-06-20');
    expect(title(action, done)?.key).toBe('agendaTitle.actionItemDone');
    const later = currentReference(actionRef, actionLinks, facts({}, { dueDate: '2026-12-31' }), '2026-06-20');
    expect(title(action, later)).toEqual({
      key: 'agendaTitle.actionItem',
      values: { title: 'Proposer un mécanisme', session: 3, due: '2026-12-31' },
    });
    // Only while the agenda is prepared; once the session sits, its agenda is the record as it stood.
    expect((['planned', 'convened', 'held', 'minutes_approved'] as const).map(agendaReferencesLive)).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it('splits titles prepared in English before into free text and facts', () => {
    expect(splitLegacyTitle('action_item', 'Proposer (v2) (session 3, due 2026-05-31, overdue)')).toEqual({
      title: 'Proposer (v2)',
      reference: { kind: 'action_item', sessionNumber: 3, dueDate: '2026-05-31', overdue: true },
    });
    expect(splitLegacyTitle('activity', '2026-IND-02 Salon (postponed 2 times)')).toEqual({
      title: 'Salon',
      reference: { kind: 'activity', refCode: '2026-IND-02', plannedEnd: '', postponements: 2 },
    });
    expect(splitLegacyTitle('activity', '2026-LOG-01 Visite (overdue since 2026-03-31)')?.reference).toEqual({
      kind: 'activity',
      refCode: '2026-LOG-01',
      plannedEnd: '2026-03-31',
      postponements: 0,
    });
    expect(splitLegacyTitle('amendment', 'Amendment 2: Décaler')).toEqual({
      title: 'Décaler',
      reference: { kind: 'amendment', number: 2 },
    });
    expect(splitLegacyTitle('action_item', 'Renamed by hand')).toBeNull();
  });
});

// What each status of a session lets a writer do: agenda-status-rules.test.ts.
describe('editing a session and its agenda', () => {
  it('asks each kind of item for its own link and no other', () => {
    const none = { actionItemId: null, activityId: null, planId: null };
    expect(kindOf(() => assertAgendaLinks('free', none))).toBeNull();
    expect(kindOf(() => assertAgendaLinks('action_item', { ...none, actionItemId: 'a' }))).toBeNull();
    expect(kindOf(() => assertAgendaLinks('activity', { ...none, activityId: 'v', planId: 'p' }))).toBeNull();
    expect(kindOf(() => assertAgendaLinks('action_item', none))).toBe('invalid');
    expect(kindOf(() => assertAgendaLinks('free', { ...none, planId: 'p' }))).toBe('invalid');
    try {
      assertAgendaLinks('amendment', { ...none, activityId: 'v' });
    } catch (err) {
      expect((err as DomainError).issues.map((i) => i.path).sort()).toEqual(['activityId', 'planId']);
    }
  });

  it('reorders only what the reader sees, into the slots it held', () => {
    // Slot 2 holds an item the reader cannot see: it stays there.
    const visible = [
      { id: 'a', position: 1 },
      { id: 'c', position: 3 },
      { id: 'd', position: 4 },
    ];
    expect([...reorderAgenda(visible, ['d', 'a', 'c'])]).toEqual([
      ['d', 1],
      ['a', 3],
      ['c', 4],
    ]);
    expect(kindOf(() => reorderAgenda(visible, ['a', 'a', 'c', 'd']))).toBe('invalid');
    expect(kindOf(() => reorderAgenda(visible, ['a', 'c']))).toBe('conflict');
    expect(kindOf(() => reorderAgenda(visible, ['a', 'c', 'd', 'x']))).toBe('conflict');
  });

  it('removes an item only while no minutes were written on it', () => {
    expect(kindOf(() => assertAgendaItemRemovable({ summary: null, actionItems: 0 }))).toBeNull();
    expect(kindOf(() => assertAgendaItemRemovable({ summary: 'Discussed', actionItems: 0 }))).toBe('frozen');
    expect(kindOf(() => assertAgendaItemRemovable({ summary: null, actionItems: 1 }))).toBe('frozen');
  });

  it('tells an edit of what an item is about from a new title', () => {
    const item = { kind: 'activity' as const, actionItemId: null, activityId: 'v', planId: 'p' };
    expect(agendaSubjectChanged(item, { ...item })).toBe(false);
    expect(agendaSubjectChanged(item, { ...item, activityId: 'w' })).toBe(true);
    expect(agendaSubjectChanged(item, { ...item, planId: null })).toBe(true);
    expect(agendaSubjectChanged(item, { ...item, kind: 'free', activityId: null, planId: null })).toBe(true);
  });
});
