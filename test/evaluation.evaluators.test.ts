import { describe, expect, it } from 'vitest';
import { CLASSIFICATIONS, type Classification, canRead, type Label } from '../src/domain/labels.js';
import type { Role } from '../src/domain/user.schema.js';
import { databases } from './support/databases.js';
import { offerOf, programmeInEvaluation } from './support/evaluation.js';
import { makeActor } from './support/fixtures.js';
import { PARTIES, prng, READER_COMPARTMENT_SETS, RECORD_COMPARTMENT_SETS } from './support/labelled-world.js';
import { type Json, programmeApi } from './support/programme-api.js';

const MISSING_ID = '0190a000-0000-7000-8000-0000000fffff';
const ROLE_SETS: Role[][] = [
  ['viewer'],
  ['planner'],
  ['contributor'],
  ['planner', 'contributor'],
  ['admin'],
  ['security_officer'],
];

/** A generated user, as the reference model knows them. */
interface Candidate {
  userId: string;
  party: string;
  roles: Role[];
  clearance: Classification;
  compartments: string[];
  disabled: boolean;
}

/** The reference model: who the programme's planners may add as an evaluator, written apart from the code. */
const mayEvaluate = (u: Candidate, label: Label) =>
  !u.disabled &&
  u.roles.some((r) => r === 'planner' || r === 'contributor') &&
  (u.party === label.ownerParty || label.releasableTo.includes(u.party)) &&
  canRead(u, label);

/**
 * Adding evaluators, on each database: generated users of every party, role,
 * clearance and compartment set, some disabled, offered to programmes of
 * generated labels. Exactly those the reference model allows are added; every
 * other one gets, word for word, the answer a user id that names nobody gets,
 * so that the answer reveals nothing of a user's party, roles, clearance or
 * compartments beyond whether they may evaluate the programme.
 */
describe.each(databases())('adding evaluators on %s', (kind) => {
  const api = programmeApi(kind, {
    name: 'Artillery Systems',
    country: 'France',
    systems: [{ name: 'Howitzer on truck', category: 'artillery' }],
    releasableTo: ['ISR', 'USA', 'FRA'],
  });
  const { s, send, ok } = api;

  it('adds exactly the users the reference model allows, and refuses every other one as it refuses an unknown id', async () => {
    const rng = prng(20261206);
    const candidates: Candidate[] = [];
    for (let i = 0; i < 36; i++) {
      const c = {
        party: rng.pick(PARTIES),
        roles: rng.pick(ROLE_SETS),
        clearance: rng.pick(CLASSIFICATIONS),
        compartments: [...rng.pick(READER_COMPARTMENT_SETS)],
      };
      const actor = await makeActor(s.t.ctx, c.party, c.roles, c.clearance, c.compartments);
      const disabled = rng.next() < 0.15;
      if (disabled) await s.t.db.updateTable('app_user').set({ disabled: 1 }).where('id', '=', actor.userId).execute();
      candidates.push({ ...c, userId: actor.userId, disabled });
    }
    // The refusal, as an id that names nobody gets it, the id itself aside.
    const refusalOf = (res: { statusCode: number; body: string }, userId: string) => {
      const { instance: _i, ...body } = JSON.parse(res.body.replaceAll(userId, '<id>')) as Json;
      return { status: res.statusCode, body };
    };
    let added = 0;
    let refused = 0;
    for (let n = 0; n < 6; n++) {
      const label: Label = {
        ownerParty: 'MAR',
        classification: rng.pick(CLASSIFICATIONS),
        releasableTo: rng.sample(['ISR', 'USA', 'FRA'], rng.int(4)),
        compartments: [...rng.pick(RECORD_COMPARTMENT_SETS)],
      };
      const { ownerParty: _owner, ...marking } = label;
      const p = await programmeInEvaluation(api, { title: { en: `Programme ${n}` }, ...marking }, [
        offerOf(s.supplier, '50000000.00'),
      ]);
      const url = `/api/programmes/${p.id}/evaluation/evaluators`;
      const version = async () => (await ok('mar', 'GET', `/api/programmes/${p.id}/evaluation`)).version;
      const nobody = refusalOf(await send('mar', 'POST', url, { userId: MISSING_ID, version: await version() }), MISSING_ID);
      expect(nobody.status).toBe(400);
      expect(nobody.body.code).toBe('evaluation.not_an_evaluator');
      for (const c of candidates) {
        const before = await version();
        const res = await send('mar', 'POST', url, { userId: c.userId, version: before });
        const where = `${JSON.stringify(c)} on ${JSON.stringify(label)}`;
        if (mayEvaluate(c, label)) {
          expect(res.statusCode, `${where}: ${res.body}`).toBe(201);
          expect(res.json().evaluators.map((e: Json) => e.userId)).toContain(c.userId);
          added++;
        } else {
          expect(refusalOf(res, c.userId), where).toEqual(nobody);
          // Nothing written: the evaluation's version stays.
          expect(await version(), where).toBe(before);
          refused++;
        }
      }
      const listed = (await ok('mar', 'GET', `/api/programmes/${p.id}/evaluation`)).evaluators.map((e: Json) => e.userId);
      expect(listed.sort()).toEqual(
        candidates
          .filter((c) => mayEvaluate(c, label))
          .map((c) => c.userId)
          .sort(),
      );
    }
    // Both answers occur, for many users.
    expect(added).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(30);
    // Users of a party the programme is not released to are refused even when cleared for it.
    const unreleased = await programmeInEvaluation(
      api,
      { title: { en: 'Unreleased' }, classification: 'UNCLASSIFIED', releasableTo: [], compartments: [] },
      [offerOf(s.supplier, '1.00', 1)],
    );
    const version = (await ok('mar', 'GET', `/api/programmes/${unreleased.id}/evaluation`)).version;
    const res = await send('mar', 'POST', `/api/programmes/${unreleased.id}/evaluation/evaluators`, {
      userId: s.w.isrPlanner.userId,
      version,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('evaluation.not_an_evaluator');
  });
});
