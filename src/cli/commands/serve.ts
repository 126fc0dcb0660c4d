import type { Command } from 'commander';
import { databaseUrl, UsageError } from '../runtime.js';

/**
 * TRUST_PROXY declares the reverse proxy in front of the server: its addresses or CIDR ranges
 * (comma-separated), or `true` for any. Unset, forwarded headers are not believed.
 */
const trustProxyOf = (value: string | undefined): boolean | string => (value === 'true' ? true : value || false);

export function registerServe(program: Command) {
  program
    .command('serve')
    .description('start the HTTP server (migrates the database and loads the demo on first start)')
    .option('--db <path>', 'SQLite file or postgres:// URL (default: DATABASE_URL or data/jointplan.sqlite)')
    .option('--port <n>', 'port to listen on (default: PORT or 8080)')
    .option('--host <host>', 'address to listen on (default: HOST or 127.0.0.1)')
    .option('--no-demo', 'do not load the demo data into an empty database')
    .option('--no-jobs', 'do not run the daily jobs (digest of notifications) in this process')
    .action(async (opts: { db?: string; port?: string; host?: string; demo: boolean; jobs: boolean }) => {
      const [
        { startAuditSigning },
        { createContext },
        { DEMO_ACCOUNTS, DEMO_PASSWORD },
        { loadDemo },
        { buildServer },
        { logLevelOf, serverLogger },
        { startScheduler },
        { auditSigningPaths },
        { openDatabase },
        { migrateToLatest },
      ] = await Promise.all([
        import('../../app/audit.usecases.js'),
        import('../../app/context.js'),
        import('../../demo/accounts.js'),
        import('../../demo/demo.js'),
        import('../../server/app.js'),
        import('../../server/logger.js'),
        import('../../server/scheduler.js'),
        import('../../store/audit-signing.js'),
        import('../../store/db.js'),
        import('../../store/migrate.js'),
      ]);
      let level: ReturnType<typeof logLevelOf>;
      try {
        level = logLevelOf(process.env.LOG_LEVEL);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      const db = openDatabase({ url: databaseUrl(opts) });
      await migrateToLatest(db);
      const signing = await startAuditSigning(db, auditSigningPaths(databaseUrl(opts)));
      const ctx = createContext(db, undefined, signing);
      const loaded = opts.demo ? await loadDemo(ctx, { ifEmpty: true }) : false;
      const app = await buildServer(ctx, {
        logger: serverLogger({ level, stream: process.stdout }),
        secureCookies: process.env.SECURE_COOKIES === '1',
        trustProxy: trustProxyOf(process.env.TRUST_PROXY),
      });
      const port = Number(opts.port ?? process.env.PORT ?? 8080);
      const host = opts.host ?? process.env.HOST ?? '127.0.0.1';
      await app.listen({ port, host });
      const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
      console.log(`\nJointPlan is running at http://${shown}:${port}/  (API docs: http://${shown}:${port}/api/docs)`);
      if (loaded) console.log('Demo data loaded.');
      // Only where the demo was loaded: a generated or production database has other accounts.
      const usernames = DEMO_ACCOUNTS.map((a) => a.username);
      const present = await db.selectFrom('app_user').select('username').where('username', 'in', usernames).execute();
      if (present.length === usernames.length) console.log(`Demo accounts (password ${DEMO_PASSWORD}): ${usernames.join(', ')}`);
      const stopJobs = opts.jobs ? startScheduler(ctx, app.log) : () => {};
      const stop = async () => {
        stopJobs();
        await app.close();
        await db.destroy();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
