/**
 * A procurement programme: the need it answers, the offers received, the
 * contract signed on the selected offer and its execution (milestones,
 * deliveries by lot, amendments), and the catalogue of suppliers and their
 * systems the offers name. One schema per resource: validation, OpenAPI and
 * the web's types come from here. Money is written as a decimal string with
 * its ISO 4217 currency and kept in integer minor units (money.ts).
 */
import { z } from 'zod';
import {
  idSchema,
  type LocalizedText,
  labelFields,
  labelledPatchSchema,
  limitSchema,
  localizedTextSchema,
  recordMetaSchema,
  versionSchema,
} from './common.schema.js';
import { partyCodeSchema } from './labels.js';
import { currencyCodeSchema, exchangeRateSchema, type Money, moneyJson, rateUsedSchema } from './money.js';
import { isoDateSchema } from './period.js';
import { refusing } from './problems.js';
import { PROGRAMME_STATUSES, type ProgrammeStatus } from './programme.lifecycle.js';
import {
  amountSchema,
  count,
  moneyOutSchema,
  presentRecordMeta,
  type RecordHead,
  type StatusEvent,
  statusEventSchema,
  text,
} from './record-fields.schema.js';
import { NAMED_IF_OWN_PARTY } from './user-naming.js';

// Still exported here for the modules that import them from the programme's schema (offsets, measures, trace).
export { MAX_MINOR_UNITS, moneyOutSchema } from './record-fields.schema.js';

// The need.

export const needSchema = z.strictObject({
  capabilityGap: text(5000).describe('The capability the forces lack, which the programme fills'),
  quantity: count.min(1).describe('How many units are needed'),
  requiredBy: isoDateSchema.describe('When they are needed'),
  budgetCeiling: amountSchema.describe('The most that may be spent, in its currency'),
});
export type Need = z.infer<typeof needSchema>;

// The programme.

const linkIds = (what: string) => z.array(idSchema).max(1000).describe(what);

export const programmeCreateSchema = z.strictObject({
  commissionId: idSchema.nullable().default(null).describe('The commission the programme belongs to; null for one party alone'),
  title: localizedTextSchema(300),
  description: localizedTextSchema(5000).optional(),
  need: needSchema,
  objectiveIds: linkIds('Objectives of the results framework that the programme serves').default([]),
  activityIds: linkIds('Plan activities that the programme serves').default([]),
  ...labelFields,
});
export type ProgrammeCreate = z.infer<typeof programmeCreateSchema>;

export const programmePatchSchema = labelledPatchSchema({
  title: localizedTextSchema(300),
  description: localizedTextSchema(5000),
  need: needSchema.describe('The whole need; it changes only while the programme is a need'),
  objectiveIds: linkIds('The whole set among the objectives you may read; links to others are kept'),
  activityIds: linkIds('The whole set among the activities you may read; links to others are kept'),
});
export type ProgrammePatch = z.infer<typeof programmePatchSchema>;

export const programmeMoveSchema = z.strictObject({
  to: z.enum(PROGRAMME_STATUSES),
  reason: text(2000).optional().describe('Why; required to cancel'),
  offerId: idSchema.optional().describe('The offer selected, for the move to `selected`'),
  version: versionSchema.optional(),
});
export type ProgrammeMoveInput = z.infer<typeof programmeMoveSchema>;

// Offers.

export const lotSchema = text(50).describe('Lot name, e.g. "Lot 1"');

export const deliveryLotSchema = z.strictObject({
  lot: lotSchema,
  quantity: count.min(1),
  date: isoDateSchema.describe('When the lot is delivered'),
});

export const industrialParticipationSchema = z.strictObject({
  localShare: z.number().min(0).max(100).describe('Share of the value made in the buying party, in percent'),
  sites: z.array(text(200)).max(100).default([]).describe('Where the local work is done'),
  jobs: count.default(0).describe('Jobs created locally'),
  technologyTransfer: text(5000).nullable().default(null).describe('What technology is transferred'),
});

