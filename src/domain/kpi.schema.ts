import { z } from 'zod';

const bucket = z.object({
  key: z.string(),
  total: z.number().int().describe('Activities in the plan, cancelled excluded'),
  done: z.number().int().describe('Conducted or reported'),
  executionRate: z.number().nullable().describe('done / total; null when total is 0'),
});

export const kpiSchema = z
  .object({
    planId: z.string(),
    asOf: z.string(),
    staleAfterDays: z.number().int(),
    execution: bucket.omit({ key: true }).extend({ cancelled: z.number().int(), overdue: z.number().int() }),
    timeliness: z.object({
      conducted: z.number().int(),
      onTime: z.number().int().describe('Conducted no later than the end of the planned period'),
      onTimeRate: z.number().nullable(),
      averageSlipDays: z.number().nullable().describe('Mean days between the planned end and the actual start, late ones only'),
      postponements: z.number().int().describe('Postponements over all activities'),
    }),
    freshness: z.object({
      open: z.number().int(),
      stale: z.number().int().describe('Open activities with no follow-up for staleAfterDays'),
    }),
    byDomain: z.array(bucket),
    byLeadParty: z.array(bucket),
    byQuarter: z.array(bucket),
  })
  .describe('Measures of a plan, over the activities the reader may read');
export type Kpis = z.infer<typeof kpiSchema>;

export const kpiQuerySchema = z.strictObject({
  asOf: z.iso.date().optional(),
  staleAfterDays: z.coerce.number().int().min(1).max(3650).default(30),
});
