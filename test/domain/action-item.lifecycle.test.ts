import { describe, expect, it } from 'vitest';
import {
  assertActionItemEditable,
  assertResponsibleParty,
  isOverdue,
  transitionActionItem,
} from '../../src/domain/action-item.lifecycle.js';
import { DomainError } from '../../src/domain/errors.js';

const refusal = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return { kind: err.kind, paths: err.issues.map((i) => i.path) };
  }
};

describe('an action item', () => {
  it('is corrected while open or in progress, and stays as it was once done or dropped', () => {
    expect(refusal(() => assertActionItemEditable('open'))).toBeNull();
    expect(refusal(() => assertActionItemEditable('in_progress'))).toBeNull();
    expect(refusal(() => assertActionItemEditable('done'))?.kind).toBe('frozen');
    expect(refusal(() => assertActionItemEditable('dropped'))?.kind).toBe('frozen');
  });

  it('is answered for by a party of the commission, told at the field that named another', () => {
    expect(refusal(() => assertResponsibleParty('MAR', ['MAR', 'ISR'], 'responsibleParty'))).toBeNull();
    expect(refusal(() => assertResponsibleParty('FRA', ['MAR', 'ISR'], 'actionItems.2.responsibleParty'))).toEqual({
      kind: 'invalid',
      paths: ['actionItems.2.responsibleParty'],
    });
  });

  it('is overdue only while still open after its due date', () => {
    expect(isOverdue({ status: 'open', dueDate: '2026-12-01' }, '2026-12-06')).toBe(true);
    expect(isOverdue({ status: 'done', dueDate: '2026-12-01' }, '2026-12-06')).toBe(false);
    expect(isOverdue({ status: 'in_progress', dueDate: '2026-12-06' }, '2026-12-06')).toBe(false);
  });

  it('is dropped only with a reason, and never moves once closed', () => {
    expect(refusal(() => transitionActionItem('open', { to: 'dropped', reason: ' ' }))?.paths).toEqual(['reason']);
    expect(transitionActionItem('open', { to: 'dropped', reason: 'Overtaken' })).toEqual({ status: 'dropped' });
    expect(refusal(() => transitionActionItem('done', { to: 'open' }))?.kind).toBe('invalid');
  });
});
