import { describe, expect, it } from 'vitest';
import { createToken } from '../src/app/auth.usecases.js';
import { byPartyFor, namedFor, userIdFor } from '../src/domain/user-naming.js';
import { databases } from './support/databases.js';
import { prng } from './support/labelled-world.js';
import { servedDemo } from './support/world-demo.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are walked field by field, whatever their shape
type Json = any;

/** The fields of an answer that name a user by account id, by username, or by name. */
const BY_ID = new Set(['userId', 'authorId', 'actorId', 'ownerUserId', 'openedBy', 'createdBy', 'claimedBy']);
const BY_NAME = new Set(['displayName', 'enteredBy']);
/**
 * What the walk leaves out: an evaluation's evaluators (named to every reader of the evaluation, their inputs
 * being its content) and the document frozen, which names them; a result's flip points name offers, not users.
 */
const LEFT_OUT = new Set(['evaluators', 'document', 'result']);

interface Naming {
  path: string;
  key: string;
  value: string;
  /** The party the entry gives of whoever it names, if any (`party`, `actorParty`). */
  party: string | null;
  /** That party, or else the party owning the entry (a follow-up's): only to count what is hidden. */
  hint: string | null;
}

/** Every name of a user in an answer (non-null or null), with the party its entry gives. */
function namings(body: Json, path = ''): (Omit<Naming, 'value'> & { value: string | null })[] {
  if (Array.isArray(body)) return body.flatMap((x, i) => namings(x, `${path}[${i}]`));
  if (body === null || typeof body !== 'object') return [];
  const party = typeof body.party === 'string' ? body.party : typeof body.actorParty === 'string' ? body.actorParty : null;
  const hint = party ?? [body.enteredByParty, body.ownerParty].find((p) => typeof p === 'string') ?? null;
  const out: (Omit<Naming, 'value'> & { value: string | null })[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (LEFT_OUT.has(key)) continue;
    const named = BY_ID.has(key) || BY_NAME.has(key) || key === 'username' || (key === 'by' && path.endsWith('.frozen'));
    if (named && (typeof value === 'string' || value === null)) out.push({ path: `${path}.${key}`, key, value, party, hint });
    else out.push(...namings(value, `${path}.${key}`));
  }
  return out;
}

describe('who may be named to whom', () => {
  it('names a user only to a reader of their party, and one whose party is unknown to nobody', () => {
    expect(userIdFor('MAR', 'MAR', 'u1')).toBe('u1');
    expect(userIdFor('MAR', 'ISR', 'u1')).toBeNull();
    expect(userIdFor('MAR', null, 'u1')).toBeNull();
    expect(userIdFor('MAR', 'MAR', null)).toBeNull();
    expect(namedFor('ISR', 'ISR', 'Dana')).toBe('Dana');
    expect(namedFor('ISR', 'USA', 'Dana')).toBeNull();
    expect(
      byPartyFor('ISR', [
        { party: 'MAR', userId: 'a', at: '1' },
        { party: 'ISR', userId: 'b', at: '2' },
      ]),
    ).toEqual([
      { party: 'MAR', userId: null, at: '1' },
      { party: 'ISR', userId: 'b', at: '2' },
    ]);
  });
});

/**
 * Every answer that names the user behind a change or a record, read by every
 * demo account (three parties) on the demo and on notes, dependencies and
 * watchers generated on top of it: a user is named (account id, username or
 * name) only to a reader of their own party; another party's user comes as
 * their party alone. Each kind of entry shows both cases somewhere.
 */
