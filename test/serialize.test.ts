import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agendaReferenceSchema } from '../src/domain/session.schema.js';
import { buildServer } from '../src/server/app.js';
import { forSerialization, responseJsonSchema, serializerCompiler, unrenderableKeyword } from '../src/server/serialize.js';
import { openTestDatabase, type TestDatabase } from './support/databases.js';

const serializerOf = (schema: z.ZodType, httpStatus = '200') =>
  serializerCompiler({ schema, method: 'GET', url: '/test', httpStatus });
const written = (schema: z.ZodType, data: unknown) => JSON.parse(serializerOf(schema)(data));

const item = z.object({ id: z.string(), note: z.string().nullable() });
const record = z.object({
  id: z.string(),
  owner: z.object({ party: z.string() }).nullable(),
  items: z.array(item),
  totals: z.record(z.string(), z.object({ count: z.number().int() })),
  updatedAt: z.string().datetime(),
  from: z.union([z.number().int(), z.literal('current')]),
  kind: z.literal('plan'),
  reference: agendaReferenceSchema,
});

const answer = () => ({
  id: 'p1',
  owner: { party: 'MAR', secret: 'owner-only' },
  items: [
    { id: 'i1', note: null, internal: 1 },
    { id: 'i2', note: 'kept', internal: 2 },
  ],
  totals: { MAR: { count: 2, hidden: true } },
  updatedAt: '2026-05-01T09:00:00.000Z',
  from: 'current',
  kind: 'plan',
  reference: { kind: 'activity', refCode: 'A-1', plannedEnd: '2026-06-01', postponements: 0, title: 'not in the schema' },
  passwordHash: 'never out',
});

describe('the compiled serializer of 2xx answers', () => {
  it('writes only the fields the schema names, at every depth', () => {
    expect(written(record, answer())).toEqual({
      id: 'p1',
      owner: { party: 'MAR' },
      items: [
        { id: 'i1', note: null },
        { id: 'i2', note: 'kept' },
      ],
      totals: { MAR: { count: 2 } },
      updatedAt: '2026-05-01T09:00:00.000Z',
      from: 'current',
      kind: 'plan',
      reference: { kind: 'activity', refCode: 'A-1', plannedEnd: '2026-06-01', postponements: 0 },
    });
  });

  it('writes nulls, numbers, dates and each branch of a discriminated union as they are', () => {
    const base = answer();
    expect(written(record, { ...base, owner: null, from: 7, reference: null })).toMatchObject({
      owner: null,
      from: 7,
      reference: null,
    });
    const actionItem = { kind: 'action_item', sessionNumber: 3, dueDate: '2026-02-01', overdue: true, extra: 1 };
    expect(written(record, { ...base, reference: actionItem }).reference).toEqual({
      kind: 'action_item',
      sessionNumber: 3,
      dueDate: '2026-02-01',
      overdue: true,
    });
    expect(written(record, { ...base, reference: { kind: 'amendment', number: 2, refCode: 'x' } }).reference).toEqual({
      kind: 'amendment',
      number: 2,
    });
    const at = new Date('2026-03-04T05:06:07.000Z');
    expect(written(z.object({ at: z.date(), on: z.iso.datetime() }), { at, on: at })).toEqual({
      at: '2026-03-04T05:06:07.000Z',
      on: '2026-03-04T05:06:07.000Z',
    });
  });

  it('writes a literal as the value it is given, so that the check of the answers sees a wrong one', () => {
    expect(written(record, { ...answer(), kind: 'session' }).kind).toBe('session');
  });

  it('refuses an answer that lacks a required field rather than writing it without', () => {
    const { id: _id, ...withoutId } = answer();
    expect(() => serializerOf(record)(withoutId)).toThrow(/id/);
  });

  it('reads through zod a union it cannot tell apart by type or by a field, dropping the fields zod drops', () => {
    const either = z.union([z.object({ a: z.string() }), z.object({ b: z.number() })]);
    const json = forSerialization(responseJsonSchema(either, 'GET', '/test'));
    expect(unrenderableKeyword(json)).toBe('anyOf');
    expect(written(either, { b: 2, secret: 's' })).toEqual({ b: 2 });
    expect(() => serializerOf(either)({ c: 3 })).toThrow(/breaks its schema/);
  });

  it('writes a union of a text and a list or an object as it is given, not the list as a text', () => {
    const tags = z.object({
      v: z.union([z.string(), z.array(z.string())]),
      w: z.union([z.string(), z.object({ a: z.number() })]),
    });
    expect(written(tags, { v: ['a', 'b'], w: { a: 1, b: 2 } })).toEqual({ v: ['a', 'b'], w: { a: 1 } });
    expect(written(tags, { v: 'a', w: 'b' })).toEqual({ v: 'a', w: 'b' });
  });

  it('needs no zod fallback for the unions of the API: nullable values and discriminated unions are rewritten', () => {
    const json = forSerialization(responseJsonSchema(record, 'GET', '/test'));
    expect(unrenderableKeyword(json)).toBeUndefined();
  });

  it('writes other answers (problem details) as they are', () => {
    const problem = { type: 'about:blank', title: 'Not found', status: 404, extra: 'kept' };
    expect(JSON.parse(serializerOf(record, '404')(problem))).toEqual(problem);
  });
});

describe('the server', () => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof buildServer>>;

  beforeAll(async () => {
    t = await openTestDatabase('sqlite');
    app = await buildServer(t.ctx, { webRoot: false });
    app.get(
      '/api/test/leak',
      { config: { public: true }, schema: { hide: true, response: { 200: record } } },
      async () => answer() as unknown as z.infer<typeof record>,
    );
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('writes a 2xx answer through its schema: a field the handler gives and the schema does not name stays out', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/test/leak' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).not.toMatch(/passwordHash|never out|owner-only|internal|hidden|not in the schema/);
    expect(res.json()).toMatchObject({ id: 'p1', owner: { party: 'MAR' }, reference: { kind: 'activity' } });
  });

  it('still writes problem details for errors', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/plans' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 401, code: expect.any(String) });
  });
});
