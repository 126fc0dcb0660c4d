import { z } from 'zod';
import { versionSchema } from './common.schema.js';
import { approvalSchema } from './plan.schema.js';
import { NAMED_IF_OWN_PARTY } from './user-naming.js';

export const REVISION_STATUSES = ['open', 'proposed', 'approved'] as const;
export type RevisionStatus = (typeof REVISION_STATUSES)[number];

export const amendmentCreateSchema = z.strictObject({ reason: z.string().trim().min(1).max(2000) });

export const revisionTransitionSchema = z
  .strictObject({ to: z.enum(['proposed', 'approved']), version: versionSchema.optional() })
  .describe('proposed freezes the amended content; approved records the approval of the caller’s party');

export const revisionSchema = z
  .object({
    planId: z.string(),
    number: z.number().int().describe('0 is the baseline'),
    status: z.enum(REVISION_STATUSES),
    reason: z.string().nullable(),
    contentHash: z.string().nullable().describe('SHA-256 of the frozen content'),
    openedBy: z
      .string()
      .nullable()
      .describe(`Who opened it (for the baseline, whose approval adopted the plan); ${NAMED_IF_OWN_PARTY}`),
    openedAt: z.string(),
    approvedAt: z.string().nullable(),
    approvals: z.array(approvalSchema),
  })
  .describe('Baseline (number 0) or amendment of a plan');
export type Revision = z.infer<typeof revisionSchema>;

const fieldChange = z.object({ field: z.string(), from: z.unknown(), to: z.unknown() });

export const planDiffSchema = z
  .object({
    from: z.union([z.number().int(), z.literal('current')]),
    to: z.union([z.number().int(), z.literal('current')]),
    plan: z.array(fieldChange),
    added: z.array(z.string()).describe('Reference codes'),
    removed: z.array(z.string()),
    changed: z.array(z.object({ refCode: z.string(), changes: z.array(fieldChange) })),
  })
  .describe('What changed between two revisions of a plan, as far as the reader may read');

const revisionRef = z.union([z.literal('current'), z.coerce.number().int().min(0)]);
export const planDiffQuerySchema = z.strictObject({ from: revisionRef.default(0), to: revisionRef.default('current') });
