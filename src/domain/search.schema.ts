import { z } from 'zod';
import { limitSchema } from './common.schema.js';
import { labelSchema } from './labels.js';

export const searchQuerySchema = z.object({ q: z.string().trim().min(1).max(200), limit: limitSchema }).strict();

export const searchHitSchema = labelSchema.extend({
  kind: z.enum(['activity', 'follow_up']),
  id: z.string(),
  version: z.number().int(),
  activityId: z.string(),
  planId: z.string(),
  refCode: z.string(),
  title: z.record(z.string(), z.string()),
  snippet: z.string(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;
