/**
 * Measures of procurement programmes as of a day, in one currency:
 * committed, paid and delivered by programme and by owner party, and the
 * milestones late. The store gives each counted programme's facts in their
 * own currencies (only programmes the reader may read, the read rule in the
 * query); this module converts and adds them, exactly.
 *
 * - committed: the contract's value as of the day (docs/programmes.md says
 *   which amendment counts);
 * - paid: the value of every payment milestone met on or before the day;
 * - delivered: the unit price of the contracted offer times the quantity
 *   accepted in deliveries made on or before the day;
 * - late: milestones due before the day and not met by it, of programmes not
 *   closed or cancelled by it.
 *
 * Conversion: each programme's figure is added exactly in each of its
 * currencies, then converted once per currency at the latest rate on or
 * before the day (findRate in money.ts), the product exact and rounded once,
 * half to even, to the target currency's minor unit. Party and overall totals
 * add the converted figures, so a total is exactly the sum of its lines. An
 * amount without a rate is refused, naming it.
 */
import { z } from 'zod';
import { idSchema, type LocalizedText, limitSchema } from './common.schema.js';
import { partyCodeSchema } from './labels.js';
import {
  addMoney,
  currencyCodeSchema,
  type ExchangeRate,
  type Money,
  money,
  moneyJson,
  type RateUsed,
  rateConverter,
  rateJson,
  rateUsedSchema,
} from './money.js';
import { daysBetween, isoDateSchema } from './period.js';
import { PROGRAMME_STATUSES, type ProgrammeStatus } from './programme.lifecycle.js';
import { MILESTONE_KINDS, MILESTONE_STATUSES, type MilestoneRecord, moneyOutSchema } from './programme.schema.js';

export const programmeMeasuresQuerySchema = z.strictObject({
  currency: currencyCodeSchema.describe('The currency every figure is given in'),
  on: isoDateSchema.optional().describe('As of the end of this day; today by default'),
  party: partyCodeSchema.optional().describe("Only this party's programmes"),
  commissionId: idSchema.optional().describe("Only this commission's programmes"),
  cursor: z.string().max(500).optional().describe('The `nextCursor` of the page before'),
  limit: limitSchema.describe('How many programmes a page lists (the totals cover them all)'),
});
export type ProgrammeMeasuresQuery = z.infer<typeof programmeMeasuresQuerySchema>;

export const programmeMeasureQuerySchema = programmeMeasuresQuerySchema.pick({ currency: true, on: true });

/** One page of the measured programmes, with the totals over all of them. */
export interface ProgrammeMeasuresPage extends ProgrammeMeasures {
  /** Where the next page starts after; null at the end. */
  nextCursor: string | null;
}

/** Which programme a measure is of. */
interface MeasuredProgramme {
  id: string;
  ownerParty: string;
  commissionId: string | null;
  title: LocalizedText;
  status: ProgrammeStatus;
  /** Null when no contract was signed by the day: the programme then measures zero. */
  signedOn: string | null;
}

/** What the store knows of one counted programme, in its own currencies. */
export interface ContractFacts extends MeasuredProgramme {
  /** The contract's value as of the day. */
  committed: Money | null;
  /** Each payment milestone met by the day. */
  payments: Money[];
  /** The contracted offer's unit price and the quantity accepted by the day. */
  delivery: { unitPrice: Money; accepted: number } | null;
  late: Pick<MilestoneRecord, 'id' | 'kind' | 'title' | 'dueDate' | 'status' | 'value'>[];
  /**
   * How many milestones are late, when `late` does not list them all (a
   * programme counted in the totals but not shown on the page asked for);
   * absent, those listed.
   */
  lateCount?: number;
}

const MEASURES = ['committed', 'paid', 'delivered'] as const;
type Measure = (typeof MEASURES)[number];

export interface MeasureLine {
  what: Measure;
  money: Money;
  converted: Money;
  rate: RateUsed | null;
}

