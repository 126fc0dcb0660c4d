import { z } from 'zod';
import { idSchema, labelFields, localizedTextSchema, recordMetaSchema, versionSchema } from './common.schema.js';
import { isoDateSchema, planPeriodProblem } from './period.js';
import { PLAN_STATUSES } from './plan.lifecycle.js';
import { refinement } from './problems.js';
import { NAMED_IF_OWN_PARTY } from './user-naming.js';

export const planCreateSchema = z
  .strictObject({
    commissionId: idSchema,
    sessionId: idSchema.nullable().default(null).describe('The session that adopts the plan'),
    title: localizedTextSchema(300),
    periodStart: isoDateSchema,
    periodEnd: isoDateSchema,
    sourceId: idSchema.nullable().default(null),
    ...labelFields,
  })
  .superRefine((p, ctx) => {
    const problem = planPeriodProblem(p.periodStart, p.periodEnd);
    if (problem) ctx.addIssue(refinement(problem));
  });
export type PlanCreate = z.infer<typeof planCreateSchema>;

export const planPatchSchema = z.strictObject({
  title: localizedTextSchema(300).optional(),
  periodStart: isoDateSchema.optional(),
  periodEnd: isoDateSchema.optional(),
  sessionId: idSchema.nullable().optional(),
  sourceId: idSchema.nullable().optional(),
  classification: labelFields.classification.unwrap().optional(),
  releasableTo: labelFields.releasableTo.unwrap().optional(),
  compartments: labelFields.compartments.unwrap().optional(),
  version: versionSchema.optional(),
});
export type PlanPatch = z.infer<typeof planPatchSchema>;

export const approvalSchema = z.object({
  party: z.string(),
  userId: z.string().nullable().describe(`Who approved for the party; ${NAMED_IF_OWN_PARTY}`),
  at: z.string(),
});

export const planSchema = recordMetaSchema
  .extend({
    commissionId: z.string(),
    sessionId: z.string().nullable(),
    title: localizedTextSchema(300),
    periodStart: z.string(),
    periodEnd: z.string(),
    status: z.enum(PLAN_STATUSES),
    approvals: z.array(approvalSchema),
    sourceId: z.string().nullable(),
    closedAt: z.string().nullable().describe('When every party agreed to close the plan'),
    reopenUntil: z.string().nullable().describe('Until when every party may agree to reopen the closed plan'),
  })
  .describe('Work plan');
export type WorkPlan = z.infer<typeof planSchema>;

export const planTransitionSchema = z.strictObject({
  to: z.enum(PLAN_STATUSES),
  reason: z.string().trim().max(2000).optional(),
  version: versionSchema.optional(),
});
