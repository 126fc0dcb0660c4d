import { utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { canonicalJson } from './canonical-json.js';
import { matching } from './problems.js';

/**
 * A signed statement "the audit chain had `treeSize` entries and its last
 * entry hashed to `headHash` at `time`". Small and self-contained, so that it
 * can be filed outside the database, answered by the API and embedded in
 * other documents; anyone holding the installation's public key checks it.
 */
export const auditCheckpointSchema = z
  .strictObject({
    treeSize: z.number().int().min(0).describe('entries in the chain when it was signed'),
    headHash: matching(/^[0-9a-f]{64}$/, 'field.hex_digits', { count: 64 }).describe(
      'hash of entry `treeSize` (all zeros for an empty chain)',
    ),
    time: z.string().describe('when it was signed (ISO 8601)'),
    keyId: matching(/^[0-9a-f]{16}$/, 'field.hex_digits', { count: 16 }).describe(
      'fingerprint of the signing key, as `jointplan audit key` prints it',
    ),
    signature: matching(/^[A-Za-z0-9_-]{86}$/, 'field.base64url', { count: 86 }).describe(
      'Ed25519 signature, base64url, over the canonical JSON of the other four fields',
    ),
  })
  .describe('A signed audit checkpoint');

export type AuditCheckpoint = z.infer<typeof auditCheckpointSchema>;
export type UnsignedCheckpoint = Omit<AuditCheckpoint, 'signature'>;

/**
 * The bytes a checkpoint's signature covers: its fields but the signature, canonical, in UTF-8.
 * Signing and checking them needs a key, which src/store/ed25519.ts holds.
 */
export function checkpointBytes(c: UnsignedCheckpoint): Uint8Array {
  const { treeSize, headHash, time, keyId } = c;
  return utf8ToBytes(canonicalJson({ headHash, keyId, time, treeSize }));
}

/** The checkpoint as one line of the checkpoint file, or one header value. */
export const checkpointLine = (c: AuditCheckpoint) =>
  canonicalJson({ headHash: c.headHash, keyId: c.keyId, signature: c.signature, time: c.time, treeSize: c.treeSize });
