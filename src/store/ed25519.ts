import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { type AuditCheckpoint, checkpointBytes, type UnsignedCheckpoint } from '../domain/audit-checkpoint.js';

/**
 * Signing and checking audit checkpoints with the installation's Ed25519 key. Keys are Node's
 * KeyObjects, so this stays beside the key files in the store; what a checkpoint is and which bytes
 * its signature covers are the domain's (src/domain/audit-checkpoint.ts).
 */

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
export function verifyEd25519(publicKey: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.asymmetricKeyType !== 'ed25519' || signature.length !== 64) return false;
  try {
    return verify(null, message, publicKey, signature);
  } catch {
    return false;
  }
}

/** An Ed25519 public key from its 32 raw bytes. */
export const ed25519PublicKey = (raw: Uint8Array) =>
  createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });

/** True when `publicKey` (whose fingerprint is `keyId`) signed exactly this checkpoint. */
export function checkpointSignedBy(publicKey: KeyObject, keyId: string, c: AuditCheckpoint): boolean {
  if (c.keyId !== keyId) return false;
  const signature = Buffer.from(c.signature, 'base64url');
  // base64url decoding skips what it cannot read: a round trip refuses such text.
  if (signature.toString('base64url') !== c.signature) return false;
  return verifyEd25519(publicKey, checkpointBytes(c), signature);
}
