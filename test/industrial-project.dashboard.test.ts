import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createToken } from '../src/app/auth.usecases.js';
import { addProjectMilestone, moveProject, updateProjectMilestone } from '../src/app/industrial-project.usecases.js';
import { projectsDashboard } from '../src/app/industrial-project-dashboard.usecases.js';
import { projectDashboard } from '../src/domain/industrial-project.dashboard.js';
import {
  projectMilestoneCreateSchema,
  projectMilestonePatchSchema,
  projectMoveSchema,
} from '../src/domain/industrial-project.schema.js';
import { canRead, type Label } from '../src/domain/labels.js';
import { databases } from './support/databases.js';
import { industryApi } from './support/industry-api.js';
import { generatedProjects } from './support/industry-projects.js';
import { prng } from './support/labelled-world.js';
import { generatedReader } from './support/world-labels.js';

vi.setConfig({ hookTimeout: 180_000, testTimeout: 180_000 });

const TODAY = '2027-06-01';

type M = { plannedOn: string; actualOn: string | null };
type Made = { id: string; label: Label; closed: boolean; milestones: M[] };

/** The reference: each project's state and its due and reached milestones, written out plainly. */
function expected(projects: Made[], asOf: string) {
  const out = { total: 0, onTime: 0, late: 0, notStarted: 0, done: 0, due: 0, reached: 0 };
  for (const p of projects) {
    out.total++;
    if (p.closed) {
      out.done++;
      continue;
    }
    const due = p.milestones.filter((m) => m.plannedOn <= asOf);
    const reachedNow = (m: M) => m.actualOn !== null && m.actualOn <= asOf;
    const lateOnes =
      due.filter((m) => !reachedNow(m)).length +
      p.milestones.filter((m) => reachedNow(m) && (m.actualOn as string) > m.plannedOn).length;
    if (lateOnes > 0) out.late++;
    else if (due.length === 0 && !p.milestones.some(reachedNow)) out.notStarted++;
    else out.onTime++;
    out.due += due.length;
    out.reached += due.filter(reachedNow).length;
  }
  return out;
}

describe('the projects dashboard, computed', () => {
  const ms = (plannedOn: string, actualOn: string | null) => ({
    id: plannedOn,
    kind: 'groundbreaking' as const,
    title: 'm',
    plannedOn,
    actualOn,
    targetBp: null,
    reachedBp: null,
  });
  it('counts states and the execution rate of open projects, closed ones apart', () => {
    const d = projectDashboard(
      [
        { status: 'agreed', milestones: [ms('2027-01-01', '2027-01-05'), ms('2027-02-01', null)] }, // late, 1 of 2
        { status: 'under_construction', milestones: [ms('2027-03-01', '2027-02-20'), ms('2028-01-01', null)] }, // on time, 1 of 1
        { status: 'proposed', milestones: [ms('2028-01-01', null)] }, // not started
        { status: 'closed', milestones: [ms('2027-01-01', null)] }, // done, left out of the rate
        { status: 'operating', milestones: [] }, // not started
      ],
      TODAY,
    );
    expect(d).toEqual({
      asOf: TODAY,
      total: 5,
      onTime: 1,
      late: 1,
      notStarted: 2,
      done: 1,
      due: 3,
      reached: 2,
      executionRate: 2 / 3,
      averageSlipDays: 4,
    });
    expect(projectDashboard([], TODAY)).toMatchObject({ total: 0, executionRate: null, averageSlipDays: null });
  });
});

const day = (rng: ReturnType<typeof prng>, months = 12) =>
  `2027-${String(1 + rng.int(months)).padStart(2, '0')}-${String(1 + rng.int(28)).padStart(2, '0')}`;
/** A day a milestone was reached: one that has come by TODAY (1 June 2027). */
const reachedDay = (rng: ReturnType<typeof prng>) => day(rng, 5);

/**
 * Generated projects of every label with generated milestones, read by
 * generated users: the dashboard counts exactly the projects the reference
 * model lets each reader read, over the use case and the API alike.
 */
describe.each(databases())('the projects dashboard on %s', (kind) => {
  const { s } = industryApi(kind, () => new Date(`${TODAY}T10:00:00.000Z`));
  const rng = prng(20261207);
  const made: Made[] = [];

  beforeAll(async () => {
    const { t } = s;
    const projects = generatedProjects(t.ctx, rng, 18, (i) => ({
      title: { en: `Project ${i}` },
      kind: 'production_site',
      site: { place: 'Benslimane' },
      budget: { amount: '1000.00', currency: 'MAD' },
      partners: [{ name: 'Kingdom of Morocco', party: 'MAR', role: 'host_state', share: '100' }],
    }));
    for await (const { label, planner: actor, project: p } of projects) {
      const milestones: M[] = [];
      let version = p.version;
      for (let k = rng.int(4); k > 0; k--) {
        const plannedOn = day(rng);
        const added = await addProjectMilestone(
          t.ctx,
          actor,
          p.id,
          projectMilestoneCreateSchema.parse({ kind: 'first_article', title: `M${k}`, plannedOn, version }),
        );
        version = added.version;
        const id = added.milestones.find(
          (m) => !milestones.some((x) => x.plannedOn === m.plannedOn) && m.plannedOn === plannedOn,
        )?.id;
        let actualOn: string | null = null;
        if (id && rng.next() < 0.6) {
          actualOn = reachedDay(rng);
          version = (
            await updateProjectMilestone(t.ctx, actor, p.id, id, projectMilestonePatchSchema.parse({ actualOn, version }))
          ).version;
        }
        milestones.push({ plannedOn, actualOn });
      }
      const closed = rng.next() < 0.2;
      if (closed)
        await moveProject(t.ctx, actor, p.id, projectMoveSchema.parse({ to: 'closed', reason: 'Not pursued', version }));
      made.push({ id: p.id, label, closed, milestones });
    }
  });

  it('counts only the projects each reader may read, as the reference model says', async () => {
    const { t, app } = s;
    let hidden = 0;
    const states = new Set<string>();
    for (let r = 0; r < 12; r++) {
      const reader = await generatedReader(t.ctx, rng);
      const readable = made.filter((m) => canRead(reader, m.label));
      hidden += made.length - readable.length;
      for (const asOf of [TODAY, '2027-03-15']) {
        const want = expected(readable, asOf);
        const got = await projectsDashboard(t.ctx, reader, { asOf });
        expect(got, JSON.stringify(reader)).toMatchObject(want);
        expect(got.executionRate).toBe(want.due ? want.reached / want.due : null);
        for (const k of ['onTime', 'late', 'notStarted', 'done'] as const) if (got[k]) states.add(k);
      }
      if (r === 0) {
        const token = (await createToken(t.ctx, null, reader.username, 'test')).token;
        const res = await app.inject({
          method: 'GET',
          url: '/api/industrial-projects/progress',
          headers: { authorization: `Bearer ${token}` },
        });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json()).toEqual(await projectsDashboard(t.ctx, reader, {}));
        const bad = await app.inject({
          method: 'GET',
          url: '/api/industrial-projects/progress?asOf=tomorrow',
          headers: { authorization: `Bearer ${token}` },
        });
        expect(bad.statusCode).toBe(400);
      }
    }
    expect(hidden).toBeGreaterThan(20);
    expect(states.size).toBe(4);
  });
});
