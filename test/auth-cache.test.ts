/**
 * What a token or session signs in is kept in memory on PostgreSQL (store/auth-changes.ts), and every
 * change to it still takes effect on the very next request: a revoked token, a signed-out session, a
 * change of roles or clearance, a deactivated account, an expired session; in the process that made the
 * change, in another process, and between the two workers of `serve --workers 2`.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/app/auth.usecases.js';
import { buildServer } from '../src/server/app.js';
import { AuthChanges, type AuthChangesOptions, MAX_AGE_MS } from '../src/store/auth-changes.js';
import { authCacheOf, openDatabase } from '../src/store/db.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { makeActor, PASSWORD, seedWorld, sessionCookie } from './support/fixtures.js';
import { type Answer, type Served, send, serve } from './support/served.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const SECOND = 1000;

/** Waits until `probe` holds, for up to `ms`. */
async function eventually(probe: () => Promise<boolean>, ms = 10 * SECOND): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await probe()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return probe();
}

/** Switches the notices of migration 0015 off or on (an operator's `alter table`, not something the app does). */
async function notices(t: TestDatabase, on: boolean) {
  for (const trigger of ['api_token_auth_changed', 'api_token_auth_deleted'])
    await sql`alter table api_token ${sql.raw(on ? 'enable' : 'disable')} trigger ${sql.id(trigger)}`.execute(t.db);
}

const setRevoked = (t: TestDatabase, id: string, at: string | null) =>
  t.db.updateTable('api_token').set({ revoked_at: at }).where('id', '=', id).execute();

