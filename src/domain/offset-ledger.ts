/**
 * The offset ledger as of a day: for each obligation, what is owed, granted,
 * pending, banked in and out, short, and the penalty due. A pure function of
 * the obligations and claims the reader may read (the store applies the read
 * rule): a hidden claim or obligation counts nowhere, not even through the
 * credit banked from it.
 *
 * As of the end of day D:
 * - an obligation counts once it has arisen (arisesOn ≤ D); a claim is in the
 *   status of its last step taken on or before D, and counts nowhere before
 *   its claim;
 * - granted: the credit of claims granted by D; pending: the credit claimed
 *   of claims claimed or under review at D;
 * - banking: the obligations of one supplier in one currency form a chain,
 *   in deadline order (then id); each meets what it can from its own granted
 *   credit and the credit banked in from the one before, and banks the rest
 *   out to the next: met = min(amount, granted + bankedIn),
 *   shortfall = amount − met, bankedOut = granted + bankedIn − met;
 * - penalty: once the deadline has passed (D ≥ deadline), the penalty rate
 *   times the shortfall as of the deadline; nothing before. A credit granted
 *   after the deadline still lowers the shortfall, not the penalty fixed then.
 *
 * Since granted and refused are final, everything but pending only grows
 * (granted, banked, penalty) or only shrinks (shortfall) as D moves on.
 * Totals in one currency convert each obligation's figures at the latest rate
 * on or before D (money.ts), rounded once each, so a total is exactly the sum
 * of its lines.
 */
import { z } from 'zod';
import { idSchema } from './common.schema.js';
import type { FieldIssue } from './errors.js';
import { partyCodeSchema } from './labels.js';
import {
  convertMoney,
  currencyCodeSchema,
  type ExchangeRate,
  findRate,
  type Money,
  money,
  moneyJson,
  type RateUsed,
  rateJson,
  rateUsedSchema,
} from './money.js';
import { type ClaimStatus, PENDING_STATUSES } from './offset.lifecycle.js';
import { applyBasisPoints, type ClaimRecord, type ObligationRecord } from './offset.schema.js';
import { isoDateSchema } from './period.js';
import { issue, problem, refusing } from './problems.js';
import { moneyOutSchema } from './programme.schema.js';

export type LedgerObligation = Pick<
  ObligationRecord,
  'id' | 'programmeId' | 'supplierId' | 'obligorParty' | 'beneficiaryParty' | 'amount' | 'arisesOn' | 'deadline' | 'penaltyBp'
>;
/** A claim as the ledger needs it: its credits and the day and status of each of its steps, in order. */
export type LedgerClaim = Pick<ClaimRecord, 'id' | 'obligationId' | 'claimedCredit' | 'grantedCredit'> & {
  history: readonly { on: string; to: ClaimStatus }[];
};

/** One obligation's figures, in minor units of its currency. */
export interface LedgerLine {
  obligationId: string;
  programmeId: string;
  obligorParty: string;
  beneficiaryParty: string;
  currency: string;
  deadline: string;
  deadlinePassed: boolean;
  obligation: bigint;
  granted: bigint;
  pending: bigint;
  bankedIn: bigint;
  bankedOut: bigint;
  met: bigint;
  shortfall: bigint;
  penaltyDue: bigint;
}

/** The status of a claim at the end of day `on`, or null if it was not claimed yet. */
function statusOn(claim: LedgerClaim, on: string) {
  let status = null;
  for (const e of claim.history) if (e.on <= on) status = e.to;
  return status;
}

/**
 * What the claims the reader may read add up to against one obligation at the
 * end of one day: the credit granted by it and the credit pending at it.
 */
export type ClaimSums = (obligationId: string, on: string) => { granted: bigint; pending: bigint };

/** The sums of the claims given, worked out claim by claim from their steps. */
function sumsOfClaims(claims: readonly LedgerClaim[]): ClaimSums {
  const claimsOf = new Map<string, LedgerClaim[]>();
  for (const c of claims) {
    const list = claimsOf.get(c.obligationId);
    if (list) list.push(c);
    else claimsOf.set(c.obligationId, [c]);
  }
  return (obligationId, on) => {
    let granted = 0n;
    let pending = 0n;
    for (const c of claimsOf.get(obligationId) ?? []) {
      const status = statusOn(c, on);
      if (status === 'granted') granted += c.grantedCredit?.amount ?? 0n;
      else if (status && PENDING_STATUSES.includes(status)) pending += c.claimedCredit.amount;
    }
    return { granted, pending };
  };
}

/**
 * The chain's figures at the end of `on`, for every obligation of `chain`
 * (sorted) that has arisen; with `through`, only for those due by that day
 * (credit banks forward only, so those due later change none of theirs).
 */
