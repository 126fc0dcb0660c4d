import type { z } from 'zod';
import type { Actor, AppContext } from '../app/context.js';
import { addEvaluator, getEvaluation, recordEvaluatorInputs, updateEvaluation } from '../app/evaluation.usecases.js';
import { listObjectives } from '../app/objective.usecases.js';
import {
  addDelivery,
  addMilestone,
  addOffer,
  addRate,
  createProgramme,
  createSupplier,
  moveProgramme,
  recordContract,
  updateMilestone,
  updateProgramme,
} from '../app/programme.usecases.js';
import type { Classification } from '../domain/labels.js';
import { allocateMoney, convertMoney, type Money, moneyJson, moneySchema } from '../domain/money.js';
import {
  contractCreateSchema,
  deliveryCreateSchema,
  exchangeRateCreateSchema,
  type MilestoneKind,
  type MilestoneStatus,
  milestoneCreateSchema,
  offerCreateSchema,
  type Programme,
  programmeCreateSchema,
  type Supplier,
  supplierCreateSchema,
} from '../domain/programme.schema.js';
import {
  type AssessorKey,
  ATMOS_ASSESSORS,
  ATMOS_CRITERIA,
  ATMOS_EVALUATION_SOURCE,
  ATMOS_METHOD,
  assessorInputs,
} from './demo.evaluation.js';

/*
 * The procurement programmes of the demo, loaded through the same use cases
 * people use. Every fact comes from the seed articles and cites them
 * (A: mediaterranee.com citing Maariv citing Business Insider; B: the second
 * article): the supplier portfolio, the 36 ATMOS 2000 on Tatra trucks for
 * about 1.9 billion dirhams, chosen over KNDS's CAESAR for its persistent
 * technical problems and unsatisfactory customer service, Elbit's two
 * planned production sites, the Benslimane complex with the United States.
 * The rest (CAESAR's price, lots, dates, milestones, shares of the contract
 * value, quantities and budgets the articles do not give) is invented and
 * says so ("illustratif") where the record shows it.
 */

const A = 'article A (mediaterranee.com, citant Maariv, citant Business Insider)';
const B = 'article B';
const A_EN = 'article A (mediaterranee.com, citing Maariv, citing Business Insider)';

const label = (classification: Classification, releasableTo: string[], compartments: string[] = []) => ({
  classification,
  releasableTo,
  compartments,
});

// The catalogue of suppliers.

/** Where a system of the catalogue comes from, beside what the article says of it. */
const cited = (what: string) => `${what} Source : ${A}.`;
/** The article names the system but not its maker: say that the attribution is not from the seeds. */
const attributed = (what: string) =>
  `${what} Source : ${A}, qui cite le système sans nommer son fabricant ; l’attribution au fournisseur est de notoriété publique, hors des articles.`;

/**
 * The supplier portfolio of the seeds, kept by Morocco and released to its
 * partners: facts of a press article, unclassified.
 */
