import { z } from 'zod';
import { idSchema, labelFields, localizedTextSchema, recordMetaSchema, versionSchema } from './common.schema.js';
import { CLASSIFICATIONS, partyCodeSchema } from './labels.js';
import { isoDateSchema } from './period.js';
import { approvalSchema } from './plan.schema.js';
import { refusing } from './problems.js';
import { SESSION_STATUSES } from './session.lifecycle.js';

/**
 * The equivalence table of a commission's security agreement: for each party,
 * its own name of each common level, or null where its ladder has a gap.
 */
export const classificationTableSchema = z
  .record(partyCodeSchema, z.array(z.string().min(1).nullable()).length(CLASSIFICATIONS.length))
  .describe('Per party, its label for each common level (null: no such level)');

export const commissionCreateSchema = z.strictObject({
  name: localizedTextSchema(300),
  parties: z.array(partyCodeSchema).min(2).max(40),
  classificationTable: classificationTableSchema.default({}),
  ...labelFields,
});
export type CommissionCreate = z.infer<typeof commissionCreateSchema>;

export const commissionSchema = recordMetaSchema
  .extend({
    name: localizedTextSchema(300),
    parties: z.array(z.string()),
    classificationTable: z.record(z.string(), z.array(z.string().nullable())),
  })
  .describe('Joint commission');
export type Commission = z.infer<typeof commissionSchema>;

export const delegationMemberSchema = z.strictObject({
  party: partyCodeSchema,
  name: z.string().trim().min(1).max(200),
  title: z.string().trim().max(200).optional(),
  function: z.string().trim().max(200).optional(),
  organisation: z.string().trim().max(200).optional(),
});

export const sessionCreateSchema = z
  .strictObject({
    number: z.number().int().min(1).max(10_000),
    startDate: isoDateSchema,
    endDate: isoDateSchema,
    place: z.string().trim().min(1).max(200),
    hostParty: partyCodeSchema,
    delegations: z.array(delegationMemberSchema).max(500).default([]),
    minutes: z.string().max(100_000).nullable().default(null),
    sourceId: idSchema.nullable().default(null),
    ...labelFields,
  })
  .refine((s) => s.endDate >= s.startDate, refusing('session.ends_before_start', ['endDate']));
export type SessionCreate = z.infer<typeof sessionCreateSchema>;

export const sessionPatchSchema = z
  .strictObject({
    startDate: isoDateSchema.optional(),
    endDate: isoDateSchema.optional(),
    place: z.string().trim().min(1).max(200).optional(),
    hostParty: partyCodeSchema.optional(),
    delegations: z.array(delegationMemberSchema).max(500).optional().describe('The whole list of members, replacing the old one'),
    version: versionSchema.optional(),
  })
  .refine((s) => !s.startDate || !s.endDate || s.endDate >= s.startDate, refusing('session.ends_before_start', ['endDate']))
  .describe('Corrections to a session record, with the version they were made on (or an If-Match header)');
export type SessionPatch = z.infer<typeof sessionPatchSchema>;

export const sessionSchema = recordMetaSchema
  .extend({
    commissionId: z.string(),
    number: z.number().int(),
    startDate: z.string(),
    endDate: z.string(),
    place: z.string(),
    hostParty: z.string(),
    delegations: z.array(delegationMemberSchema),
    minutes: z.string().nullable(),
    sourceId: z.string().nullable(),
    status: z.enum(SESSION_STATUSES),
    minutesApprovals: z.array(approvalSchema),
  })
  .describe('Commission session');
export type CommissionSession = z.infer<typeof sessionSchema>;
