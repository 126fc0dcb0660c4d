import { z } from 'zod';
import { ACTIVITY_STATUSES } from './activity.lifecycle.js';
import { idSchema, localizedTextSchema, versionSchema } from './common.schema.js';
import { labelSchema } from './labels.js';
import { PLAN_STATUSES } from './plan.lifecycle.js';
import { approvalSchema } from './plan.schema.js';
import { DECISION_KINDS, DISPOSITIONS, JOINT_KINDS } from './plan-close.js';
import { NAMED_IF_OWN_PARTY } from './user-naming.js';

const comment = z.string().trim().max(2000);

export const dispositionSchema = z.strictObject({
  activityId: idSchema,
  disposition: z.enum(DISPOSITIONS).describe('carry to the successor plan, cancel with a reason, or block the close'),
  reason: z.string().trim().max(2000).nullable().optional().describe('Required to cancel: the reason the activity is cancelled'),
});

export const planCloseProposalSchema = z
  .strictObject({
    dispositions: z.array(dispositionSchema).max(5000).describe('One per open activity the proposer can read'),
    successorPlanId: idSchema
      .nullable()
      .optional()
      .describe('A plan of the same commission in draft or proposed, for carried activities'),
    comment: comment.optional(),
    version: versionSchema.optional(),
  })
  .describe('Proposal to close a plan in execution');
export type PlanCloseProposal = z.infer<typeof planCloseProposalSchema>;

export const planReopenProposalSchema = z
  .strictObject({ comment: comment.optional(), version: versionSchema.optional() })
  .describe('Proposal to reopen a closed plan');
export type PlanReopenProposal = z.infer<typeof planReopenProposalSchema>;

export const jointDecisionSchema = z
  .strictObject({
    decision: z.enum(['agree', 'refuse']),
    comment: comment.optional().describe('Required to refuse'),
    dispositions: z
      .array(dispositionSchema)
      .max(5000)
      .optional()
      .describe('To agree to a close: dispositions of the open activities the caller reads that the proposal has none for'),
    successorPlanId: idSchema.nullable().optional(),
    version: versionSchema.optional(),
  })
  .describe('A party agrees to the proposed close or reopening, or refuses it with a comment');
export type JointDecisionInput = z.infer<typeof jointDecisionSchema>;

export const approvalDecisionSchema = z
  .strictObject({
    decision: z.enum(['refuse', 'return']),
    comment: comment.describe('Why: the drafting party reads it on the plan page'),
    version: versionSchema.optional(),
  })
  .describe('A party refuses the proposed plan (it stays proposed) or returns it to draft, saying why');
export type ApprovalDecisionInput = z.infer<typeof approvalDecisionSchema>;

export const planDecisionsSchema = z
  .object({
    planId: z.string(),
    status: z.enum(PLAN_STATUSES),
    periodEnd: z.string(),
    closedAt: z.string().nullable(),
    reopenUntil: z.string().nullable().describe('Until when every party may agree to reopen the closed plan'),
    parties: z.array(z.string()),
    proposal: z
      .object({
        kind: z.enum(JOINT_KINDS),
        party: z.string(),
        userId: z.string().nullable().describe(`Who proposed it for the party; ${NAMED_IF_OWN_PARTY}`),
        at: z.string(),
        comment: z.string().nullable(),
        successorPlan: z.object({ id: z.string(), title: localizedTextSchema(300) }).nullable(),
        agreements: z.array(approvalSchema),
        lapsed: z.boolean().describe('A reopening whose time has passed: nobody may agree to it any more; a refusal clears it'),
        dispositions: z
          .array(
            z.object({
              activityId: z.string(),
              refCode: z.string(),
              disposition: z.enum(DISPOSITIONS),
              reason: z.string().nullable(),
            }),
          )
          .describe('Only those of activities the caller may read'),
      })
      .nullable(),
    decisions: z.array(
      z.object({
        id: z.number().int(),
        kind: z.enum(DECISION_KINDS),
        party: z.string(),
        userId: z.string().nullable().describe(`Who decided for the party; ${NAMED_IF_OWN_PARTY}`),
        displayName: z.string().nullable().describe(`Their name; ${NAMED_IF_OWN_PARTY}`),
        at: z.string(),
        comment: z.string().nullable(),
      }),
    ),
    openActivities: z
      .array(
        labelSchema.extend({
          id: z.string(),
          refCode: z.string(),
          title: localizedTextSchema(300),
          status: z.enum(ACTIVITY_STATUSES),
          plannedEnd: z.string(),
        }),
      )
      .describe('Open activities of the plan the caller may read, each with its label'),
    successorPlans: z.array(
      z.object({
        id: z.string(),
        title: localizedTextSchema(300),
        status: z.enum(PLAN_STATUSES),
        periodStart: z.string(),
        periodEnd: z.string(),
      }),
    ),
    carried: z
      .array(
        z.object({
          activityId: z.string(),
          refCode: z.string(),
          copyId: z.string().nullable().describe('The copy in the successor plan; null when the caller may not read it'),
          successorPlan: z
            .object({ id: z.string(), title: localizedTextSchema(300) })
            .nullable()
            .describe('Where the activity was carried; null when the caller may not read that plan'),
          at: z.string(),
        }),
      )
      .describe('Activities of the plan carried to a successor at its close, those the caller may read'),
  })
  .describe('Joint decisions on a plan: the proposal awaiting agreement and every decision taken, with comments');
export type PlanDecisions = z.infer<typeof planDecisionsSchema>;
