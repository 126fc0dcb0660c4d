import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity } from '../src/app/activity.usecases.js';
import { buildServer } from '../src/server/app.js';
import { XLSX } from '../src/server/routes/workbook.routes.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, makeActor, seedWorld, sessionCookies } from './support/fixtures.js';

describe.each(databases())('plan workbooks on %s', (kind) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let w: Awaited<ReturnType<typeof seedWorld>>;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    w = await seedWorld(t.ctx);
    const viewer = await makeActor(t.ctx, 'ISR', ['viewer'], 'SECRET');
    for (let i = 1; i <= 12; i++)
      await createActivity(
        t.ctx,
        w.marPlanner,
        w.plan.id,
        activityInput(`2026-XL-${String(i).padStart(2, '0')}`, {
          title: { fr: `Réunion technique ${i}`, ar: `اجتماع تقني ${i}` },
          releasableTo: i % 4 === 0 ? [] : ['ISR'],
          plannedPeriod: { start: '2026-04-01', end: '2026-06-30', precision: 'quarter' },
        }),
      );
    app = await buildServer(t.ctx, { webRoot: false });
    Object.assign(cookies, await sessionCookies(app, { MAR: w.marPlanner, ISRV: viewer }));
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const download = async (who: string) => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/plans/${w.plan.id}/export.xlsx`,
      headers: { cookie: cookies[who] ?? '' },
    });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    return { wb, bytes: res.rawPayload };
  };
  const upload = (body: Buffer) =>
    app.inject({
      method: 'POST',
      url: '/api/plans/import.xlsx',
      headers: { cookie: cookies.MAR ?? '', 'content-type': XLSX },
      payload: body,
    });
  const rows = (wb: ExcelJS.Workbook) => {
    const sheet = wb.getWorksheet('Activities');
    if (!sheet) throw new Error('no Activities sheet');
    const header = sheet.getRow(1).values as string[];
    const out: Record<string, unknown>[] = [];
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const record: Record<string, unknown> = {};
      header.forEach((h, i) => {
        record[h] = row.getCell(i).value;
      });
      out.push(record);
    });
    return out;
  };

  it('exports the plan as the template, read back cell by cell', async () => {
    const { wb } = await download('MAR');
    const all = rows(wb);
    expect(all).toHaveLength(12);
    expect(all[0]).toMatchObject({
      refCode: '2026-XL-01',
      title_fr: 'Réunion technique 1',
      title_ar: 'اجتماع تقني 1',
      precision: 'quarter',
      plannedStart: '2026-04-01',
      priority: 2,
      status: 'proposed',
    });
    const { wb: theirs } = await download('ISRV');
    expect(rows(theirs).map((r) => r.refCode)).not.toContain('2026-XL-04');
  });

  it('re-imports its own export without changing anything', async () => {
    const before = await t.db.selectFrom('activity').select(['ref_code', 'version']).orderBy('ref_code').execute();
    const { bytes } = await download('MAR');
    const res = await upload(bytes);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      planCreated: false,
      created: { activities: 0 },
      updated: { activities: 0 },
      unchanged: { activities: 12 },
    });
    expect(await t.db.selectFrom('activity').select(['ref_code', 'version']).orderBy('ref_code').execute()).toEqual(before);
  });

  it('imports edits and new rows, and refuses a bad cell naming its row and column, writing nothing', async () => {
    const { wb } = await download('MAR');
    const sheet = wb.getWorksheet('Activities');
    if (!sheet) throw new Error('no Activities sheet');
    const header = sheet.getRow(1).values as string[];
    const col = (name: string) => header.indexOf(name);
    sheet.getRow(3).getCell(col('priority')).value = 1;
    const added = sheet.getRow(14);
    for (const [k, v] of Object.entries({
      refCode: '2026-XL-99',
      title_fr: 'Séminaire ajouté',
      type: 'seminar',
      domain: 'doctrine',
      leadParty: 'MAR',
      plannedStart: '2026-09-01',
      plannedEnd: '2026-09-30',
      precision: 'month',
      status: 'proposed',
      releasableTo: 'ISR',
    }))
      added.getCell(col(k)).value = v;
    sheet.getRow(9).getCell(col('plannedEnd')).value = '2026-02-30';
    const bad = await upload(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ sheet: 'Activities', row: 9, column: 'plannedEnd' })]);
    expect(await t.db.selectFrom('activity').select('id').where('ref_code', '=', '2026-XL-99').execute()).toEqual([]);

    sheet.getRow(9).getCell(col('plannedEnd')).value = '2026-06-30';
    const good = await upload(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json()).toMatchObject({ created: { activities: 1 }, updated: { activities: 1 } });
  });

  it('refuses what is not a workbook of the template', async () => {
    const res = await upload(Buffer.from('not a workbook'));
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    const empty = new ExcelJS.Workbook();
    empty.addWorksheet('Sheet1');
    expect((await upload(Buffer.from(await empty.xlsx.writeBuffer()))).json().detail).toMatch(/Plan.*Activities/);
  });
});
