import { utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { jcs } from '../canonical-json.js';
import { partyCodeSchema } from '../labels.js';
import { matching, problem, refusing } from '../problems.js';

/**
 * The keys installations trust each other's signatures with, and the statements that change them.
 *
 * Each key is pinned to one algorithm (Ed25519, or ECDSA P-256 with SHA-256 and IEEE P1363 signatures
 * as JWS's ES256) and one use: `exchange` keys sign bundles and key statements, `audit` keys sign audit
 * checkpoints. The algorithm a signature is checked with is always the trusted key's, never one a
 * document names (RFC 8725 §3.1); a document naming another is refused.
 *
 * Keys are first exchanged out of band (the key ceremony of docs/exchange.md): each side reads the
 * other's fingerprint aloud and records the key with `expires`. Afterwards a key changes only by a key
 * statement: a rotation signed by both the old and the new key, or a revocation. Checking signatures
 * needs node:crypto, so it is a function the caller passes (src/store/signing.ts `verifySignature`);
 * what is signed, and when a key may be used, is decided here.
 */

export const SIGNATURE_ALGORITHMS = ['Ed25519', 'ES256'] as const;
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];
export const KEY_USES = ['exchange', 'audit'] as const;
export type KeyUse = (typeof KEY_USES)[number];

const b64url43 = matching(/^[A-Za-z0-9_-]{43}$/, 'field.base64url', { count: 43 });
export const keyIdSchema = matching(/^[0-9a-f]{16}$/, 'field.hex_digits', { count: 16 });
const isoTime = z.iso.datetime({ offset: false });

/** A public key as a JWK (RFC 7517) with only the members that make the key. */
export const publicJwkSchema = z.union([
  z.strictObject({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: b64url43 }),
  z.strictObject({ kty: z.literal('EC'), crv: z.literal('P-256'), x: b64url43, y: b64url43 }),
]);
export type PublicJwk = z.infer<typeof publicJwkSchema>;

/** A public key as handed over at the ceremony or in a rotation: what it is, whose, for what, until when. */
export const publicKeyRecordSchema = z
  .strictObject({
    keyId: keyIdSchema.describe('the first 16 hex digits of the fingerprint'),
    fingerprint: matching(/^[0-9a-f]{64}$/, 'field.hex_digits', { count: 64 }).describe(
      'SHA-256 of the public key in SPKI DER form, hex',
    ),
    alg: z.enum(SIGNATURE_ALGORITHMS),
    use: z.enum(KEY_USES),
    publicKey: publicJwkSchema,
    installation: z.string().min(1).max(80),
    party: partyCodeSchema,
    expires: isoTime,
  })
  .refine((k) => k.fingerprint.startsWith(k.keyId), refusing('exchange.key_id_not_fingerprint', ['keyId']))
  .refine((k) => (k.alg === 'Ed25519') === (k.publicKey.kty === 'OKP'), refusing('exchange.key_not_of_algorithm', ['publicKey']));
export type PublicKeyRecord = z.infer<typeof publicKeyRecordSchema>;

/** A partner's key as this installation trusts it, with what happened to it since. */
export interface TrustedKey extends PublicKeyRecord {
  /** When a rotation replaced it: from then on nothing it signs is accepted. */
  rotatedOutAt: string | null;
  replacedBy: string | null;
  /** When a revocation reached this installation: nothing it ever signed is accepted any more. */
  revokedAt: string | null;
}

export const trustKey = (k: PublicKeyRecord): TrustedKey => ({ ...k, rotatedOutAt: null, replacedBy: null, revokedAt: null });

/** Checks a signature over `message` with the trusted key, by the key's own algorithm only. */
export type VerifySignature = (key: PublicKeyRecord, message: Uint8Array, signature: Uint8Array) => boolean;

/** Why a key may not be used at `now`, as the coded error to throw; null when it may. */
export function keyRefusal(key: TrustedKey, now: Date) {
  if (key.revokedAt) return problem('exchange.key_revoked', { keyId: key.keyId, date: key.revokedAt });
  if (key.rotatedOutAt) return problem('exchange.key_rotated_out', { keyId: key.keyId, date: key.rotatedOutAt });
  if (Date.parse(key.expires) <= now.getTime()) return problem('exchange.key_expired', { keyId: key.keyId, date: key.expires });
  return null;
}

/** The key `keyId` of an installation, for a use, that may sign at `now`; each reason it may not is its own error. */
export function usableKey(
  keys: readonly TrustedKey[],
  keyId: string,
  who: { installation: string; party: string },
  use: KeyUse,
  now: Date,
) {
  const key = keys.find((k) => k.keyId === keyId && k.use === use);
  if (!key) throw problem('exchange.unknown_key', { keyId });
  if (key.installation !== who.installation || key.party !== who.party)
    throw problem('exchange.key_not_senders', { keyId, installation: who.installation });
  const refusal = keyRefusal(key, now);
  if (refusal) throw refusal;
  return key;
}

