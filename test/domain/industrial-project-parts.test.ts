import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editMilestone, editTransfer, TRANSFER_TERM_FIELDS } from '../../src/domain/industrial-project.parts.js';
import {
  type ProjectMilestoneRecord,
  projectMilestonePatchSchema,
  type TransferRecord,
  transferPatchSchema,
} from '../../src/domain/industrial-project.schema.js';
import { refusal } from '../support/refusal.js';

/** A today after every day these cases give, but for the cases of a day not yet come. */
const TODAY = '9999-12-31';

const milestone = (actualOn: string | null, kind: ProjectMilestoneRecord['kind'] = 'groundbreaking'): ProjectMilestoneRecord => ({
  id: 'm',
  kind,
  title: 'Groundbreaking',
  plannedOn: '2027-01-15',
  actualOn,
  targetBp: kind === 'local_content_target' ? 3000 : null,
  reachedBp: null,
});

const transfer = (acceptedOn: string | null): TransferRecord => ({
  id: 't',
  what: 'Process',
  from: 'Israeli industry',
  to: 'Moroccan technicians',
  plannedOn: '2027-03-01',
  acceptedOn,
});

const day = fc
  .integer({ min: 0, max: 3000 })
  .map((n) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));

describe("a milestone's planned day", () => {
  it('moves while the milestone is not reached, keeping what the change leaves out', () => {
    expect(editMilestone(milestone(null), { plannedOn: '2027-02-01' }, TODAY)).toEqual({
      plannedOn: '2027-02-01',
      actualOn: null,
      reachedBp: null,
    });
    // Recording it reached keeps the planned day, and the same day again is no move.
    expect(editMilestone(milestone(null), { actualOn: '2027-01-20' }, TODAY).plannedOn).toBe('2027-01-15');
    expect(editMilestone(milestone('2027-01-20'), { plannedOn: '2027-01-15' }, TODAY).actualOn).toBe('2027-01-20');
  });

  it('is fixed once reached, and in the change that reaches it, the field named', () => {
    for (const [m, patch] of [
      [milestone('2027-01-20'), { plannedOn: '2027-01-25' }],
      [milestone('2027-01-20'), { plannedOn: '2027-01-25', actualOn: '2027-01-20' }],
      [milestone(null), { plannedOn: '2027-01-25', actualOn: '2027-01-20' }],
    ] as const) {
      const err = refusal(() => editMilestone(m, patch, TODAY));
      expect(err.code).toBe('industrial_project.milestone_reached');
      expect(err.issues.map((i) => [i.path, i.code])).toEqual([['plannedOn', 'field.fixed_once_reached']]);
    }
    // Recorded as not reached first, it moves.
    const undone = editMilestone(milestone('2027-01-20'), { actualOn: null }, TODAY);
    expect(editMilestone({ ...milestone(null), ...undone }, { plannedOn: '2027-01-25' }, TODAY).plannedOn).toBe('2027-01-25');
  });

  it('never lets a change make a reached milestone on time that was late, or late that was on time', () => {
    fc.assert(
      fc.property(
        day,
        day,
        fc.option(day, { nil: undefined }),
        fc.option(fc.option(day, { nil: null }), { nil: undefined }),
        (planned, actual, newPlanned, newActual) => {
          const m = { ...milestone(actual), plannedOn: planned };
          const patch = {
            ...(newPlanned !== undefined && { plannedOn: newPlanned }),
            ...(newActual !== undefined && { actualOn: newActual }),
          };
          let after: ReturnType<typeof editMilestone>;
          try {
            after = editMilestone(m, patch, TODAY);
          } catch {
            return;
          }
          // Whatever is reached after the change is measured against the day planned before it.
          if (after.actualOn !== null) expect(after.plannedOn).toBe(planned);
        },
      ),
    );
  });

  it('takes a share reached only for a local-content target', () => {
    expect(
      editMilestone(milestone(null, 'local_content_target'), { actualOn: '2027-01-20', reached: 2500 }, TODAY).reachedBp,
    ).toBe(2500);
    expect(refusal(() => editMilestone(milestone(null), { reached: 2500 }, TODAY)).issues[0]?.code).toBe(
      'field.target_for_local_content',
    );
  });

  it('refuses a change that names nothing', () => {
    const res = projectMilestonePatchSchema.safeParse({ version: 3 });
    expect(res.success).toBe(false);
    expect(JSON.stringify(res.error)).toContain('field.nothing_to_change');
    expect(projectMilestonePatchSchema.parse({ plannedOn: '2027-02-01', version: 3 })).toEqual({
      plannedOn: '2027-02-01',
      version: 3,
    });
  });
});

