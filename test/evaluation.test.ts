import { describe, expect, it } from 'vitest';
import { updateUser } from '../src/app/account.usecases.js';
import { verifyFrozenEvaluation } from '../src/domain/evaluation/evaluate.js';
import { CLASSIFICATIONS, canRead, type Label } from '../src/domain/labels.js';
import { databases } from './support/databases.js';
import { auditEntries, CRITERIA, inputsFor, METHOD, offerOf, programmeInEvaluation, THREE_PRICES } from './support/evaluation.js';
import { makeActor } from './support/fixtures.js';
import { PARTIES, prng, READER_COMPARTMENT_SETS, RECORD_COMPARTMENT_SETS } from './support/labelled-world.js';
import { type Json, type Method, programmeApi } from './support/programme-api.js';

const MISSING_ID = '0190a000-0000-7000-8000-0000000fffff';

/**
 * The evaluation of a programme's offers through the API on each database:
 * opened with the evaluation, designed by the programme's planners, filled in
 * by each evaluator (only their own inputs), its live result, what is missing
 * coded, stale versions answering 409, the freeze at selection, and the read
 * rule: an evaluation is readable exactly by its programme's readers.
 */
describe.each(databases())('the evaluation of offers on %s', (kind) => {
  const api = programmeApi(kind, {
    name: 'Artillery Systems',
    country: 'France',
    systems: [{ name: 'Howitzer on truck', category: 'artillery' }],
    releasableTo: ['ISR'],
  });
  const { s, headersOf, send, ok } = api;

  /** A programme in evaluation with `offers` offers, its label given. */
  const inEvaluation = (label: Partial<Label> = { releasableTo: ['ISR'] }, offers = 3) =>
    programmeInEvaluation(
      api,
      { title: { en: 'Self-propelled howitzers' }, ...label },
      THREE_PRICES.slice(0, offers).map((price) => offerOf(s.supplier, price)),
    );
  const evaluationUrl = (p: Json) => `/api/programmes/${p.id}/evaluation`;

  it('opens with the move to evaluation, says what is missing, computes the result once complete and freezes it at selection', async () => {
    const p = await inEvaluation();
    expect(p.evaluationId).toEqual(expect.any(String));
    expect(p.evaluationHash).toBeNull();
    const url = evaluationUrl(p);
    let e = await ok('isr', 'GET', url);
    expect(e).toMatchObject({ id: p.evaluationId, programmeId: p.id, state: 'open', result: null, hash: null, frozen: null });
    expect(e.offers.map((o: Json) => o.name)).toEqual(['O1', 'O2', 'O3']);
    expect(e.missing.map((m: Json) => m.code)).toEqual([
      'evaluation.missing_criteria',
      'evaluation.missing_method',
      'evaluation.no_evaluators',
    ]);
    expect(await ok('isr', 'GET', `/api/evaluations/${p.evaluationId}`)).toEqual(e);
    // A second one is refused, and so is one for a programme that is not in evaluation.
    expect((await send('mar', 'POST', url)).json().code).toBe('evaluation.exists');

    // The design: refused as a whole, each issue at its place in the list; ISR may read it but not write it.
    const broken = {
      weighting: { kind: 'direct', weights: { price: 1, quality: 1 } },
      items: [
        ...CRITERIA.items.slice(0, 3),
        { id: 'reliability', name: 'Reliability', parent: 'qualty' },
        { id: 'service', name: 'Service', parent: null, weighting: { kind: 'pairwise' } },
      ],
    };
    const refused = await send('mar', 'PATCH', url, { criteria: broken, method: METHOD, version: e.version });
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().code).toBe('evaluation.invalid_design');
    expect(refused.json().errors.map((i: Json) => [i.path, i.code])).toEqual(
      expect.arrayContaining([
        ['criteria.items.3.parent', 'evaluation.unknown_parent'],
        ['criteria.weighting.weights', 'evaluation.no_weight'],
        ['criteria.items.4.weighting', 'evaluation.leaf_weighting'],
      ]),
    );
    expect((await send('isr', 'PATCH', url, { criteria: CRITERIA, version: e.version })).json().code).toBe(
      'access.only_owner_planners',
    );
    expect((await ok('mar', 'GET', url)).version).toBe(e.version);
    e = await ok('mar', 'PATCH', url, { criteria: CRITERIA, method: METHOD, version: e.version });
    expect(e.criteria).toEqual(CRITERIA);
    expect(e.method).toMatchObject({ aggregation: 'AIJ', randomIndex: 'saaty', smaa: { seed: 20260112, draws: 2000 } });
    // A write based on a version since moved on answers 409, and changes nothing.
    const stale = await send('mar', 'PATCH', url, { method: { ...METHOD, aggregation: 'AIP' }, version: e.version - 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('evaluation.stale_version');

    // Evaluators: planners or contributors of any party who may read the programme.
    const viewer = await makeActor(s.t.ctx, 'ISR', ['viewer'], 'SECRET');
    const usa = await makeActor(s.t.ctx, 'USA', ['planner'], 'TOP_SECRET');
    for (const userId of [viewer.userId, usa.userId, MISSING_ID]) {
      const res = await send('mar', 'POST', `${url}/evaluators`, { userId, version: e.version });
      expect(res.json().code, res.body).toBe('evaluation.not_an_evaluator');
    }
    e = await ok('mar', 'POST', `${url}/evaluators`, { userId: s.w.marPlanner.userId, version: e.version });
    e = await ok('mar', 'POST', `${url}/evaluators`, { userId: s.w.isrPlanner.userId, version: e.version });
    expect(
      (await send('mar', 'POST', `${url}/evaluators`, { userId: s.w.isrPlanner.userId, version: e.version })).json().code,
    ).toBe('evaluation.evaluator_exists');
    expect(e.evaluators.map((x: Json) => [x.userId, x.party])).toEqual([
      [s.w.marPlanner.userId, 'MAR'],
      [s.w.isrPlanner.userId, 'ISR'],
    ]);
    expect(e.missing.map((m: Json) => m.code)).toEqual([
      ...Array(2).fill('evaluation.missing_top_matrix'),
      ...Array(8).fill('evaluation.missing_assessment'),
    ]);

    // Each evaluator records their own inputs, and nobody else's.
    const ids = e.offers.map((o: Json) => o.id);
    const marInputs = `${url}/evaluators/${s.w.marPlanner.userId}/inputs`;
    const isrInputs = `${url}/evaluators/${s.w.isrPlanner.userId}/inputs`;
    expect((await send('isr', 'PUT', marInputs, inputsFor(ids))).json().code).toBe('evaluation.only_own_inputs');
    const other = await makeActor(s.t.ctx, 'ISR', ['contributor'], 'SECRET');
    const outsider = await send(await headersOf(other), 'PUT', `${url}/evaluators/${other.userId}/inputs`, inputsFor(ids));
    expect(outsider.json().code).toBe('evaluation.only_evaluators');
    const wrong = await send('mar', 'PUT', marInputs, {
      assessments: [
        { kind: 'scores', criterion: 'quality', scores: { [ids[0]]: 1 } },
        { kind: 'scores', criterion: 'price', scores: { [MISSING_ID]: 1 } },
      ],
    });
    expect(wrong.json().code).toBe('evaluation.invalid_inputs');
    expect(wrong.json().errors.map((i: Json) => i.code)).toEqual(['evaluation.assess_leaves', 'evaluation.unknown_offer']);

    // Partial inputs: what is left out is listed as missing, coded; the result waits.
    const partial = inputsFor(ids);
    e = await ok('mar', 'PUT', marInputs, { ...partial, assessments: partial.assessments.slice(0, 2) });
    expect(e.result).toBeNull();
    expect(e.missing).toContainEqual(
      expect.objectContaining({
        code: 'evaluation.missing_assessment',
        params: { evaluator: s.w.marPlanner.displayName, criterion: 'Reliability' },
      }),
    );
    const marVersion = e.evaluators[0].version;
    e = await ok('mar', 'PUT', marInputs, { ...inputsFor(ids), version: marVersion });
    expect((await send('mar', 'PUT', marInputs, { ...inputsFor(ids), version: marVersion })).json().code).toBe(
      'evaluation.inputs_stale_version',
    );

    // Selection needs a complete evaluation.
    const early = await send('mar', 'POST', `/api/programmes/${p.id}/transitions`, { to: 'selected', offerId: ids[1] });
    expect(early.statusCode).toBe(400);
    expect(early.json().code).toBe('evaluation.incomplete');
    expect(early.json().errors.map((i: Json) => i.code)).toContain('evaluation.missing_top_matrix');

    e = await ok('isr', 'PUT', isrInputs, inputsFor(ids, 1));
    expect(e.missing).toEqual([]);
    expect(e.refusal).toBeNull();
    expect(e.result.ranking.map((r: Json) => r.rank)).toEqual([1, 2, 3]);
    expect(e.result.smaa).toMatchObject({ draws: 2000, seed: 20260112 });
    expect(e.result.consistency.filter((c: Json) => c.subject.kind === 'criteria').map((c: Json) => c.evaluator)).toEqual([
      s.w.marPlanner.userId,
      s.w.isrPlanner.userId,
      null,
    ]);
    expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    // Every reader sees the same figures and the same hash; every write was audited.
    expect((await ok('mar', 'GET', url)).hash).toBe(e.hash);
    const actions = await s.t.db.selectFrom('audit_entry').select('action').where('entity_id', '=', e.id).execute();
    expect(actions.map((a) => a.action).sort()).toEqual(
      [
        'evaluation.open',
        'evaluation.update',
        'evaluation.evaluator_add',
        'evaluation.evaluator_add',
        'evaluation.inputs',
        'evaluation.inputs',
        'evaluation.inputs',
      ].sort(),
    );

    // A withdrawn offer leaves the evaluation; the inputs about it stay recorded.
    const withdrawn = await ok('mar', 'POST', `/api/programmes/${p.id}/offers/${ids[2]}/withdrawal`, { reason: 'Expired' });
    expect(withdrawn.offers).toHaveLength(3);
    const two = await ok('isr', 'GET', url);
    expect(two.offers.map((o: Json) => o.name)).toEqual(['O1', 'O2']);
    expect(two.result.ranking).toHaveLength(2);
    expect(two.evaluators[1].inputs.assessments[0].scores[ids[2]]).toBe(8);
    expect(two.hash).not.toBe(e.hash);

    // The selection freezes it: input, method, seed, result and hash, as any reader recomputes them.
    const selected = await ok('mar', 'POST', `/api/programmes/${p.id}/transitions`, { to: 'selected', offerId: ids[1] });
    expect(selected.status).toBe('selected');
    // The frozen evaluation's hash goes into the programme's record, as every reader of it gets it.
    expect(selected.evaluationHash).toBe(two.hash);
    expect((await ok('isr', 'GET', `/api/programmes/${p.id}`)).evaluationHash).toBe(two.hash);
    const frozen = await ok('isr', 'GET', url);
    expect(frozen.state).toBe('frozen');
    expect(frozen.hash).toBe(two.hash);
    expect(frozen.result).toEqual(two.result);
    // Who froze it is named to their own party only: Israel reads that it was frozen, not by whom.
    expect(frozen.frozen).toMatchObject({ hash: two.hash, by: null, at: '2026-12-06T10:00:00.000Z' });
    expect((await ok('mar', 'GET', url)).frozen).toMatchObject({ hash: two.hash, by: s.w.marPlanner.userId });
    expect(frozen.frozen.document.input.method.smaa.seed).toBe(20260112);
    expect(verifyFrozenEvaluation(frozen.frozen.document)).toEqual({ matches: true, hash: two.hash, recomputedHash: two.hash });
    // After that it cannot change.
    for (const [method, path, body] of [
      ['PATCH', url, { method: METHOD, version: frozen.version }],
      ['POST', `${url}/evaluators`, { userId: s.w.isrPlanner.userId, version: frozen.version }],
      ['PUT', marInputs, inputsFor(ids)],
    ] as const) {
      const res = await send('mar', method, path, body);
      expect(res.statusCode, `${method} ${path}`).toBe(409);
      expect(res.json().code).toBe('evaluation.frozen');
    }
    expect(await ok('isr', 'GET', url)).toEqual(frozen);
  });

  it('lets evaluators save one after the other without re-reading, and planners change the design after their saves', async () => {
    const p = await inEvaluation();
    const url = evaluationUrl(p);
    let e = await ok('mar', 'PATCH', url, { criteria: CRITERIA, method: METHOD, version: (await ok('mar', 'GET', url)).version });
    for (const userId of [s.w.marPlanner.userId, s.w.isrPlanner.userId])
      e = await ok('mar', 'POST', `${url}/evaluators`, { userId, version: e.version });
    // Both evaluators and the planner start from this one read.
    const read = e;
    const ids = read.offers.map((o: Json) => o.id);
    const inputsOf = (userId: string) => `${url}/evaluators/${userId}/inputs`;
    await ok('mar', 'PUT', inputsOf(s.w.marPlanner.userId), { ...inputsFor(ids), version: read.evaluators[0].version });
    e = await ok('isr', 'PUT', inputsOf(s.w.isrPlanner.userId), { ...inputsFor(ids, 1), version: read.evaluators[1].version });
    expect(e.version).toBe(read.version);
    expect(e.evaluators.map((x: Json) => x.version)).toEqual(read.evaluators.map((x: Json) => x.version + 1));
    expect(e.result).not.toBeNull();
    // A repeated read of the unchanged evaluation answers the same figures.
    expect(await ok('isr', 'GET', url)).toEqual(e);
    e = await ok('mar', 'PATCH', url, { method: { ...METHOD, aggregation: 'AIP' }, version: read.version });
    expect(e.version).toBe(read.version + 1);
    expect(e.method.aggregation).toBe('AIP');
  });

  it('refuses the inputs of an evaluator demoted since they were added, coded, and changes nothing', async () => {
    const p = await inEvaluation();
    const url = evaluationUrl(p);
    let e = await ok('mar', 'PATCH', url, { criteria: CRITERIA, method: METHOD, version: (await ok('mar', 'GET', url)).version });
    const contributor = await makeActor(s.t.ctx, 'MAR', ['contributor'], 'SECRET');
    const headers = await headersOf(contributor);
    e = await ok('mar', 'POST', `${url}/evaluators`, { userId: contributor.userId, version: e.version });
    const ids = e.offers.map((o: Json) => o.id);
    const inputs = `${url}/evaluators/${contributor.userId}/inputs`;
    e = await ok(headers, 'PUT', inputs, inputsFor(ids));
    const admin = await makeActor(s.t.ctx, 'MAR', ['admin', 'viewer'], 'SECRET');
    const row = await s.t.db
      .selectFrom('app_user')
      .select('version')
      .where('id', '=', contributor.userId)
      .executeTakeFirstOrThrow();
    await updateUser(s.t.ctx, admin, contributor.userId, { roles: ['viewer'], version: row.version });
    const refused = await send(headers, 'PUT', inputs, inputsFor(ids, 2));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('evaluation.evaluator_role_lost');
    expect(await ok('mar', 'GET', url)).toEqual(e);
    expect(await auditEntries(s.t.db, e.id, 'evaluation.inputs')).toHaveLength(1);
  });

  it('lets a programme with an evaluation never designed be selected, closing it without a result', async () => {
    const p = await inEvaluation({ releasableTo: ['ISR'] }, 1);
    const url = evaluationUrl(p);
    expect((await ok('mar', 'GET', url)).missing.map((m: Json) => m.code)).toContain('evaluation.too_few_offers');
    const offerId = (await ok('mar', 'GET', `/api/programmes/${p.id}`)).offers[0].id;
    await ok('mar', 'POST', `/api/programmes/${p.id}/transitions`, { to: 'selected', offerId });
    const closed = await ok('mar', 'GET', url);
    expect(closed).toMatchObject({ state: 'closed', result: null, frozen: null });
    const res = await send('mar', 'PATCH', url, { criteria: CRITERIA, version: closed.version });
    expect(res.json()).toMatchObject({ code: 'evaluation.not_open', params: { programmeStatus: 'selected' } });
  });

  it('opens an evaluation explicitly only for a programme in evaluation that has none', async () => {
    const p = await ok('mar', 'POST', '/api/programmes', {
      title: { en: 'Radars' },
      need: { capabilityGap: 'x', quantity: 1, requiredBy: '2028-01-01', budgetCeiling: { amount: '1.00', currency: 'EUR' } },
    });
    const res = await send('mar', 'POST', evaluationUrl(p));
    expect(res.json()).toMatchObject({ code: 'evaluation.open_in_evaluation', params: { programmeStatus: 'need' } });
    expect((await send('mar', 'GET', evaluationUrl(p))).json().code).toBe('evaluation.not_found');
    // A programme moved to evaluation before evaluations were kept: its row says so, and the planner opens one.
    await ok('mar', 'POST', `/api/programmes/${p.id}/offers`, offerOf(s.supplier, '1.00'));
    const moved = await ok('mar', 'POST', `/api/programmes/${p.id}/transitions`, { to: 'evaluation' });
    await s.t.db.updateTable('programme').set({ evaluation_id: null }).where('id', '=', p.id).execute();
    await s.t.db.deleteFrom('evaluation').where('id', '=', moved.evaluationId).execute();
    expect((await send('isr', 'POST', evaluationUrl(p))).statusCode).toBe(404);
    const opened = await send('mar', 'POST', evaluationUrl(p));
    expect(opened.statusCode, opened.body).toBe(201);
    expect((await ok('mar', 'GET', `/api/programmes/${p.id}`)).evaluationId).toBe(opened.json().id);
  });

  it('answers an evaluation a reader may not read exactly as a missing one, reads and writes, for generated readers and labels', async () => {
    const rng = prng(20261206);
    const releasable = [[], ['ISR'], ['USA'], ['ISR', 'USA', 'FRA']];
    const made: { programme: Json; label: Label }[] = [];
    for (let i = 0; i < 8; i++) {
      const label: Label = {
        ownerParty: 'MAR',
        classification: rng.pick(CLASSIFICATIONS),
        releasableTo: [...rng.pick(releasable)],
        compartments: [...rng.pick(RECORD_COMPARTMENT_SETS)],
      };
      const { ownerParty: _o, ...asked } = label;
      made.push({ programme: await inEvaluation(asked, 2), label });
    }
    for (let r = 0; r < 8; r++) {
      const reader = {
        party: rng.pick(PARTIES.slice(0, 3)),
        clearance: rng.pick(CLASSIFICATIONS),
        compartments: [...rng.pick(READER_COMPARTMENT_SETS)],
      };
      const actor = await makeActor(s.t.ctx, reader.party, ['planner', 'contributor'], reader.clearance, reader.compartments);
      const headers = await headersOf(actor);
      const answerTo = async (method: Method, url: string, payload?: object) => {
        const res = await send(headers, method, url, payload);
        const body = res.json() as Json;
        return { status: res.statusCode, code: body.code, detail: body.detail, params: body.params, errors: body.errors };
      };
      for (const { programme, label } of made) {
        const readable = canRead(reader, label);
        const calls = (pid: string, eid: string) =>
          [
            ['GET', `/api/programmes/${pid}/evaluation`, undefined],
            ['GET', `/api/evaluations/${eid}`, undefined],
            ['POST', `/api/programmes/${pid}/evaluation`, undefined],
            ['PATCH', `/api/programmes/${pid}/evaluation`, { criteria: CRITERIA, version: 1 }],
            ['POST', `/api/programmes/${pid}/evaluation/evaluators`, { userId: actor.userId, version: 1 }],
            ['PUT', `/api/programmes/${pid}/evaluation/evaluators/${actor.userId}/inputs`, { assessments: [] }],
          ] as const;
        const mine = calls(programme.id, programme.evaluationId);
        const missing = calls(MISSING_ID, MISSING_ID);
        for (const [i, [method, url, payload]] of mine.entries()) {
          const got = await answerTo(method, url, payload);
          const where = `${method} ${url} ${JSON.stringify(reader)} ${JSON.stringify(label)}`;
          if (readable) expect(got.status, where).not.toBe(404);
          else {
            const [m, u, b] = missing[i] as (typeof missing)[number];
            // By evaluation id, a missing evaluation answers as such; by programme id, as a missing programme.
            expect(got, where).toEqual(await answerTo(m, u, b));
          }
        }
        // A reader who may read the programme may be added as an evaluator; one who may not, is refused like a stranger.
        const add = await send('mar', 'POST', `/api/programmes/${programme.id}/evaluation/evaluators`, {
          userId: actor.userId,
          version: (await ok('mar', 'GET', `/api/programmes/${programme.id}/evaluation`)).version,
        });
        if (readable) expect(add.statusCode, add.body).toBe(201);
        else expect(add.json().code).toBe('evaluation.not_an_evaluator');
      }
    }
  });
});