export const CATALOGUE: z.input<typeof supplierCreateSchema>[] = [
  {
    name: 'Elbit Systems',
    country: 'Israël',
    systems: [
      {
        name: 'ATMOS 2000 sur camion Tatra',
        category: 'artillerie automotrice',
        description: cited(
          'Système d’artillerie automoteur monté sur camion Tatra ; 36 systèmes retenus par le Maroc pour environ 1,9 milliard de dirhams, préférés au CAESAR de KNDS.',
        ),
      },
      {
        name: 'PULS',
        category: 'lance-roquettes',
        description: attributed(
          'Lance-roquettes acquis par le Maroc auprès d’Israël, troisième fournisseur militaire du Royaume.',
        ),
      },
    ],
    ...label('UNCLASSIFIED', ['ISR', 'USA']),
  },
  {
    name: 'KNDS',
    country: 'France',
    systems: [
      {
        name: 'CAESAR',
        category: 'artillerie automotrice',
        description: cited(
          'Système d’artillerie français de KNDS, écarté au profit de l’ATMOS 2000 en raison de problèmes techniques persistants et d’un service client jugé insatisfaisant.',
        ),
      },
    ],
    ...label('UNCLASSIFIED', ['ISR', 'USA']),
  },
  {
    name: 'Israel Aerospace Industries (IAI)',
    country: 'Israël',
    systems: [
      {
        name: 'Ofek 13',
        category: 'satellite',
        description: attributed('Deux satellites Ofek 13 acquis par le Maroc.'),
      },
      {
        name: 'Barak MX',
        category: 'défense aérienne et antimissile',
        description: attributed(
          'Déployé début 2026 et pleinement opérationnel selon des analyses de signatures électroniques satellitaires : premier bouclier aérien multicouche du Maroc.',
        ),
      },
      {
        name: 'Heron',
        category: 'drone',
        description: attributed('Drones Heron acquis par le Maroc.'),
      },
      {
        name: 'LORA',
        category: 'missile balistique tactique',
        description: attributed('Missiles balistiques tactiques LORA acquis par le Maroc.'),
      },
    ],
    ...label('UNCLASSIFIED', ['ISR', 'USA']),
  },
  {
    name: 'Rafael Advanced Defense Systems',
    country: 'Israël',
    systems: [
      {
        name: 'SPYDER',
        category: 'défense aérienne',
        description: attributed('Système de défense aérienne SPYDER acquis par le Maroc.'),
      },
    ],
    ...label('UNCLASSIFIED', ['ISR', 'USA']),
  },
];

// The exchange rates.

/** The articles give no rate: rounded orders of magnitude, said to be so, naming the publication to take instead. */
const RATE_DATE = '2026-01-02';
const roughly = (publisher: string) =>
  `Ordre de grandeur arrondi (illustratif, non relevé) ; la référence à reprendre est le cours publié par ${publisher} le ${RATE_DATE}.`;

export const EXCHANGE_RATES: z.input<typeof exchangeRateCreateSchema>[] = [
  { from: 'EUR', to: 'MAD', rate: '10.7', date: RATE_DATE, source: roughly('Bank Al-Maghrib') },
  { from: 'USD', to: 'MAD', rate: '9.2', date: RATE_DATE, source: roughly('Bank Al-Maghrib') },
  { from: 'ILS', to: 'MAD', rate: '2.9', date: RATE_DATE, source: roughly('Bank Al-Maghrib') },
  { from: 'EUR', to: 'USD', rate: '1.17', date: RATE_DATE, source: roughly('la Banque centrale européenne') },
  { from: 'EUR', to: 'ILS', rate: '3.7', date: RATE_DATE, source: roughly('la Banque d’Israël') },
  { from: 'USD', to: 'ILS', rate: '3.2', date: RATE_DATE, source: roughly('la Banque d’Israël') },
];

// The ATMOS 2000 programme.

const mad = (amount: string) => moneySchema.parse({ amount, currency: 'MAD' });

/** About 1.9 billion dirhams (article A): the ceiling, Elbit's offer and the contract. */
const ATMOS_VALUE = '1900000000.00';

/** One offer as the demo enters it: its supplier and system named as in the catalogue. */
interface DemoOffer {
  supplier: string;
  system: string;
  input: Omit<z.input<typeof offerCreateSchema>, 'supplierId' | 'systemId'>;
}

