import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../src/app/context.js';
import { DEMO_PASSWORD } from '../src/demo/accounts.js';
import { loadDemo } from '../src/demo/demo.js';
import { CHROMIUM_PATH, closePdfRenderer, printPdf } from '../src/documents/pdf.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { sessionCookie } from './support/fixtures.js';

const TODAY = new Date('2026-11-23T09:00:00Z');
const chromium = existsSync(CHROMIUM_PATH);
if (process.env.CI && !chromium) throw new Error('CI needs chromium for the document printer tests');

/** Kills the Chromium the printer runs (a direct child of this process, driven over a pipe), as a crash would. */
function killPrinterChromium(): number[] {
  const children = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)]).toString();
  const pids = children
    .split('\n')
    .filter((line) => line.includes('--remote-debugging-pipe'))
    .map((line) => Number.parseInt(line.trim(), 10));
  for (const pid of pids) process.kill(pid, 'SIGKILL');
  return pids;
}

describe.each(databases())('the document printer on %s', (kind) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let cookie = '';
  let planId = '';

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    await loadDemo(t.ctx, { ifEmpty: true });
    app = await buildServer(
      createContext(t.db, () => TODAY),
      { webRoot: false },
    );
    cookie = await sessionCookie(app, 'mar.planner', DEMO_PASSWORD);
    planId = (await app.inject({ url: '/api/plans', headers: { cookie } })).json().items[0].id;
  });
  afterAll(async () => {
    await closePdfRenderer();
    await app?.close();
    await t?.close();
  });

  const pdf = () => app.inject({ url: `/api/plans/${planId}/documents/plan.pdf?lang=fr`, headers: { cookie } });

  it.runIf(chromium)(
    'starts a new Chromium on the next document after its Chromium died, and says so in the log',
    async () => {
      expect((await pdf()).statusCode).toBe(200);
      expect(killPrinterChromium().length).toBeGreaterThan(0);
      // At once, before the loss may have been noticed: the document still prints.
      const res = await pdf();
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

      expect(killPrinterChromium().length).toBeGreaterThan(0);
      // And after it was noticed.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const warnings: string[] = [];
      const printed = await printPdf('<!doctype html><p>again</p>', { warn: (m) => warnings.push(m) });
      expect(printed.subarray(0, 5).toString()).toBe('%PDF-');
      expect(warnings).toEqual(['the Chromium that prints documents had stopped; starting a new one']);

      // Only a relaunch is announced: a Chromium that runs prints without a word.
      await printPdf('<!doctype html><p>once more</p>', { warn: (m) => warnings.push(m) });
      expect(warnings).toHaveLength(1);
      expect((await pdf()).statusCode).toBe(200);
    },
    120_000,
  );
});
