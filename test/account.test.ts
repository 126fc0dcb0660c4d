import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, TOKEN_USE_RESOLUTION_MINUTES } from '../src/app/auth.usecases.js';
import type { Actor } from '../src/app/context.js';
import { newId } from '../src/domain/ids.js';
import { apiTokenSchema, managedUserSchema } from '../src/domain/user.schema.js';
import { buildServer } from '../src/server/app.js';
import { countRows, databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { makeActor, PASSWORD, seedParties } from './support/fixtures.js';

describe.each(databases())('accounts and API tokens on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let marAdmin: Actor;
  let marViewer: Actor;
  let isrAdmin: Actor;
  let marSecurity: Actor;
  const bearer: Record<string, string> = {};
  let address = 0;
  const START = new Date('2026-05-04T08:00:00.000Z');
  let clock = START;

  beforeAll(async () => {
    t = await openTestDatabase(kind, () => clock);
    await seedParties(t.ctx);
    marAdmin = await makeActor(t.ctx, 'MAR', ['admin', 'planner'], 'SECRET', ['INDUS']);
    marViewer = await makeActor(t.ctx, 'MAR', ['viewer'], 'RESTRICTED');
    isrAdmin = await makeActor(t.ctx, 'ISR', ['admin', 'planner'], 'SECRET');
    marSecurity = await makeActor(t.ctx, 'MAR', ['security_officer'], 'TOP_SECRET', ['INDUS', 'INTEL']);
    for (const a of [marAdmin, marViewer, isrAdmin, marSecurity])
      bearer[a.username] = (await createToken(t.ctx, null, a.username, 'test')).token;
    app = await buildServer(t.ctx);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const as = (who: Actor | string | null, opts: InjectOptions) => {
    const auth =
      who === null
        ? {}
        : typeof who === 'string'
          ? who.startsWith('jp_session=')
            ? { cookie: who }
            : { authorization: `Bearer ${who}` }
          : { authorization: `Bearer ${bearer[who.username]}` };
    return app.inject({
      ...opts,
      remoteAddress: `10.9.0.${++address % 250}`,
      headers: { ...auth, ...(opts.headers as Record<string, string> | undefined) },
    });
  };
  const login = (username: string, password: string) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      remoteAddress: `10.8.0.${++address % 250}`,
    });
  const cookieOf = (res: LightMyRequestResponse) => String(res.headers['set-cookie']).split(';')[0] ?? '';
  const lastAudit = () => t.db.selectFrom('audit_entry').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
  const auditLength = () => countRows(t.db, 'audit_entry');
  const userRow = (id: string) => t.db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const expectProblem = (res: LightMyRequestResponse, status: number, paths?: string[]) => {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    if (paths) expect(((res.json().errors ?? []) as { path: string }[]).map((e) => e.path).sort()).toEqual([...paths].sort());
  };
  /** A fresh MAR user with a session cookie and a token of their own. */
  async function freshUser(roles: Actor['roles'][number][] = ['viewer']) {
    const user = await makeActor(t.ctx, 'MAR', [...roles], 'RESTRICTED');
    const token = (await createToken(t.ctx, null, user.username, 'scripts')).token;
    const session = await login(user.username, PASSWORD);
    expect(session.statusCode, session.body).toBe(200);
    return { user, token, cookie: cookieOf(session) };
  }

  describe('API tokens', () => {
    it('lists the caller’s own live tokens, without the secret or its hash, and records their last use', async () => {
      const created = await as(marAdmin, { method: 'POST', url: '/api/tokens', payload: { name: 'reports' } });
      expect(created.statusCode, created.body).toBe(201);
      const res = await as(marAdmin, { method: 'GET', url: '/api/tokens' });
      expect(res.statusCode, res.body).toBe(200);
      const items = res.json().items as unknown[];
      for (const item of items) apiTokenSchema.strict().parse(item);
      expect(items.map((i) => (i as { name: string }).name)).toEqual(['reports', 'test']);
      expect(res.body).not.toContain(bearer[marAdmin.username]);
      expect(res.body).not.toContain(created.json().token);
      expect(res.body).not.toMatch(/hash/i);
      // The token making this request was used now; the new one never yet.
      const byName = Object.fromEntries(items.map((i) => [(i as { name: string }).name, i as { lastUsedAt: string | null }]));
      expect(byName.test?.lastUsedAt).toBe(START.toISOString());
      expect(byName.reports?.lastUsedAt).toBeNull();
    });

    it('records a later use only once the last one is older than the resolution', async () => {
      const { token } = await freshUser();
      const usedAt = async () =>
        (await t.db.selectFrom('api_token').select('last_used_at').where('name', '=', 'scripts').execute()).map(
          (r) => r.last_used_at,
        );
      try {
        expect((await as(token, { method: 'GET', url: '/api/me' })).statusCode).toBe(200);
        clock = new Date(START.getTime() + 60_000);
        await as(token, { method: 'GET', url: '/api/me' });
        expect(await usedAt()).toContain(START.toISOString());
        clock = new Date(START.getTime() + (TOKEN_USE_RESOLUTION_MINUTES + 1) * 60_000);
        await as(token, { method: 'GET', url: '/api/me' });
        expect(await usedAt()).toContain(clock.toISOString());
      } finally {
        clock = START;
      }
    });

    it('lets an administrator list the tokens of a user of their party, and no one else', async () => {
      const { user } = await freshUser();
      const ok = await as(marAdmin, { method: 'GET', url: `/api/tokens?user=${user.username}` });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().items.map((i: { username: string }) => i.username)).toEqual([user.username]);
      // Another party's administrator: as if the user did not exist.
      const other = await as(isrAdmin, { method: 'GET', url: `/api/tokens?user=${user.username}` });
      expectProblem(other, 404);
      expect(other.json()).toEqual(
        (await as(isrAdmin, { method: 'GET', url: '/api/tokens?user=no.such.user' })).json() as object,
      );
      // A colleague who is not an administrator: the same answer again, so that it tells nothing either.
      const colleague = await as(marViewer, { method: 'GET', url: `/api/tokens?user=${user.username}` });
      expectProblem(colleague, 404);
      expect(colleague.json()).toEqual(
        (await as(marViewer, { method: 'GET', url: '/api/tokens?user=no.such.user' })).json() as object,
      );
      expect(colleague.json()).toEqual(
        (await as(marViewer, { method: 'GET', url: `/api/tokens?user=${isrAdmin.username}` })).json() as object,
      );
      expectProblem(await as(null, { method: 'GET', url: '/api/tokens' }), 401);
      expectProblem(await as(marAdmin, { method: 'GET', url: '/api/tokens?user=Not%20A%20Name' }), 400, ['user']);
    });

    it('revokes one’s own token, which stops working at once, and audits it', async () => {
      const { user, token } = await freshUser();
      const [listed] = (await as(token, { method: 'GET', url: '/api/tokens' })).json().items as { id: string }[];
      expect(listed).toBeDefined();
      const id = (listed as { id: string }).id;
      const res = await as(token, { method: 'DELETE', url: `/api/tokens/${id}` });
      expect(res.statusCode, res.body).toBe(204);
      const entry = await lastAudit();
      expect(entry).toMatchObject({ action: 'token.revoke', entity_type: 'api_token', entity_id: id, actor_id: user.userId });
      expect(JSON.parse(entry.detail)).toMatchObject({ username: user.username, name: 'scripts' });
      // The very next request with it is refused.
      expectProblem(await as(token, { method: 'GET', url: '/api/me' }), 401);
      // Revoked twice: no longer there.
      expectProblem(await as(marAdmin, { method: 'DELETE', url: `/api/tokens/${id}` }), 404);
    });

    it('lets an administrator revoke a token of a user of their party; others get 404 and nothing changes', async () => {
      const { user, token, cookie } = await freshUser();
      const id = ((await as(token, { method: 'GET', url: '/api/tokens' })).json().items[0] as { id: string }).id;
      const before = await auditLength();
      expectProblem(await as(isrAdmin, { method: 'DELETE', url: `/api/tokens/${id}` }), 404);
      expectProblem(await as(marViewer, { method: 'DELETE', url: `/api/tokens/${id}` }), 404);
      expectProblem(await as(null, { method: 'DELETE', url: `/api/tokens/${id}` }), 401);
      expectProblem(await as(marAdmin, { method: 'DELETE', url: '/api/tokens/not-a-uuid' }), 400, ['id']);
      expectProblem(await as(marAdmin, { method: 'DELETE', url: `/api/tokens/${newId()}` }), 404);
      expect(await auditLength()).toBe(before);
      expect((await as(token, { method: 'GET', url: '/api/me' })).statusCode).toBe(200);

      expect((await as(marAdmin, { method: 'DELETE', url: `/api/tokens/${id}` })).statusCode).toBe(204);
      expect(await lastAudit()).toMatchObject({ action: 'token.revoke', actor_id: marAdmin.userId, owner_party: 'MAR' });
      expectProblem(await as(token, { method: 'GET', url: '/api/me' }), 401);
      // The user's session is another matter: it goes on.
      expect((await as(cookie, { method: 'GET', url: '/api/me' })).json().username).toBe(user.username);
    });
  });

  describe('user administration', () => {
    it('changes roles and display name at once; a raise of clearance and compartments waits for a security officer', async () => {
      const { user } = await freshUser();
      const read = await as(marAdmin, { method: 'GET', url: `/api/users/${user.userId}` });
      expect(read.statusCode, read.body).toBe(200);
      expect(read.headers.etag).toBe('"1"');
      const res = await as(marAdmin, {
        method: 'PATCH',
        url: `/api/users/${user.userId}`,
        payload: {
          roles: ['planner', 'viewer'],
          clearance: 'SECRET',
          compartments: ['INDUS'],
          displayName: 'Lt. A. Idrissi',
          version: 1,
        },
      });
      expect(res.statusCode, res.body).toBe(202);
      const updated = managedUserSchema.strict().parse(res.json());
      expect(updated).toMatchObject({
        roles: ['planner', 'viewer'],
        clearance: 'RESTRICTED',
        compartments: [],
        displayName: 'Lt. A. Idrissi',
        active: true,
        version: 2,
        pendingRaise: { clearance: 'SECRET', compartments: ['INDUS'], requestedBy: marAdmin.username, status: 'pending' },
      });
      expect(res.headers.etag).toBe('"2"');
      const entries = await t.db.selectFrom('audit_entry').selectAll().orderBy('seq', 'desc').limit(2).execute();
      expect(entries.map((e) => e.action)).toEqual(['user.clearance.request', 'user.update']);
      expect(entries[1]).toMatchObject({ entity_id: user.userId, actor_id: marAdmin.userId });
      expect(JSON.parse(entries[1]?.detail ?? '{}').changes).toEqual({
        displayName: { from: user.username, to: 'Lt. A. Idrissi' },
        roles: { from: ['viewer'], to: ['planner', 'viewer'] },
      });
      // Until confirmed, the user reads with the old clearance.
      expect((await as(await freshToken(user.username), { method: 'GET', url: '/api/me' })).json()).toMatchObject({
        clearance: 'RESTRICTED',
        roles: ['planner', 'viewer'],
      });
      const requestId = updated.pendingRaise?.id ?? '';
      const pending = await as(marSecurity, { method: 'GET', url: '/api/clearance-requests' });
      expect(pending.json().items.map((r: { id: string }) => r.id)).toContain(requestId);
      const confirmed = await as(marSecurity, { method: 'POST', url: `/api/clearance-requests/${requestId}/confirm` });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      expect(confirmed.json()).toMatchObject({ status: 'confirmed', decidedBy: marSecurity.username });
      const entry = await lastAudit();
      expect(entry).toMatchObject({ action: 'user.clearance.confirm', entity_id: user.userId, actor_id: marSecurity.userId });
      expect(JSON.parse(entry.detail)).toMatchObject({
        requestedBy: marAdmin.username,
        changes: { clearance: { from: 'RESTRICTED', to: 'SECRET' }, compartments: { from: [], to: ['INDUS'] } },
      });
      // The new rights hold on the user's next request.
      const me = await as(await freshToken(user.username), { method: 'GET', url: '/api/me' });
      expect(me.json()).toMatchObject({ clearance: 'SECRET', compartments: ['INDUS'], roles: ['planner', 'viewer'] });
      // And the list shows it.
      const list = await as(marAdmin, { method: 'GET', url: '/api/users' });
      const listed = (list.json().items as { id: string }[]).find((u) => u.id === user.userId);
      expect(listed).toMatchObject({ version: 3, clearance: 'SECRET', pendingRaise: null });
      expect((list.json().items as { party: string }[]).every((u) => u.party === 'MAR')).toBe(true);
    });

    it('takes the version from If-Match, and answers 409 to a stale one without writing', async () => {
      const { user } = await freshUser();
      const ok = await as(marAdmin, {
        method: 'PATCH',
        url: `/api/users/${user.userId}`,
        payload: { displayName: 'First' },
        headers: { 'if-match': '"1"' },
      });
      expect(ok.statusCode, ok.body).toBe(200);
      const before = await auditLength();
      const stale = await as(marAdmin, {
        method: 'PATCH',
        url: `/api/users/${user.userId}`,
        payload: { displayName: 'Second', version: 1 },
      });
      expectProblem(stale, 409);
      expect(stale.json().detail).toMatch(/version 1, it is now 2/);
      expect((await userRow(user.userId)).display_name).toBe('First');
      expect(await auditLength()).toBe(before);
    });

    it('refuses bad input with 400 naming the fields, and writes nothing', async () => {
      const { user } = await freshUser();
      const before = await auditLength();
      const cases: [object, string[]][] = [
        [{ roles: ['general'], clearance: 'COSMIC', version: 1 }, ['roles.0', 'clearance']],
        [{ roles: [], version: 1 }, ['roles']],
        [{ displayName: '  ', version: 1 }, ['displayName']],
        [{ active: 'no', version: 1 }, ['active']],
        [{ username: 'renamed', version: 1 }, ['username']],
        [{ displayName: 'X' }, ['version']],
        [{ compartments: ['NUKE'], version: 1 }, ['compartments']],
        [{ displayName: 'X', version: 0 }, ['version']],
      ];
      for (const [payload, paths] of cases)
        expectProblem(await as(marAdmin, { method: 'PATCH', url: `/api/users/${user.userId}`, payload }), 400, paths);
      expectProblem(
        await as(marAdmin, { method: 'PATCH', url: '/api/users/42', payload: { displayName: 'X', version: 1 } }),
        400,
        ['id'],
      );
      expect(await userRow(user.userId)).toMatchObject({ version: 1, display_name: user.username });
      expect(await auditLength()).toBe(before);
    });

    it('answers 404 to another party’s administrator and to a non-administrator, 401 without a session', async () => {
      const { user } = await freshUser();
      const patch = { method: 'PATCH' as const, url: `/api/users/${user.userId}`, payload: { displayName: 'X', version: 1 } };
      const hidden = await as(isrAdmin, patch);
      expectProblem(hidden, 404);
      const missing = await as(isrAdmin, { ...patch, url: `/api/users/${newId()}` });
      expect(hidden.json()).toEqual(missing.json());
      expectProblem(await as(isrAdmin, { method: 'GET', url: `/api/users/${user.userId}` }), 404);
      expectProblem(
        await as(isrAdmin, { method: 'POST', url: `/api/users/${user.userId}/password`, payload: { password: 'long-enough-9' } }),
        404,
      );
      const colleague = await as(marViewer, patch);
      expectProblem(colleague, 404);
      expect(colleague.json()).toEqual(missing.json());
      expectProblem(await as(null, patch), 401);
      expect((await userRow(user.userId)).version).toBe(1);
    });

    it('does not let administrators change their own roles, clearance or compartments, nor deactivate themselves', async () => {
      const admin = await makeActor(t.ctx, 'MAR', ['admin', 'planner', 'viewer'], 'TOP_SECRET', ['INDUS', 'INTEL']);
      const token = (await createToken(t.ctx, null, admin.username, 'x')).token;
      const url = `/api/users/${admin.userId}`;
      const before = await auditLength();
      expectProblem(await as(token, { method: 'PATCH', url, payload: { roles: ['planner'], version: 1 } }), 403, ['roles']);
      expectProblem(await as(token, { method: 'PATCH', url, payload: { roles: ['admin'], version: 1 } }), 403, ['roles']);
      expectProblem(await as(token, { method: 'PATCH', url, payload: { clearance: 'SECRET', version: 1 } }), 403, ['clearance']);
      expectProblem(await as(token, { method: 'PATCH', url, payload: { compartments: ['INDUS'], version: 1 } }), 403, [
        'compartments',
      ]);
      expectProblem(await as(token, { method: 'PATCH', url, payload: { active: false, version: 1 } }), 400, ['active']);
      expect(await auditLength()).toBe(before);
      // Their display name they may change, and resending what they hold changes nothing.
      const ok = await as(token, {
        method: 'PATCH',
        url,
        payload: {
          displayName: 'Col. B',
          roles: ['viewer', 'planner', 'admin'],
          clearance: 'TOP_SECRET',
          compartments: ['INTEL', 'INDUS'],
          version: 1,
        },
      });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ displayName: 'Col. B', clearance: 'TOP_SECRET', compartments: ['INDUS', 'INTEL'] });
      expect(Object.keys(JSON.parse((await lastAudit()).detail).changes)).toEqual(['displayName']);
    });

    it('deactivates a user: they cannot sign in, their session and tokens stop at once; reactivating lets them sign in', async () => {
      const { user, token, cookie } = await freshUser();
      expect((await as(cookie, { method: 'GET', url: '/api/me' })).statusCode).toBe(200);
      const res = await as(marAdmin, {
        method: 'PATCH',
        url: `/api/users/${user.userId}`,
        payload: { active: false, version: 1 },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ active: false, version: 2 });
      const entry = await lastAudit();
      expect(entry.action).toBe('user.deactivate');
      expect(JSON.parse(entry.detail)).toMatchObject({ endedSessions: 1, revokedTokens: [expect.any(String)] });

      expectProblem(await as(cookie, { method: 'GET', url: '/api/me' }), 401);
      expectProblem(await as(token, { method: 'GET', url: '/api/me' }), 401);
      expectProblem(await login(user.username, PASSWORD), 401);
      expect(await t.db.selectFrom('user_session').select('id').where('user_id', '=', user.userId).execute()).toEqual([]);

      const back = await as(marAdmin, {
        method: 'PATCH',
        url: `/api/users/${user.userId}`,
        payload: { active: true, version: 2 },
      });
      expect(back.statusCode, back.body).toBe(200);
      expect((await lastAudit()).action).toBe('user.reactivate');
      expect((await login(user.username, PASSWORD)).statusCode).toBe(200);
      // Its tokens stay revoked: a reactivated account starts with none.
      expectProblem(await as(token, { method: 'GET', url: '/api/me' }), 401);
    });
  });

  describe('passwords', () => {
    it('lets an administrator set a new password for a user of their party, ending the user’s sessions', async () => {
      const { user, cookie } = await freshUser();
      const res = await as(marAdmin, {
        method: 'POST',
        url: `/api/users/${user.userId}/password`,
        payload: { password: 'reset-by-admin-1' },
      });
      expect(res.statusCode, res.body).toBe(204);
      expect(await lastAudit()).toMatchObject({ action: 'user.password.reset', entity_id: user.userId });
      expect((await lastAudit()).detail).not.toContain('reset-by-admin-1');
      expectProblem(await as(cookie, { method: 'GET', url: '/api/me' }), 401);
      expectProblem(await login(user.username, PASSWORD), 401);
      expect((await login(user.username, 'reset-by-admin-1')).statusCode).toBe(200);
    });

    it('refuses a short password, an administrator’s own account and a non-administrator', async () => {
      const { user } = await freshUser();
      const url = `/api/users/${user.userId}/password`;
      const before = await auditLength();
      expectProblem(await as(marAdmin, { method: 'POST', url, payload: { password: 'short' } }), 400, ['password']);
      expectProblem(await as(marAdmin, { method: 'POST', url, payload: {} }), 400, ['password']);
      expectProblem(
        await as(marAdmin, {
          method: 'POST',
          url: `/api/users/${marAdmin.userId}/password`,
          payload: { password: 'long-enough-1' },
        }),
        400,
        ['id'],
      );
      expectProblem(await as(marViewer, { method: 'POST', url, payload: { password: 'long-enough-1' } }), 404);
      expectProblem(await as(null, { method: 'POST', url, payload: { password: 'long-enough-1' } }), 401);
      expect(await auditLength()).toBe(before);
      expect((await login(user.username, PASSWORD)).statusCode).toBe(200);
    });

    it('lets a signed-in user change their own password with the current one; other sessions end, this one goes on', async () => {
      const { user, cookie } = await freshUser();
      const changePassword = (who: string | null, currentPassword: string, newPassword: string) =>
        as(who, { method: 'POST', url: '/api/me/password', payload: { currentPassword, newPassword } });
      const other = cookieOf(await login(user.username, PASSWORD));
      const before = await auditLength();
      const wrong = await changePassword(cookie, 'not-it-at-all', 'brand-new-pass-1');
      expectProblem(wrong, 400, ['currentPassword']);
      expectProblem(await changePassword(cookie, PASSWORD, 'short'), 400, ['newPassword']);
      expectProblem(await changePassword(cookie, PASSWORD, PASSWORD), 400, ['newPassword']);
      expectProblem(await changePassword(null, PASSWORD, 'brand-new-pass-1'), 401);
      // Only the wrong current password is audited; the refusals of the schema write nothing.
      expect(await auditLength()).toBe(before + 1);

      const ok = await changePassword(cookie, PASSWORD, 'brand-new-pass-1');
      expect(ok.statusCode, ok.body).toBe(204);
      expect(await lastAudit()).toMatchObject({ action: 'user.password', entity_id: user.userId, actor_id: user.userId });
      expect((await as(cookie, { method: 'GET', url: '/api/me' })).statusCode).toBe(200);
      expectProblem(await as(other, { method: 'GET', url: '/api/me' }), 401);
      expectProblem(await login(user.username, PASSWORD), 401);
      expect((await login(user.username, 'brand-new-pass-1')).statusCode).toBe(200);
    });
  });

  async function freshToken(username: string) {
    return (await createToken(t.ctx, null, username, 'check')).token;
  }
});
