import { mkdirSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import {
  type APIRequestContext,
  type Browser,
  type BrowserContextOptions,
  chromium,
  type Locator,
  type Page,
} from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import fr from '../../web/src/i18n/fr.json' with { type: 'json' };
import { buildWebApp, CHROMIUM, CHROMIUM_ARGS, type RunningServer, startServer } from './browser.js';

export const SHOTS = new URL('../../test-results/', import.meta.url).pathname;
/** The machine is shared: give answers time to arrive. */
export const POLL = { timeout: 15_000 };
export const DEMO_PASSWORD = 'demo-2026';

/** No serious or critical accessibility violation on the page as it stands. */
export async function expectAccessible(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(bad).toEqual([]);
}

export const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}web-${name}.png`, fullPage: true });

export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.getByLabel(fr.signIn.username).fill(username);
  await page.getByLabel(fr.signIn.password).fill(password);
  await page.getByRole('button', { name: fr.signIn.submit }).click();
  await page.getByRole('heading', { level: 1, name: fr.dashboard.title }).waitFor();
}

/** Clicks and returns the file the browser was given to save. */
export async function downloadOf(page: Page, trigger: Locator) {
  const [download] = await Promise.all([page.waitForEvent('download', POLL), trigger.click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), path };
}

/** A message of the web's translations with its `{{placeholders}}` filled, as i18next fills them. */
export const interpolate = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => String(values[k] ?? ''));

/** An API call through a page's or a context's requests, as its signed-in user, which must succeed: its JSON. */
export async function apiOk(
  request: APIRequestContext,
  method: 'get' | 'post' | 'put' | 'patch' | 'delete',
  url: string,
  data?: object,
) {
  const res = await request.fetch(url, { method, data });
  expect(res.ok(), `${method} ${url}: ${res.status()} ${await res.text()}`).toBe(true);
  return res.json();
}

/**
 * The real server, as `npm start` runs it (with the demo, or on the database given), and Chromium.
 * The server is stopped again if Chromium does not start.
 */
export async function openBrowser(opts: { db?: string } = {}): Promise<{ server: RunningServer; browser: Browser }> {
  mkdirSync(SHOTS, { recursive: true });
  await buildWebApp();
  const server = await startServer(opts);
  try {
    return { server, browser: await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }) };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/** A new page in French, on a 1366×900 screen, opened on the server and signed in as the user. */
export async function signedInPage(
  browser: Browser,
  server: RunningServer,
  username = 'mar.planner',
  options: BrowserContextOptions = {},
) {
  const context = await browser.newContext({
    locale: 'fr-FR',
    viewport: { width: 1366, height: 900 },
    baseURL: server.url,
    ...options,
  });
  const page = await context.newPage();
  await page.goto('/');
  await signIn(page, username);
  return { context, page };
}

/**
 * A new page of the server, on a 1366×900 screen unless `options` say otherwise, in the language the app
 * remembers (`fr`, `en`, `ar`, `he`), its user signed in through the API. The context is closed again
 * if the sign-in fails.
 */
export async function pageInLanguage(
  browser: Browser,
  server: RunningServer,
  username: string,
  language: string,
  options: BrowserContextOptions = {},
) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, baseURL: server.url, ...options });
  try {
    await context.addInitScript((l) => localStorage.setItem('jointplan.language', l), language);
    const login = await context.request.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
    expect(login.status()).toBe(200);
    return { context, page: await context.newPage() };
  } catch (err) {
    await context.close();
    throw err;
  }
}

/**
 * Registers the hooks of a suite on what `open` starts: it runs before the suite's tests, and the
 * server and Chromium are stopped after them. The answer's fields are there from the first test on.
 */
function suiteOn<T extends { server: RunningServer; browser: Browser }>(open: () => Promise<T>): T {
  const suite = {} as T;
  beforeAll(async () => {
    Object.assign(suite, await open());
  }, 240_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}

/** A suite on the real server with the demo and Chromium (see openBrowser), each test opening its own pages. */
export const browserSuite = () => suiteOn(() => openBrowser());

/** The real server with the demo and Chromium (see openBrowser), and what `then` opens on them; both are stopped if it fails. */
async function openBrowserThen<T extends object>(then: (browser: Browser, server: RunningServer) => Promise<T>) {
  const { server, browser } = await openBrowser();
  try {
    return { server, browser, ...(await then(browser, server)) };
  } catch (err) {
    await browser.close();
    await server.stop();
    throw err;
  }
}

/** A suite on a signed-in page (see signedInPage) of the real server with the demo. */
export const signedInSuite = (username = 'mar.planner', options: BrowserContextOptions = {}) =>
  suiteOn(() => openBrowserThen((browser, server) => signedInPage(browser, server, username, options)));

/** A suite on two signed-in pages of the real server with the demo: MAR's planner's and MAR's viewer's. */
export const plannerAndViewerSuite = () =>
  suiteOn(() =>
    openBrowserThen(async (browser, server) => ({
      planner: (await signedInPage(browser, server, 'mar.planner')).page,
      viewer: (await signedInPage(browser, server, 'mar.viewer')).page,
    })),
  );

/** A suite on a new session in preparation (see openWithNewSession). */
export const newSessionSuite = (session: { number: number; startDate: string; endDate: string }) =>
  suiteOn(() => openWithNewSession(session));

/**
 * The real server with the demo and Chromium on it in French, signed in as
 * MAR's planner, with a new session of the demo's commission in preparation:
 * hosted by MAR in Rabat, released to ISR, no delegations yet. What it started
 * is stopped again if a step fails.
 */
export function openWithNewSession(session: { number: number; startDate: string; endDate: string }) {
  return openBrowserThen(async (browser, server) => {
    const { page } = await signedInPage(browser, server);
    const [commission] = (await (await page.request.get('/api/commissions')).json()).items;
    const created = await page.request.post(`/api/commissions/${commission.id}/sessions`, {
      data: { ...session, place: 'Rabat', hostParty: 'MAR', delegations: [], releasableTo: ['ISR'] },
    });
    expect(created.status(), await created.text()).toBe(201);
    const sessionId: string = (await created.json()).id;
    return { page, sessionId };
  });
}