export const ATMOS = {
  story: {
    /** Entered once the installation was in use: the selection itself came before article A. */
    entered: '2026-01-19',
    contractEntered: '2026-02-19',
    linkedToObjective: '2026-03-23',
  },
  programme: {
    title: {
      fr: 'Artillerie automotrice : 36 systèmes ATMOS 2000 sur camions Tatra',
      en: 'Self-propelled artillery: 36 ATMOS 2000 systems on Tatra trucks',
    },
    description: {
      fr: [
        `Le Maroc a sélectionné Elbit Systems pour la fourniture de 36 systèmes d’artillerie automoteurs ATMOS 2000, montés sur des camions Tatra, pour un montant d’environ 1,9 milliard de dirhams, à l’issue d’une évaluation comparative où l’ATMOS 2000 a été préféré au CAESAR de KNDS, en raison de problèmes techniques persistants et d’un service client jugé insatisfaisant (source : ${A}).`,
        'Cités : les 36 systèmes, le montant (environ 1,9 milliard de dirhams, pris comme plafond, prix de l’offre et valeur du contrat), les deux offres, les motifs du choix, l’intention d’Elbit Systems d’établir deux sites de production au Maroc.',
        'Illustratifs : le prix et le calendrier de l’offre CAESAR, les lots, toutes les dates (saisie a posteriori de la sélection, signature, jalons, livraisons), la part de chaque jalon, la part locale et les emplois, les quantités acceptées.',
        ATMOS_EVALUATION_SOURCE.fr,
      ].join('\n\n'),
      en: [
        `Morocco selected Elbit Systems to supply 36 ATMOS 2000 self-propelled artillery systems on Tatra trucks, for about 1.9 billion dirhams, after a comparative evaluation that preferred ATMOS 2000 to KNDS's CAESAR, citing persistent technical problems and unsatisfactory customer service (source: ${A_EN}).`,
        'Cited: the 36 systems, the amount (about 1.9 billion dirhams, taken as ceiling, offer price and contract value), both offers, the reasons for the choice, Elbit Systems’ intention to set up two production sites in Morocco.',
        'Illustrative: the price and schedule of the CAESAR offer, the lots, every date (selection entered after the fact, signature, milestones, deliveries), the share of each milestone, local share and jobs, the quantities accepted.',
        ATMOS_EVALUATION_SOURCE.en,
      ].join('\n\n'),
    },
    need: {
      capabilityGap: `Modernisation des Forces armées royales, priorité affichée (${B}) : artillerie automotrice, 36 systèmes (${A}). Date requise illustrative.`,
      quantity: 36,
      requiredBy: '2028-06-30',
      budgetCeiling: { amount: ATMOS_VALUE, currency: 'MAD' },
    },
    // Morocco's programme, followed with Israel in the commission; the Moroccan viewer is cleared below it.
    ...label('CONFIDENTIAL', ['ISR']),
  },
  activities: ['2026-IND-02', '2026-IND-03', '2026-ACQ-01'],
  offers: {
    atmos: {
      supplier: 'Elbit Systems',
      system: 'ATMOS 2000 sur camion Tatra',
      input: {
        quantity: 36,
        // The total is the article's; the unit price is the total over 36, rounded to the centime.
        unitPrice: { amount: '52777777.78', currency: 'MAD' },
        totalPrice: { amount: ATMOS_VALUE, currency: 'MAD' },
        deliverySchedule: [
          { lot: 'Lot 1', quantity: 12, date: '2026-09-30' },
          { lot: 'Lot 2', quantity: 12, date: '2027-03-31' },
          { lot: 'Lot 3', quantity: 12, date: '2027-09-30' },
        ],
        industrialParticipation: {
          localShare: 30,
          sites: ['Région de Casablanca (envisagé)', 'Second site au Maroc (non précisé)'],
          jobs: 500,
          technologyTransfer: `Elbit Systems a exprimé son intention d’établir deux sites de production au Maroc, dont un potentiellement dans la région de Casablanca (source : ${A}). Rattachement à cette offre, part locale et emplois : illustratifs.`,
        },
        validUntil: '2026-06-30',
        documents: [
          {
            title: 'Offre Elbit Systems — ATMOS 2000 (référence et date illustratives ; montant : article A)',
            reference: 'ELB-ATMOS-MAR (illustratif)',
          },
        ],
      },
    },
    caesar: {
      supplier: 'KNDS',
      system: 'CAESAR',
      input: {
        quantity: 36,
        unitPrice: { amount: '5000000.00', currency: 'EUR' },
        totalPrice: { amount: '180000000.00', currency: 'EUR' },
        deliverySchedule: [
          { lot: 'Lot 1', quantity: 18, date: '2026-06-30' },
          { lot: 'Lot 2', quantity: 18, date: '2027-03-31' },
        ],
        industrialParticipation: {
          localShare: 15,
          sites: [],
          jobs: 150,
          technologyTransfer: 'Illustratif : les articles ne disent rien de la participation industrielle proposée par KNDS.',
        },
        validUntil: '2026-06-30',
        documents: [
          {
            title: 'Offre KNDS — CAESAR (prix, lots et référence illustratifs : les articles ne les donnent pas)',
            reference: 'KNDS-CAESAR-MAR (illustratif)',
          },
        ],
      },
    },
  } satisfies Record<'atmos' | 'caesar', DemoOffer>,
  reasons: {
    evaluation: `Évaluation comparative de l’ATMOS 2000 (Elbit Systems) et du CAESAR (KNDS) (source : ${A}). Saisie a posteriori : les articles ne datent pas l’évaluation.`,
    selected: `ATMOS 2000 préféré au CAESAR de KNDS en raison de problèmes techniques persistants et d’un service client jugé insatisfaisant (source : ${A}). Saisie a posteriori.`,
    contracted: 'Contrat signé avec Elbit Systems pour 36 systèmes (date de signature et référence illustratives).',
    delivering: 'Premier lot livré (date et quantités illustratives).',
  },
  contract: { signedOn: '2026-02-18', reference: 'MAR-ELB-2026-001 (illustratif)' },
};

