/**
 * The record graph of one procurement programme, end to end: the need, the
 * offers, the evaluation, the selected offer with the industrial
 * participation it promised, the contract, the offset obligations, the
 * industrial projects, the credit claims, and the jobs and local content
 * reached (docs/industry.md, "The trace").
 *
 * The store gives only the nodes the reader may read (the read rule is in
 * every query); this module lays them out and measures them: what was
 * promised (the selected offer), obligated (the obligations) and achieved
 * (credit granted, jobs created, local content reached), in one currency,
 * each amount converted at the latest rate on or before the day, the rate
 * named. A node the reader may not read is absent and counts nowhere.
 */
import { z } from 'zod';
import { idSchema, type LocalizedText, limitSchema, listOf } from './common.schema.js';
import { PROJECT_STATUSES, type ProjectStatus } from './industrial-project.lifecycle.js';
import { PROJECT_KINDS, type ProjectKind } from './industrial-project.schema.js';
import { type Label, labelSchema, marking } from './labels.js';
import {
  currencyCodeSchema,
  type ExchangeRate,
  type Money,
  money,
  moneyJson,
  rateConverter,
  rateJson,
  rateUsedSchema,
  type TotalLine,
} from './money.js';
import { CLAIM_STATUSES, type ClaimStatus } from './offset.lifecycle.js';
import { applyBasisPoints, CREDIT_CATEGORIES, type CreditCategory } from './offset.schema.js';
import { isoDateSchema } from './period.js';
import { PROGRAMME_STATUSES, type ProgrammeStatus } from './programme.lifecycle.js';
import { moneyOutSchema } from './programme.schema.js';

export const traceQuerySchema = z.strictObject({
  currency: currencyCodeSchema
    .optional()
    .describe("The currency the measures are given in; the programme's budget currency by default"),
  on: isoDateSchema.optional().describe('As of the end of this day; today by default'),
});
export type TraceQuery = z.infer<typeof traceQuerySchema>;

export const traceClaimsQuerySchema = traceQuerySchema.omit({ currency: true }).extend({
  obligationId: idSchema.optional().describe("Only the claims against this obligation of the programme's"),
  projectId: idSchema.optional().describe('Only the claims made from this industrial project'),
  limit: limitSchema,
  cursor: z.string().max(500).optional().describe('The `nextCursor` of the page before'),
});
export type TraceClaimsQuery = z.input<typeof traceClaimsQuerySchema>;

// What the store reads, only what the reader may read.

export interface TraceOffer {
  id: string;
  supplierId: string;
  totalPrice: Money;
  /** Share of the value made in the buying party, in basis points (percent × 100). */
  localShareBp: bigint;
  jobs: number;
  sites: string[];
  technologyTransfer: string | null;
  withdrawn: boolean;
}

export interface TraceFacts {
  programme: {
    id: string;
    label: Label;
    title: LocalizedText;
    status: ProgrammeStatus;
    capabilityGap: string;
    quantity: number;
    requiredBy: string;
    budget: Money;
    selectedOfferId: string | null;
  };
  offers: TraceOffer[];
  /** Null when there is none or the reader may not read its own label. */
  evaluation: { id: string; label: Label; frozenAt: string | null } | null;
  contract: { offerId: string; value: Money; signedOn: string; reference: string | null } | null;
  obligations: {
    id: string;
    label: Label;
    title: LocalizedText;
    obligorParty: string;
    beneficiaryParty: string;
    amount: Money;
    requiredBp: bigint;
    arisesOn: string;
    deadline: string;
  }[];
  /**
   * The claims the reader may read that were made by the day, added up per obligation, project (null when from a
   * purchase, or from a project the reader may not read), status that day and currency: a trace stays one bounded
   * answer however many claims there are; the claims themselves are listed a page at a time (`TraceClaim`).
   */
  claimGroups: {
    obligationId: string;
    industrialProjectId: string | null;
    status: ClaimStatus;
    count: number;
    /** The claimed credit of the group's claims, in their currency. */
    claimed: Money;
    /** The credit granted to the group's claims (nought unless granted that day). */
    granted: Money;
  }[];
  /** The distinct labels of the claims added up, for the marking of the answer. */
  claimLabels: Label[];
  projects: {
    id: string;
    label: Label;
    title: LocalizedText;
    kind: ProjectKind;
    status: ProjectStatus;
    budget: Money;
    jobsPlanned: number;
    jobsCreated: number;
    localContentPlannedBp: number;
    localContentReachedBp: number;
    /** Linked to the programme (else it is reached only through a claim). */
    linked: boolean;
  }[];
}