function chainOn(chain: readonly LedgerObligation[], sums: ClaimSums, on: string, through?: string) {
  const out = new Map<string, Omit<LedgerLine, 'penaltyDue' | 'deadlinePassed'>>();
  let carry = 0n;
  for (const o of chain) {
    if (through !== undefined && o.deadline > through) break;
    if (o.arisesOn > on) continue;
    const { granted, pending } = sums(o.id, on);
    const available = granted + carry;
    // bigints have no Math.min
    let met = o.amount.amount;
    if (available < met) met = available;
    const line = {
      obligationId: o.id,
      programmeId: o.programmeId,
      obligorParty: o.obligorParty,
      beneficiaryParty: o.beneficiaryParty,
      currency: o.amount.currency,
      deadline: o.deadline,
      obligation: o.amount.amount,
      granted,
      pending,
      bankedIn: carry,
      bankedOut: available - met,
      met,
      shortfall: o.amount.amount - met,
    };
    out.set(o.id, line);
    carry = line.bankedOut;
  }
  return out;
}

const byDeadline = (a: LedgerObligation, b: LedgerObligation) =>
  a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * The ledger line of every obligation given that has arisen by `on`, in
 * deadline order. Claims of obligations not given are ignored; banking runs
 * along the obligations given only.
 */
export function ledgerLines(obligations: readonly LedgerObligation[], claims: readonly LedgerClaim[], on: string): LedgerLine[] {
  return ledgerLinesOfSums(obligations, sumsOfClaims(claims), on);
}

/** The obligations given by chain: one supplier's in one currency, in deadline order (then id). */
function chainsOf(obligations: readonly LedgerObligation[]) {
  const chains = new Map<string, LedgerObligation[]>();
  for (const o of obligations) {
    const key = `${o.supplierId}|${o.amount.currency}`;
    const chain = chains.get(key);
    if (chain) chain.push(o);
    else chains.set(key, [o]);
  }
  for (const chain of chains.values()) chain.sort(byDeadline);
  return chains;
}

/**
 * The (obligation, day) pairs whose claim sums `ledgerLinesOfSums` with the
 * same arguments asks about, and no other: each obligation arisen by `on`, as
 * of `on`; and for each obligation in scope whose deadline has passed, as of
 * that deadline, the obligations of its chain arisen and due by then (the
 * chain as of the deadline fixes the penalty; those due later bank nothing
 * into it).
 */
export function ledgerSumsWanted(
  obligations: readonly LedgerObligation[],
  on: string,
  inScope: (obligationId: string) => boolean = () => true,
): { obligationId: string; day: string }[] {
  const out = new Map<string, { obligationId: string; day: string }>();
  const want = (obligationId: string, day: string) => out.set(`${obligationId}|${day}`, { obligationId, day });
  for (const chain of chainsOf(obligations).values()) {
    for (const o of chain) if (o.arisesOn <= on) want(o.id, on);
    const deadlines = new Set<string>();
    for (const o of chain) if (o.deadline <= on && inScope(o.id)) deadlines.add(o.deadline);
    // A deadline on the day asked names the pairs of that day again: each pair is named once.
    for (const day of deadlines) for (const o of chain) if (o.deadline <= day && o.arisesOn <= day) want(o.id, day);
  }
  return [...out.values()];
}

/**
 * As `ledgerLines`, from the claims' sums per obligation and day (as the
 * store keeps them) rather than the claims one by one: `sums` is asked only
 * about the pairs `ledgerSumsWanted` names. Only the lines of obligations in
 * scope are given (all by default); the others count through banking.
 */
export function ledgerLinesOfSums(
  obligations: readonly LedgerObligation[],
  sums: ClaimSums,
  on: string,
  inScope: (obligationId: string) => boolean = () => true,
): LedgerLine[] {
  const lines: LedgerLine[] = [];
  for (const chain of chainsOf(obligations).values()) {
    const now = chainOn(chain, sums, on);
    // Obligations of a chain often share a deadline: the chain as of each deadline is computed once.
    const atDeadlines = new Map<string, ReturnType<typeof chainOn>>();
    const asOfDeadline = (day: string) => {
      const known = atDeadlines.get(day);
      if (known) return known;
      const figures = chainOn(chain, sums, day, day);
      atDeadlines.set(day, figures);
      return figures;
    };
    for (const o of chain) {
      const line = now.get(o.id);
      if (!line || !inScope(o.id)) continue;
      const deadlinePassed = on >= o.deadline;
      const atDeadline = deadlinePassed ? asOfDeadline(o.deadline).get(o.id) : undefined;
      const penaltyDue = atDeadline ? applyBasisPoints(atDeadline.shortfall, o.penaltyBp) : 0n;
      lines.push({ ...line, deadlinePassed, penaltyDue });
    }
  }
  return lines.sort((a, b) =>
    a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : a.obligationId < b.obligationId ? -1 : 1,
  );
}

