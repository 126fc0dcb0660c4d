import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createActivity } from '../../src/app/activity.usecases.js';
import { createCommission } from '../../src/app/commission.usecases.js';
import { createContext } from '../../src/app/context.js';
import { ceremonyRecords, exportBundle, trustKeys } from '../../src/app/exchange-bundle.usecases.js';
import { createPlan } from '../../src/app/plan.usecases.js';
import { parseSecurityPolicy } from '../../src/domain/exchange/security-policy.js';
import { auditSigningPaths, loadAuditSigning } from '../../src/store/audit-signing.js';
import { generateSigningKey } from '../../src/store/signing.js';
import ar from '../../web/src/i18n/ar.json' with { type: 'json' };
import exchangeAr from '../../web/src/i18n/exchange/ar.json' with { type: 'json' };
import exchangeFr from '../../web/src/i18n/exchange/fr.json' with { type: 'json' };
import fr from '../../web/src/i18n/fr.json' with { type: 'json' };
import problemsFr from '../../web/src/i18n/problems/fr.json' with { type: 'json' };
import { openTestDatabase, type TestDatabase } from '../support/databases.js';
import { activityInput, makeActor, seedParties, yearPlanInput } from '../support/fixtures.js';
import { browserAvailable, type RunningServer } from './browser.js';
import { downloadOf, interpolate, openBrowser, POLL, shot, signedInPage } from './helpers.js';

vi.setConfig({ testTimeout: 90_000 });

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const policyFile = (party: string) => join(ROOT, `config/security-policy/${party}.json`);

/**
 * The security officer's exchange page of the demo's MAR installation, with a second installation (ISR)
 * in the test: the officer downloads a bundle for ISR, applies a bundle ISR made and reads the report,
 * sees a replayed bundle refused with its reason; the page reads right to left in Arabic; a planner
 * has no such page.
 */
