// npm run bench [-- --activities N --programmes N --db sqlite|postgres|both --seed S --duration SECONDS --evaluation-runs N
//                   --only offsets|exchange]
// Times the recomputation of a comparative evaluation at its target size, then generates a data set per
// database (with its procurement programmes), measures the API against the raw SQL and a minimal
// route, and one server process against one per core, and writes docs/benchmarks.md (and the
// raw figures to docs/benchmarks.json).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { subDays } from 'date-fns';
import { sql as rawSql } from 'kysely';
import { actorForToken } from '../src/app/auth.usecases.js';
import { GENERATED_AS_OF, generate } from '../src/demo/generate.js';
import type { ActivityListQuery } from '../src/domain/activity.schema.js';
import { listActivitiesQuery } from '../src/store/activity.repo.js';
import { kpiGroupsQuery } from '../src/store/kpi.repo.js';
import { type BenchKind, freshDatabase } from './database.js';
import { benchEvaluation, type EvaluationBenchResult } from './evaluation.js';
import { runExchangeBench } from './exchange.js';
import { load } from './load.js';
import { busyCoresWhileIdle, load1, machine } from './machine.js';
import { runOffsetBench } from './offsets.js';
import { type Child, freePort, startChild } from './processes.js';
import { measureProgrammeList, PROGRAMMES, seedProgrammes } from './programmes.js';
import { openRaw, timeRaw } from './raw.js';
import { type EndpointResult, type RunResult, renderReport } from './report.js';
import { CURVE_AS_OF, curveAndDiff, reportPdf } from './review.js';
import { compareWorkers, workersRatio } from './workers.js';

const REPORT = 'docs/benchmarks.md';
const FIGURES = 'docs/benchmarks.json';
const FINDINGS = 'bench/findings.md';

const LIST_QUERY: ActivityListQuery = { domain: 'planning', status: 'planned', sort: 'refCode', limit: 50 };
const STALE_AFTER_DAYS = 30;

function options() {
  const { values } = parseArgs({
    options: {
      activities: { type: 'string', default: '100000' },
      programmes: { type: 'string', default: String(PROGRAMMES) },
      'evaluation-runs': { type: 'string', default: '5' },
      db: { type: 'string', default: 'both' },
      seed: { type: 'string', default: '1' },
      duration: { type: 'string', default: '10' },
      // Only the offset ledger and trace at 1,000 programmes (bench/offsets.ts), or only the exchange's export
      // and import (bench/exchange.ts), each on a data set of its own.
      only: { type: 'string' },
    },
  });
  const activities = Number(values.activities);
  const programmes = Number(values.programmes);
  const evaluationRuns = Number(values['evaluation-runs']);
  if (!Number.isInteger(programmes) || programmes < 200) throw new Error('--programmes must be a whole number of at least 200');
  if (!Number.isInteger(evaluationRuns) || evaluationRuns < 1) throw new Error('--evaluation-runs must be a whole number');
  const duration = Number(values.duration);
  if (!Number.isInteger(activities) || activities < 5000) throw new Error('--activities must be a whole number of at least 5000');
  if (!Number.isInteger(duration) || duration < 1) throw new Error('--duration must be a whole number of seconds');
  if (!['sqlite', 'postgres', 'both'].includes(values.db)) throw new Error('--db must be sqlite, postgres or both');
  const kinds: BenchKind[] = values.db === 'both' ? ['sqlite', 'postgres'] : [values.db as BenchKind];
  if (values.only !== undefined && values.only !== 'offsets' && values.only !== 'exchange')
    throw new Error('--only takes offsets or exchange');
  return { activities, programmes, evaluationRuns, kinds, seed: Number(values.seed), duration, only: values.only };
}

const log = (msg: string) => console.error(`[bench] ${msg}`);