export const documentRefSchema = z.strictObject({
  title: text(300),
  reference: text(200).nullable().default(null).describe("The document's own reference"),
  url: z.url().max(2000).nullable().default(null),
});

const sameCurrency = (o: { unitPrice: { currency: string }; totalPrice: { currency: string } }) =>
  o.unitPrice.currency === o.totalPrice.currency;

export const offerCreateSchema = z
  .strictObject({
    supplierId: idSchema,
    systemId: idSchema,
    quantity: count.min(1),
    unitPrice: amountSchema,
    totalPrice: amountSchema,
    deliverySchedule: z.array(deliveryLotSchema).max(200).default([]),
    industrialParticipation: industrialParticipationSchema.default({
      localShare: 0,
      sites: [],
      jobs: 0,
      technologyTransfer: null,
    }),
    validUntil: isoDateSchema.describe('The offer holds until this day'),
    documents: z.array(documentRefSchema).max(200).default([]),
  })
  .refine(sameCurrency, refusing('field.offer_currency', ['totalPrice', 'currency']))
  .refine(
    (o) => o.deliverySchedule.length === 0 || o.deliverySchedule.reduce((n, l) => n + l.quantity, 0) === o.quantity,
    refusing('field.lots_sum', ['deliverySchedule']),
  );
export type OfferCreate = z.infer<typeof offerCreateSchema>;

export const offerWithdrawSchema = z.strictObject({ reason: text(2000), version: versionSchema.optional() });

export const offerSchema = z
  .object({
    id: z.string(),
    supplierId: z.string(),
    supplier: z
      .object({ id: z.string(), name: z.string(), country: z.string() })
      .nullable()
      .describe('Null if you may not read it'),
    systemId: z.string(),
    system: z.object({ id: z.string(), name: z.string(), category: z.string() }).nullable(),
    quantity: z.number(),
    unitPrice: moneyOutSchema,
    totalPrice: moneyOutSchema,
    deliverySchedule: z.array(z.object({ lot: z.string(), quantity: z.number(), date: z.string() })),
    industrialParticipation: z.object({
      localShare: z.number(),
      sites: z.array(z.string()),
      jobs: z.number(),
      technologyTransfer: z.string().nullable(),
    }),
    validUntil: z.string(),
    documents: z.array(z.object({ title: z.string(), reference: z.string().nullable(), url: z.string().nullable() })),
    createdAt: z.string(),
    withdrawnAt: z.string().nullable(),
    withdrawnReason: z.string().nullable(),
  })
  .describe('An offer; once withdrawn it stays, marked so');
export type Offer = z.infer<typeof offerSchema>;

// The contract and its execution.

export const MILESTONE_KINDS = ['delivery', 'acceptance', 'payment', 'training', 'in_service'] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];
export const MILESTONE_STATUSES = ['scheduled', 'met', 'not_met', 'partially_met'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

export const contractCreateSchema = z.strictObject({
  value: amountSchema.describe('The value signed, in its currency'),
  signedOn: isoDateSchema,
  reference: text(200).nullable().default(null),
  version: versionSchema.optional(),
});
export type ContractCreate = z.infer<typeof contractCreateSchema>;

export const milestoneCreateSchema = z.strictObject({
  kind: z.enum(MILESTONE_KINDS),
  title: text(300),
  dueDate: isoDateSchema,
  value: amountSchema.describe('What the milestone is worth (a payment, a guarantee released...)'),
});
export type MilestoneCreate = z.infer<typeof milestoneCreateSchema>;

export const milestonePatchSchema = z.strictObject({
  status: z.enum(MILESTONE_STATUSES),
  dateMet: isoDateSchema.nullable().default(null).describe('When it was met, fully or partly'),
});
export type MilestonePatch = z.infer<typeof milestonePatchSchema>;

export const deliveryCreateSchema = z
  .strictObject({
    lot: lotSchema,
    deliveredOn: isoDateSchema,
    quantityDelivered: count.min(1),
    quantityAccepted: count,
  })
  .refine((d) => d.quantityAccepted <= d.quantityDelivered, refusing('field.accepted_over_delivered', ['quantityAccepted']));
export type DeliveryCreate = z.infer<typeof deliveryCreateSchema>;

export const amendmentCreateSchema = z.strictObject({
  date: isoDateSchema,
  rationale: text(5000).describe('Why the contract changes'),
  description: text(5000).nullable().default(null).describe('What changes'),
  value: amountSchema.nullable().default(null).describe("The contract's new value, if it changes"),
});
export type AmendmentCreate = z.infer<typeof amendmentCreateSchema>;

export const contractSchema = z.object({
  offerId: z.string(),
  value: moneyOutSchema,
  signedOn: z.string(),
  reference: z.string().nullable(),
  milestones: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(MILESTONE_KINDS),
      title: z.string(),
      dueDate: z.string(),
      value: moneyOutSchema,
      status: z.enum(MILESTONE_STATUSES),
      dateMet: z.string().nullable(),
    }),
  ),
  deliveries: z.array(
    z.object({
      id: z.string(),
      lot: z.string(),
      deliveredOn: z.string(),
      quantityDelivered: z.number(),
      quantityAccepted: z.number(),
    }),
  ),
  amendments: z.array(
    z.object({
      id: z.string(),
      number: z.number(),
      date: z.string(),
      rationale: z.string(),
      description: z.string().nullable(),
      valueBefore: moneyOutSchema,
      valueAfter: moneyOutSchema,
    }),
  ),
});

