import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { createToken } from '../../src/app/auth.usecases.js';
import type { Actor, AppContext } from '../../src/app/context.js';
import { buildServer } from '../../src/server/app.js';
import { type DatabaseKind, openTestDatabase, type TestDatabase } from './databases.js';
import { seedWorld } from './fixtures.js';
import type { Json, Method } from './programme-api.js';

type SeededWorld = Awaited<ReturnType<typeof seedWorld>>;

/**
 * The world of an industrial projects suite on one database of `kind`, set up once before its tests:
 * the seeded world at the clock `now`, the server in-process, and the actors `actorsOf` makes, each
 * sending requests with a bearer token of their own under the name it gives them. `s` holds them once set up.
 */
export function industryApi(
  kind: DatabaseKind,
  now: () => Date,
  actorsOf: (ctx: AppContext, w: SeededWorld) => Promise<Record<string, Actor>> = async () => ({}),
) {
  const s = { actors: {} } as { t: TestDatabase; app: FastifyInstance; actors: Record<string, Actor> };
  /** The bearer token headers of each actor, by name. */
  const auth: Record<string, Record<string, string>> = {};

  /** The answer of a request to `/api${url}` as the actor named `who`. */
  const send = (who: string, method: Method, url: string, payload?: object) =>
    s.app.inject({ method, url: `/api${url}`, headers: auth[who], ...(payload ? { payload } : {}) });
  /** The answer's JSON, once it is checked to be a success. */
  async function ok(who: string, method: Method, url: string, payload?: object): Promise<Json> {
    const res = await send(who, method, url, payload);
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.json() as Json;
  }

  beforeAll(async () => {
    s.t = await openTestDatabase(kind, now);
    const w = await seedWorld(s.t.ctx);
    s.app = await buildServer(s.t.ctx);
    s.actors = await actorsOf(s.t.ctx, w);
    for (const [k, a] of Object.entries(s.actors))
      auth[k] = { authorization: `Bearer ${(await createToken(s.t.ctx, null, a.username, 'test')).token}` };
  });
  afterAll(async () => {
    await s.app?.close();
    await s.t?.close();
  });
  return { s, auth, send, ok };
}
