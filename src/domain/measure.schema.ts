import { z } from 'zod';

export const curveQuerySchema = z.strictObject({
  asOf: z.iso.date().optional().describe('The day the curve is seen from; default today'),
  granularity: z.enum(['month', 'week']).default('month'),
});

export const curveSchema = z
  .object({
    planId: z.string(),
    asOf: z.string(),
    granularity: z.enum(['month', 'week']),
    points: z.array(
      z.object({
        period: z.string().describe('Last day of the month or week'),
        planned: z.number().int().describe('Activities planned to be done by then, as known on asOf'),
        actual: z
          .number()
          .int()
          .nullable()
          .describe(
            'Activities conducted by the end of the period, or by asOf in the period that holds asOf, as known on asOf; null for a period that begins after asOf',
          ),
      }),
    ),
  })
  .describe('Planned versus actual over the plan period, replayed from history');

const actionItemCounts = z.object({
  total: z.number().int(),
  open: z.number().int(),
  overdue: z.number().int(),
  done: z.number().int(),
  closedOnTime: z.number().int().describe('Done no later than the due date'),
  dropped: z.number().int(),
});

export const actionItemSummarySchema = z
  .object({
    commissionId: z.string(),
    asOf: z.string(),
    total: actionItemCounts,
    byResponsibleParty: z.array(actionItemCounts.extend({ party: z.string() })),
  })
  .describe('Action items of a commission: closed on time, overdue, by responsible party');