export const programmeSchema = recordMetaSchema
  .extend({
    commissionId: z.string().nullable(),
    title: z.record(z.string(), z.string()),
    description: z.record(z.string(), z.string()),
    status: z.enum(PROGRAMME_STATUSES),
    cancelReason: z.string().nullable(),
    need: z.object({
      capabilityGap: z.string(),
      quantity: z.number(),
      requiredBy: z.string(),
      budgetCeiling: moneyOutSchema,
    }),
    objectiveIds: z.array(z.string()).describe('Linked objectives you may read'),
    activityIds: z.array(z.string()).describe('Linked activities you may read'),
    evaluationId: z.string().nullable().describe("The programme's evaluation of offers, once there is one"),
    evaluationHash: z
      .string()
      .nullable()
      .describe(
        'SHA-256 (hex) of the evaluation frozen at selection, which anyone can recompute; null until it is frozen, and null for a reader who may not read the evaluation under its own label',
      ),
    selectedOfferId: z.string().nullable(),
    offers: z.array(offerSchema),
    contract: contractSchema.nullable(),
    history: z.array(statusEventSchema(PROGRAMME_STATUSES)),
  })
  .describe('Procurement programme');
export type Programme = z.infer<typeof programmeSchema>;

// Deliberately picked field by field, not shared with the record's schema: a new field reaches lists only when named here.
export const programmeSummarySchema = programmeSchema
  .pick({
    id: true,
    version: true,
    ownerParty: true,
    classification: true,
    releasableTo: true,
    compartments: true,
    createdAt: true,
    updatedAt: true,
    commissionId: true,
    title: true,
    status: true,
    need: true,
  })
  .extend({
    selectedOffer: z
      .object({
        supplier: z.string().nullable().describe('Null if you may not read the supplier'),
        system: z.string().nullable(),
      })
      .nullable()
      .describe('The supplier and system of the offer selected, once one is'),
    contractValue: moneyOutSchema.nullable().describe("The contract's value, once it is recorded"),
    nextMilestone: z
      .object({ title: z.string(), kind: z.enum(MILESTONE_KINDS), dueDate: z.string(), status: z.enum(MILESTONE_STATUSES) })
      .nullable()
      .describe("The contract's earliest milestone not met yet (scheduled, not met or partially met)"),
  })
  .describe('Procurement programme, as lists show it');
export type ProgrammeSummary = z.infer<typeof programmeSummarySchema>;

export const programmeListQuerySchema = z
  .strictObject({
    status: z.enum(PROGRAMME_STATUSES).optional(),
    owner: partyCodeSchema.optional().describe('Only the programmes this party owns'),
    commissionId: idSchema.optional(),
    cursor: z.string().max(500).optional().describe('The `nextCursor` of the page before'),
    limit: limitSchema,
  })
  .describe('Newest first (creation time, then id), paged by keyset');
