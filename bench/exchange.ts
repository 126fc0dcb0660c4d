// node --import tsx bench/exchange.ts [--db sqlite|postgres|both --activities 100000 --seed 1]
// (or `npm run bench -- --only exchange`)
// The sovereign exchange at 100,000 activities (issue 14, section 4): a bundle that holds at least that many
// activities. A data set made by the generator as MAR's installation, every plan in the bilateral MAR–ISR
// commission and 1.2 times as many activities as the bundle should hold (the labels are drawn as for any
// generated data set, and some activities are not releasable to ISR), and an empty one as ISR's, each with its own audit key, exchange key and security
// officer, their keys trusted both ways. MAR's bundle for ISR is then written by `jointplan exchange
// export` and applied by `jointplan exchange import`, each in a process of its own, timed with its peak
// resident memory, against a command that only opens the database (`audit head`). The aim is 30 s for
// each, in memory that does not grow with the bundle. Writes its figures into its own section of
// docs/benchmarks.md (and docs/benchmarks-exchange.json), replacing only the databases it measured.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { addUser } from '../src/app/auth.usecases.js';
import { type AppContext, createContext } from '../src/app/context.js';
import { ceremonyRecords, type ExchangeSetup, trustKeys } from '../src/app/exchange-bundle.usecases.js';
import { ACTIVITIES_PER_PLAN, generate } from '../src/demo/generate.js';
import { parseSecurityPolicy } from '../src/domain/exchange/security-policy.js';
import { auditSigningPaths, loadAuditSigning } from '../src/store/audit-signing.js';
import { insertCompartment, insertParty } from '../src/store/party.repo.js';
import { generateSigningKey } from '../src/store/signing.js';
import { type BenchDatabase, type BenchKind, freshDatabase } from './database.js';
import { load1, machine } from './machine.js';

const REPORT = 'docs/benchmarks.md';
const FIGURES = 'docs/benchmarks-exchange.json';
export const EXCHANGE_TARGET_SECONDS = 30;
/** How many activities MAR's data set holds for a bundle of `activities`: whole plans, a fifth more. */
export const generatedFor = (activities: number) => Math.ceil((activities * 1.2) / ACTIVITIES_PER_PLAN) * ACTIVITIES_PER_PLAN;
const EXPIRES = '2099-01-01T00:00:00.000Z';
const PASSWORD = 'bench-exchange-2026';

/** One command of the command line, timed, with its peak resident memory (GNU time's %M). */
interface Timed {
  seconds: number;
  peakRssMiB: number;
  output: string;
}

export interface ExchangeBenchResult {
  kind: BenchKind;
  at: string;
  machine: ReturnType<typeof machine>;
  /** The 1-minute load average before and after the measurements: the machine is shared. */
  load1: number[];
  /** commissions: how many of the generator's commissions the plans went to (all six where absent). */
  data: { activities: number; followUps: number; generateSeconds: number; commissions?: number };
  bundle: { bytes: number; plans: number; activities: number; followUps: number };
  /**
   * The first command, which builds the command line from the sources (bin/jointplan.js) into a folder of
   * the bench's own that the commands after it use as is: a rebuild set off by someone's edit meanwhile is
   * not timed as part of an export or import.
   */
  build?: Timed;
  /** A command that only opens the database: what any command costs before it does anything. */
  baseline: Timed;
  exportRun: Timed;
  importRun: Timed;
}

const POLICY_DIR = 'config/security-policy';
const policyFile = (party: string) => join(POLICY_DIR, `${party}.json`);
const policyOf = (party: string) => parseSecurityPolicy(JSON.parse(readFileSync(policyFile(party), 'utf8')));

/**
 * Makes the commands of this process run from one build of the command line, made by the first of them
 * into a folder of its own (JOINTPLAN_CLI_BUILD, bin/jointplan.js); `remove` deletes it.
 */
export function pinCliBuild() {
  const dir = join('dist', `bench-exchange-${process.pid}`);
  process.env.JOINTPLAN_CLI_BUILD = dir;
  return {
    remove: () => {
      delete process.env.JOINTPLAN_CLI_BUILD;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `jointplan ARGS` under GNU time, failing on a non-zero exit. */
export function timed(args: string[], env: Record<string, string>, nodeArgs: string[] = []): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', 'TIMED %e %M', process.execPath, ...nodeArgs, 'bin/jointplan.js', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-8000);
    });
    child.on('exit', (code) => {
      const m = /TIMED ([\d.]+) (\d+)/.exec(err);
      if (code !== 0 || !m) return reject(new Error(`jointplan ${args.join(' ')} exited with ${code}:\n${err}`));
      resolve({ seconds: Number(m[1]), peakRssMiB: Number(m[2]) / 1024, output: out.trim() });
    });
  });
}

