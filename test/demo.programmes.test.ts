import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../src/demo/accounts.js';
import {
  type AssessorKey,
  ATMOS_ASSESSORS,
  ATMOS_CRITERIA,
  ATMOS_EVALUATION_SEED,
  ATMOS_METHOD,
  assessorInputs,
  atmosEvaluationInput,
} from '../src/demo/demo.evaluation.js';
import { ATMOS, atmosOfferPrices, CATALOGUE } from '../src/demo/demo.programmes.js';
import { evaluate, freezeEvaluation, verifyFrozenEvaluation } from '../src/domain/evaluation/evaluate.js';
import { assembleEvaluation } from '../src/domain/evaluation/workspace.js';
import { canRead, type Label } from '../src/domain/labels.js';
import { addMoney, type Money, moneySchema } from '../src/domain/money.js';
import { databases } from './support/databases.js';
import { servedDemo } from './support/world-demo.js';

// biome-ignore lint/suspicious/noExplicitAny: the answers' JSON is read loosely here; the assertions check its shape
type Json = Record<string, any>;

const TITLES = {
  atmos: ATMOS.programme.title.fr,
  elbit: 'Équipements défensifs et offensifs auprès d’Elbit Systems',
  benslimane: 'Complexe d’industrie militaire de Benslimane : équipements de nouvelle génération',
};

/**
 * What each demo account should find among the programmes, by the ladders of
 * DOMAIN.md: ATMOS 2000 is CONFIDENTIAL released to Israel, the Elbit need
 * SECRET in the INDUS compartment kept by Morocco, Benslimane RESTRICTED
 * released to Israel and the United States.
 */
const SEES: Record<string, (keyof typeof TITLES)[]> = {
  'mar.planner': ['atmos', 'elbit', 'benslimane'],
  'mar.security': ['atmos', 'elbit', 'benslimane'],
  'mar.viewer': ['benslimane'],
  'isr.planner': ['atmos', 'benslimane'],
  'isr.viewer': ['atmos', 'benslimane'],
  'usa.viewer': ['benslimane'],
  // CONFIDENTIAL without the INDUS compartment: the ATMOS 2000 programme it evaluates, not the Elbit need.
  'mar.acquisition': ['atmos', 'benslimane'],
};

