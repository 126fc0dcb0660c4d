import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOf } from '../src/app/auth.usecases.js';
import { createContext } from '../src/app/context.js';
import { reportDocument } from '../src/app/document.usecases.js';
import { DEMO_PASSWORD } from '../src/demo/accounts.js';
import { loadDemo } from '../src/demo/demo.js';
import { closePdfRenderer } from '../src/documents/pdf.js';
import { renderDocumentHtml } from '../src/documents/render.js';
import { monthEnds } from '../src/domain/curve.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { sessionCookie } from './support/fixtures.js';

const TODAY = new Date('2026-11-23T09:00:00Z');
const OUT = 'test-results/documents';
const chromium = existsSync('/usr/bin/chromium');
const poppler = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (process.env.CI && !(chromium && poppler)) throw new Error('CI needs chromium and poppler-utils for the document tests');
if (!chromium || !poppler)
  console.warn('PDF rendering tests skipped: apt-get install chromium fonts-noto-core poppler-utils to run them.');

describe.each(databases())('documents on %s', (kind) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof buildServer>>;
  const cookies: Record<string, string> = {};
  let planId = '';
  let sessionId = '';

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    await loadDemo(t.ctx, { ifEmpty: true });
    const ctx = createContext(t.db, () => TODAY);
    app = await buildServer(ctx, { webRoot: false });
    for (const username of ['mar.planner', 'usa.viewer', 'isr.viewer'])
      cookies[username] = await sessionCookie(app, username, DEMO_PASSWORD);
    const plans = await app.inject({ method: 'GET', url: '/api/plans', headers: { cookie: cookies['mar.planner'] ?? '' } });
    planId = plans.json().items[0].id;
    const commissionId = plans.json().items[0].commissionId;
    const sessions = await app.inject({
      method: 'GET',
      url: `/api/commissions/${commissionId}/sessions`,
      headers: { cookie: cookies['mar.planner'] ?? '' },
    });
    sessionId = sessions.json().items[0].id;
  });
  afterAll(async () => {
    await closePdfRenderer();
    await app?.close();
    await t?.close();
  });

  const get = (who: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie: cookies[who] ?? '' } });

  it('holds in a document only what its reader may read, and marks it', async () => {
    const mine = await get('mar.planner', `/api/plans/${planId}/documents/plan.html?lang=en`);
    expect(mine.statusCode, mine.body).toBe(200);
    const activities = (await get('mar.planner', `/api/plans/${planId}/activities?limit=500`)).json().items as {
      refCode: string;
    }[];
    for (const a of activities) expect(mine.body).toContain(a.refCode);

    // The plan itself is not released to the United States: its documents do not exist for them.
    expect((await get('usa.viewer', `/api/plans/${planId}/documents/plan.html`)).statusCode).toBe(404);
    const isr = await get('isr.viewer', `/api/plans/${planId}/documents/report.html?lang=he`);
    expect(isr.statusCode).toBe(200);
    const isrSees = (await get('isr.viewer', `/api/plans/${planId}/activities?limit=500`)).json().items as { refCode: string }[];
    const hidden = activities.filter((a) => !isrSees.some((s) => s.refCode === a.refCode));
    expect(hidden.length).toBeGreaterThan(0);
    for (const a of hidden) expect(isr.body).not.toContain(a.refCode);
    expect(isr.body).toContain('dir="rtl"');
    expect(mine.body).toMatch(/REL TO/);
  });

  it('titles the carried-forward agenda of the minutes in the reader’s language, free text as typed', async () => {
    const plans = (await get('mar.planner', '/api/plans')).json().items as { commissionId: string }[];
    const sessions = (await get('mar.planner', `/api/commissions/${plans[0]?.commissionId}/sessions`)).json().items as {
      id: string;
      number: number;
    }[];
    const fourth = sessions.find((s) => s.number === 4)?.id;
    const agenda = (await get('mar.planner', `/api/sessions/${fourth}/agenda`)).json().items as {
      title: string;
      reference: { kind: string } | null;
    }[];
    const carried = agenda.find((i) => i.reference?.kind === 'action_item');
    expect(carried).toBeDefined();
    const words = {
      fr: /\(session \d+, échéance le/,
      en: /\(session \d+, due /,
      ar: /\(الدورة \d+، الأجل/,
      he: /\(מושב \d+, מועד יעד/,
    };
    for (const [lang, sentence] of Object.entries(words)) {
      const res = await get('mar.planner', `/api/sessions/${fourth}/documents/minutes.html?lang=${lang}`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toMatch(sentence);
      expect(res.body).toContain(carried?.title);
      if (lang !== 'en') expect(res.body).not.toMatch(/\(session \d+, due |postponed \d+ times|overdue since/);
    }
  });

  it('audits every document that leaves the system', async () => {
    const before = (await t.db.selectFrom('audit_entry').select('seq').where('action', '=', 'document.export').execute()).length;
    await get('mar.planner', `/api/sessions/${sessionId}/documents/minutes.html?lang=fr`);
    const after = (await t.db.selectFrom('audit_entry').select('seq').where('action', '=', 'document.export').execute()).length;
    expect(after).toBe(before + 1);
  });

  it('prints in the execution report the very curve the API gives: the current month as of today, nothing after it', async () => {
    const api = (await get('mar.planner', `/api/plans/${planId}/curve`)).json() as {
      asOf: string;
      points: { period: string; planned: number; actual: number | null }[];
    };
    expect(api.asOf).toBe('2026-11-23');
    const res = await get('mar.planner', `/api/plans/${planId}/documents/report.html?lang=en`);
    expect(res.statusCode).toBe(200);
    // One table per year of the plan, so that a five-year plan still fits the page.
    const tables = [...res.body.matchAll(/<table class="curve-figures">([\s\S]*?)<\/table>/g)].map((m) => m[1] ?? '');
    expect(tables.length).toBe(new Set(api.points.map((p) => p.period.slice(0, 4))).size);
    const row = (name: string) =>
      tables.flatMap((table) =>
        [
          ...(table.match(new RegExp(`<tr class="${name}">([\\s\\S]*?)</tr>`))?.[1] ?? '').matchAll(/<td[^>]*>([^<]*)<\/td>/g),
        ].map((m) => m[1]),
      );
    expect(row('curve-planned')).toEqual(api.points.map((p) => String(p.planned)));
    expect(row('curve-actual')).toEqual(api.points.map((p) => (p.actual === null ? '—' : String(p.actual))));
    // November holds "as of": it shows what was done by 23 November, not 0; December is not drawn.
    const kpis = (await get('mar.planner', `/api/plans/${planId}/kpis`)).json() as { execution: { done: number } };
    const november = api.points.find((p) => p.period === '2026-11-30');
    expect(kpis.execution.done).toBeGreaterThan(0);
    expect(november?.actual).toBe(kpis.execution.done);
    expect(api.points.filter((p) => p.period > '2026-11-30').every((p) => p.actual === null)).toBe(true);
    expect(api.points.filter((p) => p.period < '2026-11-30').every((p) => p.actual !== null)).toBe(true);
  });

  it('prints the curve of a plan over several years as one table per year, every point in it', async () => {
    const ctx = createContext(t.db, () => TODAY);
    const row = await t.db.selectFrom('app_user').selectAll().where('username', '=', 'mar.planner').executeTakeFirstOrThrow();
    const doc = await reportDocument(ctx, await actorOf(ctx, row), planId, 'en');
    const months = monthEnds('2026-01-01', '2028-06-30');
    const curve = months.map((period, i) => ({ period, planned: i + 1, actual: period <= '2027-03-31' ? i : null }));
    const html = renderDocumentHtml({ ...doc, curve }, 'en');
    const tables = [...html.matchAll(/<table class="curve-figures">([\s\S]*?)<\/table>/g)].map((m) => m[1] ?? '');
    expect(tables.map((table) => table.match(/<th>(\d{4})<\/th>/)?.[1])).toEqual(['2026', '2027', '2028']);
    const cells = (name: string) =>
      tables.flatMap((table) =>
        [
          ...(table.match(new RegExp(`<tr class="${name}">([\\s\\S]*?)</tr>`))?.[1] ?? '').matchAll(/<td[^>]*>([^<]*)<\/td>/g),
        ].map((m) => m[1]),
      );
    expect(cells('curve-planned')).toEqual(curve.map((p) => String(p.planned)));
    expect(cells('curve-actual')).toEqual(curve.map((p) => (p.actual === null ? '—' : String(p.actual))));
  });

  it('prints the baseline hash and the hash of the amendment in force, each named for what it is', async () => {
    const revisions = (await get('mar.planner', `/api/plans/${planId}/revisions`)).json().items as {
      number: number;
      status: string;
      contentHash: string | null;
    }[];
    const approved = revisions.filter((r) => r.status === 'approved');
    const baseline = approved.find((r) => r.number === 0)?.contentHash;
    const inForce = approved.at(-1);
    expect(baseline).toBeTruthy();
    expect(inForce?.number).toBeGreaterThan(0);
    expect(inForce?.contentHash).not.toBe(baseline);
    const labels = {
      fr: ['Référence approuvée (révision 0)', `En vigueur : révision ${inForce?.number}`],
      en: ['Approved baseline (revision 0)', `In force: revision ${inForce?.number}`],
      ar: ['المرجع المعتمد (المراجعة 0)', `الساري: المراجعة ${inForce?.number}`],
      he: ['תצורת הבסיס המאושרת (גרסה 0)', `בתוקף: גרסה ${inForce?.number}`],
    };
    for (const [lang, [baselineLabel, inForceLabel]] of Object.entries(labels)) {
      const res = await get('mar.planner', `/api/plans/${planId}/documents/plan.html?lang=${lang}`);
      expect(res.statusCode).toBe(200);
      // Each value of the line is in its own isolate element: read the line's text.
      const line = (name: string) =>
        (res.body.match(new RegExp(`<p class="hash ${name}">(.*?)</p>`))?.[1] ?? '').replace(/<[^>]*>/g, '');
      const baselineLine = line('baseline-hash');
      const inForceLine = line('revision-hash');
      expect(baselineLine).toContain(baselineLabel);
      expect(baselineLine).toContain(baseline);
      expect(inForceLine).toContain(inForceLabel);
      expect(inForceLine).toContain(inForce?.contentHash);
    }
  });

  it.runIf(chromium && poppler)(
    'prints every reference code, name and date whole in Arabic and Hebrew, in the order it is written',
    async () => {
      mkdirSync(OUT, { recursive: true });
      const activities = (await get('mar.planner', `/api/plans/${planId}/activities?limit=500`)).json().items as {
        refCode: string;
      }[];
      const report = (await get('mar.planner', `/api/plans/${planId}/kpis`)).json() as { execution: { overdue: number } };
      expect(activities.length).toBeGreaterThan(10);
      const plan = (await get('mar.planner', `/api/plans/${planId}`)).json() as { title: Record<string, string> };
      for (const lang of ['ar', 'he'] as const) {
        const pdf = async (name: string, url: string) => {
          const res = await get('mar.planner', `${url}?lang=${lang}`);
          expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
          const file = `${OUT}/${name}-${lang}.pdf`;
          writeFileSync(file, res.rawPayload);
          if (name === 'plan')
            execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, `${OUT}/${name}-${lang}`]);
          const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
          // Isolates are elements, not control characters that a reader would copy with the text.
          expect(text).not.toMatch(/[\u2066-\u2069]/);
          return text;
        };
        const planText = await pdf('plan', `/api/plans/${planId}/documents/plan.pdf`);
        // "2026-DOC-01" used to come out as "DOC-01-2026": the year went to the far end of the code.
        for (const a of activities) expect(planText).toContain(a.refCode);
        expect(planText).not.toMatch(/\b[A-Z]{3}-\d{2}-20\d\d\b/);
        // The place of the session stands alone beside its number, not between the digits of the dates.
        expect(planText).toMatch(/Tel-Aviv/);
        expect(planText).not.toMatch(/Tel-Aviv · 1 · 3/);
        const reportText = await pdf('report', `/api/plans/${planId}/documents/report.pdf`);
        expect(report.execution.overdue).toBeGreaterThan(0);
        expect(reportText).not.toMatch(/\b[A-Z]{3}-\d{2}-20\d\d\b/);
        const shown = activities.filter((a) => reportText.includes(a.refCode));
        expect(shown.length).toBeGreaterThanOrEqual(report.execution.overdue);
        const html = (await get('mar.planner', `/api/plans/${planId}/documents/plan.html?lang=${lang}`)).body;
        // Every code, and the title written in another language than the page's, sits in an isolate of its own.
        for (const a of activities) expect(html).toContain(`<bdi dir="ltr">${a.refCode}</bdi>`);
        if (!plan.title[lang]) expect(html).toMatch(/<h1>[^<]*<bdi dir="auto" lang="fr">/);
      }
    },
    120_000,
  );

  it.runIf(chromium && poppler)(
    'prints every document to PDF in French and Arabic, readable page by page',
    async () => {
      mkdirSync(OUT, { recursive: true });
      const docs = [
        ['plan', `/api/plans/${planId}/documents/plan.pdf`],
        ['minutes', `/api/sessions/${sessionId}/documents/minutes.pdf`],
        ['report', `/api/plans/${planId}/documents/report.pdf`],
      ] as const;
      for (const [name, url] of docs)
        for (const lang of ['fr', 'ar'] as const) {
          const res = await get('mar.planner', `${url}?lang=${lang}`);
          expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
          expect(res.headers['content-type']).toBe('application/pdf');
          expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
          const file = `${OUT}/${name}-${lang}.pdf`;
          writeFileSync(file, res.rawPayload);
          execFileSync('pdftoppm', ['-png', '-r', '60', file, `${OUT}/${name}-${lang}`]);
          // Vowel marks come out of pdftotext apart from their letters: compare without them.
          const text = execFileSync('pdftotext', ['-layout', file, '-']).toString().normalize('NFKD').replace(/\p{M}/gu, '');
          // The marking is on every page, in the document's language.
          const pages = text.split('\f').filter((p) => p.trim());
          const marking = lang === 'fr' ? /DIFFUSION/ : /يتاح/;
          for (const page of pages) expect(page).toMatch(marking);
          if (lang === 'ar') expect(text).toMatch(name === 'plan' ? /خطة العمل/ : name === 'minutes' ? /محضر/ : /تقرير التنفيذ/);
          if (name === 'plan') expect(text).toMatch(/SHA-256/);
        }
    },
    120_000,
  );
});