/** What each milestone is worth, from the contract's value: payments by share, deliveries by the lot's systems. */
type MilestoneValue = { payment: bigint } | { lot: 0 | 1 | 2 } | 'none';

interface DemoMilestone {
  kind: MilestoneKind;
  title: string;
  dueDate: string;
  value: MilestoneValue;
  /** What became of it by the demo's day, and when. */
  outcome?: { on: string; status: Exclude<MilestoneStatus, 'scheduled'> };
}

/** Payment shares of the contract's value, in percent (illustrative). */
const PAYMENT_SHARES = [15n, 25n, 25n, 25n, 10n] as const;

export const ATMOS_MILESTONES: DemoMilestone[] = [
  {
    kind: 'payment',
    title: 'Avance à la signature (15 %, illustratif)',
    dueDate: '2026-03-31',
    value: { payment: 0n },
    outcome: { on: '2026-03-27', status: 'met' },
  },
  {
    kind: 'delivery',
    title: 'Livraison du lot 1 : 12 systèmes (date illustrative)',
    dueDate: '2026-09-30',
    value: { lot: 0 },
    outcome: { on: '2026-10-15', status: 'met' },
  },
  {
    kind: 'acceptance',
    title: 'Réception du lot 1 (illustratif)',
    dueDate: '2026-10-31',
    value: { lot: 0 },
    outcome: { on: '2026-11-10', status: 'partially_met' },
  },
  {
    kind: 'payment',
    title: 'Paiement à la réception du lot 1 (25 %, illustratif)',
    dueDate: '2026-11-30',
    value: { payment: 1n },
  },
  {
    kind: 'training',
    title: 'Formation des équipages et des mainteneurs du lot 1 (comprise dans le prix ; illustratif)',
    dueDate: '2026-12-18',
    value: 'none',
  },
  { kind: 'delivery', title: 'Livraison du lot 2 : 12 systèmes (date illustrative)', dueDate: '2027-03-31', value: { lot: 1 } },
  {
    kind: 'payment',
    title: 'Paiement à la réception du lot 2 (25 %, illustratif)',
    dueDate: '2027-05-31',
    value: { payment: 2n },
  },
  { kind: 'delivery', title: 'Livraison du lot 3 : 12 systèmes (date illustrative)', dueDate: '2027-09-30', value: { lot: 2 } },
  {
    kind: 'payment',
    title: 'Paiement à la réception du lot 3 (25 %, illustratif)',
    dueDate: '2027-11-30',
    value: { payment: 3n },
  },
  {
    kind: 'in_service',
    title: 'Mise en service opérationnelle des 36 systèmes ; solde de 10 % (illustratif)',
    dueDate: '2028-06-30',
    value: { payment: 4n },
  },
];

/** The first lot, delivered late; one system held back at acceptance (illustrative). */
export const ATMOS_DELIVERIES: z.input<typeof deliveryCreateSchema>[] = [
  { lot: 'Lot 1', deliveredOn: '2026-10-15', quantityDelivered: 12, quantityAccepted: 11 },
];

