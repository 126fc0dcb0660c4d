import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceSchema } from '../src/domain/source.schema.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { makeActor, PASSWORD, seedWorld } from './support/fixtures.js';

const article = {
  kind: 'press_article',
  title: 'Maroc-Israël : un plan militaire conjoint pour 2026',
  publisher: 'mediaterranee.com',
  url: null,
  publishedOn: '2026-01-06',
  excerpt: 'Le Maroc et Israël ont signé, début janvier 2026 à Tel-Aviv, un plan de travail militaire conjoint.',
  classification: 'UNCLASSIFIED',
  releasableTo: ['ISR'],
  compartments: [],
};

describe.each(databases())('sources API on %s', (kind) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof buildServer>>;
  const cookies: Record<string, string> = {};

  const signIn = async (username: string) => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
    expect(res.statusCode, res.body).toBe(200);
    return String(res.headers['set-cookie']).split(';')[0] ?? '';
  };

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    const world = await seedWorld(t.ctx);
    const usa = await makeActor(t.ctx, 'USA', ['viewer'], 'SECRET');
    app = await buildServer(t.ctx);
    cookies.mar = await signIn(world.marPlanner.username);
    cookies.isr = await signIn(world.isrPlanner.username);
    cookies.usa = await signIn(usa.username);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('creates a source, lists it and reads it back to the parties it is released to', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/sources', headers: { cookie: cookies.mar }, payload: article });
    expect(created.statusCode, created.body).toBe(201);
    const source = sourceSchema.parse(created.json());
    expect(source).toMatchObject({ ownerParty: 'MAR', releasableTo: ['ISR'], publisher: 'mediaterranee.com' });

    const list = await app.inject({ method: 'GET', url: '/api/sources?kind=press_article', headers: { cookie: cookies.isr } });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((s: { id: string }) => s.id)).toEqual([source.id]);

    const one = await app.inject({ method: 'GET', url: `/api/sources/${source.id}`, headers: { cookie: cookies.isr } });
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json().excerpt).toBe(article.excerpt);

    const audit = await t.db.selectFrom('audit_entry').select('action').where('entity_id', '=', source.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['source.create']);
  });

  it('answers 404 to a party the source is not released to, and hides it from its list', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/sources', headers: { cookie: cookies.mar }, payload: article });
    const id = created.json().id;
    const one = await app.inject({ method: 'GET', url: `/api/sources/${id}`, headers: { cookie: cookies.usa } });
    expect(one.statusCode).toBe(404);
    const list = await app.inject({ method: 'GET', url: '/api/sources', headers: { cookie: cookies.usa } });
    expect(list.json().items).toEqual([]);
  });

  it('pages with a cursor', async () => {
    const first = await app.inject({ method: 'GET', url: '/api/sources?limit=1', headers: { cookie: cookies.mar } });
    expect(first.json().items).toHaveLength(1);
    const cursor = first.json().nextCursor;
    expect(cursor).toBeTruthy();
    const second = await app.inject({
      method: 'GET',
      url: `/api/sources?limit=1&cursor=${cursor}`,
      headers: { cookie: cookies.mar },
    });
    expect(second.json().items).toHaveLength(1);
    expect(second.json().items[0].id).not.toBe(first.json().items[0].id);
    expect(second.json().nextCursor).toBeNull();
  });

  it('refuses bad input, a viewer, and an anonymous caller, and writes nothing', async () => {
    const before = await t.db.selectFrom('source').select('id').execute();
    const noTitle = await app.inject({
      method: 'POST',
      url: '/api/sources',
      headers: { cookie: cookies.mar },
      payload: { ...article, title: '' },
    });
    expect(noTitle.statusCode).toBe(400);
    const noPublisher = await app.inject({
      method: 'POST',
      url: '/api/sources',
      headers: { cookie: cookies.mar },
      payload: { ...article, publisher: null },
    });
    expect(noPublisher.statusCode).toBe(400);
    const aboveClearance = await app.inject({
      method: 'POST',
      url: '/api/sources',
      headers: { cookie: cookies.isr },
      payload: { ...article, classification: 'TOP_SECRET' },
    });
    expect(aboveClearance.statusCode).toBe(400);
    const viewer = await app.inject({ method: 'POST', url: '/api/sources', headers: { cookie: cookies.usa }, payload: article });
    expect(viewer.statusCode).toBe(403);
    const anonymous = await app.inject({ method: 'GET', url: '/api/sources' });
    expect(anonymous.statusCode).toBe(401);
    const badId = await app.inject({ method: 'GET', url: '/api/sources/not-an-id', headers: { cookie: cookies.mar } });
    expect(badId.statusCode).toBe(400);
    expect(await t.db.selectFrom('source').select('id').execute()).toHaveLength(before.length);
  });
});
