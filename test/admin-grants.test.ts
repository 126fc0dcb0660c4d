import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, hashPassword } from '../src/app/auth.usecases.js';
import type { Actor } from '../src/app/context.js';
import { newId } from '../src/domain/ids.js';
import { CLASSIFICATIONS, type Classification } from '../src/domain/labels.js';
import { ROLES, type Role } from '../src/domain/user.schema.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { makeActor, seedParties } from './support/fixtures.js';
import { COMPARTMENTS, type Prng, prng } from './support/labelled-world.js';

// Change the seed to explore other cases; a failure names the case it happened to.
const SEED = 20261206;
const CASES = 320;

interface Grants {
  party: string;
  roles: Role[];
  clearance: Classification;
  compartments: string[];
}
interface Person extends Grants {
  id: string;
  username: string;
  active: boolean;
}

/**
 * The rule, written again here from the security model's own words and
 * independently of src/domain/grants.ts, to compare the API's answers with.
 */
const rank = (c: Classification) => CLASSIFICATIONS.indexOf(c);
const within = (holder: Grants, what: { clearance: Classification; compartments: string[] }) =>
  rank(what.clearance) <= rank(holder.clearance) && what.compartments.every((c) => holder.compartments.includes(c));
const setEq = (a: readonly string[], b: readonly string[]) => [...a].sort().join() === [...new Set(b)].sort().join();
/** Who sees a user at all: the user, or an administrator of its party; anyone else gets 404, like a missing user. */
const sees = (actor: Person, target: Person) =>
  actor.id === target.id || (actor.party === target.party && actor.roles.includes('admin'));
/** Handling a user (its tokens, its password): itself, or an administrator holding its clearance and compartments. */
function handleStatus(actor: Person, target: Person): 200 | 403 | 404 {
  if (!sees(actor, target)) return 404;
  if (actor.id === target.id) return 200;
  return within(actor, target) ? 200 : 403;
}

type Patch = Partial<Pick<Person, 'roles' | 'clearance' | 'compartments' | 'active'>> & { displayName?: string };

function patchStatus(actor: Person, target: Person, patch: Patch): 200 | 202 | 400 | 403 | 404 {
  if (!sees(actor, target)) return 404;
  if (!actor.roles.includes('admin')) return 403;
  const self = actor.id === target.id;
  if (self) {
    if (patch.roles && !setEq(target.roles, patch.roles)) return 403;
    if (patch.clearance && patch.clearance !== target.clearance) return 403;
    if (patch.compartments && !setEq(target.compartments, patch.compartments)) return 403;
    if (patch.active === false && target.active) return 400;
  } else if (!within(actor, target)) return 403;
  const added = (patch.roles ?? []).filter((r) => !target.roles.includes(r));
  // Viewer gives no power beyond reading: everyone may give it.
  if (added.some((r) => r !== 'viewer' && !actor.roles.includes(r))) return 403;
  if (!within(actor, { clearance: patch.clearance ?? 'UNCLASSIFIED', compartments: patch.compartments ?? [] })) return 403;
  // Every actor here is an active administrator besides the target, so no party is ever left without one.
  const raised =
    (patch.clearance && rank(patch.clearance) > rank(target.clearance)) ||
    (patch.compartments ?? []).some((c) => !target.compartments.includes(c));
  return raised ? 202 : 200;
}

function createStatus(actor: Person, asked: Grants): 201 | 403 {
  if (!actor.roles.includes('admin') || actor.party !== asked.party) return 403;
  if (asked.roles.some((r) => r !== 'viewer' && !actor.roles.includes(r))) return 403;
  return within(actor, asked) ? 201 : 403;
}

const subset = <T>(r: Prng, items: readonly T[]) => items.filter(() => r.next() < 0.5);
function randomGrants(r: Prng, party: string): Grants {
  const roles = subset(r, ROLES);
  return {
    party,
    roles: roles.length ? roles : [r.pick(ROLES)],
    clearance: r.pick(CLASSIFICATIONS),
    compartments: subset(r, COMPARTMENTS),
  };
}

