import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../src/app/audit.js';
import { buildServer } from '../src/server/app.js';
import { inTransaction } from '../src/store/tx.js';
import { databases } from './support/databases.js';
import { sessionCookies } from './support/fixtures.js';
import { closeSignedAuditWorld, openSignedAuditWorld, type SignedAuditWorld } from './support/signed-audit.js';

/** Cells a spreadsheet program would run as formulae, as a record id of an audit entry may hold them. */
const FORMULAE = ['=HYPERLINK("http://example.org","x")', '+1+2', '-3+4', '@SUM(A1)'];

/**
 * The audit export and verification against hostile or repeated asking, on each database: a cell that
 * starts like a formula is written with a leading quote, and a second verification asked while one runs
 * is refused (409) and the one running still answers.
 */
describe.each(databases())('the audit export and verification on %s', (kind) => {
  let s: SignedAuditWorld;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let cookies: Record<string, string>;

  const get = (url: string, who = 'officer') => app.inject({ method: 'GET', url, headers: { cookie: cookies[who] ?? '' } });

  beforeAll(async () => {
    s = await openSignedAuditWorld(kind, 'jointplan-audit-guard-', () => new Date('2026-03-01T08:00:00.000Z'));
    const { ctx, world, officer } = s;
    const codec = await ctx.codec();
    await inTransaction(ctx.db, (trx) =>
      audit(
        trx,
        world.marPlanner,
        '2026-03-01T09:00:00.000Z',
        FORMULAE.map((entityId) => ({
          action: 'test.formula',
          entityType: 'activity',
          entityId,
          label: codec.encode({ ownerParty: 'MAR', classification: 'UNCLASSIFIED', releasableTo: [], compartments: [] }),
          detail: {},
        })),
      ),
    );
    app = await buildServer(ctx, { webRoot: false });
    cookies = await sessionCookies(app, { officer, planner: world.marPlanner });
  });
  afterAll(() => closeSignedAuditWorld(s, app));

  it('writes a cell that starts like a formula with a leading quote, every other cell as it is', async () => {
    const res = await get('/api/audit/export.csv?action=test.formula');
    expect(res.statusCode, res.body).toBe(200);
    const rows = Papa.parse<string[]>(res.body.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    const header = rows[1] ?? [];
    const body = rows.slice(2, -1);
    const entityId = header.indexOf('entityId');
    expect(body.map((r) => r[entityId]).sort()).toEqual(FORMULAE.map((f) => `'${f}`).sort());
    // The other cells are untouched: the action and the record kind as written.
    expect(body.every((r) => r[header.indexOf('action')] === 'test.formula')).toBe(true);
    expect(body.every((r) => r[header.indexOf('entityType')] === 'activity')).toBe(true);
  });

  it('refuses a second verification while one runs, and verifies again once it is done', async () => {
    const answers = await Promise.all([1, 2, 3, 4].map(() => get('/api/audit/verification')));
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses).toContain(200);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    const refused = answers.filter((a) => a.statusCode === 409);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect(r.json().code).toBe('audit.verification_running');
    expect(answers.find((a) => a.statusCode === 200)?.json()).toMatchObject({ ok: true });
    // Done: the next one runs.
    expect((await get('/api/audit/verification')).statusCode).toBe(200);
    // Anyone else is refused as before, whether or not one runs: nothing tells them one does.
    const [mine, theirs] = await Promise.all([get('/api/audit/verification'), get('/api/audit/verification', 'planner')]);
    expect(mine.statusCode).toBe(200);
    expect(theirs.statusCode).toBe(403);
  });
});
