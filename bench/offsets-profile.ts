// node --import tsx bench/offsets-profile.ts --db sqlite|postgres [--programmes 100 --runs 5 --keep DIR-or-SCHEMA]
// Profiles the offset ledger and the programme trace at a scale that seeds in minutes: the data set of the
// offsets bench (bench/offsets.ts), then the use cases timed in process (no HTTP), each query of the ledger
// timed and its plan shown (EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL).
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type KyselyPlugin, sql } from 'kysely';
import { actorForUsername } from '../src/app/auth.usecases.js';
import { createContext } from '../src/app/context.js';
import { offsetLedger } from '../src/app/offset.usecases.js';
import { programmeTrace } from '../src/app/programme-trace.usecases.js';
import { generate } from '../src/demo/generate.js';
import { ledgerSumsWanted } from '../src/domain/offset-ledger.js';
import { openDatabase } from '../src/store/db.js';
import { isPostgres } from '../src/store/dialect.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { listObligations } from '../src/store/offset.repo.js';
import { type CreditSums, creditSums } from '../src/store/offset-totals.repo.js';
import { seedOffsets } from './offsets.js';
import { creditSumsBefore } from './offsets-sums-before.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    programmes: { type: 'string', default: '100' },
    runs: { type: 'string', default: '5' },
    keep: { type: 'string' },
    explain: { type: 'boolean', default: false },
  },
});
const programmes = Number(values.programmes);
const keep =
  values.keep ?? (values.db === 'sqlite' ? `/tmp/offsets-profile-${programmes}.sqlite` : `offsets_profile_${programmes}`);
const fresh = values.db === 'sqlite' ? !existsSync(keep) : true;
const db =
  values.db === 'sqlite'
    ? openDatabase({ url: keep })
    : openDatabase({
        url: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
        schema: keep,
        poolSize: 2,
      });
let seeded = !fresh;
if (isPostgres(db)) {
  const { rows } = await sql<{
    n: number;
  }>`select count(*)::int as n from information_schema.tables where table_schema = ${keep} and table_name = 'offset_claim'`.execute(
    db,
  );
  seeded = (rows[0]?.n ?? 0) > 0;
  if (!seeded) await sql`create schema if not exists ${sql.id(keep)}`.execute(db);
}
await migrateToLatest(db);
// Each query's time, from its compilation to its result, kept for the last call measured.
const started = new Map<unknown, { at: number; sql: string }>();
let log: { ms: number; sql: string }[] = [];
const timer: KyselyPlugin = {
  transformQuery: (a) => {
    // What the query is, for the log: a raw statement's first words, or the table a built one starts from.
    const node = a.node as {
      kind: string;
      sqlFragments?: readonly string[];
      from?: { froms: { table?: { identifier?: { name?: string } } }[] };
    };
    const what =
      node.sqlFragments?.[0]?.trim().split(/\s+/).slice(0, 3).join(' ') ??
      node.from?.froms[0]?.table?.identifier?.name ??
      node.kind;
    started.set(a.queryId, { at: performance.now(), sql: what });
    return a.node;
  },
  transformResult: async (a) => {
    const s = started.get(a.queryId);
    if (s) log.push({ ms: performance.now() - s.at, sql: s.sql });
    return a.result;
  },
};
const traced = db.withPlugin(timer);
const ctx = createContext(db);
const tracedCtx = createContext(traced as typeof db);
if (!seeded) {
  const t0 = Date.now();
  await generate(ctx, { activities: 1, seed: 1 });
  await seedOffsets(ctx, { programmes, projects: 10, claims: 100, suppliers: Math.max(1, Math.round(programmes / 10)), seed: 1 });
  console.error(`seeded in ${(Date.now() - t0) / 1000} s`);
}
const busiest = await db
  .selectFrom('offset_obligation')
  .select(['beneficiary_party', (eb) => eb.fn.countAll<number>().as('n')])
  .groupBy('beneficiary_party')
  .orderBy('n', 'desc')
  .executeTakeFirstOrThrow();
const party = busiest.beneficiary_party;
const obligations = await db
  .selectFrom('offset_obligation')
  .select(['programme_id'])
  .where('beneficiary_party', '=', party)
  .orderBy('id')
  .execute();
const programmeId = obligations[Math.floor(obligations.length / 2)]?.programme_id as string;
const actor = await actorForUsername(ctx, `${party.toLowerCase()}.planner`);
const on = '2026-06-30';
const time = async (what: string, f: () => Promise<unknown>) => {
  const samples: number[] = [];
  let out: unknown;
  for (let i = 0; i < Number(values.runs); i++) {
    const t = performance.now();
    out = await f();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  log = [];
  await f();
  const kinds = log.map((l) => `${l.ms.toFixed(1)} (${l.sql})`).join(', ');
  console.log(`  queries of one more call (ms): ${kinds}`);
  console.log(
    `${values.db} ${what}: min ${samples[0]?.toFixed(1)} ms, median ${samples[Math.floor(samples.length / 2)]?.toFixed(1)} ms`,
  );
  return out;
};
const c = (await time('ledger, one contract', () =>
  offsetLedger(tracedCtx, actor, { contract: programmeId, on, currency: 'EUR' }),
)) as { lines: unknown[] };
const p = (await time(`ledger, party ${party}`, () => offsetLedger(tracedCtx, actor, { party, on, currency: 'EUR' }))) as {
  lines: unknown[];
  totals: unknown;
};
await time('trace, one programme', () => programmeTrace(tracedCtx, actor, programmeId, { on, currency: 'EUR' }));
// The sums of the party's ledger, read as before migration 0040 and now, one after the other on the same pairs.
{
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const scope = await listObligations(db, codec, reader, { party });
  const whole = await listObligations(db, codec, reader, { supplierIds: [...new Set(scope.map((o) => o.supplierId))] });
  const ids = new Set(scope.map((o) => o.id));
  const pairs = ledgerSumsWanted(whole, on, (id) => ids.has(id));
  const key = (xs: CreditSums[]) =>
    JSON.stringify(xs.map((x) => [x.obligationId, x.day, String(x.granted), String(x.pending)]).sort());
  const before = (await time(`sums of the party's ${pairs.length} pairs, before`, () =>
    creditSumsBefore(db, reader, pairs),
  )) as CreditSums[];
  const after = (await time(`sums of the party's ${pairs.length} pairs, after`, () =>
    creditSums(db, reader, pairs),
  )) as CreditSums[];
  if (key(before) !== key(after)) throw new Error('the sums differ before and after');
}
console.log(`lines: contract ${c.lines.length}, party ${p.lines.length}; totals ${JSON.stringify(p.totals).slice(0, 200)}`);
await db.destroy();
