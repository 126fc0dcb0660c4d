// node --import tsx bench/offsets.ts [--db sqlite|postgres|both --programmes 1000 --duration 10 --seed 1]
// (or `npm run bench -- --only offsets`)
// The offset ledger as of a day, per contract and per party, and the end-to-end trace of one programme, at
// 1,000 contracted programmes × 10 industrial projects × 100 credit claims (a million claims, with their
// steps), p99 at 1 connection through the API; the aim is 50 ms (issue 13, section 6). The data set is the
// generator's parties and users, then the programmes, projects, obligations and claims written through the
// store's tables in bulk, labelled as the generated records are. Writes its figures into its own section of
// docs/benchmarks.md (and docs/benchmarks-offsets.json), replacing only the databases it measured.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { actorForUsername, createToken } from '../src/app/auth.usecases.js';
import type { AppContext } from '../src/app/context.js';
import { generate } from '../src/demo/generate.js';
import { activityLabel, idMaker } from '../src/demo/generate-activity.js';
import { Random } from '../src/demo/random.js';
import { ledgerSumsWanted } from '../src/domain/offset-ledger.js';
import { isPostgres } from '../src/store/dialect.js';
import { listObligations } from '../src/store/offset.repo.js';
import { type CreditSums, creditSums, rebuildCreditTotals } from '../src/store/offset-totals.repo.js';
import { type BenchKind, freshDatabase } from './database.js';
import { type LoadResult, load } from './load.js';
import { load1, machine } from './machine.js';
import { creditSumsBefore } from './offsets-sums-before.js';
import { type Child, startServer } from './processes.js';
import { contractRow, DAY, day, generatedSet, insertTables, offerRow, programmeRows, supplierRows } from './seed.js';
import { latencyOf } from './stats.js';

export const OFFSET_TARGET_MS = 50;
const REPORT = 'docs/benchmarks.md';
const FIGURES = 'docs/benchmarks-offsets.json';
const AS_OF = '2026-06-30';

export interface OffsetBenchResult {
  kind: BenchKind;
  at: string;
  machine: ReturnType<typeof machine>;
  /** The 1-minute load average before and after the measurements: the machine is shared. */
  load1: number[];
  data: { programmes: number; projects: number; obligations: number; claims: number; steps: number; suppliers: number };
  seedSeconds: number;
  asOf: string;
  /** Lines and claims behind each measured answer, to show what it adds up. */
  contract: LoadResult & { lines: number; chainClaims: number };
  /** The party's ledger read again and again by one reader: the sums kept by the first read serve the next (migration 0047). */
  party: LoadResult & { lines: number; chainClaims: number };
  /** The same, every sum kept dropped before each read (not timed): what the first reader of its kind waits. */
  partyFirst?: LoadResult;
  /** `nodes`: the records the answer names; `claims`: the claims it adds up (listed by its claims route, a page at a time). */
  trace: (LoadResult & { nodes: number; claims?: number; bytes?: number }) | null;
  /**
   * The party's ledger sums alone, in process, read as before migration 0040 (every readable group of each
   * pair) and now (the smaller side of each obligation), alternately on the same pairs: medians and minima in ms.
   */
  sums?: { pairs: number; before: { median: number; min: number }; after: { median: number; min: number } };
}

/**
 * Adds `programmes` contracted programmes to a generated data set, each with
 * `projects` industrial projects linked and one offset obligation, and
 * `claims` credit claims per project against it, stepped up to the review
 * (some granted, some refused, some still pending); the contracts are shared
 * among `suppliers` suppliers, so each supplier's chain holds
 * programmes / suppliers obligations. The same for the same seed.
 */
