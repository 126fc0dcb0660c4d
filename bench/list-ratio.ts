// node --import tsx bench/list-ratio.ts --db PATH|URL --token TOKEN --plan ID [--rounds 3 --seconds 5 --profile DIR --base DIR]
// A quick, repeatable measure of the list endpoint against the minimal route on a data set made
// once with `jointplan generate`: rounds that alternate the two, so that each ratio is taken
// under the same load of the machine, with the CPU time each process spends per request (steadier
// than requests per second on a shared machine). --profile DIR also writes a CPU profile of the
// server; --base DIR also measures the server of another checkout (e.g. `git archive` of the last
// commit, with a node_modules link) in the same rounds, to compare a change with what it replaces.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { actorForToken } from '../src/app/auth.usecases.js';
import { createContext } from '../src/app/context.js';
import type { ActivityListQuery } from '../src/domain/activity.schema.js';
import { listActivitiesQuery } from '../src/store/activity.repo.js';
import { isPostgresUrl, openDatabase } from '../src/store/db.js';
import { load } from './load.js';
import { load1 } from './machine.js';
import { freePort, startChild } from './processes.js';

// The minimal route ends on SIGTERM without a handler, which would lose its profile.
const EXIT_ON_TERM = "process.once('SIGTERM', () => process.exit(0));";

const LIST_QUERY: ActivityListQuery = { domain: 'planning', status: 'planned', sort: 'refCode', limit: 50 };

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    token: { type: 'string' },
    plan: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '5' },
    profile: { type: 'string' },
    base: { type: 'string' },
  },
});
if (!values.db || !values.token || !values.plan) throw new Error('--db, --token and --plan are needed');
const url = values.db;
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);

const db = openDatabase({ url });
const ctx = createContext(db);
const actor = await actorForToken(ctx, values.token);
if (!actor) throw new Error('the token does not sign in');
const list = listActivitiesQuery(db, (await ctx.codec()).reader(actor), values.plan, LIST_QUERY).compile();
await db.destroy();

const profile = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [];
const startServer = async (bin: string, flags: string[]) => {
  const port = await freePort();
  return startChild(
    [...flags, bin, 'serve', '--db', url, '--port', String(port), '--no-demo', '--no-jobs'],
    // One process, like the minimal route, and the one whose CPU time is counted; WORKERS rather than --workers,
    // which the server of an older checkout (--base) would refuse.
    { LOG_LEVEL: 'silent', WORKERS: '1' },
    port,
    '/api/health',
  );
};
const server = await startServer('bin/jointplan.js', profile);
const base = values.base ? await startServer(`${values.base}/bin/jointplan.js`, []) : undefined;
const minimalProfile = values.profile
  ? [
      '--cpu-prof',
      `--cpu-prof-dir=${values.profile}/minimal`,
      '--import',
      `data:text/javascript,${encodeURIComponent(EXIT_ON_TERM)}`,
    ]
  : [];
const minimalPort = await freePort();
const minimal = await startChild(
  [...minimalProfile, '--import', 'tsx', 'bench/minimal-route.ts'],
  {
    BENCH_KIND: isPostgresUrl(url) ? 'postgres' : 'sqlite',
    BENCH_DB_URL: url,
    BENCH_QUERIES: JSON.stringify({ list: { sql: list.sql, parameters: list.parameters } }),
  },
  minimalPort,
  '/list',
);
const headers = { authorization: `Bearer ${values.token}` };
const listPath = `/api/plans/${values.plan}/activities?domain=${LIST_QUERY.domain}&status=${LIST_QUERY.status}&limit=${LIST_QUERY.limit}`;
const apiUrl = `${server.base}${listPath}`;
// CPU time a process has used (user and system), in milliseconds: fields 14 and 15 of /proc/PID/stat, in ticks of 10 ms.
const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
/** Requests per second at `connections`, and the CPU time the process spent per request. */
async function measure(target: string, hdrs: Record<string, string>, pid: number, connections: number) {
  const cpu0 = cpuMs(pid);
  const r = await load(target, hdrs, connections, seconds);
  return { ...r, cpuPerRequest: (cpuMs(pid) - cpu0) / (r.requestsPerSecond * seconds) };
}
try {
  const page = (await (await fetch(apiUrl, { headers })).json()) as { items: unknown[] };
  if (page.items?.length !== LIST_QUERY.limit) throw new Error('the API did not answer a full page');
  await load(apiUrl, headers, 10, 2);
  await load(`${minimal.base}/list`, {}, 10, 2);
  if (base) await load(`${base.base}${listPath}`, headers, 10, 2);
  const fmt = (n: number) => n.toFixed(2);
  for (let i = 1; i <= rounds; i++) {
    const api1 = await measure(apiUrl, headers, server.pid, 1);
    const min1 = await measure(`${minimal.base}/list`, {}, minimal.pid, 1);
    const api10 = await measure(apiUrl, headers, server.pid, 10);
    const min10 = await measure(`${minimal.base}/list`, {}, minimal.pid, 10);
    const share = (100 * api10.requestsPerSecond) / min10.requestsPerSecond;
    if (base) {
      const base1 = await measure(`${base.base}${listPath}`, headers, base.pid, 1);
      const base10 = await measure(`${base.base}${listPath}`, headers, base.pid, 10);
      console.log(
        `round ${i} base: c1 p50/p99 ${fmt(base1.p50)}/${fmt(base1.p99)} ms; c10 ${Math.round(base10.requestsPerSecond)} req/s: ` +
          `${((100 * base10.requestsPerSecond) / min10.requestsPerSecond).toFixed(0)}%; CPU per request ${fmt(base10.cpuPerRequest)} ms`,
      );
    }
    console.log(
      `round ${i} (load ${load1().toFixed(2)}): c1 p50/p99 API ${fmt(api1.p50)}/${fmt(api1.p99)} ms, minimal ${fmt(min1.p50)}/${fmt(min1.p99)} ms; ` +
        `c10 API ${Math.round(api10.requestsPerSecond)} req/s, minimal ${Math.round(min10.requestsPerSecond)} req/s: ${share.toFixed(0)}%; ` +
        `CPU per request API ${fmt(api10.cpuPerRequest)} ms, minimal ${fmt(min10.cpuPerRequest)} ms`,
    );
  }
} finally {
  await base?.stop();
  await server.stop();
  await minimal.stop();
}