describe.each(databases())('administrators grant only what they hold, on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let passwordHash: string;
  const admins: Person[] = [];
  const bearer = new Map<string, string>();
  let address = 0;
  let made = 0;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    await seedParties(t.ctx, ['MAR', 'ISR'], [...COMPARTMENTS]);
    passwordHash = await hashPassword('generated-pass-1');
    const r = prng(SEED);
    // Mostly administrators of MAR with random roles, clearances and compartments; a few colleagues who are not, and
    // a few administrators of ISR.
    for (let i = 0; i < 30; i++) {
      const party = i % 10 === 9 ? 'ISR' : 'MAR';
      const g = randomGrants(r, party);
      const roles: Role[] = i % 10 === 8 ? g.roles.filter((x) => x !== 'admin') : [...new Set<Role>(['admin', ...g.roles])];
      const a = await makeActor(t.ctx, party, roles.length ? roles : ['viewer'], g.clearance, g.compartments);
      admins.push(asPerson(a));
      bearer.set(a.userId, (await createToken(t.ctx, null, a.username, 'grants')).token);
    }
    app = await buildServer(t.ctx);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const asPerson = (a: Actor): Person => ({
    id: a.userId,
    username: a.username,
    party: a.party,
    roles: [...a.roles],
    clearance: a.clearance,
    compartments: [...a.compartments],
    active: true,
  });
  const as = (who: Person, opts: InjectOptions) =>
    app.inject({
      ...opts,
      remoteAddress: `10.7.${++address % 250}.1`,
      headers: { authorization: `Bearer ${bearer.get(who.id)}` },
    });
  const userRow = (id: string) => t.db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const missing = new Map<string, unknown>();
  /** The answer to the same request about a user that does not exist: a hidden user must answer exactly so. */
  async function missingAnswer(actor: Person, method: 'PATCH' | 'POST' | 'GET', what: string) {
    const key = `${actor.id} ${what}`;
    if (!missing.has(key)) {
      const id = newId();
      const res =
        what === 'patch'
          ? await as(actor, { method, url: `/api/users/${id}`, payload: { displayName: 'X', version: 1 } })
          : what === 'reset'
            ? await as(actor, { method, url: `/api/users/${id}/password`, payload: { password: 'generated-pass-2' } })
            : await as(actor, { method, url: '/api/tokens?user=no.such.user' });
      expect(res.statusCode).toBe(404);
      missing.set(key, res.json());
    }
    return missing.get(key);
  }

  /** A user made straight in the database (no password hashing per case), with an API token of its own. */
  async function newTarget(r: Prng, party: string): Promise<Person & { token: string }> {
    const g = randomGrants(r, party);
    const id = newId();
    const username = `t${++made}.${party.toLowerCase()}`;
    const codec = await t.ctx.codec();
    const at = new Date().toISOString();
    const active = r.next() < 0.9;
    await t.db
      .insertInto('app_user')
      .values({
        id,
        username,
        display_name: username,
        party,
        roles: JSON.stringify(g.roles),
        clearance: rank(g.clearance),
        compartment_mask: codec.compartmentMask(g.compartments),
        password_hash: passwordHash,
        disabled: active ? 0 : 1,
        created_at: at,
        updated_at: at,
      })
      .execute();
    const { token } = await createToken(t.ctx, null, username, 'target');
    return { ...g, id, username, active, token };
  }

  function randomPatch(r: Prng, target: Person): Patch {
    const patch: Patch = {};
    if (r.next() < 0.5) patch.roles = randomGrants(r, target.party).roles;
    if (r.next() < 0.5) patch.clearance = r.pick(CLASSIFICATIONS);
    if (r.next() < 0.4) patch.compartments = subset(r, COMPARTMENTS);
    if (r.next() < 0.2) patch.active = r.next() < 0.5;
    // Sometimes resend what the user holds: that changes nothing and grants nothing.
    if (r.next() < 0.15) Object.assign(patch, { roles: target.roles, clearance: target.clearance });
    if (Object.keys(patch).length === 0 || r.next() < 0.3) patch.displayName = `Name ${r.int(1000)}`;
    return patch;
  }

  it(`answers ${CASES} generated (administrator, user, change) cases as the rule says, and writes only what it allows`, async () => {
    const r = prng(SEED + 1);
    const tally: Record<string, number> = {};
    for (let i = 0; i < CASES; i++) {
      const actor = r.pick(admins);
      const self = r.next() < 0.1;
      const target = self ? { ...actor, token: '' } : await newTarget(r, r.next() < 0.85 ? actor.party : 'ISR');
      const op = self ? 'patch' : r.pick(['patch', 'patch', 'patch', 'patch', 'tokens', 'revoke', 'reset', 'create'] as const);
      const before = await userRow(target.id);
      const label = `case ${i} (${op}): ${JSON.stringify({ actor, target: { ...target, token: undefined } })}`;
      let res: LightMyRequestResponse;
      let expected: number;
      if (op === 'patch') {
        const patch = randomPatch(r, target);
        expected = patchStatus(actor, target, patch);
        res = await as(actor, {
          method: 'PATCH',
          url: `/api/users/${target.id}`,
          payload: { ...patch, version: before.version },
        });
        expect(res.statusCode, `${label} ${JSON.stringify(patch)}: ${res.body}`).toBe(expected);
        const after = await userRow(target.id);
        if (expected === 200 || expected === 202) {
          const body = res.json();
          // What applies at once: never more than the user had, except what the patch lowers.
          const clearance =
            patch.clearance && rank(patch.clearance) <= rank(target.clearance) ? patch.clearance : target.clearance;
          const compartments = (patch.compartments ?? target.compartments).filter((c) => target.compartments.includes(c));
          expect(body, label).toMatchObject({ clearance });
          expect([...body.roles].sort(), label).toEqual([...new Set(patch.roles ?? target.roles)].sort());
          expect([...body.compartments].sort(), label).toEqual([...compartments].sort());
          expect(body.pendingRaise === null, label).toBe(expected === 200);
          if (expected === 202)
            expect(body.pendingRaise, label).toMatchObject({
              clearance: patch.clearance && rank(patch.clearance) > rank(target.clearance) ? patch.clearance : null,
              requestedBy: actor.username,
              status: 'pending',
            });
          expect(after.version).toBe(before.version + 1);
          if (self) Object.assign(actor, { active: after.disabled === 0 });
        } else expect(after, label).toEqual(before);
        if (expected === 404) expect(res.json(), label).toEqual(await missingAnswer(actor, 'PATCH', 'patch'));
      } else if (op === 'tokens') {
        expected = handleStatus(actor, target);
        res = await as(actor, { method: 'GET', url: `/api/tokens?user=${target.username}` });
        expect(res.statusCode, `${label}: ${res.body}`).toBe(expected);
        if (expected === 404) expect(res.json(), label).toEqual(await missingAnswer(actor, 'GET', 'tokens'));
      } else if (op === 'revoke') {
        const [token] = await t.db.selectFrom('api_token').select('id').where('user_id', '=', target.id).execute();
        expected = handleStatus(actor, target) === 200 ? 204 : 404;
        res = await as(actor, { method: 'DELETE', url: `/api/tokens/${token?.id}` });
        expect(res.statusCode, `${label}: ${res.body}`).toBe(expected);
        const me = await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${target.token}` } });
        expect(me.statusCode, label).toBe(expected === 204 || !target.active ? 401 : 200);
      } else if (op === 'reset') {
        const status = handleStatus(actor, target);
        expected = status === 200 ? (actor.roles.includes('admin') ? 204 : 403) : status;
        res = await as(actor, {
          method: 'POST',
          url: `/api/users/${target.id}/password`,
          payload: { password: 'generated-pass-2' },
        });
        expect(res.statusCode, `${label}: ${res.body}`).toBe(expected);
        const after = await userRow(target.id);
        expect(after.password_hash !== before.password_hash, label).toBe(expected === 204);
        // A reset takes the user's tokens with it; a refusal leaves them working.
        const me = await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${target.token}` } });
        expect(me.statusCode, label).toBe(expected === 204 || !target.active ? 401 : 200);
        if (expected === 404) expect(res.json(), label).toEqual(await missingAnswer(actor, 'POST', 'reset'));
      } else {
        const asked = randomGrants(r, r.next() < 0.85 ? actor.party : 'ISR');
        expected = createStatus(actor, asked);
        const username = `c${++made}.new`;
        res = await as(actor, {
          method: 'POST',
          url: '/api/users',
          payload: { username, displayName: username, password: 'generated-pass-3', ...asked },
        });
        expect(res.statusCode, `${label} ${JSON.stringify(asked)}: ${res.body}`).toBe(expected);
        const created = await t.db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
        expect(created !== undefined, label).toBe(expected === 201);
        if (created) {
          const raised = rank(asked.clearance) > 0 || asked.compartments.length > 0;
          expect(created.clearance, label).toBe(raised ? 0 : rank(asked.clearance));
          expect(res.json().pendingRaise === null, label).toBe(!raised);
        }
      }
      tally[`${op} ${expected}`] = (tally[`${op} ${expected}`] ?? 0) + 1;
    }
    // The generated cases reach every answer of the rule.
    for (const k of ['patch 200', 'patch 202', 'patch 403', 'patch 404', 'tokens 403', 'tokens 404', 'create 403'])
      expect(tally[k] ?? 0, `${k} in ${JSON.stringify(tally)}`).toBeGreaterThan(0);
  }, 240_000);
});

