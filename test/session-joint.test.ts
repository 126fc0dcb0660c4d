import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAgendaItem } from '../src/app/agenda.usecases.js';
import { createSession } from '../src/app/commission.usecases.js';
import { recordMinutes } from '../src/app/minutes.usecases.js';
import { getSession, transitionSessionStatus } from '../src/app/session.usecases.js';
import { DomainError } from '../src/domain/errors.js';
import type { Classification } from '../src/domain/labels.js';
import { AGENDA_OUTCOMES, type AgendaOutcome } from '../src/domain/session.lifecycle.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { makeActor, seedWorld, sessionCookie, sessionDefaults } from './support/fixtures.js';
import { prng } from './support/labelled-world.js';

// Today, for every use case of this suite: 6 December, before a session of 14–16 December.
const NOW = new Date('2026-12-06T10:00:00Z');

describe.each(databases())('a joint session stays joint on %s', (kind) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let w: Awaited<ReturnType<typeof seedWorld>>;
  const cookies: Record<string, string> = {};
  let number = 10;

  const call = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    app.inject({ method, url, headers: { cookie: cookies[who] ?? '' }, ...(payload ? { payload } : {}) });

  const newSession = (startDate = '2026-11-30') =>
    createSession(t.ctx, w.marPlanner, w.commission.id, {
      number: number++,
      startDate,
      endDate: startDate > '2026-12-02' ? startDate : '2026-12-02',
      ...sessionDefaults,
    });

  const auditCount = async (action: string, entityId: string) =>
    Number(
      (
        await t.db
          .selectFrom('audit_entry')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('action', '=', action)
          .where('entity_id', '=', entityId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await openTestDatabase(kind, () => NOW);
    w = await seedWorld(t.ctx);
    const usaViewer = await makeActor(t.ctx, 'USA', ['viewer'], 'TOP_SECRET');
    app = await buildServer(t.ctx);
    for (const u of [w.marPlanner, w.isrPlanner, usaViewer]) cookies[u.party] = await sessionCookie(app, u.username);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('refuses to mark held before its first day a session dated 14–16 December, and changes nothing', async () => {
    const s = await newSession('2026-12-14');
    expect((await call('MAR', 'POST', `/api/sessions/${s.id}/transitions`, { to: 'convened' })).statusCode).toBe(200);
    const early = await call('MAR', 'POST', `/api/sessions/${s.id}/transitions`, { to: 'held' });
    expect(early.statusCode, early.body).toBe(400);
    expect(early.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(early.json().detail).toMatch(/on or after its first day, 2026-12-14/);
    const after = await call('MAR', 'GET', `/api/sessions/${s.id}`);
    expect(after.json()).toMatchObject({ status: 'convened', version: s.version + 1 });
  });

  it('does not move the first day of a held session past today', async () => {
    const s = await newSession('2026-12-01');
    await call('MAR', 'POST', `/api/sessions/${s.id}/transitions`, { to: 'convened' });
    const held = await call('MAR', 'POST', `/api/sessions/${s.id}/transitions`, { to: 'held' });
    expect(held.statusCode, held.body).toBe(200);
    const moved = await app.inject({
      method: 'PATCH',
      url: `/api/sessions/${s.id}`,
      headers: { cookie: cookies.MAR ?? '' },
      payload: { startDate: '2026-12-14', endDate: '2026-12-16', version: held.json().version },
    });
    expect(moved.statusCode, moved.body).toBe(400);
    expect(moved.json().errors.map((e: { path: string }) => e.path)).toEqual(['startDate']);
    expect((await call('MAR', 'GET', `/api/sessions/${s.id}`)).json()).toMatchObject({ startDate: '2026-12-01', status: 'held' });
  });

  it('gives an agenda item added without a label the session’s marking, released to every delegation', async () => {
    const s = await newSession();
    await call('MAR', 'POST', `/api/sessions/${s.id}/transitions`, { to: 'convened' });
    const added = await call('MAR', 'POST', `/api/sessions/${s.id}/agenda`, { title: 'Point ajouté par le Maroc' });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({
      ownerParty: 'MAR',
      classification: 'UNCLASSIFIED',
      releasableTo: ['ISR'],
      compartments: [],
    });
    const seen = await call('ISR', 'GET', `/api/sessions/${s.id}/agenda`);
    expect(seen.json().items.map((i: { id: string }) => i.id)).toEqual([added.json().id]);
    // A narrower label is still possible, as an explicit choice.
    const narrow = await call('MAR', 'POST', `/api/sessions/${s.id}/agenda`, { title: 'Point national', releasableTo: [] });
    expect(narrow.json()).toMatchObject({ releasableTo: [] });
    expect((await call('ISR', 'GET', `/api/sessions/${s.id}/agenda`)).json().items).toHaveLength(1);
  });

  it('refuses the minutes approval of a party that cannot read every item, telling how many, and records nothing', async () => {
    const s = await newSession();
    await call('MAR', 'POST', `/api/sessions/${s.id}/transitions`, { to: 'convened' });
    const shared = (await call('MAR', 'POST', `/api/sessions/${s.id}/agenda`, { title: 'Point commun' })).json();
    const hidden = (
      await call('MAR', 'POST', `/api/sessions/${s.id}/agenda`, { title: 'Point national', releasableTo: [] })
    ).json();
    for (const item of [shared, hidden])
      expect(
        (await call('MAR', 'PUT', `/api/agenda-items/${item.id}/minutes`, { version: 1, summary: 'Noté.' })).statusCode,
      ).toBe(200);
    expect((await call('MAR', 'POST', `/api/sessions/${s.id}/transitions`, { to: 'held' })).statusCode).toBe(200);
    const refused = await call('ISR', 'POST', `/api/sessions/${s.id}/transitions`, { to: 'minutes_approved' });
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().detail).toMatch(/^1 agenda item\(s\) of these minutes are not releasable to you/);
    expect((await call('ISR', 'GET', `/api/sessions/${s.id}`)).json()).toMatchObject({ status: 'held', minutesApprovals: [] });
    expect(await auditCount('session.minutes_approve', s.id)).toBe(0);

    // Its owner releases it, once the session is held too; nobody else may, and its wording stays frozen.
    const patch = (who: string, body: object) =>
      app.inject({
        method: 'PATCH',
        url: `/api/agenda-items/${hidden.id}`,
        headers: { cookie: cookies[who] ?? '' },
        payload: body,
      });
    expect((await patch('MAR', { title: 'Autre intitulé', version: 2 })).statusCode).toBe(409);
    expect((await patch('ISR', { releasableTo: ['ISR'], version: 2 })).statusCode).toBe(404);
    const released = await patch('MAR', { releasableTo: ['ISR'], version: 2 });
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json()).toMatchObject({ releasableTo: ['ISR'], title: 'Point national', summary: 'Noté.' });
    const approved = await call('ISR', 'POST', `/api/sessions/${s.id}/transitions`, { to: 'minutes_approved' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().minutesApprovals).toMatchObject([{ party: 'ISR' }]);
  });

  it('lets only planners of its owner party change an item’s marking', async () => {
    const s = await newSession();
    await call('MAR', 'POST', `/api/sessions/${s.id}/transitions`, { to: 'convened' });
    const item = (await call('MAR', 'POST', `/api/sessions/${s.id}/agenda`, { title: 'Point commun' })).json();
    const narrowed = await app.inject({
      method: 'PATCH',
      url: `/api/agenda-items/${item.id}`,
      headers: { cookie: cookies.ISR ?? '' },
      payload: { releasableTo: [], version: 1 },
    });
    expect(narrowed.statusCode).toBe(403);
    expect((await call('ISR', 'GET', `/api/sessions/${s.id}/agenda`)).json().items).toHaveLength(1);
  });

  it('approves minutes only when every agenda item has an outcome', async () => {
    const s = await newSession();
    await call('MAR', 'POST', `/api/sessions/${s.id}/transitions`, { to: 'convened' });
    const items = [];
    for (const title of ['Un', 'Deux', 'Trois'])
      items.push((await call('MAR', 'POST', `/api/sessions/${s.id}/agenda`, { title })).json());
    await call('MAR', 'POST', `/api/sessions/${s.id}/transitions`, { to: 'held' });
    const decided = await call('MAR', 'PUT', `/api/agenda-items/${items[0].id}/minutes`, {
      version: 1,
      summary: 'Examiné.',
      decisions: 'Adopté.',
    });
    expect(decided.json().agendaItem.outcome).toBe('decision');
    const incomplete = await call('ISR', 'POST', `/api/sessions/${s.id}/transitions`, { to: 'minutes_approved' });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().detail).toMatch(/^2 of 3 agenda item\(s\) have no outcome/);
    // A decision needs its decisions written.
    const empty = await call('MAR', 'PUT', `/api/agenda-items/${items[1].id}/minutes`, {
      version: 1,
      summary: 'Examiné.',
      outcome: 'decision',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors.map((e: { path: string }) => e.path)).toEqual(['decisions']);
    const noted = await call('MAR', 'PUT', `/api/agenda-items/${items[1].id}/minutes`, { version: 1, summary: 'Noté.' });
    expect(noted.json().agendaItem.outcome).toBe('noted');
    const deferred = await call('MAR', 'PUT', `/api/agenda-items/${items[2].id}/minutes`, {
      version: 1,
      summary: 'Reporté à la prochaine session.',
      outcome: 'deferred',
    });
    expect(deferred.json().agendaItem.outcome).toBe('deferred');
    expect((await call('ISR', 'POST', `/api/sessions/${s.id}/transitions`, { to: 'minutes_approved' })).json()).toMatchObject({
      status: 'held',
      minutesApprovals: [{ party: 'ISR' }],
    });
    expect((await call('MAR', 'POST', `/api/sessions/${s.id}/transitions`, { to: 'minutes_approved' })).json().status).toBe(
      'minutes_approved',
    );
  });

  it('withdraws the minutes approvals given when the minutes or the agenda of a held session change, audited', async () => {
    const s = await newSession();
    await call('MAR', 'POST', `/api/sessions/${s.id}/transitions`, { to: 'convened' });
    const item = (await call('MAR', 'POST', `/api/sessions/${s.id}/agenda`, { title: 'Point' })).json();
    await call('MAR', 'POST', `/api/sessions/${s.id}/transitions`, { to: 'held' });
    await call('MAR', 'PUT', `/api/agenda-items/${item.id}/minutes`, { version: 1, summary: 'Noté.' });
    expect((await call('ISR', 'POST', `/api/sessions/${s.id}/transitions`, { to: 'minutes_approved' })).statusCode).toBe(200);
    const corrected = await call('MAR', 'PUT', `/api/agenda-items/${item.id}/minutes`, { version: 2, summary: 'Noté, corrigé.' });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect((await call('MAR', 'GET', `/api/sessions/${s.id}`)).json().minutesApprovals).toEqual([]);
    expect(await auditCount('session.minutes_approvals_withdrawn', s.id)).toBe(1);

    expect((await call('ISR', 'POST', `/api/sessions/${s.id}/transitions`, { to: 'minutes_approved' })).statusCode).toBe(200);
    const late = await call('MAR', 'POST', `/api/sessions/${s.id}/agenda`, { title: 'Point ajouté après la séance' });
    expect(late.statusCode).toBe(201);
    expect((await call('ISR', 'GET', `/api/sessions/${s.id}`)).json().minutesApprovals).toEqual([]);
    expect(await auditCount('session.minutes_approvals_withdrawn', s.id)).toBe(2);
    // The new item has no outcome yet: nobody can approve until it has one.
    expect((await call('ISR', 'POST', `/api/sessions/${s.id}/transitions`, { to: 'minutes_approved' })).statusCode).toBe(400);
  });

  it('lets a party approve exactly the minutes it can read in full and that are complete, for generated agendas', async () => {
    const r = prng(kind === 'sqlite' ? 101 : 202);
    const levels: Classification[] = ['UNCLASSIFIED', 'RESTRICTED', 'SECRET', 'TOP_SECRET'];
    for (let round = 0; round < 8; round++) {
      const s = await newSession();
      await transitionSessionStatus(t.ctx, w.marPlanner, s.id, { to: 'convened' });
      const model: { readable: boolean; outcome: AgendaOutcome | null }[] = [];
      const ids: string[] = [];
      for (let i = 0, n = 1 + r.int(4); i < n; i++) {
        const explicit = r.int(3) === 0;
        const label = explicit
          ? {
              classification: r.pick(levels),
              releasableTo: r.int(2) ? ['ISR'] : [],
              compartments: r.int(4) === 0 ? ['INTEL'] : [],
            }
          : {};
        const readable =
          !explicit ||
          (label.releasableTo?.includes('ISR') === true &&
            label.classification !== 'TOP_SECRET' &&
            label.compartments?.length === 0);
        const item = await addAgendaItem(t.ctx, w.marPlanner, s.id, { title: `Point ${round}.${i}`, ...label });
        ids.push(item.id);
        model.push({ readable, outcome: null });
      }
      await transitionSessionStatus(t.ctx, w.marPlanner, s.id, { to: 'held' });
      for (const [i, id] of ids.entries()) {
        if (r.int(4) === 0) continue;
        const outcome = r.pick(AGENDA_OUTCOMES);
        await recordMinutes(t.ctx, w.marPlanner, id, {
          version: 1,
          summary: 'Examiné.',
          decisions: outcome === 'decision' ? 'Adopté.' : null,
          outcome,
          actionItems: [],
        });
        (model[i] as { outcome: AgendaOutcome | null }).outcome = outcome;
      }
      const unreadable = model.filter((m) => !m.readable).length;
      const open = model.filter((m) => m.readable && m.outcome === null).length;
      const answer = await transitionSessionStatus(t.ctx, w.isrPlanner, s.id, { to: 'minutes_approved' }).catch(
        (e: unknown) => e,
      );
      if (unreadable > 0) {
        expect(answer, `round ${round}`).toBeInstanceOf(DomainError);
        expect((answer as DomainError).message).toMatch(new RegExp(`^${unreadable} agenda item\\(s\\) of these minutes`));
      } else if (open > 0) {
        expect((answer as DomainError).message, `round ${round}`).toMatch(new RegExp(`^${open} of ${model.length} agenda`));
      } else expect(answer, `round ${round}`).toMatchObject({ status: 'held', minutesApprovals: [{ party: 'ISR' }] });
      const after = await getSession(t.ctx, w.marPlanner, s.id);
      expect(after.minutesApprovals.length, `round ${round}`).toBe(unreadable === 0 && open === 0 ? 1 : 0);
    }
  });
});
