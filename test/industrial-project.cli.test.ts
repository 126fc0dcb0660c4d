import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createProject, moveProject } from '../src/app/industrial-project.usecases.js';
import { projectCreateSchema } from '../src/domain/industrial-project.schema.js';
import { jointplan } from './support/cli.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { makeActor, seedWorld } from './support/fixtures.js';
import { TRIPARTITE } from './support/industry-projects.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

/** `jointplan project list|show|export` as an operator runs them, for a user and what that user may read. */
describe.each(databases())('jointplan project on %s', (kind) => {
  let t: TestDatabase;
  let db: string[];
  let ids: { tripartite: string; bilateral: string };
  let dir: string;
  let users: { mar: string; usa: string };

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    dir = mkdtempSync(join(tmpdir(), 'jointplan-project-cli-'));
    const w = await seedWorld(t.ctx);
    const usaViewer = await makeActor(t.ctx, 'USA', ['viewer'], 'SECRET');
    users = { mar: w.marPlanner.username, usa: usaViewer.username };
    const input = (title: string, releasableTo: string[]) =>
      projectCreateSchema.parse({
        ...TRIPARTITE,
        title: { en: title, fr: `${title} (fr)` },
        // Above 2^53 in minor units: the export must keep it exact.
        budget: { amount: '90071992547409930.07', currency: 'USD' },
        jobsPlanned: 900,
        releasableTo,
      });
    ids = {
      tripartite: (await createProject(t.ctx, w.marPlanner, input('Tripartite complex', ['ISR', 'USA']))).id,
      bilateral: (await createProject(t.ctx, w.marPlanner, input('Bilateral site', ['ISR']))).id,
    };
    await moveProject(t.ctx, w.marPlanner, ids.tripartite, { to: 'agreed', version: 1 });
    db = ['--db', t.url];
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists only what the acting user may read, with its filters', async () => {
    const usa = await jointplan(['project', 'list', '--as', users.usa, '--lang', 'en', ...db]);
    expect(usa.code, usa.stderr).toBe(0);
    expect(usa.stdout).toContain(ids.tripartite);
    expect(usa.stdout).toContain('90071992547409930.07 USD');
    expect(usa.stdout).toContain('Tripartite complex');
    expect(usa.stdout).not.toContain(ids.bilateral);
    const mar = await jointplan(['project', 'list', '--as', users.mar, '--json', ...db]);
    expect((JSON.parse(mar.stdout) as { id: string }[]).map((p) => p.id).sort()).toEqual([ids.tripartite, ids.bilateral].sort());
    const agreed = await jointplan(['project', 'list', '--as', users.mar, '--status', 'agreed', '--json', ...db]);
    expect((JSON.parse(agreed.stdout) as { id: string }[]).map((p) => p.id)).toEqual([ids.tripartite]);
    const bad = await jointplan(['project', 'list', '--as', users.mar, '--kind', 'shipyard', ...db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--kind takes one of production_site/);
  });

  it('shows a project, and answers one the user may not read as not found', async () => {
    const shown = await jointplan(['project', 'show', ids.tripartite, '--as', users.usa, ...db]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      id: ids.tripartite,
      status: 'agreed',
      measurements: {
        jobsCreated: [{ value: TRIPARTITE.jobsCreated ?? 0, origin: 'project' }],
        localContentReached: [{ origin: 'project' }],
      },
    });
    const hidden = await jointplan(['project', 'show', ids.bilateral, '--as', users.usa, ...db]);
    expect(hidden.code).toBe(2);
    expect(hidden.stderr).toMatch(/Industrial project not found/);
  });

  it('exports every project the user may read in full, amounts exact, with history and measurements, and audits it', async () => {
    const out = join(dir, 'projects.json');
    const run = await jointplan(['project', 'export', '--json', '--as', users.usa, '--out', out, ...db]);
    expect(run.code, run.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('"amount": "90071992547409930.07"');
    const parsed = JSON.parse(text) as {
      projects: {
        id: string;
        partners: { share: string }[];
        history: { to: string }[];
        measurements: { jobsCreated: { origin: string }[] };
      }[];
    };
    expect(parsed.projects.map((p) => p.id)).toEqual([ids.tripartite]);
    expect(parsed.projects[0]?.partners.map((p) => p.share)).toEqual(['33.33', '33.33', '33.34']);
    expect(parsed.projects[0]?.history.map((e) => e.to)).toEqual(['proposed', 'agreed']);
    expect(parsed.projects[0]?.measurements.jobsCreated.map((m) => m.origin)).toEqual(['project']);
    // The export is audited: one entry for the one project exported, none for the one the user may not read.
    const audited = await t.db
      .selectFrom('audit_entry')
      .select('entity_id')
      .where('action', '=', 'industrial_project.export')
      .execute();
    expect(audited.map((a) => a.entity_id)).toEqual([ids.tripartite]);
  });
});
