/**
 * Offsets (industrial participation): an obligation that a programme's
 * contract lays on its supplier side, and the credit claims made against it.
 * One schema per resource: validation, OpenAPI and the web's types come from
 * here.
 *
 * Exact figures only. Amounts are integer minor units (money.ts). The
 * required share, the penalty rate and each category's multiplier are
 * written as decimal strings and kept as integers of basis points (1/10,000):
 * 30 % is 3000, a multiplier of 1.5 is 15000. A product of an amount and such
 * a figure is exact and rounded once, half to even, to the minor unit.
 */
import { z } from 'zod';
import {
  idSchema,
  type LocalizedText,
  labelFieldsGiven,
  limitSchema,
  localizedTextSchema,
  recordMetaSchema,
} from './common.schema.js';
import type { Label } from './labels.js';
import { partyCodeSchema } from './labels.js';
import { type Money, moneyJson, moneySchema } from './money.js';
import { CLAIM_STATUSES, type ClaimStatus } from './offset.lifecycle.js';
import { isoDateSchema } from './period.js';
import { matching, refusing } from './problems.js';
import { MAX_MINOR_UNITS, moneyOutSchema } from './programme.schema.js';
import { NAMED_IF_OWN_PARTY, userIdFor } from './user-naming.js';

export const BP = 10_000n;

/** The categories of credit an offset policy names (India's DAP-2020 and Canada's ITB name much the same). */
export const CREDIT_CATEGORIES = [
  'technology_transfer',
  'local_production',
  'training',
  'research_development',
  'investment',
  'local_procurement',
] as const;
export type CreditCategory = (typeof CREDIT_CATEGORIES)[number];

export const CLAIM_SOURCES = ['industrial_project', 'purchase'] as const;
export type ClaimSource = (typeof CLAIM_SOURCES)[number];

/** amount × bp / 10,000, rounded once, half to even, to the minor unit. */
export function applyBasisPoints(amount: bigint, bp: bigint): bigint {
  const n = amount * bp;
  const q = n / BP;
  const r = n % BP;
  const twice = 2n * (r < 0n ? -r : r);
  if (twice < BP || (twice === BP && q % 2n === 0n)) return q;
  return q + (n < 0n ? -1n : 1n);
}

/** "30.5" with at most `decimals` decimals → the integer scaled by 10^decimals (3050 for 2). */
export function parseScaled(text: string, decimals: number): bigint {
  const [whole = '0', fraction = ''] = text.split('.');
  return BigInt(whole + fraction.padEnd(decimals, '0'));
}

/** The integer scaled by 10^decimals written back as the shortest decimal string ("30.5", "1.5", "2"). */
export function formatScaled(value: bigint, decimals: number): string {
  const digits = value.toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, -decimals);
  const fraction = digits.slice(-decimals).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** A percentage (0 to 100, two decimals at most) as basis points. */
const percentageSchema = matching(/^\d{1,3}(\.\d{1,2})?$/, 'offset.percentage_format', { example: '30.5' })
  .refine((p) => parseScaled(p, 2) <= 10_000n, refusing('offset.percentage_range'))
  .describe('A percentage from 0 to 100, at most two decimals, as a decimal string');

/** A multiplier (above 0, at most 10, four decimals at most) as basis points. */
const multiplierSchema = matching(/^\d{1,2}(\.\d{1,4})?$/, 'offset.multiplier_format', { example: '1.5' })
  .refine((m) => parseScaled(m, 4) > 0n && parseScaled(m, 4) <= 100_000n, refusing('offset.multiplier_range'))
  .describe('A multiplier above 0 and at most 10, at most four decimals, as a decimal string');

export const multiplierTableSchema = z
  .array(z.strictObject({ category: z.enum(CREDIT_CATEGORIES), multiplier: multiplierSchema }))
  .min(1)
  .max(CREDIT_CATEGORIES.length)
  .refine((rows) => new Set(rows.map((r) => r.category)).size === rows.length, refusing('offset.repeated_category'))
  .describe(
    'The multiplier of each category of credit this obligation accepts; a category absent here earns no credit (e.g. DAP-2020: 1.5 to 4)',
  );

/** A label given in full, or none: the record then takes its parent's. */
const optionalLabel = {
  classification: labelFieldsGiven.classification.optional(),
  releasableTo: labelFieldsGiven.releasableTo.optional(),
  compartments: labelFieldsGiven.compartments.optional(),
};

const text = (max: number) => z.string().trim().min(1).max(max);

