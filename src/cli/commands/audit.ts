import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { auditHead, verifyAudit } from '../../app/audit.usecases.js';
import { UsageError, withApp } from '../runtime.js';

/** Exit status when the chain is broken, apart from usage errors (2). */
const BROKEN_CHAIN = 1;

function parseAnchor(text: string) {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (!m) throw new UsageError('--expect takes SEQ:HASH as printed by `jointplan audit head`');
  return { seq: Number(m[1]), hash: m[2] ?? '' };
}

export function registerAudit(program: Command) {
  const audit = program.command('audit').description('the hash-chained audit log');

  audit
    .command('verify')
    .description('walk the audit chain and report the first entry that was edited, removed, inserted or reordered')
    .option('--db <path>', 'SQLite file or postgres:// URL (default: DATABASE_URL or data/jointplan.sqlite)')
    .option('--expect <seq:hash>', 'a head printed earlier by `audit head` or `audit verify`, which must still be in the chain')
    .action(async (opts: { db?: string; expect?: string }) => {
      const anchor = opts.expect === undefined ? undefined : parseAnchor(opts.expect);
      await withApp(opts, async (ctx) => {
        // A progress bar only for a person watching; logs and pipes get the result alone.
        const bar = process.stderr.isTTY
          ? new cliProgress.SingleBar(
              { stream: process.stderr, format: 'verifying {bar} {value}/{total} entries' },
              cliProgress.Presets.shades_classic,
            )
          : null;
        let started = false;
        const result = await verifyAudit(
          ctx,
          (done, total) => {
            if (!bar) return;
            if (!started) bar.start(total, 0);
            started = true;
            bar.update(done);
          },
          anchor,
        );
        if (started) bar?.stop();
        if (result.ok) {
          console.log(`${result.count} entries verified; head ${result.head.seq}:${result.head.hash}`);
          return;
        }
        console.error(
          `jointplan: audit chain broken at seq ${result.first.seq}: ${result.first.problem}.\nEntries before it are intact. Keep a copy of the database as it is and tell the security officer.`,
        );
        process.exitCode = BROKEN_CHAIN;
      });
    });

  audit
    .command('head')
    .description('print the last entry of the chain as SEQ:HASH; keep it elsewhere to detect later truncation')
    .option('--db <path>', 'SQLite file or postgres:// URL (default: DATABASE_URL or data/jointplan.sqlite)')
    .action(async (opts: { db?: string }) => {
      await withApp(opts, async (ctx) => {
        const head = await auditHead(ctx);
        console.log(`${head.seq}:${head.hash}`);
      });
    });
}
