import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { closePdfRenderer } from '../src/documents/pdf.js';
import { databases } from './support/databases.js';
import { designedWithInputs, inputsFor, offerOf, programmeInEvaluation, THREE_PRICES } from './support/evaluation.js';
import { makeActor } from './support/fixtures.js';
import { parseShort } from './support/markings.js';
import { printingAvailable } from './support/printing.js';
import { type Json, programmeApi, type Who } from './support/programme-api.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const OUT = 'test-results/documents';
const printable = printingAvailable();

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

  /**
   * A programme in evaluation with three offers, designed and with its evaluators' inputs recorded;
   * offer i is of `suppliers[i]`, else of the test's supplier.
   */
  async function evaluated(label: Json, suppliers: Json[] = []) {
    const p = await programmeInEvaluation(
      api,
      { title: { en: 'Self-propelled howitzers' }, ...label },
      THREE_PRICES.map((price, i) => offerOf(suppliers[i] ?? s.supplier, price)),
    );
    const url = `/api/programmes/${p.id}/evaluation`;
    let e = await designedWithInputs(api, url);
    const ids = e.offers.map((o: Json) => o.id);
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
        // The offer first, by its neutral code ("O1") read in the report's language ("Offre 1").
        const t = catalogue(lang);
        const code = e.offers.find((o: Json) => o.id === first.offer).name;
        expect(code).toMatch(/^O[1-9]\d*$/);
        // Without the marks that isolate the digit in right-to-left text.
        expect(text.replace(/[\u202a-\u202e\u2066-\u2069]/g, '')).toContain(
          t.evaluation.offerCode.replace('{{n}}', code.slice(1)),
        );
        // Every page carries the programme's marking, top and bottom.
        const pages = text.split('\f').filter((page) => page.trim());
        expect(pages.length).toBeGreaterThan(1);
        for (const page of pages) {
          expect(page).toContain(bare(t.level[p.classification]));
          expect(page.match(new RegExp(bare(t.relTo), 'g'))?.length ?? 0).toBeGreaterThanOrEqual(2);
        }
        // The stability charts: the flip points' legend and the rank acceptability's heading, beside their tables.
        // (The legend's words before its parenthesis: pdftotext takes Arabic's lam-alef ligature apart out of order.)
        expect(text).toContain(bare(t.evaluation.flipPoint.split(' (')[0]));
        expect(text).toContain(bare(t.evaluation.rankAcceptability));
        execFileSync('pdftoppm', ['-png', '-r', '60', file, `${OUT}/evaluation-${kind}-${lang}`]);
      }
      // The export is audited.
      const exports = await s.t.db.selectFrom('audit_entry').select('action').where('action', '=', 'document.export').execute();
      expect(exports).toHaveLength(2);
    },
    120_000,
  );

  /**
   * A confidential programme whose first offer is of a secret supplier, with ISR's planner (cleared
   * secret) and an ISR viewer cleared only confidential, who may read the programme but not that supplier.
   */
  async function secretSupplierOffer() {
    const secret = await ok('mar', 'POST', '/api/suppliers', {
      name: 'Covert Arms',
      country: 'France',
      systems: [{ name: 'Rocket launcher', category: 'artillery' }],
      classification: 'SECRET',
      releasableTo: ['ISR'],
    });
    const { p } = await evaluated({ classification: 'CONFIDENTIAL', releasableTo: ['ISR'] }, [secret]);
    const viewer = await api.headersOf(await makeActor(s.t.ctx, 'ISR', ['viewer'], 'CONFIDENTIAL'));
    return { p, viewer };
  }

  it.skipIf(!printable)(
    "marks every page of the report with a printed supplier's label above its programme's, and a reader not cleared for the supplier gets neither",
    async () => {
      const { p, viewer } = await secretSupplierOffer();
      mkdirSync(OUT, { recursive: true });
      const pagesOf = async (who: Who, name: string) => {
        const res = await send(who, 'GET', `/api/programmes/${p.id}/evaluation/report.pdf?lang=en`);
        expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
        const file = `${OUT}/evaluation-supplier-${name}-${kind}.pdf`;
        writeFileSync(file, res.rawPayload);
        return execFileSync('pdftotext', ['-layout', file, '-'])
          .toString()
          .split('\f')
          .filter((page) => page.trim());
      };
      const cleared = await pagesOf('isr', 'cleared');
      expect(cleared.join('\n')).toContain('Covert Arms');
      for (const page of cleared) {
        expect(page.match(/\bSECRET \/\/ REL TO ISR, MAR/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
        expect(page).not.toContain('CONFIDENTIAL');
      }
      const uncleared = await pagesOf(viewer, 'uncleared');
      expect(uncleared.join('\n')).not.toContain('Covert Arms');
      expect(uncleared.join('\n')).toContain('Artillery Systems');
      for (const page of uncleared) {
        expect(page.match(/CONFIDENTIAL \/\/ REL TO ISR, MAR/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
        expect(page).not.toContain('SECRET');
      }
    },
    120_000,
  );

  it("marks the workbook and the offer's row with a printed supplier's label, and omits the supplier for a reader not cleared for it", async () => {
    const { p, viewer } = await secretSupplierOffer();
    const sheetsOf = async (who: Who) => {
      const { wb } = await scoresWorkbook(p, who);
      const offers = wb.getWorksheet('Offers');
      const scores = wb.getWorksheet('Scores');
      if (!offers || !scores) throw new Error('sheets missing');
      return { offers, scores };
    };
    const cleared = await sheetsOf('isr');
    for (const sheet of [cleared.offers, cleared.scores]) {
      expect(parseShort(String(sheet.getCell('A1').value))).toEqual({ level: 3, compartments: [], releasableTo: ['ISR', 'MAR'] });
      expect(sheet.headerFooter.oddHeader).toContain('SECRET');
      expect(sheet.headerFooter.oddFooter).toContain('SECRET');
    }
    // The secret supplier's offer is marked as secret; the others, of a supplier below the programme, as the programme.
    expect(cleared.offers.getCell('C2').value).toBe('Covert Arms');
    expect(String(cleared.offers.getCell('A2').value)).toMatch(/^\(SECRET\/\//);
    expect(parseShort(String(cleared.offers.getCell('A2').value)).level).toBe(3);
    expect(cleared.offers.getCell('C3').value).toBe('Artillery Systems');
    expect(parseShort(String(cleared.offers.getCell('A3').value)).level).toBe(2);

    const uncleared = await sheetsOf(viewer);
    for (const sheet of [uncleared.offers, uncleared.scores]) {
      expect(parseShort(String(sheet.getCell('A1').value))).toEqual({ level: 2, compartments: [], releasableTo: ['ISR', 'MAR'] });
      expect(sheet.headerFooter.oddHeader).not.toContain('SECRET');
    }
    expect(uncleared.offers.getCell('C2').value).toBeNull();
    expect(parseShort(String(uncleared.offers.getCell('A2').value)).level).toBe(2);
    const cells = [uncleared.offers, uncleared.scores].flatMap((sheet) =>
      sheet.getSheetValues().flatMap((row) => (Array.isArray(row) ? row.map(String) : [])),
    );
    expect(cells).not.toContain('Covert Arms');
    expect(cells.join(' ')).not.toContain('SECRET');
  });

  it('answers 404 to a reader who may not read the programme, and writes nothing', async () => {
    const { p } = await evaluated({});
    const res = await send('isr', 'GET', `/api/programmes/${p.id}/evaluation/report.pdf?lang=fr`);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('programme.not_found');
    const exports = await s.t.db.selectFrom('audit_entry').select('action').where('action', '=', 'document.export').execute();
    expect(exports).toHaveLength(0);
  });

  /** The scores workbook as ISR's planner (or `who`) reads it, and a way to upload it back. */
  async function scoresWorkbook(p: Json, who: Who = 'isr') {
    const res = await send(who, 'GET', `/api/programmes/${p.id}/evaluation/scores.xlsx`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const upload = async () =>
      s.app.inject({
        method: 'PUT',
        url: `/api/programmes/${p.id}/evaluation/scores.xlsx`,
        headers: { ...(await api.headersOf(s.w.isrPlanner)), 'content-type': XLSX },
        payload: Buffer.from(await wb.xlsx.writeBuffer()),
      });
    return { wb, upload };
  }

  it("round-trips the offers and scores workbook, recording the signed-in evaluator's scores", async () => {
    const { p, e } = await evaluated({ releasableTo: ['ISR'] });
    const { wb, upload } = await scoresWorkbook(p);
    const offers = wb.getWorksheet('Offers');
    const first = wb.getWorksheet('Scores');
    if (!offers || !first) throw new Error('sheets missing');
    expect(offers.getRow(2).values).toEqual(expect.arrayContaining(['O1', 'Artillery Systems', e.offers[0].id]));
    // The marking heads each sheet and every printed page.
    expect(String(first.getCell('A1').value)).toMatch(/^UNCLASSIFIED.*REL ISR, MAR/);
    expect(first.headerFooter.oddHeader).toContain('UNCLASSIFIED');
    expect(first.headerFooter.oddFooter).toContain('UNCLASSIFIED');
    // A row per evaluator and leaf criterion, a column per offer.
    expect(first.rowCount).toBe(1 + 2 * 4);
    expect(first.getRow(1).values).toEqual([
      undefined,
      expect.any(String),
      'evaluator',
      'evaluatorName',
      'criterion',
      'criterionName',
      'version',
      'O1',
      'O2',
      'O3',
    ]);

    // Uploaded unchanged, it records the same scores.
    const same = await upload();
    expect(same.statusCode, same.body).toBe(200);
    const isrBefore = e.evaluators.find((x: Json) => x.userId === s.w.isrPlanner.userId);
    expect(same.json().evaluators.find((x: Json) => x.userId === s.w.isrPlanner.userId).inputs).toEqual(isrBefore.inputs);

    // That upload moved the inputs' version on: the next changes go into the workbook downloaded again.
    const next = await scoresWorkbook(p);
    const scores = next.wb.getWorksheet('Scores');
    if (!scores) throw new Error('no Scores sheet');

    // ISR's price scores changed in the workbook; MAR's row changed too, which ISR's upload ignores.
    const rowOf = (evaluator: string, criterion: string) => {
      for (let n = 2; n <= scores.rowCount; n++)
        if (scores.getCell(n, 2).value === evaluator && scores.getCell(n, 4).value === criterion) return scores.getRow(n);
      throw new Error(`no row for ${criterion}`);
    };
    const isrPrice = rowOf(s.w.isrPlanner.userId, 'price');
    isrPrice.getCell(7).value = 3;
    isrPrice.getCell(8).value = 4;
    isrPrice.getCell(9).value = 5;
    rowOf(s.w.marPlanner.userId, 'price').getCell(7).value = 1;
    const changed = await next.upload();
    expect(changed.statusCode, changed.body).toBe(200);
    const after = changed.json();
    const isr = after.evaluators.find((x: Json) => x.userId === s.w.isrPlanner.userId);
    const ids = e.offers.map((o: Json) => o.id);
    expect(isr.inputs.assessments.find((a: Json) => a.criterion === 'price')).toEqual({
      kind: 'scores',
      criterion: 'price',
      scores: { [ids[0]]: 3, [ids[1]]: 4, [ids[2]]: 5 },
    });
    // What the workbook has no scores for stays as recorded: the pairwise comparisons of after-sales service.
    expect(isr.inputs.assessments.find((a: Json) => a.criterion === 'service')).toEqual(
      isrBefore.inputs.assessments.find((a: Json) => a.criterion === 'service'),
    );
    expect(isr.inputs.criteria).toEqual(isrBefore.inputs.criteria);
    expect(after.evaluators.find((x: Json) => x.userId === s.w.marPlanner.userId).inputs).toEqual(
      e.evaluators.find((x: Json) => x.userId === s.w.marPlanner.userId).inputs,
    );
    expect(after.hash).not.toBe(e.hash);
  });

  it('refuses with 409 a workbook made from inputs that changed since, and takes the one downloaded again', async () => {
    const { p, e } = await evaluated({ releasableTo: ['ISR'] });
    const { wb, upload } = await scoresWorkbook(p);
    const scores = wb.getWorksheet('Scores');
    if (!scores) throw new Error('no Scores sheet');
    const isrBefore = e.evaluators.find((x: Json) => x.userId === s.w.isrPlanner.userId);
    const isrRows = [];
    for (let n = 2; n <= scores.rowCount; n++) if (scores.getCell(n, 2).value === s.w.isrPlanner.userId) isrRows.push(n);
    expect(isrRows.length).toBeGreaterThan(0);
    // Each of the evaluator's rows carries the version of their inputs when the workbook was made.
    for (const n of isrRows) expect(scores.getCell(n, 6).value).toBe(isrBefore.version);
    // Meanwhile the evaluator records other inputs through the API.
    const viaApi = await ok('isr', 'PUT', `/api/programmes/${p.id}/evaluation/evaluators/${s.w.isrPlanner.userId}/inputs`, {
      ...isrBefore.inputs,
      version: isrBefore.version,
    });
    const isrNow = viaApi.evaluators.find((x: Json) => x.userId === s.w.isrPlanner.userId);
    expect(isrNow.version).toBe(isrBefore.version + 1);
    const stale = await upload();
    expect(stale.statusCode, stale.body).toBe(409);
    expect(stale.json().code).toBe('evaluation.workbook_stale');
    expect(stale.json().detail).toContain('download the workbook again');
    expect(stale.json().params).toMatchObject({ had: isrBefore.version, now: isrNow.version });
    expect((await ok('isr', 'GET', `/api/programmes/${p.id}/evaluation`)).evaluators).toEqual(viaApi.evaluators);
    // A version cell that is not one, or rows of two downloads, name their cells; nothing is written.
    scores.getCell(isrRows[0] as number, 6).value = 'latest';
    const garbled = await upload();
    expect(garbled.statusCode, garbled.body).toBe(400);
    expect(garbled.json().errors).toEqual([
      expect.objectContaining({ code: 'evaluation.workbook_version', sheet: 'Scores', row: isrRows[0], column: 'version' }),
    ]);
    if (isrRows.length > 1) {
      scores.getCell(isrRows[0] as number, 6).value = isrNow.version;
      const mixed = await upload();
      expect(mixed.statusCode, mixed.body).toBe(400);
      expect(mixed.json().errors).toEqual([expect.objectContaining({ code: 'evaluation.workbook_versions' })]);
    }
    // A workbook without the version column is not one this server made for scores.
    scores.spliceColumns(6, 1);
    const noVersion = await upload();
    expect(noVersion.statusCode, noVersion.body).toBe(400);
    expect(noVersion.json().errors).toEqual([expect.objectContaining({ code: 'import.missing_column', row: 1 })]);
    expect((await ok('isr', 'GET', `/api/programmes/${p.id}/evaluation`)).evaluators).toEqual(viaApi.evaluators);
    // Downloaded again, the workbook carries the new version and is taken.
    const again = await scoresWorkbook(p);
    const fresh = again.wb.getWorksheet('Scores');
    if (!fresh) throw new Error('no Scores sheet');
    for (let n = 2; n <= fresh.rowCount; n++)
      if (fresh.getCell(n, 2).value === s.w.isrPlanner.userId) expect(fresh.getCell(n, 6).value).toBe(isrNow.version);
    const taken = await again.upload();
    expect(taken.statusCode, taken.body).toBe(200);
    expect(taken.json().evaluators.find((x: Json) => x.userId === s.w.isrPlanner.userId).version).toBe(isrNow.version + 1);
  });

  it('refuses a workbook with a bad row, naming its sheet, row and column, and writes nothing', async () => {
    const { p, e } = await evaluated({ releasableTo: ['ISR'] });
    const { wb, upload } = await scoresWorkbook(p);
    const scores = wb.getWorksheet('Scores');
    if (!scores) throw new Error('no Scores sheet');
    let bad = 0;
    for (let n = 2; n <= scores.rowCount; n++)
      if (scores.getCell(n, 2).value === s.w.isrPlanner.userId && scores.getCell(n, 4).value === 'performance') bad = n;
    scores.getCell(bad, 8).value = 'lots';
    const res = await upload();
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().code).toBe('evaluation.invalid_inputs');
    expect(res.json().errors).toEqual([
      expect.objectContaining({ sheet: 'Scores', row: bad, column: 'O2', path: `Scores, row ${bad}, O2` }),
    ]);
    const now = await ok('isr', 'GET', `/api/programmes/${p.id}/evaluation`);
    expect(now.version).toBe(e.version);
    expect(now.evaluators).toEqual(e.evaluators);
    // An offer column the evaluation does not name is the header row's problem.
    scores.getCell(bad, 8).value = 8;
    scores.getCell(1, 9).value = 'O9';
    const header = (await upload()).json();
    expect(header.errors).toEqual([
      expect.objectContaining({ sheet: 'Scores', row: 1, column: 'O9', code: 'evaluation.unknown_offer' }),
    ]);
    expect((await ok('isr', 'GET', `/api/programmes/${p.id}/evaluation`)).version).toBe(e.version);
  });

  it('refuses a workbook without its Scores sheet with a problem naming that sheet, and writes nothing', async () => {
    const { p, e } = await evaluated({ releasableTo: ['ISR'] });
    const { wb, upload } = await scoresWorkbook(p);
    const scores = wb.getWorksheet('Scores');
    if (!scores) throw new Error('no Scores sheet');
    wb.removeWorksheet(scores.id);
    const res = await upload();
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().code).toBe('evaluation.scores_sheet_missing');
    expect(res.json().detail).toContain('"Scores"');
    expect(res.json().errors).toEqual([
      expect.objectContaining({ path: '(file)', code: 'evaluation.scores_sheet_missing_field' }),
    ]);
    expect((await ok('isr', 'GET', `/api/programmes/${p.id}/evaluation`)).version).toBe(e.version);
  });

  it('answers 404 for the workbook to a reader who may not read the programme', async () => {
    const { p } = await evaluated({});
    const res = await send('isr', 'GET', `/api/programmes/${p.id}/evaluation/scores.xlsx`);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('programme.not_found');
  });
});
