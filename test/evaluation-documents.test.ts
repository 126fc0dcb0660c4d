import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { closePdfRenderer } from '../src/documents/pdf.js';
import { databases } from './support/databases.js';
import { CRITERIA, inputsFor, METHOD, NEED } from './support/evaluation.js';
import { type Json, programmeApi } from './support/programme-api.js';

const OUT = 'test-results/documents';
const printable = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return existsSync('/usr/bin/chromium');
  } catch {
    return false;
  }
})();
if (process.env.CI && !printable) throw new Error('CI needs chromium and poppler-utils for the document tests');

const catalogue = (lang: string) =>
  JSON.parse(readFileSync(new URL(`../src/documents/i18n/${lang}.json`, import.meta.url), 'utf8')) as Json;

/**
 * The evaluation report of a programme's offers, printed through the API on
 * each database: its ranking, hash and marking on every page in French and
 * Arabic, and nothing for a reader who may not read the programme.
 */
describe.each(databases())('the evaluation report on %s', (kind) => {
  const api = programmeApi(kind, {
    name: 'Artillery Systems',
    country: 'France',
    systems: [{ name: 'Howitzer on truck', category: 'artillery' }],
    releasableTo: ['ISR'],
  });
  const { s, send, ok } = api;
  afterAll(() => closePdfRenderer());

  /** A programme in evaluation with three offers, designed and with its evaluators' inputs recorded. */
  async function evaluated(label: Json) {
    const p = await ok('mar', 'POST', '/api/programmes', {
      commissionId: null,
      title: { en: 'Self-propelled howitzers' },
      need: NEED,
      ...label,
    });
    for (let i = 0; i < 3; i++)
      await ok('mar', 'POST', `/api/programmes/${p.id}/offers`, {
        supplierId: s.supplier.id,
        systemId: s.supplier.systems[0].id,
        quantity: 36,
        unitPrice: { amount: `${50000000 + i}.00`, currency: 'MAD' },
        totalPrice: { amount: `${(50000000 + i) * 36}.00`, currency: 'MAD' },
        validUntil: '2027-06-30',
      });
    await ok('mar', 'POST', `/api/programmes/${p.id}/transitions`, { to: 'evaluation' });
    const url = `/api/programmes/${p.id}/evaluation`;
    let e = await ok('mar', 'GET', url);
    e = await ok('mar', 'PATCH', url, { criteria: CRITERIA, method: METHOD, version: e.version });
    e = await ok('mar', 'POST', `${url}/evaluators`, { userId: s.w.marPlanner.userId, version: e.version });
    const ids = e.offers.map((o: Json) => o.id);
    e = await ok('mar', 'PUT', `${url}/evaluators/${s.w.marPlanner.userId}/inputs`, inputsFor(ids));
    // ISR's planner evaluates too where it may read the programme.
    if (label.releasableTo) {
      e = await ok('mar', 'POST', `${url}/evaluators`, { userId: s.w.isrPlanner.userId, version: e.version });
      e = await ok('isr', 'PUT', `${url}/evaluators/${s.w.isrPlanner.userId}/inputs`, inputsFor(ids, 1));
    }
    return { p: await ok('mar', 'GET', `/api/programmes/${p.id}`), e };
  }

  it.skipIf(!printable)(
    'prints the ranking, the hash and the marking on every page, in French and in Arabic',
    async () => {
      const { p, e } = await evaluated({ releasableTo: ['ISR'] });
      expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
      mkdirSync(OUT, { recursive: true });
      for (const lang of ['fr', 'ar'] as const) {
        const res = await send('isr', 'GET', `/api/programmes/${p.id}/evaluation/report.pdf?lang=${lang}`);
        expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
        expect(res.headers['content-type']).toBe('application/pdf');
        const file = `${OUT}/evaluation-${kind}-${lang}.pdf`;
        writeFileSync(file, res.rawPayload);
        // Vowel marks come out of pdftotext apart from their letters: compare without them.
        const bare = (x: string) => x.normalize('NFKD').replace(/\p{M}/gu, '');
        const text = bare(execFileSync('pdftotext', ['-layout', file, '-']).toString());
        // The hash may break across lines; it is whole once the spaces are gone.
        expect(text.replace(/\s/g, '')).toContain(e.hash);
        for (const r of e.result.ranking) expect(text).toContain(r.score.toFixed(4));
        const first = e.result.ranking.find((r: Json) => r.rank === 1);
        expect(text).toContain(e.offers.find((o: Json) => o.id === first.offer).name);
        // Every page carries the programme's marking, top and bottom.
        const t = catalogue(lang);
        const pages = text.split('\f').filter((page) => page.trim());
        expect(pages.length).toBeGreaterThan(1);
        for (const page of pages) {
          expect(page).toContain(bare(t.level[p.classification]));
          expect(page.match(new RegExp(bare(t.relTo), 'g'))?.length ?? 0).toBeGreaterThanOrEqual(2);
        }
        if (lang === 'ar')
          execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', file, `${OUT}/evaluation-${lang}`]);
      }
      // The export is audited.
      const exports = await s.t.db.selectFrom('audit_entry').select('action').where('action', '=', 'document.export').execute();
      expect(exports).toHaveLength(2);
    },
    120_000,
  );

  it('answers 404 to a reader who may not read the programme, and writes nothing', async () => {
    const { p } = await evaluated({});
    const res = await send('isr', 'GET', `/api/programmes/${p.id}/evaluation/report.pdf?lang=fr`);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('programme.not_found');
    const exports = await s.t.db.selectFrom('audit_entry').select('action').where('action', '=', 'document.export').execute();
    expect(exports).toHaveLength(0);
  });
});