/** The statuses of a claim claimed and not yet decided. */
const PENDING: ReadonlySet<ClaimStatus> = new Set(['claimed', 'under_review']);

const sum = (ms: readonly Money[], currency: string) =>
  money(
    ms.reduce((n, m) => n + m.amount, 0n),
    currency,
  );

/** The measures of a trace: promised, obligated, achieved, in `currency` as of `on`. */
export function measureTrace(facts: TraceFacts, currency: string, on: string, rates: readonly ExchangeRate[]) {
  const conv = rateConverter(currency, on, rates);
  const selected = facts.offers.find((o) => o.id === (facts.contract?.offerId ?? facts.programme.selectedOfferId)) ?? null;
  const promisedValue = selected
    ? conv.line(
        money(applyBasisPoints(selected.totalPrice.amount, selected.localShareBp), selected.totalPrice.currency),
        'promised',
      )
    : null;
  const obligations = facts.obligations
    .filter((o) => o.arisesOn <= on)
    .map((o) => ({ id: o.id, ...conv.line(o.amount, `obligations.${o.id}`) }));
  const claims = facts.claimGroups.map((g) => {
    const path = `claims.${g.obligationId}.${g.industrialProjectId ?? 'none'}.${g.status}`;
    return {
      ...g,
      claimedIn: conv.line(g.claimed, path).converted,
      grantedIn: g.status === 'granted' ? conv.line(g.granted, path).converted : money(0n, currency),
    };
  });
  const budgets = facts.projects.map((p) => ({ p, budget: conv.line(p.budget, `projects.${p.id}`) }));
  const rateList = conv.used();
  const totalBudget = budgets.reduce((n, b) => n + b.budget.converted.amount, 0n);
  // Local content over the projects, each weighted by its budget in the one currency: a large site counts for more.
  const weighted = (pick: (p: TraceFacts['projects'][number]) => number) =>
    totalBudget > 0n
      ? Number(budgets.reduce((n, b) => n + b.budget.converted.amount * BigInt(pick(b.p)), 0n) / totalBudget)
      : null;
  return {
    currency,
    on,
    promised: {
      offerId: selected?.id ?? null,
      value: promisedValue,
      localShareBp: selected ? Number(selected.localShareBp) : null,
      jobs: selected?.jobs ?? null,
    },
    obligated: {
      obligations: obligations.length,
      value: sum(
        obligations.map((o) => o.converted),
        currency,
      ),
      lines: obligations,
    },
    achieved: {
      claims: claims.reduce((n, g) => n + g.count, 0),
      granted: sum(
        claims.map((g) => g.grantedIn),
        currency,
      ),
      pending: sum(
        claims.flatMap((g) => (PENDING.has(g.status) ? [g.claimedIn] : [])),
        currency,
      ),
      projects: facts.projects.length,
      jobsPlanned: facts.projects.reduce((n, p) => n + p.jobsPlanned, 0),
      jobsCreated: facts.projects.reduce((n, p) => n + p.jobsCreated, 0),
      localContentPlannedBp: weighted((p) => p.localContentPlannedBp),
      localContentReachedBp: weighted((p) => p.localContentReachedBp),
      groups: claims,
    },
    rates: rateList,
  };
}
export type TraceMeasures = ReturnType<typeof measureTrace>;

// As the API answers it.

const nodeShape = {
  id: z.string(),
  label: labelSchema,
  marking: z.string().describe('The portion marking of the record, e.g. "CONFIDENTIAL REL TO MAR, ISR"'),
};
const node = (id: string, label: Label) => ({ id, label, marking: marking(label) });
const convertedSchema = z.object({
  money: moneyOutSchema.describe('In its own currency, exact'),
  converted: moneyOutSchema,
  rate: rateUsedSchema.nullable().describe('The rate used; null when already in the currency'),
});
const percentOut = z.string().describe('A percentage, two decimals');

