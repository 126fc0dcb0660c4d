import { z } from 'zod';
import { receivedRecordSchema } from './bundle-report.schema.js';

/** What the API answers about one partner's plan received here (docs/exchange.md §9). */
export const receivedPlanSchema = z
  .object({
    plan: receivedRecordSchema,
    activities: receivedRecordSchema.array().describe('its activities the caller may read, by id'),
    followUps: receivedRecordSchema
      .array()
      .describe('the follow-ups of those activities the caller may read, oldest first; their parentId is the activity'),
  })
  .describe('A partner’s plan received here, read-only, with what came with it that the caller may read');
