import { EVALUATION_TARGET_MS, type EvaluationBenchResult } from './evaluation.js';
import type { LoadResult } from './load.js';
import type { Machine } from './machine.js';
import { PROGRAMME_LIST_TARGET_MS, type ProgrammeListResult } from './programmes.js';
import { CURVE_AS_OF, REPORT_ACTIVITIES, type ReviewResult } from './review.js';
import type { Latency } from './stats.js';
import { type WorkersResult, workersRatio } from './workers.js';

export interface EndpointResult {
  api: { c1: LoadResult; c10: LoadResult };
  minimal: { c1: LoadResult; c10: LoadResult };
  raw: Latency;
  sql: string;
  explain: string;
}

/** One database measured at one size. */
export interface RunResult {
  activities: number;
  kind: 'sqlite' | 'postgres';
  databaseVersion: string;
  machine: Machine;
  data: { plans: number; activities: number; followUps: number; auditEntries: number; generateSeconds: number };
  noise: { busyCoresBefore: number; busyCoresAfter: number; load1: number[] };
  serverPeakRssMiB: number;
  /** Before its first request: what loading the app costs. */
  serverStartRssMiB?: number;
  minimalPeakRssMiB: number;
  seconds: number;
  list: EndpointResult;
  kpi: EndpointResult;
  /** The review loop's measures (absent from runs made before they were added). */
  review?: ReviewResult;
  /** The list from one worker and from one per core (absent from runs made before `serve --workers`). */
  workers?: WorkersResult;
  /** The programme list (absent from runs made before programmes were measured). */
  programmeList?: ProgrammeListResult;
}

export const LIST_TARGET = { p99Ms: 5, p99MsAtMillion: 15, shareOfMinimal: 0.7 };
export const KPI_TARGET_MS = 50;
export const REVIEW_TARGET_MS = { curve: 200, diff: 300, reportPdf: 3000 };
/** On two cores, with the load tool on the same two. */
export const WORKERS_TARGET = 1.7;

const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));
const int = (v: number) => Math.round(v).toLocaleString('en-US');
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '—');
const pct = (a: number, b: number) => (b > 0 ? `${Math.round((a / b) * 100)}%` : '—');
const dbName = (kind: RunResult['kind']) => (kind === 'sqlite' ? 'SQLite' : 'PostgreSQL');
const title = (r: RunResult) => `${dbName(r.kind)}, ${int(r.activities)} activities`;

interface Check {
  run: RunResult;
  what: string;
  target: string;
  measured: string;
  ok: boolean;
}

function checks(r: RunResult): Check[] {
  const listP99Target = r.activities >= 1_000_000 ? LIST_TARGET.p99MsAtMillion : LIST_TARGET.p99Ms;
  const share = r.list.api.c10.requestsPerSecond / r.list.minimal.c10.requestsPerSecond;
  return [
    {
      run: r,
      what: 'list p99 at 1 connection',
      target: `≤ ${listP99Target} ms`,
      measured: `${ms(r.list.api.c1.p99)} ms`,
      ok: r.list.api.c1.p99 <= listP99Target,
    },
    {
      run: r,
      what: 'list req/s at 10 connections, share of the minimal route',
      target: `≥ ${LIST_TARGET.shareOfMinimal * 100}%`,
      measured: pct(r.list.api.c10.requestsPerSecond, r.list.minimal.c10.requestsPerSecond),
      ok: share >= LIST_TARGET.shareOfMinimal,
    },
    {
      run: r,
      what: 'KPIs p99 at 1 connection',
      target: `≤ ${KPI_TARGET_MS} ms`,
      measured: `${ms(r.kpi.api.c1.p99)} ms`,
      ok: r.kpi.api.c1.p99 <= KPI_TARGET_MS,
    },
    ...reviewChecks(r),
    ...workersChecks(r),
    ...programmeListChecks(r),
  ];
}

function programmeListChecks(r: RunResult): Check[] {
  const p = r.programmeList;
  if (!p) return [];
  return (['first', 'deep'] as const).map((page) => ({
    run: r,
    what: `programme list at ${int(p.programmes)} programmes, ${page === 'first' ? 'first page' : 'a page in the middle'}, p99 at 1 connection`,
    target: `≤ ${PROGRAMME_LIST_TARGET_MS} ms`,
    measured: `${ms(p[page].p99)} ms`,
    ok: p[page].p99 <= PROGRAMME_LIST_TARGET_MS,
  }));
}

