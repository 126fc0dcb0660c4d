import { z } from 'zod';
import { idSchema, labelFields, localizedTextSchema, recordMetaSchema } from './common.schema.js';

export const objectiveCreateSchema = z
  .object({
    title: localizedTextSchema(300),
    description: localizedTextSchema(5000).optional(),
    activityIds: z.array(idSchema).max(1000).default([]).describe('Activities of the plan that serve this objective'),
    ...labelFields,
  })
  .strict();
export type ObjectiveCreate = z.infer<typeof objectiveCreateSchema>;

export const objectiveSchema = recordMetaSchema
  .extend({
    planId: z.string(),
    title: localizedTextSchema(300),
    description: z.record(z.string(), z.string()),
    activityIds: z.array(z.string()).describe('Linked activities the reader may read'),
  })
  .describe('Objective of a work plan');
export type Objective = z.infer<typeof objectiveSchema>;
