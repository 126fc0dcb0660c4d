// node --import tsx bench/offsets-ledger-before-after.ts --before DIR --db sqlite|postgres [--programmes 1000 --runs 20 --contract]
// The ledger of the party owed the most, as of the bench's day, by the code of a second checkout (DIR, e.g.
// `git archive COMMIT src | tar -x -C DIR` with node_modules linked) and by this one, alternately in one process
// against the data set bench/offsets-profile.ts keeps (its SQLite file or PostgreSQL schema, seeded there first):
// wall and CPU time per call of each, and the 1-minute load before and after, since the machine is shared. Both
// answers must be the same, figure for figure, or it stops.
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { sql } from 'kysely';

const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    db: { type: 'string', default: 'sqlite' },
    programmes: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '20' },
    contract: { type: 'boolean', default: false },
  },
});
if (!values.before) throw new Error('--before DIR: a checkout of the code to compare with');
const programmes = Number(values.programmes);
const on = '2026-06-30';

/** The ledger use case of the code under `root`, on the profile's data set, as one call. */
async function ledgerOf(root: string) {
  const { actorForUsername } = await import(`${root}/src/app/auth.usecases.ts`);
  const { createContext } = await import(`${root}/src/app/context.ts`);
  const { offsetLedger } = await import(`${root}/src/app/offset.usecases.ts`);
  const { openDatabase } = await import(`${root}/src/store/db.ts`);
  const db =
    values.db === 'sqlite'
      ? openDatabase({ url: `/tmp/offsets-profile-${programmes}.sqlite` })
      : openDatabase({
          url: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
          schema: `offsets_profile_${programmes}`,
          poolSize: 2,
        });
  const ctx = createContext(db);
  const busiest = await db
    .selectFrom('offset_obligation')
    .select(['beneficiary_party', sql<number>`count(*)`.as('n')])
    .groupBy('beneficiary_party')
    .orderBy('n', 'desc')
    .executeTakeFirstOrThrow();
  const party: string = busiest.beneficiary_party;
  const actor = await actorForUsername(ctx, `${party.toLowerCase()}.planner`);
  const mid = await db
    .selectFrom('offset_obligation')
    .select(['programme_id'])
    .where('beneficiary_party', '=', party)
    .orderBy('id')
    .execute();
  const contract = mid[Math.floor(mid.length / 2)]?.programme_id as string;
  const query = values.contract ? { contract, on, currency: 'EUR' } : { party, on, currency: 'EUR' };
  return { call: () => offsetLedger(ctx, actor, query), close: () => db.destroy(), what: values.contract ? 'contract' : party };
}

const before = await ledgerOf(resolve(values.before));
const after = await ledgerOf(resolve('.'));
if (!isDeepStrictEqual(await before.call(), await after.call())) throw new Error('the two ledgers differ');
for (let i = 0; i < 3; i++) {
  await before.call();
  await after.call();
}
const loads = [loadavg()[0] ?? 0];
const times = { before: { wall: [] as number[], cpu: [] as number[] }, after: { wall: [] as number[], cpu: [] as number[] } };
for (let i = 0; i < Number(values.runs); i++)
  for (const [which, ledger] of [
    ['before', before],
    ['after', after],
  ] as const) {
    const cpu = process.cpuUsage();
    const t = performance.now();
    await ledger.call();
    times[which].wall.push(performance.now() - t);
    const used = process.cpuUsage(cpu);
    times[which].cpu.push((used.user + used.system) / 1000);
  }
loads.push(loadavg()[0] ?? 0);
const at = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;
const row = (xs: number[]) => `p50 ${at(xs, 0.5).toFixed(1)} / min ${at(xs, 0).toFixed(1)} ms`;
for (const which of ['before', 'after'] as const)
  console.log(
    `${values.db} ledger of ${after.what}, ${which}: wall ${row(times[which].wall)}, CPU of this process ${row(times[which].cpu)}`,
  );
console.log(
  `ratio of the p50s: wall ${(at(times.before.wall, 0.5) / at(times.after.wall, 0.5)).toFixed(2)}×, CPU ${(at(times.before.cpu, 0.5) / at(times.after.cpu, 0.5)).toFixed(2)}×; ${values.runs} calls each; load ${loads.map((l) => l.toFixed(1)).join(' → ')}`,
);
await before.close();
await after.close();