export type ProgrammeListQuery = z.infer<typeof programmeListQuerySchema>;

// The catalogue of suppliers and their systems.

export const systemCreateSchema = z.strictObject({
  name: text(300),
  category: text(100).describe('e.g. air defence, UAV, armoured vehicle'),
  description: text(5000).nullable().default(null),
});
export type SystemCreate = z.infer<typeof systemCreateSchema>;

export const supplierCreateSchema = z.strictObject({
  name: text(300),
  country: text(100).describe('Where the supplier is established'),
  identifier: text(200).nullable().default(null).describe('Its registration number, if known'),
  systems: z.array(systemCreateSchema).max(500).default([]),
  ...labelFields,
});
export type SupplierCreate = z.infer<typeof supplierCreateSchema>;

export const supplierSchema = recordMetaSchema
  .extend({
    name: z.string(),
    country: z.string(),
    identifier: z.string().nullable(),
    systems: z.array(z.object({ id: z.string(), name: z.string(), category: z.string(), description: z.string().nullable() })),
  })
  .describe("A supplier of a party's catalogue, with its systems");
export type Supplier = z.infer<typeof supplierSchema>;

// Exchange rates.

export const exchangeRateRecordSchema = z.object({
  id: z.string(),
  from: z.string(),
  to: z.string(),
  rate: z.string(),
  date: z.string(),
  source: z.string(),
  enteredBy: z.string().nullable().describe(`The name of the administrator who entered it; ${NAMED_IF_OWN_PARTY}`),
  enteredByParty: z.string().nullable().describe("That administrator's party"),
  enteredAt: z.string(),
});
export type ExchangeRateRecord = z.infer<typeof exchangeRateRecordSchema>;

export const exchangeRateCreateSchema = z
  .strictObject({
    from: currencyCodeSchema,
    to: currencyCodeSchema,
    rate: exchangeRateSchema.shape.rate,
    date: exchangeRateSchema.shape.date,
    source: exchangeRateSchema.shape.source,
  })
  .refine((r) => r.from !== r.to, refusing('field.rate_same_currency', ['to']))
  .describe('An exchange rate to enter; who entered it is the signed-in user');
export type ExchangeRateCreate = z.infer<typeof exchangeRateCreateSchema>;

/** A page of the exchange-rate table: latest first, of one currency (either side) and within a range of dates. */
export const exchangeRateListQuerySchema = z
  .strictObject({
    currency: currencyCodeSchema.optional().describe('Rates from or to this currency'),
    since: isoDateSchema.optional().describe('Rates dated this day or later'),
    until: isoDateSchema.optional().describe('Rates dated this day or earlier'),
    on: isoDateSchema.optional().describe('The rates entered by this day (the same as `until`; both: the earlier applies)'),
    limit: limitSchema,
    cursor: z.string().max(500).optional().describe('The `nextCursor` of the previous page'),
  })
  .refine((q) => !q.since || !q.until || q.since <= q.until, refusing('period.end_before_start', ['until']));
export type ExchangeRateListQuery = z.infer<typeof exchangeRateListQuerySchema>;

export const totalQuerySchema = z.strictObject({
  currency: currencyCodeSchema,
  on: isoDateSchema.optional().describe('Rates on or before this day; today by default'),
});

export const programmeTotalsSchema = z.object({
  currency: z.string(),
  on: z.string(),
  lines: z.array(
    z.object({
      what: z.string().describe('budgetCeiling, contract, or offer:<id>'),
      money: moneyOutSchema,
      converted: moneyOutSchema,
      rate: rateUsedSchema.nullable(),
    }),
  ),
});

// The programme as the store gives it to the use cases: amounts as Money (bigint minor units).