export const obligationCreateSchema = z
  .strictObject({
    programmeId: idSchema.describe('The programme whose contract lays the obligation'),
    obligorParty: partyCodeSchema.describe('The party that owes it: the supplier side'),
    beneficiaryParty: partyCodeSchema.describe(
      "The party it is owed to: the buyer, whose planners are its offset authority (the writer's own party)",
    ),
    requiredPercentage: percentageSchema.describe("Share of the contract's value to offset, in percent"),
    arisesOn: isoDateSchema.optional().describe("The day the obligation arises; the contract's signature day by default"),
    deadline: isoDateSchema.describe('The day by which the obligation is to be discharged'),
    penaltyPercentage: percentageSchema.default('0').describe('Penalty due at the deadline, as a share of what is short then'),
    multipliers: multiplierTableSchema,
    title: localizedTextSchema(300).optional().describe("The programme's title by default"),
    ...optionalLabel,
  })
  .refine((o) => !o.arisesOn || o.arisesOn <= o.deadline, refusing('offset.deadline_before_start', ['deadline']))
  .describe("An obligation from a programme's contract; its label is the programme's unless given");
export type ObligationCreate = z.infer<typeof obligationCreateSchema>;

const claimValueSchema = moneySchema.refine(
  (m) => m.amount > 0n && m.amount <= MAX_MINOR_UNITS,
  refusing('field.amount_range', ['amount'], { max: MAX_MINOR_UNITS.toString() }),
);

export const claimCreateSchema = z
  .strictObject({
    source: z.enum(CLAIM_SOURCES).describe('Where the credit comes from: an industrial project or a purchase'),
    industrialProjectId: idSchema.nullable().default(null).describe('The industrial project, for a claim from one'),
    category: z.enum(CREDIT_CATEGORIES),
    value: claimValueSchema.describe("The value the claim puts forward, in the obligation's currency"),
    evidence: text(5000).describe('What proves it: contracts, invoices, acceptance reports, with their references'),
    description: text(5000).nullable().default(null),
    claimedOn: isoDateSchema.optional().describe('The day of the claim; today by default, never later'),
    ...optionalLabel,
  })
  .refine(
    (c) => c.source !== 'industrial_project' || c.industrialProjectId !== null,
    refusing('field.required', ['industrialProjectId']),
  )
  .describe("A claim of credit against an obligation; its label is the obligation's unless given");
export type ClaimCreate = z.infer<typeof claimCreateSchema>;

export const claimMoveSchema = z.strictObject({
  to: z.enum(CLAIM_STATUSES),
  reason: text(2000).optional().describe('Why; required to refuse'),
  acceptedValue: matching(/^\d{1,18}(\.\d{1,18})?$/, 'field.rate_format', { max: 18, example: '1250000.50' })
    .optional()
    .describe("The value accepted, at most the value claimed, in the obligation's currency; required to grant"),
  on: isoDateSchema.optional().describe('The day the step is taken; today by default, never before the last step'),
  version: z.number().int().min(1).optional(),
});
export type ClaimMoveInput = z.infer<typeof claimMoveSchema>;

// Records as the store gives them to the use cases.

export interface ObligationRecord {
  id: string;
  version: number;
  label: Label;
  createdAt: string;
  updatedAt: string;
  programmeId: string;
  supplierId: string;
  title: LocalizedText;
  obligorParty: string;
  beneficiaryParty: string;
  contractValue: Money;
  requiredBp: bigint;
  /** contractValue × requiredBp, exact and rounded once. */
  amount: Money;
  arisesOn: string;
  deadline: string;
  penaltyBp: bigint;
  multipliers: { category: CreditCategory; bp: bigint }[];
  createdBy: string;
}

export interface ClaimEvent {
  at: string;
  on: string;
  from: ClaimStatus | null;
  to: ClaimStatus;
  reason: string | null;
  userId: string;
  /** The party of the user who took the step, as read with it; not written. */
  party?: string | null;
}

export interface ClaimRecord {
  id: string;
  version: number;
  label: Label;
  createdAt: string;
  updatedAt: string;
  obligationId: string;
  source: ClaimSource;
  industrialProjectId: string | null;
  category: CreditCategory;
  multiplierBp: bigint;
  value: Money;
  /** value × multiplier. */
  claimedCredit: Money;
  acceptedValue: Money | null;
  /** acceptedValue × multiplier, once granted. */
  grantedCredit: Money | null;
  evidence: string;
  description: string | null;
  status: ClaimStatus;
  claimedOn: string;
  claimedBy: string;
  /** The claimant's party, as read with the claim. */
  claimedByParty: string | null;
  history: ClaimEvent[];
}

