import { describe, expect, it } from 'vitest';
import {
  allowedMoves,
  moveProject,
  PROJECT_STATUSES,
  PROJECT_TRANSITIONS,
  type ProjectFacts,
  type ProjectStatus,
} from '../../src/domain/industrial-project.lifecycle.js';
import { projectProgress } from '../../src/domain/industrial-project.progress.js';
import {
  basisPointsToPercent,
  percentToBasisPoints,
  projectCreateSchema,
  projectMilestoneCreateSchema,
} from '../../src/domain/industrial-project.schema.js';
import { refusal } from '../support/refusal.js';

/** The facts of a project in `status`; a suspended one stopped at `from`. */
const facts = (status: ProjectStatus, from: ProjectStatus | null = null): ProjectFacts => ({
  status,
  suspendedFrom: status === 'suspended' ? from : null,
});
const withReason = (to: ProjectStatus) => ({ to, reason: 'Financing withheld pending the export licence' });

const OPEN: ProjectStatus[] = ['proposed', 'agreed', 'under_construction', 'operating'];
/** Every state a project can be in, a suspended one with each step it may have stopped at. */
const STATES: ProjectFacts[] = [
  ...OPEN.map((s) => facts(s)),
  ...(['agreed', 'under_construction', 'operating'] as const).map((s) => facts('suspended', s)),
  facts('closed'),
];
const EXPECTED: Record<string, ProjectStatus[]> = {
  proposed: ['agreed', 'closed'],
  agreed: ['under_construction', 'suspended', 'closed'],
  under_construction: ['operating', 'suspended', 'closed'],
  operating: ['suspended', 'closed'],
  'suspended/agreed': ['agreed', 'closed'],
  'suspended/under_construction': ['under_construction', 'closed'],
  'suspended/operating': ['operating', 'closed'],
  closed: [],
};
const nameOf = (f: ProjectFacts) => (f.suspendedFrom ? `${f.status}/${f.suspendedFrom}` : f.status);
const cases = STATES.flatMap((f) => PROJECT_STATUSES.map((to) => [nameOf(f), to, f] as const));
const allowed = cases.filter(([name, to]) => EXPECTED[name]?.includes(to));
const refused = cases.filter(([name, to]) => !EXPECTED[name]?.includes(to));

describe('industrial project lifecycle', () => {
  it('has the moves an industrial-cooperation officer expects, and resumes a suspension where it stopped', () => {
    for (const f of STATES) expect(allowedMoves(f).sort(), nameOf(f)).toEqual([...(EXPECTED[nameOf(f)] ?? [])].sort());
    expect(PROJECT_TRANSITIONS.closed).toEqual([]);
  });

  it.each(allowed)('allows %s → %s', (_name, to, f) => {
    const moved = moveProject(f, withReason(to));
    expect(moved.status).toBe(to);
    expect(moved.suspendedFrom).toBe(to === 'suspended' ? f.status : null);
  });

  it.each(refused)('refuses %s → %s', (_name, to, f) => {
    const err = refusal(() => moveProject(f, withReason(to)));
    expect(err.kind).toBe('invalid');
    expect(err.code).toBe(f.status === 'closed' ? 'industrial_project.cannot_move_final' : 'industrial_project.cannot_move');
    expect(err.params).toMatchObject({ from: f.status, to });
    expect(err.issues[0]).toMatchObject({ path: 'to', code: 'industrial_project.move_not_allowed' });
  });

  it('suspends only with a reason', () => {
    for (const reason of [undefined, '', '  '])
      expect(refusal(() => moveProject(facts('agreed'), { to: 'suspended', reason })).code).toBe(
        'industrial_project.suspend_needs_reason',
      );
  });

  it('closes an operating project without a reason, and abandons any other only with one', () => {
    expect(moveProject(facts('operating'), { to: 'closed' }).status).toBe('closed');
    expect(moveProject(facts('suspended', 'operating'), { to: 'closed' }).status).toBe('closed');
    for (const f of [facts('proposed'), facts('agreed'), facts('under_construction'), facts('suspended', 'agreed')])
      expect(refusal(() => moveProject(f, { to: 'closed' })).code, nameOf(f)).toBe('industrial_project.close_needs_reason');
  });
});