describe('the ATMOS 2000 / CAESAR evaluation of the demo', () => {
  const input = atmosEvaluationInput(atmosOfferPrices());
  const { result } = evaluate(input);

  it('ranks ATMOS 2000 first, as Morocco did, by both methods and in almost every SMAA draw', () => {
    expect(result.ranking.map((r) => r.offer)).toEqual(['atmos', 'caesar']);
    expect(result.sameFirst).toBe(true);
    const atmos = result.smaa.offers.find((o) => o.offer === 'atmos');
    expect(atmos?.rankAcceptability[0]).toBeGreaterThan(0.9);
    expect(result.smaa.seed).toBe(ATMOS_EVALUATION_SEED);
  });

  it('weighs most the two reasons the article gives, with consistent judgments', () => {
    const weight = (id: string) => result.criteria.find((c) => c.id === id)?.globalWeight ?? 0;
    const others = ['production', 'competences', 'prix', 'delai'].map(weight);
    expect(Math.min(weight('technique'), weight('service'))).toBeGreaterThan(Math.max(...others));
    expect(result.consistency.every((c) => !c.flagged)).toBe(true);
    // The liaison officer left pairs out: Harker's method completed them.
    expect(result.consistency.find((c) => c.evaluator === 'mar.contributor')?.completed.length).toBeGreaterThan(0);
    // Three evaluators, each of whom, alone, also ranks ATMOS 2000 first and weighs the two reasons above the rest.
    expect(input.evaluators.map((e) => e.id)).toEqual([...ATMOS_ASSESSORS]);
    expect(ATMOS_ASSESSORS).toHaveLength(3);
    const weightsAlone = (who: AssessorKey) => {
      const { input: alone } = assembleEvaluation({
        criteria: ATMOS_CRITERIA,
        method: ATMOS_METHOD,
        offers: [
          { id: 'atmos', name: 'O1' },
          { id: 'caesar', name: 'O2' },
        ],
        evaluators: [
          { id: who, name: who, inputs: assessorInputs(who, { atmos: 'atmos', caesar: 'caesar' }, atmosOfferPrices()) },
        ],
      });
      if (!alone) throw new Error(`${who}'s inputs are incomplete`);
      const r = evaluate(alone).result;
      expect(r.ranking[0]?.offer, who).toBe('atmos');
      return (c: string) => r.criteria.find((x) => x.id === c)?.globalWeight ?? 0;
    };
    for (const who of ATMOS_ASSESSORS) {
      const own = weightsAlone(who);
      expect(Math.min(own('technique'), own('service')), who).toBeGreaterThan(
        Math.max(...['production', 'competences', 'prix', 'delai'].map(own)),
      );
    }
    // The acquisition officer puts after-sales service first; the planner, technical reliability.
    expect(weightsAlone('mar.acquisition')('service')).toBeGreaterThan(weightsAlone('mar.acquisition')('technique'));
    expect(weightsAlone('mar.planner')('technique')).toBeGreaterThan(weightsAlone('mar.planner')('service'));
  });

  it('says where the choice would flip: only a much heavier delivery criterion gives CAESAR the first place', () => {
    const flip = (id: string) => result.flipPoints.find((f) => f.criterion === id);
    for (const id of ['technique', 'service', 'production', 'prix']) {
      expect(flip(id)?.first, id).toBe('atmos');
      expect(flip(id)?.above, id).toBeNull();
    }
    const delivery = flip('delai');
    expect(delivery?.above?.by).toBe('caesar');
    expect(delivery?.above?.weight).toBeGreaterThan((delivery?.weight ?? 1) * 3);
    expect(delivery?.below).toBeNull();
    // Were the article's two reasons not to count, the offers' other merits would decide.
    const withoutReasons = structuredClone(input);
    for (const a of withoutReasons.assessments)
      if (a.kind === 'scores' && (a.criterion === 'technique' || a.criterion === 'service')) a.scores = { atmos: 1, caesar: 1 };
    expect(evaluate(withoutReasons).result.ranking[0]?.score).toBeLessThan(result.ranking[0]?.score ?? 0);
  });

  it('names the source of every criterion, or says it is illustrative, and freezes to one hash', () => {
    for (const c of ATMOS_CRITERIA.items) expect(c.name, c.id).toMatch(/articles? [AB]|illustratif/);
    expect(freezeEvaluation(input).hash).toBe(freezeEvaluation(atmosEvaluationInput(atmosOfferPrices())).hash);
  });
});

