import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../src/app/auth.usecases.js';
import { createContext } from '../../src/app/context.js';
import { runDailyDigest } from '../../src/app/notification.usecases.js';
import { GENERATED_AS_OF, GENERATED_PASSWORD } from '../../src/demo/generate.js';
import { openDatabase } from '../../src/store/db.js';
import { ofLabel, parseLine, parseShort, portionsIn, seen, understated } from '../support/markings.js';
import { browserAvailable, buildWebApp, CHROMIUM, CHROMIUM_ARGS, type RunningServer, startServer } from './browser.js';
import { POLL, SHOTS, signIn } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Three generated users: the most cleared of one party, and a viewer of each party of the plan. */
/** A security officer reads the audit log on the administration page: its entries are about labelled records too. */
const OFFICER = 'mar.security';
const USERS = ['mar.planner', 'isr.viewer', 'mar.viewer', OFFICER] as const;
const PLAN_VIEWS = ['table', 'timeline', 'calendar', 'results', 'revisions'] as const;

type Labelled = { ownerParty: string; classification: string; releasableTo: string[]; compartments: string[] };
const isLabel = (v: unknown): v is Labelled => {
  const o = v as Record<string, unknown>;
  return (
    !!o &&
    typeof o === 'object' &&
    typeof o.ownerParty === 'string' &&
    typeof o.classification === 'string' &&
    Array.isArray(o.releasableTo) &&
    Array.isArray(o.compartments)
  );
};
/** Every label anywhere in an API answer. */
function labelsIn(v: unknown, out: Labelled[] = []): Labelled[] {
  if (Array.isArray(v)) for (const x of v) labelsIn(x, out);
  else if (v && typeof v === 'object') {
    if (isLabel(v)) out.push(v);
    for (const x of Object.values(v)) labelsIn(x, out);
  }
  return out;
}

/**
 * The answers whose records a page shows in full, each with the pages that
 * show them: the bell counts notifications on every page but lists them only
 * on its own.
 */
const SHOWN: [RegExp, RegExp | null][] = [
  [/^\/api\/plans$/, null],
  [/^\/api\/plans\/[^/]+$/, null],
  [/^\/api\/plans\/[^/]+\/(activities|results)$/, null],
  [/^\/api\/activities\/[^/]+(\/follow-ups)?$/, null],
  [/^\/api\/search$/, null],
  [/^\/api\/commissions\/[^/]+(\/sessions|\/action-items)?$/, null],
  [/^\/api\/sessions\/[^/]+(\/agenda)?$/, null],
  [/^\/api\/notifications$/, /^\/notifications$/],
  [/^\/api\/audit$/, /^\/admin$/],
];

