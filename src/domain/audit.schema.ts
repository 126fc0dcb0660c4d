import { z } from 'zod';
import { labelSchema, partyCodeSchema } from './labels.js';

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
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
