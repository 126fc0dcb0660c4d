import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/app/context.js';
import type { SavedQuery } from '../src/domain/activity-query.schema.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { injectWithCookie, makeActor, seedWorld, sessionCookies } from './support/fixtures.js';
import { prng } from './support/labelled-world.js';

const PARTIES = ['MAR', 'ISR'] as const;
const ROLES = ['viewer', 'planner', 'contributor'] as const;

/** What the reference model knows of a query: who owns it, of which party, and whether it is shared. */
interface Model {
  id: string;
  owner: string;
  party: string;
  shared: boolean;
  name: string;
}
const sees = (user: { key: string; party: string }, q: Model) => q.owner === user.key || (q.shared && q.party === user.party);

describe.each(databases())('saved queries of the activity table on %s', (kind) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let cookies: Record<string, string>;
  const users: { key: string; party: string; actor: Actor }[] = [];
  const model: Model[] = [];
  const rnd = prng(2415);

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, who: string, payload?: object) =>
    injectWithCookie(app, cookies[who], method, url, payload);

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    await seedWorld(t.ctx);
    for (let i = 0; i < 8; i++) {
      const party = rnd.pick(PARTIES);
      users.push({ key: `u${i}`, party, actor: await makeActor(t.ctx, party, [rnd.pick(ROLES)]) });
    }
    app = await buildServer(t.ctx, { webRoot: false });
    cookies = await sessionCookies(app, Object.fromEntries(users.map((u) => [u.key, u.actor])));
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('saves queries, each shown to its owner and, once shared, to its party only', async () => {
    for (let i = 0; i < 24; i++) {
      const owner = rnd.pick(users);
      const shared = rnd.next() < 0.5;
      const name = `Requête ${i}`;
      const res = await call('POST', '/api/saved-queries', owner.key, {
        name,
        shared,
        state: { status: 'planned', sort: '-plannedStart', columns: ['refCode', 'title', 'status'], group: 'domain' },
      });
      expect(res.statusCode, res.body).toBe(201);
      const saved = res.json() as SavedQuery;
      expect(saved).toMatchObject({ name, shared, mine: true, state: { status: 'planned', group: 'domain' } });
      model.push({ id: saved.id, owner: owner.key, party: owner.party, shared, name });
    }
    for (const user of users) {
      const res = await call('GET', '/api/saved-queries', user.key);
      expect(res.statusCode).toBe(200);
      const items = (res.json() as { items: SavedQuery[] }).items;
      const expected = model.filter((q) => sees(user, q));
      expect(items.map((q) => q.id).sort()).toEqual(expected.map((q) => q.id).sort());
      for (const q of items) expect(q.mine).toBe(model.find((m) => m.id === q.id)?.owner === user.key);
    }
  });

  it('lets only the owner rename, share or delete; another party’s or a private query answers as one that does not exist', async () => {
    for (const q of model) {
      for (const user of users) {
        const expected = q.owner === user.key ? 200 : sees(user, q) ? 403 : 404;
        const res = await call('PATCH', `/api/saved-queries/${q.id}`, user.key, { name: `${q.name} (bis)` });
        expect(res.statusCode, `${user.key} ${q.owner} ${res.body}`).toBe(expected);
        if (expected === 200) q.name = `${q.name} (bis)`;
        else expect(res.json().code).toBe(expected === 403 ? 'saved_query.not_yours' : 'saved_query.not_found');
      }
    }
    // Unsharing hides a query from the party at once.
    const shared = model.find((q) => q.shared);
    if (shared) {
      expect((await call('PATCH', `/api/saved-queries/${shared.id}`, shared.owner, { shared: false })).statusCode).toBe(200);
      shared.shared = false;
      const peer = users.find((u) => u.party === shared.party && u.key !== shared.owner);
      if (peer) expect((await call('DELETE', `/api/saved-queries/${shared.id}`, peer.key)).statusCode).toBe(404);
    }
    for (const q of model.splice(0, 6)) {
      for (const user of users.filter((u) => u.key !== q.owner))
        expect((await call('DELETE', `/api/saved-queries/${q.id}`, user.key)).statusCode).toBe(sees(user, q) ? 403 : 404);
      expect((await call('DELETE', `/api/saved-queries/${q.id}`, q.owner)).statusCode).toBe(204);
      expect((await call('DELETE', `/api/saved-queries/${q.id}`, q.owner)).statusCode).toBe(404);
    }
    for (const user of users) {
      const items = ((await call('GET', '/api/saved-queries', user.key)).json() as { items: SavedQuery[] }).items;
      expect(items.map((q) => q.id).sort()).toEqual(
        model
          .filter((q) => sees(user, q))
          .map((q) => q.id)
          .sort(),
      );
    }
  });

  it('audits each create, change and delete, labelled with the owner’s party', async () => {
    const rows = await t.db
      .selectFrom('audit_entry')
      .select(['action', 'owner_party', 'entity_id'])
      .where('entity_type', '=', 'saved_query')
      .execute();
    const count = (action: string) => rows.filter((r) => r.action === action).length;
    expect(count('saved_query.create')).toBe(24);
    expect(count('saved_query.delete')).toBe(6);
    expect(count('saved_query.update')).toBeGreaterThanOrEqual(24);
    for (const r of rows) expect(PARTIES).toContain(r.owner_party);
  });

  it('keeps a query’s name and search text out of its audit entries, which its whole party may read', async () => {
    const owner = users[1] as (typeof users)[number];
    const name = 'Dossier SQ-4471';
    const q = 'convoi 9931';
    const created = await call('POST', '/api/saved-queries', owner.key, { name, shared: true, state: { q } });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as SavedQuery).id;
    const patched = await call('PATCH', `/api/saved-queries/${id}`, owner.key, { name: `${name} bis`, state: { q: `${q} bis` } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await call('DELETE', `/api/saved-queries/${id}`, owner.key)).statusCode).toBe(204);
    const rows = await t.db
      .selectFrom('audit_entry')
      .select(['action', 'detail'])
      .where('entity_type', '=', 'saved_query')
      .where('entity_id', '=', id)
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => [r.action, JSON.parse(r.detail)])).toEqual([
      ['saved_query.create', {}],
      ['saved_query.update', { changed: ['name', 'state'] }],
      ['saved_query.delete', {}],
    ]);
    const all = await t.db.selectFrom('audit_entry').select('detail').execute();
    for (const r of all) {
      expect(r.detail).not.toContain('SQ-4471');
      expect(r.detail).not.toContain('9931');
    }
  });

  it('refuses a taken name, and a state that is not strictly one the table knows, with coded field issues', async () => {
    const owner = users[0] as (typeof users)[number];
    const good = { name: 'Mine', state: {} };
    expect((await call('POST', '/api/saved-queries', owner.key, good)).statusCode).toBe(201);
    const again = await call('POST', '/api/saved-queries', owner.key, good);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('saved_query.name_taken');
    const before = (await t.db.selectFrom('saved_query').select('id').execute()).length;
    for (const [state, path, code] of [
      [{ columns: ['refCode', 'title', 'title'] }, 'state.columns', 'field.activity_columns'],
      [{ columns: ['title'] }, 'state.columns', 'field.activity_columns'],
      [{ columns: ['refCode', 'budget'] }, 'state.columns.1', undefined],
      [{ status: 'lost' }, 'state.status', undefined],
      [{ leadParty: 'mar' }, 'state.leadParty', 'field.party_code_format'],
      [{ group: 'colour' }, 'state.group', undefined],
      [{ activities: ['x'] }, 'state.activities', 'field.unknown_field'],
    ] as const) {
      const res = await call('POST', '/api/saved-queries', owner.key, { name: `Bad ${path}`, state });
      expect(res.statusCode, res.body).toBe(400);
      const issue = (res.json().errors as { path: string; code: string }[]).find((e) => e.path === path);
      expect(issue, `${JSON.stringify(state)} ${res.body}`).toBeDefined();
      if (code) expect(issue?.code).toBe(code);
    }
    expect((await t.db.selectFrom('saved_query').select('id').execute()).length).toBe(before);
  });
});
