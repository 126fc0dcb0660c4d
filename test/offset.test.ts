import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createToken } from '../src/app/auth.usecases.js';
import type { Actor } from '../src/app/context.js';
import { createProject } from '../src/app/industrial-project.usecases.js';
import { createClaim, createObligation, getClaim, moveClaim, offsetLedger } from '../src/app/offset.usecases.js';
import type { DomainError } from '../src/domain/errors.js';
import { projectCreateSchema } from '../src/domain/industrial-project.schema.js';
import { CLASSIFICATIONS, canRead, type Label, type Reader } from '../src/domain/labels.js';
import { documentMarking, documentMarkingText } from '../src/domain/marking.js';
import { claimCreateSchema, obligationCreateSchema } from '../src/domain/offset.schema.js';
import { buildServer } from '../src/server/app.js';
import { countRows, databases, type TestDatabase } from './support/databases.js';
import { makeActor } from './support/fixtures.js';
import { PARTIES, prng, READER_COMPARTMENT_SETS } from './support/labelled-world.js';
import type { Json } from './support/programme-api.js';
import { contractForTen, createElbit, createLabelledProgramme, programmeLabel } from './support/programmes.js';
import { generatedReader, labelOf } from './support/world-labels.js';
import {
  bp,
  type ClaimModel,
  claimReviewedAtRandom,
  decimal,
  GENERATED_CALENDAR,
  mad,
  obligationAt,
  openGeneratedOffsets,
} from './support/world-offsets.js';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

const { today: TODAY, days: DAYS, asOf: AS_OF } = GENERATED_CALENDAR;
/** What a claim of each category counts for. */
const MULTIPLIERS = { technology_transfer: '3', local_production: '1.5', training: '2.25' };
/** Most claims are reviewed; of those, most are decided, and most of those granted. */
const REVIEWS = { unreviewed: 0.2, leftUnderReview: 0.2, refused: 0.25, reason: 'No local content shown' };

interface ObligationModel {
  id: string;
  label: Label;
  programmeLabel: Label;
  programmeId: string;
  supplierId: string;
  obligor: string;
  beneficiary: string;
  amount: bigint;
  arisesOn: string;
  deadline: string;
  penaltyBp: bigint;
}

/** The reference model of the ledger: what `reader` should see of the obligations in `scope`, as of `on`. */
function expectedLedger(
  reader: Reader,
  obligations: ObligationModel[],
  claims: ClaimModel[],
  scope: (o: ObligationModel) => boolean,
  on: string,
) {
  const visible = obligations.filter((o) => canRead(reader, o.label) && canRead(reader, o.programmeLabel) && o.arisesOn <= on);
  const seenClaims = claims.filter((c) => canRead(reader, c.label) && visible.some((o) => o.id === c.obligationId));
  const suppliers = new Set(visible.filter(scope).map((o) => o.supplierId));
  const figuresAt = (day: string) => {
    const out = new Map<string, Json>();
    for (const supplier of suppliers) {
      let carry = 0n;
      const chain = visible
        .filter((o) => o.supplierId === supplier && o.arisesOn <= day)
        .sort((a, b) => (a.deadline === b.deadline ? (a.id < b.id ? -1 : 1) : a.deadline < b.deadline ? -1 : 1));
      for (const o of chain) {
        let granted = 0n;
        let pending = 0n;
        for (const c of seenClaims.filter((x) => x.obligationId === o.id)) {
          const status = c.steps.filter((s) => s.on <= day).at(-1)?.to;
          if (status === 'granted') granted += c.granted ?? 0n;
          if (status === 'claimed' || status === 'under_review') pending += c.credit;
        }
        const bankedIn = carry;
        const shortfall = granted + carry >= o.amount ? 0n : o.amount - granted - carry;
        carry = granted + carry + shortfall - o.amount;
        out.set(o.id, { granted, pending, bankedIn, bankedOut: carry, shortfall });
      }
    }
    return out;
  };
  const now = figuresAt(on);
  return visible
    .filter(scope)
    .map((o) => {
      const f = now.get(o.id) as Json;
      const penalty = on >= o.deadline ? bp((figuresAt(o.deadline).get(o.id) as Json).shortfall, o.penaltyBp) : 0n;
      return {
        obligationId: o.id,
        obligation: mad(o.amount),
        granted: mad(f.granted),
        pending: mad(f.pending),
        bankedIn: mad(f.bankedIn),
        bankedOut: mad(f.bankedOut),
        shortfall: mad(f.shortfall),
        penaltyDue: mad(penalty),
      };
    })
    .sort((a, b) => (a.obligationId < b.obligationId ? -1 : 1));
}

