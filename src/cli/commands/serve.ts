import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import type { AppContext } from '../../app/context.js';
import type { LogLevel } from '../../server/logger.js';
import type { Db } from '../../store/db.js';
import { databaseUrl, UsageError } from '../runtime.js';

/**
 * TRUST_PROXY declares the reverse proxy in front of the server: its addresses or CIDR ranges
 * (comma-separated), or `true` for any. Unset, forwarded headers are not believed.
 */
const trustProxyOf = (value: string | undefined): boolean | string => (value === 'true' ? true : value || false);

const MAX_WORKERS = 64;
/** Connections to PostgreSQL a single server process keeps at most; several workers share about as many. */
const POSTGRES_POOL = 10;

/** --workers, else WORKERS, else one process per core the machine gives this one. */
function workersOf(value: string | undefined): number {
  if (value === undefined || value === '') return availableParallelism();
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || n < 1 || n > MAX_WORKERS)
    throw new UsageError(
      `--workers (or WORKERS) must be a whole number from 1 to ${MAX_WORKERS}; it is ${JSON.stringify(value)}`,
    );
  return n;
}

/**
 * An in-memory database lives in the process that opened it: workers would each serve an empty one of
 * their own. It is served by one process; asking it of several is a usage error.
 */
function workersFor(opts: ServeOptions): number {
  const asked = opts.workers ?? process.env.WORKERS;
  if (databaseUrl(opts) !== ':memory:') return workersOf(asked);
  if (asked !== undefined && workersOf(asked) > 1)
    throw new UsageError('an in-memory database (--db :memory:) is served by one process: give --workers 1 or a database file');
  return 1;
}

interface ServeOptions {
  db?: string;
  port?: string;
  host?: string;
  workers?: string;
  demo: boolean;
  jobs: boolean;
}

const portOf = (opts: ServeOptions) => Number(opts.port ?? process.env.PORT ?? 8080);
const hostOf = (opts: ServeOptions) => opts.host ?? process.env.HOST ?? '127.0.0.1';

function announce(opts: ServeOptions, port: number) {
  const host = hostOf(opts);
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  console.log(`\nJointPlan is running at http://${shown}:${port}/  (API docs: http://${shown}:${port}/api/docs)`);
}

/**
 * What runs once, before anything serves: migrations, the audit signing key
 * (made on first start) and the demo data of an empty database.
 */
async function prepare(opts: ServeOptions, poolSize?: number) {
  const [{ startAuditSigning }, { createContext }, { loadDemo }, { auditSigningPaths }, { openDatabase }, { migrateToLatest }] =
    await Promise.all([
      import('../../app/audit.usecases.js'),
      import('../../app/context.js'),
      import('../../demo/demo.js'),
      import('../../store/audit-signing.js'),
      import('../../store/db.js'),
      import('../../store/migrate.js'),
    ]);
  const db = openDatabase({ url: databaseUrl(opts), poolSize });
  await migrateToLatest(db);
  const signing = await startAuditSigning(db, auditSigningPaths(databaseUrl(opts)));
  const ctx = createContext(db, undefined, signing);
  const loaded = opts.demo ? await loadDemo(ctx, { ifEmpty: true }) : false;
  return { db, ctx, loaded };
}

/** Names the demo accounts, only where the demo was loaded: a generated or production database has other accounts. */
async function tellDemo(db: Db, loaded: boolean) {
  const { EVERY_DEMO_ACCOUNT, demoAccountsLine } = await import('../../demo/accounts.js');
  if (loaded) console.log('Demo data loaded.');
  const usernames = EVERY_DEMO_ACCOUNT.map((a) => a.username);
  const present = await db.selectFrom('app_user').select('username').where('username', 'in', usernames).execute();
  if (present.length === usernames.length) console.log(demoAccountsLine());
}

/** The HTTP server on the context's database, listening; `name` marks its log lines when several serve. */
async function listen(ctx: AppContext, opts: ServeOptions, level: LogLevel, name?: string) {
  const [{ buildServer }, { serverLogger }] = await Promise.all([
    import('../../server/app.js'),
    import('../../server/logger.js'),
  ]);
  const app = await buildServer(ctx, {
    logger: serverLogger({ level, stream: process.stdout, name }),
    secureCookies: process.env.SECURE_COOKIES === '1',
    trustProxy: trustProxyOf(process.env.TRUST_PROXY),
  });
  await app.listen({ port: portOf(opts), host: hostOf(opts) });
  const address = app.server.address();
  return { app, port: typeof address === 'object' && address ? address.port : portOf(opts) };
}