describe('cost shares and percentages', () => {
  const partner = (share: string, party = 'MAR', name = `P${share}`) => ({ name, party, role: 'prime', share });
  const project = (partners: object[]) => ({
    title: { en: 'Site' },
    kind: 'production_site',
    site: { place: 'Benslimane' },
    budget: { amount: '100.00', currency: 'USD' },
    partners,
  });

  it('keeps percentages exactly, in basis points', () => {
    expect(percentToBasisPoints('33.34')).toBe(3334);
    expect(percentToBasisPoints('0.1')).toBe(10);
    expect(percentToBasisPoints('100')).toBe(10_000);
    expect(percentToBasisPoints('100.01')).toBeUndefined();
    expect(percentToBasisPoints('1.234')).toBeUndefined();
    expect(percentToBasisPoints('-1')).toBeUndefined();
    expect(basisPointsToPercent(3334)).toBe('33.34');
    expect(basisPointsToPercent(5)).toBe('0.05');
    for (let bp = 0; bp <= 10_000; bp += 7) expect(percentToBasisPoints(basisPointsToPercent(bp))).toBe(bp);
  });

  it('takes shares that add up to exactly 100, where doubles would not', () => {
    // 33.33 + 33.33 + 33.34 is 100 exactly; as doubles 0.1 + 0.2 style sums drift, basis points do not.
    const three = projectCreateSchema.safeParse(project([partner('33.33'), partner('33.33', 'ISR'), partner('33.34', 'USA')]));
    expect(three.success).toBe(true);
    const tenths = projectCreateSchema.safeParse(project(Array.from({ length: 10 }, (_, i) => partner('10.00', 'MAR', `P${i}`))));
    expect(tenths.success).toBe(true);
  });

  it('refuses shares that do not add up to 100, a partner twice in one role, and a bad percentage', () => {
    const codes = (input: object) => {
      const r = projectCreateSchema.safeParse(input);
      expect(r.success).toBe(false);
      return r.success ? [] : r.error.issues.map((i) => (i as { params?: { code?: string } }).params?.code ?? i.message);
    };
    expect(codes(project([partner('33.33'), partner('33.33', 'ISR'), partner('33.33', 'USA')])).join()).toContain(
      'field.shares_sum',
    );
    expect(codes(project([partner('50', 'MAR', 'A'), partner('50', 'MAR', 'a')])).join()).toContain('field.partner_repeated');
    expect(codes(project([partner('99.999')])).join()).toContain('field.percent_format');
    expect(codes({ ...project([partner('100')]), site: { place: 'X', latitude: 33.6 } }).join()).toContain(
      'field.coordinates_pair',
    );
  });

  it('gives a target to local-content milestones only', () => {
    expect(
      projectMilestoneCreateSchema.safeParse({ kind: 'local_content_target', title: 'T', plannedOn: '2027-01-01', target: '40' })
        .success,
    ).toBe(true);
    expect(
      projectMilestoneCreateSchema.safeParse({ kind: 'local_content_target', title: 'T', plannedOn: '2027-01-01' }).success,
    ).toBe(false);
    expect(
      projectMilestoneCreateSchema.safeParse({ kind: 'first_article', title: 'T', plannedOn: '2027-01-01', target: '40' })
        .success,
    ).toBe(false);
  });
});

describe('industrial project progress', () => {
  const m = (plannedOn: string, actualOn: string | null) => ({
    id: plannedOn,
    kind: 'first_article' as const,
    title: plannedOn,
    plannedOn,
    actualOn,
    targetBp: null,
    reachedBp: null,
  });
  const base = {
    status: 'under_construction' as const,
    transfers: [],
    jobsPlanned: 400,
    jobsCreated: 100,
    localContentPlannedBp: 4000,
    localContentReachedBp: 1500,
  };

  it('counts due, reached, on time and late milestones as of a day, with the execution rate and slip', () => {
    const p = {
      ...base,
      milestones: [m('2026-03-01', '2026-02-20'), m('2026-06-01', '2026-06-11'), m('2026-09-01', null), m('2027-01-01', null)],
    };
    const before = projectProgress(p, '2026-05-01');
    expect(before).toMatchObject({ due: 1, reached: 1, onTime: 1, late: 0, executionRate: 1, state: 'on_time' });
    const after = projectProgress(p, '2026-10-01');
    expect(after).toMatchObject({ milestones: 4, due: 3, reached: 2, onTime: 1, late: 2, state: 'late', averageSlipDays: 10 });
    expect(after.executionRate).toBeCloseTo(2 / 3, 12);
    expect(after.jobsRate).toBe(0.25);
    expect(after.localContentGap).toBe('25.00');
  });

  it('says not started before any milestone is due, and done once closed', () => {
    const p = { ...base, milestones: [m('2027-01-01', null)] };
    expect(projectProgress(p, '2026-01-01')).toMatchObject({ state: 'not_started', due: 0, executionRate: null });
    expect(projectProgress({ ...p, status: 'closed' }, '2028-01-01').state).toBe('done');
  });

  it('counts transfers accepted and overdue', () => {
    const t = (plannedOn: string, acceptedOn: string | null) => ({
      id: plannedOn,
      what: 'w',
      from: 'a',
      to: 'b',
      plannedOn,
      acceptedOn,
    });
    const p = {
      ...base,
      milestones: [],
      transfers: [t('2026-01-01', '2026-01-05'), t('2026-02-01', null), t('2027-02-01', null)],
    };
    expect(projectProgress(p, '2026-06-01')).toMatchObject({ transfersAccepted: 1, transfersOverdue: 1 });
  });
});
