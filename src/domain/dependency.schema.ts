import { z } from 'zod';
import { idSchema, timestampSchema, versionSchema } from './common.schema.js';
import { NAMED_IF_OWN_PARTY } from './user-naming.js';

/** The kinds of dependency between activities; finish-to-start alone for now. */
export const DEPENDENCY_TYPES = ['finish_to_start'] as const;
export type DependencyType = (typeof DEPENDENCY_TYPES)[number];

/** The most days a lag may add, or take away when negative (a lead). */
export const MAX_LAG_DAYS = 365;

export const lagDaysSchema = z
  .number()
  .int()
  .min(-MAX_LAG_DAYS)
  .max(MAX_LAG_DAYS)
  .describe('Days after the predecessor ends before the successor may start; negative for a lead');

/**
 * A dependency between two activities of one plan. It has no label of its own: it is readable by those who may
 * read both activities, and by nobody else.
 */
export const dependencySchema = z
  .object({
    id: idSchema,
    planId: idSchema,
    predecessorId: idSchema,
    successorId: idSchema,
    type: z.enum(DEPENDENCY_TYPES),
    lagDays: z.number().int(),
    violated: z
      .boolean()
      .describe(
        'Whether the successor starts too early, whatever the days within periods given by month or quarter (docs/dependencies.md)',
      ),
    createdBy: z.string().nullable().describe(`Who made it; ${NAMED_IF_OWN_PARTY}`),
    createdAt: timestampSchema,
    version: versionSchema,
  })
  .describe('Dependency between two activities');
export type Dependency = z.infer<typeof dependencySchema>;

export const dependencyCreateSchema = z.strictObject({
  predecessorId: idSchema,
  successorId: idSchema,
  type: z.enum(DEPENDENCY_TYPES).default('finish_to_start'),
  lagDays: lagDaysSchema.default(0),
});
export type DependencyCreate = z.infer<typeof dependencyCreateSchema>;

export const dependencyListSchema = z.object({
  items: z.array(dependencySchema),
  count: z.number().int().describe('How many dependencies of the plan the reader may read'),
});
export type DependencyList = z.infer<typeof dependencyListSchema>;
