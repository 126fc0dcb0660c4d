import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { headingNames, offerNameIn } from '../src/documents/offer-names.js';
import { databases } from './support/databases.js';
import { designedWithInputs, offerOf, programmeInEvaluation, THREE_PRICES } from './support/evaluation.js';
import { type Json, programmeApi } from './support/programme-api.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('offer codes in the words of each document language', () => {
  it('name an offer in the language asked, and by its code without one', () => {
    expect(['fr', 'en', 'ar', 'he'].map((l) => offerNameIn('O2', l as 'fr'))).toEqual([
      'Offre 2',
      'Offer 2',
      'العرض 2',
      'הצעה 2',
    ]);
    expect(offerNameIn('O2', undefined)).toBe('O2');
    expect(offerNameIn('Something else', 'fr')).toBe('Something else');
  });

  it('read a heading back in any language, and no other offer', () => {
    for (const h of ['O2', 'Offre 2', 'Offer 2', 'العرض 2', ' הצעה 2 ']) expect(headingNames(h, 'O2'), h).toBe(true);
    for (const h of ['O3', 'Offre 3', 'Offre 22', 'offre 2', '2', 'Offer 2b']) expect(headingNames(h, 'O2'), h).toBe(false);
  });
});

/**
 * The scores workbook in the reader's language: the offers named "Offre 1",
 * "العرض 1" in the Offers sheet (their code beside) and in the Scores
 * headings, and a workbook written in one language read back alike; without
 * a language, the bare codes as before.
 */
describe.each(databases())('the scores workbook in a language, on %s', (kind) => {
  const api = programmeApi(kind, {
    name: 'Artillery Systems',
    country: 'France',
    systems: [{ name: 'Howitzer on truck', category: 'artillery' }],
  });
  const { s, send } = api;

  async function evaluated() {
    const p = await programmeInEvaluation(
      api,
      { title: { en: 'Howitzers' } },
      THREE_PRICES.map((price) => offerOf(s.supplier, price)),
    );
    const url = `/api/programmes/${p.id}/evaluation`;
    return { p, e: await designedWithInputs(api, url), url };
  }

  const workbook = async (url: string, lang?: string) => {
    const res = await send('mar', 'GET', `${url}/scores.xlsx${lang ? `?lang=${lang}` : ''}`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    return wb;
  };
  const upload = async (url: string, wb: ExcelJS.Workbook) =>
    s.app.inject({
      method: 'PUT',
      url: `${url}/scores.xlsx`,
      headers: { ...(await api.headersOf(s.w.marPlanner)), 'content-type': XLSX },
      payload: Buffer.from(await wb.xlsx.writeBuffer()),
    });
  const headings = (wb: ExcelJS.Workbook) => ((wb.getWorksheet('Scores')?.getRow(1).values ?? []) as unknown[]).slice(-3);

  it('names the offers in the language asked, and reads a workbook in that language back', async () => {
    const { e, url } = await evaluated();
    expect(headings(await workbook(url))).toEqual(['O1', 'O2', 'O3']);
    expect(headings(await workbook(url, 'fr'))).toEqual(['Offre 1', 'Offre 2', 'Offre 3']);
    const wb = await workbook(url, 'ar');
    expect(headings(wb)).toEqual(['العرض 1', 'العرض 2', 'العرض 3']);
    const offers = wb.getWorksheet('Offers');
    expect(offers?.getRow(2).values).toEqual(expect.arrayContaining(['العرض 1', 'O1', 'Artillery Systems', e.offers[0].id]));
    // The second offer's price score raised in the Arabic workbook, read back into the right offer.
    const scores = wb.getWorksheet('Scores');
    if (!scores) throw new Error('no Scores sheet');
    const heads = scores.getRow(1).values as unknown[];
    const price = (scores.getSheetValues() as unknown[][]).findIndex((row) => row?.includes('price'));
    scores.getCell(price, heads.indexOf('العرض 2')).value = 9;
    const res = await upload(url, wb);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const after = res.json().evaluators[0].inputs.assessments.find((a: Json) => a.criterion === 'price');
    expect(after.scores).toEqual({ [e.offers[0].id]: 9, [e.offers[1].id]: 9, [e.offers[2].id]: 7 });
  });

  it('refuses a heading naming no offer of the evaluation, and a language it does not know', async () => {
    const { url } = await evaluated();
    const wb = await workbook(url, 'fr');
    const scores = wb.getWorksheet('Scores');
    if (!scores) throw new Error('no Scores sheet');
    const column = (scores.getRow(1).values as unknown[]).indexOf('Offre 3');
    scores.getCell(1, column).value = 'Offre 9';
    const res = await upload(url, wb);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ row: 1, column: 'Offre 9', code: 'evaluation.unknown_offer' })]);
    expect((await send('mar', 'GET', `${url}/scores.xlsx?lang=de`)).statusCode).toBe(400);
  });
});