const claimSummarySchema = z.object({
  count: z.number().describe('Claims made by the day'),
  claimed: moneyOutSchema.describe('Their claimed credit, converted and added'),
  granted: moneyOutSchema.describe('Credit granted by the day'),
  pending: moneyOutSchema.describe('Credit claimed and not yet decided that day'),
  // Each status named, so that the generated types know them all (CLAIM_STATUSES).
  byStatus: z
    .object({ claimed: z.number(), under_review: z.number(), granted: z.number(), refused: z.number() })
    .describe('How many are in each status that day'),
});

/** One credit claim of a trace, as listed a page at a time. */
export interface TraceClaim {
  id: string;
  label: Label;
  obligationId: string;
  /** Null when from a purchase, or from a project the reader may not read. */
  industrialProjectId: string | null;
  category: CreditCategory;
  claimedOn: string;
  status: ClaimStatus;
  claimedCredit: Money;
  grantedCredit: Money | null;
}

export const traceClaimSchema = z.object({
  ...nodeShape,
  obligationId: z.string(),
  industrialProjectId: z.string().nullable().describe('Null from a purchase or a project you may not read'),
  category: z.enum(CREDIT_CATEGORIES),
  claimedOn: z.string(),
  status: z.enum(CLAIM_STATUSES).describe('As of the day'),
  claimedCredit: moneyOutSchema,
  grantedCredit: moneyOutSchema.nullable().describe('Once granted by the day'),
});
export const traceClaimsSchema = listOf(traceClaimSchema).describe(
  "A programme's credit claims that you may read, made by the day, oldest claimed first",
);
export type TraceClaimsJson = z.infer<typeof traceClaimsSchema>;

export const traceClaimJson = (c: TraceClaim): z.infer<typeof traceClaimSchema> => ({
  ...node(c.id, c.label),
  obligationId: c.obligationId,
  industrialProjectId: c.industrialProjectId,
  category: c.category,
  claimedOn: c.claimedOn,
  status: c.status,
  claimedCredit: moneyJson(c.claimedCredit),
  grantedCredit: c.status === 'granted' && c.grantedCredit ? moneyJson(c.grantedCredit) : null,
});