function programmeListFigures(p: ProgrammeListResult | undefined): string[] {
  if (!p) return [];
  return [
    '',
    `| programme list, ${int(p.programmes)} programmes (${int(p.readable)} readable by the reader, written in ${p.seedSeconds.toFixed(0)} s) — API at 1 connection | p50 (ms) | p99 (ms) | requests |`,
    '|---|---:|---:|---:|',
    `| first page of 50 | ${ms(p.first.p50)} | ${ms(p.first.p99)} | ${int(p.first.samples)} |`,
    `| the page in the middle, by its cursor | ${ms(p.deep.p50)} | ${ms(p.deep.p99)} | ${int(p.deep.samples)} |`,
  ];
}

function evaluationSection(e: EvaluationBenchResult | undefined): string[] {
  if (!e) return [];
  return [
    '## Comparative evaluation',
    '',
    `Run ${e.date} UTC in the benchmark's own process: an evaluation of ${e.criteria} leaf criteria (in groups of 10) × ${e.offers} offers × ${e.evaluators} evaluators,`,
    `every weighting from each evaluator's pairwise comparisons (AIJ), the offers assessed by scores and, on one criterion in five, compared pairwise`,
    `(${int(e.judgments)} judgments in all), with ${int(e.draws)} SMAA draws (\`bench/evaluation.ts\`). Frozen once (${int(e.freezeMs)} ms), then recomputed as a partner's`,
    `installation does it, from the frozen JSON: parsed, evaluated again with the domain's \`evaluate\` and both hashes taken, ${e.runs} times in a row.`,
    '',
    '| recomputation | median (ms) | max (ms) | runs | target |',
    '|---|---:|---:|---:|---|',
    `| ${e.criteria} × ${e.offers} × ${e.evaluators}, ${int(e.draws)} draws | ${int(e.p50)} | ${int(e.max)} | ${e.runs} | ≤ ${EVALUATION_TARGET_MS / 1000} s: ${e.p50 <= EVALUATION_TARGET_MS ? 'met' : '**missed**'} (median)${e.max > EVALUATION_TARGET_MS ? ', the slowest run above it' : ''} |`,
    '',
    `Hash of the frozen evaluation: \`${e.hash}\`.`,
    '',
  ];
}

function workersChecks(r: RunResult): Check[] {
  const w = r.workers;
  if (!w || w.workers < 2) return [];
  const ratio = workersRatio(w);
  return [
    {
      run: r,
      what: `list req/s at ${w.connections} connections, ${w.workers} workers over 1`,
      target: `≥ ${WORKERS_TARGET}×`,
      measured: `${ratio.toFixed(2)}×`,
      ok: ratio >= WORKERS_TARGET,
    },
  ];
}

function workersFigures(w: WorkersResult | undefined): string[] {
  if (!w) return [];
  return [
    '',
    `| list at ${w.connections} connections, rounds in turn | 1 worker (req/s) | ${w.workers} workers (req/s) | ratio |`,
    '|---|---:|---:|---:|',
    ...w.rounds.map((x, i) => `| round ${i + 1} | ${int(x.one)} | ${int(x.many)} | ${ratio(x.many, x.one)} |`),
    `| all rounds | ${int(w.rounds.reduce((s, x) => s + x.one, 0) / w.rounds.length)} | ${int(w.rounds.reduce((s, x) => s + x.many, 0) / w.rounds.length)} | ${workersRatio(w).toFixed(2)}× |`,
  ];
}

function reviewChecks(r: RunResult): Check[] {
  const v = r.review;
  if (!v) return [];
  return [
    {
      run: r,
      what: `planned-versus-actual curve as of ${CURVE_AS_OF}, p99 at 1 connection`,
      target: `≤ ${REVIEW_TARGET_MS.curve} ms`,
      measured: `${ms(v.curve.p99)} ms`,
      ok: v.curve.p99 <= REVIEW_TARGET_MS.curve,
    },
    {
      run: r,
      what: 'plan diff from its baseline, p99 at 1 connection',
      target: `≤ ${REVIEW_TARGET_MS.diff} ms`,
      measured: `${ms(v.diff.p99)} ms`,
      ok: v.diff.p99 <= REVIEW_TARGET_MS.diff,
    },
    {
      run: r,
      what: `execution-report PDF of a plan of ${int(REPORT_ACTIVITIES)} activities, slowest of ${v.reportPdf.samples}`,
      target: `≤ ${REVIEW_TARGET_MS.reportPdf / 1000} s`,
      measured: `${(v.reportPdf.p99 / 1000).toFixed(2)} s`,
      ok: v.reportPdf.p99 <= REVIEW_TARGET_MS.reportPdf,
    },
  ];
}

