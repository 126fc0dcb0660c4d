import { z } from 'zod';
import { LANGUAGES, recordMetaSchema } from './common.schema.js';
import { followUpCreateSchema } from './follow-up.schema.js';
import { NAMED_IF_OWN_PARTY } from './user-naming.js';

/**
 * Follow-ups of an industrial project, as activities take them: a note or a
 * report, a labelled record of its own (owned by its writer's party, labelled
 * like the project unless said otherwise, always released to the project's
 * owner), read by who may read it and its project.
 */
export const projectFollowUpCreateSchema = followUpCreateSchema;
export type ProjectFollowUpCreate = z.infer<typeof projectFollowUpCreateSchema>;

export const projectFollowUpSchema = recordMetaSchema
  .extend({
    projectId: z.string(),
    kind: z.enum(['note', 'report']),
    body: z.string(),
    language: z.enum(LANGUAGES),
    authorId: z.string().nullable().describe(`Who wrote it; ${NAMED_IF_OWN_PARTY}`),
  })
  .describe('Follow-up entry of an industrial project');
export type ProjectFollowUp = z.infer<typeof projectFollowUpSchema>;
