// node --import tsx bench/exchange-profile.ts [--db sqlite|postgres --activities 10000 --seed 1 --explain MS
//                                              --cpu-prof DIR --keep DIR]
// Where the exchange's export and import spend their time: the same two installations as bench/exchange.ts
// (MAR's data set made for a bundle of --activities, every plan in the MAR–ISR commission),
// the export and the import run by the command line as there, each timed; on PostgreSQL, with --explain,
// each statement slower than MS milliseconds is logged with its plan (auto_explain, in the server's log);
// with --cpu-prof DIR, each command writes its CPU profile there. With --keep DIR, the installations and
// the first bundle are kept in DIR (made on the first run, found there on the next ones, which then
// export again, and apply the first bundle again to ISR emptied of what it applied).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ceremonyRecords, trustKeys } from '../src/app/exchange-bundle.usecases.js';
import { generate } from '../src/demo/generate.js';
import { openDatabase } from '../src/store/db.js';
import { insertCompartment, insertParty } from '../src/store/party.repo.js';
import { type BenchKind, freshDatabase } from './database.js';
import { generatedFor, installation, pinCliBuild, timed } from './exchange.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    activities: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    explain: { type: 'string' },
    'cpu-prof': { type: 'string' },
    keep: { type: 'string' },
  },
});
const kind = values.db as BenchKind;
const log = (m: string) => console.error(`[profile] ${m}`);

interface Kept {
  mar: { args: string[]; env: Record<string, string> };
  isr: { args: string[]; env: Record<string, string>; url: string };
  bundle: string;
}

async function setUp(dir: string): Promise<Kept & { drop(): Promise<void> }> {
  const marDb = await freshDatabase(kind);
  const isrDb = await freshDatabase(kind);
  const t0 = Date.now();
  await generate(marDb.ctx, { activities: generatedFor(Number(values.activities)), seed: Number(values.seed), commissions: 1 });
  log(`generated in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const p of await marDb.db.selectFrom('party').select(['code', 'name']).orderBy('bit').execute())
    await insertParty(isrDb.db, p.code, JSON.parse(p.name) as Record<string, string>);
  for (const c of await marDb.db.selectFrom('compartment').select(['code', 'name']).orderBy('bit').execute())
    await insertCompartment(isrDb.db, c.code, c.name);
  const mar = await installation(marDb, 'MAR', dir);
  const isr = await installation(isrDb, 'ISR', dir);
  for (const at of [mar, isr])
    for (const from of [mar, isr])
      await trustKeys(at.ctx, at.officer, at.setup, ceremonyRecords(from.ctx, from.setup, '2099-01-01T00:00:00.000Z'));
  return {
    mar: { args: mar.args, env: mar.env },
    isr: { args: isr.args, env: isr.env, url: isrDb.url },
    bundle: join(dir, 'first.bundle'),
    drop: async () => {
      await marDb.drop();
      await isrDb.drop();
    },
  };
}

/** ISR as before it applied the first bundle, but for its audit log. */
async function forgetFirstBundle(url: string) {
  const db = openDatabase({ url });
  try {
    for (const table of ['exchange_record', 'exchange_received', 'exchange_checkpoint', 'exchange_inbound'] as const)
      await db.deleteFrom(table).execute();
  } finally {
    await db.destroy();
  }
}

const explained = (args: string[]) => {
  if (!values.explain || kind !== 'postgres') return args;
  const i = args.indexOf('--db');
  const extra = ` -c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=${values.explain} -c auto_explain.log_analyze=on`;
  return args.map((a, j) => (j === i + 1 ? a.replace(/(options=[^&]*)/, (m) => m + encodeURIComponent(extra)) : a));
};
const nodeArgs = values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] : [];

const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'jointplan-profile-exchange-'));
mkdirSync(dir, { recursive: true });
const keptFile = join(dir, 'kept.json');
const reused = values.keep !== undefined && existsSync(keptFile);
const setup = reused ? { ...(JSON.parse(readFileSync(keptFile, 'utf8')) as Kept), drop: async () => {} } : await setUp(dir);
// One build of the command line for both commands, made before either is timed.
const cli = pinCliBuild();
try {
  const build = await timed(['--version'], setup.mar.env);
  log(`build of the command line ${build.seconds} s`);
  const file = join(dir, `export-${Date.now()}.bundle`);
  const ex = await timed(
    ['exchange', 'export', '--to', 'ISR', '--out', file, ...explained(setup.mar.args)],
    setup.mar.env,
    nodeArgs,
  );
  log(`export ${ex.seconds} s ${ex.peakRssMiB.toFixed(0)} MiB: ${ex.output}`);
  if (reused) await forgetFirstBundle(setup.isr.url);
  else copyFileSync(file, setup.bundle);
  rmSync(file);
  const im = await timed(['exchange', 'import', setup.bundle, ...explained(setup.isr.args)], setup.isr.env, nodeArgs);
  log(`import ${im.seconds} s ${im.peakRssMiB.toFixed(0)} MiB: ${im.output.slice(0, 300)}`);
  if (values.keep && !reused) {
    const { drop: _, ...kept } = setup;
    writeFileSync(keptFile, JSON.stringify(kept));
  }
} finally {
  cli.remove();
  if (!values.keep) {
    await setup.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
