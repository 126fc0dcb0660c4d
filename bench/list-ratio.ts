// node --import tsx bench/list-ratio.ts --db PATH|URL --token TOKEN --plan ID [--rounds 3 --seconds 5 --profile DIR --base DIR]
// A quick, repeatable measure of the list endpoint against the minimal route on a data set made
// once with `jointplan generate`: rounds that alternate the two, so that each ratio is taken
// under the same load of the machine, with the CPU time each process spends per request (steadier
// than requests per second on a shared machine), and on PostgreSQL that of its database backends and of the
// load tool too. --profile DIR also writes a CPU profile of the
// server; --base DIR also measures the server of another checkout (e.g. `git archive` of the last
// commit, with a node_modules link) in the same rounds, to compare a change with what it replaces.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
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

/** On PostgreSQL each process's connections carry a name of their own, so that their backends' CPU time can be counted. */
const named = (name: string) => (isPostgresUrl(url) ? `${url}${url.includes('?') ? '&' : '?'}application_name=${name}` : url);
const profile = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [];
const startServer = async (bin: string, flags: string[], name: string) => {
  const port = await freePort();
  return startChild(
    [...flags, bin, 'serve', '--db', named(name), '--port', String(port), '--no-demo', '--no-jobs'],
    // One process, like the minimal route, and the one whose CPU time is counted; WORKERS rather than --workers,
    // which the server of an older checkout (--base) would refuse.
    { LOG_LEVEL: 'silent', WORKERS: '1' },
    port,
    '/api/health',
  );
};
const server = await startServer('bin/jointplan.js', profile, 'jp_bench_api');
const base = values.base ? await startServer(`${values.base}/bin/jointplan.js`, [], 'jp_bench_base') : undefined;
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
    BENCH_DB_URL: named('jp_bench_minimal'),
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
const monitor = isPostgresUrl(url) ? new pg.Client({ connectionString: url }) : undefined;
await monitor?.connect();
/**
 * CPU time so far of each PostgreSQL backend serving the connections named `name`, when the
 * database runs on this machine (else none): a backend's work is part of a request's cost too.
 */
async function backendsCpu(name: string): Promise<Map<number, number>> {
  const found = await monitor?.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [name]);
  const pids = (found?.rows ?? []).map((r) => r.pid).filter((pid) => existsSync(`/proc/${pid}/stat`));
  return new Map(pids.map((pid) => [pid, cpuMs(pid)]));
}
/**
 * Requests per second at `connections`, and the CPU time spent per request by the process, by its
 * database backends (backends that ended meanwhile are not counted) and by the load tool (this process).
 */
async function measure(target: string, hdrs: Record<string, string>, pid: number, name: string, connections: number) {
  const cpu0 = cpuMs(pid);
  const db0 = await backendsCpu(name);
  const tool0 = process.cpuUsage();
  const r = await load(target, hdrs, connections, seconds);
  const tool = process.cpuUsage(tool0);
  const db1 = await backendsCpu(name);
  const requests = r.requestsPerSecond * seconds;
  let dbMs = 0;
  for (const [backend, ms] of db1) dbMs += ms - (db0.get(backend) ?? 0);
  return {
    ...r,
    cpuPerRequest: (cpuMs(pid) - cpu0) / requests,
    dbPerRequest: dbMs / requests,
    toolPerRequest: (tool.user + tool.system) / 1000 / requests,
  };
}
try {
  const page = (await (await fetch(apiUrl, { headers })).json()) as { items: unknown[] };
  if (page.items?.length !== LIST_QUERY.limit) throw new Error('the API did not answer a full page');
  await load(apiUrl, headers, 10, 2);
  await load(`${minimal.base}/list`, {}, 10, 2);
  if (base) await load(`${base.base}${listPath}`, headers, 10, 2);
  const fmt = (n: number) => n.toFixed(2);
  const cpu = (m: Awaited<ReturnType<typeof measure>>) =>
    `${fmt(m.cpuPerRequest)} ms (database ${fmt(m.dbPerRequest)}, load tool ${fmt(m.toolPerRequest)})`;
  for (let i = 1; i <= rounds; i++) {
    const api1 = await measure(apiUrl, headers, server.pid, 'jp_bench_api', 1);
    const min1 = await measure(`${minimal.base}/list`, {}, minimal.pid, 'jp_bench_minimal', 1);
    const api10 = await measure(apiUrl, headers, server.pid, 'jp_bench_api', 10);
    const min10 = await measure(`${minimal.base}/list`, {}, minimal.pid, 'jp_bench_minimal', 10);
    const share = (100 * api10.requestsPerSecond) / min10.requestsPerSecond;
    if (base) {
      const base1 = await measure(`${base.base}${listPath}`, headers, base.pid, 'jp_bench_base', 1);
      const base10 = await measure(`${base.base}${listPath}`, headers, base.pid, 'jp_bench_base', 10);
      console.log(
        `round ${i} base: c1 p50/p99 ${fmt(base1.p50)}/${fmt(base1.p99)} ms; c10 ${Math.round(base10.requestsPerSecond)} req/s: ` +
          `${((100 * base10.requestsPerSecond) / min10.requestsPerSecond).toFixed(0)}%; CPU per request ${cpu(base10)}`,
      );
    }
    console.log(
      `round ${i} (load ${load1().toFixed(2)}): c1 p50/p99 API ${fmt(api1.p50)}/${fmt(api1.p99)} ms, minimal ${fmt(min1.p50)}/${fmt(min1.p99)} ms; ` +
        `c10 API ${Math.round(api10.requestsPerSecond)} req/s, minimal ${Math.round(min10.requestsPerSecond)} req/s: ${share.toFixed(0)}%; ` +
        `CPU per request API ${cpu(api10)}, minimal ${cpu(min10)}`,
    );
  }
} finally {
  await base?.stop();
  await server.stop();
  await minimal.stop();
  await monitor?.end();
}
