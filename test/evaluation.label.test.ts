import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../src/app/context.js';
import { CLASSIFICATIONS, canRead, type Label } from '../src/domain/labels.js';
import { databases } from './support/databases.js';
import { auditEntries, designedWithInputs, NEED, offerOf, programmeInEvaluation } from './support/evaluation.js';
import { makeActor } from './support/fixtures.js';
import { PARTIES, prng, READER_COMPARTMENT_SETS } from './support/labelled-world.js';
import { type Json, programmeApi } from './support/programme-api.js';

const MISSING_ID = '0190a000-0000-7000-8000-0000000fffff';

/** The programme's label, and the stricter one its evaluation is given. */
const PROGRAMME: Label = { ownerParty: 'MAR', classification: 'CONFIDENTIAL', releasableTo: ['ISR', 'USA'], compartments: [] };
const { ownerParty: _owner, ...PROGRAMME_MARKING } = PROGRAMME;
const OWN: Omit<Label, 'ownerParty'> = { classification: 'SECRET', releasableTo: ['ISR'], compartments: ['INTEL'] };

/**
 * An evaluation's own label, on each database: none by default (read as the
 * programme), set by the programme's planners only as strict or stricter than
 * the programme's; generated readers then read the evaluation, its report,
 * workbook and the evaluation by its id exactly when the reference model
 * says they may read both labels, and otherwise get the answer of an
 * evaluation that does not exist, while the programme stays theirs to read.
 */