export interface Figures {
  programmes: number;
  committed: Money;
  paid: Money;
  delivered: Money;
  lateMilestones: number;
}

export interface ProgrammeMeasure extends Figures, MeasuredProgramme {
  lines: MeasureLine[];
  late: (ContractFacts['late'][number] & { daysLate: number })[];
}

export interface ProgrammeMeasures {
  currency: string;
  on: string;
  totals: Figures;
  parties: (Figures & { party: string })[];
  programmes: ProgrammeMeasure[];
  rates: RateUsed[];
}

/** Adds amounts exactly, one sum per currency, in the order of the currency codes. */
function sumByCurrency(amounts: readonly Money[]): Money[] {
  const sums = new Map<string, bigint>();
  for (const m of amounts) sums.set(m.currency, (sums.get(m.currency) ?? 0n) + m.amount);
  return [...sums.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([c, amount]) => money(amount, c));
}

const zeroFigures = (currency: string): Figures => ({
  programmes: 0,
  committed: money(0n, currency),
  paid: money(0n, currency),
  delivered: money(0n, currency),
  lateMilestones: 0,
});

function addFigures(a: Figures, b: Figures): Figures {
  return {
    programmes: a.programmes + b.programmes,
    committed: addMoney(a.committed, b.committed),
    paid: addMoney(a.paid, b.paid),
    delivered: addMoney(a.delivered, b.delivered),
    lateMilestones: a.lateMilestones + b.lateMilestones,
  };
}

/**
 * The measures of the counted programmes as of `on`, in `currency`: per
 * programme (each line naming its rate; by owner party, then id), per owner
 * party, and overall.
 */
export function measureProgrammes(
  facts: readonly ContractFacts[],
  currency: string,
  on: string,
  rates: readonly ExchangeRate[],
): ProgrammeMeasures {
  const conv = rateConverter(currency, on, rates);
  const ordered = [...facts].sort((a, b) =>
    a.ownerParty === b.ownerParty ? (a.id < b.id ? -1 : 1) : a.ownerParty < b.ownerParty ? -1 : 1,
  );
  const programmes = ordered.map((f): ProgrammeMeasure => {
    const amounts: [Measure, Money][] = [
      ...(f.committed ? [['committed', f.committed] as [Measure, Money]] : []),
      ...sumByCurrency(f.payments).map((m): [Measure, Money] => ['paid', m]),
      ...(f.delivery && f.delivery.accepted > 0
        ? [
            ['delivered', money(f.delivery.unitPrice.amount * BigInt(f.delivery.accepted), f.delivery.unitPrice.currency)] as [
              Measure,
              Money,
            ],
          ]
        : []),
    ];
    const lines: MeasureLine[] = [];
    const figures = { ...zeroFigures(currency), programmes: f.signedOn ? 1 : 0, lateMilestones: f.lateCount ?? f.late.length };
    for (const [what, m] of amounts) {
      const c = conv.convert(m, `programmes.${f.id}.${what}`);
      if (!c) continue;
      lines.push({ what, money: m, ...c });
      figures[what] = addMoney(figures[what], c.converted);
    }
    const { committed: _c, payments: _p, delivery: _d, late: _l, lateCount: _n, ...which } = f;
    return {
      ...which,
      ...figures,
      lines,
      late: f.late.map((m) => ({ ...m, daysLate: daysBetween(m.dueDate, on) })),
    };
  });
  const used = conv.used();
  const byParty = new Map<string, Figures>();
  for (const p of programmes) byParty.set(p.ownerParty, addFigures(byParty.get(p.ownerParty) ?? zeroFigures(currency), p));
  const parties = [...byParty.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([party, f]) => ({ party, ...f }));
  const totals = parties.reduce<Figures>((sum, p) => addFigures(sum, p), zeroFigures(currency));
  return { currency, on, totals, parties, programmes, rates: used };
}