export async function seedOffsets(
  ctx: AppContext,
  opts: { programmes: number; projects: number; claims: number; suppliers: number; seed: number },
) {
  const codec = await ctx.codec();
  const rng = new Random(opts.seed ^ 0x0ff5e7);
  const newId = idMaker(rng);
  const { commissions, planners, parties } = await generatedSet(ctx, 'offsets', 2);
  const start = Date.UTC(2021, 0, 1);
  const span = 4 * 365 * DAY;
  const suppliers: { id: string; system: string; party: string }[] = [];
  const head: Record<string, Record<string, unknown>[]> = { supplier: [], supplier_system: [] };
  for (let s = 0; s < opts.suppliers; s++) {
    const at = new Date(start).toISOString();
    const party = parties[s % parties.length] as string;
    const supplier = { id: newId(start), system: newId(start), party };
    suppliers.push(supplier);
    const written = supplierRows(codec, { ...supplier, name: String(s + 1), parties, at });
    head.supplier?.push(written.supplier);
    head.supplier_system?.push(written.system);
  }
  await ctx.db.transaction().execute(async (trx) => {
    await insertTables(trx, head);
  });
  const counts = { programmes: 0, projects: 0, obligations: 0, claims: 0, steps: 0, suppliers: opts.suppliers };
  // Written a few programmes at a time, each batch one transaction, so that a million claims never sit in memory.
  const BATCH = 20;
  for (let b = 0; b < opts.programmes; b += BATCH) {
    const rows: Record<string, Record<string, unknown>[]> = {
      programme: [],
      programme_event: [],
      programme_offer: [],
      programme_contract: [],
      industrial_project: [],
      industrial_project_programme: [],
      offset_obligation: [],
      offset_claim: [],
      offset_claim_event: [],
    };
    const push = (table: string, row: Record<string, unknown>) => rows[table]?.push(row);
    for (let i = b; i < Math.min(opts.programmes, b + BATCH); i++) {
      const ms = start + Math.floor((i * span) / opts.programmes);
      const commission = rng.pick(commissions);
      const owner = rng.chance(0.6) ? (commission.parties[0] as string) : rng.pick(commission.parties);
      const partners = commission.parties.filter((p) => p !== owner);
      const label = activityLabel(rng, owner, partners);
      const user = planners.get(owner) as string;
      const supplier = suppliers[i % suppliers.length] as (typeof suppliers)[number];
      const id = newId(ms);
      const offerId = newId(ms + DAY);
      const quantity = rng.int(1, 60);
      const unit = BigInt(rng.int(100_000, 50_000_000)) * 100n;
      const value = unit * BigInt(quantity);
      const currency = 'EUR';
      const written = programmeRows(codec, {
        id,
        label,
        ms,
        commissionId: commission.id,
        title: { en: `Offset programme ${i + 1}` },
        status: 'contracted',
        cancelReason: null,
        quantity,
        budget: (value * 12n) / 10n,
        currency,
        offerId,
        owner,
        user,
      });
      push('programme', written.programme);
      push('programme_event', written.event);
      const offer = { id: offerId, programmeId: id, supplier: supplier.id, system: supplier.system, quantity, unit, currency };
      push('programme_offer', offerRow({ ...offer, ms, user }));
      const signed = ms + 60 * DAY;
      push('programme_contract', contractRow({ programmeId: id, offerId, value, currency, signed }));
      // The obligation: the owner's offset authority is owed 30 % of the contract by the supplier's party.
      const obligor = supplier.party === owner ? (partners[0] ?? parties.find((p) => p !== owner)) : supplier.party;
      const obligationId = newId(signed);
      const amount = (value * 3_000n) / 10_000n;
      const deadline = day(signed + rng.int(365, 4 * 365) * DAY);
      push('offset_obligation', {
        id: obligationId,
        ...codec.encode({ ...label, releasableTo: [...new Set([...label.releasableTo, obligor as string])] }),
        version: 1,
        created_at: new Date(signed).toISOString(),
        updated_at: new Date(signed).toISOString(),
        programme_id: id,
        supplier_id: supplier.id,
        title: JSON.stringify({ en: `Offset ${i + 1}` }),
        obligor_party: obligor,
        beneficiary_party: owner,
        currency,
        contract_value: value,
        required_bp: 3_000,
        amount,
        arises_on: day(signed),
        deadline,
        penalty_bp: 500,
        multipliers: JSON.stringify([{ category: 'local_production', bp: 15_000 }]),
        created_by: user,
      });
      counts.programmes++;
      counts.obligations++;
      const claimant = planners.get(obligor as string) as string;
      for (let p = 0; p < opts.projects; p++) {
        const projectId = newId(signed);
        push('industrial_project', {
          id: projectId,
          ...codec.encode(label),
          version: 1,
          created_at: new Date(signed).toISOString(),
          updated_at: new Date(signed).toISOString(),
          title: JSON.stringify({ en: `Project ${i + 1}.${p + 1}` }),
          description: JSON.stringify({ en: '' }),
          kind: 'local_production',
          status: 'active',
          suspended_from: null,
          close_reason: null,
          site_place: 'Site',
          site_latitude: null,
          site_longitude: null,
          budget_amount: value / 20n,
          budget_currency: currency,
          jobs_planned: 100,
          jobs_created: rng.int(0, 100),
          local_content_planned_bp: 3_000,
          local_content_reached_bp: rng.int(0, 3_000),
        });
        push('industrial_project_programme', { project_id: projectId, programme_id: id });
        counts.projects++;
        for (let c = 0; c < opts.claims; c++) {
          const claimMs = signed + rng.int(0, 5 * 365) * DAY;
          const claimId = newId(claimMs);
          const claimValue = BigInt(rng.int(1_000, 10_000_000)) * 100n;
          const credit = (claimValue * 15_000n) / 10_000n;
          // Claimed by the obligor, mostly released to the beneficiary, some above what a reader holds.
          const claimLabel = activityLabel(rng, obligor as string, [owner]);
          const steps: { on: string; to: string; from: string | null }[] = [{ on: day(claimMs), to: 'claimed', from: null }];
          let status = 'claimed';
          let accepted: bigint | null = null;
          if (rng.chance(0.8)) {
            const reviewMs = claimMs + rng.int(0, 120) * DAY;
            steps.push({ on: day(reviewMs), to: 'under_review', from: 'claimed' });
            status = 'under_review';
            if (rng.chance(0.8)) {
              const decided = day(reviewMs + rng.int(0, 180) * DAY);
              if (rng.chance(0.2)) {
                steps.push({ on: decided, to: 'refused', from: 'under_review' });
                status = 'refused';
              } else {
                accepted = (claimValue * BigInt(rng.int(50, 100))) / 100n;
                steps.push({ on: decided, to: 'granted', from: 'under_review' });
                status = 'granted';
              }
            }
          }
          const stepAt = `${day(claimMs)}T09:00:00.000Z`;
          push('offset_claim', {
            id: claimId,
            ...codec.encode(claimLabel),
            version: steps.length,
            created_at: stepAt,
            updated_at: stepAt,
            obligation_id: obligationId,
            source: 'industrial_project',
            industrial_project_id: projectId,
            category: 'local_production',
            multiplier_bp: 15_000,
            currency,
            value: claimValue,
            claimed_credit: credit,
            accepted_value: accepted,
            granted_credit: accepted === null ? null : (accepted * 15_000n) / 10_000n,
            evidence: `Invoice ${i + 1}.${p + 1}.${c + 1}`,
            description: null,
            status,
            claimed_on: day(claimMs),
            claimed_by: claimant,
          });
          for (const s of steps)
            push('offset_claim_event', {
              claim_id: claimId,
              at: `${s.on}T09:00:00.000Z`,
              step_on: s.on,
              from_status: s.from,
              to_status: s.to,
              reason: s.to === 'refused' ? 'No local content shown' : null,
              user_id: s.to === 'claimed' ? claimant : user,
            });
          counts.claims++;
          counts.steps += steps.length;
        }
      }
    }
    await ctx.db.transaction().execute(async (trx) => {
      await insertTables(trx, rows);
    });
  }
  // Written straight into the tables, the claims are added to the ledger's running totals as migration 0025 does.
  await ctx.db.transaction().execute((trx) => rebuildCreditTotals(trx));
  if (isPostgres(ctx.db)) {
    for (const table of ['programme', 'offset_obligation', 'offset_claim', 'offset_claim_event', 'industrial_project'])
      await sql`analyze ${sql.table(table)}`.execute(ctx.db);
    // As autovacuum would soon after such a load: the totals' index answers without visiting the table.
    for (const table of ['offset_credit_group', 'offset_credit_total', 'offset_obligation_total'])
      await sql`vacuum analyze ${sql.table(table)}`.execute(ctx.db);
  }
  return counts;
}

