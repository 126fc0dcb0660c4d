// node --import tsx bench/programmes.ts [--db sqlite|postgres|both --programmes 10000 --duration 10 --seed 1]
// The programme list at 10,000 programmes with the access rule: programmes labelled like the generated
// activities (owned by a party of a commission, mostly released to its partners, a few above CONFIDENTIAL or
// in a compartment), in every status, those past selection with their offer, contract and milestones,
// written through the store's tables in bulk. `npm run bench` adds them to its data set; alone, this file
// makes a small data set of its own (one plan of one activity) and measures only the list.
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { actorForToken } from '../src/app/auth.usecases.js';
import type { AppContext } from '../src/app/context.js';
import { generate } from '../src/demo/generate.js';
import { activityLabel, idMaker } from '../src/demo/generate-activity.js';
import { Random } from '../src/demo/random.js';
import type { ProgrammeStatus } from '../src/domain/programme.lifecycle.js';
import { isPostgres } from '../src/store/dialect.js';
import { listProgrammesQuery } from '../src/store/programme.repo.js';
import { reindex } from '../src/store/search-index.js';
import { inTransaction } from '../src/store/tx.js';
import { type BenchKind, freshDatabase } from './database.js';
import { type LoadResult, load } from './load.js';
import { type Child, startServer } from './processes.js';
import { openRaw } from './raw.js';
import { contractRow, DAY, day, generatedSet, insertTables, offerRow, programmeRows, supplierRows } from './seed.js';

export const PROGRAMME_LIST_TARGET_MS = 10;
export const PROGRAMMES = 10_000;
const PAGE = 50;

export interface ProgrammeListResult {
  programmes: number;
  /** How many of them the reader may read. */
  readable: number;
  seedSeconds: number;
  /** `GET /api/programmes?limit=50`, at 1 connection. */
  first: LoadResult;
  /** The page in the middle of the list, to show that keyset paging costs the same deep in it. */
  deep: LoadResult;
  sql: string;
  explain: string;
}

const STATUSES: Record<ProgrammeStatus, number> = {
  need: 25,
  evaluation: 15,
  selected: 8,
  contracted: 15,
  delivering: 15,
  operational: 10,
  closed: 6,
  cancelled: 6,
};
const SELECTED: readonly ProgrammeStatus[] = ['selected', 'contracted', 'delivering', 'operational', 'closed'];
const CURRENCIES = ['MAD', 'EUR', 'USD', 'ILS'];

/**
 * Adds `count` programmes to a generated data set (its parties, commissions and
 * planners), the same for the same seed, created over five years.
 */
export async function seedProgrammes(ctx: AppContext, count: number, seed: number): Promise<number> {
  const codec = await ctx.codec();
  const rng = new Random(seed ^ 0x9e3779b9);
  const newId = idMaker(rng);
  const { commissions, planners, parties } = await generatedSet(ctx, 'programmes', 1);
  const start = Date.UTC(2021, 0, 1);
  const span = 5 * 365 * DAY;
  const rows = {
    supplier: [] as Record<string, unknown>[],
    supplier_system: [] as Record<string, unknown>[],
    programme: [] as Record<string, unknown>[],
    programme_event: [] as Record<string, unknown>[],
    programme_offer: [] as Record<string, unknown>[],
    programme_contract: [] as Record<string, unknown>[],
    programme_milestone: [] as Record<string, unknown>[],
  };
  // One supplier per party, released to every party, with one system.
  const systemOf = new Map<string, { supplier: string; system: string }>();
  for (const party of parties) {
    const at = new Date(start).toISOString();
    const supplier = newId(start);
    const system = newId(start);
    systemOf.set(party, { supplier, system });
    const written = supplierRows(codec, { id: supplier, system, party, name: party, parties, at });
    rows.supplier.push(written.supplier);
    rows.supplier_system.push(written.system);
  }
  for (let i = 0; i < count; i++) {
    const ms = start + Math.floor((i * span) / count) + rng.int(0, 3600) * 1000;
    // Labelled as the generated activities are: owned by a party of a commission, mostly released to its partners.
    const commission = rng.pick(commissions);
    const owner = rng.chance(0.6) ? (commission.parties[0] as string) : rng.pick(commission.parties);
    const label = activityLabel(
      rng,
      owner,
      commission.parties.filter((p) => p !== owner),
    );
    const status = rng.weighted(STATUSES);
    const id = newId(ms);
    const currency = rng.pick(CURRENCIES);
    const quantity = rng.int(1, 60);
    const unit = BigInt(rng.int(100_000, 50_000_000)) * 100n;
    const user = planners.get(owner) as string;
    const offerId = SELECTED.includes(status) || (status === 'cancelled' && rng.chance(0.3)) ? newId(ms + DAY) : null;
    const written = programmeRows(codec, {
      id,
      label,
      ms,
      commissionId: commission.id,
      title: { en: `Programme ${i + 1}`, fr: `Programme ${i + 1}` },
      status,
      cancelReason: status === 'cancelled' ? 'Requirement withdrawn' : null,
      quantity,
      budget: (unit * BigInt(quantity) * 12n) / 10n,
      currency,
      offerId,
      owner,
      user,
    });
    rows.programme.push(written.programme);
    rows.programme_event.push(written.event);
    if (!offerId) continue;
    const { supplier, system } = systemOf.get(rng.pick(parties)) as { supplier: string; system: string };
    rows.programme_offer.push(offerRow({ id: offerId, programmeId: id, supplier, system, quantity, unit, currency, ms, user }));
    if (status === 'selected' || status === 'cancelled') continue;
    const signed = ms + 60 * DAY;
    rows.programme_contract.push(contractRow({ programmeId: id, offerId, value: unit * BigInt(quantity), currency, signed }));
    for (const [k, kind] of (['payment', 'delivery', 'acceptance'] as const).entries()) {
      const due = signed + (k + 1) * 180 * DAY;
      const met = due < Date.UTC(2026, 6, 1) && rng.chance(0.7);
      rows.programme_milestone.push({
        id: newId(signed),
        programme_id: id,
        kind,
        title: `${kind} ${k + 1}`,
        due_date: day(due),
        value: (unit * BigInt(quantity)) / 3n,
        currency,
        status: met ? 'met' : 'scheduled',
        date_met: met ? day(due) : null,
      });
    }
  }
  await inTransaction(ctx.db, async (trx) => {
    await insertTables(trx, rows);
    // Searchable as programmes written through the app are.
    await reindex(
      trx,
      'programme',
      rows.programme.map((p) => String(p.id)),
    );
  });
  // As autovacuum would soon after such a load: without statistics the planner takes 10,000 rows for a few.
  if (isPostgres(ctx.db)) for (const table of Object.keys(rows)) await sql`analyze ${sql.table(table)}`.execute(ctx.db);
  return count;
}

