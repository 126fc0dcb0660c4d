import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePdfRenderer } from '../src/documents/pdf.js';
import { databases } from './support/databases.js';
import { servedDemo } from './support/world-demo.js';

// biome-ignore lint/suspicious/noExplicitAny: the answers' JSON is read loosely here; the assertions check its shape
type Json = Record<string, any>;

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

const texts = (lang: string) =>
  JSON.parse(readFileSync(new URL(`../src/documents/i18n/offset-report/${lang}.json`, import.meta.url), 'utf8')) as Json;
const common = (lang: string) =>
  JSON.parse(readFileSync(new URL(`../src/documents/i18n/${lang}.json`, import.meta.url), 'utf8')) as Json;
// Vowel marks and bidirectional controls come out of pdftotext apart from their letters: compare without them.
const bare = (x: string) =>
  x
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
/**
 * The industrial-participation report of the demo's ATMOS 2000 contract,
 * printed through the API on each database: the promised participation, the
 * obligation, the ledger as of a day, the claims with their status and the
 * linked projects, marked on every page, in French and Arabic; nothing for the
 * United States' viewer, who may not read the programme.
 */
describe.each(databases())('the industrial-participation report on %s', (kind) => {
  const { s, auth } = servedDemo(kind, 180_000);
  let obligation: Json;

  beforeAll(async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/offset-obligations?party=MAR', headers: auth['mar.planner'] });
    obligation = (res.json() as Json).items[0];
    mkdirSync(OUT, { recursive: true });
  });
  afterAll(async () => {
    await closePdfRenderer();
  });

  const report = (who: string, lang: string, on = '2026-12-01') =>
    s.app.inject({
      method: 'GET',
      url: `/api/programmes/${obligation.programmeId}/offset-report.pdf?lang=${lang}&on=${on}`,
      headers: auth[who],
    });

  it.skipIf(!printable)(
    'prints the ledger, the claims and their status, the promise and the projects, marked on every page, in French, Arabic, Hebrew and English',
    async () => {
      const claims = (
        await s.app.inject({
          method: 'GET',
          url: `/api/offset-obligations/${obligation.id}/claims`,
          headers: auth['mar.planner'],
        })
      ).json().items as Json[];
      for (const lang of ['fr', 'ar', 'he', 'en']) {
        const res = await report('mar.planner', lang);
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toBe('application/pdf');
        const file = `${OUT}/offset-report-${kind}-${lang}.pdf`;
        writeFileSync(file, res.rawPayload);
        const raw = execFileSync('pdftotext', ['-layout', file, '-']).toString();
        const text = bare(raw);
        const tx = texts(lang);
        // (The words before a parenthesis: pdftotext mirrors parentheses in right-to-left text.)
        for (const k of ['promised', 'obligations', 'ledger', 'claims', 'projects'])
          expect(text).toContain(bare(tx.section[k].split(' (')[0]));
        // The ledger as of 1 December 2026: 950,000,000 owed, 380,000,000 granted, 90,000,000 pending, 570,000,000 short.
        const numbers = raw
          .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
          .match(/\d+(?:[ \u00a0\u202f.,\u066b\u066c]\d+)*/g)
          ?.map((n) => n.replace(/[^\d]/g, ''));
        for (const figure of ['95000000000', '38000000000', '9000000000', '57000000000']) expect(numbers).toContain(figure);
        // Percentages and amounts laid out as the web shows them in the same language.
        const spaced = raw.replace(/[\u00a0\u202f]/g, ' ');
        if (lang === 'fr') {
          expect(spaced).toContain('30,00 %');
          expect(spaced).not.toMatch(/\d\.\d\d %/);
        }
        if (lang === 'ar') expect(raw).toContain('1.900.000.000,00');
        if (lang === 'en') expect(raw).toContain('1,900,000,000.00');
        // Every claim's status, in the report's language.
        for (const c of claims) expect(text).toContain(bare(tx.statuses[c.status]));
        // The refusal's reason and the linked Casablanca site.
        const refused = claims.find((c) => c.status === 'refused');
        expect(text.replace(/\s+/g, ' ')).toContain(bare(refused?.history.at(-1).reason).slice(0, 30));
        // The marking on every page (CONFIDENTIAL, released to Israel).
        const pages = text.split('\f').filter((p) => p.trim());
        expect(pages.length).toBeGreaterThanOrEqual(1);
        const level = bare(common(lang).level.CONFIDENTIAL);
        for (const page of pages) {
          expect(page).toContain(level);
          expect(page).toContain('ISR');
        }
        // Each party's own word for that level, from the commission's table, as the plan documents print them.
        expect(raw).toContain('USA: CONFIDENTIAL');
        expect(raw).toContain('MAR: CONFIDENTIEL');
        execFileSync('pdftoppm', ['-png', '-r', '60', file, `${OUT}/offset-report-${kind}-${lang}`]);
      }
    },
    120_000,
  );

  it.skipIf(!printable)(
    'prints the national equivalents of a report outside the commission to a reader of the commission, not to one who may not read it',
    async () => {
      const programmes = (await s.app.inject({ method: 'GET', url: '/api/programmes', headers: auth['usa.viewer'] })).json()
        .items as Json[];
      const benslimane = programmes.find((p) => p.commissionId === null);
      expect(benslimane?.classification).toBe('RESTRICTED');
      const print = async (who: string) => {
        const res = await s.app.inject({
          method: 'GET',
          url: `/api/programmes/${benslimane?.id}/offset-report.pdf?lang=en`,
          headers: auth[who],
        });
        expect(res.statusCode).toBe(200);
        const file = `${OUT}/offset-report-${kind}-benslimane-${who}.pdf`;
        writeFileSync(file, res.rawPayload);
        return execFileSync('pdftotext', ['-layout', file, '-']).toString();
      };
      // RESTRICTED: Israel and the United States have no such level and read it at the next one up.
      const line = (await print('mar.planner')).split('\n').find((l) => l.includes('MAR: DIFFUSION RESTREINTE'));
      expect(line).toContain('USA: CONFIDENTIAL');
      expect(line).toContain('ISR:');
      expect(line).toContain('שמור');
      // The United States may not read the Morocco–Israel commission: its table lends nothing.
      expect(await print('usa.viewer')).not.toContain('USA: CONFIDENTIAL');
    },
    120_000,
  );

  it('gives the ledger workbook headed in the language asked, each obligation named by its title and programme', async () => {
    const programme = (
      await s.app.inject({ method: 'GET', url: `/api/programmes/${obligation.programmeId}`, headers: auth['mar.planner'] })
    ).json() as Json;
    const sheetOf = async (lang?: string) => {
      const res = await s.app.inject({
        method: 'GET',
        url: `/api/offset-ledger.xlsx?contract=${obligation.programmeId}&on=2026-12-01${lang ? `&lang=${lang}` : ''}`,
        headers: auth['mar.planner'],
      });
      expect(res.statusCode, res.body).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const sheet = wb.getWorksheet('Ledger');
      if (!sheet) throw new Error('no Ledger sheet');
      return { sheet, header: (sheet.getRow(1).values as unknown[]).slice(1).map(String) };
    };
    const fr = await sheetOf('fr');
    expect(fr.header).toContain('Manque (MAD, 2026-12-01)');
    expect(fr.header).toContain('Report reçu (MAD, 2026-12-01)');
    expect(fr.header.join(' ')).not.toMatch(/bankedIn|penaltyDue|obligation id/);
    const row = (fr.sheet.getRow(2).values as unknown[]).map(String);
    expect(row).toContain(obligation.title.fr);
    expect(row).toContain(programme.title.fr);
    expect(row).toContain(obligation.id);
    expect(fr.sheet.getRow(3).values as unknown[]).toContain('TOTAL');
    // In English when no language is asked; in Arabic, its own words.
    expect((await sheetOf()).header).toContain('Shortfall (MAD, 2026-12-01)');
    expect((await sheetOf('ar')).header).toContain('العجز (MAD, 2026-12-01)');
  });

  it('answers 404 to the United States viewer, who may not read the contract, as for a programme that does not exist', async () => {
    const hidden = await report('usa.viewer', 'en');
    const missing = await s.app.inject({
      method: 'GET',
      url: '/api/programmes/00000000-0000-4000-8000-000000000000/offset-report.pdf?lang=en',
      headers: auth['usa.viewer'],
    });
    expect(hidden.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(hidden.json().code).toBe(missing.json().code);
  });
});