function reviewFigures(v: ReviewResult | undefined): string[] {
  if (!v) return [];
  const p = v.reportPdf;
  return [
    '',
    '| review loop | p50 (ms) | p99 (ms) | requests |',
    '|---|---:|---:|---:|',
    `| curve as of ${CURVE_AS_OF}, by week — API at 1 connection | ${ms(v.curve.p50)} | ${ms(v.curve.p99)} | ${int(v.curve.samples)} |`,
    `| diff from the baseline (${int(v.diff.changed)} changed, ${int(v.diff.added)} added, ${int(v.diff.removed)} removed) — API at 1 connection | ${ms(v.diff.p50)} | ${ms(v.diff.p99)} | ${int(v.diff.samples)} |`,
    `| execution-report PDF, French: ${int(p.activities)} activities, ${int(p.open)} open, ${int(p.bytes / 1024)} KiB — one at a time (p99 is the slowest) | ${int(p.p50)} | ${int(p.p99)} | ${p.samples} |`,
  ];
}

function figures(r: RunResult): string {
  const row = (name: string, l: Latency, rps?: number) =>
    `| ${name} | ${ms(l.p50)} | ${ms(l.p99)} | ${rps === undefined ? '—' : int(rps)} |`;
  const block = (label: string, e: EndpointResult) => [
    row(`${label} — API`, e.api.c1, e.api.c10.requestsPerSecond),
    row(`${label} — minimal route`, e.minimal.c1, e.minimal.c10.requestsPerSecond),
    row(`${label} — raw SQL through the driver`, e.raw),
  ];
  const ratios = (label: string, e: EndpointResult) =>
    `| ${label} | ${ratio(e.api.c1.p50, e.raw.p50)} | ${ratio(e.api.c1.p50, e.minimal.c1.p50)} | ${pct(e.api.c10.requestsPerSecond, e.minimal.c10.requestsPerSecond)} |`;
  const m = r.machine;
  return [
    `### ${title(r)}`,
    '',
    `Run ${m.date} UTC on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}; Node ${m.node}; ${r.databaseVersion}.`,
    `Data: ${int(r.data.plans)} plans, ${int(r.data.activities)} activities, ${int(r.data.followUps)} follow-ups, ${int(r.data.auditEntries)} audit entries, generated in ${r.data.generateSeconds.toFixed(0)} s.`,
    `Other work on the machine: ${r.noise.busyCoresBefore} busy cores before the measurements and ${r.noise.busyCoresAfter} after, while the benchmark was idle; one-minute load average during the runs ${Math.min(...r.noise.load1)}–${Math.max(...r.noise.load1)}.`,
    '',
    '| | p50 at 1 connection (ms) | p99 at 1 connection (ms) | req/s at 10 connections |',
    '|---|---:|---:|---:|',
    ...block('list', r.list),
    ...block('KPIs', r.kpi),
    '',
    '| | API ÷ raw SQL (p50) | API ÷ minimal route (p50) | API req/s as a share of the minimal route |',
    '|---|---:|---:|---:|',
    ratios('list', r.list),
    ratios('KPIs', r.kpi),
    ...reviewFigures(r.review),
    ...workersFigures(r.workers),
    ...programmeListFigures(r.programmeList),
    '',
    `Peak RSS of the server: ${int(r.serverPeakRssMiB)} MiB${r.serverStartRssMiB === undefined ? '' : ` (${int(r.serverStartRssMiB)} MiB once started, before any request)`}; of the minimal route: ${int(r.minimalPeakRssMiB)} MiB.`,
    '',
    '<details><summary>SQL and query plans</summary>',
    '',
    'List:',
    '',
    '```sql',
    r.list.sql,
    '```',
    '',
    '```',
    r.list.explain,
    '```',
    '',
    'KPIs:',
    '',
    '```sql',
    r.kpi.sql,
    '```',
    '',
    '```',
    r.kpi.explain,
    '```',
    '',
    '</details>',
  ].join('\n');
}

