import { rmSync } from 'node:fs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, updateActivity } from '../src/app/activity.usecases.js';
import { type AppContext, createContext } from '../src/app/context.js';
import type { AuditEntry, AuditVerification } from '../src/domain/audit.schema.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, makeActor, seedWorld, sessionCookies } from './support/fixtures.js';
import { signAuditInNewFolder } from './support/signed-audit.js';

type Page = { items: AuditEntry[]; nextCursor: string | null };

describe.each(databases())('the audit-log viewer’s API on %s', (kind) => {
  let t: TestDatabase;
  let dir: string;
  let ctx: AppContext;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let cookies: Record<string, string>;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  let officerUsername: string;
  // A clock that moves three hours at each step, so that entries fall on distinct times and days.
  let clock = Date.parse('2026-03-01T08:00:00.000Z');
  const now = () => new Date(clock);
  const tick = () => {
    clock += 3 * 3_600_000;
  };

  const get = async (url: string, who = 'officer') => app.inject({ method: 'GET', url, headers: { cookie: cookies[who] ?? '' } });
  const list = async (query: string, who = 'officer'): Promise<Page> => {
    const res = await get(`/api/audit?${query}`, who);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Page;
  };
  /** Every entry the officer may read with these filters, read page by page with the given page size. */
  const all = async (query: string, limit: number) => {
    const items: AuditEntry[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = await list(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      items.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null && pages < 1000);
    return items;
  };

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    const signed = await signAuditInNewFolder(t, 'jointplan-audit-viewer-');
    dir = signed.dir;
    ctx = createContext(t.db, now, signed.signing);
    world = await seedWorld(ctx);
    const officer = await makeActor(ctx, 'MAR', ['security_officer'], 'SECRET', ['INDUS']);
    officerUsername = officer.username;
    const lowOfficer = await makeActor(ctx, 'ISR', ['security_officer'], 'CONFIDENTIAL');
    const isrPlanner = { ...world.isrPlanner };
    for (let i = 0; i < 8; i++) {
      tick();
      const secret = i % 3 === 0;
      const a = await createActivity(
        ctx,
        world.marPlanner,
        world.plan.id,
        activityInput(`AV-${i}`, secret ? { classification: 'SECRET', releasableTo: ['ISR'], compartments: ['INDUS'] } : {}),
      );
      if (i % 2 === 0) {
        tick();
        await updateActivity(ctx, world.marPlanner, a.id, { title: { en: `Visit ${i}, revised` }, version: a.version });
      }
    }
    app = await buildServer(ctx, { webRoot: false });
    cookies = await sessionCookies(app, {
      officer,
      lowOfficer,
      planner: world.marPlanner,
      isr: isrPlanner,
    });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('filters by user, action, kind of record, record and time, exactly as the unfiltered log read by hand', async () => {
    const everything = await all('', 500);
    expect(everything.length).toBeGreaterThan(15);
    // Newest first, each entry once.
    expect(everything.map((e) => e.seq)).toEqual([...everything.map((e) => e.seq)].sort((a, b) => b - a));
    const someActivity = everything.find((e) => e.action === 'activity.update')?.entityId ?? '';
    const times = everything.map((e) => e.at).sort();
    const middle = times[Math.floor(times.length / 2)] ?? '';
    const cases: [string, (e: AuditEntry) => boolean][] = [
      [`user=${world.marPlanner.username}`, (e) => e.actorId === world.marPlanner.userId],
      ['action=activity.update', (e) => e.action === 'activity.update'],
      ['action=activity', (e) => e.action.startsWith('activity.')],
      ['entityType=work_plan', (e) => e.entityType === 'work_plan'],
      [`entityId=${someActivity}`, (e) => e.entityId === someActivity],
      [`from=${encodeURIComponent(middle)}`, (e) => e.at >= middle],
      [`to=${encodeURIComponent(middle)}`, (e) => e.at < middle],
      ['from=2026-03-01&to=2026-03-01', (e) => e.at.startsWith('2026-03-01')],
      [
        `user=${world.marPlanner.username}&action=activity&from=${encodeURIComponent(middle)}`,
        (e) => e.actorId === world.marPlanner.userId && e.action.startsWith('activity.') && e.at >= middle,
      ],
    ];
    for (const [query, keep] of cases) {
      const expected = everything.filter(keep).map((e) => e.seq);
      expect(expected.length, query).toBeGreaterThan(0);
      expect(expected.length, query).toBeLessThan(everything.length);
      // Paged three at a time, the filtered log is the same entries in the same order.
      expect(
        (await all(query, 3)).map((e) => e.seq),
        query,
      ).toEqual(expected);
    }
    // A name that acted on nothing the reader may read, and one that does not exist, answer alike: nothing.
    expect((await list('user=nobody.here')).items).toEqual([]);
    // Usernames are given for the reader's own party's accounts only.
    expect(
      everything.filter((e) => e.actorId === world.marPlanner.userId).every((e) => e.actorUsername === world.marPlanner.username),
    ).toBe(true);
    // An ISR officer sees the MAR planner's entries about shared records, without the MAR account's name.
    const fromIsr = await list('limit=500', 'lowOfficer');
    const byMar = fromIsr.items.filter((e) => e.actorParty === 'MAR');
    expect(byMar.length).toBeGreaterThan(0);
    expect(byMar.every((e) => e.actorUsername === null)).toBe(true);
  });

  it('applies the read rule under every filter: an officer cleared lower sees no entry about a SECRET record', async () => {
    const low = await list('action=activity&limit=500', 'lowOfficer');
    expect(low.items.length).toBeGreaterThan(0);
    expect(low.items.every((e) => e.classification !== 'SECRET' && e.compartments.length === 0)).toBe(true);
    const high = await list('action=activity&limit=500');
    expect(high.items.some((e) => e.classification === 'SECRET')).toBe(true);
  });

  it('refuses bad filters with coded field problems, and changes nothing', async () => {
    for (const [query, path] of [
      ['from=2026-03-02&to=2026-03-01', 'to'],
      ['action=DROP%20TABLE', 'action'],
      ['entityId=not-an-id', 'entityId'],
      ['from=yesterday', 'from'],
      ['colour=red', 'colour'],
    ] as const) {
      const res = await get(`/api/audit?${query}`);
      expect(res.statusCode, query).toBe(400);
      const body = res.json() as { code: string; errors: { path: string; code: string }[] };
      expect(
        body.errors.map((e) => e.path),
        query,
      ).toContain(path);
    }
  });

  it('answers a planner, a contributor or a viewer as it does today: forbidden, for the list, the export and the verification', async () => {
    for (const url of ['/api/audit', '/api/audit/export.csv', '/api/audit/verification']) {
      for (const who of ['planner', 'isr']) {
        const res = await get(url, who);
        expect(res.statusCode, `${who} ${url}`).toBe(403);
        expect(res.json()).toMatchObject({ code: 'access.only_officers_audit' });
      }
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401);
    }
  });

  it('exports the filtered log as CSV marked top and bottom, and audits the export', async () => {
    tick();
    const query = `user=${world.marPlanner.username}&action=activity`;
    const expected = await all(query, 500);
    const before = await list('action=audit.export&limit=500');
    const res = await get(`/api/audit/export.csv?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"/);
    const rows = Papa.parse<string[]>(res.body.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    // The highest marking of what the file holds: a SECRET//INDUS activity is in it.
    const marking = 'SECRET//INDUS//REL ISR, MAR';
    expect(res.headers['x-document-marking']).toBe(marking);
    expect(rows[0]).toEqual([marking]);
    expect(rows.at(-1)).toEqual([marking]);
    expect(rows[1]?.slice(0, 3)).toEqual(['seq', 'marking', 'at']);
    const body = rows.slice(2, -1);
    expect(body.map((r) => Number(r[0]))).toEqual(expected.map((e) => e.seq));
    expect(body.every((r) => /^\((UNCLASSIFIED|SECRET)/.test(r[1] ?? ''))).toBe(true);

    const after = await list('action=audit.export&limit=500');
    expect(after.items.length).toBe(before.items.length + 1);
    const entry = after.items[0];
    expect(entry).toMatchObject({
      action: 'audit.export',
      entityType: 'audit_log',
      actorUsername: officerUsername,
      ownerParty: 'MAR',
      classification: 'SECRET',
      compartments: ['INDUS'],
      detail: { format: 'csv', entries: expected.length, filter: { user: world.marPlanner.username, action: 'activity' } },
    });
    // An officer not cleared for what was exported does not see that it was.
    const low = await list('action=audit.export&limit=500', 'lowOfficer');
    expect(low.items.some((e) => e.seq === entry?.seq)).toBe(false);
    // A refused export leaves no trace.
    const refused = await get('/api/audit/export.csv?from=2026-03-02&to=2026-03-01');
    expect(refused.statusCode).toBe(400);
    expect((await list('action=audit.export&limit=500')).items.length).toBe(after.items.length);
  });

  it('verifies the chain from the API, and names the first broken link once an entry is edited', async () => {
    const ok = (await get('/api/audit/verification')).json() as AuditVerification;
    expect(ok).toMatchObject({ ok: true, signed: true, firstBroken: null, checkpointProblems: [] });
    expect(ok.count).toBeGreaterThan(20);
    const victim = 7;
    const row = await t.db.selectFrom('audit_entry').select('detail').where('seq', '=', victim).executeTakeFirstOrThrow();
    await t.db.updateTable('audit_entry').set({ detail: '{"edited":true}' }).where('seq', '=', victim).execute();
    try {
      // An entry edited before the checkpoint verified last is found by a full verification.
      const broken = (await get('/api/audit/verification?full=true')).json() as AuditVerification;
      expect(broken).toMatchObject({ ok: false, count: null, firstBroken: { seq: victim } });
      expect(broken.firstBroken?.problem).toMatch(/edited/);
    } finally {
      await t.db.updateTable('audit_entry').set({ detail: row.detail }).where('seq', '=', victim).execute();
    }
    expect(((await get('/api/audit/verification')).json() as AuditVerification).ok).toBe(true);
  });
});