/** An installation of the bench: its database, audit key and exchange key in `dir`/<party>, and a security officer. */
export async function installation(bdb: BenchDatabase, party: string, dir: string) {
  const home = join(dir, party);
  mkdirSync(home, { recursive: true });
  const env = {
    JOINTPLAN_AUDIT_KEY_FILE: join(home, 'audit.pem'),
    JOINTPLAN_AUDIT_CHECKPOINTS: join(home, 'checkpoints.jsonl'),
  };
  const signing = loadAuditSigning(auditSigningPaths(join(home, 'x.sqlite'), env));
  const ctx: AppContext = createContext(bdb.db, undefined, signing);
  const username = `officer.${party.toLowerCase()}`;
  const account = {
    username,
    displayName: username,
    party,
    roles: ['security_officer' as const],
    clearance: 'TOP_SECRET' as const,
    compartments: [] as string[],
  };
  const user = await addUser(ctx, null, { ...account, password: PASSWORD });
  const key = generateSigningKey('Ed25519');
  const keyFile = join(home, 'exchange.pem');
  writeFileSync(keyFile, key.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const setup: ExchangeSetup = { policy: policyOf(party), key };
  return {
    ctx,
    setup,
    officer: { userId: user.id, ...account },
    env,
    args: ['--db', bdb.url, '--policy', policyFile(party), '--key', keyFile, '--as', username],
  };
}

async function benchExchange(
  kind: BenchKind,
  opts: { activities: number; seed: number },
  log: (m: string) => void,
): Promise<ExchangeBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'jointplan-bench-exchange-'));
  const cli = pinCliBuild();
  const marDb = await freshDatabase(kind);
  const isrDb = await freshDatabase(kind);
  try {
    const activities = generatedFor(opts.activities);
    log(`${kind}: generating ${activities} activities as MAR's installation, all in the MAR–ISR commission (seed ${opts.seed})`);
    const t0 = Date.now();
    const summary = await generate(marDb.ctx, { activities, seed: opts.seed, commissions: 1 });
    const generateSeconds = (Date.now() - t0) / 1000;
    // ISR's installation knows the same parties and compartments, and nothing else.
    for (const p of await marDb.db.selectFrom('party').select(['code', 'name']).orderBy('bit').execute())
      await insertParty(isrDb.db, p.code, JSON.parse(p.name) as Record<string, string>);
    for (const c of await marDb.db.selectFrom('compartment').select(['code', 'name']).orderBy('bit').execute())
      await insertCompartment(isrDb.db, c.code, c.name);
    const mar = await installation(marDb, 'MAR', dir);
    const isr = await installation(isrDb, 'ISR', dir);
    for (const at of [mar, isr])
      for (const from of [mar, isr])
        await trustKeys(at.ctx, at.officer, at.setup, ceremonyRecords(from.ctx, from.setup, EXPIRES));

    // The bench's own connections stay open: on SQLite, what generating wrote (some GB) is moved from the
    // write-ahead log into the database first, as a checkpoint with no reader left would have, so that the
    // commands timed do not read their pages through a log that only the bench kept from being emptied.
    for (const bdb of [marDb, isrDb]) if (bdb.kind === 'sqlite') await sql`pragma wal_checkpoint(TRUNCATE)`.execute(bdb.db);
    const file = join(dir, 'mar-isr-1.bundle');
    const loads = [load1()];
    log(`${kind}: the command line's build, once`);
    const build = await timed(['--version'], mar.env);
    log(`${kind}: a command that only opens the database`);
    const baseline = await timed(['audit', 'head', '--db', marDb.url], mar.env);
    log(`${kind}: export of MAR's bundle for ISR`);
    const exportRun = await timed(['exchange', 'export', '--to', 'ISR', '--out', file, ...mar.args], mar.env);
    log(`${kind}: ${exportRun.output}`);
    log(`${kind}: import at ISR`);
    const importRun = await timed(['exchange', 'import', file, ...isr.args], isr.env);
    log(`${kind}: ${importRun.output}`);
    loads.push(load1());
    const counted = /: (\d+) plans, (\d+) activities, (\d+) follow-ups/.exec(exportRun.output);
    return {
      kind,
      at: new Date().toISOString(),
      machine: machine(),
      load1: loads,
      data: { activities: summary.activities, followUps: summary.followUps, generateSeconds, commissions: 1 },
      bundle: {
        bytes: statSync(file).size,
        plans: Number(counted?.[1] ?? 0),
        activities: Number(counted?.[2] ?? 0),
        followUps: Number(counted?.[3] ?? 0),
      },
      build,
      baseline,
      exportRun,
      importRun,
    };
  } finally {
    cli.remove();
    await marDb.drop();
    await isrDb.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const n = (x: number) => x.toLocaleString('en-US');
const s = (x: number) => x.toFixed(1);
const mib = (x: number) => x.toFixed(0);

function writeExchange(results: ExchangeBenchResult[]) {
  const kept = existsSync(FIGURES) ? (JSON.parse(readFileSync(FIGURES, 'utf8')) as ExchangeBenchResult[]) : [];
  const all = [...kept.filter((k) => !results.some((r) => r.kind === k.kind)), ...results];
  writeFileSync(FIGURES, `${JSON.stringify(all, null, 2)}\n`);
  // Which commands missed the aim, by name: one over it does not make the others so.
  const over = all.flatMap((r) =>
    (
      [
        ['the export', r.exportRun],
        ['the import', r.importRun],
      ] as const
    )
      .filter(([, run]) => run.seconds > EXCHANGE_TARGET_SECONDS)
      .map(([what, run]) => `${what} on ${r.kind} (${s(run.seconds)} s)`),
  );
  const lines = [
    '<!-- exchange:start -->',
    '## Sovereign exchange at 100,000 activities (issue 14)',
    '',
    "`npm run bench -- --only exchange` (bench/exchange.ts) generates a data set as MAR's installation",
    '(`jointplan generate`), makes an empty one for ISR, trusts the keys both ways, and runs',
    '`jointplan exchange export --to ISR` at MAR and `jointplan exchange import` at ISR, each in its own',
    'process, timed with GNU time with its peak resident memory. The first bundle holds everything MAR',
    `may release to ISR. The aim is ${EXCHANGE_TARGET_SECONDS} s for each, in memory that does not grow with the bundle.`,
    '',
    "For a bundle of 100,000 activities, every plan of MAR's data set is in the bilateral MAR–ISR commission",
    '(`generate(…, { commissions: 1 })`), with 1.2 times as many activities: their labels are drawn as in any',
    'generated data set, so some are not releasable to ISR.',
    '',
    '| database | data set | bundle | export | import | opening the database only | build of the command line | load (1 min) |',
    '|---|---|---|---|---|---|---|---|',
    ...all.map(
      (r) =>
        `| ${r.kind} | ${n(r.data.activities)} activities, ${n(r.data.followUps)} follow-ups${r.data.commissions === 1 ? ', one commission' : ', six commissions'} | ${n(r.bundle.plans)} plans, ` +
        `${n(r.bundle.activities)} activities, ${n(r.bundle.followUps)} follow-ups, ${s(r.bundle.bytes / 1048576)} MiB | ` +
        `${s(r.exportRun.seconds)} s, ${mib(r.exportRun.peakRssMiB)} MiB | ${s(r.importRun.seconds)} s, ${mib(r.importRun.peakRssMiB)} MiB | ` +
        `${s(r.baseline.seconds)} s, ${mib(r.baseline.peakRssMiB)} MiB | ${r.build ? `${s(r.build.seconds)} s` : 'timed in each command'} | ${r.load1.map((x) => x.toFixed(1)).join(' → ')} on ${r.machine.cores} cores |`,
    ),
    '',
    'Measured once each, on a machine shared with other work (the load column): the figures are an upper',
    'bound of what the commands cost, not their cost alone. The command line is built from the sources by',
    'the first command after they change (bin/jointplan.js); the bench builds it once, before the commands it',
    'times, which all run that build (`JOINTPLAN_CLI_BUILD`): rows without a build time were taken while the',
    "sources changed under the bench, each command rebuilding it, which is what 'opening the database' cost there.",
    ...(over.length
      ? [
          '',
          `Over the ${EXCHANGE_TARGET_SECONDS} s aim under that load: ${over.join(', ')}; see docs/exchange.md §7 for where the time goes.`,
        ]
      : ['', `Within the ${EXCHANGE_TARGET_SECONDS} s aim on each database, export and import.`]),
    '',
    `Memory: the export and the import peak up to ${mib(
      Math.max(...all.map((r) => Math.max(r.exportRun.peakRssMiB, r.importRun.peakRssMiB) - r.baseline.peakRssMiB)),
    )} MiB above a command that only opens the database. What grows with the bundle (the rows of what the export`,
    "carried, the import's report) goes to a file or to the database a batch at a time: `--activities 25000` shows",
    'the peaks a quarter of the bundle gives (docs/exchange.md §7).',
    '<!-- exchange:end -->',
  ];
  const section = lines.join('\n');
  const report = existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : '';
  const marked = /<!-- exchange:start -->[\s\S]*?<!-- exchange:end -->/;
  writeFileSync(REPORT, marked.test(report) ? report.replace(marked, section) : `${report.trimEnd()}\n\n${section}\n`);
}

export async function runExchangeBench(kinds: readonly BenchKind[], opts: { activities: number; seed: number }) {
  const log = (msg: string) => console.error(`[bench] ${msg}`);
  const results: ExchangeBenchResult[] = [];
  for (const kind of kinds) {
    results.push(await benchExchange(kind, opts, log));
    writeExchange(results);
  }
  for (const r of results)
    log(
      `${r.kind}: export ${s(r.exportRun.seconds)} s (${mib(r.exportRun.peakRssMiB)} MiB), import ${s(r.importRun.seconds)} s (${mib(r.importRun.peakRssMiB)} MiB), baseline ${mib(r.baseline.peakRssMiB)} MiB; load ${r.load1.map((x) => x.toFixed(1)).join(' → ')}`,
    );
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: 'sqlite' },
      activities: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '1' },
    },
  });
  const kinds: BenchKind[] = values.db === 'both' ? ['sqlite', 'postgres'] : [values.db as BenchKind];
  await runExchangeBench(kinds, { activities: Number(values.activities), seed: Number(values.seed) });
}