async function getJson<T>(url: string, headers: Record<string, string>): Promise<T> {
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * `url` asked again and again at 1 connection for `seconds` (at least three
 * times), each answer timed whole: unlike the load generator, an answer of
 * many seconds is measured rather than dropped as a timeout.
 */
async function timed(
  url: string,
  headers: Record<string, string>,
  seconds: number,
  before: () => Promise<unknown> = async () => {},
): Promise<LoadResult> {
  const samples: number[] = [];
  const until = performance.now() + seconds * 1000;
  while (samples.length < 3 || performance.now() < until) {
    await before();
    const t = performance.now();
    const res = await fetch(url, { headers });
    if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
    samples.push(performance.now() - t);
  }
  const total = samples.reduce((a, b) => a + b, 0);
  return { ...latencyOf(samples), requestsPerSecond: (samples.length * 1000) / total };
}

/** The party's ledger sums read both ways, one after the other, for about `seconds` (at least 3 times each). */
async function compareSums(ctx: AppContext, party: string, seconds: number): Promise<OffsetBenchResult['sums']> {
  const codec = await ctx.codec();
  const reader = codec.reader(await actorForUsername(ctx, `${party.toLowerCase()}.planner`));
  const scope = await listObligations(ctx.db, codec, reader, { party });
  const whole = await listObligations(ctx.db, codec, reader, { supplierIds: [...new Set(scope.map((o) => o.supplierId))] });
  const ids = new Set(scope.map((o) => o.id));
  const pairs = ledgerSumsWanted(whole, AS_OF, (id) => ids.has(id));
  const key = (xs: CreditSums[]) => JSON.stringify(xs.map((x) => [x.obligationId, x.day, `${x.granted}`, `${x.pending}`]).sort());
  const before: number[] = [];
  const after: number[] = [];
  const until = performance.now() + seconds * 1000;
  while (before.length < 3 || performance.now() < until) {
    let t = performance.now();
    const b = await creditSumsBefore(ctx.db, reader, pairs);
    before.push(performance.now() - t);
    t = performance.now();
    const a = await creditSums(ctx.db, reader, pairs);
    after.push(performance.now() - t);
    if (before.length === 1 && key(a) !== key(b)) throw new Error('the sums read before and after migration 0040 differ');
  }
  const stat = (xs: number[]) => {
    const sorted = [...xs].sort((x, y) => x - y);
    return { median: sorted[Math.floor(sorted.length / 2)] as number, min: sorted[0] as number };
  };
  return { pairs: pairs.length, before: stat(before), after: stat(after) };
}

/** The bench on a data set of its own, on one database. */
export async function benchOffsets(
  kind: BenchKind,
  opts: { programmes: number; seconds: number; seed: number },
  log: (msg: string) => void = () => {},
): Promise<OffsetBenchResult> {
  const bdb = await freshDatabase(kind);
  let server: Child | undefined;
  try {
    await generate(bdb.ctx, { activities: 1, seed: opts.seed });
    log(`${kind}: ${opts.programmes} programmes × 10 projects × 100 claims`);
    const t0 = Date.now();
    // Ten contracts per supplier: a contract's ledger banks along ten obligations and their 10,000 claims.
    const data = await seedOffsets(bdb.ctx, {
      programmes: opts.programmes,
      projects: 10,
      claims: 100,
      suppliers: Math.max(1, Math.round(opts.programmes / 10)),
      seed: opts.seed,
    });
    const seedSeconds = (Date.now() - t0) / 1000;
    if (kind === 'postgres') await sql`checkpoint`.execute(bdb.db).catch(() => undefined);
    // The reader: the planner of the party owed the most, who reads its programmes and most claims against them.
    const busiest = await bdb.db
      .selectFrom('offset_obligation')
      .select(['beneficiary_party', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('beneficiary_party')
      .orderBy('n', 'desc')
      .executeTakeFirstOrThrow();
    const party = busiest.beneficiary_party;
    const { token } = await createToken(bdb.ctx, null, `${party.toLowerCase()}.planner`, 'benchmark');
    const headers = { authorization: `Bearer ${token}` };
    const obligations = await bdb.db
      .selectFrom('offset_obligation')
      .select(['programme_id'])
      .where('beneficiary_party', '=', party)
      .orderBy('id')
      .execute();
    const programmeId = obligations[Math.floor(obligations.length / 2)]?.programme_id as string;
    server = await startServer(bdb.url);
    const loads = [load1()];
    const ledgerUrl = (q: string) => `${server?.base}/api/offset-ledger?${q}&on=${AS_OF}&currency=EUR`;
    const measureLedger = async (q: string) => {
      const answer = await getJson<{ lines: unknown[] }>(ledgerUrl(q), headers);
      if (!answer.lines.length) throw new Error(`the ledger of ${q} has no line: the figures would mean nothing`);
      await load(ledgerUrl(q), headers, 1, 2).catch(() => undefined);
      return { ...(await timed(ledgerUrl(q), headers, opts.seconds)), lines: answer.lines.length };
    };
    const chainClaims = async (where: 'contract' | 'party') => {
      const suppliers = bdb.db
        .selectFrom('offset_obligation')
        .select('supplier_id')
        .where(where === 'contract' ? 'programme_id' : 'beneficiary_party', '=', where === 'contract' ? programmeId : party);
      const row = await bdb.db
        .selectFrom('offset_claim as c')
        .innerJoin('offset_obligation as o', 'o.id', 'c.obligation_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('o.supplier_id', 'in', suppliers)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    log(`${kind}: the ledger of one contract as of ${AS_OF}`);
    const contract = { ...(await measureLedger(`contract=${programmeId}`)), chainClaims: await chainClaims('contract') };
    log(`${kind}: the ledger of party ${party} as of ${AS_OF}`);
    const partyResult = { ...(await measureLedger(`party=${party}`)), chainClaims: await chainClaims('party') };
    log(`${kind}: the ledger of party ${party}, every sum kept dropped before each read`);
    const forget = () => sql`delete from offset_reader_sums`.execute(bdb.db);
    const partyFirst = await timed(ledgerUrl(`party=${party}`), headers, opts.seconds, forget);
    let trace: OffsetBenchResult['trace'] = null;
    const traceUrl = `${server.base}/api/programmes/${programmeId}/trace?on=${AS_OF}&currency=EUR`;
    const probe = await fetch(traceUrl, { headers });
    if (probe.status !== 404) {
      if (!probe.ok) throw new Error(`the trace answered ${probe.status}: ${await probe.text()}`);
      const text = await probe.text();
      const nodes = text.split('"id"').length - 1;
      const claims = (JSON.parse(text) as { measures: { achieved: { claims: number } } }).measures.achieved.claims;
      log(`${kind}: the trace of one programme`);
      await load(traceUrl, headers, 1, 2);
      trace = { ...(await load(traceUrl, headers, 1, opts.seconds)), nodes, claims, bytes: text.length };
    }
    log(`${kind}: the party's sums before and after migration 0040`);
    const sums = await compareSums(bdb.ctx, party, opts.seconds);
    loads.push(load1());
    return {
      sums,
      kind,
      at: new Date().toISOString(),
      machine: machine(),
      load1: loads,
      data,
      seedSeconds,
      asOf: AS_OF,
      contract,
      party: partyResult,
      partyFirst,
      trace,
    };
  } finally {
    await server?.stop();
    await bdb.drop();
  }
}

const ms = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0));
const verdict = (p99: number) => (p99 <= OFFSET_TARGET_MS ? 'meets' : 'misses');

/** The section of docs/benchmarks.md: the runs kept, one per database, newest replacing older. */
export function renderOffsets(runs: readonly OffsetBenchResult[]): string {
  const rows = runs.flatMap((r) => {
    const row = (what: string, l: LoadResult, size: string) =>
      `| ${r.kind} | ${what} | ${size} | ${ms(l.p50)} | ${ms(l.p99)} | ${l.samples} | ${verdict(l.p99)} | ${r.load1.map((x) => x.toFixed(1)).join(' → ')} | ${r.at.slice(0, 16).replace('T', ' ')} |`;
    return [
      row('ledger, one contract', r.contract, `${r.contract.lines} line(s), chain of ${r.contract.chainClaims} claims`),
      row('ledger, one party, read again', r.party, `${r.party.lines} lines, chains of ${r.party.chainClaims} claims`),
      ...(r.partyFirst
        ? [row('ledger, one party, first read', r.partyFirst, `${r.party.lines} lines, nothing kept before each read`)]
        : []),
      ...(r.trace
        ? [
            row(
              'trace, one programme',
              r.trace,
              r.trace.claims === undefined
                ? `${r.trace.nodes} records`
                : `${r.trace.nodes} records, ${r.trace.claims} claims added up, ${Math.round((r.trace.bytes ?? 0) / 1000)} KB`,
            ),
          ]
        : []),
    ];
  });
  const first = runs[0];
  return [
    '<!-- offsets:start -->',
    '## Offset ledger and programme trace at 1,000 programmes',
    '',
    `Issue 13, section 6: the ledger as of a day (${first?.asOf ?? AS_OF}) per contract and per party, and the trace of one`,
    `programme, p99 at 1 connection through the API, aim ≤ ${OFFSET_TARGET_MS} ms on both databases. Data set per database:`,
    ...runs.map(
      (r) =>
        `- ${r.kind}: ${r.data.programmes} contracted programmes × ${r.data.projects / r.data.programmes} projects, one obligation each, ${r.data.claims} claims (${r.data.steps} steps), ${r.data.suppliers} suppliers (ten contracts each), seeded in ${r.seedSeconds.toFixed(0)} s; reader: the planner of the party owed the most; ${r.machine.cores} × ${r.machine.cpu}.`,
    ),
    '',
    '| Database | Answer | Size | p50 ms | p99 ms | Samples | Aim | Load (1 min) | Run (UTC) |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    'Run with `npm run bench -- --only offsets` (or `node --import tsx bench/offsets.ts --db both`). The load column is',
    "the machine's 1-minute load average before and after: a run on a shared machine is marked by it.",
    ...(runs.some((r) => Math.max(...r.load1) > r.machine.cores)
      ? [
          '',
          `**Measured on a shared machine** (load above its ${first?.machine.cores} cores): these figures are upper bounds, and the run`,
          'on a quiet machine is still to come.',
        ]
      : []),
    '',
    'How the ledger is read: each claim and review step adds, in its own transaction, to running totals of the claims',
    'of one obligation that share one label (migration 0025) and to those of the obligation (migration 0040), per day a',
    'step counted: the credit granted by then and pending then (src/store/offset-totals.repo.ts). The ledger names the',
    'pairs (obligation, day) the banking needs: the day asked, and each passed deadline in scope for the obligations due',
    "by it. It counts each obligation's groups the reader may read and leaves out an obligation of which it may read",
    'none; then, per obligation (its programme and groups read and tested once for all its days), it adds up the smaller',
    "side: the readable groups' latest rows on or before each day, or the obligation's latest row less the unreadable",
    "groups'; the read rule on group, obligation and programme is in the query either way. The domain folds those sums",
    "along each supplier's chain. A ledger costs in proportion to the obligations times their days times the smaller",
    'side, not to the claims: the data set gives each claim a label of its own draw (about 30 per obligation).',
    '',
    'The sums a ledger worked out are kept for every reader the read rule treats alike (same party, clearance and',
    "compartments), each at the generation of its obligation's totals it was read at (migration 0047); a step moves",
    'the generation on and drops the obligation\'s kept sums in its own transaction. "Read again" is a reader asking',
    'what it or a reader alike asked before, with no step in between: each obligation of the chains is one range of',
    'the kept sums, and what is left is reading the obligations and folding, converting and writing 320 lines.',
    '"First read" drops every kept sum before each request (outside the timing): the reader works out every sum',
    'and keeps them.',
    ...runs.flatMap((r) =>
      r.sums
        ? [
            '',
            `${r.kind}, the party's sums alone (${r.sums.pairs} pairs), in process, both ways alternately in the same run: before`,
            `migration 0040 median ${ms(r.sums.before.median)} ms (min ${ms(r.sums.before.min)}), now median ${ms(r.sums.after.median)} ms (min ${ms(r.sums.after.min)}), ${(r.sums.before.median / r.sums.after.median).toFixed(1)}× on the medians.`,
          ]
        : [],
    ),
    '<!-- offsets:end -->',
  ].join('\n');
}

/** Writes the figures of `results` and the report's section, keeping the figures of databases not measured now. */
function writeOffsets(results: readonly OffsetBenchResult[]) {
  const kept = existsSync(FIGURES) ? (JSON.parse(readFileSync(FIGURES, 'utf8')) as { runs: OffsetBenchResult[] }).runs : [];
  const runs = [...kept.filter((r) => !results.some((n) => n.kind === r.kind)), ...results].sort((a, b) =>
    a.kind < b.kind ? 1 : -1,
  );
  writeFileSync(FIGURES, `${JSON.stringify({ runs }, null, 2)}\n`);
  const section = renderOffsets(runs);
  const report = existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : '';
  const marked = /<!-- offsets:start -->[\s\S]*?<!-- offsets:end -->/;
  // Kept at the end of the report, after the sections other runs append, so that a full run carries it over.
  writeFileSync(REPORT, marked.test(report) ? report.replace(marked, section) : `${report.trimEnd()}\n\n${section}\n`);
}

/** Runs the bench on each database and writes its section, keeping the other database's figures and the rest of the report. */
export async function runOffsetBench(kinds: readonly BenchKind[], opts: { programmes: number; seconds: number; seed: number }) {
  const log = (msg: string) => console.error(`[bench] ${msg}`);
  const results: OffsetBenchResult[] = [];
  // Written after each database, so that a long run keeps what it measured so far.
  for (const kind of kinds) {
    results.push(await benchOffsets(kind, opts, log));
    writeOffsets(results);
  }
  for (const r of results)
    log(
      `${r.kind}: ledger of a contract p99 ${ms(r.contract.p99)} ms, of a party p99 ${ms(r.party.p99)} ms (first read ${r.partyFirst ? ms(r.partyFirst.p99) : '-'} ms)${r.trace ? `, trace p99 ${ms(r.trace.p99)} ms` : ''}; load ${r.load1.map((x) => x.toFixed(1)).join(' → ')}`,
    );
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: 'both' },
      programmes: { type: 'string', default: '1000' },
      duration: { type: 'string', default: '10' },
      seed: { type: 'string', default: '1' },
    },
  });
  const kinds: BenchKind[] = values.db === 'both' ? ['sqlite', 'postgres'] : [values.db as BenchKind];
  await runOffsetBench(kinds, {
    programmes: Number(values.programmes),
    seconds: Number(values.duration),
    seed: Number(values.seed),
  });
}
