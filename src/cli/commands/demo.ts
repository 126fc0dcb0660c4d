import type { Command } from 'commander';
import { UsageError, withApp } from '../runtime.js';

export function registerDemo(program: Command) {
  program
    .command('demo')
    .description('load the demo: the Morocco–Israel commission, its 3rd session and the 2026 work plan, run through 2026')
    .option('--db <path>', 'SQLite file or postgres:// URL (default: DATABASE_URL or data/jointplan.sqlite)')
    .option('--force', 'add the demo to a database that already holds other data')
    .action(async (opts: { db?: string; force?: boolean }) => {
      const [{ demoAccountsLine }, { loadDemo }] = await Promise.all([
        import('../../demo/accounts.js'),
        import('../../demo/demo.js'),
      ]);
      await withApp(opts, async (ctx) => {
        const count = async (table: 'party' | 'app_user') =>
          Number(
            (
              await ctx.db
                .selectFrom(table)
                .select((eb) => eb.fn.countAll().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          );
        const [parties, users] = [await count('party'), await count('app_user')];
        if ((parties > 0 || users > 0) && !opts.force)
          throw new UsageError(
            `this database already holds data (${parties} parties, ${users} users). The demo loads into an empty database, so that invented records never mix with real ones: point --db at a new file (e.g. --db data/demo.sqlite), or pass --force to add the demo next to the existing data.`,
          );
        await loadDemo(ctx, { ifEmpty: false });
        const activities = await ctx.db
          .selectFrom('activity')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow();
        console.log(`Demo loaded: the 2026 work plan with ${Number(activities.n)} activities.`);
        console.log(demoAccountsLine('Accounts'));
      });
    });
}
