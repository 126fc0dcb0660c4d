/**
 * Fields that programmes and industrial projects write and answer alike: amounts kept in 64-bit
 * columns, short texts and counts, money as the API answers it, a move through a lifecycle, and the
 * fields every labelled record shows.
 */
import { z } from 'zod';
import type { Label } from './labels.js';
import { moneySchema } from './money.js';
import { refusing } from './problems.js';
import { NAMED_IF_OWN_PARTY } from './user-naming.js';

/** The largest amount a 64-bit column holds, in minor units. */
export const MAX_MINOR_UNITS = 2n ** 63n - 1n;

/**
 * An amount a record keeps: not negative, and small enough for the
 * 64-bit integer columns of both databases (19 digits in minor units).
 */
export const amountSchema = moneySchema.refine(
  (m) => m.amount >= 0n && m.amount <= MAX_MINOR_UNITS,
  refusing('field.amount_range', ['amount'], { max: MAX_MINOR_UNITS.toString() }),
);

/** A text of one line or more, trimmed, of at most `max` characters. */
export const text = (max: number) => z.string().trim().min(1).max(max);

/** A number of things: a whole number from 0 to a billion. */
export const count = z.number().int().min(0).max(1_000_000_000);

/** Money as the API answers it: the amount a decimal string with the currency's decimals. */
export const moneyOutSchema = z
  .object({
    amount: z.string().describe("Decimal string with exactly the currency's decimals"),
    currency: z.string().describe('ISO 4217 currency code'),
  })
  .describe('An amount and its currency');

/** One move of a record from a status to another (none when it was created): when, why, and by whom. */
export interface StatusEvent<Status extends string> {
  at: string;
  from: Status | null;
  to: Status;
  reason: string | null;
  party: string;
  /** Null when the answer's reader is of another party than `party`. */
  userId: string | null;
}

/** A `StatusEvent` as the API answers it, for the statuses of one lifecycle. */
export const statusEventSchema = <const Statuses extends readonly [string, ...string[]]>(statuses: Statuses) =>
  z.object({
    at: z.string(),
    from: z.enum(statuses).nullable(),
    to: z.enum(statuses),
    reason: z.string().nullable(),
    party: z.string().describe('The party of whoever moved it'),
    userId: z.string().nullable().describe(`Who moved it; ${NAMED_IF_OWN_PARTY}`),
  });

/** What the store gives of every labelled record, as `recordMetaSchema` answers it. */
export interface RecordHead {
  id: string;
  version: number;
  label: Label;
  createdAt: string;
  updatedAt: string;
}

/** The fields of `recordMetaSchema`, from the record's head. */
export const presentRecordMeta = (h: RecordHead) => ({
  id: h.id,
  version: h.version,
  ...h.label,
  createdAt: h.createdAt,
  updatedAt: h.updatedAt,
});
