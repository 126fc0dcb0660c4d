import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createProgramme } from '../src/app/programme.usecases.js';
import { programmeCreateSchema } from '../src/domain/programme.schema.js';
import { jointplan } from './support/cli.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { makeActor, seedWorld } from './support/fixtures.js';

vi.setConfig({ testTimeout: 120_000 });

/** `jointplan programme list|show|export-ocds` as an operator runs them, for a user and what that user may read. */
describe.each(databases())('jointplan programme on %s', (kind) => {
  let t: TestDatabase;
  let db: string[];
  let ids: { open: string; hidden: string };
  let dir: string;
  let users: { mar: string; isr: string };

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    dir = mkdtempSync(join(tmpdir(), 'jointplan-programme-cli-'));
    const w = await seedWorld(t.ctx);
    const isrViewer = await makeActor(t.ctx, 'ISR', ['viewer'], 'SECRET');
    users = { mar: w.marPlanner.username, isr: isrViewer.username };
    const input = (title: string, releasableTo: string[]) =>
      programmeCreateSchema.parse({
        title: { en: title, fr: `${title} (fr)` },
        need: {
          capabilityGap: 'Coastal surveillance radars',
          quantity: 3,
          requiredBy: '2028-01-31',
          budgetCeiling: { amount: '90071992547409930.07', currency: 'EUR' },
        },
        releasableTo,
      });
    ids = {
      open: (await createProgramme(t.ctx, w.marPlanner, input('Coastal radars', ['ISR']))).id,
      hidden: (await createProgramme(t.ctx, w.marPlanner, input('National reserve', []))).id,
    };
    db = ['--db', t.url];
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists only what the acting user may read', async () => {
    const isr = await jointplan(['programme', 'list', '--as', users.isr, '--lang', 'en', ...db]);
    expect(isr.code, isr.stderr).toBe(0);
    expect(isr.stdout).toContain(ids.open);
    expect(isr.stdout).toContain('90071992547409930.07 EUR');
    expect(isr.stdout).toContain('Coastal radars');
    expect(isr.stdout).not.toContain(ids.hidden);
    const mar = await jointplan(['programme', 'list', '--as', users.mar, '--json', ...db]);
    expect((JSON.parse(mar.stdout) as { id: string }[]).map((p) => p.id).sort()).toEqual([ids.open, ids.hidden].sort());
    const bad = await jointplan(['programme', 'list', '--as', users.mar, '--status', 'lost', ...db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--status takes one of need, evaluation/);
  });

  it('shows a programme, and answers one the user may not read as not found', async () => {
    const shown = await jointplan(['programme', 'show', ids.open, '--as', users.isr, ...db]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ id: ids.open, status: 'need' });
    const hidden = await jointplan(['programme', 'show', ids.hidden, '--as', users.isr, ...db]);
    expect(hidden.code).toBe(2);
    expect(hidden.stderr).toMatch(/Programme not found/);
  });

  it('exports the OCDS record package with the amount exact', async () => {
    const out = join(dir, 'ocds.json');
    const run = await jointplan(['programme', 'export-ocds', ids.open, '--as', users.isr, '--out', out, ...db]);
    expect(run.code, run.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('"amount": 90071992547409930.07');
    expect(JSON.parse(text).records[0].ocid).toBe(`ocds-jntpln-${ids.open}`);
  });
});
