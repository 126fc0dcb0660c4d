import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAgendaItem, listAgenda } from '../src/app/agenda.usecases.js';
import { createSession } from '../src/app/commission.usecases.js';
import * as m0004 from '../src/store/migrations/0004_agenda_references.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { seedWorld, sessionDefaults } from './support/fixtures.js';

describe.each(databases())('agenda titles prepared in English before, on %s', (kind) => {
  let t: TestDatabase;
  let w: Awaited<ReturnType<typeof seedWorld>>;
  let sessionId = '';

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    w = await seedWorld(t.ctx);
    sessionId = (
      await createSession(t.ctx, w.marPlanner, w.commission.id, {
        number: 4,
        startDate: '2026-12-14',
        endDate: '2026-12-16',
        ...sessionDefaults,
      })
    ).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('are split into the free text and the facts, and any other title is left as it is', async () => {
    const legacy: [string, string][] = [
      ['action_item', 'Proposer un mécanisme (v2) (session 3, due 2026-05-31, overdue)'],
      ['activity', '2026-IND-02 Salon Marrakech Air Show (postponed 2 times)'],
      ['amendment', 'Amendment 2: Revue de fin d’année'],
      ['action_item', 'Titre changé à la main'],
      ['free', 'Bilan 2026 (session 3, due 2026-05-31)'],
    ];
    const ids: string[] = [];
    for (const [, title] of legacy) ids.push((await addAgendaItem(t.ctx, w.marPlanner, sessionId, { title })).id);
    // The schema as it was before: no reference column, the kinds the preparation wrote.
    await m0004.down(t.db);
    for (const [i, [kind]] of legacy.entries())
      await t.db
        .updateTable('agenda_item')
        .set({ kind })
        .where('id', '=', ids[i] ?? '')
        .execute();
    await m0004.up(t.db);

    const items = (await listAgenda(t.ctx, w.marPlanner, sessionId)).items;
    expect(items.map((i) => [i.kind, i.title, i.reference])).toEqual([
      [
        'action_item',
        'Proposer un mécanisme (v2)',
        { kind: 'action_item', sessionNumber: 3, dueDate: '2026-05-31', overdue: true },
      ],
      ['activity', 'Salon Marrakech Air Show', { kind: 'activity', refCode: '2026-IND-02', plannedEnd: '', postponements: 2 }],
      ['amendment', 'Revue de fin d’année', { kind: 'amendment', number: 2 }],
      ['action_item', 'Titre changé à la main', null],
      ['free', 'Bilan 2026 (session 3, due 2026-05-31)', null],
    ]);
  });
});
