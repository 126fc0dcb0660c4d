import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity } from '../src/app/activity.usecases.js';
import { addAgendaItem, prepareAgenda } from '../src/app/agenda.usecases.js';
import { createToken } from '../src/app/auth.usecases.js';
import type { Actor } from '../src/app/context.js';
import { recordMinutes } from '../src/app/minutes.usecases.js';
import { transitionSessionStatus } from '../src/app/session.usecases.js';
import { newId } from '../src/domain/ids.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, makeActor, oneDaySession, seedWorld } from './support/fixtures.js';

const NOW = new Date('2026-06-15T10:00:00Z');

describe.each(databases())('correcting session records on %s', (kind) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let w: Awaited<ReturnType<typeof seedWorld>>;
  const tokens: Record<string, string> = {};
  let third = '';
  let fourth = '';
  let actionItemId = '';
  let activityId = '';
  let secretItemId = '';

  type Who = 'MAR' | 'ISR' | 'USA' | 'viewer';
  const call = (who: Who, method: InjectOptions['method'], url: string, payload?: object, headers: Record<string, string> = {}) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${tokens[who]}`, ...headers }, ...(payload ? { payload } : {}) });

  /** Every row a correction could touch, and the length of the audit log: the same before and after a refusal. */
  async function snapshot() {
    const rows = async (table: 'commission_session' | 'agenda_item' | 'action_item') =>
      (await t.db.selectFrom(table).selectAll().orderBy('id').execute()).map((r) => JSON.stringify(r));
    const audit = await t.db
      .selectFrom('audit_entry')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return {
      sessions: await rows('commission_session'),
      agenda: await rows('agenda_item'),
      actionItems: await rows('action_item'),
      audit: Number(audit.n),
    };
  }
  async function refused(who: Who, method: InjectOptions['method'], url: string, payload: object | undefined, status: number) {
    const before = await snapshot();
    const res = await call(who, method, url, payload);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await snapshot()).toEqual(before);
    return res.json() as { type: string; detail: string; errors?: { path: string }[] };
  }
  const lastAudit = () => t.db.selectFrom('audit_entry').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
  const agendaOf = async (who: Who, sessionId: string) =>
    (await call(who, 'GET', `/api/sessions/${sessionId}/agenda`)).json().items as {
      id: string;
      kind: string;
      title: string;
      version: number;
      position: number;
      actionItemId: string | null;
      activityId: string | null;
      reference: { kind: string } | null;
    }[];

  beforeAll(async () => {
    t = await openTestDatabase(kind, () => NOW);
    w = await seedWorld(t.ctx);
    const actors: Record<Who, Actor> = {
      MAR: w.marPlanner,
      ISR: w.isrPlanner,
      USA: await makeActor(t.ctx, 'USA', ['planner'], 'TOP_SECRET'),
      viewer: await makeActor(t.ctx, 'MAR', ['viewer'], 'SECRET'),
    };
    for (const [who, actor] of Object.entries(actors))
      tokens[who] = (await createToken(t.ctx, null, actor.username, 'edit test')).token;
    const session = (number: number, startDate: string) => oneDaySession(t.ctx, w, number, startDate);
    third = (await session(3, '2026-01-12')).id;
    fourth = (await session(4, '2026-12-01')).id;
    activityId = (
      await createActivity(
        t.ctx,
        w.marPlanner,
        w.plan.id,
        activityInput('2026-LOG-01', { plannedPeriod: { start: '2026-03-01', end: '2026-03-31', precision: 'month' } }),
      )
    ).id;
    await transitionSessionStatus(t.ctx, w.marPlanner, third, { to: 'convened' });
    const item = await addAgendaItem(t.ctx, w.marPlanner, third, { title: 'Partage d’information', releasableTo: ['ISR'] });
    const minutes = await recordMinutes(t.ctx, w.marPlanner, item.id, {
      summary: 'Examen des mécanismes.',
      decisions: 'Un groupe de travail proposera un mécanisme.',
      actionItems: [
        {
          title: 'Proposer un mécanisme de partage',
          responsibleParty: 'ISR',
          responsibleOrganisation: null,
          dueDate: '2026-05-31',
          activityId: null,
          planId: null,
        },
        {
          title: 'Échanger les points de contact',
          responsibleParty: 'MAR',
          responsibleOrganisation: null,
          dueDate: '2026-09-30',
          activityId: null,
          planId: null,
        },
      ],
      version: 1,
    });
    actionItemId = minutes.actionItems[0]?.id as string;
    await transitionSessionStatus(t.ctx, w.marPlanner, third, { to: 'held' });
    await transitionSessionStatus(t.ctx, w.marPlanner, third, { to: 'minutes_approved' });
    await transitionSessionStatus(t.ctx, w.isrPlanner, third, { to: 'minutes_approved' });
    await prepareAgenda(t.ctx, w.marPlanner, fourth);
    // An item the Israeli planner (SECRET) may not read.
    secretItemId = (
      await addAgendaItem(t.ctx, w.marPlanner, fourth, {
        title: 'Point réservé',
        classification: 'TOP_SECRET',
        releasableTo: ['ISR'],
      })
    ).id;
    await addAgendaItem(t.ctx, w.marPlanner, fourth, { title: 'Bilan et projet de plan 2027', releasableTo: ['ISR'] });
    app = await buildServer(t.ctx);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  describe('PATCH /api/sessions/:id', () => {
    it('corrects the place, dates and delegations with the version read, and audits what changed', async () => {
      const delegations = [
        { party: 'MAR', name: 'Karim Bennani (illustratif)', function: 'Chef de délégation' },
        { party: 'ISR', name: 'Avi Cohen (illustrative)', title: 'Brigadier General' },
      ];
      const res = await call('ISR', 'PATCH', `/api/sessions/${fourth}`, {
        place: 'Rabat',
        hostParty: 'MAR',
        startDate: '2026-12-14',
        endDate: '2026-12-16',
        delegations,
        version: 1,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers.etag).toBe('"2"');
      expect(res.json()).toMatchObject({ place: 'Rabat', hostParty: 'MAR', startDate: '2026-12-14', version: 2, delegations });
      const entry = await lastAudit();
      expect(entry).toMatchObject({ action: 'session.update', entity_id: fourth, actor_party: 'ISR' });
      expect(Object.keys(JSON.parse(entry.detail).changes).sort()).toEqual([
        'delegations',
        'endDate',
        'hostParty',
        'place',
        'startDate',
      ]);
      // If-Match works as well as the body's version.
      const byHeader = await call('MAR', 'PATCH', `/api/sessions/${fourth}`, { place: 'Rabat (Skhirat)' }, { 'if-match': '"2"' });
      expect(byHeader.statusCode, byHeader.body).toBe(200);
      expect(byHeader.json().version).toBe(3);
    });

    it('answers 409 on a stale version and writes nothing', async () => {
      const problem = await refused('MAR', 'PATCH', `/api/sessions/${fourth}`, { place: 'Casablanca', version: 1 }, 409);
      expect(problem.type).toMatch(/conflict$/);
      expect(problem.detail).toMatch(/version 1.*now 3/);
    });

    it('refuses bad corrections field by field and writes nothing', async () => {
      const url = `/api/sessions/${fourth}`;
      expect(
        (await refused('MAR', 'PATCH', url, { endDate: '2026-12-01', startDate: '2026-12-02', version: 3 }, 400)).errors,
      ).toEqual([expect.objectContaining({ path: 'endDate' })]);
      expect((await refused('MAR', 'PATCH', url, { endDate: '2026-11-01', version: 3 }, 400)).errors?.[0]?.path).toBe('endDate');
      expect((await refused('MAR', 'PATCH', url, { hostParty: 'USA', version: 3 }, 400)).errors?.[0]?.path).toBe('hostParty');
      const strangers = {
        delegations: [
          { party: 'MAR', name: 'A' },
          { party: 'FRA', name: 'B' },
        ],
        version: 3,
      };
      expect((await refused('MAR', 'PATCH', url, strangers, 400)).errors?.[0]?.path).toBe('delegations.1.party');
      expect((await refused('MAR', 'PATCH', url, { delegations: [{ party: 'MAR' }], version: 3 }, 400)).errors?.[0]?.path).toBe(
        'delegations.0.name',
      );
      expect((await refused('MAR', 'PATCH', url, { place: 'Rabat', number: 9, version: 3 }, 400)).errors?.[0]?.path).toBe(
        'number',
      );
      expect((await refused('MAR', 'PATCH', url, { place: 'Rabat' }, 400)).errors?.[0]?.path).toBe('version');
      await refused('MAR', 'PATCH', `/api/sessions/${newId()}`, { place: 'Rabat', version: 1 }, 404);
    });

    it('hides a session from a planner who may not read it (404), and refuses viewers (403)', async () => {
      await refused('USA', 'PATCH', `/api/sessions/${fourth}`, { place: 'Washington', version: 3 }, 404);
      await refused('viewer', 'PATCH', `/api/sessions/${fourth}`, { place: 'Fès', version: 3 }, 403);
    });

    it('refuses any correction once the minutes are approved: the record is frozen', async () => {
      const problem = await refused('MAR', 'PATCH', `/api/sessions/${third}`, { place: 'Jérusalem', version: 5 }, 409);
      expect(problem.type).toMatch(/frozen$/);
      expect(problem.detail).toMatch(/minutes.*approved/);
    });
  });

  describe('the agenda of a session not yet held', () => {
    it('edits a carried-forward title and keeps why it was carried; changing what it is about drops that', async () => {
      const carried = (await agendaOf('MAR', fourth)).find((i) => i.kind === 'action_item');
      expect(carried?.reference).toMatchObject({ kind: 'action_item', sessionNumber: 3, overdue: true });
      const retitled = await call('ISR', 'PATCH', `/api/agenda-items/${carried?.id}`, {
        title: 'Mécanisme de partage : état',
        version: carried?.version,
      });
      expect(retitled.statusCode, retitled.body).toBe(200);
      expect(retitled.json()).toMatchObject({ title: 'Mécanisme de partage : état', reference: { kind: 'action_item' } });
      expect((await lastAudit()).action).toBe('agenda.update');

      const activityItem = (await agendaOf('MAR', fourth)).find((i) => i.kind === 'activity');
      expect(activityItem?.activityId).toBe(activityId);
      const freed = await call('MAR', 'PATCH', `/api/agenda-items/${activityItem?.id}`, {
        kind: 'free',
        activityId: null,
        version: activityItem?.version,
      });
      expect(freed.statusCode, freed.body).toBe(200);
      expect(freed.json()).toMatchObject({ kind: 'free', activityId: null, reference: null });
      // And back, linked to the activity again.
      const linked = await call('MAR', 'PATCH', `/api/agenda-items/${activityItem?.id}`, {
        kind: 'activity',
        activityId,
        version: freed.json().version,
      });
      expect(linked.statusCode, linked.body).toBe(200);
    });

    it('refuses bad agenda edits and writes nothing', async () => {
      const free = (await agendaOf('MAR', fourth)).find((i) => i.title.startsWith('Bilan'));
      const url = `/api/agenda-items/${free?.id}`;
      expect((await refused('MAR', 'PATCH', url, { title: '', version: free?.version }, 400)).errors?.[0]?.path).toBe('title');
      expect((await refused('MAR', 'PATCH', url, { kind: 'action_item', version: free?.version }, 400)).errors?.[0]?.path).toBe(
        'actionItemId',
      );
      const foreign = { kind: 'activity', activityId: newId(), version: free?.version };
      expect((await refused('MAR', 'PATCH', url, foreign, 400)).errors?.[0]?.path).toBe('activityId');
      await refused('MAR', 'PATCH', url, { title: 'Bilan', version: (free?.version ?? 1) + 5 }, 409);
      // Not readable by the Israeli planner: as if it did not exist.
      await refused('ISR', 'PATCH', `/api/agenda-items/${secretItemId}`, { title: 'x', version: 1 }, 404);
      await refused('ISR', 'DELETE', `/api/agenda-items/${secretItemId}?version=1`, undefined, 404);
      await refused('USA', 'PATCH', url, { title: 'x', version: free?.version }, 404);
      await refused('MAR', 'DELETE', url, undefined, 400);
      await refused('MAR', 'DELETE', `${url}?version=${(free?.version ?? 1) + 5}`, undefined, 409);
    });

    it('reorders what the reader sees, leaving what it may not read in place', async () => {
      const full = await agendaOf('MAR', fourth);
      const secretAt = full.find((i) => i.id === secretItemId)?.position;
      const seen = await agendaOf('ISR', fourth);
      expect(seen.length).toBe(full.length - 1);
      const reversed = seen.map((i) => i.id).reverse();
      const res = await call('ISR', 'POST', `/api/sessions/${fourth}/agenda/order`, { itemIds: reversed });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().items.map((i: { id: string }) => i.id)).toEqual(reversed);
      const after = await agendaOf('MAR', fourth);
      expect(after.find((i) => i.id === secretItemId)?.position).toBe(secretAt);
      expect(after.filter((i) => i.id !== secretItemId).map((i) => i.id)).toEqual(reversed);
      expect((await lastAudit()).action).toBe('agenda.move');

      const order = `/api/sessions/${fourth}/agenda/order`;
      expect((await refused('ISR', 'POST', order, { itemIds: [...reversed, reversed[0]] }, 400)).errors?.[0]?.path).toBe(
        'itemIds',
      );
      await refused('ISR', 'POST', order, { itemIds: reversed.slice(1) }, 409);
      await refused('ISR', 'POST', order, { itemIds: [...reversed, secretItemId] }, 409);
      await refused('ISR', 'POST', order, { itemIds: ['not-an-id'] }, 400);
      await refused('USA', 'POST', order, { itemIds: reversed }, 404);
    });

    it('removes a carried-forward action item without losing it: it stays open and is proposed again', async () => {
      const carried = (await agendaOf('MAR', fourth)).find((i) => i.actionItemId === actionItemId);
      const res = await call('MAR', 'DELETE', `/api/agenda-items/${carried?.id}?version=${carried?.version}`);
      expect(res.statusCode, res.body).toBe(204);
      expect(
        await t.db
          .selectFrom('agenda_item')
          .select('id')
          .where('id', '=', carried?.id ?? '')
          .executeTakeFirst(),
      ).toBeUndefined();
      expect((await lastAudit()).action).toBe('agenda.remove');
      const open = await call('ISR', 'GET', `/api/commissions/${w.commission.id}/action-items?status=open`);
      expect(open.json().items.map((a: { id: string }) => a.id)).toContain(actionItemId);
      const prepared = await call('MAR', 'POST', `/api/sessions/${fourth}/agenda/prepare`);
      const again = prepared.json().items.filter((i: { actionItemId: string | null }) => i.actionItemId === actionItemId);
      expect(again).toHaveLength(1);
      expect(again[0].reference).toMatchObject({ kind: 'action_item', sessionNumber: 3 });
    });

    it('is the record of what was discussed once the session is held: no edit, removal or reorder', async () => {
      const item = (await agendaOf('MAR', third))[0];
      const url = `/api/agenda-items/${item?.id}`;
      expect((await refused('MAR', 'PATCH', url, { title: 'x', version: item?.version }, 409)).type).toMatch(/frozen$/);
      expect((await refused('MAR', 'DELETE', `${url}?version=${item?.version}`, undefined, 409)).type).toMatch(/frozen$/);
      await refused('MAR', 'POST', `/api/sessions/${third}/agenda/order`, { itemIds: [item?.id] }, 409);
    });
  });

  describe('PATCH /api/action-items/:id', () => {
    it('lets the responsible party’s planner correct the due date, organisation and link, audited', async () => {
      const res = await call('ISR', 'PATCH', `/api/action-items/${actionItemId}`, {
        dueDate: '2026-07-31',
        responsibleOrganisation: 'Direction de la planification',
        activityId,
        version: 1,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ dueDate: '2026-07-31', overdue: false, activityId, version: 2 });
      const entry = await lastAudit();
      expect(entry).toMatchObject({ action: 'action_item.update', entity_id: actionItemId });
      expect(JSON.parse(entry.detail).changes.dueDate).toEqual({ from: '2026-05-31', to: '2026-07-31' });
    });

    it('refuses bad corrections, stale versions and unreadable items, writing nothing', async () => {
      const url = `/api/action-items/${actionItemId}`;
      expect((await refused('MAR', 'PATCH', url, { responsibleParty: 'FRA', version: 2 }, 400)).errors?.[0]?.path).toBe(
        'responsibleParty',
      );
      expect((await refused('MAR', 'PATCH', url, { dueDate: '2026-02-30', version: 2 }, 400)).errors?.[0]?.path).toBe('dueDate');
      expect((await refused('MAR', 'PATCH', url, { planId: newId(), version: 2 }, 400)).errors?.[0]?.path).toBe('planId');
      expect((await refused('MAR', 'PATCH', url, { title: 'x', status: 'done', version: 2 }, 400)).errors?.[0]?.path).toBe(
        'status',
      );
      await refused('MAR', 'PATCH', url, { title: 'Proposer', version: 1 }, 409);
      await refused('USA', 'PATCH', url, { title: 'Proposer', version: 2 }, 404);
      await refused('viewer', 'PATCH', url, { title: 'Proposer', version: 2 }, 403);
      await refused('MAR', 'PATCH', `/api/action-items/${newId()}`, { title: 'Proposer', version: 1 }, 404);
    });

    it('leaves a closed action item as it was', async () => {
      const done = await call('ISR', 'POST', `/api/action-items/${actionItemId}/transitions`, { to: 'done', version: 2 });
      expect(done.statusCode, done.body).toBe(200);
      const problem = await refused(
        'ISR',
        'PATCH',
        `/api/action-items/${actionItemId}`,
        { dueDate: '2026-08-31', version: 3 },
        409,
      );
      expect(problem.type).toMatch(/frozen$/);
    });
  });
});
