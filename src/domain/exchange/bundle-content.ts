import { utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { jcs } from '../canonical-json.js';
import { type Label, levelOf, type Reader } from '../labels.js';
import { matching, problem } from '../problems.js';
import {
  BUNDLE_CONTENT_TYPE,
  BUNDLE_MAGIC,
  BUNDLE_TYP,
  type BundleFields,
  type BundleHeader,
  type BundleSigner,
  bundleHeaderSchema,
  sha256Hex,
} from './bundle.js';
import { confidentialityLabelSchema } from './confidentiality-label.js';
import { base64url } from './keys.js';

/**
 * What a bundle's content holds, one JSON object a line (NDJSON):
 * - at most one `ack` line first: the last bundle the sender applied from the recipient, so that the
 *   recipient's next bundle holds only what changed since;
 * - then the records: plans, their activities, the activities' follow-ups, then the approvals of plans,
 *   each with the originator's confidentiality label as it leaves and its fields. Labels and the
 *   sender's local user ids do not travel in `data`;
 * - then the withdrawals: records sent to the recipient before that it may no longer have, each by kind
 *   and id, without content or reason.
 */

export const RECORD_KINDS = ['plan', 'activity', 'follow_up', 'approval'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Why a record released to a partner is taken back. */
export const WITHDRAWAL_REASONS = [
  'release_narrowed',
  'level_raised',
  'compartment_not_agreed',
  'parent_withdrawn',
  'deleted',
] as const;
export type WithdrawalReason = (typeof WITHDRAWAL_REASONS)[number];

const id = z.string().min(1).max(80);
const isoTime = z.iso.datetime({ offset: false });

export const ackLineSchema = z.strictObject({
  kind: z.literal('ack'),
  installation: z.string().min(1).max(80).describe('the installation whose bundle is acknowledged'),
  sequence: z.number().int().min(1),
  bundleHash: matching(/^[0-9a-f]{64}$/, 'field.hex_digits', { count: 64 }),
});
export type AckLine = z.infer<typeof ackLineSchema>;

export const recordLineSchema = z.strictObject({
  kind: z.enum(RECORD_KINDS),
  id,
  parentId: id.nullable().describe('the plan of an activity, the activity of a follow-up; null for a plan'),
  // Kept in a 32-bit column on PostgreSQL: a version beyond is a line refused, never a failed write.
  version: z.number().int().min(1).max(2_147_483_647),
  updatedAt: isoTime,
  label: confidentialityLabelSchema,
  data: z.record(z.string(), z.unknown()),
});
export type RecordLine = z.infer<typeof recordLineSchema>;

/**
 * A withdrawal as it travels: kind and id only. Why the record no longer goes (its level raised, a
 * compartment given, its release narrowed, or deleted) stays with the sender: told to the partner, it
 * would say what became of a record the partner may no longer read.
 */
export const withdrawLineSchema = z.strictObject({
  kind: z.literal('withdraw'),
  of: z.enum(RECORD_KINDS).describe('the kind of the record withdrawn'),
  id,
});
export type WithdrawLine = z.infer<typeof withdrawLineSchema>;
/** A withdrawal as the sender keeps it, with its reason. */
export type Withdrawal = WithdrawLine & { reason: WithdrawalReason };

export const contentLineSchema = z.union([ackLineSchema, recordLineSchema, withdrawLineSchema]);
export type ContentLine = z.infer<typeof contentLineSchema>;

/**
 * Why a record sent to the partner whose reader is `reader` may no longer go: its row is gone
 * (`label` null), the partner's party was taken out of its releasable-to, its level was raised beyond
 * what the agreement lets travel, it was given a compartment that does not travel, or else its plan or
 * activity no longer goes.
 */
export function withdrawalReason(reader: Reader | null, label: Label | null): WithdrawalReason {
  if (!label) return 'deleted';
  if (!reader) return 'level_raised';
  if (!label.releasableTo.includes(reader.party)) return 'release_narrowed';
  if (levelOf(label.classification) > levelOf(reader.clearance)) return 'level_raised';
  if (label.compartments.some((c) => !reader.compartments.includes(c))) return 'compartment_not_agreed';
  return 'parent_withdrawn';
}

/** The line of a record, as written: canonical JSON and a newline. */
export const contentLine = (line: ContentLine) => `${jcs(line)}\n`;

/** One line of content read back, refused with its line number when it is not a line of the exchange. */
export function parseContentLine(text: string, lineNumber: number): ContentLine {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw problem('exchange.content_invalid', { line: lineNumber });
  }
  // The line's kind tells the one form it may have: checked against that form alone, rather than tried
  // against each in turn (each form failed makes its issues). The same lines pass as by `contentLineSchema`.
  const kind = json !== null && typeof json === 'object' ? (json as { kind?: unknown }).kind : undefined;
  const schema = kind === 'ack' ? ackLineSchema : kind === 'withdraw' ? withdrawLineSchema : recordLineSchema;
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw problem('exchange.content_invalid', { line: lineNumber });
  return parsed.data;
}

/**
 * Splits content arriving in chunks into its lines, in bounded memory: each complete line is handed
 * to `onLine` with its number; `end` checks that the content ends with a newline.
 */
export function lineSplitter(onLine: (text: string, lineNumber: number) => void | Promise<void>) {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending = '';
  let count = 0;
  return {
    async push(chunk: Uint8Array) {
      let text: string;
      try {
        text = pending + decoder.decode(chunk, { stream: true });
      } catch {
        throw problem('exchange.content_invalid', { line: count + 1 });
      }
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        await onLine(text.slice(start, nl), ++count);
        start = nl + 1;
      }
      pending = text.slice(start);
    },
    end() {
      if (pending !== '') throw problem('exchange.content_invalid', { line: count + 1 });
      return count;
    },
  };
}

/**
 * The part of a bundle before its content, for content already hashed (as a stream): the same bytes
 * `buildBundle` writes before the content it is given whole.
 */
export function bundleHead(
  fields: BundleFields,
  content: { hash: string; length: number },
  signer: BundleSigner,
): { bytes: Uint8Array; header: BundleHeader; bundleHash: string } {
  const header = bundleHeaderSchema.parse({
    ...fields,
    typ: BUNDLE_TYP,
    alg: signer.alg,
    kid: signer.keyId,
    content: { hash: content.hash, length: content.length, mediaType: BUNDLE_CONTENT_TYPE },
  });
  const headerText = jcs(header);
  const headerBytes = utf8ToBytes(headerText);
  const bytes = utf8ToBytes(`${BUNDLE_MAGIC}\n${headerText}\n${base64url(signer.sign(headerBytes))}\n`);
  return { bytes, header, bundleHash: sha256Hex(headerBytes) };
}
