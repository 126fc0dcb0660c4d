import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { createToken } from '../../src/app/auth.usecases.js';
import { DEMO_ACCOUNTS } from '../../src/demo/accounts.js';
import { loadDemo } from '../../src/demo/demo.js';
import { buildServer } from '../../src/server/app.js';
import { type DatabaseKind, openTestDatabase, type TestDatabase } from './databases.js';

// biome-ignore lint/suspicious/noExplicitAny: the answers' JSON is read loosely by the suites; their assertions check its shape
type Json = Record<string, any>;

/**
 * The demo loaded into a fresh database of `kind` for the suite, served
 * in-process, with the bearer headers of every demo account by its username;
 * `s` holds them once loaded (within `timeout` ms). `get` asks as an account,
 * `ok` also checks the answer is 200 and gives its JSON.
 */
export function servedDemo(kind: DatabaseKind, timeout: number) {
  const s = {} as { t: TestDatabase; app: FastifyInstance };
  const auth: Record<string, Record<string, string>> = {};
  beforeAll(async () => {
    s.t = await openTestDatabase(kind);
    await loadDemo(s.t.ctx, { ifEmpty: true });
    s.app = await buildServer(s.t.ctx, { webRoot: false });
    for (const { username } of DEMO_ACCOUNTS)
      auth[username] = { authorization: `Bearer ${(await createToken(s.t.ctx, null, username, 'test')).token}` };
  }, timeout);
  afterAll(async () => {
    await s.app?.close();
    await s.t?.close();
  });
  const get = (who: string, url: string) => s.app.inject({ method: 'GET', url, headers: auth[who] });
  async function ok(who: string, url: string): Promise<Json> {
    const res = await get(who, url);
    expect(res.statusCode, `${who} GET ${url}: ${res.body}`).toBe(200);
    return res.json();
  }
  return { s, auth, get, ok };
}