async function benchDatabase(kind: BenchKind, opts: ReturnType<typeof options>): Promise<RunResult> {
  const started = Date.now();
  const bdb = await freshDatabase(kind);
  const children: Child[] = [];
  try {
    log(`${kind}: generating ${opts.activities} activities (seed ${opts.seed})`);
    const t0 = Date.now();
    let shown = 0;
    const summary = await generate(bdb.ctx, {
      activities: opts.activities,
      seed: opts.seed,
      onProgress: (done, total) => {
        if (done === total || done - shown >= total / 10) {
          shown = done;
          log(`${kind}: ${done}/${total} activities`);
        }
      },
    });
    const generateSeconds = (Date.now() - t0) / 1000;
    log(`${kind}: ${opts.programmes} procurement programmes`);
    const t1 = Date.now();
    await seedProgrammes(bdb.ctx, opts.programmes, opts.seed);
    const programmeSeconds = (Date.now() - t1) / 1000;
    // Write the generated data out now, so that a checkpoint does not flush it in the middle of the measurements.
    if (kind === 'postgres')
      await rawSql`checkpoint`.execute(bdb.db).catch((err: Error) => log(`postgres: no checkpoint (${err.message})`));
    const viewer = summary.partnerViewer;
    const actor = await actorForToken(bdb.ctx, viewer.token);
    if (!actor) throw new Error('the generated token does not sign in');
    const reader = (await bdb.ctx.codec()).reader(actor);
    const staleBefore = subDays(new Date(`${GENERATED_AS_OF}T00:00:00Z`), STALE_AFTER_DAYS).toISOString();
    const sql = {
      list: listActivitiesQuery(bdb.db, reader, viewer.planId, LIST_QUERY).compile(),
      kpi: kpiGroupsQuery(bdb.db, reader, viewer.planId, GENERATED_AS_OF, staleBefore).compile(),
    };

    log(`${kind}: raw SQL through the driver, and query plans`);
    const raw = openRaw(kind, bdb.url);
    const databaseVersion = await raw.version();
    const explain = { list: await raw.explain(sql.list), kpi: await raw.explain(sql.kpi) };
    const rawTimes = { list: await timeRaw(raw, sql.list, 2000), kpi: await timeRaw(raw, sql.kpi, 200) };
    await raw.close();

    const serverPort = await freePort();
    const server = await startChild(
      // The daily digest is a job of its own, once a day: on a freshly generated database it would write
      // the first digest of every user while the requests are measured. One worker: the minimal route is one process too.
      ['bin/jointplan.js', 'serve', '--db', bdb.url, '--port', String(serverPort), '--workers', '1', '--no-demo', '--no-jobs'],
      { LOG_LEVEL: 'silent' },
      serverPort,
      '/api/health',
    );
    children.push(server);
    const serverStartRssMiB = server.rssMiB();
    const minimalPort = await freePort();
    const minimal = await startChild(
      ['--import', 'tsx', 'bench/minimal-route.ts'],
      {
        BENCH_KIND: kind,
        BENCH_DB_URL: bdb.url,
        BENCH_QUERIES: JSON.stringify({
          list: { sql: sql.list.sql, parameters: sql.list.parameters },
          kpi: { sql: sql.kpi.sql, parameters: sql.kpi.parameters },
        }),
      },
      minimalPort,
      '/list',
    );
    children.push(minimal);

    const headers = { authorization: `Bearer ${viewer.token}` };
    const listPath = `/api/plans/${viewer.planId}/activities?domain=${LIST_QUERY.domain}&status=${LIST_QUERY.status}&limit=${LIST_QUERY.limit}`;
    const urls = {
      list: `${server.base}${listPath}`,
      kpi: `${server.base}/api/plans/${viewer.planId}/kpis?asOf=${GENERATED_AS_OF}&staleAfterDays=${STALE_AFTER_DAYS}`,
    };
    await checkAnswers(urls.list, urls.kpi, headers, `${minimal.base}/list`);

    const busyCoresBefore = await busyCoresWhileIdle();
    const loads: number[] = [];
    const measure = async (url: string, h: Record<string, string>) => {
      await load(url, h, 1, 2);
      loads.push(load1());
      const c1 = await load(url, h, 1, opts.duration);
      const c10 = await load(url, h, 10, opts.duration);
      loads.push(load1());
      return { c1, c10 };
    };
    const endpoint = async (name: 'list' | 'kpi'): Promise<EndpointResult> => {
      log(`${kind}: ${name} through the API, then the minimal route`);
      const api = await measure(urls[name], headers);
      const min = await measure(`${minimal.base}/${name}`, {});
      return { api, minimal: min, raw: rawTimes[name], sql: sql[name].sql, explain: explain[name] };
    };
    const list = await endpoint('list');
    const kpi = await endpoint('kpi');
    log(`${kind}: list at 10 connections from one worker, then from one worker per core`);
    loads.push(load1());
    const workers = await compareWorkers(server, bdb.url, listPath, headers, opts.duration);
    loads.push(load1());
    log(`${kind}: planned-versus-actual curve as of ${CURVE_AS_OF}, and the diff from the baseline`);
    const { curve, diff } = await curveAndDiff(server.base, viewer.planId, headers, opts.duration);
    log(`${kind}: the programme list at ${opts.programmes} programmes, first page and one in the middle`);
    const programmeList = {
      programmes: opts.programmes,
      seedSeconds: programmeSeconds,
      ...(await measureProgrammeList(kind, bdb.ctx, bdb.url, server.base, viewer.token, opts.duration)),
    };
    const serverPeakRssMiB = server.peakRssMiB();
    const minimalPeakRssMiB = minimal.peakRssMiB();
    for (const c of children.splice(0)) await c.stop();
    const busyCoresAfter = await busyCoresWhileIdle();
    const reportDocument = await reportPdf(kind, opts.seed, log);

    return {
      activities: opts.activities,
      kind,
      databaseVersion,
      machine: machine(),
      data: {
        plans: summary.plans,
        activities: summary.activities,
        followUps: summary.followUps,
        auditEntries: summary.auditEntries,
        generateSeconds,
      },
      noise: { busyCoresBefore, busyCoresAfter, load1: loads },
      serverPeakRssMiB,
      serverStartRssMiB,
      minimalPeakRssMiB,
      seconds: (Date.now() - started) / 1000,
      list,
      kpi,
      workers,
      review: { curve, diff, reportPdf: reportDocument },
      programmeList,
    };
  } finally {
    for (const c of children) await c.stop();
    await bdb.drop();
  }
}

