import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '../src/app/context.js';
import { createClaim, offsetLedger } from '../src/app/offset.usecases.js';
import { canRead, type Label } from '../src/domain/labels.js';
import { claimCreateSchema } from '../src/domain/offset.schema.js';
import { type LedgerQuery, ledgerIn, ledgerLines, presentLedger } from '../src/domain/offset-ledger.js';
import { listExchangeRates } from '../src/store/exchange-rate.repo.js';
import { ledgerClaims, listObligations } from '../src/store/offset.repo.js';
import { findProgrammeHead } from '../src/store/programme.repo.js';
import { databases, type TestDatabase } from './support/databases.js';
import { PARTIES, prng } from './support/labelled-world.js';
import { contractForTen, createElbit, createLabelledProgramme, programmeLabel } from './support/programmes.js';
import { generatedReader, labelOf } from './support/world-labels.js';
import { claimAt, mad, obligationAt, openGeneratedOffsets, reviewAtRandom } from './support/world-offsets.js';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

// The ledger adds up granted and pending credit in SQL (per obligation and per day the banking needs). These
// tests hold it to the ledger as it was computed before, claim by claim from every step read into JS, on
// generated obligations and claims of every label, for generated readers, by contract and by party, as of
// every day a step, an obligation or a deadline falls on and the days around them.

const TODAY = '2027-06-01';
const DAYS = ['2026-02-01', '2026-03-15', '2026-04-01', '2026-06-01', '2026-09-01', '2026-12-01', '2027-03-01', '2027-05-01'];
const dayBefore = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** Most claims are reviewed; of those, most are decided, and most of those granted. */
const REVIEWS = { unreviewed: 0.15, leftUnderReview: 0.15, refused: 0.3, reason: 'No local content shown' };

