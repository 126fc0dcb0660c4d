import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { ImportChange } from '../../domain/exchange.schema.js';
import { actingUser, UsageError, withExisting } from '../runtime.js';

const DB_HELP = 'SQLite file or postgres:// URL (default: DATABASE_URL or data/jointplan.sqlite)';

async function readExchangeFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = path === '-' ? await readStdin() : await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${path} is not valid JSON (${(err as Error).message}); nothing was imported`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** One change of an import, one line: what the diff of the file against this installation says. */
function describeChange(c: ImportChange): string {
  const what = [c.path, c.refCode].filter(Boolean).join(' ');
  switch (c.action) {
    case 'create':
      return `${what}: created`;
    case 'update':
      return `${what}: ${(c.fields ?? []).map((f) => `${f.field} ${JSON.stringify(f.before)} → ${JSON.stringify(f.after)}`).join('; ')}`;
    case 'move':
      return `${what}: ${c.from} → ${c.to}`;
    case 'add':
      return `${what}: follow-up added`;
  }
}

export function registerExchange(program: Command) {
  program
    .command('export')
    .description('write the exchange file of a work plan (only what the acting user may read)')
    .requiredOption('--plan <id>', 'id of the work plan')
    .option('--as <username>', 'user the export acts as (default: JOINTPLAN_USER)')
    .option('--out <file>', 'file to write (default: standard output)')
    .option('--db <path>', DB_HELP)
    .action(async (opts: { plan: string; as?: string; out?: string; db?: string }) => {
      const { exportPlan } = await import('../../app/exchange.usecases.js');
      await withExisting(opts, async (ctx) => {
        const actor = await actingUser(ctx, opts.as);
        const file = await exportPlan(ctx, actor, opts.plan);
        const text = `${JSON.stringify(file, null, 2)}\n`;
        if (!opts.out) {
          process.stdout.write(text);
          return;
        }
        await writeFile(opts.out, text, 'utf8');
        console.error(`Plan ${opts.plan} exported to ${opts.out}: ${file.activities.length} activities.`);
      });
    });

  program
    .command('import')
    .description('import an exchange file as a user, all or nothing (FILE may be - for standard input)')
    .argument('<file>', 'exchange file (JSON)')
    .option('--as <username>', 'user the import acts as (default: JOINTPLAN_USER)')
    .option('--dry-run', 'print every change the import would make, and write nothing')
    .option('--db <path>', DB_HELP)
    .action(async (path: string, opts: { as?: string; db?: string; dryRun?: boolean }) => {
      const data = await readExchangeFile(path);
      const { importPlan } = await import('../../app/exchange.usecases.js');
      await withExisting(opts, async (ctx) => {
        const actor = await actingUser(ctx, opts.as);
        const r = await importPlan(ctx, actor, data, { dryRun: opts.dryRun === true });
        for (const c of r.changes) console.log(`  ${describeChange(c)}`);
        if (r.approvalsWithdrawn.length > 0)
          console.log(`  approvals withdrawn: ${r.approvalsWithdrawn.join(', ')} (they approve the new content again)`);
        console.log(
          (r.dryRun ? 'Dry run, nothing written: ' : '') +
            `Plan ${r.planId} ${r.planCreated ? 'created' : r.planUpdated ? 'updated' : 'unchanged'}: ` +
            `activities ${r.created.activities} created, ${r.updated.activities} updated, ${r.unchanged.activities} unchanged; ` +
            `follow-ups ${r.created.followUps} created, ${r.unchanged.followUps} unchanged; ` +
            `sources ${r.created.sources} created, ${r.unchanged.sources} unchanged.`,
        );
        for (const s of r.skipped) console.log(`  skipped ${s.path}: ${s.message}`);
      });
    });
}