describe.each(databases())('who a request signs in, kept between requests, on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let adminCookie = '';
  let hours = 0;
  /** An account of MAR the administrator may change, with a token and a session of its own. */
  const account = async (name: string) => {
    const user = await makeActor(t.ctx, 'MAR', ['viewer', 'contributor'], 'CONFIDENTIAL');
    const token = await createToken(t.ctx, null, user.username, name);
    return { user, token, cookie: await sessionCookie(app, user.username) };
  };
  const me = async (headers: Record<string, string>) => {
    const res = await app.inject({ method: 'GET', url: '/api/me', headers });
    return { status: res.statusCode, body: res.json() as { roles?: string[]; clearance?: string } };
  };
  /** Signs in by each of `headers`, twice, once PostgreSQL's cache hears changes: the second answer comes from memory. */
  const warm = async (...headers: Record<string, string>[]) => {
    if (kind === 'postgres') {
      const first = headers[0] ?? {};
      const listening = async () => {
        await me(first);
        return authCacheOf(t.db)?.listening === true;
      };
      expect(await eventually(listening)).toBe(true);
    }
    for (const h of headers) for (let i = 0; i < 2; i++) expect((await me(h)).status).toBe(200);
  };
  const changeUser = async (id: string, patch: Record<string, unknown>) => {
    const current = await app.inject({ method: 'GET', url: `/api/users/${id}`, headers: { cookie: adminCookie } });
    const { version } = current.json() as { version: number };
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/users/${id}`,
      headers: { cookie: adminCookie },
      payload: { ...patch, version },
    });
    expect(res.statusCode, res.body).toBe(200);
  };

  beforeAll(async () => {
    t = await openTestDatabase(kind, () => new Date(Date.now() + hours * 3600_000));
    const world = await seedWorld(t.ctx);
    app = await buildServer(t.ctx, { webRoot: false });
    adminCookie = await sessionCookie(app, world.marPlanner.username);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('keeps them only on PostgreSQL, once it hears the changes', async () => {
    await me(bearer((await account('probe')).token.token));
    if (kind === 'sqlite') expect(authCacheOf(t.db)).toBeUndefined();
    else expect(await eventually(async () => authCacheOf(t.db)?.listening === true)).toBe(true);
  });

  // SQLite keeps nothing: a token revoked behind the server's back, by SQL, is refused on the next request.
  if (kind === 'sqlite')
    it('reads every request from the database, so a token revoked behind its back is refused at once', async () => {
      const { token } = await account('unnoticed');
      await warm(bearer(token.token));
      await setRevoked(t, token.id, new Date().toISOString());
      expect((await me(bearer(token.token))).status).toBe(401);
    });
  else
    it('answers from memory, so that without the notices a token revoked behind its back would work', async () => {
      const { token } = await account('unnoticed');
      await warm(bearer(token.token));
      await notices(t, false);
      try {
        await setRevoked(t, token.id, new Date().toISOString());
        expect((await me(bearer(token.token))).status).toBe(200);
      } finally {
        await notices(t, true);
      }
      await sql`select pg_notify('jointplan_auth', current_schema())`.execute(t.db);
      expect((await me(bearer(token.token))).status).toBe(401);
    });

  it('refuses a revoked token on the very next request', async () => {
    const { token } = await account('revoked');
    await warm(bearer(token.token));
    const res = await app.inject({ method: 'DELETE', url: `/api/tokens/${token.id}`, headers: bearer(token.token) });
    expect(res.statusCode, res.body).toBe(204);
    expect((await me(bearer(token.token))).status).toBe(401);
  });

  it('refuses a signed-out session on the very next request', async () => {
    const { cookie } = await account('signed out');
    await warm({ cookie });
    const res = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(res.statusCode).toBe(204);
    expect((await me({ cookie })).status).toBe(401);
  });

  it('shows a change of roles and clearance on the very next request, by token and by session', async () => {
    const { user, token, cookie } = await account('changed');
    await warm(bearer(token.token), { cookie });
    await changeUser(user.userId, { roles: ['viewer'], clearance: 'RESTRICTED' });
    for (const headers of [bearer(token.token), { cookie }])
      expect((await me(headers)).body).toMatchObject({ roles: ['viewer'], clearance: 'RESTRICTED' });
  });

  it('refuses a deactivated account on the very next request, by token and by session', async () => {
    const { user, token, cookie } = await account('deactivated');
    await warm(bearer(token.token), { cookie });
    await changeUser(user.userId, { active: false });
    expect((await me(bearer(token.token))).status).toBe(401);
    expect((await me({ cookie })).status).toBe(401);
  });

  it('refuses a session once it has expired, though it was kept', async () => {
    const { cookie } = await account('expiring');
    await warm({ cookie });
    hours = 13;
    try {
      expect((await me({ cookie })).status).toBe(401);
    } finally {
      hours = 0;
    }
  });

  it('hears a change that another process writes', async () => {
    const { token } = await account('elsewhere');
    await warm(bearer(token.token));
    const other = openDatabase({ url: t.url });
    try {
      await other.updateTable('api_token').set({ revoked_at: new Date().toISOString() }).where('id', '=', token.id).execute();
    } finally {
      await other.destroy();
    }
    // The notice comes on another connection than the write's answer; it is there within milliseconds.
    expect(await eventually(async () => (await me(bearer(token.token))).status === 401, 2 * SECOND)).toBe(true);
  });
});

describe.each(databases())('between the two workers of serve --workers 2 on %s', (kind) => {
  let t: TestDatabase;
  let served: Served | undefined;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    await seedWorld(t.ctx);
  });
  afterAll(async () => {
    await served?.kill();
    await t?.close();
  });

  it('takes a revocation, a change of roles and a sign-out made through one worker into account in both, on the next request', {
    timeout: 120_000,
  }, async () => {
    const admin = await makeActor(t.ctx, 'MAR', ['admin', 'viewer', 'contributor'], 'SECRET');
    const user = await makeActor(t.ctx, 'MAR', ['viewer', 'contributor'], 'CONFIDENTIAL');
    const adminToken = (await createToken(t.ctx, null, admin.username, 'admin')).token;
    const token = await createToken(t.ctx, null, user.username, 'both workers');
    served = await serve(['--db', t.url, '--workers', '2', '--no-demo', '--no-jobs']);
    const { port, out, until } = served;
    await until('two workers', () =>
      new Set(out.logs.filter((l) => l.msg?.endsWith('listening')).map((l) => l.workerPid)).size >= 2 ? true : undefined,
    );
    const login = await send(port, 'POST', '/api/auth/login', {}, { username: user.username, password: PASSWORD });
    expect(login.status, login.text).toBe(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';

    /** Four requests, each on a connection of its own, so that each worker answers two; with the pids that answered. */
    const fromBoth = async (path: string, headers: Record<string, string>) => {
      const before = out.logs.length;
      const answers: Answer[] = [];
      for (let i = 0; i < 4; i++) answers.push(await send(port, 'GET', path, headers));
      const pids = out.logs.slice(before).filter((l) => l.msg === 'incoming request' && l.req?.url === path);
      expect(new Set(pids.map((l) => l.pid)).size).toBe(2);
      return answers;
    };
    if (kind === 'postgres') {
      // Both workers answer from memory: with the notices off, a revocation behind their back goes unseen by both.
      await until('both workers answering from memory', async () => {
        await notices(t, false);
        try {
          await fromBoth('/api/me', bearer(token.token));
          await setRevoked(t, token.id, new Date().toISOString());
          const answers = await fromBoth('/api/me', bearer(token.token));
          await setRevoked(t, token.id, null);
          return answers.every((a) => a.status === 200) ? true : undefined;
        } finally {
          await notices(t, true);
        }
      });
      await sql`select pg_notify('jointplan_auth', current_schema())`.execute(t.db);
    }

    for (const a of await fromBoth('/api/me', { cookie })) expect(a.status, a.text).toBe(200);
    for (const a of await fromBoth('/api/me', bearer(token.token)))
      expect(JSON.parse(a.text)).toMatchObject({ roles: ['viewer', 'contributor'] });
    const { version } = JSON.parse((await send(port, 'GET', `/api/users/${user.userId}`, bearer(adminToken))).text) as {
      version: number;
    };
    const patched = await send(port, 'PATCH', `/api/users/${user.userId}`, bearer(adminToken), { roles: ['viewer'], version });
    expect(patched.status, patched.text).toBe(200);
    for (const a of await fromBoth('/api/me', bearer(token.token)))
      expect(JSON.parse(a.text)).toMatchObject({ roles: ['viewer'] });
    for (const a of await fromBoth('/api/me', { cookie })) expect(JSON.parse(a.text)).toMatchObject({ roles: ['viewer'] });

    const revoked = await send(port, 'DELETE', `/api/tokens/${token.id}`, bearer(token.token));
    expect(revoked.status, revoked.text).toBe(204);
    for (const a of await fromBoth('/api/me', bearer(token.token))) expect(a.status).toBe(401);

    expect((await send(port, 'POST', '/api/auth/logout', { cookie })).status).toBe(204);
    for (const a of await fromBoth('/api/me', { cookie })) expect(a.status).toBe(401);
  });
});

/**
 * The cache on a listening connection of its own, with its clock and its ping in the test's hands: a missed
 * notice is bounded by the maximum age, and a listener that stops answering counts as down.
 */
describe.runIf(databases().includes('postgres'))('the limits of what is kept, on postgres', () => {
  const APP_NAME = 'jointplan_auth_cache_test';
  let t: TestDatabase;
  let changes: AuthChanges | undefined;
  let tokenId = '';
  const revokedAt = async () =>
    (await t.db.selectFrom('api_token').select('revoked_at').where('id', '=', tokenId).executeTakeFirstOrThrow()).revoked_at;
  /** A cache whose listener connects as APP_NAME, started and listening. */
  const listeningCache = async (options: AuthChangesOptions) => {
    const cache = new AuthChanges(() => new pg.Client({ connectionString: t.url, application_name: APP_NAME }), options);
    changes = cache;
    cache.get('start');
    expect(await eventually(async () => cache.listening)).toBe(true);
    return cache;
  };
  /** Keeps the token's revocation, and shows that it is answered from memory. */
  const keep = async (cache: AuthChanges) => {
    expect(await cache.read('token', revokedAt)).toBeNull();
    expect(cache.get('token')).toBeNull();
  };

  beforeAll(async () => {
    t = await openTestDatabase('postgres');
    await seedWorld(t.ctx);
    const user = await makeActor(t.ctx, 'MAR', ['viewer'], 'RESTRICTED');
    tokenId = (await createToken(t.ctx, null, user.username, 'aged')).id;
  });
  afterEach(async () => {
    await changes?.stop();
    changes = undefined;
    await setRevoked(t, tokenId, null);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reads an entry again from the database once it is older than the maximum age, though no notice came', async () => {
    let now = 1_000_000;
    const cache = await listeningCache({ now: () => now });
    await keep(cache);
    await notices(t, false);
    try {
      await setRevoked(t, tokenId, new Date().toISOString());
    } finally {
      await notices(t, true);
    }
    now += MAX_AGE_MS - 1;
    expect(cache.get('token')).toBeNull();
    now += 1;
    expect(cache.get('token')).toBeUndefined();
    expect(await cache.read('token', revokedAt)).not.toBeNull();
  });

  it('empties the cache when the listener stops answering its ping, and keeps again once it answers', async () => {
    let answering = true;
    const cache = await listeningCache({
      ping: (listener) => (answering ? listener.query('select 1') : new Promise(() => undefined)),
      pingEveryMs: 50,
      pingTimeoutMs: 50,
    });
    await keep(cache);
    answering = false;
    expect(await eventually(async () => !cache.listening, 2 * SECOND)).toBe(true);
    expect(cache.get('token')).toBeUndefined();
    expect(await cache.read('token', revokedAt)).toBeNull();
    expect(cache.get('token')).toBeUndefined();
    answering = true;
    expect(await eventually(async () => cache.listening)).toBe(true);
    await keep(cache);
  });

  it('empties the cache when the listening connection is ended by the server', async () => {
    const cache = await listeningCache({});
    await keep(cache);
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${APP_NAME}`.execute(t.db);
    expect(await eventually(async () => !cache.listening, 2 * SECOND)).toBe(true);
    expect(cache.get('token')).toBeUndefined();
    expect(await eventually(async () => cache.listening)).toBe(true);
    await keep(cache);
  });
});