// As the API answers them.

const rateOut = (what: string) => z.string().describe(what);

export const obligationSchema = recordMetaSchema
  .extend({
    programmeId: z.string(),
    supplierId: z
      .string()
      .describe("The contracted offer's supplier, whose later obligations credit beyond this one is banked to"),
    title: z.record(z.string(), z.string()),
    obligorParty: z.string(),
    beneficiaryParty: z.string(),
    contractValue: moneyOutSchema,
    requiredPercentage: rateOut('Percent of the contract value, exactly as stored'),
    amount: moneyOutSchema.describe('The value to offset: contract value × required percentage, rounded once half to even'),
    arisesOn: z.string(),
    deadline: z.string(),
    penaltyPercentage: rateOut('Percent of the shortfall at the deadline'),
    multipliers: z.array(z.object({ category: z.enum(CREDIT_CATEGORIES), multiplier: z.string() })),
  })
  .describe('Offset obligation');
export type Obligation = z.infer<typeof obligationSchema>;

export const claimSchema = recordMetaSchema
  .extend({
    obligationId: z.string(),
    source: z.enum(CLAIM_SOURCES),
    industrialProjectId: z.string().nullable(),
    category: z.enum(CREDIT_CATEGORIES),
    multiplier: z.string().describe("The category's multiplier when the claim was made"),
    value: moneyOutSchema,
    claimedCredit: moneyOutSchema.describe('value × multiplier'),
    acceptedValue: moneyOutSchema.nullable(),
    grantedCredit: moneyOutSchema.nullable().describe('accepted value × multiplier, once granted'),
    evidence: z.string(),
    description: z.string().nullable(),
    status: z.enum(CLAIM_STATUSES),
    claimedOn: z.string(),
    claimedBy: z.string().nullable().describe(`The claimant's account id; ${NAMED_IF_OWN_PARTY}`),
    claimedByParty: z.string().nullable().describe("The claimant's party"),
    history: z.array(
      z.object({
        at: z.string(),
        on: z.string(),
        from: z.enum(CLAIM_STATUSES).nullable(),
        to: z.enum(CLAIM_STATUSES),
        reason: z.string().nullable(),
        userId: z.string().nullable().describe(`Who took the step; ${NAMED_IF_OWN_PARTY}`),
        party: z.string().nullable().describe('The party of who took the step'),
      }),
    ),
  })
  .describe('Credit claim against an offset obligation');
export type Claim = z.infer<typeof claimSchema>;

export const obligationListQuerySchema = z
  .strictObject({
    programmeId: idSchema.optional(),
    party: partyCodeSchema.optional().describe('Obligations this party owes or is owed'),
    cursor: z.string().max(500).optional().describe('The `nextCursor` of the page before'),
    limit: limitSchema,
  })
  .describe('By deadline, then id, paged by keyset');
export type ObligationListQuery = z.infer<typeof obligationListQuerySchema>;

export function presentObligation(o: ObligationRecord): Obligation {
  const { label, requiredBp, penaltyBp, multipliers, createdBy: _c, ...rest } = o;
  return {
    ...rest,
    ...label,
    title: o.title as Record<string, string>,
    contractValue: moneyJson(o.contractValue),
    amount: moneyJson(o.amount),
    requiredPercentage: formatScaled(requiredBp, 2),
    penaltyPercentage: formatScaled(penaltyBp, 2),
    multipliers: multipliers.map((m) => ({ category: m.category, multiplier: formatScaled(m.bp, 4) })),
  };
}

/** The claim as `readerParty`'s users read it: a user of another party is given only by party. */
export function presentClaim(c: ClaimRecord, readerParty: string): Claim {
  const { label, multiplierBp, ...rest } = c;
  return {
    ...rest,
    ...label,
    claimedBy: userIdFor(readerParty, c.claimedByParty, c.claimedBy),
    history: c.history.map((e) => ({ ...e, party: e.party ?? null, userId: userIdFor(readerParty, e.party, e.userId) })),
    multiplier: formatScaled(multiplierBp, 4),
    value: moneyJson(c.value),
    claimedCredit: moneyJson(c.claimedCredit),
    acceptedValue: c.acceptedValue && moneyJson(c.acceptedValue),
    grantedCredit: c.grantedCredit && moneyJson(c.grantedCredit),
  };
}
