import { z } from 'zod';
import { LANGUAGES, labelFields, recordMetaSchema } from './common.schema.js';
import { NAMED_IF_OWN_PARTY } from './user-naming.js';

export const FOLLOW_UP_KINDS = ['note', 'status_change', 'report'] as const;

export const followUpCreateSchema = z.strictObject({
  kind: z.enum(['note', 'report']).default('note'),
  body: z.string().trim().min(1).max(20_000),
  language: z.enum(LANGUAGES).default('fr'),
  classification: labelFields.classification.unwrap().optional().describe("Defaults to the activity's label"),
  releasableTo: labelFields.releasableTo.unwrap().optional(),
  compartments: labelFields.compartments.unwrap().optional(),
});
export type FollowUpCreate = z.infer<typeof followUpCreateSchema>;

export const followUpSchema = recordMetaSchema
  .extend({
    activityId: z.string(),
    kind: z.enum(FOLLOW_UP_KINDS),
    body: z.string(),
    language: z.enum(LANGUAGES),
    authorId: z.string().nullable().describe(`Who wrote it; ${NAMED_IF_OWN_PARTY}`),
    fromStatus: z.string().nullable(),
    toStatus: z.string().nullable(),
  })
  .describe('Follow-up entry');
export type FollowUp = z.infer<typeof followUpSchema>;
