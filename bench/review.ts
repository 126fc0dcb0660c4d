// The measures of the review loop: the planned-versus-actual curve as of a past
// date, the difference of a plan from its baseline, and the execution-report PDF.
import { createToken } from '../src/app/auth.usecases.js';
import { generate } from '../src/demo/generate.js';
import { type ActivityStatus, CLOSED_STATUSES } from '../src/domain/activity.lifecycle.js';
import { type BenchKind, freshDatabase } from './database.js';
import { type LoadResult, load } from './load.js';
import { type Child, startServer } from './processes.js';
import { type Latency, latencyOf } from './stats.js';

/** "What did the dashboard show a month earlier?" */
export const CURVE_AS_OF = '2026-06-01';
export const REPORT_ACTIVITIES = 1000;
const REPORT_RUNS = 5;

export interface ReviewResult {
  /** `GET /api/plans/:id/curve?asOf=…&granularity=week`, at 1 connection. */
  curve: LoadResult;
  /** `GET /api/plans/:id/diff?from=0&to=current`, at 1 connection; what the answer held. */
  diff: LoadResult & { added: number; removed: number; changed: number };
  /** `GET /api/plans/:id/documents/report.pdf?lang=fr`, one request at a time, after one to start Chromium. */
  reportPdf: Latency & { activities: number; open: number; bytes: number };
}

async function getJson<T>(url: string, headers: Record<string, string>): Promise<T> {
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** The curve and the diff, on the server and plan the list and KPIs were measured on. */
export async function curveAndDiff(base: string, planId: string, headers: Record<string, string>, seconds: number) {
  const curveUrl = `${base}/api/plans/${planId}/curve?asOf=${CURVE_AS_OF}&granularity=week`;
  const diffUrl = `${base}/api/plans/${planId}/diff?from=0&to=current`;
  const curve = await getJson<{ points: unknown[] }>(curveUrl, headers);
  if (curve.points.length === 0) throw new Error('the curve has no point');
  const diff = await getJson<{ added: unknown[]; removed: unknown[]; changed: unknown[] }>(diffUrl, headers);
  if (diff.changed.length + diff.added.length + diff.removed.length === 0)
    throw new Error('the plan does not differ from its baseline: the diff would measure nothing');
  await load(curveUrl, headers, 1, 2);
  const curveLoad = await load(curveUrl, headers, 1, seconds);
  await load(diffUrl, headers, 1, 2);
  const diffLoad = await load(diffUrl, headers, 1, seconds);
  return {
    curve: curveLoad,
    diff: { ...diffLoad, added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length },
  };
}

/**
 * The execution report of a plan of 1,000 activities. The report reads one
 * plan (its activities, KPIs, curve) and its commission's action items, all
 * through indexes that start with the plan or the commission, so it is
 * measured on a data set of its own holding that one plan, read by a planner
 * of the party that owns it.
 */
export async function reportPdf(kind: BenchKind, seed: number, log: (msg: string) => void): Promise<ReviewResult['reportPdf']> {
  const bdb = await freshDatabase(kind);
  let server: Child | undefined;
  try {
    const summary = await generate(bdb.ctx, { activities: REPORT_ACTIVITIES, seed });
    const plan = await bdb.db
      .selectFrom('work_plan')
      .select('owner_party')
      .where('id', '=', summary.partnerViewer.planId)
      .executeTakeFirstOrThrow();
    const { token } = await createToken(bdb.ctx, null, `${plan.owner_party.toLowerCase()}.planner`, 'benchmark');
    server = await startServer(bdb.url);
    const headers = { authorization: `Bearer ${token}` };
    const planUrl = `${server.base}/api/plans/${summary.partnerViewer.planId}`;
    const statuses: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { status: string }[]; nextCursor: string | null } = await getJson(
        `${planUrl}/activities?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
        headers,
      );
      statuses.push(...page.items.map((a) => a.status));
      cursor = page.nextCursor;
    } while (cursor);
    const open = statuses.filter((s) => !CLOSED_STATUSES.includes(s as ActivityStatus)).length;
    log(`${kind}: execution report of ${statuses.length} activities (${open} open)`);
    const samples: number[] = [];
    let bytes = 0;
    for (let i = 0; i <= REPORT_RUNS; i++) {
      const t0 = performance.now();
      const res = await fetch(`${planUrl}/documents/report.pdf?lang=fr`, { headers });
      const body = Buffer.from(await res.arrayBuffer());
      if (!res.ok || body.subarray(0, 5).toString() !== '%PDF-') throw new Error(`report.pdf answered ${res.status}`);
      // The first request starts Chromium; the server keeps it for the next ones.
      if (i > 0) samples.push(performance.now() - t0);
      bytes = body.length;
    }
    return { ...latencyOf(samples), activities: statuses.length, open, bytes };
  } finally {
    await server?.stop();
    await bdb.drop();
  }
}
