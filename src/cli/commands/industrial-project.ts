import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { allPages, LANGUAGE_OPTION, languageOf, printList, type ReaderOpts, readerOptions, titleIn } from '../reading.js';
import { actingUser, UsageError, withExisting, withReadOnly } from '../runtime.js';

type ListOpts = ReaderOpts & { status?: string; kind?: string; owner?: string; lang: string };

const filters = (c: Command) =>
  c
    .option('--status <status>', 'only the projects in this status')
    .option('--kind <kind>', 'only the projects of this kind (e.g. production_site)')
    .option('--owner <party>', 'only the projects this party owns (e.g. MAR)');

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

  readerOptions(
    filters(project.command('list').description('list the industrial projects the acting user may read'))
      .option(...LANGUAGE_OPTION)
      .option('--json', 'print JSON instead of a table'),
  ).action(async (opts: ListOpts) => {
    const lang = languageOf(opts);
    const query = await queryOf(opts);
    const { listProjects } = await import('../../app/industrial-project.usecases.js');
    await withReadOnly(opts, async (ctx) => {
      const actor = await actingUser(ctx, opts.as);
      const items = await allPages((page) => listProjects(ctx, actor, { ...query, ...page }));
      printList(
        opts,
        items,
        `No industrial project that ${actor.username} may read.`,
        ['ID', 'STATUS', 'KIND', 'OWNER', 'CLASSIFICATION', 'SITE', 'BUDGET', 'JOBS', 'TITLE'],
        (p) => [
          p.id,
          p.status,
          p.kind,
          p.ownerParty,
          p.classification,
          p.site.place,
          `${p.budget.amount} ${p.budget.currency}`,
          `${p.jobsCreated}/${p.jobsPlanned}`,
          titleIn(p.title, lang),
        ],
      );
    });
  });

  readerOptions(
    project
      .command('show <id>')
      .description(
        'show an industrial project: partners, commitments, milestones, transfers, progress, and the measurements of its jobs created and local content reached (JSON)',
      ),
  ).action(async (id: string, opts: ReaderOpts) => {
    const { idSchema } = await import('../../domain/common.schema.js');
    if (!idSchema.safeParse(id).success) throw new UsageError(`${id} is not a project id`);
    const { getProject, getProjectMeasurements } = await import('../../app/industrial-project.usecases.js');
    await withReadOnly(opts, async (ctx) => {
      const actor = await actingUser(ctx, opts.as);
      const project = await getProject(ctx, actor, id);
      const { id: _i, version: _v, ...measurements } = await getProjectMeasurements(ctx, actor, id);
      console.log(JSON.stringify({ ...project, measurements }, null, 2));
    });
  });

  readerOptions(
    filters(
      project
        .command('export')
        .description(
          'write every industrial project the acting user may read, in full, with its history and measurements, as JSON (audited)',
        )
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
