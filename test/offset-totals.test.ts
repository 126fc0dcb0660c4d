import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '../src/app/context.js';
import { moveClaim, offsetLedger } from '../src/app/offset.usecases.js';
import { CLASSIFICATIONS, canRead, type Label } from '../src/domain/labels.js';
import { money } from '../src/domain/money.js';
import { type LedgerObligation, ledgerLines, ledgerLinesOfSums, ledgerSumsWanted } from '../src/domain/offset-ledger.js';
import { ledgerClaims, listObligations } from '../src/store/offset.repo.js';
import {
  type CreditSums,
  creditSums,
  readCreditSums,
  rebuildCreditTotals,
  rememberCreditSums,
} from '../src/store/offset-totals.repo.js';
import { databases, type TestDatabase } from './support/databases.js';
import { makeActor } from './support/fixtures.js';
import { PARTIES, type Prng, prng, READER_COMPARTMENT_SETS, RECORD_COMPARTMENT_SETS } from './support/labelled-world.js';
import { contractForTen, createElbit, createLabelledProgramme, programmeLabel } from './support/programmes.js';
import { generatedReader } from './support/world-labels.js';
import {
  bp,
  claimAt,
  decimal,
  type ClaimModel as OffsetClaimModel,
  obligationAt,
  openGeneratedOffsets,
} from './support/world-offsets.js';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

const TODAY = '2027-06-01';
const DAYS = ['2026-01-15', '2026-03-01', '2026-05-01', '2026-07-01', '2026-09-01', '2026-11-01', '2027-02-01', '2027-05-01'];
/** Days asked: before any step, on step days, between them, and today. */
const ASKED = ['2025-12-31', '2026-01-15', '2026-02-10', '2026-05-01', '2026-08-15', '2026-11-01', '2027-03-03', TODAY];

const eur = (cents: bigint) => ({ amount: decimal(cents), currency: 'EUR' });

interface ObligationModel {
  id: string;
  label: Label;
  programmeLabel: Label;
  obligor: string;
  beneficiary: string;
}
interface ClaimModel extends OffsetClaimModel {
  /** The version its last step left it at, which the next step names. */
  version: number;
}

/** One of a few labels of `owner`, so that several claims share each and some readers are refused each. */
function claimLabel(rng: Prng, owner: string, beneficiary: string): Label {
  return {
    ownerParty: owner,
    classification: rng.pick(CLASSIFICATIONS.slice(0, 3)),
    releasableTo: rng.next() < 0.8 ? [beneficiary] : [],
    compartments: [...rng.pick(RECORD_COMPARTMENT_SETS.slice(0, 2))],
  };
}

/** The sums the reference model gives: over the claims `reader` may read against obligations it may read. */
function expectedSums(reader: Actor, obligations: ObligationModel[], claims: ClaimModel[], obligationId: string, day: string) {
  const o = obligations.find((x) => x.id === obligationId);
  if (!o || !canRead(reader, o.label) || !canRead(reader, o.programmeLabel)) return { granted: 0n, pending: 0n };
  let granted = 0n;
  let pending = 0n;
  for (const c of claims) {
    if (c.obligationId !== obligationId || !canRead(reader, c.label)) continue;
    const status = c.steps.filter((s) => s.on <= day).at(-1)?.to;
    if (status === 'granted') granted += c.granted ?? 0n;
    if (status === 'claimed' || status === 'under_review') pending += c.credit;
  }
  return { granted, pending };
}

/** Every group's rows, by obligation, label and day, without the group's number. */
async function totalsTable(t: TestDatabase) {
  const { rows } = await sql<Record<string, string>>`
    select g.obligation_id, g.owner_party, cast(g.classification as text) as classification,
      cast(g.releasable_mask as text) as releasable_mask, cast(g.compartment_mask as text) as compartment_mask,
      t.day, cast(t.granted as text) as granted, cast(t.pending as text) as pending
    from offset_credit_total t join offset_credit_group g on g.id = t.group_id
    order by 1, 2, 3, 4, 5, 6`.execute(t.db);
  return rows;
}

/** Every obligation's rows (migration 0040), by obligation and day. */
async function obligationTotalsTable(t: TestDatabase) {
  const { rows } = await sql<Record<string, string>>`
    select obligation_id, day, cast(granted as text) as granted, cast(pending as text) as pending
    from offset_obligation_total order by 1, 2`.execute(t.db);
  return rows;
}

