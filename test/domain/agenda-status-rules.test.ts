import { describe, expect, it } from 'vitest';
import {
  assertAgendaEditable,
  assertAgendaItemWritable,
  assertAgendaPreparable,
  assertAgendaTakesItems,
  assertSessionRecordEditable,
} from '../../src/domain/agenda.js';
import { SESSION_STATUSES, type SessionStatus } from '../../src/domain/session.lifecycle.js';

type Answer = 'frozen' | 'invalid' | null;

/** The rules of a session's status over its agenda and record, each by what it lets a writer do. */
const RULES: Record<string, (status: SessionStatus) => void> = {
  'edit the agenda': assertAgendaEditable,
  'correct the record': assertSessionRecordEditable,
  'prepare the agenda': assertAgendaPreparable,
  'add a free item': assertAgendaTakesItems,
  'change an item': (status) => assertAgendaItemWritable(status, false),
  'change the marking of an item alone': (status) => assertAgendaItemWritable(status, true),
};

/**
 * What each rule answers in each status, written out for every status: null
 * lets the change through, else the kind of its refusal. The agenda is open
 * until the session sits, the record until the minutes are approved; a held
 * session still takes a point raised at the table, and an item's marking, so
 * that its owner can release it to a party that must read the minutes.
 */
const ANSWERS: Record<string, Record<SessionStatus, Answer>> = {
  'edit the agenda': { planned: null, convened: null, held: 'frozen', minutes_approved: 'frozen' },
  'correct the record': { planned: null, convened: null, held: null, minutes_approved: 'frozen' },
  'prepare the agenda': { planned: null, convened: null, held: 'invalid', minutes_approved: 'invalid' },
  'add a free item': { planned: null, convened: null, held: null, minutes_approved: 'invalid' },
  'change an item': { planned: null, convened: null, held: 'frozen', minutes_approved: 'frozen' },
  'change the marking of an item alone': { planned: null, convened: null, held: null, minutes_approved: 'frozen' },
};

describe('what a session lets a writer do in each of its statuses', () => {
  it('has an answer for every rule and no other', () => {
    expect(Object.keys(ANSWERS).sort()).toEqual(Object.keys(RULES).sort());
  });

  it.each(Object.entries(RULES))('%s', (name, rule) => {
    for (const status of SESSION_STATUSES) {
      const answer = ANSWERS[name]?.[status];
      if (answer === null) expect(() => rule(status), status).not.toThrow();
      else expect(() => rule(status), status).toThrow(expect.objectContaining({ kind: answer }));
    }
  });
});
