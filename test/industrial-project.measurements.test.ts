import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createToken } from '../src/app/auth.usecases.js';
import { addProjectMeasurement, getProjectMeasurements } from '../src/app/industrial-project.usecases.js';
import { measurementCreateSchema } from '../src/domain/industrial-project.measure.js';
import { canRead, type Label } from '../src/domain/labels.js';
import * as m0035 from '../src/store/migrations/0035_industrial_measurements.js';
import { auditEntriesAbout } from './support/audit-trail.js';
import { countRows, databases } from './support/databases.js';
import { makeActor } from './support/fixtures.js';
import { industryApi } from './support/industry-api.js';
import { generatedProjects, TRIPARTITE } from './support/industry-projects.js';
import { prng } from './support/labelled-world.js';
import type { Json } from './support/programme-api.js';
import { generatedReader } from './support/world-labels.js';

vi.setConfig({ hookTimeout: 120_000, testTimeout: 120_000 });

const TODAY = '2027-06-01';
const MISSING = '0190a000-0000-7000-8000-00000000abcd';
const now = () => new Date(`${TODAY}T10:00:00.000Z`);

/**
 * The measurements of a project's jobs created and local content reached, on
 * each database: each change kept with its day, who and a note, the project's
 * figures its latest; the version read required; the migration carrying in
 * the figures projects had; generated readers reading exactly what a
 * reference model of the project's label allows, a hidden project answering
 * 404 to the history and to adding one, as a missing one does.
 */
describe.each(databases())('industrial project measurements on %s', (kind) => {
  const { s, send, ok } = industryApi(kind, now, async (ctx, w) => ({
    mar: w.marPlanner,
    isr: w.isrPlanner,
    usa: await makeActor(ctx, 'USA', ['planner'], 'SECRET'),
  }));

  it('keeps each change of jobs created and local content reached as a dated measurement, the latest being the figure', async () => {
    const { t, actors } = s;
    const p = await ok('mar', 'POST', '/industrial-projects', {
      ...TRIPARTITE,
      jobsCreated: 10,
      localContentReached: '5',
      releasableTo: ['ISR'],
    });
    const url = `/industrial-projects/${p.id}/measurements`;
    const first = await ok('isr', 'GET', url);
    expect(first.jobsCreated).toMatchObject([{ value: 10, asOf: TODAY, origin: 'project', party: 'MAR' }]);
    expect(first.localContentReached).toMatchObject([{ value: '5.00', asOf: TODAY, origin: 'project' }]);

    // The version read is required, the day is today or before, and a figure is given; nothing is written otherwise.
    const before = await countRows(t.db, 'industrial_measurement');
    const none = await send('mar', 'POST', url, { asOf: '2027-05-01', jobsCreated: 40 });
    expect([none.statusCode, none.json().code]).toEqual([400, 'request.version_required']);
    const stale = await send('mar', 'POST', url, { asOf: '2027-05-01', jobsCreated: 40, version: p.version + 1 });
    expect([stale.statusCode, stale.json().code]).toEqual([409, 'industrial_project.stale_version']);
    const future = await send('mar', 'POST', url, { asOf: '2027-06-02', jobsCreated: 40, version: p.version });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors).toMatchObject([{ path: 'asOf', code: 'field.after_today' }]);
    const empty = await send('mar', 'POST', url, { asOf: '2027-05-01', version: p.version });
    expect(empty.statusCode).toBe(400);
    const badPercent = await send('mar', 'POST', url, { asOf: '2027-05-01', localContentReached: '101', version: p.version });
    expect(badPercent.statusCode).toBe(400);
    const reader = await send('isr', 'POST', url, { asOf: '2027-05-01', jobsCreated: 40, version: p.version });
    expect(reader.statusCode).toBe(403);
    expect(await countRows(t.db, 'industrial_measurement')).toBe(before);

    // A measurement dated today is the latest: the figures follow it.
    const measured = await ok('mar', 'POST', url, {
      asOf: TODAY,
      jobsCreated: 120,
      localContentReached: '12.5',
      note: 'Payroll report, May',
      version: p.version,
    });
    expect(measured).toMatchObject({ version: p.version + 1, jobsCreated: 120, localContentReached: '12.50' });
    // One dated before it is kept in the history and leaves the figures as they are.
    const late = await ok('mar', 'POST', url, { asOf: '2027-01-31', jobsCreated: 60, version: measured.version });
    expect(late).toMatchObject({ jobsCreated: 120, localContentReached: '12.50' });
    // An edit of the figures is a measurement as of today, too; an edit that leaves them alone is none.
    const edited = await ok('mar', 'PATCH', `/industrial-projects/${p.id}`, { jobsCreated: 150, version: late.version });
    await ok('mar', 'PATCH', `/industrial-projects/${p.id}`, { jobsCreated: 150, jobsPlanned: 2000, version: edited.version });
    const history = await ok('isr', 'GET', url);
    expect(history.jobsCreated.map((m: Json) => [m.asOf, m.value, m.origin, m.note])).toEqual([
      ['2027-01-31', 60, 'measurement', null],
      [TODAY, 10, 'project', null],
      [TODAY, 120, 'measurement', 'Payroll report, May'],
      [TODAY, 150, 'project', null],
    ]);
    expect(history.localContentReached.map((m: Json) => m.value)).toEqual(['5.00', '12.50']);
    // The recorder is named to their own party only: Israel reads the party, Morocco the account too.
    expect(history.jobsCreated[2]).toMatchObject({ party: 'MAR', userId: null });
    expect((await ok('mar', 'GET', url)).jobsCreated[2]).toMatchObject({ party: 'MAR', userId: actors.mar?.userId });
    expect((await ok('isr', 'GET', `/industrial-projects/${p.id}`)).jobsCreated).toBe(150);
    expect(await auditEntriesAbout(t.db, p.id, 'industrial_project.measurement')).toHaveLength(2);
    // A closed project takes no more measurements.
    let v = history.version;
    for (const to of ['closed'] as const)
      v = (await ok('mar', 'POST', `/industrial-projects/${p.id}/transitions`, { to, reason: 'Abandoned', version: v })).version;
    const closed = await send('mar', 'POST', url, { asOf: TODAY, jobsCreated: 1, version: v });
    expect([closed.statusCode, closed.json().code]).toEqual([409, 'industrial_project.closed']);
  });

  it('carries each project’s figures in as its first measurements when the table is made', async () => {
    const { t } = s;
    const p = await ok('mar', 'POST', '/industrial-projects', { ...TRIPARTITE, jobsCreated: 33, localContentReached: '7.25' });
    await m0035.down(t.db);
    await m0035.up(t.db);
    const projects = await t.db
      .selectFrom('industrial_project')
      .select(['id', 'jobs_created', 'local_content_reached_bp', 'updated_at'])
      .execute();
    const rows = await t.db.selectFrom('industrial_measurement').selectAll().execute();
    expect(rows).toHaveLength(projects.length * 2);
    for (const q of projects) {
      const of = rows.filter((r) => r.project_id === q.id);
      expect(of.map((r) => [r.measure, Number(r.value), r.as_of, r.origin, r.party]).sort()).toEqual(
        [
          ['jobs_created', q.jobs_created, q.updated_at.slice(0, 10), 'carried_in', null],
          ['local_content_reached', q.local_content_reached_bp, q.updated_at.slice(0, 10), 'carried_in', null],
        ].sort(),
      );
    }
    const read = await ok('mar', 'GET', `/industrial-projects/${p.id}/measurements`);
    expect(read.jobsCreated).toMatchObject([{ value: 33, origin: 'carried_in', party: null, userId: null }]);
    expect(read.localContentReached).toMatchObject([{ value: '7.25', origin: 'carried_in' }]);
  });
});