describe.each(databases())('raises, resets and the last administrator, on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  const bearer = new Map<string, string>();
  let address = 0;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    await seedParties(t.ctx);
    app = await buildServer(t.ctx);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  async function person(party: string, roles: Role[], clearance: Classification, compartments: string[] = []) {
    const a = await makeActor(t.ctx, party, roles, clearance, compartments);
    bearer.set(a.userId, (await createToken(t.ctx, null, a.username, 'grants')).token);
    return a;
  }
  const as = (who: Actor, opts: InjectOptions) =>
    app.inject({
      ...opts,
      remoteAddress: `10.6.${++address % 250}.1`,
      headers: { authorization: `Bearer ${bearer.get(who.userId)}` },
    });
  const me = (who: Actor) => as(who, { method: 'GET', url: '/api/me' });
  const version = async (id: string) =>
    (await t.db.selectFrom('app_user').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
  const lastActions = async (n: number) =>
    (await t.db.selectFrom('audit_entry').select('action').orderBy('seq', 'desc').limit(n).execute()).map((e) => e.action);

  it('refuses a SECRET administrator raising itself, creating a user above itself, or resetting a more-cleared colleague', async () => {
    const admin = await person('MAR', ['admin', 'planner'], 'SECRET', ['INDUS']);
    const officer = await person('MAR', ['security_officer', 'viewer'], 'TOP_SECRET', ['INDUS', 'INTEL']);
    const raiseSelf = await as(admin, {
      method: 'PATCH',
      url: `/api/users/${admin.userId}`,
      payload: {
        clearance: 'TOP_SECRET',
        compartments: ['INDUS', 'INTEL'],
        roles: ['admin', 'planner', 'security_officer'],
        version: 1,
      },
    });
    expect(raiseSelf.statusCode, raiseSelf.body).toBe(403);
    expect((await me(admin)).json()).toMatchObject({ clearance: 'SECRET', compartments: ['INDUS'] });
    for (const over of [{ clearance: 'TOP_SECRET' }, { compartments: ['INTEL'] }, { roles: ['security_officer'] }]) {
      const res = await as(admin, {
        method: 'POST',
        url: '/api/users',
        payload: {
          username: `above.${Object.keys(over)[0]}`,
          displayName: 'Above',
          party: 'MAR',
          roles: ['planner'],
          password: 'long-enough-9',
          ...over,
        },
      });
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual([Object.keys(over)[0]]);
    }
    expect(await t.db.selectFrom('app_user').select('id').where('username', 'like', 'above.%').execute()).toEqual([]);
    const reset = await as(admin, {
      method: 'POST',
      url: `/api/users/${officer.userId}/password`,
      payload: { password: 'taken-over-1' },
    });
    expect(reset.statusCode, reset.body).toBe(403);
    expect((await me(officer)).statusCode).toBe(200);
    for (const req of [
      { method: 'PATCH' as const, url: `/api/users/${officer.userId}`, payload: { active: false, version: 1 } },
      { method: 'GET' as const, url: `/api/tokens?user=${officer.username}` },
    ])
      expect((await as(admin, req)).statusCode).toBe(403);
    const [token] = await t.db.selectFrom('api_token').select('id').where('user_id', '=', officer.userId).execute();
    expect((await as(admin, { method: 'DELETE', url: `/api/tokens/${token?.id}` })).statusCode).toBe(404);
    expect((await me(officer)).statusCode).toBe(200);
    expect(await version(officer.userId)).toBe(1);
  });

  it('a password reset ends the user’s sessions and revokes its tokens in one audited step', async () => {
    const admin = await person('ISR', ['admin'], 'SECRET', ['INDUS']);
    const user = await person('ISR', ['viewer'], 'CONFIDENTIAL', ['INDUS']);
    const res = await as(admin, {
      method: 'POST',
      url: `/api/users/${user.userId}/password`,
      payload: { password: 'reset-pass-1' },
    });
    expect(res.statusCode, res.body).toBe(204);
    expect((await me(user)).statusCode).toBe(401);
    const entry = await t.db.selectFrom('audit_entry').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(entry.action).toBe('user.password.reset');
    expect(JSON.parse(entry.detail).revokedTokens).toHaveLength(1);
  });

  it('a raise waits for a security officer of the party, other than the one who asked and the user, holding what is asked', async () => {
    const admin = await person('FRA', ['admin', 'security_officer'], 'TOP_SECRET', ['INDUS', 'INTEL']);
    const lowOfficer = await person('FRA', ['security_officer'], 'SECRET', ['INDUS']);
    const officer = await person('FRA', ['security_officer'], 'TOP_SECRET', ['INDUS', 'INTEL']);
    const foreignOfficer = await person('USA', ['security_officer'], 'TOP_SECRET', ['INDUS', 'INTEL']);
    const viewer = await person('FRA', ['viewer'], 'RESTRICTED');
    const user = await person('FRA', ['viewer'], 'CONFIDENTIAL');
    const asked = await as(admin, {
      method: 'PATCH',
      url: `/api/users/${user.userId}`,
      payload: { clearance: 'TOP_SECRET', compartments: ['INTEL'], version: 1 },
    });
    expect(asked.statusCode, asked.body).toBe(202);
    const id = asked.json().pendingRaise.id as string;
    expect(await lastActions(2)).toEqual(['user.clearance.request', 'user.update']);
    // One raise at a time.
    const again = await as(admin, {
      method: 'PATCH',
      url: `/api/users/${user.userId}`,
      payload: { clearance: 'SECRET', version: 2 },
    });
    expect(again.statusCode, again.body).toBe(409);
    expect((await as(officer, { method: 'GET', url: '/api/clearance-requests' })).json().items).toMatchObject([
      { id, username: user.username, clearance: 'TOP_SECRET', compartments: ['INTEL'], requestedBy: admin.username },
    ]);
    expect((await as(viewer, { method: 'GET', url: '/api/clearance-requests' })).statusCode).toBe(403);
    expect((await as(foreignOfficer, { method: 'GET', url: '/api/clearance-requests' })).json().items).toEqual([]);

    const confirm = (who: Actor, rid = id) => as(who, { method: 'POST', url: `/api/clearance-requests/${rid}/confirm` });
    const hidden = await confirm(foreignOfficer);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toEqual((await confirm(foreignOfficer, newId())).json());
    expect((await confirm(admin)).statusCode).toBe(403); // the one who asked
    expect((await confirm(lowOfficer)).statusCode).toBe(403); // does not hold TOP SECRET nor INTEL
    expect((await confirm(viewer)).statusCode).toBe(403);
    expect((await me(user)).json()).toMatchObject({ clearance: 'CONFIDENTIAL', compartments: [] });

    const ok = await confirm(officer);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'confirmed', decidedBy: officer.username });
    expect(await lastActions(1)).toEqual(['user.clearance.confirm']);
    expect((await me(user)).json()).toMatchObject({ clearance: 'TOP_SECRET', compartments: ['INTEL'] });
    expect((await confirm(officer)).statusCode).toBe(409);

    // A raise of a security officer: never confirmed by that officer.
    const raiseOfficer = await as(admin, {
      method: 'PATCH',
      url: `/api/users/${lowOfficer.userId}`,
      payload: { clearance: 'TOP_SECRET', version: 1 },
    });
    expect(raiseOfficer.statusCode, raiseOfficer.body).toBe(202);
    const second = raiseOfficer.json().pendingRaise.id as string;
    expect((await confirm(lowOfficer, second)).statusCode).toBe(403);
    const refused = await as(officer, { method: 'POST', url: `/api/clearance-requests/${second}/refuse` });
    expect(refused.statusCode, refused.body).toBe(200);
    expect(refused.json().status).toBe('refused');
    expect(await lastActions(1)).toEqual(['user.clearance.refuse']);
    expect((await me(lowOfficer)).json().clearance).toBe('SECRET');
  });

  it('keeps an active administrator in the party when two administrators demote each other at once', async () => {
    for (let round = 0; round < 3; round++) {
      const a = await person('USA', ['admin', 'viewer'], 'SECRET');
      const b = await person('USA', ['admin', 'viewer'], 'SECRET');
      // Every other administrator of USA steps down first, so that a and b are the last two.
      const others = (await t.db.selectFrom('app_user').select('id').where('party', '=', 'USA').execute())
        .map((u) => u.id)
        .filter((id) => id !== a.userId && id !== b.userId);
      for (const id of others)
        await t.db.updateTable('app_user').set({ disabled: 1 }).where('id', '=', id).where('roles', 'like', '%admin%').execute();
      const demote = (who: Actor, whom: Actor) =>
        as(who, { method: 'PATCH', url: `/api/users/${whom.userId}`, payload: { roles: ['viewer'], version: 1 } });
      const answers = await Promise.all([demote(a, b), demote(b, a)]);
      const codes = answers.map((r) => r.statusCode).sort();
      expect(codes[0], answers.map((r) => r.body).join('\n')).toBe(200);
      expect([403, 404, 409]).toContain(codes[1]);
      const admins = (
        await t.db.selectFrom('app_user').select('roles').where('party', '=', 'USA').where('disabled', '=', 0).execute()
      ).filter((u) => u.roles.includes('admin'));
      expect(admins).toHaveLength(1);
    }
  });
});