async function getJson<T>(url: string, headers: Record<string, string>): Promise<T> {
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

type Page = { items: { id: string }[]; nextCursor: string | null };

/**
 * The list as `token`'s user reads it from the server at `base`: how many it
 * may read (every page followed), then the first page and a deep one at 1
 * connection, with the query plan of the first.
 */
export async function measureProgrammeList(
  kind: BenchKind,
  ctx: AppContext,
  dbUrl: string,
  base: string,
  token: string,
  seconds: number,
): Promise<Omit<ProgrammeListResult, 'programmes' | 'seedSeconds'>> {
  const headers = { authorization: `Bearer ${token}` };
  const url = `${base}/api/programmes?limit=${PAGE}`;
  let readable = 0;
  const cursors: string[] = [];
  let cursor: string | null = null;
  do {
    const page: Page = await getJson(`${url}${cursor ? `&cursor=${cursor}` : ''}`, headers);
    readable += page.items.length;
    cursor = page.nextCursor;
    if (cursor) cursors.push(cursor);
  } while (cursor);
  const deep = cursors[Math.floor(cursors.length / 2)];
  if (!deep) throw new Error(`the reader reads ${readable} programmes: not two pages`);
  const actor = await actorForToken(ctx, token);
  if (!actor) throw new Error('the token does not sign in');
  const compiled = listProgrammesQuery(ctx.db, (await ctx.codec()).reader(actor), { limit: PAGE }).compile();
  const raw = openRaw(kind, dbUrl);
  const explain = await raw.explain(compiled);
  await raw.close();
  const deepUrl = `${url}&cursor=${deep}`;
  await load(url, headers, 1, 2);
  const first = await load(url, headers, 1, seconds);
  await load(deepUrl, headers, 1, 2);
  const deepLoad = await load(deepUrl, headers, 1, seconds);
  return { readable, first, deep: deepLoad, sql: compiled.sql, explain };
}

/** The list bench on a data set of its own: parties, users and commissions from the generator, and the programmes. */
async function alone(kind: BenchKind, programmes: number, seed: number, seconds: number): Promise<ProgrammeListResult> {
  const bdb = await freshDatabase(kind);
  let server: Child | undefined;
  try {
    const summary = await generate(bdb.ctx, { activities: 1, seed });
    const t0 = Date.now();
    await seedProgrammes(bdb.ctx, programmes, seed);
    const seedSeconds = (Date.now() - t0) / 1000;
    server = await startServer(bdb.url);
    const measured = await measureProgrammeList(kind, bdb.ctx, bdb.url, server.base, summary.partnerViewer.token, seconds);
    return { programmes, seedSeconds, ...measured };
  } finally {
    await server?.stop();
    await bdb.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: 'sqlite' },
      programmes: { type: 'string', default: String(PROGRAMMES) },
      duration: { type: 'string', default: '10' },
      seed: { type: 'string', default: '1' },
    },
  });
  const kinds: BenchKind[] = values.db === 'both' ? ['sqlite', 'postgres'] : [values.db as BenchKind];
  for (const kind of kinds) {
    const r = await alone(kind, Number(values.programmes), Number(values.seed), Number(values.duration));
    console.log(
      `${kind}: ${r.programmes} programmes (seeded in ${r.seedSeconds.toFixed(1)} s), ${r.readable} readable; first page p50 ${r.first.p50.toFixed(2)} ms p99 ${r.first.p99.toFixed(2)} ms; middle page p50 ${r.deep.p50.toFixed(2)} ms p99 ${r.deep.p99.toFixed(2)} ms`,
    );
    console.log(r.explain);
  }
}