describe.each(databases())('demo programmes on %s', (kind) => {
  const { get, ok } = servedDemo(kind, 120_000);
  const programmes = async (who: string) => (await ok(who, '/api/programmes')).items as Json[];
  const atmos = async (who = 'mar.planner') => {
    const found = (await programmes(who)).find((p) => p.title.fr === TITLES.atmos);
    if (!found) throw new Error(`${who} does not see the ATMOS 2000 programme`);
    return ok(who, `/api/programmes/${found.id}`);
  };

  it('shows each demo account exactly the programmes its labels allow', async () => {
    const all = await programmes('mar.security');
    expect(all.map((p) => p.title.fr).sort()).toEqual(Object.values(TITLES).sort());
    for (const { username, party, clearance, compartments } of DEMO_ACCOUNTS) {
      const seen = await programmes(username);
      expect(seen.map((p) => p.title.fr).sort(), username).toEqual(SEES[username]?.map((k) => TITLES[k]).sort());
      const allowed = all.filter((p) => canRead({ party, clearance, compartments }, p as Label));
      expect(seen.map((p) => p.id).sort(), username).toEqual(allowed.map((p) => p.id).sort());
      // A programme it may not read answers as one that does not exist.
      for (const hidden of all.filter((p) => !allowed.includes(p))) {
        const res = await get(username, `/api/programmes/${hidden.id}`);
        const missing = await get(username, '/api/programmes/00000000-0000-4000-8000-000000000000');
        expect([res.statusCode, res.json().type], username).toEqual([404, missing.json().type]);
      }
    }
  });

  it('takes ATMOS 2000 from the need to its first lot delivered, chosen over CAESAR for the reasons the article gives', async () => {
    const p = await atmos();
    expect(p).toMatchObject({ status: 'delivering', ownerParty: 'MAR', classification: 'CONFIDENTIAL', releasableTo: ['ISR'] });
    expect(p.need).toMatchObject({ quantity: 36, budgetCeiling: { amount: '1900000000.00', currency: 'MAD' } });
    expect(p.history.map((h: Json) => h.to)).toEqual(['need', 'evaluation', 'selected', 'contracted', 'delivering']);
    expect(p.history.find((h: Json) => h.to === 'selected')?.reason).toMatch(/problèmes techniques persistants.*service client/);
    expect(p.offers.map((o: Json) => [o.supplier?.name, o.system?.name])).toEqual([
      ['Elbit Systems', 'ATMOS 2000 sur camion Tatra'],
      ['KNDS', 'CAESAR'],
    ]);
    const [elbit, knds] = p.offers;
    expect(p.selectedOfferId).toBe(elbit.id);
    expect(elbit.totalPrice).toEqual({ amount: '1900000000.00', currency: 'MAD' });
    expect(knds.totalPrice.currency).toBe('EUR');
    expect(knds.documents[0].title).toMatch(/illustratifs/);
    expect(elbit.industrialParticipation.technologyTransfer).toMatch(/deux sites de production.*article A.*illustratifs/);
    expect(p.description.fr).toMatch(/source : article A/);
    expect(p.description.fr).toMatch(/Illustratifs : /);
    expect(p.objectiveIds).toHaveLength(1);
    expect(p.activityIds).toHaveLength(ATMOS.activities.length);
  });

  it('keeps the evaluation frozen at selection: ATMOS 2000 first, recomputed to the same hash by an Israeli reader', async () => {
    const p = await atmos();
    const evaluation = await ok('mar.planner', `/api/programmes/${p.id}/evaluation`);
    expect(evaluation).toMatchObject({ id: p.evaluationId, state: 'frozen', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(evaluation.evaluators.map((e: Json) => e.name).sort()).toEqual([
      'Officier de liaison (MAR)',
      'Officier d’acquisition (MAR)',
      'Planificateur (MAR)',
    ]);
    expect(evaluation.evaluators.every((e: Json) => e.party === 'MAR')).toBe(true);
    expect(evaluation.result.ranking[0].offer).toBe(p.selectedOfferId);
    expect(evaluation.result.sameFirst).toBe(true);
    const flip = evaluation.result.flipPoints.find((f: Json) => f.criterion === 'delai');
    expect(flip.above.by).toBe(p.offers[1].id);
    // The same figures as the domain computes from the demo's data, the offers named by the programme's ids.
    const offers = { atmos: p.offers[0].id, caesar: p.offers[1].id };
    const again = evaluate(atmosEvaluationInput(atmosOfferPrices(), offers)).result;
    expect(evaluation.result.ranking.map((r: Json) => r.score)).toEqual(again.ranking.map((r) => r.score));
    const isr = await ok('isr.viewer', `/api/programmes/${p.id}/evaluation`);
    expect(isr.frozen.hash).toBe(evaluation.hash);
    expect(verifyFrozenEvaluation(isr.frozen.document)).toMatchObject({ matches: true, hash: evaluation.hash });
    expect((await get('usa.viewer', `/api/programmes/${p.id}/evaluation`)).statusCode).toBe(404);
  });

  it('holds the contract for 36 systems: every kind of milestone, payments adding up to its value, the first lot', async () => {
    const { contract } = await atmos();
    expect(contract).toMatchObject({ offerId: expect.any(String), value: { amount: '1900000000.00', currency: 'MAD' } });
    expect(new Set(contract.milestones.map((m: Json) => m.kind))).toEqual(
      new Set(['payment', 'delivery', 'acceptance', 'training', 'in_service']),
    );
    const sum = (kind: string) =>
      contract.milestones
        .filter((m: Json) => m.kind === kind)
        .map((m: Json) => moneySchema.parse(m.value))
        .reduce((a: Money, b: Money) => addMoney(a, b));
    // The balance is paid at the entry into service.
    expect(addMoney(sum('payment'), sum('in_service'))).toEqual(moneySchema.parse(contract.value));
    expect(sum('delivery')).toEqual(moneySchema.parse(contract.value));
    for (const m of contract.milestones) expect(m.title, m.title).toMatch(/illustrati/);
    const statuses = contract.milestones.map((m: Json) => m.status);
    expect(statuses).toContain('met');
    expect(statuses).toContain('partially_met');
    expect(statuses).toContain('scheduled');
    // The first lot came late: its delivery milestone was met after it was due.
    const lot1 = contract.milestones.find((m: Json) => m.kind === 'delivery' && m.status === 'met');
    expect(lot1.dateMet > lot1.dueDate).toBe(true);
    expect(contract.deliveries).toEqual([expect.objectContaining({ lot: 'Lot 1', quantityDelivered: 12, quantityAccepted: 11 })]);
    // Its OCDS record is at implementation, with the milestones and the lot delivered.
    const [release] = (await ok('mar.planner', `/api/programmes/${(await atmos()).id}/ocds`)).records[0].releases;
    expect(release.tag).toContain('implementation');
    expect(release.contracts[0].milestones).toHaveLength(contract.milestones.length);
    expect(release.contracts[0].implementation.milestones).toHaveLength(1);
  });

  it('shows Israel the programme it is released to, but not the Moroccan records it links to', async () => {
    const mar = await atmos('mar.planner');
    const isr = await atmos('isr.viewer');
    expect(isr.offers.map((o: Json) => o.supplier?.name)).toEqual(['Elbit Systems', 'KNDS']);
    expect(isr.activityIds.length).toBeLessThan(mar.activityIds.length);
    expect(isr.activityIds.every((id: string) => mar.activityIds.includes(id))).toBe(true);
  });

  it('lists the supplier portfolio of the seeds, each system with its source', async () => {
    const suppliers = (await ok('usa.viewer', '/api/suppliers')).items as Json[];
    expect(suppliers.map((s) => s.name).sort()).toEqual(CATALOGUE.map((s) => s.name).sort());
    const systems = suppliers.flatMap((s) => s.systems);
    expect(systems.map((s) => s.name).sort()).toEqual(
      ['ATMOS 2000 sur camion Tatra', 'Barak MX', 'CAESAR', 'Heron', 'LORA', 'Ofek 13', 'PULS', 'SPYDER'].sort(),
    );
    for (const s of systems) expect(s.description, s.name).toMatch(/Source : article A/);
  });

  it('records dated rates for MAD, USD, EUR and ILS with their source, and totals the programme with them', async () => {
    const rates = (await ok('isr.viewer', '/api/exchange-rates')).items as Json[];
    expect(new Set(rates.flatMap((r) => [r.from, r.to]))).toEqual(new Set(['MAD', 'USD', 'EUR', 'ILS']));
    for (const r of rates) {
      expect(r.date).toBe('2026-01-02');
      expect(r.source).toMatch(/illustratif.*(Bank Al-Maghrib|Banque centrale européenne|Banque d’Israël)/);
      // Entered by Morocco's planner: named to Morocco's readers, only by party to Israel's.
      expect(r.enteredBy).toBeNull();
      expect(r.enteredByParty).toBe('MAR');
    }
    for (const r of (await ok('mar.viewer', '/api/exchange-rates')).items as Json[])
      expect(r.enteredBy).toBe('Planificateur (MAR)');
    const p = await atmos();
    const totals = await ok('mar.planner', `/api/programmes/${p.id}/totals?currency=MAD&on=2026-11-23`);
    const caesar = totals.lines.find((l: Json) => l.what === `offer:${p.offers[1].id}`);
    expect(caesar.converted).toEqual({ amount: '1926000000.00', currency: 'MAD' });
    expect(caesar.rate).toMatchObject({ from: 'EUR', to: 'MAD', rate: '10.7', date: '2026-01-02' });
  });
});