/**
 * docs/benchmarks.md from every run kept so far (newest figures per size and
 * database). `notes` are the findings a person wrote after reading the plans.
 */
export function renderReport(runs: RunResult[], notes: string, evaluation?: EvaluationBenchResult): string {
  const sorted = [...runs].sort((a, b) => a.activities - b.activities || a.kind.localeCompare(b.kind));
  const all = sorted.flatMap(checks);
  const missed = all.filter((c) => !c.ok);
  const noisy = sorted.filter((r) => Math.max(r.noise.busyCoresBefore, r.noise.busyCoresAfter) > 0.2);
  return [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (options: `--activities N`, default 100000; `--programmes N`, default 10000; `--evaluation-runs N`, default 5; `--db sqlite|postgres|both`; `--seed S`; `--duration SECONDS` per load run).',
    'For each database it generates a fresh data set with `jointplan generate`, starts the real server in one process',
    '(`jointplan serve --workers 1 --no-demo --no-jobs`, `LOG_LEVEL=silent`: the daily digest, which on a fresh data set writes every',
    "user's first digest, is a once-a-day job left out of these steady-state figures) and a minimal Fastify route, one process too, that runs the same SQL through the",
    'raw driver and answers its rows, then drives both over loopback with autocannon: latency at 1 connection,',
    'requests per second at 10 connections. The raw SQL is also timed in-process through the driver alone (the floor).',
    'Then it starts a second server on the same database with one worker per core (`--workers N`, N the cores the machine',
    'gives) and drives the list at 10 connections from the one-worker server and from it in turn, in two rounds after a warm-up',
    'of each, and writes the ratio of their requests per second; autocannon runs on the same cores.',
    '',
    '- **list**: `GET /api/plans/:id/activities?domain=planning&status=planned&limit=50`, a page of 50 with two filters and',
    '  the access rule, read with the API token of a viewer of the partner party (ISR, CONFIDENTIAL, no compartment) who may read',
    '  about two thirds of the plan.',
    '- **KPIs**: `GET /api/plans/:id/kpis?asOf=2026-07-01` over the same plan of 5,000 activities, for the same reader.',
    `- **review loop**: over the same plan and reader, the planned-versus-actual curve as of ${CURVE_AS_OF} by week, replayed from`,
    '  the history of every activity, and the diff of the plan from its approved baseline (the generator postpones some',
    `  activities after approval); the execution-report PDF of a plan of ${int(REPORT_ACTIVITIES)} activities with its history, on a data set of its own`,
    '  holding that one plan (the report reads through indexes that start with its plan or commission), read by a planner',
    '  of the owning party, printed by the server in headless Chromium one request at a time after a first one that starts it.',
    '- **programme list**: `GET /api/programmes?limit=50`, newest first with the access rule, for the same reader, over the',
    '  procurement programmes added to the data set (`--programmes N`, default 10,000: labelled like the activities, in every',
    '  status, those past selection with their offer, contract and milestones; `bench/programmes.ts`), the first page and the',
    '  page in the middle of what the reader may read, by its cursor.',
    '- **comparative evaluation**: recomputing a frozen evaluation of 50 criteria × 10 offers × 10 evaluators with 10,000 SMAA',
    '  draws, in the benchmark process before the databases (`--evaluation-runs N`, default 5).',
    '',
    'Raw figures of every run are in `docs/benchmarks.json`; a run replaces the figures of the sizes and databases it measured.',
    '',
    '## Targets',
    '',
    '| run | measure | target | measured | |',
    '|---|---|---|---|---|',
    ...all.map((c) => `| ${title(c.run)} | ${c.what} | ${c.target} | ${c.measured} | ${c.ok ? 'met' : '**missed**'} |`),
    '',
    '## Where it falls short',
    '',
    ...(missed.length
      ? missed.map((c) => `- ${title(c.run)}: ${c.what} is ${c.measured}, the target is ${c.target}.`)
      : ['- Every target above is met in these runs.']),
    ...(noisy.length
      ? [
          `- The machine was shared while ${noisy.map(title).join('; ')} ran (see "other work" under each run): these figures are noisier, and likely slower, than on a quiet machine.`,
        ]
      : []),
    notes.trim(),
    '',
    ...evaluationSection(evaluation),
    '## Figures',
    '',
    ...sorted.map(figures).flatMap((s) => [s, '']),
  ].join('\n');
}