// As the API answers it: money as decimal strings.

const figuresShape = {
  programmes: z.number().describe('Programmes counted: contracted by the day'),
  committed: moneyOutSchema.describe("Contracts' values as of the day"),
  paid: moneyOutSchema.describe('Payment milestones met by the day'),
  delivered: moneyOutSchema.describe("Quantity accepted by the day times the contracted offer's unit price"),
  lateMilestones: z.number().describe('Milestones due before the day and not met by it'),
};

export const programmeMeasureSchema = z
  .object({
    id: z.string(),
    ownerParty: z.string(),
    commissionId: z.string().nullable(),
    title: z.record(z.string(), z.string()),
    status: z.enum(PROGRAMME_STATUSES),
    signedOn: z.string().nullable().describe('When the contract was signed; null if not by the day'),
    ...figuresShape,
    lines: z
      .array(
        z.object({
          what: z.enum(MEASURES),
          money: moneyOutSchema.describe('The figure in its own currency, exact'),
          converted: moneyOutSchema,
          rate: rateUsedSchema.nullable().describe('The rate used; null when already in the currency'),
        }),
      )
      .describe('Each figure in its own currency and converted, naming the rate'),
    late: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(MILESTONE_KINDS),
        title: z.string(),
        dueDate: z.string(),
        status: z.enum(MILESTONE_STATUSES),
        value: moneyOutSchema,
        daysLate: z.number(),
      }),
    ),
  })
  .describe("A programme's measures as of a day, in one currency");
export type ProgrammeMeasureJson = z.infer<typeof programmeMeasureSchema>;

export const programmeMeasuresSchema = z
  .object({
    currency: z.string(),
    on: z.string(),
    totals: z.object(figuresShape),
    parties: z.array(z.object({ party: z.string(), ...figuresShape })).describe('By owner party'),
    programmes: z
      .array(programmeMeasureSchema)
      .describe('One page of the programmes counted, by owner party, then id; `totals` and `parties` cover them all'),
    rates: z.array(rateUsedSchema).describe('Every rate used, one per currency converted, over all the programmes counted'),
    nextCursor: z.string().nullable().describe('Pass as `cursor` to read the next page of programmes; null at the end'),
  })
  .describe('Committed, paid and delivered, and milestones late, of the programmes you may read, as of a day');
export type ProgrammeMeasuresJson = z.infer<typeof programmeMeasuresSchema>;

const figuresJson = (f: Figures) => ({
  programmes: f.programmes,
  committed: moneyJson(f.committed),
  paid: moneyJson(f.paid),
  delivered: moneyJson(f.delivered),
  lateMilestones: f.lateMilestones,
});

export const presentProgrammeMeasure = (p: ProgrammeMeasure): ProgrammeMeasureJson => ({
  id: p.id,
  ownerParty: p.ownerParty,
  commissionId: p.commissionId,
  title: p.title as Record<string, string>,
  status: p.status,
  signedOn: p.signedOn,
  ...figuresJson(p),
  lines: p.lines.map((l) => ({
    what: l.what,
    money: moneyJson(l.money),
    converted: moneyJson(l.converted),
    rate: l.rate && rateJson(l.rate),
  })),
  late: p.late.map((m) => ({ ...m, value: moneyJson(m.value) })),
});

/** Without `nextCursor`, every programme is listed. */
export const presentProgrammeMeasures = (
  m: ProgrammeMeasures & Partial<Pick<ProgrammeMeasuresPage, 'nextCursor'>>,
): ProgrammeMeasuresJson => ({
  currency: m.currency,
  on: m.on,
  totals: figuresJson(m.totals),
  parties: m.parties.map((p) => ({ party: p.party, ...figuresJson(p) })),
  programmes: m.programmes.map(presentProgrammeMeasure),
  rates: m.rates.map(rateJson),
  nextCursor: m.nextCursor ?? null,
});
