// biome-ignore-all lint/performance/useDomNodeTextContent: the text a reader sees, laid out, is what these checks read, not the nodes' raw text
import type { APIRequestContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { INDUSTRIAL_PROJECTS } from '../../src/demo/demo.industry.js';
import frVisuals from '../../web/src/i18n/industry-visuals/fr.json' with { type: 'json' };
import heVisuals from '../../web/src/i18n/industry-visuals/he.json' with { type: 'json' };
import { browserAvailable } from './browser.js';
import { apiOk, browserSuite, expectAccessible, interpolate, POLL, pageInLanguage, shot, signedInPage } from './helpers.js';

const fr = frVisuals.industryVisuals;
const he = heVisuals.industryVisuals;
const title = (key: string) => INDUSTRIAL_PROJECTS.find((p) => p.key === key)?.input.title.fr ?? '';
/** Text as read, with the no-break spaces French puts in numbers and before % as plain ones. */
const flat = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ').trim();
const today = () => new Date().toISOString().slice(0, 10);

type Measured<V> = { asOf: string; value: V }[];
type Project = {
  id: string;
  version: number;
  title: { fr: string };
  jobsPlanned: number;
  localContentPlanned: string;
  site: { latitude: number | null; longitude: number | null };
};

/**
 * The rows the measurements' table must show, worked out from the API's
 * answer on its own: one per day measured, each figure the last one measured
 * on or before that day (the API answers them oldest first), in the reader's
 * locale.
 */
async function expectedRows(request: APIRequestContext, p: Project, locale: string) {
  const m = (await apiOk(request, 'get', `/api/industrial-projects/${p.id}/measurements`)) as {
    jobsCreated: Measured<number>;
    localContentReached: Measured<string>;
  };
  const date = (d: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`));
  const number = (n: number) => new Intl.NumberFormat(locale).format(n);
  const share = (s: string) =>
    new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(Number(s) / 100);
  const days = [...new Set([...m.jobsCreated, ...m.localContentReached].map((x) => x.asOf))].sort();
  return days.map((d) => {
    const jobs = m.jobsCreated.filter((x) => x.asOf <= d).at(-1);
    const local = m.localContentReached.filter((x) => x.asOf <= d).at(-1);
    return [
      date(d),
      jobs ? number(jobs.value) : '—',
      number(p.jobsPlanned),
      local ? share(local.value) : '—',
      share(p.localContentPlanned),
    ].map(flat);
  });
}

const tableRows = (page: Page) =>
  page
    .locator('table.measurements-table tbody tr')
    .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => (c as HTMLElement).innerText)))
    .then((rows) => rows.map((r) => r.map(flat)));

/** The titles listed beside the map, and the points drawn on it, in the same order. */
async function mapSites(page: Page) {
  const map = page.locator('section.site-map');
  await map.locator('svg[role="img"]').waitFor(POLL);
  const listed = await map
    .locator('ol.site-map-list > li')
    .evaluateAll((items) => items.map((li) => li.getAttribute('data-site')));
  const drawn = await map.locator('svg g.site').evaluateAll((gs) =>
    gs.map((g) => ({
      id: g.getAttribute('data-site'),
      tip: g.querySelector('title')?.textContent ?? '',
      x: Number(g.querySelector('circle')?.getAttribute('cx')),
    })),
  );
  return { map, listed, drawn };
}

/**
 * The industrial projects' measurements curve and offline map of sites, in
 * Chromium on the demo: Morocco's planner gives the bilateral Casablanca site
 * coordinates, sees it and the tripartite Benslimane complex on the list's map
 * (Casablanca to the west), adds a measurement from the project's page and
 * reads the curves' figures as the API measured them, in French; the American
 * viewer, in Hebrew, finds on the map the Benslimane complex alone, not the
 * bilateral sites it may not read, and its measurements right to left, dates
 * in Hebrew, with no form to add one.
 */
describe.skipIf(!browserAvailable())("web app: an industrial project's curves and the map of sites in Chromium", () => {
  const suite = browserSuite();
  const contexts: { close: () => Promise<void> }[] = [];
  afterAll(async () => {
    for (const c of contexts) await c.close();
  });
  let benslimane: Project;
  let casablanca: Project;

  it('maps the sites the planner may read, from the list, with the same sites listed', async () => {
    const { context, page } = await signedInPage(suite.browser, suite.server, 'mar.planner');
    contexts.push(context);
    const list = (await apiOk(page.request, 'get', '/api/industrial-projects?limit=500')) as { items: Project[] };
    const find = (key: string) => list.items.find((p) => p.title.fr === title(key)) as Project;
    benslimane = find('benslimane');
    casablanca = find('casablanca');
    expect(benslimane.site.latitude).not.toBeNull();
    // The demo's Casablanca site has no coordinates (its source names a region only): the planner gives it some.
    expect(casablanca.site.latitude).toBeNull();
    casablanca = await apiOk(page.request, 'patch', `/api/industrial-projects/${casablanca.id}`, {
      site: { place: 'Casablanca', latitude: 33.57, longitude: -7.59 },
      version: casablanca.version,
    });
    await page.goto('/industry');
    await page.getByRole('heading', { level: 2, name: fr.map.title }).waitFor(POLL);
    const { map, listed, drawn } = await mapSites(page);
    const placed = list.items.filter((p) => p.id === casablanca.id || p.site.latitude !== null).map((p) => p.id);
    expect(new Set(listed)).toEqual(new Set(placed));
    expect(drawn.map((d) => d.id)).toEqual(listed);
    const at = (id: string) => drawn.find((d) => d.id === id);
    expect(at(benslimane.id)?.tip).toContain(title('benslimane'));
    expect(at(casablanca.id)?.tip).toContain(title('casablanca'));
    // Casablanca lies west of Benslimane: further left on the map.
    expect(at(casablanca.id)?.x).toBeLessThan(at(benslimane.id)?.x as number);
    // The projects without coordinates are counted, not drawn.
    const unplaced = list.items.length - placed.length;
    expect(unplaced).toBeGreaterThan(0);
    expect(flat(await map.innerText())).toContain(flat(interpolate(fr.map.unplaced, { count: unplaced })));
    expect(await map.innerText()).toContain('Natural Earth');
    // The outline, its disputed line drawn apart and dashed.
    expect(await map.locator('path.land').getAttribute('d')).toMatch(/^M[\d. ]+L/);
    expect(
      await map
        .locator('path.disputed')
        .first()
        .evaluate((p) => getComputedStyle(p).strokeDasharray),
    ).not.toBe('none');
    // The list beside the map is the keyboard's way to each project.
    const link = map.getByRole('link', { name: title('benslimane') });
    await link.focus();
    expect(await map.locator(`svg g.site[data-site="${benslimane.id}"]`).getAttribute('class')).toContain('active');
    await expectAccessible(page);
    await shot(page, 'industry-map');
    await link.press('Enter');
    await page.waitForURL(new RegExp(`/industry/${benslimane.id}$`), POLL);
  }, 120_000);

  it("adds a measurement from the project's page and draws the curves from the API's measurements", async () => {
    const { context, page } = await signedInPage(suite.browser, suite.server, 'mar.planner');
    contexts.push(context);
    // One measured earlier through the API, one added from the page.
    const before = (await apiOk(page.request, 'get', `/api/industrial-projects/${benslimane.id}`)) as Project;
    await apiOk(page.request, 'post', `/api/industrial-projects/${benslimane.id}/measurements`, {
      asOf: '2026-09-30',
      jobsCreated: 60,
      note: 'Rapport trimestriel (illustratif)',
      version: before.version,
    });
    await page.goto(`/industry/${benslimane.id}`);
    const section = page.locator('section.industry-measurements');
    await section.getByRole('heading', { level: 2, name: fr.measurements.title }).waitFor(POLL);
    await section.getByRole('button', { name: fr.measurements.form.open }).click();
    const form = page.locator('form.industry-measurement-form');
    expect(await form.getByLabel(fr.measurements.form.asOf).inputValue()).toBe(today());
    await form.getByLabel(fr.measurements.form.jobs).fill('145');
    await form.getByLabel(fr.measurements.form.local).fill('12,5');
    await form.getByLabel(fr.measurements.form.note).fill('Relevé du site (illustratif)');
    await form.getByRole('button', { name: fr.measurements.form.save }).click();
    await form.waitFor({ state: 'detached', ...POLL });
    const project = (await apiOk(page.request, 'get', `/api/industrial-projects/${benslimane.id}`)) as Project & {
      jobsCreated: number;
      localContentReached: string;
    };
    expect([project.jobsCreated, project.localContentReached]).toEqual([145, '12.50']);
    const expected = await expectedRows(page.request, project, 'fr-FR');
    expect(expected.length).toBeGreaterThanOrEqual(2);
    await expect.poll(() => tableRows(page), POLL).toEqual(expected);
    expect(expected.at(-1)?.slice(1)).toEqual(['145', '1 200', '12,5 %', '40 %']);
    // Both curves are drawn, with as many points as the table has rows.
    for (const chart of ['jobs', 'local']) {
      const svg = section.locator(`figure.measurement-chart-${chart} svg`);
      await svg.waitFor({ timeout: 30_000 });
      expect(await svg.locator('path').count()).toBeGreaterThan(1);
    }
    // Its own site on a map, with the project named.
    const { listed } = await mapSites(page);
    expect(listed).toEqual([benslimane.id]);
    await expectAccessible(page);
    await shot(page, 'industry-measurements');
  }, 120_000);

  it('shows the American viewer, in Hebrew, the tripartite project alone on the map and its curves right to left', async () => {
    const { context, page } = await pageInLanguage(suite.browser, suite.server, 'usa.viewer', 'he');
    contexts.push(context);
    await page.goto('/industry');
    // The first page in a language fetches its catalogues, the procurement pages' and the map's: more time on a busy machine.
    await page.getByRole('heading', { level: 2, name: he.map.title }).waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['rtl', 'he']);
    const { map, listed, drawn } = await mapSites(page);
    // The bilateral sites, Casablanca with its coordinates now, are absent: only what the API answered is drawn.
    expect(listed).toEqual([benslimane.id]);
    expect(drawn.map((d) => d.id)).toEqual([benslimane.id]);
    const text = await map.innerText();
    expect(text).toContain(title('benslimane'));
    expect(text).not.toContain(title('casablanca'));
    expect(text).toContain(he.map.disputed);
    expect(text).not.toContain(fr.map.title);
    const missing = await page.request.get(`/api/industrial-projects/${casablanca.id}/measurements`);
    expect(missing.status()).toBe(404);
    await map.getByRole('link', { name: title('benslimane') }).click();
    const section = page.locator('section.industry-measurements');
    await section.getByRole('heading', { level: 2, name: he.measurements.title }).waitFor({ timeout: 30_000 });
    const project = (await apiOk(page.request, 'get', `/api/industrial-projects/${benslimane.id}`)) as Project;
    const rows = await expectedRows(page.request, project, 'he-IL');
    await expect.poll(() => tableRows(page), POLL).toEqual(rows);
    expect(await section.getByRole('button', { name: he.measurements.form.open }).count()).toBe(0);
    // Time runs from the right: the first day's label on the curve's axis is right of the last day's.
    const [first, last] = [rows[0]?.[0], rows.at(-1)?.[0]];
    await section.locator('figure.measurement-chart-jobs svg').waitFor({ timeout: 30_000 });
    const axis = await section
      .locator('figure.measurement-chart-jobs svg text')
      .evaluateAll((texts) => texts.map((t) => ({ text: t.textContent ?? '', x: t.getBoundingClientRect().left })));
    const xOf = (label: string | undefined) =>
      axis.find(
        (a) =>
          a.text
            .replace(/[\u00a0\u202f]/g, ' ')
            .replace(/[\u2067\u2069]/g, '')
            .trim() === label,
      )?.x;
    expect(rows.length).toBeGreaterThan(1);
    expect(xOf(first)).toBeGreaterThan(xOf(last) as number);
    const head = await section
      .locator('table.measurements-table thead th')
      .evaluateAll((ths) => ths.map((th) => th.getBoundingClientRect().left));
    // The first column (the day) is at the right.
    expect(head[0]).toBeGreaterThan(head[1] as number);
    await expectAccessible(page);
    await shot(page, 'industry-measurements-he');
  }, 120_000);
});
