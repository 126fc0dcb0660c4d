import { z } from 'zod';
import { idSchema, LANGUAGES, labelFields, labelledPatchSchema, localizedTextSchema, recordMetaSchema } from './common.schema.js';

export const objectiveCreateSchema = z.strictObject({
  title: localizedTextSchema(300),
  description: localizedTextSchema(5000).optional(),
  activityIds: z.array(idSchema).max(1000).default([]).describe('Activities of the plan that serve this objective'),
  ...labelFields,
});
export type ObjectiveCreate = z.infer<typeof objectiveCreateSchema>;

/** Any subset of an objective's fields, with the version the change was based on. */
export const objectivePatchSchema = labelledPatchSchema({
  title: localizedTextSchema(300),
  // Unlike the title, a description may be emptied: {} clears it.
  description: z
    .strictObject(Object.fromEntries(LANGUAGES.map((l) => [l, z.string().trim().min(1).max(5000).optional()])))
    .describe('Text by language (fr, en, ar, he); {} clears it'),
  activityIds: z
    .array(idSchema)
    .max(1000)
    .describe(
      'The activities of the plan that serve this objective, as the writer sees them: links to activities the writer may not read are kept',
    ),
});
export type ObjectivePatch = z.infer<typeof objectivePatchSchema>;

export const objectiveSchema = recordMetaSchema
  .extend({
    planId: z.string(),
    title: localizedTextSchema(300),
    description: z.record(z.string(), z.string()),
    activityIds: z.array(z.string()).describe('Linked activities the reader may read'),
  })
  .describe('Objective of a work plan');
export type Objective = z.infer<typeof objectiveSchema>;
