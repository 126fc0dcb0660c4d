import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { AppContext } from '../../app/context.js';
import type { ImportChange } from '../../domain/exchange.schema.js';
import { actingUser, auditPaths, UsageError, withExisting } from '../runtime.js';

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

interface SetupOptions {
  db?: string;
  policy?: string;
  key?: string;
  alg?: string;
}

const POLICY_HELP = 'security policy file of this installation (default: JOINTPLAN_SECURITY_POLICY)';
const KEY_HELP =
  'exchange signing key, PKCS#8 PEM, made on first use (default: JOINTPLAN_EXCHANGE_KEY_FILE or beside the audit key)';
const ALG_HELP = 'algorithm of a new exchange key: Ed25519 or ES256 (default: JOINTPLAN_EXCHANGE_KEY_ALG or Ed25519)';

/** The installation's policy and exchange key, as the options and environment say. */
async function exchangeSetup(opts: SetupOptions) {
  const { exchangePaths, loadExchangeSetup } = await import('../../store/exchange-setup.js');
  const paths = exchangePaths((await auditPaths(opts)).keyFile, process.env, opts);
  if (!paths.policyFile) throw new UsageError('say which security policy: --policy FILE (or JOINTPLAN_SECURITY_POLICY)');
  const setup = loadExchangeSetup(paths);
  if (setup.created) console.error(`Made the exchange signing key ${paths.keyFile} (${setup.key.alg}).`);
  return setup;
}

async function readJson(path: string): Promise<unknown> {
  return readExchangeFile(path);
}