function milestoneValue(contract: Money, lots: readonly number[], value: MilestoneValue): Money {
  if (value === 'none') return { amount: 0n, currency: contract.currency };
  const parts =
    'payment' in value
      ? allocateMoney(contract, PAYMENT_SHARES)
      : allocateMoney(
          contract,
          lots.map((n) => BigInt(n)),
        );
  const part = parts['payment' in value ? Number(value.payment) : value.lot];
  if (!part) throw new Error('a demo milestone names a share the contract does not have');
  return part;
}

/**
 * The two offers' total prices in dirhams, as the evaluation compares them:
 * CAESAR's (illustrative, in euros) at the demo's reference rate.
 */
export function atmosOfferPrices(): { atmos: Money; caesar: Money } {
  const inMad = (offer: DemoOffer) => {
    const price = moneySchema.parse(offer.input.totalPrice);
    if (price.currency === 'MAD') return price;
    const rate = EXCHANGE_RATES.find((r) => r.from === price.currency && r.to === 'MAD');
    if (!rate) throw new Error(`the demo has no rate from ${price.currency} to MAD`);
    return convertMoney(price, 'MAD', rate.rate);
  };
  return { atmos: inMad(ATMOS.offers.atmos), caesar: inMad(ATMOS.offers.caesar) };
}

// Programmes at earlier stages.

/** A programme of the seeds' portfolio that is still a need. */
interface DemoNeed {
  entered: string;
  commission: boolean;
  input: Omit<z.input<typeof programmeCreateSchema>, 'commissionId' | 'objectiveIds' | 'activityIds'>;
  activities: string[];
  /** Serves the objective of the plan that the ATMOS follow-up serves (defence-industrial cooperation). */
  servesIndustryObjective: boolean;
}

export const NEEDS: DemoNeed[] = [
  {
    entered: '2026-01-20',
    commission: true,
    input: {
      title: {
        fr: 'Équipements défensifs et offensifs auprès d’Elbit Systems',
        en: 'Defensive and offensive equipment from Elbit Systems',
      },
      description: {
        fr: `Le plan d’action prévoit notamment l’acquisition d’équipements militaires défensifs et offensifs auprès de la société israélienne Elbit Systems (source : ${A}). Les articles ne détaillent ni les équipements, ni les quantités, ni le budget : quantité (un ensemble), date requise et plafond illustratifs.`,
        en: `The plan foresees the acquisition of defensive and offensive military equipment from the Israeli company Elbit Systems (source: ${A_EN}). The articles give neither the equipment, the quantities nor the budget: quantity (one set), date required and ceiling are illustrative.`,
      },
      need: {
        capabilityGap: `Équipements militaires défensifs et offensifs prévus par le plan d’action auprès d’Elbit Systems (${A}) ; détail à définir (illustratif).`,
        quantity: 1,
        requiredBy: '2028-12-31',
        budgetCeiling: { amount: '2000000000.00', currency: 'MAD' },
      },
      // A Moroccan need not yet shared with the supplier's country, in the programmes compartment.
      ...label('SECRET', [], ['INDUS']),
    },
    activities: [],
    servesIndustryObjective: true,
  },
  {
    entered: '2026-05-04',
    commission: false,
    input: {
      title: {
        fr: 'Complexe d’industrie militaire de Benslimane : équipements de nouvelle génération',
        en: 'Benslimane military-industrial complex: new-generation equipment',
      },
      description: {
        fr: `Dans le cadre d’une coopération tripartite avec les États-Unis, un complexe d’industrie militaire devrait voir le jour dans la région de Benslimane, entre Rabat et Casablanca, avec une priorité accordée aux équipements de nouvelle génération (source : ${A}). Programme du Maroc hors de la commission bilatérale, partagé avec Israël et les États-Unis. Plafond (en dollars), date requise et quantité (un complexe) illustratifs.`,
        en: `Under tripartite cooperation with the United States, a military-industrial complex is to be built in the Benslimane region, between Rabat and Casablanca, with priority to new-generation equipment (source: ${A_EN}). Morocco's programme outside the bilateral commission, shared with Israel and the United States. Ceiling (in dollars), date required and quantity (one complex) are illustrative.`,
      },
      need: {
        capabilityGap: `Industrie militaire à haute valeur ajoutée : complexe de Benslimane, priorité aux équipements de nouvelle génération (${A}).`,
        quantity: 1,
        requiredBy: '2030-12-31',
        budgetCeiling: { amount: '500000000.00', currency: 'USD' },
      },
      ...label('RESTRICTED', ['ISR', 'USA']),
    },
    activities: ['2026-IND-05', '2026-IND-06', '2026-IND-07'],
    servesIndustryObjective: true,
  },
];