export const programmeTraceSchema = z
  .object({
    on: z.string(),
    currency: z.string(),
    marking: z.string().describe('The highest marking of the nodes shown'),
    claimLabels: z
      .array(labelSchema)
      .describe('The distinct labels of the claims added up (of every claim you may read of the programme), for a marking'),
    programme: z.object({
      ...nodeShape,
      title: z.record(z.string(), z.string()),
      status: z.enum(PROGRAMME_STATUSES),
      need: z.object({
        capabilityGap: z.string(),
        quantity: z.number(),
        requiredBy: z.string(),
        budgetCeiling: moneyOutSchema,
      }),
    }),
    offers: z
      .array(
        z.object({
          id: z.string(),
          supplierId: z.string(),
          totalPrice: moneyOutSchema,
          selected: z.boolean(),
          contracted: z.boolean(),
          withdrawn: z.boolean(),
          industrialParticipation: z.object({
            localShare: percentOut,
            jobs: z.number(),
            sites: z.array(z.string()),
            technologyTransfer: z.string().nullable(),
          }),
        }),
      )
      .describe("The programme's offers (they carry its label)"),
    evaluation: z
      .object({ ...nodeShape, frozenAt: z.string().nullable() })
      .nullable()
      .describe('Null when there is none or you may not read it'),
    contract: z
      .object({ offerId: z.string(), value: moneyOutSchema, signedOn: z.string(), reference: z.string().nullable() })
      .nullable(),
    obligations: z.array(
      z.object({
        ...nodeShape,
        title: z.record(z.string(), z.string()),
        obligorParty: z.string(),
        beneficiaryParty: z.string(),
        amount: moneyOutSchema,
        requiredPercentage: percentOut,
        arisesOn: z.string(),
        deadline: z.string(),
        claims: claimSummarySchema.describe('Its claims that you may read, made by the day'),
        byProject: z
          .array(
            claimSummarySchema.extend({
              industrialProjectId: z
                .string()
                .nullable()
                .describe('Null: the claims from a purchase, or from a project you may not read'),
            }),
          )
          .describe("The same, per project claimed from; the claims themselves are listed by the trace's claims route"),
      }),
    ),
    projects: z
      .array(
        z.object({
          ...nodeShape,
          title: z.record(z.string(), z.string()),
          kind: z.enum(PROJECT_KINDS),
          status: z.enum(PROJECT_STATUSES),
          linked: z.boolean().describe('Linked to the programme; otherwise reached through a credit claim'),
          budget: moneyOutSchema,
          jobsPlanned: z.number(),
          jobsCreated: z.number(),
          localContentPlanned: percentOut,
          localContentReached: percentOut,
          claims: claimSummarySchema.describe(
            "The credit claims made from it, against the programme's obligations, that you may read",
          ),
        }),
      )
      .describe('Industrial projects linked to the programme or claimed from against its obligations'),
    measures: z.object({
      promised: z.object({
        offerId: z.string().nullable().describe('The contracted offer, else the selected one; null before selection'),
        value: convertedSchema.nullable().describe('Its total price × its local share: the value promised to be made locally'),
        localShare: percentOut.nullable(),
        jobs: z.number().nullable(),
      }),
      obligated: z.object({
        obligations: z.number(),
        value: moneyOutSchema.describe('The obligations arisen by the day, converted and added'),
        lines: z.array(convertedSchema.extend({ id: z.string() })),
      }),
      achieved: z.object({
        claims: z.number().describe('Claims made by the day'),
        granted: moneyOutSchema.describe('Credit granted by the day'),
        pending: moneyOutSchema.describe('Credit claimed and not yet decided that day'),
        projects: z.number(),
        jobsPlanned: z.number(),
        jobsCreated: z.number(),
        localContentPlanned: percentOut.nullable().describe("Over the projects, weighted by each one's budget"),
        localContentReached: percentOut.nullable(),
      }),
      rates: z.array(rateUsedSchema).describe('Every rate used, one per currency converted'),
    }),
  })
  .describe("A programme's record graph, from the need to the jobs and local content reached, as you may read it");
export type ProgrammeTraceJson = z.infer<typeof programmeTraceSchema>;

/** Basis points as a percentage with two decimals: 3334 is "33.34". */
export const bpPercent = (bp: number | bigint) => {
  const n = BigInt(bp);
  return `${n / 100n}.${(n % 100n).toString().padStart(2, '0')}`;
};

const convertedJson = (c: TotalLine) => ({
  money: moneyJson(c.money),
  converted: moneyJson(c.converted),
  rate: c.rate && rateJson(c.rate),
});