/** Bundles between installations: keys, export, import, and the partners' records received. */
function registerBundles(program: Command) {
  const exchange = program
    .command('exchange')
    .description('signed bundles between installations (docs/exchange.md); the plain plan files are `export` and `import`');
  const withSetup = (c: Command) =>
    c
      .option('--policy <file>', POLICY_HELP)
      .option('--key <file>', KEY_HELP)
      .option('--alg <alg>', ALG_HELP)
      .option('--db <path>', DB_HELP);

  withSetup(
    exchange
      .command('key')
      .description(
        "print this installation's public key records (exchange and audit keys) to hand to partners at the key ceremony",
      )
      .option('--expires <date>', 'when partners stop trusting the keys (ISO 8601)', defaultExpiry())
      .option('--out <file>', 'file to write (default: standard output)'),
  ).action(async (opts: SetupOptions & { expires: string; out?: string }) => {
    const setup = await exchangeSetup(opts);
    const { ceremonyRecords } = await import('../../app/exchange-bundle.usecases.js');
    await withExisting(opts, async (ctx: AppContext) => {
      const records = ceremonyRecords(ctx, setup, new Date(opts.expires).toISOString());
      const text = `${JSON.stringify(records, null, 2)}\n`;
      if (opts.out) await writeFile(opts.out, text, 'utf8');
      else process.stdout.write(text);
      for (const r of records) console.error(`${r.use} key ${r.keyId}: fingerprint ${r.fingerprint}`);
    });
  });

  withSetup(
    exchange
      .command('trust')
      .description(
        "add public key records to the keyring: this installation's own, or a partner's once the fingerprints were compared by voice",
      )
      .argument('<file>', 'key records (JSON), as `exchange key` prints them')
      .option('--as <username>', 'security officer acting (default: JOINTPLAN_USER)'),
  ).action(async (path: string, opts: SetupOptions & { as?: string }) => {
    const setup = await exchangeSetup(opts);
    const input = await readJson(path);
    const { trustKeys } = await import('../../app/exchange-bundle.usecases.js');
    await withExisting(opts, async (ctx) => {
      const actor = await actingUser(ctx, opts.as);
      for (const k of await trustKeys(ctx, actor, setup, input))
        console.log(`Trusted ${k.own ? 'own' : 'partner'} ${k.use} key ${k.keyId}: fingerprint ${k.fingerprint}`);
    });
  });

  withSetup(
    exchange
      .command('statement')
      .description("apply a partner's key statement (rotation or revocation) to the keyring")
      .argument('<file>', 'signed key statement (JSON)')
      .option('--as <username>', 'security officer acting (default: JOINTPLAN_USER)'),
  ).action(async (path: string, opts: SetupOptions & { as?: string }) => {
    const setup = await exchangeSetup(opts);
    const input = await readJson(path);
    const { applyStatement } = await import('../../app/exchange-bundle.usecases.js');
    await withExisting(opts, async (ctx) => {
      const actor = await actingUser(ctx, opts.as);
      for (const k of await applyStatement(ctx, actor, setup, input))
        console.log(
          `${k.use} key ${k.keyId}: ${k.revokedAt ? `revoked at ${k.revokedAt}` : k.rotatedOutAt ? `replaced by ${k.replacedBy} at ${k.rotatedOutAt}` : 'trusted'}`,
        );
    });
  });

  withSetup(
    exchange
      .command('export')
      .description(
        'write the next signed bundle for a partner party: what its agreement lets it read, changed since its last acknowledgement',
      )
      .requiredOption('--to <party>', 'the partner party (e.g. ISR)')
      .requiredOption('--out <file>', 'bundle file to write')
      .option('--valid-days <days>', 'days the bundle may wait before it is applied', '7')
      .option('--as <username>', 'security officer acting (default: JOINTPLAN_USER)'),
  ).action(async (opts: SetupOptions & { to: string; out: string; validDays: string; as?: string }) => {
    const validDays = Number(opts.validDays);
    if (!Number.isInteger(validDays) || validDays < 1 || validDays > 90) throw new UsageError('--valid-days takes 1 to 90');
    const setup = await exchangeSetup(opts);
    const { exportBundle } = await import('../../app/exchange-bundle.usecases.js');
    await withExisting(opts, async (ctx) => {
      const actor = await actingUser(ctx, opts.as);
      const s = await exportBundle(ctx, actor, setup, opts.to.toUpperCase(), opts.out, { validDays });
      console.log(
        `Bundle ${s.sequence} for ${s.recipient.installation} (${s.recipient.party}) written to ${opts.out}: ` +
          `${s.records.plan} plans, ${s.records.activity} activities, ${s.records.follow_up} follow-ups ` +
          `${s.since ? `changed since ${s.since}` : '(everything)'}; ${s.bytes} bytes; id ${s.bundleId}.`,
      );
    });
  });

  withSetup(
    exchange
      .command('import')
      .description(
        "apply a partner's signed bundle, all or nothing; a refused bundle changes nothing and is logged with its reason",
      )
      .argument('<file>', 'bundle file')
      .option('--as <username>', 'security officer acting (default: JOINTPLAN_USER)')
      .option('--records', 'list what became of each record'),
  ).action(async (path: string, opts: SetupOptions & { as?: string; records?: boolean }) => {
    const setup = await exchangeSetup(opts);
    const { createReadStream, existsSync } = await import('node:fs');
    if (!existsSync(path)) throw new UsageError(`no file ${path}`);
    const { importBundle, importedRecords } = await import('../../app/exchange-bundle.usecases.js');
    await withExisting(opts, async (ctx) => {
      const actor = await actingUser(ctx, opts.as);
      const r = await importBundle(ctx, actor, setup, createReadStream(path, { highWaterMark: 64 * 1024 }));
      if (opts.records) {
        // The report gives the first page; the rest is read a page at a time, never held whole.
        let page = { items: r.records, nextCursor: r.nextCursor };
        for (;;) {
          for (const x of page.items) console.log(`  ${x.kind} ${x.id}: ${x.action}`);
          if (!page.nextCursor) break;
          page = await importedRecords(ctx, actor, setup.policy, r.bundleId, { cursor: page.nextCursor, limit: 500 });
        }
      }
      console.log(
        `Bundle ${r.sequence} from ${r.sender.installation} (${r.sender.party}) applied: ` +
          `${r.counts.created} created, ${r.counts.updated} updated, ${r.counts.unchanged} unchanged` +
          `${r.acknowledged ? `; it acknowledges our bundle ${r.acknowledged}` : ''}.`,
      );
    });
  });

  withSetup(
    exchange
      .command('received')
      .description(
        "list the partners' records the acting user may read (read-only copies): party, installation, kind, id, version, marking, title",
      )
      .option('--kind <kind>', 'plan, activity or follow_up')
      .option('--lang <lang>', 'language of the markings: fr, en, ar or he', 'en')
      .option('--as <username>', 'user acting (default: JOINTPLAN_USER)'),
  ).action(async (opts: SetupOptions & { kind?: string; lang: string; as?: string }) => {
    if (opts.kind && !['plan', 'activity', 'follow_up'].includes(opts.kind))
      throw new UsageError('--kind is plan, activity or follow_up');
    if (!['fr', 'en', 'ar', 'he'].includes(opts.lang)) throw new UsageError('--lang is fr, en, ar or he');
    const setup = await exchangeSetup(opts);
    const { listReceivedPage } = await import('../../app/exchange-approval.usecases.js');
    await withExisting(
      opts,
      async (ctx) => {
        const actor = await actingUser(ctx, opts.as);
        // A page at a time, as the route reads them: the copies received may run to hundreds of thousands.
        let count = 0;
        for (let cursor: string | undefined, more = true; more; ) {
          const page = await listReceivedPage(ctx, actor, setup.policy, {
            kind: opts.kind as never,
            lang: opts.lang as never,
            cursor,
            limit: 500,
          });
          for (const r of page.items) {
            const title =
              (r.data.title as Record<string, string> | undefined)?.[opts.lang] ?? r.data.refCode ?? r.data.body ?? '';
            // The installation too: an id may come from two, which `exchange approve --from` tells apart.
            console.log(
              `${r.originator.party}\t${r.originator.installation}\t${r.kind}\t${r.id}\tv${r.version}\t${r.marking}\t${String(title).slice(0, 80)}`,
            );
          }
          count += page.items.length;
          cursor = page.nextCursor ?? undefined;
          more = page.nextCursor !== null;
        }
        console.error(`${count} record(s).`);
      },
      { sign: false },
    );
  });

  withSetup(
    exchange
      .command('approve')
      .description(
        "approve, for the installation's party, a partner's plan received here: the approval names the plan's version and goes back to its originator alone in the next bundle",
      )
      .requiredOption('--plan <id>', "the received plan's id")
      .option('--plan-version <n>', 'the version of the plan you read, as `exchange received --kind plan` lists it (required)')
      .option(
        '--from <installation>',
        'the installation the plan came from, as `exchange received` lists it: required when the id was received from several',
      )
      .option('--as <username>', 'user acting (default: JOINTPLAN_USER)'),
  ).action(async (opts: SetupOptions & { plan: string; planVersion?: string; from?: string; as?: string }) => {
    // The API asks the version read; so does the command line: a newer version received meanwhile is refused as stale,
    // never approved unread.
    if (opts.planVersion === undefined)
      throw new UsageError(
        '--plan-version is required: the version of the plan you read, as `jointplan exchange received --kind plan` lists it',
      );
    const version = Number(opts.planVersion);
    if (!(Number.isInteger(version) && version >= 1)) throw new UsageError('--plan-version is a whole number from 1');
    const setup = await exchangeSetup(opts);
    const { approveReceivedPlan } = await import('../../app/exchange-approval.usecases.js');
    await withExisting(opts, async (ctx) => {
      const actor = await actingUser(ctx, opts.as);
      const a = await approveReceivedPlan(ctx, actor, setup.policy, opts.plan, version, opts.from);
      console.log(`${a.id}\t${a.planId}\tv${a.planVersion}\t${a.party}\t${a.at}`);
      console.error(`${a.party} approves version ${a.planVersion} of the plan from ${a.originator}.`);
    });
  });
}

function defaultExpiry() {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.toISOString().slice(0, 10);
}

export function registerExchange(program: Command) {
  registerBundles(program);
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
