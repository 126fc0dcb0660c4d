import { describe, expect, it } from 'vitest';
import { readProjectAudit } from '../../src/domain/industrial-project-history.js';

const project = { type: 'industrial_project', id: 'p1' };

/** How each audit detail a project's writes leave reads as the history's subject and field changes. */
describe("reading an industrial project's audit entries as its history", () => {
  it('names the part a change is about and keeps its values before and after', () => {
    expect(
      readProjectAudit(project, 'p1', {
        milestoneId: 'm1',
        plannedOn: { from: '2027-01-15', to: '2027-07-01' },
        actualOn: { from: null, to: null },
      }),
    ).toEqual({
      subject: { type: 'milestone', id: 'm1' },
      changes: [
        { field: 'plannedOn', from: '2027-01-15', to: '2027-07-01' },
        { field: 'actualOn', from: null, to: null },
      ],
    });
  });

  it('reads what an addition set as changes from nothing, and a transfer item by its id', () => {
    expect(readProjectAudit(project, 'p1', { transferId: 't1', what: 'Process', from: 'ISR', to: 'MAR' })).toEqual({
      subject: { type: 'transfer', id: 't1' },
      changes: [
        { field: 'what', from: null, to: 'Process' },
        { field: 'from', from: null, to: 'ISR' },
        { field: 'to', from: null, to: 'MAR' },
      ],
    });
  });

  it("reads an edit's changes, a value it had not before, its budget and the programmes linked and unlinked", () => {
    const read = readProjectAudit(project, 'p1', {
      changes: { title: { from: { en: 'A' }, to: { en: 'B' } }, localContentPlanned: { to: 4000 } },
      budget: { from: { amount: '1.00', currency: 'USD' }, to: { amount: '2.00', currency: 'USD' } },
      links: { added: ['g1'], removed: [] },
    });
    expect(read).toEqual({
      subject: { type: 'project', id: 'p1' },
      changes: [
        { field: 'title', from: { en: 'A' }, to: { en: 'B' } },
        { field: 'localContentPlanned', from: null, to: 4000 },
        { field: 'budget', from: { amount: '1.00', currency: 'USD' }, to: { amount: '2.00', currency: 'USD' } },
        { field: 'programmesLinked', from: null, to: ['g1'] },
      ],
    });
  });

  it('reads a measurement by its measures, and keeps a commitment the subject of its entries', () => {
    expect(
      readProjectAudit(project, 'p1', {
        asOf: '2027-06-01',
        note: null,
        measurements: [{ id: 'x', measure: 'jobs_created', value: 120 }],
      }).changes,
    ).toEqual([
      { field: 'asOf', from: null, to: '2027-06-01' },
      { field: 'note', from: null, to: null },
      { field: 'jobs_created', from: null, to: 120 },
    ]);
    expect(
      readProjectAudit({ type: 'industrial_commitment', id: 'c1' }, 'p1', {
        projectId: 'p1',
        partnerId: 'pa1',
        contribution: null,
      }),
    ).toEqual({
      subject: { type: 'commitment', id: 'c1' },
      changes: [
        { field: 'partnerId', from: null, to: 'pa1' },
        { field: 'contribution', from: null, to: null },
      ],
    });
  });
});