/** The figures mean something only if the answers are right: a full page the reader may read, and KPIs. */
async function checkAnswers(listUrl: string, kpiUrl: string, headers: Record<string, string>, minimalList: string) {
  const list = await fetch(listUrl, { headers });
  if (!list.ok) throw new Error(`list answered ${list.status}: ${await list.text()}`);
  const page = (await list.json()) as { items: unknown[] };
  if (page.items.length !== LIST_QUERY.limit) throw new Error(`list gave ${page.items.length} rows, not a full page`);
  const kpi = await fetch(kpiUrl, { headers });
  if (!kpi.ok) throw new Error(`KPIs answered ${kpi.status}: ${await kpi.text()}`);
  const rows = (await (await fetch(minimalList)).json()) as unknown[];
  if (rows.length !== LIST_QUERY.limit + 1) throw new Error(`the minimal route gave ${rows.length} rows`);
}

function kept(): { runs: RunResult[]; evaluation?: EvaluationBenchResult } {
  if (!existsSync(FIGURES)) return { runs: [] };
  return JSON.parse(readFileSync(FIGURES, 'utf8')) as { runs: RunResult[]; evaluation?: EvaluationBenchResult };
}

const opts = options();
if (opts.only === 'offsets') {
  await runOffsetBench(opts.kinds, { programmes: 1000, seconds: opts.duration, seed: opts.seed });
  process.exit(0);
}
if (opts.only === 'exchange') {
  await runExchangeBench(opts.kinds, { activities: opts.activities, seed: opts.seed });
  process.exit(0);
}
log(`evaluation: ${opts.evaluationRuns} recomputations at 50 criteria × 10 offers × 10 evaluators, 10,000 SMAA draws`);
const evaluation = benchEvaluation(opts.evaluationRuns);
const results: RunResult[] = [];
for (const kind of opts.kinds) results.push(await benchDatabase(kind, opts));
const runs = [...kept().runs.filter((r) => !results.some((n) => n.kind === r.kind && n.activities === r.activities)), ...results];
writeFileSync(FIGURES, `${JSON.stringify({ runs, evaluation }, null, 2)}\n`);
// The browser suite writes its own section (between these markers) into the same file, and the command
// line's start-up figures, measured by hand, follow it: keep both.
const webSection = /<!-- web-performance:start -->[\s\S]*/.exec(existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : '')?.[0];
const report = renderReport(runs, existsSync(FINDINGS) ? readFileSync(FINDINGS, 'utf8') : '', evaluation);
writeFileSync(REPORT, webSection ? `${report.trimEnd()}\n\n${webSection.trimEnd()}\n` : report);
for (const r of results)
  log(
    `${r.kind}: list p50 ${r.list.api.c1.p50.toFixed(2)} ms p99 ${r.list.api.c1.p99.toFixed(2)} ms, ${Math.round(r.list.api.c10.requestsPerSecond)} req/s (minimal ${Math.round(r.list.minimal.c10.requestsPerSecond)}${r.workers ? `; ${r.workers.workers} workers ${workersRatio(r.workers).toFixed(2)}× one` : ''}); KPIs p99 ${r.kpi.api.c1.p99.toFixed(1)} ms; curve p99 ${r.review?.curve.p99.toFixed(1)} ms; diff p99 ${r.review?.diff.p99.toFixed(1)} ms; report PDF median ${r.review?.reportPdf.p50.toFixed(0)} ms; ${r.seconds.toFixed(0)} s`,
  );
log(
  `evaluation recomputed in ${evaluation.p50.toFixed(0)} ms (median), ${evaluation.max.toFixed(0)} ms at most; ${results.map((r) => `${r.kind} programme list p99 ${r.programmeList?.first.p99.toFixed(2)} ms`).join('; ')}`,
);
log(`wrote ${REPORT} and ${FIGURES}`);
// The offset ledger and the trace at 1,000 programmes × 10 projects × 100 claims, on a data set of their own:
// their section goes after the ones above.
await runOffsetBench(opts.kinds, { programmes: 1000, seconds: opts.duration, seed: opts.seed });
