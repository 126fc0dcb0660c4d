import type { Command } from 'commander';
import { actingUser, printTable, UsageError, withExisting } from '../runtime.js';

const LANGUAGES = ['fr', 'en', 'ar', 'he'] as const;
type Language = (typeof LANGUAGES)[number];

/** A title in the language asked for, else in the first language it was written in. */
const titleIn = (title: Partial<Record<Language, string>>, lang: Language) =>
  title[lang] ?? LANGUAGES.map((l) => title[l]).find(Boolean) ?? '';

export function registerPlan(program: Command) {
  const plan = program.command('plan').description('work plans');

  plan
    .command('list')
    .description('list the work plans the acting user may read, with the ids that `export --plan` takes')
    .option('--as <username>', 'user the list is for (default: JOINTPLAN_USER)')
    .option('--commission <id>', 'only the plans of this commission')
    .option('--lang <lang>', `language of the titles: ${LANGUAGES.join(', ')}`, 'fr')
    .option('--json', 'print JSON instead of a table')
    .option('--db <path>', 'SQLite file or postgres:// URL (default: DATABASE_URL or data/jointplan.sqlite)')
    .action(async (opts: { as?: string; commission?: string; lang: string; json?: boolean; db?: string }) => {
      const lang = LANGUAGES.find((l) => l === opts.lang);
      if (!lang) throw new UsageError(`--lang takes one of ${LANGUAGES.join(', ')}`);
      const [{ listPlans }, { idSchema }] = await Promise.all([
        import('../../app/plan.usecases.js'),
        import('../../domain/common.schema.js'),
      ]);
      if (opts.commission !== undefined && !idSchema.safeParse(opts.commission).success)
        throw new UsageError(`--commission: ${opts.commission} is not a commission id`);
      await withExisting(
        opts,
        async (ctx) => {
          const actor = await actingUser(ctx, opts.as);
          const { items } = await listPlans(ctx, actor, { commissionId: opts.commission });
          if (opts.json) {
            console.log(JSON.stringify(items, null, 2));
            return;
          }
          if (!items.length) {
            console.log(`No work plan that ${actor.username} may read.`);
            return;
          }
          printTable(
            ['ID', 'PERIOD', 'STATUS', 'OWNER', 'CLASSIFICATION', 'TITLE'],
            items.map((p) => [
              p.id,
              `${p.periodStart}..${p.periodEnd}`,
              p.status,
              p.ownerParty,
              p.classification,
              titleIn(p.title, lang),
            ]),
          );
        },
        { sign: false },
      );
    });
}
