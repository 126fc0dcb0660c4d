import { addMonths, endOfMonth, endOfQuarter, format, parseISO, startOfMonth, startOfQuarter } from 'date-fns';
import { z } from 'zod';
import { ACTIVITY_STATUSES } from './activity.lifecycle.js';
import { activityListQuerySchema } from './activity.schema.js';
import { idSchema, labelFieldsGiven } from './common.schema.js';
import type { PlannedPeriod } from './period.js';
import { refusing } from './problems.js';

/** The most activities one bulk edit changes, given by ids or matched by a filter. */
export const BULK_EDIT_MAX = 1000;

/**
 * Which activities a bulk edit changes: the ids the writer chose, or every
 * activity of the plan the writer may read that matches the table's filters
 * ("select all matching"), which the server resolves under the read rule.
 */
const selectionSchema = z.union([
  z.strictObject({
    ids: z
      .array(idSchema)
      .min(1)
      .max(10 * BULK_EDIT_MAX)
      .describe(`Over ${BULK_EDIT_MAX} answers 422`),
  }),
  z.strictObject({
    filter: activityListQuerySchema.pick({ status: true, domain: true, leadParty: true, q: true, attention: true }).strict(),
  }),
]);

const reasonSchema = z.string().trim().max(2000);

/** What a bulk edit does to each activity: one lifecycle step, a new lead organisation, a new marking, or a postponement. */
export const activityBulkActionSchema = z.discriminatedUnion('kind', [
  z
    .strictObject({
      kind: z.literal('transition'),
      to: z.enum(ACTIVITY_STATUSES),
      reason: reasonSchema.optional(),
    })
    .describe('One lifecycle step, to the same status for each; cancelling needs the reason'),
  z
    .strictObject({ kind: z.literal('reassign'), leadOrganisationId: idSchema.nullable() })
    .describe('A new lead organisation, or none'),
  z
    .strictObject({
      kind: z.literal('relabel'),
      classification: labelFieldsGiven.classification.optional(),
      releasableTo: labelFieldsGiven.releasableTo.optional(),
      compartments: labelFieldsGiven.compartments.optional(),
    })
    .refine(
      (a) => a.classification !== undefined || a.releasableTo !== undefined || a.compartments !== undefined,
      refusing('activity.bulk_relabel_empty', ['classification']),
    )
    .describe('A new marking, the parts not given kept; never above what the writer may read'),
  z
    .strictObject({
      kind: z.literal('postpone'),
      reason: reasonSchema.min(1),
      months: z.number().int().min(1).max(24),
    })
    .describe('Postpones each by whole months (see postponedPeriod), with one reason'),
]);
export type ActivityBulkAction = z.infer<typeof activityBulkActionSchema>;

export const activityBulkEditSchema = z
  .strictObject({ selection: selectionSchema, action: activityBulkActionSchema })
  .describe(`A change of many activities of a plan at once, at most ${BULK_EDIT_MAX}`);
export type ActivityBulkEdit = z.infer<typeof activityBulkEditSchema>;

export const activityBulkResultSchema = z.discriminatedUnion('outcome', [
  z.object({ id: z.string(), outcome: z.literal('applied'), version: z.number().int() }),
  z.object({
    id: z.string(),
    outcome: z.literal('refused'),
    code: z.string().describe('The problem code the same single edit would answer'),
    params: z.record(z.string(), z.union([z.string(), z.number()])),
  }),
]);
export const activityBulkReportSchema = z
  .object({
    applied: z.number().int(),
    refused: z.number().int(),
    results: z.array(activityBulkResultSchema).describe('One per activity, in the order given (by reference code for a filter)'),
  })
  .describe('What a bulk edit applied and what it refused, and why');
export type ActivityBulkReport = z.infer<typeof activityBulkReportSchema>;
export type ActivityBulkResult = z.infer<typeof activityBulkResultSchema>;

const day = (d: Date) => format(d, 'yyyy-MM-dd');

/**
 * The period a bulk postponement by `months` gives: a span of days moves by
 * that many months and keeps its length in days; a month becomes the month
 * that many later; a quarter becomes the quarter its start reaches, and at
 * least the next one.
 */
export function postponedPeriod(p: PlannedPeriod, months: number): PlannedPeriod {
  const start = parseISO(p.start);
  if (p.precision === 'month') {
    const s = startOfMonth(addMonths(start, months));
    return { start: day(s), end: day(endOfMonth(s)), precision: 'month' };
  }
  if (p.precision === 'quarter') {
    let s = startOfQuarter(addMonths(start, months));
    if (day(s) <= p.start) s = addMonths(s, 3);
    return { start: day(s), end: day(endOfQuarter(s)), precision: 'quarter' };
  }
  const s = addMonths(start, months);
  const length = Math.round((Date.parse(p.end) - Date.parse(p.start)) / 86_400_000);
  return { start: day(s), end: day(new Date(s.getTime() + length * 86_400_000)), precision: 'day' };
}