/** Generated projects of every label and generated readers: the measurements read are exactly the reference model's. */
describe.each(databases())('industrial project measurements access on %s', (kind) => {
  const { s } = industryApi(kind, now);
  const rng = prng(20261207);
  const made: { id: string; label: Label; jobs: number[] }[] = [];

  beforeAll(async () => {
    const { t } = s;
    const projects = generatedProjects(t.ctx, rng, 12, (i) => ({ ...TRIPARTITE, title: { en: `Project ${i}` }, jobsCreated: i }));
    for await (const { i, label, planner, project: p } of projects) {
      const jobs = [i];
      let version = p.version;
      for (let k = rng.int(3); k > 0; k--) {
        const value = rng.int(1000);
        version = (
          await addProjectMeasurement(
            t.ctx,
            planner,
            p.id,
            measurementCreateSchema.parse({ asOf: TODAY, jobsCreated: value, version }),
          )
        ).version;
        jobs.push(value);
      }
      made.push({ id: p.id, label, jobs });
    }
  });

  it('answers each reader the measurements of the projects it may read, and 404 as for a missing one otherwise', async () => {
    const { t, app } = s;
    let seen = 0;
    let hidden = 0;
    const before = await countRows(t.db, 'industrial_measurement');
    for (let r = 0; r < 10; r++) {
      const reader = await generatedReader(t.ctx, rng);
      const token = (await createToken(t.ctx, null, reader.username, 'test')).token;
      const headers = { authorization: `Bearer ${token}` };
      const get = (id: string) => app.inject({ method: 'GET', url: `/api/industrial-projects/${id}/measurements`, headers });
      const post = (id: string) =>
        app.inject({
          method: 'POST',
          url: `/api/industrial-projects/${id}/measurements`,
          headers,
          payload: { asOf: TODAY, jobsCreated: 1, version: 1 },
        });
      const [missingGet, missingPost] = [await get(MISSING), await post(MISSING)];
      for (const m of made) {
        if (!canRead(reader, m.label)) {
          hidden++;
          const [g, p] = [await get(m.id), await post(m.id)];
          expect(g.statusCode).toBe(404);
          expect(g.json()).toEqual(missingGet.json());
          expect(p.statusCode).toBe(404);
          expect(p.json()).toEqual(missingPost.json());
          await expect(getProjectMeasurements(t.ctx, reader, m.id)).rejects.toMatchObject({
            code: 'industrial_project.not_found',
          });
          continue;
        }
        seen++;
        const res = await get(m.id);
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json().jobsCreated.map((x: Json) => x.value)).toEqual(m.jobs);
      }
    }
    expect(seen).toBeGreaterThan(0);
    expect(hidden).toBeGreaterThan(0);
    // Nothing was added through a hidden project.
    expect(await countRows(t.db, 'industrial_measurement')).toBe(before);
  });
});
