import type { FastifyInstance } from 'fastify';
import { afterAll, beforeEach, expect } from 'vitest';
import { createToken } from '../../src/app/auth.usecases.js';
import type { Actor } from '../../src/app/context.js';
import { buildServer } from '../../src/server/app.js';
import { type DatabaseKind, openTestDatabase, type TestDatabase } from './databases.js';
import { seedWorld } from './fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: the answers' JSON is read loosely by the suites; their assertions check its shape
export type Json = Record<string, any>;
export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
/** A planner of the world (`mar`, `isr`) or the headers of any other user. */
export type Who = 'mar' | 'isr' | Record<string, string>;

/**
 * The world of the procurement suites, fresh for each test on one database: its parties, planners and
 * commission, the server in-process, and a supplier of MAR's catalogue released to ISR, made from
 * `supplierInput` by MAR's planner. `s` holds the test's current ones.
 */
export function programmeApi(kind: DatabaseKind, supplierInput: Json) {
  const s = {} as {
    t: TestDatabase;
    app: FastifyInstance;
    w: Awaited<ReturnType<typeof seedWorld>>;
    supplier: Json;
  };
  const auth: Record<string, Record<string, string>> = {};

  /** The headers of a user's bearer token. */
  const headersOf = async (a: Actor) => ({
    authorization: `Bearer ${(await createToken(s.t.ctx, null, a.username, 'test')).token}`,
  });
  const send = (who: Who, method: Method, url: string, payload?: object) =>
    s.app.inject({ method, url, headers: typeof who === 'string' ? auth[who] : who, ...(payload ? { payload } : {}) });
  /** The answer's JSON, once it is checked to be a success. */
  async function ok(who: Who, method: Method, url: string, payload?: object) {
    const res = await send(who, method, url, payload);
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.json() as Json;
  }

  beforeEach(async () => {
    await s.app?.close();
    await s.t?.close();
    s.t = await openTestDatabase(kind, () => new Date('2026-12-06T10:00:00.000Z'));
    s.w = await seedWorld(s.t.ctx);
    s.app = await buildServer(s.t.ctx);
    auth.mar = await headersOf(s.w.marPlanner);
    auth.isr = await headersOf(s.w.isrPlanner);
    s.supplier = await ok('mar', 'POST', '/api/suppliers', supplierInput);
  });
  afterAll(async () => {
    await s.app?.close();
    await s.t?.close();
  });
  return { s, headersOf, send, ok };
}
