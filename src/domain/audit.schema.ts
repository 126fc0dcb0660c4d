import { z } from 'zod';
import { idSchema, limitSchema } from './common.schema.js';
import { labelSchema, partyCodeSchema } from './labels.js';
import { matching } from './problems.js';
import { usernameSchema } from './user.schema.js';

/**
 * An entry of the audit log as a security officer reads it, with the label
 * of the record it is about, so that a page listing entries is marked as the
 * most sensitive of them. A failed sign-in by a name no party knows has no
 * owner party.
 */
export const auditEntrySchema = labelSchema.extend({
  ownerParty: partyCodeSchema.nullable().describe('Party owning the record the entry is about; null for a name no party knows'),
  seq: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorParty: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  actorUsername: z
    .string()
    .nullable()
    .describe('Username of the account that acted, for accounts of the reader’s own party; null otherwise'),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** Action names as the log writes them (`activity.create`); a name without a dot also matches all its actions. */
const auditActionSchema = matching(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/, 'field.local_id_format', { example: 'activity.create' })
  .max(80)
  .describe('An action (`activity.update`), or a kind of record (`activity`) for all of its actions');

/** A day (the whole day, UTC) or an instant. */
const auditTimeSchema = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .describe('A day (YYYY-MM-DD, UTC) or an ISO 8601 instant');

/** What the security officer narrows the log to; the same filters page the list and make the export. */
export const auditFilterSchema = z.strictObject({
  user: usernameSchema.optional().describe('Username of the account that acted'),
  action: auditActionSchema.optional(),
  entityType: matching(/^[a-z][a-z_]{1,40}$/, 'field.local_id_format', { example: 'activity' })
    .optional()
    .describe('Kind of record the entries are about (`activity`, `work_plan`, `user`, …)'),
  entityId: idSchema.optional().describe('The record the entries are about'),
  from: auditTimeSchema.optional().describe('Entries written at or after this day or instant'),
  to: auditTimeSchema.optional().describe('Entries written on or before this day, or before this instant'),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const auditQuerySchema = auditFilterSchema.extend({
  cursor: z.coerce.number().int().min(1).optional().describe('The previous page’s `nextCursor`'),
  limit: limitSchema,
});

/** What checking the chain from the web found: the count and head when it holds, the first broken link when not. */
export const auditVerificationSchema = z.object({
  ok: z.boolean(),
  count: z
    .number()
    .int()
    .nullable()
    .describe('Entries of the chain found holding, when it holds (those up to `from` by an earlier verification)'),
  head: z.object({ seq: z.number().int(), hash: z.string() }).nullable().describe('The last entry, when the chain holds'),
  checkpoints: z.number().int().describe('Signed checkpoints that hold'),
  signed: z.boolean().describe('Whether the installation’s key was used; without it only the hashes are checked'),
  from: z
    .number()
    .int()
    .describe(
      'The entries up to this one were found holding by an earlier verification, up to a signed checkpoint, and only its entry was read again; 0 when every entry was walked',
    ),
  firstBroken: z
    .object({ seq: z.number().int(), problem: z.string() })
    .nullable()
    .describe('The first entry that was edited, removed, inserted, reordered or rewritten'),
  checkpointProblems: z.array(z.object({ line: z.number().int(), treeSize: z.number().int(), problem: z.string() })),
});
export type AuditVerification = z.infer<typeof auditVerificationSchema>;

export const auditVerificationQuerySchema = z.strictObject({
  full: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: walk every entry, not only those after the checkpoint verified last'),
});