describe("a technology-transfer item's terms", () => {
  it('are corrected while it is not accepted, each change named with before and after', () => {
    const { after, changed } = editTransfer(transfer(null), { what: 'Process and tooling', to: 'Moroccan technicians' }, TODAY);
    const { id: _id, ...terms } = transfer(null);
    expect(after).toEqual({ ...terms, what: 'Process and tooling' });
    expect(changed).toEqual({ what: { from: 'Process', to: 'Process and tooling' } });
    expect(editTransfer(transfer(null), { acceptedOn: '2027-04-02' }, TODAY)).toEqual({
      after: {
        what: 'Process',
        from: 'Israeli industry',
        to: 'Moroccan technicians',
        plannedOn: '2027-03-01',
        acceptedOn: '2027-04-02',
      },
      changed: {},
    });
  });

  it('are fixed once accepted, and in the change that accepts it, every term named', () => {
    for (const [t, patch] of [
      [transfer('2027-04-02'), { what: 'Other', from: 'Someone else' }],
      [transfer('2027-04-02'), { what: 'Other', from: 'Someone else', acceptedOn: '2027-04-02' }],
      [transfer(null), { what: 'Other', from: 'Someone else', acceptedOn: '2027-04-02' }],
    ] as const) {
      const err = refusal(() => editTransfer(t, patch, TODAY));
      expect(err.code).toBe('industrial_project.transfer_accepted');
      expect(err.issues.map((i) => [i.path, i.code])).toEqual([
        ['what', 'field.fixed_once_accepted'],
        ['from', 'field.fixed_once_accepted'],
      ]);
    }
    // Withdrawing the acceptance is always possible, and then the terms move.
    const withdrawn = editTransfer(transfer('2027-04-02'), { acceptedOn: null }, TODAY).after;
    expect(editTransfer({ id: 't', ...withdrawn }, { plannedOn: '2027-05-01' }, TODAY).after.plannedOn).toBe('2027-05-01');
    // Terms given unchanged are no change, accepted or not.
    expect(editTransfer(transfer('2027-04-02'), { what: 'Process', plannedOn: '2027-03-01' }, TODAY).changed).toEqual({});
  });

  it('accepted, keep the terms that were accepted whatever the change', () => {
    const text = fc.constantFrom('Process', 'Other', 'Israeli industry', 'X');
    fc.assert(
      fc.property(
        fc.record({ what: text, from: text, to: text, plannedOn: day }, { requiredKeys: [] }),
        fc.option(fc.option(day, { nil: null }), { nil: undefined }),
        (terms, acceptedOn) => {
          const before = transfer('2027-04-02');
          let after: ReturnType<typeof editTransfer>['after'];
          try {
            after = editTransfer(before, { ...terms, ...(acceptedOn !== undefined && { acceptedOn }) }, TODAY).after;
          } catch {
            return;
          }
          for (const k of TRANSFER_TERM_FIELDS) expect(after[k]).toBe(before[k]);
        },
      ),
    );
  });

  it('refuses a change that names nothing', () => {
    expect(transferPatchSchema.safeParse({ version: 2 }).success).toBe(false);
    expect(transferPatchSchema.safeParse({ from: '', version: 2 }).success).toBe(false);
  });
});

describe('a day reached or accepted', () => {
  it('has come: a milestone reached or an item accepted tomorrow is refused on the field, today is not', () => {
    const today = '2026-12-07';
    expect(refusal(() => editMilestone(milestone(null), { actualOn: '2026-12-08' }, today)).issues).toEqual([
      expect.objectContaining({ path: 'actualOn', code: 'field.after_today' }),
    ]);
    expect(refusal(() => editTransfer(transfer(null), { acceptedOn: '2031-01-01' }, today)).issues).toEqual([
      expect.objectContaining({ path: 'acceptedOn', code: 'field.after_today' }),
    ]);
    expect(editMilestone(milestone(null), { actualOn: today }, today).actualOn).toBe(today);
    expect(editTransfer(transfer(null), { acceptedOn: today }, today).after.acceptedOn).toBe(today);
  });

  it('is planned no earlier than 1900', () => {
    for (const [schema, patch] of [
      [projectMilestonePatchSchema, { plannedOn: '0001-01-01' }],
      [transferPatchSchema, { plannedOn: '0001-01-01' }],
    ] as const) {
      const parsed = schema.safeParse(patch);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(['plannedOn']);
    }
    expect(projectMilestonePatchSchema.safeParse({ plannedOn: '1900-01-01' }).success).toBe(true);
  });
});
