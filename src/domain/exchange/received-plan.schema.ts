import { z } from 'zod';
import { limitSchema } from '../common.schema.js';
import { partnerApprovalsQuery } from './approval.schema.js';
import { receivedRecordSchema } from './bundle-report.schema.js';

/** The language of the markings, the installation the plan came from, and the page of its activities. */
export const receivedPlanQuery = partnerApprovalsQuery.extend({
  cursor: z.string().max(2000).optional().describe('The `nextCursor` of the page before'),
  limit: limitSchema,
});

/** What the API answers about one partner's plan received here (docs/exchange.md §9). */
export const receivedPlanSchema = z
  .object({
    plan: receivedRecordSchema,
    activities: receivedRecordSchema.array().describe('a page of its activities the caller may read, by reference code, then id'),
    followUps: receivedRecordSchema
      .array()
      .describe('the follow-ups of those activities the caller may read, oldest first; their parentId is the activity'),
    nextCursor: z.string().nullable().describe('Pass as `cursor` to read the next page of activities; null at the end'),
  })
  .describe('A partner’s plan received here, read-only, with what came with it that the caller may read');
