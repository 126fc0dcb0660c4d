import { z } from 'zod';
import { versionSchema } from '../common.schema.js';

/** What the API takes and answers about approvals of plans across the exchange (docs/exchange.md). */

export const partnerApprovalInput = z.strictObject({
  version: versionSchema.optional().describe('the version of the received plan read (or an If-Match header); required'),
});

export const partnerApprovalSchema = z
  .object({
    id: z.string(),
    planId: z.string(),
    planVersion: z.number().int().describe('the version of the plan’s copy approved'),
    originator: z.string().describe('the installation the plan came from'),
    party: z.string(),
    at: z.string(),
  })
  .describe('This party’s approval of a partner’s plan received here; it travels back to the plan’s originator alone');

/** The installation a received plan came from: with its id, the key of the copy, which the id alone may not be. */
const fromSchema = z
  .string()
  .min(1)
  .max(200)
  .optional()
  .describe(
    'the installation the plan was received from (`originator.installation`); without it, an id received from several installations the caller may read answers 409 (exchange.plan_ambiguous)',
  );

export const partnerApprovalsQuery = z.strictObject({ lang: z.enum(['fr', 'en', 'ar', 'he']).default('en'), from: fromSchema });

export const partnerApprovalQuery = z.strictObject({ from: fromSchema });

export const planPartnerApprovalsSchema = z
  .object({
    planId: z.string(),
    received: z.boolean().describe('true for a partner’s plan received here (a read-only copy)'),
    originator: z
      .object({ installation: z.string(), party: z.string() })
      .nullable()
      .describe('where the plan came from; null for a plan of this installation'),
    version: z.number().int().describe('the version of the plan, or of its copy here'),
    status: z.string(),
    approvals: z
      .object({
        party: z.string(),
        at: z.string(),
        planVersion: z.number().int().nullable().describe('the version approved; null when the approval does not say'),
        current: z
          .boolean()
          .describe(
            'of a plan of this installation: the approval counts toward its status (it approved a version from the one the plan was proposed or last changed at to the one it is at, and this installation sent that version to the approving installation and has not withdrawn it); of a copy: it approved the version the copy is at now. false: of an earlier version, or of one never sent',
          ),
        origin: z.enum(['received', 'local']).describe('given at a partner’s installation and received, or given here'),
        marking: z.string().nullable().describe('of an approval received: the local marking, the originator’s in brackets'),
        withdrawnAt: z
          .string()
          .nullable()
          .describe(
            'of an approval received: when the withdrawal of it was received here (the import of the bundle that took it back; the partner does not say why), null while it stands. A withdrawn approval is never current',
          ),
      })
      .array(),
    canApprove: z.boolean().describe('whether the caller may approve the current version here'),
  })
  .describe('The approvals of a plan given across the exchange');