/**
 * Runs `stop` on the first SIGINT or SIGTERM, once: a worker gets both when
 * Ctrl-C reaches every process of the terminal and the primary passes it on.
 */
function onStopSignal(stop: () => Promise<void>) {
  let stopping = false;
  const handler = () => {
    if (stopping) return;
    stopping = true;
    void stop();
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}

/** One process does everything: what `--workers 1` runs. */
async function serveAlone(opts: ServeOptions, level: LogLevel) {
  const { db, ctx, loaded } = await prepare(opts);
  const { app, port } = await listen(ctx, opts, level);
  announce(opts, port);
  await tellDemo(db, loaded);
  const { startScheduler } = await import('../../server/scheduler.js');
  const stopJobs = opts.jobs ? startScheduler(ctx, app.log) : () => {};
  onStopSignal(async () => {
    stopJobs();
    await app.close();
    await db.destroy();
    process.exit(0);
  });
}

/**
 * The primary of several workers: it migrates and loads the demo once, then
 * forks the workers that serve, starts again one that dies, runs the daily
 * jobs (so that no worker does) and ends them all on SIGINT or SIGTERM.
 */
async function servePrimary(opts: ServeOptions, level: LogLevel, workers: number) {
  const { db, ctx, loaded } = await prepare(opts, 2);
  const [{ processLogger }, { startWorkers }, { startScheduler }] = await Promise.all([
    import('../../server/logger.js'),
    import('../../server/cluster.js'),
    import('../../server/scheduler.js'),
  ]);
  const log = await processLogger({ level, stream: process.stdout, name: 'primary' });
  const served = startWorkers({
    workers,
    log,
    onListening: ({ port }) => {
      announce(opts, port);
      console.log(`Served by ${workers} worker processes (--workers).`);
      tellDemo(db, loaded).catch((err: unknown) => log.error({ err }, 'could not list the demo accounts'));
    },
  });
  const stopJobs = opts.jobs ? startScheduler(ctx, log) : () => {};
  const end = async (code: number) => {
    stopJobs();
    await served.stop();
    await db.destroy();
    process.exit(code);
  };
  onStopSignal(() => end(0));
  void served.failed.then(({ slot }) => {
    console.error(`jointplan: worker ${slot} could not start the server (its message is above)`);
    return end(1);
  });
}

/** A worker: serves on the port the primary shares, with the database the primary prepared. */
async function serveWorker(opts: ServeOptions, level: LogLevel, workers: number) {
  const [{ startAuditSigning }, { createContext }, { workerSlot }, { auditSigningPaths }, { openDatabase }] = await Promise.all([
    import('../../app/audit.usecases.js'),
    import('../../app/context.js'),
    import('../../server/cluster.js'),
    import('../../store/audit-signing.js'),
    import('../../store/db.js'),
  ]);
  const db = openDatabase({ url: databaseUrl(opts), poolSize: Math.max(2, Math.ceil(POSTGRES_POOL / workers)) });
  const signing = await startAuditSigning(db, auditSigningPaths(databaseUrl(opts)));
  const { app } = await listen(createContext(db, undefined, signing), opts, level, `worker ${workerSlot()}`);
  onStopSignal(async () => {
    await app.close();
    await db.destroy();
    process.exit(0);
  });
}

export function registerServe(program: Command) {
  program
    .command('serve')
    .description('start the HTTP server (migrates the database and loads the demo on first start)')
    .option('--db <path>', 'SQLite file or postgres:// URL (default: DATABASE_URL or data/jointplan.sqlite)')
    .option('--port <n>', 'port to listen on (default: PORT or 8080; 0 picks a free one)')
    .option('--host <host>', 'address to listen on (default: HOST or 127.0.0.1)')
    .option('--workers <n>', 'processes that serve on the port (default: WORKERS or one per core; 1 serves from this process)')
    .option('--no-demo', 'do not load the demo data into an empty database')
    .option('--no-jobs', 'do not run the daily jobs (digest of notifications) in this server')
    .action(async (opts: ServeOptions) => {
      const [{ logLevelOf }, { default: cluster }] = await Promise.all([
        import('../../server/logger.js'),
        import('node:cluster'),
      ]);
      let level: LogLevel;
      try {
        level = logLevelOf(process.env.LOG_LEVEL);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      const workers = workersFor(opts);
      if (cluster.isWorker) await serveWorker(opts, level, workers);
      else if (workers === 1) await serveAlone(opts, level);
      else await servePrimary(opts, level, workers);
    });
}