// Loading.

/** What the programmes need of the rest of the demo. */
export interface ProgrammeDemoContext {
  commissionId: string;
  planId: string;
  activityId: (refCode: string) => string;
}

/** One event of the demo's year: it runs on its day, in the order the days come. */
export interface DemoEvent {
  on: string;
  run: () => Promise<unknown>;
}

/**
 * The programmes' events, for the demo's timeline: the catalogue and the
 * exchange rates entered, the ATMOS 2000 programme from its need to its first
 * lot delivered, and the programmes still at the need. Morocco's planner
 * (also its administrator, who enters the rates) writes them all.
 */
export function programmeEvents(
  ctx: AppContext,
  actors: Record<'mar.planner' | AssessorKey, Actor>,
  demo: ProgrammeDemoContext,
): DemoEvent[] {
  const planner = actors['mar.planner'];
  const suppliers = new Map<string, Supplier>();
  let atmos: Programme | undefined;
  const atmosId = () => {
    if (!atmos) throw new Error('the ATMOS 2000 programme is not entered yet');
    return atmos.id;
  };

  /** The industry objective of the plan: the one the ATMOS follow-up serves. */
  const industryObjective = async () => {
    const ref = demo.activityId('2026-IND-02');
    const found = (await listObjectives(ctx, planner, demo.planId)).items.find((o) => o.activityIds.includes(ref));
    if (!found) throw new Error('no objective of the plan serves the ATMOS 2000 follow-up');
    return found.id;
  };

  const offerInput = (offer: DemoOffer) => {
    const supplier = suppliers.get(offer.supplier);
    const system = supplier?.systems.find((s) => s.name === offer.system);
    if (!supplier || !system) throw new Error(`no ${offer.system} of ${offer.supplier} in the demo catalogue`);
    return offerCreateSchema.parse({ ...offer.input, supplierId: supplier.id, systemId: system.id });
  };

  const enterAtmos = async () => {
    const { programme } = ATMOS;
    atmos = await createProgramme(
      ctx,
      planner,
      programmeCreateSchema.parse({
        ...programme,
        commissionId: demo.commissionId,
        activityIds: ATMOS.activities.map(demo.activityId),
      }),
    );
    const id = atmos.id;
    for (const offer of [ATMOS.offers.atmos, ATMOS.offers.caesar]) atmos = await addOffer(ctx, planner, id, offerInput(offer));
    await moveProgramme(ctx, planner, id, { to: 'evaluation', reason: ATMOS.reasons.evaluation });
    const [atmosOffer, caesarOffer] = atmos.offers;
    if (!atmosOffer || !caesarOffer) throw new Error('the ATMOS 2000 and CAESAR offers were not entered');
    await evaluateAtmos(id, { atmos: atmosOffer.id, caesar: caesarOffer.id });
    // Selecting freezes the evaluation: its input, result and hash are kept with the programme.
    atmos = await moveProgramme(ctx, planner, id, { to: 'selected', offerId: atmosOffer.id, reason: ATMOS.reasons.selected });
  };

  /** The evaluation opened by the move: its criteria and method set by the planner, then each evaluator's inputs. */
  const evaluateAtmos = async (id: string, offers: { atmos: string; caesar: string }) => {
    let { version } = await getEvaluation(ctx, planner, id);
    ({ version } = await updateEvaluation(ctx, planner, id, { criteria: ATMOS_CRITERIA, method: ATMOS_METHOD, version }));
    for (const who of ATMOS_ASSESSORS)
      ({ version } = await addEvaluator(ctx, planner, id, { userId: actors[who].userId, version }));
    const prices = atmosOfferPrices();
    for (const who of ATMOS_ASSESSORS)
      await recordEvaluatorInputs(ctx, actors[who], id, actors[who].userId, assessorInputs(who, offers, prices));
  };

  const signAtmos = async () => {
    const id = atmosId();
    await recordContract(
      ctx,
      planner,
      id,
      contractCreateSchema.parse({ value: { amount: ATMOS_VALUE, currency: 'MAD' }, ...ATMOS.contract }),
    );
    atmos = await moveProgramme(ctx, planner, id, { to: 'contracted', reason: ATMOS.reasons.contracted });
    const value = mad(ATMOS_VALUE);
    const lots = ATMOS.offers.atmos.input.deliverySchedule.map((l) => l.quantity);
    for (const m of ATMOS_MILESTONES)
      atmos = await addMilestone(
        ctx,
        planner,
        id,
        milestoneCreateSchema.parse({
          kind: m.kind,
          title: m.title,
          dueDate: m.dueDate,
          value: moneyJson(milestoneValue(value, lots, m.value)),
        }),
      );
  };

  const milestoneMet = (m: DemoMilestone, outcome: NonNullable<DemoMilestone['outcome']>): DemoEvent => ({
    on: outcome.on,
    run: async () => {
      const found = atmos?.contract?.milestones.find((x) => x.title === m.title);
      if (!found) throw new Error(`no milestone ${m.title}`);
      atmos = await updateMilestone(ctx, planner, atmosId(), found.id, { status: outcome.status, dateMet: outcome.on });
    },
  });

  const events: DemoEvent[] = [
    {
      on: ATMOS.story.entered,
      run: async () => {
        for (const rate of EXCHANGE_RATES) await addRate(ctx, planner, exchangeRateCreateSchema.parse(rate));
        for (const s of CATALOGUE) {
          const created = await createSupplier(ctx, planner, supplierCreateSchema.parse(s));
          suppliers.set(created.name, created);
        }
        await enterAtmos();
      },
    },
    { on: ATMOS.story.contractEntered, run: signAtmos },
    ...ATMOS_DELIVERIES.map((d) => ({
      on: d.deliveredOn,
      run: async () => {
        const id = atmosId();
        atmos = await addDelivery(ctx, planner, id, deliveryCreateSchema.parse(d));
        if (atmos.status === 'contracted')
          atmos = await moveProgramme(ctx, planner, id, { to: 'delivering', reason: ATMOS.reasons.delivering });
      },
    })),
    ...ATMOS_MILESTONES.flatMap((m) => (m.outcome ? [milestoneMet(m, m.outcome)] : [])),
  ];
  const needs = new Map<DemoNeed, Programme>();
  for (const need of NEEDS)
    events.push({
      on: need.entered,
      run: async () => {
        const linkNow = need.servesIndustryObjective && need.entered > ATMOS.story.linkedToObjective;
        const created = await createProgramme(
          ctx,
          planner,
          programmeCreateSchema.parse({
            ...need.input,
            commissionId: need.commission ? demo.commissionId : null,
            activityIds: need.activities.map(demo.activityId),
            objectiveIds: linkNow ? [await industryObjective()] : [],
          }),
        );
        needs.set(need, created);
      },
    });
  // The objectives are entered in March: the programmes already there are linked to theirs then.
  events.push({
    on: ATMOS.story.linkedToObjective,
    run: async () => {
      const objectiveIds = [await industryObjective()];
      atmos = await updateProgramme(ctx, planner, atmosId(), { objectiveIds, version: atmos?.version });
      for (const need of NEEDS) {
        const p = needs.get(need);
        if (p && need.servesIndustryObjective && need.entered <= ATMOS.story.linkedToObjective)
          await updateProgramme(ctx, planner, p.id, { objectiveIds, version: p.version });
      }
    },
  });
  return events;
}