describe.skipIf(!browserAvailable())('markings never understate, for generated users and records', () => {
  let dir = '';
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'jointplan-markings-'));
    const file = join(dir, 'generated.sqlite');
    execFileSync(process.execPath, ['bin/jointplan.js', 'generate', '--activities', '400', '--seed', '11', '--db', file], {
      cwd: ROOT,
      stdio: 'ignore',
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    // The daily digest of the generated day, so that every user has notifications naming records.
    const db = openDatabase({ url: file, mustExist: true });
    await runDailyDigest(
      createContext(db, () => new Date(`${GENERATED_AS_OF}T06:00:00Z`)),
      GENERATED_AS_OF,
    );
    await addUser(createContext(db), null, {
      username: OFFICER,
      displayName: 'Security officer (MAR)',
      party: 'MAR',
      roles: ['security_officer', 'viewer'],
      clearance: 'SECRET',
      compartments: [],
      password: GENERATED_PASSWORD,
    });
    await db.destroy();
    await buildWebApp();
    server = await startServer({ db: file });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function signedIn(username: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1366, height: 900 }, baseURL: server.url });
    const page = await context.newPage();
    await page.goto('/');
    await signIn(page, username, GENERATED_PASSWORD);
    return { context, page };
  }

  /**
   * Opens a page of the app and checks, once what it loads has arrived, that
   * its top banner is at least as high as every record it shows: those of the
   * answers it lists in full and every portion marking on it.
   */
  async function checkPage(page: Page, address: string): Promise<number> {
    const answers: Promise<Labelled[]>[] = [];
    const onResponse = (res: import('playwright-core').Response) => {
      const url = new URL(res.url());
      if (!res.ok() || res.request().method() !== 'GET') return;
      const shown = SHOWN.some(([api, on]) => api.test(url.pathname) && (!on || on.test(new URL(address, server.url).pathname)));
      if (shown) answers.push(res.json().then(labelsIn, () => []));
    };
    page.on('response', onResponse);
    await page.goto(address);
    await page.locator('main h1, main .page-head, main .alert').first().waitFor(POLL);
    await page.waitForLoadState('networkidle');
    const banner = page.locator('.page-banner.top');
    let count = 0;
    // The banner is computed again as content arrives: poll until what is shown is covered.
    await expect
      .poll(
        async () => {
          const records = [
            ...(await Promise.all(answers)).flat().map(ofLabel),
            ...(
              await page
                .locator('.record-marking[data-classification]')
                .evaluateAll((els) =>
                  els.map((e) => [
                    e.getAttribute('data-classification') ?? '',
                    e.getAttribute('data-releasable-to') ?? '',
                    e.getAttribute('data-compartments') ?? '',
                  ]),
                )
            ).map(([c, r, k]) => seen(c ?? '', (r ?? '').split(',').filter(Boolean), (k ?? '').split(',').filter(Boolean))),
          ];
          const shown = seen(
            (await banner.getAttribute('data-classification')) ?? '',
            ((await banner.getAttribute('data-releasable-to')) ?? '').split(',').filter(Boolean),
            ((await banner.getAttribute('data-compartments')) ?? '').split(',').filter(Boolean),
          );
          count = records.length;
          return records.map((r) => understated(shown, r)).filter(Boolean);
        },
        { ...POLL, message: `banner of ${address}` },
      )
      .toEqual([]);
    // The bottom banner says the same as the top one.
    expect(await page.locator('.page-banner.bottom').getAttribute('data-classification')).toBe(
      await banner.getAttribute('data-classification'),
    );
    page.off('response', onResponse);
    return count;
  }

  for (const username of USERS)
    it(`marks every page ${username} opens at least as high as what it shows`, async () => {
      const { context, page } = await signedIn(username);
      try {
        const api = async <T>(path: string): Promise<T> => (await (await page.request.get(path)).json()) as T;
        const plans = await api<{ items: { id: string; commissionId: string }[] }>('/api/plans');
        expect(plans.items.length).toBeGreaterThan(0);
        const [first, second] = plans.items;
        if (!first) throw new Error('no plan');
        const activities = await api<{ items: { id: string; title: Record<string, string> }[] }>(
          `/api/plans/${first.id}/activities?limit=5`,
        );
        const sessions = await api<{ items: { id: string }[] }>(`/api/commissions/${first.commissionId}/sessions`);
        const word = Object.values(activities.items[0]?.title ?? {})[0]?.match(/\p{L}{5,}/u)?.[0] ?? 'exercice';
        const addresses = [
          '/',
          '/notifications',
          `/search?q=${encodeURIComponent(word)}`,
          ...PLAN_VIEWS.map((v) => `/plans/${first.id}?view=${v}`),
          ...(second ? [`/plans/${second.id}`] : []),
          ...(activities.items[0] ? [`/activities/${activities.items[0].id}`] : []),
          `/commissions/${first.commissionId}/sessions`,
          ...(sessions.items[0] ? [`/sessions/${sessions.items[0].id}`] : []),
          `/commissions/${first.commissionId}/action-items`,
          '/admin',
        ];
        let records = 0;
        for (const address of addresses) records += await checkPage(page, address);
        // The officer's administration page lists audit entries, each with its portion marking.
        if (username === OFFICER) expect(await page.locator('.audit-scroll .record-marking').count()).toBeGreaterThan(10);
        // The pages showed records: the check had something to check.
        expect(records).toBeGreaterThan(addresses.length);
      } finally {
        await context.close();
      }
    }, 240_000);

  it('marks every page of every PDF, every sheet of the workbook and the calendar feed at least as high as each record in them', async () => {
    const { context, page } = await signedIn('mar.planner');
    try {
      const get = async (path: string) => {
        const res = await page.request.get(path);
        expect(res.status(), path).toBe(200);
        return res.body();
      };
      const plans = ((await (await page.request.get('/api/plans')).json()) as { items: { id: string; commissionId: string }[] })
        .items;
      const plan = plans[0];
      if (!plan) throw new Error('no plan');
      const sessions = (await (await page.request.get(`/api/commissions/${plan.commissionId}/sessions`)).json()) as {
        items: { id: string }[];
      };

      // PDFs: each page's marking at its top and bottom covers every portion marking on the page.
      const pdfs = [
        `/api/plans/${plan.id}/documents/plan.pdf?lang=en`,
        `/api/plans/${plan.id}/documents/report.pdf?lang=en`,
        ...(sessions.items[0] ? [`/api/sessions/${sessions.items[0].id}/documents/minutes.pdf?lang=en`] : []),
      ];
      let portions = 0;
      for (const [n, path] of pdfs.entries()) {
        const file = join(dir, `doc-${n}.pdf`);
        writeFileSync(file, await get(path));
        const pages = execFileSync('pdftotext', ['-layout', file, '-']).toString().split('\f').slice(0, -1);
        expect(pages.length).toBeGreaterThan(0);
        for (const [i, text] of pages.entries()) {
          const lines = text
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean);
          const top = parseLine(lines[0] ?? '');
          // The bottom box holds the marking, then the page number.
          const bottom = parseLine(lines.at(-2) ?? '');
          expect(bottom, `${path} page ${i + 1}`).toEqual(top);
          const found = portionsIn(text.replace(/\s+/g, ' '));
          portions += found.length;
          expect(found.map((r) => understated(top, r)).filter(Boolean), `${path} page ${i + 1}`).toEqual([]);
        }
      }
      expect(portions).toBeGreaterThan(0);

      // The workbook: the marking in each sheet's header row and printed header covers every row's record.
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await get(`/api/plans/${plan.id}/export.xlsx`)) as unknown as ArrayBuffer);
      const sheet = wb.getWorksheet('Activities');
      const planSheet = wb.getWorksheet('Plan');
      if (!sheet || !planSheet) throw new Error('sheets missing');
      const marking = parseShort(String(sheet.getCell('A1').value));
      expect(parseShort(String(planSheet.getCell('C1').value))).toEqual(marking);
      for (const s of [sheet, planSheet]) {
        expect(s.headerFooter.oddHeader).toContain(String(sheet.getCell('A1').value));
        expect(s.headerFooter.oddFooter).toContain(String(sheet.getCell('A1').value));
      }
      const header = (sheet.getRow(1).values as unknown[]).map(String);
      const col = (name: string) => header.indexOf(name);
      const rowsChecked: (string | null)[] = [];
      const activities = (await (await page.request.get(`/api/plans/${plan.id}/activities?limit=500`)).json()) as {
        items: Labelled[];
      };
      const owners = new Map(activities.items.map((a) => [(a as Labelled & { refCode: string }).refCode, a.ownerParty]));
      sheet.eachRow((row, n) => {
        if (n === 1) return;
        const cell = (name: string) => String(row.getCell(col(name)).value ?? '');
        const list = (name: string) => cell(name).split(/,\s*/).filter(Boolean);
        // The record's own label, from its label columns (and its owner, from the API), and its portion marking.
        const record = seen(
          cell('classification'),
          [owners.get(cell('refCode')) ?? '', ...list('releasableTo')],
          list('compartments'),
        );
        expect(parseShort(String(row.getCell(1).value))).toEqual(record);
        rowsChecked.push(understated(marking, record));
      });
      expect(rowsChecked.length).toBeGreaterThan(0);
      expect(rowsChecked.filter(Boolean)).toEqual([]);

      // The calendar feed: its name carries its marking; each event starts with its portion marking.
      const token = (await (await page.request.post('/api/me/calendar-token')).json()) as { path: string };
      const ics = (await get(token.path)).toString().replace(/\r\n[ \t]/g, '');
      const feed = parseShort(/^X-WR-CALNAME:JointPlan — (.+)$/m.exec(ics)?.[1]?.replace(/\\,/g, ',') ?? '');
      const events = ics.split('BEGIN:VEVENT').slice(1);
      expect(events.length).toBeGreaterThan(0);
      for (const event of events) {
        const summary = /^SUMMARY:(\(.+?\))/m.exec(event)?.[1]?.replace(/\\,/g, ',') ?? '';
        const record = parseShort(summary);
        expect(understated(feed, record), summary).toBeNull();
        expect(event).toContain(record.level > 0 ? 'CLASS:CONFIDENTIAL' : 'CLASS:PUBLIC');
      }
    } finally {
      await context.close();
    }
  }, 240_000);
});
