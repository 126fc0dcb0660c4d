import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { allPages, LANGUAGE_OPTION, languageOf, printList, type ReaderOpts, readerOptions, titleIn } from '../reading.js';
import { actingUser, printTable, UsageError, withReadOnly } from '../runtime.js';

async function programmeId(id: string) {
  const { idSchema } = await import('../../domain/common.schema.js');
  if (!idSchema.safeParse(id).success) throw new UsageError(`${id} is not a programme id`);
  return id;
}

export function registerProgramme(program: Command) {
  const programme = program.command('programme').description('procurement programmes');

  readerOptions(
    programme
      .command('list')
      .description('list the procurement programmes the acting user may read')
      .option('--status <status>', 'only the programmes in this status')
      .option('--owner <party>', 'only the programmes this party owns (e.g. MAR)')
      .option(...LANGUAGE_OPTION)
      .option('--json', 'print JSON instead of a table'),
  ).action(async (opts: ReaderOpts & { status?: string; owner?: string; lang: string }) => {
    const lang = languageOf(opts);
    if (opts.owner !== undefined && !/^[A-Z]{3}$/.test(opts.owner)) throw new UsageError('--owner takes a party code, e.g. MAR');
    const [{ listProgrammes }, { PROGRAMME_STATUSES }] = await Promise.all([
      import('../../app/programme.usecases.js'),
      import('../../domain/programme.lifecycle.js'),
    ]);
    const status = opts.status === undefined ? undefined : PROGRAMME_STATUSES.find((s) => s === opts.status);
    if (opts.status !== undefined && !status) throw new UsageError(`--status takes one of ${PROGRAMME_STATUSES.join(', ')}`);
    await withReadOnly(opts, async (ctx) => {
      const actor = await actingUser(ctx, opts.as);
      const items = await allPages((page) => listProgrammes(ctx, actor, { status, owner: opts.owner, ...page }));
      printList(
        opts,
        items,
        `No programme that ${actor.username} may read.`,
        ['ID', 'STATUS', 'OWNER', 'CLASSIFICATION', 'REQUIRED BY', 'BUDGET CEILING', 'TITLE'],
        (p) => [
          p.id,
          p.status,
          p.ownerParty,
          p.classification,
          p.need.requiredBy,
          `${p.need.budgetCeiling.amount} ${p.need.budgetCeiling.currency}`,
          titleIn(p.title, lang),
        ],
      );
    });
  });

  readerOptions(
    programme
      .command('measures')
      .description('committed, paid and delivered, and milestones late, by party and programme, as of a day')
      .requiredOption('--currency <code>', 'the currency of every figure, e.g. MAD')
      .option('--on <date>', 'as of the end of this day, YYYY-MM-DD (default: today)')
      .option('--party <party>', "only this party's programmes")
      .option(...LANGUAGE_OPTION)
      .option('--json', 'print JSON instead of tables'),
  ).action(async (opts: ReaderOpts & { currency: string; on?: string; party?: string; lang: string }) => {
    const lang = languageOf(opts);
    const [{ programmeMeasures }, { programmeMeasuresQuerySchema }] = await Promise.all([
      import('../../app/programme-measures.usecases.js'),
      import('../../domain/programme-measures.js'),
    ]);
    const query = programmeMeasuresQuerySchema.safeParse({ currency: opts.currency, on: opts.on, party: opts.party });
    if (!query.success) throw new UsageError('--currency takes an ISO 4217 code, --on a date YYYY-MM-DD, --party a party code');
    await withReadOnly(opts, async (ctx) => {
      const actor = await actingUser(ctx, opts.as);
      // Totals cover every programme on each page; the programmes are read page by page, all of them.
      const m = await programmeMeasures(ctx, actor, { ...query.data, limit: 500 });
      for (let cursor = m.nextCursor; cursor !== null; ) {
        const next = await programmeMeasures(ctx, actor, { ...query.data, limit: 500, cursor });
        m.programmes.push(...next.programmes);
        cursor = next.nextCursor;
      }
      m.nextCursor = null;
      if (opts.json) {
        console.log(JSON.stringify(m, null, 2));
        return;
      }
      const figures = (f: (typeof m)['totals']) => [
        String(f.programmes),
        f.committed.amount,
        f.paid.amount,
        f.delivered.amount,
        String(f.lateMilestones),
      ];
      const head = ['PROGRAMMES', `COMMITTED ${m.currency}`, `PAID ${m.currency}`, `DELIVERED ${m.currency}`, 'LATE'];
      console.log(`As of ${m.on}, in ${m.currency}, over the programmes ${actor.username} may read:\n`);
      printTable(['PARTY', ...head], [...m.parties.map((p) => [p.party, ...figures(p)]), ['ALL', ...figures(m.totals)]]);
      if (m.programmes.length) {
        console.log('');
        printTable(
          ['ID', 'OWNER', 'STATUS', ...head.slice(1), 'TITLE'],
          m.programmes.map((p) => [p.id, p.ownerParty, p.status, ...figures(p).slice(1), titleIn(p.title, lang)]),
        );
      }
      if (m.rates.length) {
        console.log('\nRates used:');
        printTable(
          ['FROM', 'TO', 'RATE', 'DATE', 'SOURCE'],
          m.rates.map((r) => [r.from, r.to, `${r.rate}${r.inverted ? ' (inverse)' : ''}`, r.date, r.source]),
        );
      }
    });
  });

  readerOptions(programme.command('show <id>').description('show a programme: need, offers, contract, history (JSON)')).action(
    async (id: string, opts: ReaderOpts) => {
      await programmeId(id);
      const { getProgramme } = await import('../../app/programme.usecases.js');
      await withReadOnly(opts, async (ctx) => {
        const actor = await actingUser(ctx, opts.as);
        console.log(JSON.stringify(await getProgramme(ctx, actor, id), null, 2));
      });
    },
  );

  readerOptions(
    programme
      .command('export-ocds <id>')
      .description('write a programme as an OCDS 1.1 record package (JSON), with exact amounts')
      .option('--out <file>', 'write to this file instead of the standard output'),
  ).action(async (id: string, opts: ReaderOpts & { out?: string }) => {
    await programmeId(id);
    const [{ exportProgrammeOcds }, { ocdsJson }] = await Promise.all([
      import('../../app/programme.usecases.js'),
      import('../../domain/ocds.js'),
    ]);
    await withReadOnly(opts, async (ctx) => {
      const actor = await actingUser(ctx, opts.as);
      const text = `${ocdsJson(await exportProgrammeOcds(ctx, actor, id))}\n`;
      if (opts.out) {
        writeFileSync(opts.out, text);
        console.log(`Wrote ${opts.out}`);
      } else process.stdout.write(text);
    });
  });
}
