import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { verifyAudit } from '../../app/audit.usecases.js';
import { withApp } from '../runtime.js';

/** Exit status when the chain is broken, apart from usage errors (2). */
const BROKEN_CHAIN = 1;

export function registerAudit(program: Command) {
  const audit = program.command('audit').description('the hash-chained audit log');

  audit
    .command('verify')
    .description('walk the audit chain and report the first entry that was edited, removed, inserted or reordered')
    .option('--db <path>', 'SQLite file or postgres:// URL (default: DATABASE_URL or data/jointplan.sqlite)')
    .action(async (opts: { db?: string }) => {
      await withApp(opts, async (ctx) => {
        // A progress bar only for a person watching; logs and pipes get the result alone.
        const bar = process.stderr.isTTY
          ? new cliProgress.SingleBar(
              { stream: process.stderr, format: 'verifying {bar} {value}/{total} entries' },
              cliProgress.Presets.shades_classic,
            )
          : null;
        let started = false;
        const result = await verifyAudit(ctx, (done, total) => {
          if (!bar) return;
          if (!started) bar.start(total, 0);
          started = true;
          bar.update(done);
        });
        if (started) bar?.stop();
        if (result.ok) {
          console.log(`${result.count} entries verified`);
          return;
        }
        console.error(
          `jointplan: audit chain broken at seq ${result.first.seq}: ${result.first.problem}.\nEntries before it are intact. Keep a copy of the database as it is and tell the security officer.`,
        );
        process.exitCode = BROKEN_CHAIN;
      });
    });
}