describe.each(databases())("an evaluation's own label on %s", (kind) => {
  const api = programmeApi(kind, {
    name: 'Artillery Systems',
    country: 'France',
    systems: [{ name: 'Howitzer on truck', category: 'artillery' }],
    releasableTo: ['ISR', 'USA'],
  });
  const { s, headersOf, send, ok } = api;

  /** A programme of PROGRAMME's label in evaluation, with one offer. */
  const inEvaluation = () =>
    programmeInEvaluation(api, { title: { en: 'Self-propelled howitzers' }, ...PROGRAMME_MARKING }, [
      offerOf(s.supplier, '50000000.00'),
    ]);

  it('reads as its programme by default, takes only a label as strict or stricter, from the planners, at the version read', async () => {
    const p = await inEvaluation();
    const url = `/api/programmes/${p.id}/evaluation`;
    let e = await ok('isr', 'GET', url);
    expect(e.label).toEqual({ ...PROGRAMME, own: false });
    // Looser than the programme in each way: refused, each field named, nothing written.
    const looser = await send('mar', 'PUT', `${url}/label`, {
      label: { classification: 'RESTRICTED', releasableTo: ['ISR', 'FRA'], compartments: [] },
      version: e.version,
    });
    expect(looser.statusCode, looser.body).toBe(400);
    expect(looser.json().code).toBe('evaluation.label_looser');
    expect(looser.json().errors.map((i: Json) => [i.path, i.code])).toEqual([
      ['label.classification', 'evaluation.label_below_programme'],
      ['label.releasableTo', 'evaluation.label_released_wider'],
    ]);
    // Only the programme's planners; a stale version answers 409.
    const notPlanner = await send('isr', 'PUT', `${url}/label`, { label: OWN, version: e.version });
    expect(notPlanner.statusCode).toBe(403);
    const stale = await send('mar', 'PUT', `${url}/label`, { label: OWN, version: e.version + 1 });
    expect(stale.statusCode).toBe(409);
    expect((await ok('mar', 'GET', url)).version).toBe(e.version);
    // Set: the record says so, and the version moves on.
    e = await ok('mar', 'PUT', `${url}/label`, { label: OWN, version: e.version });
    expect(e.label).toEqual({ ownerParty: 'MAR', ...OWN, own: true });
    // Its workbook is marked with it: SECRET and the INTEL compartment, where the programme is CONFIDENTIAL.
    const xlsx = await send('mar', 'GET', `${url}/scores.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const marking = String(wb.getWorksheet('Scores')?.getCell('A1').value);
    expect(marking).toMatch(/^SECRET/);
    expect(marking).toContain('INTEL');
    // ISR's planner (SECRET, no compartment) reads the programme but no longer its evaluation.
    expect((await send('isr', 'GET', `/api/programmes/${p.id}`)).statusCode).toBe(200);
    expect((await send('isr', 'GET', url)).json().code).toBe('evaluation.not_found');
    // Nor may they be added as an evaluator: the one refusal of any user who may not evaluate.
    const add = await send('mar', 'POST', `${url}/evaluators`, { userId: s.w.isrPlanner.userId, version: e.version });
    expect(add.statusCode).toBe(400);
    expect(add.json().code).toBe('evaluation.not_an_evaluator');
    // Back to the programme's label: ISR reads it again.
    e = await ok('mar', 'PUT', `${url}/label`, { label: null, version: e.version });
    expect(e.label).toEqual({ ...PROGRAMME, own: false });
    expect((await ok('isr', 'GET', url)).id).toBe(e.id);
    // The changes are audited under the stricter of the labels before and after.
    const entries = await auditEntries(s.t.db, e.id, 'evaluation.label');
    expect(entries).toHaveLength(2);
    for (const entry of entries) expect(Number(entry.classification)).toBe(CLASSIFICATIONS.indexOf('SECRET'));
  });

  it('refuses a label a current evaluator could not read, naming them, and changes nothing', async () => {
    const p = await inEvaluation();
    const url = `/api/programmes/${p.id}/evaluation`;
    let e = await ok('mar', 'GET', url);
    e = await ok('mar', 'POST', `${url}/evaluators`, { userId: s.w.marPlanner.userId, version: e.version });
    e = await ok('mar', 'POST', `${url}/evaluators`, { userId: s.w.isrPlanner.userId, version: e.version });
    // ISR's planner (SECRET, no compartment) could not read it under SECRET//INTEL: refused, named, nothing written.
    const refused = await send('mar', 'PUT', `${url}/label`, { label: OWN, version: e.version });
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().code).toBe('evaluation.label_locks_out');
    expect(refused.json().detail).toContain(s.w.isrPlanner.displayName);
    expect(refused.json().detail).not.toContain(s.w.marPlanner.displayName);
    const after = await ok('mar', 'GET', url);
    expect(after.version).toBe(e.version);
    expect(after.label).toEqual({ ...PROGRAMME, own: false });
    expect((await ok('isr', 'GET', url)).id).toBe(e.id);
    expect(await auditEntries(s.t.db, e.id, 'evaluation.label')).toHaveLength(0);
    // A label every evaluator reads is taken: SECRET without the compartment.
    e = await ok('mar', 'PUT', `${url}/label`, { label: { ...OWN, compartments: [] }, version: e.version });
    expect(e.label).toMatchObject({ classification: 'SECRET', compartments: [], own: true });
  });

  it('shows the frozen hash in the programme only to readers of the evaluation', async () => {
    const p = await inEvaluation();
    const url = `/api/programmes/${p.id}/evaluation`;
    await ok('mar', 'POST', `/api/programmes/${p.id}/offers`, offerOf(s.supplier, '40000000.00'));
    let e = await designedWithInputs(api, url);
    expect(e.missing).toEqual([]);
    e = await ok('mar', 'PUT', `${url}/label`, { label: OWN, version: e.version });
    const selected = await ok('mar', 'POST', `/api/programmes/${p.id}/transitions`, {
      to: 'selected',
      offerId: e.offers[0].id,
    });
    expect(selected.evaluationHash).toMatch(/^[0-9a-f]{64}$/);
    // ISR reads the programme but not its evaluation: no hash, in the record and in the list.
    const isr = await ok('isr', 'GET', `/api/programmes/${p.id}`);
    expect(isr.evaluationHash).toBeNull();
    const listed = (await ok('isr', 'GET', '/api/programmes?limit=100')).items.find((i: Json) => i.id === p.id);
    if (listed && 'evaluationHash' in listed) expect(listed.evaluationHash).toBeNull();
    expect((await ok('mar', 'GET', `/api/programmes/${p.id}`)).evaluationHash).toBe(selected.evaluationHash);
  });

  it('lets generated readers read the evaluation, its documents and its id exactly when they may read both labels', async () => {
    const p = await inEvaluation();
    const url = `/api/programmes/${p.id}/evaluation`;
    const e = await ok('mar', 'PUT', `${url}/label`, { label: OWN, version: (await ok('mar', 'GET', url)).version });
    // A programme without an evaluation yet, and an evaluation id that names none: what "missing" answers.
    const bare = await ok('mar', 'POST', '/api/programmes', {
      commissionId: null,
      title: { en: 'Need only' },
      need: NEED,
      ...PROGRAMME_MARKING,
    });
    const evaluationLabel: Label = { ownerParty: 'MAR', ...OWN };
    const rng = prng(20261206);
    let both = 0;
    let programmeOnly = 0;
    for (let r = 0; r < 16; r++) {
      const reader = {
        party: rng.pick(PARTIES),
        clearance: rng.pick(CLASSIFICATIONS),
        compartments: [...rng.pick(READER_COMPARTMENT_SETS)],
      };
      const actor: Actor = await makeActor(s.t.ctx, reader.party, ['viewer'], reader.clearance, reader.compartments);
      const headers = await headersOf(actor);
      const answer = async (path: string) => {
        const res = await send(headers, 'GET', path);
        const body = res.headers['content-type']?.toString().includes('json') ? (res.json() as Json) : {};
        return { status: res.statusCode, code: body.code, detail: body.detail };
      };
      const where = JSON.stringify(reader);
      const readsProgramme = canRead(reader, PROGRAMME);
      const readsEvaluation = readsProgramme && canRead(reader, evaluationLabel);
      expect((await answer(`/api/programmes/${p.id}`)).status, where).toBe(readsProgramme ? 200 : 404);
      if (readsEvaluation) {
        both++;
        expect((await answer(url)).status, where).toBe(200);
        expect((await answer(`/api/evaluations/${e.id}`)).status, where).toBe(200);
        expect((await answer(`${url}/scores.xlsx`)).status, where).toBe(200);
      } else if (readsProgramme) {
        programmeOnly++;
        // As a programme with no evaluation, and an evaluation id that names none.
        expect(await answer(url), where).toEqual(await answer(`/api/programmes/${bare.id}/evaluation`));
        expect(await answer(`/api/evaluations/${e.id}`), where).toEqual(await answer(`/api/evaluations/${MISSING_ID}`));
        expect(await answer(`${url}/scores.xlsx`), where).toEqual(
          await answer(`/api/programmes/${bare.id}/evaluation/scores.xlsx`),
        );
      } else {
        expect(await answer(url), where).toEqual(await answer(`/api/programmes/${MISSING_ID}/evaluation`));
        expect(await answer(`/api/evaluations/${e.id}`), where).toEqual(await answer(`/api/evaluations/${MISSING_ID}`));
      }
    }
    // The readers fall on every side.
    expect(both).toBeGreaterThan(0);
    expect(programmeOnly).toBeGreaterThan(0);
  });
});
