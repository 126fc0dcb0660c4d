import { z } from 'zod';
import { ACTIVITY_STATUSES } from './activity.lifecycle.js';
import { idSchema, localizedTextSchema } from './common.schema.js';
import { CLASSIFICATIONS } from './labels.js';
import { CARRY_REASONS } from './rollover.js';

export const rolloverQuerySchema = z.strictObject({
  year: z.coerce.number().int().min(1900).max(9999).describe('The year of the new plan; after the year the plan starts in'),
});

export const rolloverCreateSchema = z.strictObject({
  year: z.number().int().min(1900).max(9999).describe('The year of the new plan; after the year the plan starts in'),
  activityIds: z.array(idSchema).max(5000).default([]).describe('Proposed activities to carry; any may be left out'),
  objectiveIds: z.array(idSchema).max(1000).default([]).describe('Proposed objectives to carry'),
  indicatorIds: z.array(idSchema).max(5000).default([]).describe('Proposed indicators to carry, each with its objective'),
});
export type RolloverCreate = z.infer<typeof rolloverCreateSchema>;

const labelOut = {
  ownerParty: z.string(),
  classification: z.enum(CLASSIFICATIONS),
  releasableTo: z.array(z.string()),
  compartments: z.array(z.string()),
};
const periodOut = z.object({ start: z.string(), end: z.string(), precision: z.enum(['day', 'month', 'quarter']) });

export const rolloverProposalSchema = z
  .object({
    planId: z.string(),
    year: z.number().int(),
    years: z.number().int().describe('Years between the plans: every date is moved by as many'),
    periodStart: z.string(),
    periodEnd: z.string(),
    activities: z.array(
      z.object({
        id: z.string(),
        refCode: z.string(),
        title: localizedTextSchema(300),
        status: z.enum(ACTIVITY_STATUSES),
        recurring: z.boolean(),
        reason: z.enum(CARRY_REASONS),
        plannedPeriod: periodOut.describe('As it is in this plan'),
        carriedPeriod: periodOut.describe(
          'As it would be in the new plan: moved by `years`, at the same precision, within its period',
        ),
        writable: z.boolean().describe('The caller may write it: one that is not refuses the roll-over when chosen'),
        ...labelOut,
      }),
    ),
    objectives: z.array(
      z.object({
        id: z.string(),
        title: localizedTextSchema(300),
        activityIds: z.array(z.string()).describe('Proposed activities it is linked to'),
        writable: z.boolean(),
        ...labelOut,
      }),
    ),
    indicators: z.array(
      z.object({
        id: z.string(),
        objectiveId: z.string(),
        name: z.string(),
        unit: z.string(),
        baselineValue: z.number().describe('The last measurement, or the baseline when it has none'),
        baselineDate: z.string(),
        targetValue: z.number(),
        targetDate: z.string().describe('Moved by `years`'),
        writable: z.boolean(),
        ...labelOut,
      }),
    ),
  })
  .describe('What a roll-over would carry into next year’s draft, among what the caller may read');
export type RolloverProposal = z.infer<typeof rolloverProposalSchema>;

export const rolloverResultSchema = z
  .object({
    planId: z.string().describe('The new draft plan'),
    rolledFrom: z.string(),
    activities: z.array(z.object({ id: z.string(), carriedFrom: z.string() })),
    objectives: z.array(z.object({ id: z.string(), carriedFrom: z.string() })),
    indicators: z.array(z.object({ id: z.string(), carriedFrom: z.string() })),
  })
  .describe('The draft plan a roll-over created, and what it carried');
export type RolloverResult = z.infer<typeof rolloverResultSchema>;
