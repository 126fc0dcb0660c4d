import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { actingUser, printTable, UsageError, withExisting, withReadOnly } from '../runtime.js';

/** The languages a workbook is written in (the documents'), named here so that the command loads no schema to check one. */
const WORKBOOK_LANGUAGES = ['fr', 'en', 'ar', 'he'] as const;

type LedgerOpts = {
  as?: string;
  db?: string;
  json?: boolean;
  contract?: string;
  party?: string;
  on?: string;
  currency?: string;
  xlsx?: string;
  lang?: string;
};

type ObligationsOpts = {
  as?: string;
  db?: string;
  json?: boolean;
  programme?: string;
  party?: string;
  limit?: string;
  cursor?: string;
};

export function registerOffset(program: Command) {
  const offset = program.command('offset').description('offset obligations, credit claims and the ledger');

  offset
    .command('obligations')
    .description('list the offset obligations the acting user may read, by deadline')
    .option('--programme <programmeId>', "only the obligations of this programme's contract")
    .option('--party <party>', 'only the obligations this party owes or is owed (e.g. MAR)')
    .option('--limit <n>', 'print one page of at most n obligations (1 to 500) and the cursor of the next')
    .option('--cursor <cursor>', 'print the page after the one that gave this cursor')
    .option('--json', 'print JSON instead of a table')
    .option('--as <username>', 'user the answer is for (default: JOINTPLAN_USER)')
    .option('--db <path>', 'SQLite file or postgres:// URL (default: DATABASE_URL or data/jointplan.sqlite)')
    .action(async (opts: ObligationsOpts) => {
      const [{ listObligations }, { obligationListQuerySchema }] = await Promise.all([
        import('../../app/offset.usecases.js'),
        import('../../domain/offset.schema.js'),
      ]);
      // One page when --limit or --cursor is given; else every page.
      const onePage = opts.limit !== undefined || opts.cursor !== undefined;
      if (opts.limit !== undefined && !/^\d+$/.test(opts.limit)) throw new UsageError('--limit: a whole number from 1 to 500');
      const parsed = obligationListQuerySchema.safeParse({
        programmeId: opts.programme,
        party: opts.party,
        cursor: opts.cursor,
        limit: opts.limit === undefined ? 500 : Number(opts.limit),
      });
      if (!parsed.success)
        throw new UsageError(
          parsed.error.issues
            .map((i) => `--${i.path[0] === 'programmeId' ? 'programme' : String(i.path[0] ?? 'party')}: ${i.message}`)
            .join('; '),
        );
      await withReadOnly(opts, async (ctx) => {
        const actor = await actingUser(ctx, opts.as);
        // Page after page of the keyset list, so that a long list is read in bounded steps.
        const items = [];
        let next: string | null = null;
        for (let cursor = parsed.data.cursor, more = true; more; ) {
          const page = await listObligations(ctx, actor, { ...parsed.data, cursor });
          items.push(...page.items);
          next = page.nextCursor;
          cursor = page.nextCursor ?? undefined;
          more = !onePage && cursor !== undefined;
        }
        if (opts.json) {
          console.log(JSON.stringify(onePage ? { items, nextCursor: next } : items, null, 2));
          return;
        }
        if (!items.length) {
          console.log(`No offset obligation that ${actor.username} may read.`);
          return;
        }
        printTable(
          ['ID', 'PROGRAMME', 'OWES', 'OWED TO', 'CLASSIFICATION', 'DEADLINE', 'AMOUNT'],
          items.map((o) => [
            o.id,
            o.programmeId,
            o.obligorParty,
            o.beneficiaryParty,
            o.classification,
            o.deadline,
            `${o.amount.amount} ${o.amount.currency}`,
          ]),
        );
        if (onePage && next) console.log(`Next page: --cursor ${next}`);
      });
    });

  offset
    .command('ledger')
    .description('the offset ledger of one contract or one party, as of a day, over what the acting user may read')
    .option('--contract <programmeId>', "the programme whose contract's obligations to show")
    .option('--party <party>', 'the obligations this party owes or is owed (e.g. MAR)')
    .option('--on <date>', 'as of the end of this day (YYYY-MM-DD; default: today)')
    .option('--currency <code>', "the currency of every figure (default: the obligations' own, when they share one)")
    .option('--json', 'print JSON instead of a table')
    .option('--xlsx <file>', 'write the ledger as a workbook to this file instead (audited as an export)')
    .option('--lang <code>', 'language of the workbook: fr, en, ar or he (default: en)')
    .option('--as <username>', 'user the answer is for (default: JOINTPLAN_USER)')
    .option('--db <path>', 'SQLite file or postgres:// URL (default: DATABASE_URL or data/jointplan.sqlite)')
    .action(async (opts: LedgerOpts) => {
      if ((opts.contract === undefined) === (opts.party === undefined)) throw new UsageError('give either --contract or --party');
      const lang = WORKBOOK_LANGUAGES.find((l) => l === (opts.lang ?? 'en'));
      if (!lang) throw new UsageError(`--lang: one of ${WORKBOOK_LANGUAGES.join(', ')}`);
      const [{ offsetLedger, exportOffsetLedgerWorkbook }, { ledgerQuerySchema }] = await Promise.all([
        import('../../app/offset.usecases.js'),
        import('../../domain/offset-ledger.js'),
      ]);
      const parsed = ledgerQuerySchema.safeParse({
        contract: opts.contract,
        party: opts.party,
        on: opts.on,
        currency: opts.currency,
      });
      if (!parsed.success)
        throw new UsageError(parsed.error.issues.map((i) => `--${String(i.path[0] ?? 'contract')}: ${i.message}`).join('; '));
      // A workbook is an export, audited (and signed): the table and JSON audit nothing (they may keep the sums they
      // worked out for readers alike, as any read of a ledger does, without waiting for another writer).
      const run = opts.xlsx ? withExisting : withReadOnly;
      await run(opts, async (ctx) => {
        const actor = await actingUser(ctx, opts.as);
        if (opts.xlsx) {
          writeFileSync(opts.xlsx, await exportOffsetLedgerWorkbook(ctx, actor, parsed.data, lang));
          console.log(`Wrote ${opts.xlsx}.`);
          return;
        }
        const ledger = await offsetLedger(ctx, actor, parsed.data);
        if (opts.json) {
          console.log(JSON.stringify(ledger, null, 2));
          return;
        }
        if (!ledger.lines.length) {
          console.log(`No offset obligation that ${actor.username} may read, as of ${ledger.on}.`);
          return;
        }
        const figures = ['obligation', 'granted', 'pending', 'bankedIn', 'bankedOut', 'shortfall', 'penaltyDue'] as const;
        printTable(
          ['OBLIGATION ID', 'OWES', 'OWED TO', 'DEADLINE', ...figures.map((f) => f.toUpperCase())],
          [
            ...ledger.lines.map((l) => [
              l.obligationId,
              l.obligorParty,
              l.beneficiaryParty,
              l.deadline,
              ...figures.map((f) => l[f].amount),
            ]),
            ['TOTAL', '', '', '', ...figures.map((f) => ledger.totals[f].amount)],
          ],
        );
        console.log(`As of ${ledger.on}, in ${ledger.currency}.`);
        for (const l of ledger.lines)
          if (l.rate)
            console.log(`${l.obligationId}: 1 ${l.rate.from} = ${l.rate.rate} ${l.rate.to} (${l.rate.date}, ${l.rate.source})`);
      });
    });
}
