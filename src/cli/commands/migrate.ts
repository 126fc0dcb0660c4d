import type { Command } from 'commander';
import { databaseUrl } from '../runtime.js';

export function registerMigrate(program: Command) {
  program
    .command('migrate')
    .description('bring the database schema up to date')
    .option('--db <path>', 'SQLite file or postgres:// URL')
    .action(async (opts: { db?: string }) => {
      const [{ openDatabase }, { migrateToLatest }] = await Promise.all([
        import('../../store/db.js'),
        import('../../store/migrate.js'),
      ]);
      const db = openDatabase({ url: databaseUrl(opts) });
      try {
        const applied = await migrateToLatest(db);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
      } finally {
        await db.destroy();
      }
    });
}