const reduce = (ledger: Json) =>
  ledger.lines
    .map((l: Json) => ({
      obligationId: l.obligationId,
      obligation: l.obligation,
      granted: l.granted,
      pending: l.pending,
      bankedIn: l.bankedIn,
      bankedOut: l.bankedOut,
      shortfall: l.shortfall,
      penaltyDue: l.penaltyDue,
    }))
    .sort((a: Json, b: Json) => (a.obligationId < b.obligationId ? -1 : 1));

/**
 * Offsets on each database: obligations of every label from contracts of
 * programmes of every label, claims of every label made, reviewed, granted
 * and refused through the use cases; generated readers get, by contract and
 * by party and as of three days, exactly the ledger the reference model
 * computes from what they may read.
 */
describe.each(databases())('offsets on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  const rng = prng(20261206);
  const obligations: ObligationModel[] = [];
  const claims: ClaimModel[] = [];
  let planners: Record<string, Actor>;
  let reviewers: Record<string, Actor>;
  const programmes: { id: string; label: Label }[] = [];

  beforeAll(async () => {
    ({ t, planners, reviewers } = await openGeneratedOffsets(kind, TODAY));
    const suppliers = [];
    for (const name of ['Elbit Systems', 'KNDS'])
      suppliers.push(await createElbit(t.ctx, planners.MAR as Actor, { name, releasableTo: ['ISR', 'USA', 'FRA'] }));
    for (let i = 0; i < 8; i++) {
      const label =
        i === 0
          ? {
              ownerParty: 'MAR',
              classification: 'UNCLASSIFIED' as const,
              releasableTo: [...PARTIES].filter((p) => p !== 'MAR'),
              compartments: [],
            }
          : programmeLabel(rng);
      const planner = planners[label.ownerParty] as Actor;
      const supplier = suppliers[i % 2] as (typeof suppliers)[number];
      const p = await createLabelledProgramme(t.ctx, planner, label, `Programme ${i}`, 10);
      const value = BigInt(1 + rng.int(10_000_000)) * 100n + BigInt(rng.int(100));
      const signedOn = rng.pick(DAYS.slice(0, 3));
      await contractForTen(t.ctx, planner, p.id, supplier, { value: mad(value), signedOn });
      programmes.push({ id: p.id, label });
      // The beneficiary is the programme's owner, whose planners read it; the obligor another party.
      for (let k = 0; k < 2; k++) {
        const beneficiary = label.ownerParty;
        const obligor = rng.pick(PARTIES.filter((x) => x !== beneficiary));
        const oLabel = i === 0 && k === 0 ? { ...label } : labelOf(rng, beneficiary);
        const percent = rng.pick(['30', '50', '100', '12.5']);
        const penalty = rng.pick(['0', '5', '10']);
        const deadline = rng.pick(DAYS.slice(3));
        const o = await obligationAt(t.ctx, planners[beneficiary] as Actor, p.id, obligor, oLabel, {
          requiredPercentage: percent,
          deadline,
          penaltyPercentage: penalty,
          multipliers: MULTIPLIERS,
        });
        const amount = (value * BigInt(Math.round(Number(percent) * 100))) / 10_000n;
        expect(o.amount).toEqual(mad(bp(value, BigInt(Math.round(Number(percent) * 100)))));
        const model: ObligationModel = {
          id: o.id,
          label: oLabel,
          programmeLabel: label,
          programmeId: p.id,
          supplierId: supplier.id,
          obligor,
          beneficiary,
          amount: bp(value, BigInt(Math.round(Number(percent) * 100))),
          arisesOn: signedOn,
          deadline,
          penaltyBp: BigInt(Number(penalty) * 100),
        };
        expect(amount <= model.amount + 1n).toBe(true);
        obligations.push(model);
        // The obligor's planner claims when it may read the obligation and its programme.
        const claimant = planners[obligor] as Actor;
        if (!canRead(claimant, oLabel) || !canRead(claimant, label)) continue;
        // The beneficiary's other planner reviews the claims it may read.
        const by = { claimant, reviewer: reviewers[beneficiary] as Actor };
        for (let c = 0; c < 4; c++) {
          const cLabel = labelOf(rng, obligor);
          const category = rng.pick(['technology_transfer', 'local_production', 'training'] as const);
          const multiplier = { technology_transfer: 30_000n, local_production: 15_000n, training: 22_500n }[category];
          const claimValue = BigInt(1 + rng.int(Number(model.amount / 2n) + 1));
          const claimedOn = rng.pick(DAYS.filter((d) => d >= signedOn));
          const claim = { category, multiplier, value: claimValue, evidence: `Invoice ${i}-${k}-${c}`, claimedOn };
          claims.push(await claimReviewedAtRandom(t.ctx, rng, by, o.id, cLabel, claim, { days: DAYS, odds: REVIEWS }));
        }
      }
    }
    app = await buildServer(t.ctx);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('gives each generated reader, by contract and by party, as of three days, the ledger of what it may read', async () => {
    let hiddenObligations = 0;
    let hiddenClaims = 0;
    let granted = 0;
    for (let r = 0; r < 12; r++) {
      const reader = await generatedReader(t.ctx, rng);
      hiddenObligations += obligations.filter((o) => !canRead(reader, o.label) || !canRead(reader, o.programmeLabel)).length;
      hiddenClaims += claims.filter((c) => !canRead(reader, c.label)).length;
      for (const on of AS_OF) {
        for (const p of programmes) {
          const scope = (o: ObligationModel) => o.programmeId === p.id;
          if (!canRead(reader, p.label)) {
            const err = await offsetLedger(t.ctx, reader, { contract: p.id, on, currency: 'MAD' }).catch((e: unknown) => e);
            expect((err as DomainError).kind).toBe('not_found');
            continue;
          }
          const ledger = await offsetLedger(t.ctx, reader, { contract: p.id, on, currency: 'MAD' });
          const want = expectedLedger(reader, obligations, claims, scope, on);
          expect(reduce(ledger)).toEqual(want);
          granted += want.filter((l) => l.granted.amount !== '0.00').length;
        }
        for (const party of PARTIES) {
          const scope = (o: ObligationModel) => o.obligor === party || o.beneficiary === party;
          const ledger = await offsetLedger(t.ctx, reader, { party, on, currency: 'MAD' });
          expect(reduce(ledger)).toEqual(expectedLedger(reader, obligations, claims, scope, on));
          const totals = ledger.lines.reduce((s: bigint, l: Json) => s + BigInt(l.shortfall.amount.replace('.', '')), 0n);
          expect(ledger.totals.shortfall.amount).toBe(decimal(totals));
        }
      }
    }
    // The generated world hides something from someone, and grants some credit: the comparisons meant something.
    expect(hiddenObligations).toBeGreaterThan(0);
    expect(hiddenClaims).toBeGreaterThan(0);
    expect(granted).toBeGreaterThan(0);
  });

  it('answers, before any obligation in scope has arisen, an empty ledger in their currency; with none to read, asks for one', async () => {
    const first = obligations[0] as ObligationModel;
    const reader = planners.MAR as Actor;
    const before = '2025-01-01';
    expect(obligations.every((o) => o.arisesOn > before)).toBe(true);
    for (const query of [{ contract: first.programmeId }, { party: 'MAR' }]) {
      const ledger = await offsetLedger(t.ctx, reader, { ...query, on: before });
      expect(ledger.lines).toEqual([]);
      expect(ledger.currency).toBe('MAD');
      for (const figure of Object.values(ledger.totals)) expect(figure).toEqual(mad(0n));
    }
    // A party no obligation the reader may read is owed by or to: nothing says which currency to count in.
    const outsider = await makeActor(t.ctx, 'FRA', ['viewer'], 'UNCLASSIFIED', []);
    const none = obligations.filter(
      (o) =>
        (o.obligor === 'FRA' || o.beneficiary === 'FRA') && canRead(outsider, o.label) && canRead(outsider, o.programmeLabel),
    );
    expect(none).toEqual([]);
    const err = await offsetLedger(t.ctx, outsider, { party: 'FRA', on: before }).catch((e: unknown) => e);
    expect((err as DomainError).code).toBe('offset.currency_needed');
  });

  it('gives the ledger as a workbook with the same figures, marked with everything it counts, and audits the export', async () => {
    const on = AS_OF[2] as string;
    let checked = 0;
    for (let r = 0; r < 4; r++) {
      const profile = {
        party: PARTIES[r] as string,
        clearance: rng.pick(CLASSIFICATIONS.slice(2)),
        compartments: [...rng.pick(READER_COMPARTMENT_SETS)],
      };
      const reader = await makeActor(t.ctx, profile.party, ['viewer'], profile.clearance, profile.compartments);
      const { token } = await createToken(t.ctx, null, reader.username, 'test');
      const headers = { authorization: `Bearer ${token}` };
      const query = `party=MAR&on=${on}&currency=MAD`;
      const json = (await app.inject({ method: 'GET', url: `/api/offset-ledger?${query}`, headers })).json() as Json;
      const res = await app.inject({ method: 'GET', url: `/api/offset-ledger.xlsx?${query}`, headers });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/spreadsheetml/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const sheet = wb.getWorksheet('Ledger');
      if (!sheet) throw new Error('no Ledger sheet');
      const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
      const column = (name: string) => header.findIndex((h) => h.startsWith(name)) + 1;
      const heads: Record<string, string> = {
        obligation: 'Obligation',
        granted: 'Granted',
        pending: 'Pending',
        bankedIn: 'Banked in',
        bankedOut: 'Banked out',
        shortfall: 'Shortfall',
        penaltyDue: 'Penalty due',
      };
      const amount = (v: unknown) => (typeof v === 'number' ? v.toFixed(2) : String(v));
      expect(sheet.rowCount).toBe(json.lines.length + 2);
      json.lines.forEach((l: Json, i: number) => {
        const row = sheet.getRow(i + 2);
        expect(row.getCell(column('Obligation id')).value).toBe(l.obligationId);
        for (const f of ['obligation', 'granted', 'pending', 'bankedIn', 'bankedOut', 'shortfall', 'penaltyDue'])
          expect(amount(row.getCell(column(`${heads[f]} (`)).value), f).toBe(l[f].amount);
      });
      expect(amount(sheet.getRow(json.lines.length + 2).getCell(column('Shortfall (')).value)).toBe(json.totals.shortfall.amount);
      // The marking: every obligation the ledger counts (banked-in ones included) and their claims, as the reader reads them.
      const visible = obligations.filter(
        (o) => canRead(reader, o.label) && canRead(reader, o.programmeLabel) && o.arisesOn <= on,
      );
      const inScope = visible.filter((o) => o.obligor === 'MAR' || o.beneficiary === 'MAR');
      const counted = visible.filter((o) =>
        inScope.some(
          (s) => s.supplierId === o.supplierId && (o.deadline < s.deadline || (o.deadline === s.deadline && o.id <= s.id)),
        ),
      );
      const labels = counted.flatMap((o) => [
        o.label,
        ...claims
          .filter((c) => c.obligationId === o.id && canRead(reader, c.label) && (c.steps[0]?.on ?? '9') <= on)
          .map((c) => c.label),
      ]);
      expect(String(sheet.getCell('A1').value)).toBe(documentMarkingText(documentMarking(labels)));
      const exported = await t.db
        .selectFrom('audit_entry')
        .select(['action', 'detail'])
        .where('actor_id', '=', reader.userId)
        .where('action', '=', 'document.export')
        .execute();
      expect(exported).toHaveLength(1);
      if (json.lines.length) checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('answers 404 for an obligation or claim the caller may not read, writes included, and changes nothing', async () => {
    const secret = obligations.find((o) => o.label.classification === 'TOP_SECRET' || o.label.compartments.length);
    const hiddenClaim = claims.find((c) => c.label.classification === 'TOP_SECRET' || c.label.compartments.length);
    expect(secret && hiddenClaim).toBeTruthy();
    const outsider = await makeActor(t.ctx, 'MAR', ['planner'], 'CONFIDENTIAL', []);
    const { token } = await createToken(t.ctx, null, outsider.username, 'test');
    const headers = { authorization: `Bearer ${token}` };
    const missing = '0190a000-0000-7000-8000-00000000dead';
    const before = await countRows(t.db, 'offset_claim_event');
    const get = async (url: string) => (await app.inject({ method: 'GET', url, headers })).json() as Json;
    if (secret && !canRead(outsider, secret.label)) {
      const hidden = await app.inject({ method: 'GET', url: `/api/offset-obligations/${secret.id}`, headers });
      const none = await app.inject({ method: 'GET', url: `/api/offset-obligations/${missing}`, headers });
      expect(hidden.statusCode).toBe(404);
      expect(hidden.json()).toEqual({ ...(none.json() as Json), instance: (hidden.json() as Json).instance });
      const body = { source: 'purchase', category: 'training', value: mad(100n), evidence: 'x' };
      const write = await app.inject({
        method: 'POST',
        url: `/api/offset-obligations/${secret.id}/claims`,
        headers,
        payload: body,
      });
      expect(write.statusCode).toBe(404);
      expect((write.json() as Json).type).toBe((none.json() as Json).type);
    }
    if (hiddenClaim && !canRead(outsider, hiddenClaim.label)) {
      for (const id of [hiddenClaim.id, missing]) {
        const res = await app.inject({
          method: 'POST',
          url: `/api/offset-claims/${id}/move`,
          headers,
          payload: { to: 'under_review', version: 1 },
        });
        expect(res.statusCode).toBe(404);
        expect((res.json() as Json).code ?? (res.json() as Json).type).toBe(
          (await get(`/api/offset-claims/${missing}`)).code ?? (await get(`/api/offset-claims/${missing}`)).type,
        );
      }
    }
    expect(await countRows(t.db, 'offset_claim_event')).toBe(before);
    expect((await app.inject({ method: 'GET', url: '/api/offset-ledger?party=MAR' })).statusCode).toBe(401);
  });

  it('lets only the beneficiary’s planners review, never the claimant, and refuses bad input with nothing written', async () => {
    const open = obligations.find((o) => o.programmeId === programmes[0]?.id) as ObligationModel;
    const claimant = planners[open.obligor] as Actor;
    const reviewer = reviewers[open.beneficiary] as Actor;
    const made = await createClaim(
      t.ctx,
      claimant,
      open.id,
      claimCreateSchema.parse({
        source: 'purchase',
        category: 'training',
        value: mad(1_000_00n),
        evidence: 'Course report CR-7',
      }),
    );
    expect(made.claimedCredit).toEqual(mad(2_250_00n));
    let version = made.version;
    const refusedBy = async (actor: Actor, move: Json) =>
      ((await moveClaim(t.ctx, actor, made.id, { version, ...move } as never).catch((e: unknown) => e)) as DomainError).code;
    // A move names the version it was read at: none is refused, a stale one answers a conflict.
    expect(await refusedBy(reviewer, { to: 'under_review', version: undefined })).toBe('request.version_required');
    expect(await refusedBy(reviewer, { to: 'under_review', version: made.version + 1 })).toBe('offset.stale_version');
    expect(await refusedBy(claimant, { to: 'under_review' })).toBe('offset.own_claim');
    expect(await refusedBy(reviewers[open.obligor] as Actor, { to: 'under_review' })).toBe('offset.only_beneficiary_reviews');
    expect(await refusedBy(planners[open.beneficiary] as Actor, { to: 'granted', acceptedValue: '1.00' })).toBe(
      'offset.cannot_move',
    );
    version = (await moveClaim(t.ctx, reviewer, made.id, { to: 'under_review', version })).version;
    expect(await refusedBy(reviewer, { to: 'granted', acceptedValue: '1000.01' })).toBe('offset.accepted_over_claimed');
    expect(await refusedBy(reviewer, { to: 'granted', acceptedValue: '1.001' })).toBe('money.too_many_decimals');
    expect(await refusedBy(reviewer, { to: 'refused' })).toBe('offset.refuse_needs_reason');
    const granted = await moveClaim(t.ctx, reviewer, made.id, { to: 'granted', acceptedValue: '400.00', version });
    expect(granted).toMatchObject({ status: 'granted', grantedCredit: mad(900_00n), acceptedValue: mad(400_00n) });
    expect(granted.history.map((h) => h.to)).toEqual(['claimed', 'under_review', 'granted']);
    claims.push({
      id: made.id,
      // The obligation's label, owned by the claimant's party and released to the obligation's readers.
      label: {
        ...open.label,
        ownerParty: open.obligor,
        releasableTo: [...new Set([...open.label.releasableTo, open.label.ownerParty])].filter((p) => p !== open.obligor).sort(),
      },
      obligationId: open.id,
      credit: 2_250_00n,
      granted: 900_00n,
      steps: granted.history.map((h) => ({ on: h.on, to: h.to })),
    });
    // A claim in another currency, or for a category without a multiplier, is refused.
    const bad = async (input: Json) =>
      ((await createClaim(t.ctx, claimant, open.id, claimCreateSchema.parse(input)).catch((e: unknown) => e)) as DomainError)
        .code;
    expect(
      await bad({ source: 'purchase', category: 'training', value: { amount: '1.00', currency: 'EUR' }, evidence: 'x' }),
    ).toBe('offset.claim_currency');
    expect(await bad({ source: 'purchase', category: 'investment', value: mad(100n), evidence: 'x' })).toBe(
      'offset.no_multiplier',
    );
    expect(
      await bad({ source: 'purchase', category: 'training', value: mad(100n), evidence: 'x', claimedOn: '2027-06-02' }),
    ).toBe('offset.claim_date');
    // A claim from an industrial project names one the claimant may read: a hidden one answers as a missing one.
    const site = (label: Partial<Label>) =>
      createProject(
        t.ctx,
        planners[open.obligor] as Actor,
        projectCreateSchema.parse({
          title: { en: 'Production site' },
          kind: 'production_site',
          site: { place: 'Casablanca' },
          budget: { amount: '1000.00', currency: 'USD' },
          partners: [{ name: 'Prime', party: open.obligor, role: 'prime', share: '100' }],
          ...label,
        }),
      );
    const shown = await site({ releasableTo: [] });
    const hiddenProject = await site({ compartments: ['INTEL'] });
    const fromProject = (id: string) => ({
      source: 'industrial_project',
      industrialProjectId: id,
      category: 'local_production',
      value: mad(100_00n),
      evidence: 'First article acceptance FA-1',
    });
    const linked = await createClaim(t.ctx, claimant, open.id, claimCreateSchema.parse(fromProject(shown.id)));
    expect(linked).toMatchObject({ source: 'industrial_project', industrialProjectId: shown.id, claimedCredit: mad(150_00n) });
    // The beneficiary reads the claim but not the project, kept to the obligor: the claim does not name it.
    expect(await getClaim(t.ctx, planners[open.beneficiary] as Actor, linked.id)).toMatchObject({
      id: linked.id,
      source: 'industrial_project',
      industrialProjectId: null,
    });
    expect((await getClaim(t.ctx, claimant, linked.id)).industrialProjectId).toBe(shown.id);
    const blind = await makeActor(t.ctx, open.obligor, ['planner'], 'TOP_SECRET', []);
    const refusedFor = async (id: string) =>
      (
        (await createClaim(t.ctx, blind, open.id, claimCreateSchema.parse(fromProject(id))).catch(
          (e: unknown) => e,
        )) as DomainError
      ).code;
    expect(await refusedFor(hiddenProject.id)).toBe('offset.unknown_project');
    expect(await refusedFor('0190a000-0000-7000-8000-00000000beef')).toBe('offset.unknown_project');
    // Over HTTP: a body that does not parse answers 400 naming the field.
    const { token } = await createToken(t.ctx, null, claimant.username, 'test');
    const res = await app.inject({
      method: 'POST',
      url: `/api/offset-obligations/${open.id}/claims`,
      headers: { authorization: `Bearer ${token}` },
      payload: { source: 'purchase', category: 'training', value: { amount: '-1.00', currency: 'MAD' }, evidence: 'x' },
    });
    expect(res.statusCode).toBe(400);
    // The beneficiary states obligations; the obligor may not.
    const notMine = await createObligation(
      t.ctx,
      claimant,
      obligationCreateSchema.parse({
        programmeId: open.programmeId,
        obligorParty: open.obligor,
        beneficiaryParty: open.beneficiary,
        requiredPercentage: '10',
        deadline: '2028-01-01',
        multipliers: [{ category: 'training', multiplier: '1' }],
      }),
    ).catch((e: unknown) => e);
    expect((notMine as DomainError).code).toMatch(/^(offset.only_beneficiary_planners|programme.not_found)$/);
    // A planner of another party that reads the programme does not make itself its beneficiary.
    const other = PARTIES.find((p) => p !== open.beneficiary && canRead(planners[p] as Actor, open.programmeLabel)) as string;
    const notBuyer = await createObligation(
      t.ctx,
      planners[other] as Actor,
      obligationCreateSchema.parse({
        programmeId: open.programmeId,
        obligorParty: open.beneficiary,
        beneficiaryParty: other,
        requiredPercentage: '10',
        deadline: '2028-01-01',
        multipliers: [{ category: 'training', multiplier: '1' }],
      }),
    ).catch((e: unknown) => e);
    expect((notBuyer as DomainError).code).toBe('offset.beneficiary_is_buyer');
    const audit = await t.db.selectFrom('audit_entry').select('action').where('entity_id', '=', made.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['offset_claim.create', 'offset_claim.move', 'offset_claim.move']);
    // Every claim made is in the model but the one from a project; none of the refused ones was written.
    expect(await countRows(t.db, 'offset_claim')).toBe(claims.length + 1);
  });
});
