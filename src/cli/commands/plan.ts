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

  plan
    .command('rollover')
    .description(
      "start next year's draft plan from an adopted one, carrying its open, postponed and recurring activities, objectives and indicators that the acting user may read",
    )
    .requiredOption('--plan <id>', 'the plan to roll over')
    .requiredOption('--year <yyyy>', 'the year of the new plan')
    .option('--without <ids>', 'comma-separated ids of proposed records to leave out')
    .option('--dry-run', 'list what would be carried, and why, without creating anything')
    .option('--as <username>', 'user acting (default: JOINTPLAN_USER)')
    .option('--json', 'print JSON instead of a table')
    .option('--db <path>', 'SQLite file or postgres:// URL (default: DATABASE_URL or data/jointplan.sqlite)')
    .action(
      async (opts: {
        plan: string;
        year: string;
        without?: string;
        dryRun?: boolean;
        as?: string;
        json?: boolean;
        db?: string;
      }) => {
        const [{ proposeRollover, rollOver }, { idSchema }] = await Promise.all([
          import('../../app/rollover.usecases.js'),
          import('../../domain/common.schema.js'),
        ]);
        if (!idSchema.safeParse(opts.plan).success) throw new UsageError(`--plan: ${opts.plan} is not a plan id`);
        if (!/^\d{4}$/.test(opts.year)) throw new UsageError(`--year: ${opts.year} is not a year (YYYY)`);
        const year = Number(opts.year);
        const without = new Set(
          (opts.without ?? '')
            .split(',')
            .map((id) => id.trim())
            .filter(Boolean),
        );
        await withExisting(
          opts,
          async (ctx) => {
            const actor = await actingUser(ctx, opts.as);
            const proposal = await proposeRollover(ctx, actor, opts.plan, year);
            const keep = <T extends { id: string }>(items: T[]) => items.filter((i) => !without.has(i.id));
            const activities = keep(proposal.activities);
            const objectives = keep(proposal.objectives);
            const indicators = keep(proposal.indicators).filter((i) => objectives.some((o) => o.id === i.objectiveId));
            if (opts.dryRun) {
              if (opts.json) {
                console.log(JSON.stringify({ ...proposal, activities, objectives, indicators }, null, 2));
                return;
              }
              console.log(
                `Draft plan ${proposal.periodStart}..${proposal.periodEnd} (dates moved by ${proposal.years} year(s)); nothing created.`,
              );
              printTable(
                ['KIND', 'ID', 'WHY', 'REF', 'PERIOD', 'WRITABLE'],
                [
                  ...activities.map((a) => [
                    'activity',
                    a.id,
                    a.reason,
                    a.refCode,
                    `${a.carriedPeriod.start}..${a.carriedPeriod.end}`,
                    a.writable ? 'yes' : 'no',
                  ]),
                  ...objectives.map((o) => ['objective', o.id, '', '', '', o.writable ? 'yes' : 'no']),
                  ...indicators.map((i) => [
                    'indicator',
                    i.id,
                    `baseline ${i.baselineValue} ${i.unit} on ${i.baselineDate}`,
                    '',
                    `..${i.targetDate}`,
                    i.writable ? 'yes' : 'no',
                  ]),
                ],
              );
              return;
            }
            const result = await rollOver(ctx, actor, opts.plan, {
              year,
              activityIds: activities.map((a) => a.id),
              objectiveIds: objectives.map((o) => o.id),
              indicatorIds: indicators.map((i) => i.id),
            });
            if (opts.json) console.log(JSON.stringify(result, null, 2));
            else
              console.log(
                `Draft plan ${result.planId} created: ${result.activities.length} activities, ${result.objectives.length} objectives, ${result.indicators.length} indicators carried.`,
              );
          },
          { sign: true },
        );
      },
    );
}