describe.skipIf(!browserAvailable())('web app: the security officer’s exchange page in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let dir: string;
  let isrDb: TestDatabase;
  let isrBundle: string;
  let isrRecords: number;
  const saved = { ...process.env };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jointplan-e2e-exchange-'));
    const db = join(dir, 'mar.sqlite');
    // The MAR installation: the demo, its policy, its keys made beside its database on first use.
    process.env.JOINTPLAN_SECURITY_POLICY = policyFile('MAR');
    const cli = (...args: string[]) =>
      execFileSync(process.execPath, ['bin/jointplan.js', ...args], { cwd: ROOT, env: process.env, stdio: 'pipe' });
    cli('demo', '--db', db);
    cli('exchange', 'key', '--db', db, '--out', join(dir, 'mar-keys.json'));
    cli('exchange', 'trust', join(dir, 'mar-keys.json'), '--db', db, '--as', 'mar.security');

    // The ISR installation, in this process, with its own database, policy and keys.
    isrDb = await openTestDatabase('sqlite');
    const signing = loadAuditSigning(
      auditSigningPaths(join(dir, 'isr', 'x.sqlite'), {
        JOINTPLAN_AUDIT_KEY_FILE: join(dir, 'isr-audit.pem'),
        JOINTPLAN_AUDIT_CHECKPOINTS: join(dir, 'isr-checkpoints.jsonl'),
      }),
    );
    const ctx = createContext(isrDb.db, undefined, signing);
    await seedParties(ctx, ['MAR', 'ISR'], ['INDUS', 'INTEL']);
    const officer = await makeActor(ctx, 'ISR', ['security_officer'], 'TOP_SECRET', ['INDUS', 'INTEL']);
    const planner = await makeActor(ctx, 'ISR', ['planner', 'contributor'], 'SECRET', []);
    const setup = {
      policy: parseSecurityPolicy(JSON.parse(readFileSync(policyFile('ISR'), 'utf8'))),
      key: generateSigningKey('ES256'),
    };
    const isrKeys = ceremonyRecords(ctx, setup, '2099-01-01T00:00:00.000Z');
    await trustKeys(ctx, officer, setup, isrKeys);
    await trustKeys(ctx, officer, setup, JSON.parse(readFileSync(join(dir, 'mar-keys.json'), 'utf8')));
    writeFileSync(join(dir, 'isr-keys.json'), JSON.stringify(isrKeys));
    cli('exchange', 'trust', join(dir, 'isr-keys.json'), '--db', db, '--as', 'mar.security');
    const commission = await createCommission(ctx, planner, {
      name: { fr: 'Commission', en: 'Commission' },
      parties: ['MAR', 'ISR'],
      classificationTable: {},
      classification: 'UNCLASSIFIED',
      releasableTo: ['MAR'],
      compartments: [],
    });
    const plan = await createPlan(ctx, planner, yearPlanInput(commission.id, 2026, { releasableTo: ['MAR'] }));
    for (const [i, classification] of (['UNCLASSIFIED', 'CONFIDENTIAL', 'SECRET'] as const).entries())
      await createActivity(ctx, planner, plan.id, activityInput(`ISR-${i + 1}`, { classification, releasableTo: ['MAR'] }));
    isrBundle = join(dir, 'jointplan-mar-1.bundle');
    const sent = await exportBundle(ctx, officer, setup, 'MAR', isrBundle);
    isrRecords = sent.records.plan + sent.records.activity + sent.records.follow_up;

    ({ server, browser } = await openBrowser({ db }));
  }, 240_000);

  afterAll(async () => {
    process.env = saved;
    await browser?.close();
    await server?.stop();
    await isrDb?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lets the officer download a bundle for a partner and apply a partner’s bundle, with its report', async () => {
    const { page, context } = await signedInPage(browser, server, 'mar.security');
    await page.getByRole('navigation').getByRole('link', { name: fr.nav.exchange }).click();
    await page.getByRole('heading', { level: 1, name: exchangeFr.exchange.title }).waitFor(POLL);
    const isr = page.locator('section.exchange-partner[data-party="ISR"]');
    await isr.waitFor(POLL);
    // Both keys of ISR, trusted and active, with their full fingerprints.
    const isrKeys = JSON.parse(readFileSync(join(dir, 'isr-keys.json'), 'utf8')) as { fingerprint: string }[];
    for (const k of isrKeys) await expect.poll(() => isr.textContent(), POLL).toContain(k.fingerprint);

    const file = await downloadOf(
      page,
      isr.getByRole('button', { name: interpolate(exchangeFr.exchange.download, { party: 'ISR' }) }),
    );
    expect(file.name).toBe('jointplan-isr-1.bundle');
    expect(readFileSync(file.path, 'utf8').split('\n')[0]).toBe('JOINTPLAN-BUNDLE/1');
    await expect.poll(() => isr.locator('.last-sent').textContent(), POLL).toContain('1');
    await expect.poll(() => page.locator('a.release-record').count(), POLL).toBe(1);
    const pdf = await context.request.get((await page.locator('a.release-record').getAttribute('href')) ?? '');
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');

    await page.locator('input[type="file"][name="bundle"]').setInputFiles(isrBundle);
    await page.getByRole('button', { name: exchangeFr.exchange.apply }).click();
    const report = page.locator('.import-report');
    await page.locator('.import-report, .refusal').first().waitFor(POLL);
    expect(await page.locator('.refusal').count()).toBe(0);
    expect(await report.locator('tbody tr').count()).toBe(isrRecords);
    expect(await report.locator('tbody tr.applied-created').count()).toBe(isrRecords);
    await expect.poll(() => isr.locator('.last-received').textContent(), POLL).toContain(String(isrRecords));
    await shot(page, 'exchange-fr');

    // The same bundle again is refused, with its reason in the reader's language, and listed.
    await page.locator('input[type="file"][name="bundle"]').setInputFiles(isrBundle);
    await page.getByRole('button', { name: exchangeFr.exchange.apply }).click();
    const reason = interpolate(problemsFr.exchange.bundle_replayed, { sequence: 1, installation: 'jointplan-isr' });
    await page.locator('.refusal').getByText(reason).waitFor(POLL);
    await page.locator('table.refusals tr[data-code="exchange.bundle_replayed"]').getByText(reason).waitFor(POLL);
    await context.close();
  });

  it('reads right to left in Arabic', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, baseURL: server.url });
    await context.addInitScript(() => localStorage.setItem('jointplan.language', 'ar'));
    const login = await context.request.post('/api/auth/login', { data: { username: 'mar.security', password: 'demo-2026' } });
    expect(login.status()).toBe(200);
    const page = await context.newPage();
    await page.goto('/exchange');
    await page.getByRole('heading', { level: 1, name: exchangeAr.exchange.title }).waitFor(POLL);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.getByRole('navigation').getByRole('link', { name: ar.nav.exchange }).count()).toBe(1);
    await page.locator('section.exchange-partner[data-party="ISR"]').waitFor(POLL);
    await shot(page, 'exchange-ar');
    await context.close();
  });

  it('is no page for anyone but a security officer', async () => {
    const { page, context } = await signedInPage(browser, server, 'mar.planner');
    await page.getByRole('navigation').getByRole('link', { name: fr.nav.dashboard }).waitFor(POLL);
    expect(await page.getByRole('navigation').getByRole('link', { name: fr.nav.exchange }).count()).toBe(0);
    await page.goto('/exchange');
    await page.getByText(fr.common.notFound).waitFor(POLL);
    expect((await context.request.get('/api/exchange/overview')).status()).toBe(404);
    await context.close();
  });
});
