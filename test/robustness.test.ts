import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity } from '../src/app/activity.usecases.js';
import { createToken } from '../src/app/auth.usecases.js';
import type { Actor } from '../src/app/context.js';
import { activityCreateSchema } from '../src/domain/activity.schema.js';
import { buildServer } from '../src/server/app.js';
import { MAX_BODY_DEPTH } from '../src/server/http.js';
import { problemSchema } from '../src/server/problem.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, seedWorld } from './support/fixtures.js';
import { prng } from './support/labelled-world.js';

function expectProblem(res: LightMyRequestResponse, status: number) {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return problemSchema.parse(res.json());
}

/** A JSON text nested `depth` levels deep, of objects and arrays mixed as the seed says. */
function nested(depth: number, seed: number): string {
  const r = prng(seed);
  const kinds = Array.from({ length: depth }, () => r.pick(['object', 'array', 'field'] as const));
  const open = kinds.map((k) => (k === 'array' ? '[' : k === 'object' ? '{"a":' : '{"title":')).join('');
  const close = kinds
    .map((k) => (k === 'array' ? ']' : '}'))
    .reverse()
    .join('');
  return `${open}${r.pick(['1', '"x"', 'null', '[]', '{}'])}${close}`;
}

describe.each(databases())('robustness against hostile requests on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let w: Awaited<ReturnType<typeof seedWorld>>;
  let token: string;
  let activityId: string;
  let address = 0;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    w = await seedWorld(t.ctx);
    token = (await createToken(t.ctx, null, w.marPlanner.username, 'robustness')).token;
    activityId = (await createActivity(t.ctx, w.marPlanner, w.plan.id, activityCreateSchema.parse(activityInput('2026-ROB-01'))))
      .id;
    app = await buildServer(t.ctx, { webRoot: false });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const as = (actor: Actor | null, opts: Omit<InjectOptions, 'headers'> & { headers?: Record<string, string> }) =>
    app.inject({
      ...opts,
      remoteAddress: `10.9.${Math.floor(++address / 250)}.${address % 250}`,
      headers: { ...(actor ? { authorization: `Bearer ${token}` } : {}), ...opts.headers },
    });

  describe('deeply nested bodies', () => {
    const routes = (): [string, InjectOptions['method'], string, boolean][] => [
      ['sign-in', 'POST', '/api/auth/login', false],
      ['new plan', 'POST', '/api/plans', true],
      ['plan change', 'PATCH', `/api/plans/${w.plan.id}`, true],
      ['activity change', 'PATCH', `/api/activities/${activityId}`, true],
      ['follow-up', 'POST', `/api/activities/${activityId}/follow-ups`, true],
      ['exchange import', 'POST', '/api/plans/import', true],
      ['new token', 'POST', '/api/tokens', true],
      ['sign-out', 'POST', '/api/auth/logout', false],
    ];

    it('answers 400 to a body nested 5,000 levels deep on every route that takes one, and stores nothing', async () => {
      const before = await t.db
        .selectFrom('audit_entry')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      for (const [name, method, url, signedIn] of routes())
        for (let seed = 1; seed <= 6; seed++) {
          const res = await as(signedIn ? w.marPlanner : null, {
            method,
            url,
            payload: nested(5000, seed),
            headers: { 'content-type': 'application/json' },
          });
          const problem = expectProblem(res, 400);
          expect(problem.detail, name).toContain(`${MAX_BODY_DEPTH} levels`);
        }
      const after = await t.db
        .selectFrom('audit_entry')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });

    it(`still takes a body nested ${MAX_BODY_DEPTH} levels deep to its schema, which judges it`, async () => {
      const res = await as(null, {
        method: 'POST',
        url: '/api/auth/login',
        payload: `{"username":"x","password":${nested(MAX_BODY_DEPTH - 2, 7)}}`,
        headers: { 'content-type': 'application/json' },
      });
      const problem = expectProblem(res, 400);
      expect(problem.errors?.map((e) => e.path)).toContain('password');
    });
  });
});