/** Both kinds of running totals, as kept. */
const allTotals = async (t: TestDatabase) => ({ groups: await totalsTable(t), obligations: await obligationTotalsTable(t) });

/**
 * The running totals on each database: claims of a few labels against
 * obligations of every label, made and reviewed through the use cases in an
 * order unlike their days (so that a step dated before others of its group
 * moves the rows after it), then some at once. The totals kept equal those
 * built anew from the claims, and the sums read for generated readers equal a
 * reference model of what each may read; the ledger read from them equals
 * the one folded from the claims themselves.
 */
describe.each(databases())('offset running totals on %s', (kind) => {
  let t: TestDatabase;
  const rng = prng(20261207);
  const obligations: ObligationModel[] = [];
  const claims: ClaimModel[] = [];
  let planners: Record<string, Actor>;
  let reviewers: Record<string, Actor>;
  const programmeIds: string[] = [];

  /** Claims `count` credits against `o` by its obligor, of labels drawn by `labelOf`; all made at once when `together`. */
  async function claimAgainst(
    o: ObligationModel,
    count: number,
    together: boolean,
    labelOf = () => claimLabel(rng, o.obligor, o.beneficiary),
  ) {
    const inputs = Array.from({ length: count }, (_, c) => {
      const label = labelOf();
      const value = BigInt(1 + rng.int(5_000_000));
      return { label, value, claimedOn: rng.pick(DAYS), evidence: `Invoice ${claims.length + c}` };
    });
    const make = async (i: (typeof inputs)[number]) => {
      const claim = await claimAt(t.ctx, planners[o.obligor] as Actor, o.id, i.label, {
        category: 'local_production',
        value: eur(i.value),
        evidence: i.evidence,
        claimedOn: i.claimedOn,
      });
      const m: ClaimModel = {
        id: claim.id,
        version: claim.version,
        label: i.label,
        obligationId: o.id,
        credit: bp(i.value, 15_000n),
        granted: null,
        steps: [{ on: i.claimedOn, to: 'claimed' }],
      };
      claims.push(m);
      return { m, value: i.value };
    };
    if (together) return Promise.all(inputs.map(make));
    const out = [];
    for (const i of inputs) out.push(await make(i));
    return out;
  }

  /** Moves the claims given one step on, each on a day on or after its last step; all at once when `together`. */
  async function review(made: { m: ClaimModel; value: bigint }[], together: boolean) {
    const step = async ({ m, value }: { m: ClaimModel; value: bigint }) => {
      const o = obligations.find((x) => x.id === m.obligationId) as ObligationModel;
      const reviewer = reviewers[o.beneficiary] as Actor;
      const last = m.steps.at(-1) as { on: string; to: string };
      // A claim the reviewer may not read is not reviewed (it would answer 404).
      if (!canRead(reviewer, m.label)) return;
      const on = rng.pick([...DAYS.filter((d) => d >= last.on), TODAY]);
      if (last.to === 'claimed') {
        m.version = (await moveClaim(t.ctx, reviewer, m.id, { to: 'under_review', on, version: m.version })).version;
        m.steps.push({ on, to: 'under_review' });
      } else if (last.to === 'under_review') {
        if (rng.next() < 0.25) {
          const reason = 'No local content shown';
          m.version = (await moveClaim(t.ctx, reviewer, m.id, { to: 'refused', on, reason, version: m.version })).version;
          m.steps.push({ on, to: 'refused' });
        } else {
          const accepted = BigInt(rng.int(Number(value) + 1));
          const move = { to: 'granted' as const, on, acceptedValue: decimal(accepted), version: m.version };
          m.version = (await moveClaim(t.ctx, reviewer, m.id, move)).version;
          m.granted = bp(accepted, 15_000n);
          m.steps.push({ on, to: 'granted' });
        }
      }
    };
    if (together) await Promise.all(made.map(step));
    else for (const x of made) await step(x);
  }

  beforeAll(async () => {
    ({ t, planners, reviewers } = await openGeneratedOffsets(kind, TODAY));
    const supplier = await createElbit(t.ctx, planners.MAR as Actor, {
      country: 'X',
      systems: [{ name: 'S', category: 'artillery' }],
      releasableTo: ['ISR', 'USA', 'FRA'],
    });
    for (let i = 0; i < 4; i++) {
      const drawn: Label =
        i === 0
          ? { ownerParty: 'MAR', classification: 'UNCLASSIFIED', releasableTo: ['ISR', 'USA', 'FRA'], compartments: [] }
          : programmeLabel(rng);
      const beneficiary = drawn.ownerParty;
      const obligor = rng.pick(PARTIES.filter((x) => x !== beneficiary));
      // Released to the obligor whatever was drawn, so that its claims can be made.
      const label: Label = { ...drawn, releasableTo: [...new Set([...drawn.releasableTo, obligor])].sort() };
      const planner = planners[label.ownerParty] as Actor;
      const p = await createLabelledProgramme(t.ctx, planner, label, `Programme ${i}`, 10);
      await contractForTen(t.ctx, planner, p.id, supplier, { value: eur(900_000_000n), signedOn: '2026-01-01' });
      programmeIds.push(p.id);
      const created = await obligationAt(t.ctx, planners[beneficiary] as Actor, p.id, obligor, label, {
        requiredPercentage: '30',
        deadline: rng.pick(DAYS.slice(2)),
        penaltyPercentage: '5',
        multipliers: { local_production: '1.5' },
      });
      obligations.push({ id: created.id, label, programmeLabel: label, obligor, beneficiary });
    }
    for (const o of obligations) {
      // Claims one after the other, then reviewed in an order of their own, a step at a time.
      const made = await claimAgainst(o, 24, false);
      for (let round = 0; round < 2; round++) await review(rng.sample(made, made.length), false);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives each generated reader the sums of the claims it may read, as of days before, on and between the steps', async () => {
    let hidden = 0;
    const sides = new Set<string>();
    for (let r = 0; r < 10; r++) {
      const reader = r === 0 ? (planners.MAR as Actor) : await generatedReader(t.ctx, rng);
      const codec = await t.ctx.codec();
      const pairs = obligations.flatMap((o) => ASKED.map((day) => ({ obligationId: o.id, day })));
      // Asked twice, a pair is still counted once.
      const got = new Map(
        (await creditSums(t.db, codec.reader(reader), [...pairs, ...pairs.slice(0, 5)])).map((s) => [
          `${s.obligationId}|${s.day}`,
          { granted: s.granted, pending: s.pending },
        ]),
      );
      for (const { obligationId, day } of pairs) {
        const want = expectedSums(reader, obligations, claims, obligationId, day);
        expect(got.get(`${obligationId}|${day}`) ?? { granted: 0n, pending: 0n }, `${obligationId} on ${day}`).toEqual(want);
      }
      hidden += claims.filter((c) => !canRead(reader, c.label)).length;
      // Which side each readable obligation was added up from: its readable groups, or its total less the others.
      for (const o of obligations) {
        if (!canRead(reader, o.label) || !canRead(reader, o.programmeLabel)) continue;
        const groups = new Map(claims.filter((c) => c.obligationId === o.id).map((c) => [JSON.stringify(c.label), c.label]));
        const readable = [...groups.values()].filter((l) => canRead(reader, l)).length;
        if (2 * readable > groups.size && readable < groups.size) sides.add('total less hidden groups');
        if (2 * readable <= groups.size && readable > 0) sides.add('readable groups');
      }
    }
    // Readers were refused some claims: the read rule was put to the test.
    expect(hidden).toBeGreaterThan(0);
    // Both ways of adding up were taken, each with groups to add or take out.
    expect([...sides].sort()).toEqual(['readable groups', 'total less hidden groups']);
  });

  it('reads the same ledger from the totals as folded from the claims one by one', async () => {
    for (let r = 0; r < 6; r++) {
      const reader = await makeActor(t.ctx, rng.pick(PARTIES), ['viewer'], rng.pick(CLASSIFICATIONS.slice(2)), [
        ...rng.pick(READER_COMPARTMENT_SETS),
      ]);
      const codec = await t.ctx.codec();
      const storeReader = codec.reader(reader);
      const readable = await listObligations(t.db, codec, storeReader, {});
      const fromClaims = await ledgerClaims(
        t.db,
        codec,
        storeReader,
        readable.map((o) => o.id),
      );
      for (const on of ASKED) {
        const expected = ledgerLines(readable, fromClaims, on);
        for (const programmeId of programmeIds) {
          const inScope = expected.filter((l) => l.programmeId === programmeId);
          if (!inScope.length) continue;
          const ledger = await offsetLedger(t.ctx, reader, { contract: programmeId, on });
          expect(
            ledger.lines.map((l) => ({
              id: l.obligationId,
              granted: l.own.granted,
              pending: l.own.pending,
              short: l.own.shortfall,
            })),
          ).toEqual(
            inScope.map((l) => ({
              id: l.obligationId,
              granted: eur(l.granted),
              pending: eur(l.pending),
              short: eur(l.shortfall),
            })),
          );
        }
      }
    }
  });

  it('keeps the sums it worked out for readers alike, reads them only at their generation, and drops them with a step', async () => {
    const codec = await t.ctx.codec();
    const pairs = obligations.flatMap((o) => ASKED.map((day) => ({ obligationId: o.id, day })));
    const expectAll = (reader: Actor, got: CreditSums[], what: string) => {
      const byPair = new Map(got.map((s) => [`${s.obligationId}|${s.day}`, { granted: s.granted, pending: s.pending }]));
      for (const { obligationId, day } of pairs)
        expect(
          byPair.get(`${obligationId}|${day}`) ?? { granted: 0n, pending: 0n },
          `${what}: ${obligationId} on ${day}`,
        ).toEqual(expectedSums(reader, obligations, claims, obligationId, day));
    };
    const readers = [planners.MAR as Actor];
    for (let r = 0; r < 6; r++) readers.push(await generatedReader(t.ctx, rng));
    // Each reader in turn, after the others kept theirs: a reader of another kind is never given theirs.
    for (const reader of readers) {
      const storeReader = codec.reader(reader);
      const cold = await readCreditSums(t.db, storeReader, pairs);
      expectAll(reader, cold.sums, `${reader.party} first`);
      await rememberCreditSums(t.db, cold.learnt, new Set(ASKED));
      const warm = await readCreditSums(t.db, storeReader, pairs);
      expectAll(reader, warm.sums, `${reader.party} again`);
      // Every pair of an obligation it may read was kept, nought included: none was worked out again.
      const readable = obligations.filter((o) => canRead(reader, o.label) && canRead(reader, o.programmeLabel));
      expect(cold.learnt.rows.length).toBe(readable.length * ASKED.length);
      expect(warm.learnt.rows).toEqual([]);
    }
    // What is kept is what is read: a kept sum changed by hand is answered as kept.
    const reader = planners.MAR as Actor;
    const storeReader = codec.reader(reader);
    const o = obligations[0] as ObligationModel;
    const day = TODAY;
    const kept = () => readCreditSums(t.db, storeReader, [{ obligationId: o.id, day }]);
    const truth = expectedSums(reader, obligations, claims, o.id, day);
    await sql`update offset_reader_sums set granted = granted + 1 where obligation_id = ${o.id} and day = ${day}`.execute(t.db);
    expect((await kept()).sums).toEqual([{ obligationId: o.id, day, ...truth, granted: truth.granted + 1n }]);
    // A step on the obligation drops its kept sums and moves its generation on; the next read adds it up anew.
    const stamp = async () =>
      (
        await sql<{
          g: string;
        }>`select cast(generation as text) as g from offset_sums_stamp where obligation_id = ${o.id}`.execute(t.db)
      ).rows[0]?.g ?? '0';
    const before = await stamp();
    const stale = (await readCreditSums(t.db, storeReader, pairs)).sums;
    await claimAgainst(o, 1, false, () => ({
      ...claimLabel(rng, o.obligor, o.beneficiary),
      classification: 'UNCLASSIFIED',
      compartments: [],
      releasableTo: [o.beneficiary],
    }));
    expect(BigInt(await stamp())).toBe(BigInt(before) + 1n);
    const left = await sql<{ n: number }>`select count(*) as n from offset_reader_sums where obligation_id = ${o.id}`.execute(
      t.db,
    );
    expect(Number(left.rows[0]?.n)).toBe(0);
    const after = await readCreditSums(t.db, storeReader, pairs);
    expectAll(reader, after.sums, 'after a new claim');
    expect(after.sums).not.toEqual(stale);
    // A sum kept by a reader whose snapshot came before the step, at the generation it read, is never used.
    await rememberCreditSums(
      t.db,
      {
        reader: after.learnt.reader,
        rows: [{ obligationId: o.id, day, generation: before, granted: 1n, pending: 1n }],
      },
      new Set(ASKED),
    );
    expect((await kept()).sums).toEqual(
      [expectedSums(reader, obligations, claims, o.id, day)]
        .filter((x) => x.granted !== 0n || x.pending !== 0n)
        .map((x) => ({ obligationId: o.id, day, ...x })),
    );
    // Kept anew at the generation read, it replaces the old one.
    await rememberCreditSums(t.db, after.learnt, new Set(ASKED));
    expect((await kept()).learnt.rows).toEqual([]);
  });

  // Built anew, the totals replace those kept: this runs after the tests that read the kept ones.
  it('keeps the totals equal to the totals built anew from the claims and their steps', async () => {
    const kept = await allTotals(t);
    expect(kept.groups.length).toBeGreaterThan(obligations.length);
    expect(kept.obligations.length).toBeGreaterThan(obligations.length);
    await rebuildCreditTotals(t.db);
    expect(await allTotals(t)).toEqual(kept);
  });

  it('adds up claims and reviews written at the same time against one obligation', async () => {
    const o = obligations[0] as ObligationModel;
    // One label for all, so that every writer adds to the same group's rows.
    const shared = { ...claimLabel(rng, o.obligor, o.beneficiary), releasableTo: [o.beneficiary] };
    const made = await claimAgainst(o, 16, true, () => shared);
    await review(made, true);
    await review(made, true);
    const codec = await t.ctx.codec();
    const reader = planners[o.beneficiary] as Actor;
    const sums = await creditSums(
      t.db,
      codec.reader(reader),
      ASKED.map((day) => ({ obligationId: o.id, day })),
    );
    for (const day of ASKED)
      expect(sums.find((s) => s.day === day) ?? { granted: 0n, pending: 0n }).toMatchObject(
        expectedSums(reader, obligations, claims, o.id, day),
      );
    const kept = await allTotals(t);
    await rebuildCreditTotals(t.db);
    expect(await allTotals(t)).toEqual(kept);
  });

  it('adds up claims of many labels written at the same time against one obligation, into its total too', async () => {
    // Writers of different groups share only the obligation's rows: those must still add up one after the other.
    const o = obligations[1] as ObligationModel;
    const made = await claimAgainst(o, 16, true);
    await review(made, true);
    await review(made, true);
    const kept = await allTotals(t);
    await rebuildCreditTotals(t.db);
    expect(await allTotals(t)).toEqual(kept);
    const codec = await t.ctx.codec();
    for (const reader of [planners[o.beneficiary] as Actor, planners[o.obligor] as Actor]) {
      const sums = await creditSums(
        t.db,
        codec.reader(reader),
        ASKED.map((day) => ({ obligationId: o.id, day })),
      );
      for (const day of ASKED)
        expect(sums.find((s) => s.day === day) ?? { granted: 0n, pending: 0n }, `${reader.party} on ${day}`).toMatchObject(
          expectedSums(reader, obligations, claims, o.id, day),
        );
    }
  });
});

describe('the sums the ledger asks for', () => {
  it('are among the pairs ledgerSumsWanted names, and a scope changes none of the lines it keeps', () => {
    const rng = prng(7);
    for (let run = 0; run < 300; run++) {
      const obligations: LedgerObligation[] = Array.from({ length: 1 + rng.int(8) }, (_, i) => {
        const arisesOn = rng.pick(DAYS.slice(0, 4));
        return {
          id: `o${i}`,
          programmeId: `p${i}`,
          supplierId: rng.pick(['s1', 's2']),
          obligorParty: 'ISR',
          beneficiaryParty: 'MAR',
          amount: money(BigInt(rng.int(1000)), rng.pick(['EUR', 'MAD'])),
          arisesOn,
          deadline: rng.pick(DAYS.filter((d) => d >= arisesOn)),
          penaltyBp: 500n,
        };
      });
      const on = rng.pick(ASKED);
      const scope = new Set(rng.sample(obligations, 1 + rng.int(obligations.length)).map((o) => o.id));
      const inScope = (id: string) => scope.has(id);
      // Sums that grow with the day, as granted credit does, the same for the same pair.
      const sums = (id: string, day: string) => ({
        granted: BigInt(Number(id.slice(1)) * 7 + (Number(day.replaceAll('-', '')) % 997)),
        pending: 1n,
      });
      const asked = new Set<string>();
      const scoped = ledgerLinesOfSums(
        obligations,
        (id, day) => {
          asked.add(`${id}|${day}`);
          return sums(id, day);
        },
        on,
        inScope,
      );
      const named = ledgerSumsWanted(obligations, on, inScope).map((p) => `${p.obligationId}|${p.day}`);
      const wanted = new Set(named);
      expect(named.length).toBe(wanted.size);
      expect([...asked].filter((p) => !wanted.has(p))).toEqual([]);
      expect(scoped).toEqual(ledgerLinesOfSums(obligations, sums, on).filter((l) => scope.has(l.obligationId)));
    }
  });
});