describe.each(databases())('the ledger added up in SQL on %s', (kind) => {
  let t: TestDatabase;
  const rng = prng(20261207);
  const programmes: { id: string; label: Label }[] = [];
  let planners: Record<string, Actor>;

  /** The ledger as computed before: every readable claim and its steps read, folded claim by claim. */
  async function ledgerClaimByClaim(actor: Actor, query: LedgerQuery & { on: string; currency: string }) {
    const codec = await t.ctx.codec();
    const reader = codec.reader(actor);
    if (query.contract && !(await findProgrammeHead(t.ctx.db, codec, reader, query.contract))) return 'not found';
    const scope = await listObligations(t.ctx.db, codec, reader, { programmeId: query.contract, party: query.party });
    const chains = await listObligations(t.ctx.db, codec, reader, { supplierIds: [...new Set(scope.map((o) => o.supplierId))] });
    const claims = await ledgerClaims(
      t.ctx.db,
      codec,
      reader,
      chains.map((o) => o.id),
    );
    const inScope = new Set(scope.map((o) => o.id));
    const lines = ledgerLines(chains, claims, query.on).filter((l) => inScope.has(l.obligationId));
    return presentLedger(ledgerIn(lines, query.currency, query.on, await listExchangeRates(t.ctx.db, { on: query.on })));
  }

  beforeAll(async () => {
    let reviewers: Record<string, Actor>;
    ({ t, planners, reviewers } = await openGeneratedOffsets(kind, TODAY));
    const supplier = await createElbit(t.ctx, planners.MAR as Actor, { releasableTo: ['ISR', 'USA', 'FRA'] });
    for (let i = 0; i < 4; i++) {
      const label = programmeLabel(rng);
      const planner = planners[label.ownerParty] as Actor;
      const p = await createLabelledProgramme(t.ctx, planner, label, `Programme ${i}`, 10);
      const value = BigInt(1 + rng.int(1_000_000)) * 100n;
      const signedOn = rng.pick(DAYS.slice(0, 3));
      await contractForTen(t.ctx, planner, p.id, supplier, { value: mad(value), signedOn });
      programmes.push({ id: p.id, label });
      for (let k = 0; k < 3; k++) {
        const beneficiary = label.ownerParty;
        const obligor = rng.pick(PARTIES.filter((x) => x !== beneficiary));
        const oLabel = k === 0 ? { ...label, releasableTo: PARTIES.filter((x) => x !== beneficiary) } : labelOf(rng, beneficiary);
        const o = await obligationAt(t.ctx, planners[beneficiary] as Actor, p.id, obligor, oLabel, {
          requiredPercentage: rng.pick(['10', '30', '50']),
          deadline: rng.pick(DAYS.slice(3)),
          penaltyPercentage: rng.pick(['0', '5', '10']),
          multipliers: { training: '2', local_production: '1.5' },
        });
        const claimant = planners[obligor] as Actor;
        if (!canRead(claimant, oLabel) || !canRead(claimant, label)) continue;
        for (let c = 0; c < 6; c++) {
          const cLabel = labelOf(rng, obligor);
          const claimedOn = rng.pick(DAYS.filter((d) => d >= signedOn));
          const claimValue = BigInt(1 + rng.int(Number(value / 20n)));
          const claim = await claimAt(t.ctx, claimant, o.id, cLabel, {
            category: rng.pick(['training', 'local_production'] as const),
            value: mad(claimValue),
            evidence: `Invoice ${i}-${k}-${c}`,
            claimedOn,
          });
          const reviewer = reviewers[beneficiary] as Actor;
          // Steps may fall on the same day as the one before.
          if (canRead(reviewer, cLabel))
            await reviewAtRandom(t.ctx, rng, reviewer, claim.id, { value: claimValue, claimedOn }, DAYS, REVIEWS);
        }
      }
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives, for generated readers, by contract and by party, as of every day that matters, the figures the claim-by-claim ledger gave', async () => {
    const asOf = [...new Set(DAYS.flatMap((d) => [dayBefore(d), d])), '2025-12-31', TODAY].sort();
    let compared = 0;
    let withFigures = 0;
    const readers = [planners.MAR as Actor, planners.ISR as Actor];
    for (let r = 0; r < 6; r++) readers.push(await generatedReader(t.ctx, rng));
    for (const reader of readers)
      for (const on of asOf) {
        const queries: (LedgerQuery & { on: string; currency: string })[] = [
          ...programmes.map((p) => ({ contract: p.id, on, currency: 'MAD' })),
          ...PARTIES.map((party) => ({ party, on, currency: 'MAD' })),
        ];
        for (const q of queries) {
          const before = await ledgerClaimByClaim(reader, q);
          const now = await offsetLedger(t.ctx, reader, q).catch((e: { kind?: string }) =>
            e.kind === 'not_found' ? 'not found' : Promise.reject(e),
          );
          expect(now).toEqual(before);
          compared++;
          if (typeof now !== 'string' && now.lines.some((l) => l.granted.amount !== '0.00' || l.pending.amount !== '0.00'))
            withFigures++;
        }
      }
    // The comparisons met claims granted and pending, not only empty ledgers.
    expect(compared).toBeGreaterThan(500);
    expect(withFigures).toBeGreaterThan(100);
  });

  it('counts a claim the reader may not read nowhere, banked credit included, and one it may read where it belongs', async () => {
    const codec = await t.ctx.codec();
    // An obligation whose obligor's planner may read it and its programme, so that it may claim against it.
    let obligation: Awaited<ReturnType<typeof listObligations>>[number] | undefined;
    let open: { id: string; label: Label } | undefined;
    for (const p of programmes) {
      const owned = await listObligations(t.ctx.db, codec, codec.reader(planners[p.label.ownerParty] as Actor), {
        programmeId: p.id,
      });
      obligation = owned.find(
        (o) => canRead(planners[o.obligorParty] as Actor, o.label) && canRead(planners[o.obligorParty] as Actor, p.label),
      );
      open = p;
      if (obligation) break;
    }
    if (!obligation || !open) throw new Error('no obligation its obligor may claim against');
    const claimant = planners[obligation.obligorParty] as Actor;
    const reviewer = planners[obligation.beneficiaryParty] as Actor;
    // The beneficiary's planner reads the obligation and its programme, not a claim of the obligor's released to nobody.
    const outsider = reviewer;
    const query = { contract: open.id, on: TODAY, currency: 'MAD' };
    const seenBefore = await offsetLedger(t.ctx, outsider, query);
    const ownerBefore = await offsetLedger(t.ctx, claimant, query);
    const hidden = await createClaim(
      t.ctx,
      claimant,
      obligation.id,
      claimCreateSchema.parse({
        source: 'purchase',
        category: 'training',
        value: mad(500_000_00n),
        evidence: 'Hidden invoice',
        claimedOn: '2026-06-01',
        classification: 'UNCLASSIFIED',
        releasableTo: [],
        compartments: [],
      }),
    );
    // The beneficiary cannot read it, so cannot review it: the claimant's view shows it pending, the beneficiary's not at all.
    expect(await offsetLedger(t.ctx, outsider, query)).toEqual(seenBefore);
    expect(await offsetLedger(t.ctx, outsider, query)).toEqual(await ledgerClaimByClaim(outsider, query));
    const ownerAfter = await offsetLedger(t.ctx, claimant, query);
    const cents = (m: { amount: string } | undefined) => BigInt(m?.amount.replace('.', '') ?? 'NaN');
    const pendingOf = (l: typeof ownerAfter) => cents(l.lines.find((x) => x.obligationId === obligation.id)?.own.pending);
    // Its credit (500,000.00 at a multiplier of 2) is pending for the one who may read it.
    expect(pendingOf(ownerAfter) - pendingOf(ownerBefore)).toBe(1_000_000_00n);
    expect(ownerAfter).toEqual(await ledgerClaimByClaim(claimant, query));
    expect(hidden.status).toBe('claimed');
  });
});
