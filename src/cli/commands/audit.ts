import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { auditPaths, UsageError, withExisting, withReadOnly } from '../runtime.js';

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
    .description(
      'walk the audit chain, check it against the signed checkpoints, and report the first entry that was edited, removed, inserted, reordered or rewritten',
    )
    .option('--db <path>', 'SQLite file or postgres:// URL (default: DATABASE_URL or data/jointplan.sqlite)')
    .option('--expect <seq:hash>', 'a head printed earlier by `audit head` or `audit verify`, which must still be in the chain')
    .option('--key <file>', 'the signing key or its public key, PEM (default: JOINTPLAN_AUDIT_KEY_FILE or beside the database)')
    .option(
      '--checkpoints <file>',
      'the signed checkpoints, one JSON per line (default: JOINTPLAN_AUDIT_CHECKPOINTS or beside the database)',
    )
    .action(async (opts: { db?: string; expect?: string; key?: string; checkpoints?: string }) => {
      const anchor = opts.expect === undefined ? undefined : parseAnchor(opts.expect);
      const [{ verifyAudit }, { loadVerifyKey, readCheckpoints }, { default: cliProgress }] = await Promise.all([
        import('../../app/audit.usecases.js'),
        import('../../store/audit-signing.js'),
        import('cli-progress'),
      ]);
      const paths = await auditPaths(opts);
      const keyFile = opts.key ?? paths.keyFile;
      const checkpointFile = opts.checkpoints ?? paths.checkpointFile;
      if (opts.key !== undefined && !existsSync(opts.key)) throw new UsageError(`--key: no file ${opts.key}`);
      if (opts.checkpoints !== undefined && !existsSync(opts.checkpoints))
        throw new UsageError(`--checkpoints: no file ${opts.checkpoints}`);
      const key = loadVerifyKey(keyFile);
      const filed = readCheckpoints(checkpointFile);
      await withExisting(
        opts,
        async (ctx) => {
          // A progress bar only for a person watching; logs and pipes get the result alone.
          const bar = process.stderr.isTTY
            ? new cliProgress.SingleBar(
                { stream: process.stderr, format: 'verifying {bar} {value}/{total} entries' },
                cliProgress.Presets.shades_classic,
              )
            : null;
          let started = false;
          const result = await verifyAudit(ctx, {
            onProgress: (done, total) => {
              if (!bar) return;
              if (!started) bar.start(total, 0);
              started = true;
              bar.update(done);
            },
            anchor,
            key,
            checkpoints: filed.checkpoints,
          });
          if (started) bar?.stop();
          if (!key)
            console.error(
              `jointplan: warning: no signing key at ${keyFile}; only the hashes were checked, which do not show entries cut from the end or a chain rewritten with new hashes.`,
            );
          else if (filed.checkpoints.length === 0)
            console.error(
              `jointplan: warning: no checkpoints in ${checkpointFile}; entries cut from the end of the chain would not show.`,
            );
          for (const line of filed.unreadable)
            console.error(`jointplan: ${checkpointFile} line ${line} is not a signed checkpoint.`);
          if (result.ok && filed.unreadable.length === 0) {
            console.log(`${result.count} entries verified; head ${result.head.seq}:${result.head.hash}`);
            if (key) console.log(`${result.checkpoints} signed checkpoints hold (key ${key.keyId})`);
            return;
          }
          if (!result.ok) {
            for (const c of result.checkpointProblems)
              console.error(
                `jointplan: the checkpoint at line ${c.line} of ${checkpointFile} (size ${c.treeSize}) ${c.problem}.`,
              );
            if (result.first)
              console.error(
                `jointplan: audit chain broken at seq ${result.first.seq}: ${result.first.problem}.\nEntries before it are intact. Keep a copy of the database as it is and tell the security officer.`,
              );
          }
          process.exitCode = BROKEN_CHAIN;
        },
        { sign: false },
      );
    });

  audit
    .command('key')
    .description('print the public key that signs the audit chain (PEM) and its fingerprint; makes the key if there is none')
    .option('--db <path>', 'SQLite file or postgres:// URL (default: DATABASE_URL or data/jointplan.sqlite)')
    .action(async (opts: { db?: string }) => {
      await withExisting(opts, async (ctx) => {
        const signing = ctx.auditSigning;
        if (!signing) throw new UsageError('no audit signing key');
        process.stdout.write(signing.publicKey.export({ type: 'spki', format: 'pem' }).toString());
        console.log(`key id: ${signing.keyId}`);
        console.log(`key file: ${signing.paths.keyFile}`);
        console.log(`checkpoints: ${signing.paths.checkpointFile}`);
      });
    });

  audit
    .command('head')
    .description('print the last entry of the chain as SEQ:HASH; keep it elsewhere to detect later truncation')
    .option('--db <path>', 'SQLite file or postgres:// URL (default: DATABASE_URL or data/jointplan.sqlite)')
    .action(async (opts: { db?: string }) => {
      const { auditHead } = await import('../../app/audit.usecases.js');
      await withReadOnly(opts, async (ctx) => {
        const head = await auditHead(ctx);
        console.log(`${head.seq}:${head.hash}`);
      });
    });
}