export interface ProgrammeHead extends RecordHead {
  commissionId: string | null;
  title: LocalizedText;
  description: LocalizedText;
  status: ProgrammeStatus;
  cancelReason: string | null;
  need: { capabilityGap: string; quantity: number; requiredBy: string; budgetCeiling: Money };
  evaluationId: string | null;
  /** The frozen evaluation's hash; null until it is frozen. */
  evaluationHash: string | null;
  selectedOfferId: string | null;
}

export interface OfferRecord {
  id: string;
  supplierId: string;
  /** Null when the reader may not read the supplier. */
  supplier: { id: string; name: string; country: string; identifier: string | null } | null;
  systemId: string;
  system: { id: string; name: string; category: string } | null;
  quantity: number;
  unitPrice: Money;
  totalPrice: Money;
  deliverySchedule: { lot: string; quantity: number; date: string }[];
  industrialParticipation: { localShare: number; sites: string[]; jobs: number; technologyTransfer: string | null };
  validUntil: string;
  documents: { title: string; reference: string | null; url: string | null }[];
  createdAt: string;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
}

export interface MilestoneRecord {
  id: string;
  kind: MilestoneKind;
  title: string;
  dueDate: string;
  value: Money;
  status: MilestoneStatus;
  dateMet: string | null;
}

export interface ContractRecord {
  offerId: string;
  value: Money;
  signedOn: string;
  reference: string | null;
  createdAt: string;
  milestones: MilestoneRecord[];
  deliveries: { id: string; lot: string; deliveredOn: string; quantityDelivered: number; quantityAccepted: number }[];
  amendments: {
    id: string;
    number: number;
    date: string;
    rationale: string;
    description: string | null;
    valueBefore: Money;
    valueAfter: Money;
    createdAt: string;
  }[];
}

/** One change of a programme's status, as its history keeps it. */
export type ProgrammeEvent = StatusEvent<ProgrammeStatus>;

export interface ProgrammeRecord extends ProgrammeHead {
  objectiveIds: string[];
  activityIds: string[];
  offers: OfferRecord[];
  contract: ContractRecord | null;
  history: ProgrammeEvent[];
}

/** The record as the API answers it: money as decimal strings. */
export function presentProgramme(r: ProgrammeRecord): Programme {
  const { label, need, offers, contract, ...rest } = r;
  return {
    ...rest,
    ...label,
    need: { ...need, budgetCeiling: moneyJson(need.budgetCeiling) },
    offers: offers.map(presentOffer),
    contract: contract && {
      offerId: contract.offerId,
      value: moneyJson(contract.value),
      signedOn: contract.signedOn,
      reference: contract.reference,
      milestones: contract.milestones.map((m) => ({ ...m, value: moneyJson(m.value) })),
      deliveries: contract.deliveries,
      amendments: contract.amendments.map(({ createdAt: _c, ...a }) => ({
        ...a,
        valueBefore: moneyJson(a.valueBefore),
        valueAfter: moneyJson(a.valueAfter),
      })),
    },
  };
}

export const presentOffer = (o: OfferRecord): Offer => ({
  ...o,
  supplier: o.supplier && { id: o.supplier.id, name: o.supplier.name, country: o.supplier.country },
  unitPrice: moneyJson(o.unitPrice),
  totalPrice: moneyJson(o.totalPrice),
});

/** A programme as lists show it: its head, the offer selected, the contract's value and its next milestone. */
export interface ProgrammeListItem extends ProgrammeHead {
  selectedOffer: { supplier: string | null; system: string | null } | null;
  contractValue: Money | null;
  nextMilestone: { title: string; kind: MilestoneKind; dueDate: string; status: MilestoneStatus } | null;
}

export function presentProgrammeSummary(h: ProgrammeListItem): ProgrammeSummary {
  return {
    ...presentRecordMeta(h),
    commissionId: h.commissionId,
    title: h.title as Record<string, string>,
    status: h.status,
    need: { ...h.need, budgetCeiling: moneyJson(h.need.budgetCeiling) },
    selectedOffer: h.selectedOffer,
    contractValue: h.contractValue && moneyJson(h.contractValue),
    nextMilestone: h.nextMilestone,
  };
}