/** Decodes base64url text that is exactly the encoding of its bytes (no padding, no stray characters). */
export function strictBase64url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return base64url(bytes) === text ? bytes : null;
}

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

// ---- Key statements ----

export const KEY_STATEMENT_TYP = 'application/vnd.jointplan.key-statement+json';

const statementBase = {
  typ: z.literal(KEY_STATEMENT_TYP),
  installation: z.string().min(1).max(80),
  party: partyCodeSchema,
  keyId: keyIdSchema.describe('the key rotated out or revoked'),
  issuedAt: isoTime,
};

export const keyStatementSchema = z.discriminatedUnion('kind', [
  z
    .strictObject({ ...statementBase, kind: z.literal('rotation'), newKey: publicKeyRecordSchema })
    .describe('the key `keyId` is replaced by `newKey`; signed by both'),
  z
    .strictObject({ ...statementBase, kind: z.literal('revocation'), reason: z.string().max(500) })
    .describe('the key `keyId` must no longer be trusted; signed by it or by a current key of the installation'),
]);
export type KeyStatement = z.infer<typeof keyStatementSchema>;

export const signedKeyStatementSchema = z.strictObject({
  statement: keyStatementSchema,
  signatures: z
    .array(z.strictObject({ keyId: keyIdSchema, signature: z.string().max(200) }))
    .min(1)
    .max(2),
});
export type SignedKeyStatement = z.infer<typeof signedKeyStatementSchema>;

/** The bytes each signature of a statement covers: its canonical JSON, `typ` included. */
export const statementBytes = (s: KeyStatement) => utf8ToBytes(jcs(s));

function signedBy(doc: SignedKeyStatement, key: PublicKeyRecord, verify: VerifySignature) {
  const entry = doc.signatures.find((s) => s.keyId === key.keyId);
  const sig = entry && strictBase64url(entry.signature);
  return !!sig && verify(key, statementBytes(doc.statement), sig);
}

/**
 * The keyring after a key statement from a partner installation, or the coded error refusing it:
 * - a rotation needs the old key current (neither revoked, rotated out nor expired) and signatures by
 *   the old key and by the new one; the old key is rotated out, the new one trusted;
 * - a revocation needs a signature by the revoked key or by a current exchange key of the same
 *   installation; the key is never trusted again, whatever the time of what it signed.
 * The keyring given is left as it was.
 */
export function applyKeyStatement(keys: readonly TrustedKey[], input: unknown, verify: VerifySignature, now: Date): TrustedKey[] {
  const parsed = signedKeyStatementSchema.safeParse(input);
  if (!parsed.success) throw problem('exchange.statement_invalid');
  const doc = parsed.data;
  const s = doc.statement;
  // One key may be trusted for both uses: a rotation replaces it in the use of the new key, a revocation in every use.
  const targets = keys.filter((k) => k.keyId === s.keyId && (s.kind === 'revocation' || k.use === s.newKey.use));
  const key = targets[0];
  if (!key) throw problem('exchange.unknown_key', { keyId: s.keyId });
  if (key.installation !== s.installation || key.party !== s.party)
    throw problem('exchange.key_not_senders', { keyId: s.keyId, installation: s.installation });
  if (s.kind === 'rotation') {
    const refusal = keyRefusal(key, now);
    if (refusal) throw refusal;
    const next = s.newKey;
    // Audit checkpoints are Ed25519 signatures (audit-checkpoint.ts): an audit key stays Ed25519.
    if (next.installation !== key.installation || next.party !== key.party || (next.use === 'audit' && next.alg !== 'Ed25519'))
      throw problem('exchange.statement_invalid');
    if (keys.some((k) => k.keyId === next.keyId && k.use === next.use))
      throw problem('exchange.key_known', { keyId: next.keyId });
    if (!signedBy(doc, key, verify)) throw problem('exchange.statement_unsigned', { keyId: key.keyId });
    if (!signedBy(doc, next, verify)) throw problem('exchange.statement_unsigned', { keyId: next.keyId });
    return [...keys.map((k) => (k === key ? { ...k, rotatedOutAt: s.issuedAt, replacedBy: next.keyId } : k)), trustKey(next)];
  }
  const signers = keys.filter(
    (k) =>
      targets.includes(k) ||
      (k.installation === key.installation && k.party === key.party && k.use === 'exchange' && !keyRefusal(k, now)),
  );
  if (!signers.some((k) => signedBy(doc, k, verify))) throw problem('exchange.statement_unsigned', { keyId: key.keyId });
  return keys.map((k) => (targets.includes(k) && !k.revokedAt ? { ...k, revokedAt: now.toISOString() } : k));
}

/** A statement with its signatures, made by the signers given (the old key then the new one, for a rotation). */
export function signKeyStatement(
  statement: KeyStatement,
  signers: readonly { keyId: string; sign: (bytes: Uint8Array) => Uint8Array }[],
): SignedKeyStatement {
  const bytes = statementBytes(statement);
  return { statement, signatures: signers.map((s) => ({ keyId: s.keyId, signature: base64url(s.sign(bytes)) })) };
}
