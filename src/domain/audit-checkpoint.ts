import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
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
  .object({
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
  .strict()
  .describe('A signed audit checkpoint');

export type AuditCheckpoint = z.infer<typeof auditCheckpointSchema>;
export type UnsignedCheckpoint = Omit<AuditCheckpoint, 'signature'>;

/** The bytes a checkpoint's signature covers: its fields but the signature, canonical. */
export function checkpointBytes(c: UnsignedCheckpoint): Buffer {
  const { treeSize, headHash, time, keyId } = c;
  return Buffer.from(canonicalJson({ headHash, keyId, time, treeSize }), 'utf8');
}

/** The checkpoint as one line of the checkpoint file, or one header value. */
export const checkpointLine = (c: AuditCheckpoint) =>
  canonicalJson({ headHash: c.headHash, keyId: c.keyId, signature: c.signature, time: c.time, treeSize: c.treeSize });

/** A short fingerprint of an Ed25519 public key: the start of the SHA-256 of its SPKI encoding. */
export const keyIdOf = (publicKey: KeyObject) =>
  createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);

export function signCheckpoint(privateKey: KeyObject, c: UnsignedCheckpoint): AuditCheckpoint {
  return { ...c, signature: sign(null, checkpointBytes(c), privateKey).toString('base64url') };
}

/** Plain Ed25519 verification (RFC 8032), refusing any signature that is not exactly 64 bytes. */
export function verifyEd25519(publicKey: KeyObject, message: Buffer, signature: Buffer): boolean {
  if (publicKey.asymmetricKeyType !== 'ed25519' || signature.length !== 64) return false;
  try {
    return verify(null, message, publicKey, signature);
  } catch {
    return false;
  }
}

/** An Ed25519 public key from its 32 raw bytes. */
export const ed25519PublicKey = (raw: Buffer) =>
  createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });

/** True when `publicKey` (whose fingerprint is `keyId`) signed exactly this checkpoint. */
export function checkpointSignedBy(publicKey: KeyObject, keyId: string, c: AuditCheckpoint): boolean {
  if (c.keyId !== keyId) return false;
  const signature = Buffer.from(c.signature, 'base64url');
  // base64url decoding skips what it cannot read: a round trip refuses such text.
  if (signature.toString('base64url') !== c.signature) return false;
  return verifyEd25519(publicKey, checkpointBytes(c), signature);
}