/** The trace as the API answers it; `highest` is the marking of the highest label among the nodes shown. */
export function presentTrace(facts: TraceFacts, m: TraceMeasures, highest: string): ProgrammeTraceJson {
  const p = facts.programme;
  const contractedId = facts.contract?.offerId ?? null;
  type Group = TraceMeasures['achieved']['groups'][number];
  const summary = (groups: readonly Group[]) => {
    const byStatus = Object.fromEntries(CLAIM_STATUSES.map((s) => [s, 0])) as Record<ClaimStatus, number>;
    for (const g of groups) byStatus[g.status] += g.count;
    return {
      count: groups.reduce((n, g) => n + g.count, 0),
      claimed: moneyJson(
        sum(
          groups.map((g) => g.claimedIn),
          m.currency,
        ),
      ),
      granted: moneyJson(
        sum(
          groups.map((g) => g.grantedIn),
          m.currency,
        ),
      ),
      pending: moneyJson(
        sum(
          groups.flatMap((g) => (PENDING.has(g.status) ? [g.claimedIn] : [])),
          m.currency,
        ),
      ),
      byStatus,
    };
  };
  const groupsOf = (key: (g: Group) => string | null) => {
    const out = new Map<string | null, Group[]>();
    for (const g of m.achieved.groups) {
      const k = key(g);
      const list = out.get(k);
      if (list) list.push(g);
      else out.set(k, [g]);
    }
    return out;
  };
  const ofObligation = groupsOf((g) => g.obligationId);
  const ofProject = groupsOf((g) => g.industrialProjectId);
  return {
    on: m.on,
    currency: m.currency,
    marking: highest,
    claimLabels: facts.claimLabels,
    programme: {
      ...node(p.id, p.label),
      title: p.title as Record<string, string>,
      status: p.status,
      need: {
        capabilityGap: p.capabilityGap,
        quantity: p.quantity,
        requiredBy: p.requiredBy,
        budgetCeiling: moneyJson(p.budget),
      },
    },
    offers: facts.offers.map((o) => ({
      id: o.id,
      supplierId: o.supplierId,
      totalPrice: moneyJson(o.totalPrice),
      selected: o.id === p.selectedOfferId,
      contracted: o.id === contractedId,
      withdrawn: o.withdrawn,
      industrialParticipation: {
        localShare: bpPercent(o.localShareBp),
        jobs: o.jobs,
        sites: o.sites,
        technologyTransfer: o.technologyTransfer,
      },
    })),
    evaluation: facts.evaluation && { ...node(facts.evaluation.id, facts.evaluation.label), frozenAt: facts.evaluation.frozenAt },
    contract: facts.contract && {
      offerId: facts.contract.offerId,
      value: moneyJson(facts.contract.value),
      signedOn: facts.contract.signedOn,
      reference: facts.contract.reference,
    },
    obligations: facts.obligations.map((o) => ({
      ...node(o.id, o.label),
      title: o.title as Record<string, string>,
      obligorParty: o.obligorParty,
      beneficiaryParty: o.beneficiaryParty,
      amount: moneyJson(o.amount),
      requiredPercentage: bpPercent(o.requiredBp),
      arisesOn: o.arisesOn,
      deadline: o.deadline,
      claims: summary(ofObligation.get(o.id) ?? []),
      byProject: [...groupsOf((g) => (g.obligationId === o.id ? (g.industrialProjectId ?? '') : null))]
        .flatMap(([k, groups]) => (k === null ? [] : [{ industrialProjectId: k || null, ...summary(groups) }]))
        .sort((a, b) => (a.industrialProjectId ?? '').localeCompare(b.industrialProjectId ?? '')),
    })),
    projects: facts.projects.map((pr) => ({
      ...node(pr.id, pr.label),
      title: pr.title as Record<string, string>,
      kind: pr.kind,
      status: pr.status,
      linked: pr.linked,
      budget: moneyJson(pr.budget),
      jobsPlanned: pr.jobsPlanned,
      jobsCreated: pr.jobsCreated,
      localContentPlanned: bpPercent(pr.localContentPlannedBp),
      localContentReached: bpPercent(pr.localContentReachedBp),
      claims: summary(ofProject.get(pr.id) ?? []),
    })),
    measures: {
      promised: {
        offerId: m.promised.offerId,
        value: m.promised.value && convertedJson(m.promised.value),
        localShare: m.promised.localShareBp === null ? null : bpPercent(m.promised.localShareBp),
        jobs: m.promised.jobs,
      },
      obligated: {
        obligations: m.obligated.obligations,
        value: moneyJson(m.obligated.value),
        lines: m.obligated.lines.map((l) => ({ id: l.id, ...convertedJson(l) })),
      },
      achieved: {
        claims: m.achieved.claims,
        granted: moneyJson(m.achieved.granted),
        pending: moneyJson(m.achieved.pending),
        projects: m.achieved.projects,
        jobsPlanned: m.achieved.jobsPlanned,
        jobsCreated: m.achieved.jobsCreated,
        localContentPlanned: m.achieved.localContentPlannedBp === null ? null : bpPercent(m.achieved.localContentPlannedBp),
        localContentReached: m.achieved.localContentReachedBp === null ? null : bpPercent(m.achieved.localContentReachedBp),
      },
      rates: m.rates.map(rateJson),
    },
  };
}
