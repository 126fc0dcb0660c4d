import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomUUID,
  sign,
  verify,
} from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BundleSigner } from '../domain/exchange/bundle.js';
import type { KeyUse, PublicJwk, PublicKeyRecord, SignatureAlgorithm, VerifySignature } from '../domain/exchange/keys.js';
import { keyIdOf, verifyEd25519 } from './ed25519.js';

/**
 * Signing and checking exchange signatures through node:crypto: Ed25519 (RFC 8032) and ECDSA P-256
 * with SHA-256, signatures in IEEE P1363 form (r‖s, 64 bytes, as JWS ES256). Each key is pinned to
 * one algorithm: the algorithm used is the key's, never one taken from what is checked, and a key of
 * another type is refused rather than tried. What is signed and when a key may be used are the
 * domain's (src/domain/exchange/keys.ts, bundle.ts); audit checkpoints keep their own module
 * (ed25519.ts), whose fingerprint (`keyIdOf`) and Ed25519 check this reuses.
 */

/** An installation's own signing key, its private half in memory only. */
export interface SigningKey {
  alg: SignatureAlgorithm;
  keyId: string;
  fingerprint: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** SHA-256 of the public key's SPKI DER encoding, hex: what is read aloud at the key ceremony. */
export const fingerprintOf = (publicKey: KeyObject) =>
  createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');

/** The algorithm a key object is, or null when it is neither Ed25519 nor P-256. */
function algorithmOf(key: KeyObject): SignatureAlgorithm | null {
  if (key.asymmetricKeyType === 'ed25519') return 'Ed25519';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  return null;
}

/** The signing key held in a private key object (PKCS#8 PEM read by the caller), refused when of another type. */
export function signingKeyOf(privateKey: KeyObject): SigningKey {
  const alg = algorithmOf(privateKey);
  if (!alg || privateKey.type !== 'private') throw new TypeError('a signing key is an Ed25519 or P-256 private key');
  const publicKey = createPublicKey(privateKey);
  const fingerprint = fingerprintOf(publicKey);
  return { alg, keyId: keyIdOf(publicKey), fingerprint, privateKey, publicKey };
}

export function generateSigningKey(alg: SignatureAlgorithm): SigningKey {
  const { privateKey } =
    alg === 'Ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return signingKeyOf(privateKey);
}

/**
 * The installation's exchange signing key from its file (PKCS#8 PEM, readable by its owner only),
 * made on first use with the algorithm asked for. The key stays pinned to its algorithm: a file holding
 * a key of another algorithm is refused, never used for it. Written whole under another name, then
 * linked, as the audit key is (audit-signing.ts): two processes starting together read one key.
 */
export function loadSigningKey(file: string, alg: SignatureAlgorithm): { key: SigningKey; created: boolean } {
  let created = false;
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const draft = `${file}.${process.pid}.${randomUUID()}`;
    writeFileSync(draft, generateSigningKey(alg).privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
      flag: 'wx',
    });
    try {
      linkSync(draft, file);
      created = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      unlinkSync(draft);
    }
  }
  const key = signingKeyOf(createPrivateKey(readFileSync(file)));
  if (key.alg !== alg) throw new TypeError(`${file} holds an ${key.alg} key, not ${alg}`);
  return { key, created };
}

export function signBytes(key: SigningKey, bytes: Uint8Array): Uint8Array {
  if (key.alg === 'Ed25519') return sign(null, bytes, key.privateKey);
  return sign('sha256', bytes, { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
}

/** The signer a bundle or key statement is made with. */
export const signerOf = (key: SigningKey): BundleSigner => ({
  alg: key.alg,
  keyId: key.keyId,
  sign: (bytes) => signBytes(key, bytes),
});

/** The public key as handed to partners at the ceremony. */
export function publicKeyRecord(
  key: SigningKey,
  who: { installation: string; party: string; use: KeyUse; expires: string },
): PublicKeyRecord {
  const jwk = key.publicKey.export({ format: 'jwk' });
  const publicKey: PublicJwk =
    key.alg === 'Ed25519'
      ? { kty: 'OKP', crv: 'Ed25519', x: String(jwk.x) }
      : { kty: 'EC', crv: 'P-256', x: String(jwk.x), y: String(jwk.y) };
  return { keyId: key.keyId, fingerprint: key.fingerprint, alg: key.alg, publicKey, ...who };
}

/** Key objects of records already read, by fingerprint: reading a JWK costs more than a verification. */
const keyObjects = new Map<string, KeyObject | null>();

/**
 * The key object of a record, or null when the record's JWK is not a key of its algorithm or its
 * fingerprint is not the record's (a record whose fingerprint lies is not trusted at all).
 */
export function keyObjectOf(record: PublicKeyRecord): KeyObject | null {
  const cacheKey = `${record.fingerprint}:${record.alg}:${JSON.stringify(record.publicKey)}`;
  if (keyObjects.has(cacheKey)) return keyObjects.get(cacheKey) ?? null;
  let key: KeyObject | null = null;
  try {
    const k = createPublicKey({ key: { ...record.publicKey }, format: 'jwk' });
    if (algorithmOf(k) === record.alg && fingerprintOf(k) === record.fingerprint && keyIdOf(k) === record.keyId) key = k;
  } catch {
    key = null;
  }
  if (keyObjects.size > 1000) keyObjects.clear();
  keyObjects.set(cacheKey, key);
  return key;
}

/** Plain ECDSA P-256/SHA-256 verification of a 64-byte IEEE P1363 signature. */
export function verifyEs256(publicKey: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  if (algorithmOf(publicKey) !== 'ES256' || signature.length !== 64) return false;
  try {
    return verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    return false;
  }
}

/** The domain's signature check: by the record's own algorithm only, with the key its fingerprint names. */
export const verifySignature: VerifySignature = (record, message, signature) => {
  const key = keyObjectOf(record);
  if (!key) return false;
  return record.alg === 'Ed25519' ? verifyEd25519(key, message, signature) : verifyEs256(key, message, signature);
};
