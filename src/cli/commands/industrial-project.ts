import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { actingUser, printTable, UsageError, withExisting, withReadOnly } from '../runtime.js';

const LANGUAGES = ['fr', 'en', 'ar', 'he'] as const;
type Language = (typeof LANGUAGES)[number];

const titleIn = (title: Partial<Record<Language, string>>, lang: Language) =>
  title[lang] ?? LANGUAGES.map((l) => title[l]).find(Boolean) ?? '';

type Opts = { as?: string; json?: boolean; db?: string };
type ListOpts = Opts & { status?: string; kind?: string; owner?: string; lang: string };

const common = (c: Command) =>
  c
    .option('--as <username>', 'user the answer is for (default: JOINTPLAN_USER)')
    .option('--db <path>', 'SQLite file or postgres:// URL (default: DATABASE_URL or data/jointplan.sqlite)');

const filters = (c: Command) =>
  c
    .option('--status <status>', 'only the projects in this status')
    .option('--kind <kind>', 'only the projects of this kind (e.g. production_site)')
    .option('--owner <party>', 'only the projects this party owns (e.g. MAR)');

function languageOf(opts: { lang: string }): Language {
  const lang = LANGUAGES.find((l) => l === opts.lang);
  if (!lang) throw new UsageError(`--lang takes one of ${LANGUAGES.join(', ')}`);
  return lang;
}

/** The list's filters, checked as the API checks them. */
async function queryOf(opts: ListOpts) {
  const [{ PROJECT_STATUSES }, { PROJECT_KINDS }] = await Promise.all([
    import('../../domain/industrial-project.lifecycle.js'),
    import('../../domain/industrial-project.schema.js'),
  ]);
  const status = opts.status === undefined ? undefined : PROJECT_STATUSES.find((s) => s === opts.status);
  if (opts.status !== undefined && !status) throw new UsageError(`--status takes one of ${PROJECT_STATUSES.join(', ')}`);
  const kind = opts.kind === undefined ? undefined : PROJECT_KINDS.find((k) => k === opts.kind);
  if (opts.kind !== undefined && !kind) throw new UsageError(`--kind takes one of ${PROJECT_KINDS.join(', ')}`);
  if (opts.owner !== undefined && !/^[A-Z]{3}$/.test(opts.owner)) throw new UsageError('--owner takes a party code, e.g. MAR');
  return { status, kind, owner: opts.owner };
}

export function registerIndustrialProject(program: Command) {
  const project = program.command('project').description('industrial projects: production sites, joint ventures, transfers');

  common(
    filters(project.command('list').description('list the industrial projects the acting user may read'))
      .option('--lang <lang>', `language of the titles: ${LANGUAGES.join(', ')}`, 'fr')
      .option('--json', 'print JSON instead of a table'),
  ).action(async (opts: ListOpts) => {
    const lang = languageOf(opts);
    const query = await queryOf(opts);
    const { listProjects } = await import('../../app/industrial-project.usecases.js');
    await withReadOnly(opts, async (ctx) => {
      const actor = await actingUser(ctx, opts.as);
      const items = [];
      let cursor: string | undefined;
      do {
        const page = await listProjects(ctx, actor, { ...query, cursor, limit: 500 });
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      if (opts.json) {
        console.log(JSON.stringify(items, null, 2));
        return;
      }
      if (!items.length) {
        console.log(`No industrial project that ${actor.username} may read.`);
        return;
      }
      printTable(
        ['ID', 'STATUS', 'KIND', 'OWNER', 'CLASSIFICATION', 'SITE', 'BUDGET', 'JOBS', 'TITLE'],
        items.map((p) => [
          p.id,
          p.status,
          p.kind,
          p.ownerParty,
          p.classification,
          p.site.place,
          `${p.budget.amount} ${p.budget.currency}`,
          `${p.jobsCreated}/${p.jobsPlanned}`,
          titleIn(p.title, lang),
        ]),
      );
    });
  });

  common(
    project
      .command('show <id>')
      .description('show an industrial project: partners, commitments, milestones, transfers, progress (JSON)'),
  ).action(async (id: string, opts: Opts) => {
    const { idSchema } = await import('../../domain/common.schema.js');
    if (!idSchema.safeParse(id).success) throw new UsageError(`${id} is not a project id`);
    const { getProject } = await import('../../app/industrial-project.usecases.js');
    await withReadOnly(opts, async (ctx) => {
      const actor = await actingUser(ctx, opts.as);
      console.log(JSON.stringify(await getProject(ctx, actor, id), null, 2));
    });
  });

  common(
    filters(
      project
        .command('export')
        .description('write every industrial project the acting user may read, in full, with its history, as JSON (audited)')
        .option('--json', 'JSON (the one format of the export)')
        .option('--out <file>', 'write to this file instead of the standard output'),
    ),
  ).action(async (opts: ListOpts & { out?: string }) => {
    const query = await queryOf(opts);
    const { exportProjects } = await import('../../app/industrial-project.usecases.js');
    // Not read-only: an export is audited, one entry per project under its label.
    await withExisting(opts, async (ctx) => {
      const actor = await actingUser(ctx, opts.as);
      const projects = await exportProjects(ctx, actor, query);
      const text = `${JSON.stringify({ exportedFor: actor.username, projects }, null, 2)}\n`;
      if (opts.out) {
        writeFileSync(opts.out, text);
        console.log(`Wrote ${projects.length} project(s) to ${opts.out}`);
      } else process.stdout.write(text);
    });
  });
}
