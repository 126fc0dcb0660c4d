import { type Command, InvalidArgumentError } from 'commander';
import { GENERATED_AS_OF, MAX_ACTIVITIES } from '../../demo/generate.constants.js';
import { withApp } from '../runtime.js';

function wholeNumber(name: string, max: number) {
  return (value: string) => {
    if (!/^\d+$/.test(value) || Number(value) > max)
      throw new InvalidArgumentError(`--${name} must be a whole number from 0 to ${max}.`);
    return Number(value);
  };
}

/** A progress bar on stderr when someone watches it; nothing when the output is piped or logged. */
async function progressBar() {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'activities {bar} {value}/{total} ({percentage}%) eta {eta_formatted}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (done: number, total: number) => {
      if (!started) bar.start(total, done);
      started = true;
      bar.update(done);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

export function registerGenerate(program: Command) {
  program
    .command('generate')
    .description('fill an empty database with a large synthetic data set, the same for the same seed')
    .option('--activities <n>', 'number of activities', wholeNumber('activities', MAX_ACTIVITIES), 100_000)
    .option('--seed <n>', 'seed of the pseudo-random generator', wholeNumber('seed', 0xffffffff), 1)
    .option('--db <path>', 'SQLite file or postgres:// URL (default: DATABASE_URL or data/jointplan.sqlite)')
    .action(async (opts: { activities: number; seed: number; db?: string }) => {
      const started = Date.now();
      const bar = await progressBar();
      const { generate } = await import('../../demo/generate.js');
      const summary = await withApp(opts, (ctx) =>
        generate(ctx, { activities: opts.activities, seed: opts.seed, onProgress: bar.update }).finally(bar.stop),
      );
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        [
          `Generated in ${seconds} s (seed ${summary.seed}, dates relative to ${GENERATED_AS_OF}):`,
          `  ${summary.parties} parties, ${summary.users} users, ${summary.commissions} commissions, ${summary.plans} plans,`,
          `  ${summary.activities} activities, ${summary.followUps} follow-ups, ${summary.auditEntries} audit entries.`,
          `Accounts: <party>.planner and <party>.viewer (e.g. mar.planner), password ${summary.password}.`,
          `API token of ${summary.partnerViewer.username} (shown once): ${summary.partnerViewer.token}`,
          `A plan it reads: ${summary.partnerViewer.planId}`,
        ].join('\n'),
      );
    });
}
