import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, listActivities, transitionActivityStatus } from '../src/app/activity.usecases.js';
import { transitionPlanStatus } from '../src/app/plan.usecases.js';
import { search } from '../src/app/search.usecases.js';
import { ACTIVITY_SORTS, DOMAINS } from '../src/domain/activity.schema.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, seedWorld } from './support/fixtures.js';

const TEXTS = [
  { fr: 'Réunion technique sur la planification à long terme', en: 'Technical meeting on long-term planning' },
  { fr: 'Visite des unités opérationnelles', ar: 'زيارة الوحدات العملياتية' },
  { en: 'Information-sharing mechanisms', he: 'מנגנוני שיתוף מידע' },
  { ar: 'التَّخْطِيط اللوجستي وتنظيم القوات' },
  { he: 'תִּכְנוּן אֲרוֹךְ טְוָח' },
];

describe.each(databases())('activity list and search on %s', (kind) => {
  let t: TestDatabase;
  let w: Awaited<ReturnType<typeof seedWorld>>;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    w = await seedWorld(t.ctx);
    for (let i = 0; i < 37; i++) {
      await createActivity(
        t.ctx,
        w.marPlanner,
        w.plan.id,
        activityInput(`2026-T-${String(i).padStart(2, '0')}`, {
          title: TEXTS[i % TEXTS.length],
          domain: DOMAINS[i % 3],
          priority: (i % 3) + 1,
          leadParty: i % 4 === 0 ? 'ISR' : 'MAR',
          plannedPeriod: {
            start: `2026-${String((i % 12) + 1).padStart(2, '0')}-0${(i % 9) + 1}`,
            end: '2026-12-31',
            precision: 'day',
          },
        }),
      );
    }
  });
  afterAll(async () => t?.close());

  it.each(ACTIVITY_SORTS)('pages by cursor through every activity once, sorted by %s', async (sort) => {
    const all = await listActivities(t.ctx, w.marPlanner, w.plan.id, { sort, limit: 500 });
    expect(all.items).toHaveLength(37);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listActivities(t.ctx, w.marPlanner, w.plan.id, { sort, limit: 5, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((a) => a.refCode));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all.items.map((a) => a.refCode));
    const key = sort.replace('-', '') as 'refCode' | 'plannedStart' | 'priority' | 'updatedAt';
    const value = (a: (typeof all.items)[number]) => (key === 'plannedStart' ? a.plannedPeriod.start : a[key]);
    const values = all.items.map(value);
    const sorted = [...values].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    expect(values).toEqual(sort.startsWith('-') ? sorted.reverse() : sorted);
  });

  it('combines filters', async () => {
    const page = await listActivities(t.ctx, w.marPlanner, w.plan.id, {
      sort: 'refCode',
      limit: 500,
      domain: 'forces',
      leadParty: 'ISR',
    });
    expect(page.items.length).toBeGreaterThan(0);
    for (const a of page.items) expect([a.domain, a.leadParty]).toEqual(['forces', 'ISR']);
  });

  // Titles repeat every five activities: text i is on the activities i, i+5, … below 37.
  const activitiesWith = (texts: number[]) => texts.reduce((n, i) => n + Math.floor((36 - i) / TEXTS.length) + 1, 0);

  it.each([
    ['planification', [0], 'French, without the accent'],
    ['PLANIF', [0], 'a prefix, in capitals'],
    ['long-term planning', [0], 'English words'],
    ['التخطيط', [3], 'Arabic without vowel marks'],
    ['זיארה', [], 'a word that is nowhere'],
    ['תכנון', [4], 'Hebrew without niqqud'],
    ['שיתוף', [2], 'Hebrew'],
    ['زيارة', [1], 'Arabic'],
  ])('finds %s in titles (%s)', async (q, texts) => {
    const expected = activitiesWith(texts as number[]);
    const hits = await search(t.ctx, w.marPlanner, q as string, 100);
    expect(hits.items.filter((h) => h.kind === 'activity')).toHaveLength(expected);
    const listed = await listActivities(t.ctx, w.marPlanner, w.plan.id, { sort: 'refCode', limit: 500, q: q as string });
    expect(listed.items).toHaveLength(expected);
  });

  it('finds follow-ups, such as the reason of a transition', async () => {
    const first = (await listActivities(t.ctx, w.marPlanner, w.plan.id, { sort: 'refCode', limit: 1 })).items[0];
    if (!first) throw new Error('no activity');
    await transitionPlanStatus(t.ctx, w.marPlanner, w.plan.id, { to: 'proposed' });
    await transitionPlanStatus(t.ctx, w.marPlanner, w.plan.id, { to: 'approved' });
    await transitionPlanStatus(t.ctx, w.isrPlanner, w.plan.id, { to: 'approved' });
    await transitionActivityStatus(t.ctx, w.marPlanner, first.id, {
      to: 'cancelled',
      reason: 'Annulée faute de disponibilité des délégations',
    });
    const hits = await search(t.ctx, w.marPlanner, 'disponibilite', 10);
    expect(hits.items.map((h) => [h.kind, h.activityId])).toEqual([['follow_up', first.id]]);
  });
});
