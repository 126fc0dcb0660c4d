import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, transitionActivityStatus } from '../src/app/activity.usecases.js';
import type { Actor } from '../src/app/context.js';
import { exportPlan } from '../src/app/exchange.usecases.js';
import { addFollowUp } from '../src/app/follow-up.usecases.js';
import { createPlan, getPlan, transitionPlanStatus } from '../src/app/plan.usecases.js';
import { createAmendment, planDiff } from '../src/app/revision.usecases.js';
import { createSource } from '../src/app/source.usecases.js';
import { planWorkbook } from '../src/documents/plan-workbook.js';
import type { ExchangeFile } from '../src/domain/exchange.schema.js';
import { newId } from '../src/domain/ids.js';
import { buildServer } from '../src/server/app.js';
import { XLSX } from '../src/server/routes/workbook.routes.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, seedWorld, sessionCookie, yearPlanInput } from './support/fixtures.js';
import { prng } from './support/labelled-world.js';

const run = promisify(execFile);

/** The three doors a file comes in by. */
const PATHS = ['json', 'xlsx', 'cli'] as const;
type Via = (typeof PATHS)[number];

/** What an import answered, whatever its door. */
interface Answer {
  ok: boolean;
  planId: string | null;
  text: string;
}

describe.each(databases())('imports follow the rules of the API on %s', (kind) => {
  let t: TestDatabase;
  let w: Awaited<ReturnType<typeof seedWorld>>;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let dir: string;
  const cookies = new Map<string, string>();

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    w = await seedWorld(t.ctx);
    app = await buildServer(t.ctx, { webRoot: false });
    dir = mkdtempSync(join(tmpdir(), 'jointplan-import-rules-'));
    for (const u of [w.marPlanner, w.isrPlanner]) cookies.set(u.username, await sessionCookie(app, u.username));
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function importVia(via: Via, actor: Actor, file: ExchangeFile, dryRun = false): Promise<Answer> {
    if (via === 'cli') {
      const path = join(dir, `${newId()}.json`);
      writeFileSync(path, JSON.stringify(file));
      const args = ['bin/jointplan.js', 'import', path, '--as', actor.username, '--db', t.url, ...(dryRun ? ['--dry-run'] : [])];
      try {
        const { stdout } = await run(process.execPath, args, { env: { ...process.env } });
        return { ok: true, planId: /Plan (\S+) (created|updated|unchanged)/.exec(stdout)?.[1] ?? null, text: stdout };
      } catch (err) {
        const e = err as { code: number; stderr: string };
        expect(e.code, e.stderr).toBe(2);
        return { ok: false, planId: null, text: e.stderr };
      }
    }
    const res = await app.inject({
      method: 'POST',
      url: `/api/plans/${via === 'json' ? 'import' : 'import.xlsx'}${dryRun ? '?dryRun=true' : ''}`,
      headers: {
        cookie: cookies.get(actor.username) ?? '',
        'content-type': via === 'json' ? 'application/json' : XLSX,
      },
      payload: via === 'json' ? JSON.stringify(file) : await planWorkbook(file),
    });
    expect(res.statusCode, res.body).toBeLessThan(500);
    const body = res.json();
    return { ok: res.statusCode < 300, planId: body.planId ?? null, text: res.body };
  }

  /** A plan of MAR with one activity, brought to `status` the way its users would. */
  async function planIn(status: 'draft' | 'proposed' | 'in_execution') {
    const mar = w.marPlanner;
    const plan = await createPlan(
      t.ctx,
      mar,
      yearPlanInput(w.commission.id, 2026, { title: { en: 'Plan under import' }, releasableTo: ['ISR'] }),
    );
    const activity = await createActivity(t.ctx, mar, plan.id, activityInput('R-01'));
    if (status !== 'draft') await transitionPlanStatus(t.ctx, mar, plan.id, { to: 'proposed' });
    if (status === 'in_execution') {
      await transitionPlanStatus(t.ctx, mar, plan.id, { to: 'approved' });
      await transitionPlanStatus(t.ctx, w.isrPlanner, plan.id, { to: 'approved' });
      await transitionPlanStatus(t.ctx, mar, plan.id, { to: 'in_execution' });
    }
    const file = (await exportPlan(t.ctx, mar, plan.id)) as ExchangeFile;
    return { plan, activity, file: JSON.parse(JSON.stringify(file)) as ExchangeFile };
  }

  const titleOf = async (activityId: string) =>
    JSON.parse(
      (await t.db.selectFrom('activity').select('title').where('id', '=', activityId).executeTakeFirstOrThrow()).title,
    ) as Record<string, string>;

  /** Every row of every table a write touches: a dry run or a refusal leaves them all as they were. */
  const snapshot = async () => {
    const tables = ['work_plan', 'activity', 'follow_up', 'source', 'audit_entry', 'activity_event', 'plan_approval'] as const;
    const out: Record<string, number> = {};
    for (const table of tables)
      out[table] = Number(
        (
          await t.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    out.versions = Number(
      (
        await t.db
          .selectFrom('activity')
          .select((eb) => eb.fn.sum('version').as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    return out;
  };

  const newActivity = (refCode: string, over: Partial<ExchangeFile['activities'][number]> = {}) =>
    ({
      ...activityInput(refCode),
      status: 'proposed',
      actualStart: null,
      actualEnd: null,
      postponements: 0,
      followUps: [],
      ...over,
    }) as ExchangeFile['activities'][number];

  it.each(PATHS)(
    'changes an in-execution plan only through an open amendment, which then shows the change (%s)',
    { timeout: 60_000 },
    async (via) => {
      const { plan, activity, file } = await planIn('in_execution');
      const a = file.activities[0];
      if (!a) throw new Error('fixture');
      a.title = { ...a.title, en: 'Changed by a file' };
      const before = await snapshot();
      const refused = await importVia(via, w.marPlanner, file);
      expect(refused.ok).toBe(false);
      expect(refused.text).toContain('amendment');
      expect(await snapshot()).toEqual(before);
      expect((await titleOf(activity.id)).en).not.toBe('Changed by a file');

      await createAmendment(t.ctx, w.marPlanner, plan.id, 'Rename an activity');
      const accepted = await importVia(via, w.marPlanner, file);
      expect(accepted.ok, accepted.text).toBe(true);
      expect((await titleOf(activity.id)).en).toBe('Changed by a file');
      const diff = await planDiff(t.ctx, w.marPlanner, plan.id, 0, 'current');
      expect(JSON.stringify(diff)).toContain('Changed by a file');
      expect((await getPlan(t.ctx, w.marPlanner, plan.id)).status).toBe('in_execution');
    },
  );

  it.each(PATHS)(
    'brings a new activity to reported only by recorded moves, at the server time, and refuses an outcome in the future (%s)',
    { timeout: 60_000 },
    async (via) => {
      const { plan, file } = await planIn('draft');
      const startedAt = new Date().toISOString();
      const future = JSON.parse(JSON.stringify(file)) as ExchangeFile;
      future.activities.push(newActivity('R-02', { status: 'reported', actualStart: '2099-01-01', actualEnd: '2099-01-02' }));
      const before = await snapshot();
      expect((await importVia(via, w.marPlanner, future)).ok).toBe(false);
      expect(await snapshot()).toEqual(before);

      file.activities.push(newActivity('R-02', { status: 'reported', actualStart: '2026-03-10', actualEnd: '2026-03-12' }));
      const answer = await importVia(via, w.marPlanner, file);
      expect(answer.ok, answer.text).toBe(true);
      const row = await t.db
        .selectFrom('activity')
        .selectAll()
        .where('plan_id', '=', plan.id)
        .where('ref_code', '=', 'R-02')
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'reported', actual_start: '2026-03-10', actual_end: '2026-03-12' });
      const moves = await t.db
        .selectFrom('follow_up')
        .selectAll()
        .where('activity_id', '=', row.id)
        .where('kind', '=', 'status_change')
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      expect(moves.map((m) => `${m.from_status}→${m.to_status}`)).toEqual([
        'proposed→planned',
        'planned→scheduled',
        'scheduled→conducted',
        'conducted→reported',
      ]);
      for (const m of moves) {
        expect(m.author_id).toBe(w.marPlanner.userId);
        expect(m.created_at >= startedAt).toBe(true);
      }
      const events = await t.db.selectFrom('activity_event').select(['status', 'at']).where('activity_id', '=', row.id).execute();
      expect(events.map((e) => e.status)).toContain('proposed');
      for (const e of events) expect(String(e.at) >= startedAt.slice(0, 10)).toBe(true);
    },
  );

  // A workbook carries no follow-up entries, so this rule has two doors.
  it.each(['json', 'cli'] as const)(
    'writes a follow-up of a file at the server time, never at the date the file gives (%s)',
    { timeout: 60_000 },
    async (via) => {
      const { activity, file } = await planIn('draft');
      const startedAt = new Date().toISOString();
      file.activities[0]?.followUps.push({
        id: newId(),
        kind: 'report',
        body: 'Written long ago, says the file',
        language: 'en',
        fromStatus: null,
        toStatus: null,
        createdAt: '2020-01-01T00:00:00.000Z',
        classification: 'UNCLASSIFIED',
        releasableTo: ['ISR'],
        compartments: [],
      });
      const answer = await importVia(via, w.marPlanner, file);
      expect(answer.ok, answer.text).toBe(true);
      const entries = () =>
        t.db
          .selectFrom('follow_up')
          .selectAll()
          .where('activity_id', '=', activity.id)
          .where('body', '=', 'Written long ago, says the file')
          .execute();
      const [entry, ...others] = await entries();
      expect(others).toEqual([]);
      if (!entry) throw new Error('the follow-up of the file is not there');
      expect(entry.created_at >= startedAt).toBe(true);
      expect(entry.author_id).toBe(w.marPlanner.userId);
      // The same file again finds the entry by its content and adds nothing.
      expect((await importVia(via, w.marPlanner, file)).ok).toBe(true);
      expect(await entries()).toHaveLength(1);
    },
  );

  it.each(PATHS)(
    "withdraws the partner's approval when a proposed plan changes, so the owner's approval alone never adopts it (%s)",
    { timeout: 60_000 },
    async (via) => {
      const { plan, file } = await planIn('proposed');
      await transitionPlanStatus(t.ctx, w.isrPlanner, plan.id, { to: 'approved' });
      const a = file.activities[0];
      if (!a) throw new Error('fixture');
      a.title = { ...a.title, en: 'Content the partner never saw' };
      const answer = await importVia(via, w.marPlanner, file);
      expect(answer.ok, answer.text).toBe(true);
      const after = await transitionPlanStatus(t.ctx, w.marPlanner, plan.id, { to: 'approved' });
      expect(after.status).toBe('proposed');
      expect(after.approvals.map((x) => x.party)).toEqual(['MAR']);
      if (via !== 'cli') expect(JSON.parse(answer.text).approvalsWithdrawn).toEqual(['ISR']);
      else expect(answer.text).toContain('approvals withdrawn: ISR');
    },
  );

  it.each(PATHS)('answers the changes of a dry run row by row and writes nothing (%s)', { timeout: 60_000 }, async (via) => {
    const { plan, file } = await planIn('draft');
    const a = file.activities[0];
    if (!a) throw new Error('fixture');
    a.title = { ...a.title, en: 'Renamed in the dry run' };
    file.activities.push(newActivity('R-03', { status: 'conducted', actualStart: '2026-03-10', actualEnd: '2026-03-10' }));
    const before = await snapshot();
    const answer = await importVia(via, w.marPlanner, file, true);
    expect(answer.ok, answer.text).toBe(true);
    expect(await snapshot()).toEqual(before);
    expect(answer.text).toContain('Renamed in the dry run');
    if (via === 'cli') {
      expect(answer.text).toContain('Dry run, nothing written');
      expect(answer.text).toContain('scheduled → conducted');
      return;
    }
    const result = JSON.parse(answer.text);
    expect(result.dryRun).toBe(true);
    expect(result.planId).toBe(plan.id);
    const changes = result.changes as { path: string; action: string; fields?: { field: string }[]; to?: string }[];
    expect(changes.find((c) => c.action === 'update')?.fields?.map((f) => f.field)).toEqual(['title']);
    expect(changes.filter((c) => c.path === 'activities[1]').map((c) => c.to ?? c.action)).toEqual([
      'create',
      'planned',
      'scheduled',
      'conducted',
    ]);
  });

  it.each(PATHS)(
    'answers the same whether a file names ids of hidden records or unused ids, over generated cases (%s)',
    { timeout: 120_000 },
    async (via) => {
      // Records the ISR planner (SECRET, no compartment) may not read: too high, not released, or compartmented.
      const mar = w.marPlanner;
      const hidden: { plan: string; activity: string; followUp: string; source: string }[] = [];
      const labels = [
        { classification: 'TOP_SECRET', releasableTo: ['ISR'], compartments: [] },
        { classification: 'UNCLASSIFIED', releasableTo: [], compartments: [] },
        { classification: 'CONFIDENTIAL', releasableTo: ['ISR'], compartments: ['INTEL'] },
      ] as const;
      for (const label of labels) {
        const plan = await createPlan(t.ctx, mar, {
          commissionId: w.commission.id,
          sessionId: null,
          title: { en: 'Hidden plan' },
          periodStart: '2026-01-01',
          periodEnd: '2026-12-31',
          sourceId: null,
          classification: label.classification,
          releasableTo: [...label.releasableTo],
          compartments: [...label.compartments],
        });
        const activity = await createActivity(t.ctx, mar, plan.id, activityInput('H-01', { ...label }));
        await transitionActivityStatus(t.ctx, mar, activity.id, { to: 'planned' });
        const note = await addFollowUp(t.ctx, mar, activity.id, { kind: 'note', body: 'Hidden note', language: 'en' });
        const source = await createSource(t.ctx, mar, {
          kind: 'document',
          title: 'Hidden source',
          publisher: null,
          url: null,
          publishedOn: null,
          excerpt: null,
          classification: label.classification,
          releasableTo: [...label.releasableTo],
          compartments: [...label.compartments],
        });
        hidden.push({ plan: plan.id, activity: activity.id, followUp: note.id, source: source.id });
      }
      const random = prng(via.length * 7919 + (kind === 'sqlite' ? 1 : 2));
      const answers: string[] = [];
      for (let round = 0; round < 6; round++) {
        const useHidden = round % 2 === 0;
        const h = random.pick(hidden);
        const ids = useHidden ? h : { plan: newId(), activity: newId(), followUp: newId(), source: newId() };
        const file: ExchangeFile = {
          format: 'jointplan.work-plan',
          version: 1,
          plan: {
            id: ids.plan,
            commissionId: w.commission.id,
            sessionId: null,
            title: { en: `Plan of round ${Math.floor(round / 2)}` },
            periodStart: '2026-01-01',
            periodEnd: '2026-12-31',
            status: 'draft',
            sourceId: null,
            classification: 'UNCLASSIFIED',
            releasableTo: ['MAR'],
            compartments: [],
          },
          activities: [
            newActivity(`G-${Math.floor(round / 2)}`, {
              id: ids.activity,
              leadParty: 'ISR',
              participatingParties: ['MAR'],
              releasableTo: ['MAR'],
              followUps:
                via === 'xlsx'
                  ? []
                  : [
                      {
                        id: ids.followUp,
                        kind: 'note',
                        body: 'A note of the file',
                        language: 'en',
                        fromStatus: null,
                        toStatus: null,
                        createdAt: '2026-02-01T00:00:00.000Z',
                        classification: 'UNCLASSIFIED',
                        releasableTo: ['MAR'],
                        compartments: [],
                      },
                    ],
            }),
          ],
          sources:
            via === 'xlsx'
              ? []
              : [
                  {
                    id: ids.source,
                    kind: 'document',
                    title: 'A source of the file',
                    publisher: null,
                    url: null,
                    publishedOn: null,
                    excerpt: null,
                    classification: 'UNCLASSIFIED',
                    releasableTo: ['MAR'],
                    compartments: [],
                  },
                ],
        };
        if (via !== 'xlsx') file.plan.sourceId = ids.source;
        const answer = await importVia(via, w.isrPlanner, file);
        expect(answer.ok, answer.text).toBe(true);
        // No record of the file keeps a given id: an id is never kept when free and dropped when hidden.
        const planId = answer.planId ?? '';
        expect(planId).not.toBe(ids.plan);
        const activities = await t.db.selectFrom('activity').select('id').where('plan_id', '=', planId).execute();
        expect(activities.map((x) => x.id)).not.toContain(ids.activity);
        const notes = await t.db
          .selectFrom('follow_up')
          .select('id')
          .where(
            'activity_id',
            'in',
            activities.map((x) => x.id),
          )
          .execute();
        expect(notes.map((x) => x.id)).not.toContain(ids.followUp);
        const cited = await t.db.selectFrom('work_plan').select('source_id').where('id', '=', planId).executeTakeFirstOrThrow();
        expect(cited.source_id).not.toBe(ids.source);
        if (via !== 'xlsx') expect(cited.source_id).not.toBeNull();
        // Answers are equal but for the ids and times this installation gave.
        answers.push(
          answer.text
            .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'ID')
            .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'AT'),
        );
      }
      for (let round = 0; round < answers.length; round += 2) expect(answers[round]).toBe(answers[round + 1]);
    },
  );
});