export const FIGURES = ['obligation', 'granted', 'pending', 'bankedIn', 'bankedOut', 'met', 'shortfall', 'penaltyDue'] as const;
export type Figure = (typeof FIGURES)[number];

export interface LedgerTotals {
  currency: string;
  on: string;
  lines: (LedgerLine & { converted: Record<Figure, Money>; rate: RateUsed | null })[];
  totals: Record<Figure, Money>;
}

/**
 * The lines with every figure converted to `currency` at the latest rate on
 * or before `on` (one rate per line's currency), and their totals. A line
 * whose currency has no rate is refused, naming it.
 */
export function ledgerIn(
  lines: readonly LedgerLine[],
  currency: string,
  on: string,
  rates: readonly ExchangeRate[],
): LedgerTotals {
  const issues: FieldIssue[] = [];
  const zero = () => Object.fromEntries(FIGURES.map((f) => [f, 0n])) as Record<Figure, bigint>;
  const totals = zero();
  const out: LedgerTotals['lines'] = [];
  lines.forEach((line, i) => {
    const rate = line.currency === currency ? null : findRate(rates, line.currency, currency, on);
    if (line.currency !== currency && !rate) {
      issues.push(issue(`lines.${i}`, 'field.no_rate', { from: line.currency, currency, date: on }));
      return;
    }
    const converted = {} as Record<Figure, Money>;
    for (const f of FIGURES) {
      const m = money(line[f], line.currency);
      converted[f] = rate ? convertMoney(m, currency, rate.rate) : m;
      totals[f] += converted[f].amount;
    }
    out.push({ ...line, converted, rate });
  });
  if (issues.length) throw problem('money.no_rate', { count: issues.length, currency, date: on }, issues);
  return {
    currency,
    on,
    lines: out,
    totals: Object.fromEntries(FIGURES.map((f) => [f, money(totals[f], currency)])) as Record<Figure, Money>,
  };
}

// The API's query and answer.

export const ledgerQuerySchema = z
  .strictObject({
    contract: idSchema.optional().describe("The programme whose contract's obligations to show"),
    party: partyCodeSchema.optional().describe('The obligations this party owes or is owed'),
    on: isoDateSchema.optional().describe('As of the end of this day; today by default'),
    currency: currencyCodeSchema
      .optional()
      .describe("The currency of every figure; by default the obligations' own, when they share one"),
  })
  .refine((q) => (q.contract === undefined) !== (q.party === undefined), refusing('offset.ledger_scope', ['contract']));
export type LedgerQuery = z.infer<typeof ledgerQuerySchema>;

const figuresSchema = z.object({
  obligation: moneyOutSchema.describe('What is owed'),
  granted: moneyOutSchema.describe('Credit granted by the day'),
  pending: moneyOutSchema.describe('Credit claimed, claimed or under review at the day'),
  bankedIn: moneyOutSchema.describe("Credit carried from the supplier's earlier obligations"),
  bankedOut: moneyOutSchema.describe('Credit beyond this obligation, carried to the next'),
  met: moneyOutSchema.describe('The part of the obligation discharged'),
  shortfall: moneyOutSchema.describe('What is still short'),
  penaltyDue: moneyOutSchema.describe('Penalty on the shortfall at the deadline, once it has passed'),
});

export const ledgerSchema = z
  .object({
    currency: z.string(),
    on: z.string(),
    lines: z.array(
      figuresSchema.extend({
        obligationId: z.string(),
        programmeId: z.string(),
        obligorParty: z.string(),
        beneficiaryParty: z.string(),
        deadline: z.string(),
        deadlinePassed: z.boolean(),
        own: figuresSchema.describe("The same figures in the obligation's own currency"),
        rate: rateUsedSchema.nullable(),
      }),
    ),
    totals: figuresSchema,
  })
  .describe('Offset ledger as of a day');
export type LedgerJson = z.infer<typeof ledgerSchema>;

export function presentLedger(l: LedgerTotals): LedgerJson {
  type Figures = Record<Figure, { amount: string; currency: string }>;
  const figures = (amountOf: (f: Figure) => bigint, currency: string) => {
    const out = {} as Figures;
    for (const f of FIGURES) out[f] = moneyJson({ amount: amountOf(f), currency });
    return out;
  };
  return {
    currency: l.currency,
    on: l.on,
    lines: l.lines.map((line) => ({
      obligationId: line.obligationId,
      programmeId: line.programmeId,
      obligorParty: line.obligorParty,
      beneficiaryParty: line.beneficiaryParty,
      deadline: line.deadline,
      deadlinePassed: line.deadlinePassed,
      ...figures((f) => line.converted[f].amount, l.currency),
      own: figures((f) => line[f], line.currency),
      rate: line.rate && rateJson(line.rate),
    })),
    totals: figures((f) => l.totals[f].amount, l.currency),
  };
}
