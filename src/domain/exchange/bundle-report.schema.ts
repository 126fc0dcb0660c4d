import { z } from 'zod';
import { limitSchema, listOf } from '../common.schema.js';
import { labelSchema, partyCodeSchema } from '../labels.js';
import { RECORD_KINDS } from './bundle-content.js';

/** What the API answers about bundles: the import's per-record report and the partners' records received. */

const endpoint = z.object({ installation: z.string(), party: z.string() });
/** What became of a record: a copy made or refreshed, one already as new, one withdrawn, or a withdrawal of one never held. */
export const APPLIED_ACTIONS = ['created', 'updated', 'unchanged', 'withdrawn', 'not_held'] as const;

/** What an import did with one record. */
export const appliedRecordSchema = z.object({
  kind: z.enum(RECORD_KINDS),
  id: z.string(),
  action: z.enum(APPLIED_ACTIONS),
});

export const importReportSchema = z
  .object({
    bundleId: z.string(),
    sender: endpoint,
    sequence: z.number().int(),
    bundleHash: z.string().describe("SHA-256 of the bundle's header: the sender's next bundle names it"),
    records: z
      .array(appliedRecordSchema)
      .describe(
        'what became of each record the caller may read, in the order of the bundle: the first 500; `nextCursor` reads the rest',
      ),
    nextCursor: z
      .string()
      .nullable()
      .describe(
        'Pass as `cursor` to GET /api/exchange/bundles/received/{bundleId}/records for the records after these; null when there are none',
      ),
    counts: z.object({
      created: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      withdrawn: z.number().int().describe('copies the sender withdrew, removed here'),
      not_held: z.number().int().describe('withdrawals of records never received here: nothing to do'),
    }),
    acknowledged: z
      .number()
      .int()
      .nullable()
      .describe('the bundle of ours the sender acknowledged in this one, if later than the last'),
  })
  .describe('A bundle applied');

export const exportQuery = z.strictObject({
  to: partyCodeSchema.describe('the partner party'),
  validDays: z.coerce.number().int().min(1).max(90).default(7).describe('days the bundle may wait before it is applied'),
});

export const importedRecordsQuery = z.strictObject({
  cursor: z.string().max(100).optional().describe('The `nextCursor` of the report or of the page before'),
  limit: limitSchema,
});

export const importedRecordsPageSchema = listOf(appliedRecordSchema).describe(
  'A page of what an import did with the records the caller may read, in the order of the bundle',
);

export const receivedQuery = z.strictObject({
  kind: z.enum(RECORD_KINDS).optional(),
  lang: z.enum(['fr', 'en', 'ar', 'he']).default('en'),
  cursor: z.string().max(500).optional().describe('The `nextCursor` of the page before'),
  limit: limitSchema,
});

export const receivedRecordSchema = z
  .object({
    originator: endpoint,
    kind: z.enum(RECORD_KINDS),
    id: z.string(),
    parentId: z.string().nullable(),
    version: z.number().int(),
    updatedAt: z.string(),
    marking: z.string().describe("the local marking, the originator's own in brackets"),
    local: labelSchema.describe('the local equivalent of the label, which the read rule uses'),
    originatorLabel: z.unknown().describe("the originator's ADatP-4774 label, as it came"),
    data: z.record(z.string(), z.unknown()).describe("the record's fields as the originator sent them"),
  })
  .describe("A partner's record, kept read-only");

const keySchema = z.object({
  keyId: z.string(),
  fingerprint: z.string().describe('SHA-256 of the public key, as read aloud at the key ceremony'),
  alg: z.string(),
  use: z.string(),
  expires: z.string(),
  state: z.enum(['active', 'rotated_out', 'revoked', 'expired']),
  rotatedOutAt: z.string().nullable(),
  replacedBy: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const exchangeOverviewSchema = z
  .object({
    installation: z.string(),
    party: z.string(),
    policyIdentifier: z.string(),
    keys: z.array(keySchema).describe("this installation's own keys"),
    partners: z.array(
      z.object({
        party: z.string(),
        installation: z.string(),
        keys: z.array(keySchema),
        lastSent: z
          .object({
            bundleId: z.string(),
            sequence: z.number().int(),
            at: z.string(),
            records: z.number().int(),
            acknowledged: z.number().int().describe('the last bundle the partner acknowledged; 0 for none'),
            acknowledgedAt: z.string().nullable(),
          })
          .nullable(),
        lastReceived: z
          .object({
            bundleId: z.string(),
            sequence: z.number().int(),
            at: z.string(),
            counts: z.object({
              records: z.number().int(),
              created: z.number().int(),
              updated: z.number().int(),
              unchanged: z.number().int(),
            }),
          })
          .nullable(),
      }),
    ),
    sent: z
      .array(
        z.object({
          bundleId: z.string(),
          recipient: z.string(),
          sequence: z.number().int(),
          at: z.string(),
          records: z.number().int(),
        }),
      )
      .describe('the bundles sent lately, newest first'),
    refusals: z
      .array(
        z.object({
          id: z.string(),
          at: z.string(),
          sender: z.string().nullable().describe('the sender the bundle claimed; nothing of a refused bundle is trusted'),
          bundleId: z.string().nullable(),
          code: z.string().describe('the problem code of the refusal'),
          params: z.record(z.string(), z.unknown()),
        }),
      )
      .describe('bundles refused, newest first'),
  })
  .describe("The security officer's view of the exchange");

export const releaseRecordQuery = z.strictObject({ lang: z.enum(['fr', 'en', 'ar', 'he']).default('fr') });

export const receivedPageSchema = listOf(receivedRecordSchema).describe(
  "A page of the partners' records the caller may read, in the order of their originator's installation, kind and id",
);