describe.each(databases())('answers name a user only to readers of their party, on %s', (kind) => {
  const { s, auth, ok } = servedDemo(kind, 300_000);

  /** Sends as `who`; the answer's status and JSON. */
  async function send(who: string, method: 'POST' | 'PUT', url: string, payload: Json) {
    const res = await s.app.inject({ method, url, headers: auth[who], payload });
    return { status: res.statusCode, body: res.body ? res.json() : null };
  }

  it('on every route that names one, to every reader', { timeout: 600_000 }, async () => {
    const users = await s.t.db.selectFrom('app_user').select(['id', 'username', 'display_name', 'party']).execute();
    const partyOf = new Map<string, string>();
    for (const u of users) {
      partyOf.set(`id:${u.id}`, u.party);
      partyOf.set(`name:${u.username}`, u.party);
      partyOf.set(`name:${u.display_name}`, u.party);
    }
    // Every account of the demo, contributors included, each with a token.
    const accounts = users.filter((u) => u.username.includes('.')).map((u) => ({ username: u.username, party: u.party }));
    for (const a of accounts)
      auth[a.username] ??= { authorization: `Bearer ${(await createToken(s.t.ctx, null, a.username, 'test')).token}` };
    expect(new Set(accounts.map((a) => a.party))).toEqual(new Set(['MAR', 'ISR', 'USA']));
    const { pick } = prng(20261207);

    // Generated on top of the demo: notes by contributors of every party on activities they may read, and
    // watchers. What a writer may not do is refused and changes nothing.
    const plans = (await ok('mar.planner', '/api/plans')).items as Json[];
    const activities: { id: string; planId: string }[] = [];
    for (const p of plans) {
      const page = await ok('mar.planner', `/api/plans/${p.id}/activities?limit=200`);
      for (const a of page.items) activities.push({ id: a.id, planId: p.id });
    }
    for (let i = 0; i < 24; i++) {
      const who = pick(['isr.contributor', 'usa.contributor', 'mar.contributor', 'isr.planner']);
      const a = pick(activities);
      const note = { kind: 'note', body: `Generated note ${i}`, language: 'en' };
      const res = await send(who, 'POST', `/api/activities/${a.id}/follow-ups`, note);
      expect([201, 403, 404], `${who} ${JSON.stringify(res.body)}`).toContain(res.status);
      if (res.status === 201)
        expect(partyOf.get(`id:${res.body.authorId}`)).toBe(accounts.find((x) => x.username === who)?.party);
      await send(pick(accounts).username, 'PUT', `/api/activities/${a.id}/watchers/me`, {});
      const b = pick(activities.filter((x) => x.planId === a.planId && x.id !== a.id));
      const dependency = { predecessorId: a.id, successorId: b.id, type: 'finish_to_start', lagDays: 0 };
      const planner = pick(['mar.planner', 'isr.planner']);
      expect([201, 403, 404, 409]).toContain(
        (await send(planner, 'POST', `/api/plans/${a.planId}/dependencies`, dependency)).status,
      );
    }
    const projects = (await ok('mar.planner', '/api/industrial-projects?limit=200')).items as Json[];
    for (let i = 0; i < 12; i++) {
      const who = pick(['isr.contributor', 'usa.contributor', 'mar.contributor', 'isr.planner', 'mar.planner']);
      const note = { kind: 'note', body: `Generated project note ${i}`, language: 'en' };
      const res = await send(who, 'POST', `/api/industrial-projects/${pick(projects).id}/follow-ups`, note);
      expect([201, 403, 404], `${who} ${JSON.stringify(res.body)}`).toContain(res.status);
    }
    // A rate entered by an administrator of each of two parties.
    for (const [who, date] of [
      ['mar.planner', '2026-11-30'],
      ['isr.planner', '2026-12-01'],
    ] as const) {
      const rate = { from: 'EUR', to: 'ILS', rate: '3.9', date, source: 'Generated' };
      expect([201, 409]).toContain((await send(who, 'POST', '/api/exchange-rates', rate)).status);
    }

    // The routes, with the records each reader may read.
    const urls = (who: string) => async () => {
      const out = ['/api/plans', '/api/commissions', '/api/exchange-rates?limit=200', '/api/programmes'];
      for (const p of (await ok(who, '/api/plans')).items as Json[]) {
        out.push(`/api/plans/${p.id}`, `/api/plans/${p.id}/activities?limit=200`, `/api/plans/${p.id}/revisions`);
        out.push(`/api/plans/${p.id}/decisions`, `/api/plans/${p.id}/dependencies`);
        const page = await ok(who, `/api/plans/${p.id}/activities?limit=200`);
        for (const a of (page.items as Json[]).slice(0, 25)) {
          out.push(`/api/activities/${a.id}`, `/api/activities/${a.id}/follow-ups`, `/api/activities/${a.id}/history`);
          out.push(`/api/activities/${a.id}/watchers`);
        }
      }
      for (const c of (await ok(who, '/api/commissions')).items as Json[]) {
        out.push(`/api/commissions/${c.id}/sessions`);
        for (const session of (await ok(who, `/api/commissions/${c.id}/sessions`)).items as Json[])
          out.push(`/api/sessions/${session.id}`);
      }
      for (const p of (await ok(who, '/api/industrial-projects?limit=200')).items as Json[])
        for (const part of ['', '/measurements', '/history', '/follow-ups']) out.push(`/api/industrial-projects/${p.id}${part}`);
      for (const o of (await ok(who, '/api/offset-obligations?limit=200')).items as Json[])
        out.push(`/api/offset-obligations/${o.id}/claims`);
      for (const p of (await ok(who, '/api/programmes?limit=200')).items as Json[]) {
        out.push(`/api/programmes/${p.id}`);
        if (p.evaluationId || ['evaluation', 'selected', 'contracted', 'delivering', 'operational', 'closed'].includes(p.status))
          out.push(`/api/programmes/${p.id}/evaluation`);
      }
      return out;
    };

    const seen = new Map<string, { own: number; hidden: number }>();
    for (const reader of accounts) {
      for (const url of await urls(reader.username)()) {
        const res = await s.app.inject({ method: 'GET', url, headers: auth[reader.username] });
        if (url.endsWith('/evaluation') && res.statusCode === 404) continue;
        expect(res.statusCode, `${reader.username} GET ${url}: ${res.body}`).toBe(200);
        for (const n of namings(res.json())) {
          const where = `${reader.username} (${reader.party}) GET ${url} ${n.path}`;
          const route = `${url.replace(/[0-9a-f-]{36}/g, '{id}').replace(/\?.*$/, '')} ${n.key}`;
          const count = seen.get(route) ?? { own: 0, hidden: 0 };
          seen.set(route, count);
          if (n.value === null) {
            if (n.hint !== null && n.hint !== reader.party) count.hidden++;
            continue;
          }
          const prefix = BY_ID.has(n.key) || n.key === 'by' ? 'id' : 'name';
          const party = partyOf.get(`${prefix}:${n.value}`);
          // The watchers' "a user" is no user's name.
          if (n.key === 'displayName' && n.value === 'a user' && n.party !== reader.party) {
            count.hidden++;
            continue;
          }
          expect(party, `${where} names ${n.value}, no account`).toBeDefined();
          expect(party, `${where} names a user of ${party}`).toBe(reader.party);
          // An entry that gives its party names one of that party.
          if (n.party !== null) expect(n.party, where).toBe(reader.party);
          count.own++;
        }
      }
    }
    // The walk found what it checks: users of each party named to their own, and others' hidden.
    const hidden = [...seen].filter(([, c]) => c.hidden > 0).map(([r]) => r);
    const named = [...seen].filter(([, c]) => c.own > 0).map(([r]) => r);
    for (const route of [
      '/api/plans approvals',
      '/api/activities/{id}/follow-ups authorId',
      '/api/sessions/{id} userId',
      '/api/plans/{id}/revisions userId',
      '/api/industrial-projects/{id}/measurements userId',
      '/api/industrial-projects/{id}/history actorId',
      '/api/industrial-projects/{id}/follow-ups authorId',
      '/api/activities/{id}/history actorId',
      '/api/plans/{id}/activities ownerUserId',
      '/api/plans/{id}/decisions displayName',
      '/api/programmes/{id} userId',
      '/api/exchange-rates enteredBy',
      '/api/offset-obligations/{id}/claims claimedBy',
      '/api/offset-obligations/{id}/claims userId',
    ]) {
      const [path, key] = route.split(' ') as [string, string];
      const matches = (r: string) => r === `${path} ${key}` || (key === 'approvals' && r === `${path} userId`);
      expect(named.some(matches), `${route} named to its own party: ${named.join(', ')}`).toBe(true);
      expect(hidden.some(matches), `${route} hidden from other parties: ${hidden.join(', ')}`).toBe(true);
    }
    // Those whose entries give no party: named to their own at least (the check above holds for the others).
    for (const route of ['/api/plans/{id}/dependencies createdBy', '/api/plans/{id}/revisions openedBy'])
      expect(named, route).toContain(route);
  });
});
