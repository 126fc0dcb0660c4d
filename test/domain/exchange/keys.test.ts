import { describe, expect, it } from 'vitest';
import {
  applyKeyStatement,
  KEY_STATEMENT_TYP,
  type KeyStatement,
  keyRefusal,
  signKeyStatement,
  strictBase64url,
  type TrustedKey,
  trustKey,
} from '../../../src/domain/exchange/keys.js';
import { generateSigningKey, publicKeyRecord, type SigningKey, signerOf, verifySignature } from '../../../src/store/signing.js';
import { refusal } from '../../support/refusal.js';

const NOW = new Date('2026-06-15T10:00:00.000Z');
const MAR = { installation: 'jointplan-mar', party: 'MAR' };
const EXPIRES = '2027-06-15T00:00:00.000Z';
const record = (k: SigningKey, use: 'exchange' | 'audit' = 'exchange') => publicKeyRecord(k, { ...MAR, use, expires: EXPIRES });

describe('key statements', () => {
  const old = generateSigningKey('Ed25519');
  const spare = generateSigningKey('ES256');
  const keys: TrustedKey[] = [trustKey(record(old)), trustKey(record(spare))];
  const next = generateSigningKey('ES256');
  const rotation: KeyStatement = {
    typ: KEY_STATEMENT_TYP,
    kind: 'rotation',
    ...MAR,
    keyId: old.keyId,
    newKey: record(next),
    issuedAt: '2026-06-14T00:00:00.000Z',
  };
  const revocation: KeyStatement = {
    typ: KEY_STATEMENT_TYP,
    kind: 'revocation',
    ...MAR,
    keyId: old.keyId,
    issuedAt: '2026-06-14T00:00:00.000Z',
    reason: 'laptop lost',
  };
  const apply = (doc: unknown, ring: readonly TrustedKey[] = keys) => applyKeyStatement(ring, doc, verifySignature, NOW);

  it('rotates a key by a statement signed by the old and the new key, leaving the keyring given as it was', () => {
    const before = structuredClone(keys);
    const after = apply(signKeyStatement(rotation, [signerOf(old), signerOf(next)]));
    expect(keys).toEqual(before);
    expect(after.find((k) => k.keyId === old.keyId)).toMatchObject({ rotatedOutAt: rotation.issuedAt, replacedBy: next.keyId });
    expect(after.find((k) => k.keyId === next.keyId)).toMatchObject({ alg: 'ES256', rotatedOutAt: null, revokedAt: null });
    expect(keyRefusal(after.find((k) => k.keyId === old.keyId) as TrustedKey, NOW)?.code).toBe('exchange.key_rotated_out');
    expect(keyRefusal(after.find((k) => k.keyId === next.keyId) as TrustedKey, NOW)).toBeNull();
  });

  it('refuses a rotation missing the signature of the old key, or of the new key', () => {
    expect(refusal(() => apply(signKeyStatement(rotation, [signerOf(next)]))).code).toBe('exchange.statement_unsigned');
    expect(refusal(() => apply(signKeyStatement(rotation, [signerOf(old)]))).code).toBe('exchange.statement_unsigned');
    // Signed by the old key and a third key in place of the new one: the new key did not sign.
    expect(
      refusal(() => apply(signKeyStatement(rotation, [signerOf(old), { keyId: next.keyId, sign: signerOf(spare).sign }]))).code,
    ).toBe('exchange.statement_unsigned');
  });

  it('refuses a rotation to a key already trusted, of an unknown key, of a revoked or expired key', () => {
    const toSpare = { ...rotation, newKey: record(spare) };
    expect(refusal(() => apply(signKeyStatement(toSpare, [signerOf(old), signerOf(spare)]))).code).toBe('exchange.key_known');
    const stranger = generateSigningKey('Ed25519');
    expect(
      refusal(() => apply(signKeyStatement({ ...rotation, keyId: stranger.keyId }, [signerOf(stranger), signerOf(next)]))).code,
    ).toBe('exchange.unknown_key');
    const revoked = keys.map((k) => (k.keyId === old.keyId ? { ...k, revokedAt: '2026-06-01T00:00:00.000Z' } : k));
    expect(refusal(() => apply(signKeyStatement(rotation, [signerOf(old), signerOf(next)]), revoked)).code).toBe(
      'exchange.key_revoked',
    );
    const expired = keys.map((k) => (k.keyId === old.keyId ? { ...k, expires: '2026-06-01T00:00:00.000Z' } : k));
    expect(refusal(() => apply(signKeyStatement(rotation, [signerOf(old), signerOf(next)]), expired)).code).toBe(
      'exchange.key_expired',
    );
  });

  it('refuses a statement of another type, another installation, or not well formed', () => {
    const signed = signKeyStatement(rotation, [signerOf(old), signerOf(next)]);
    expect(refusal(() => apply({ ...signed, statement: { ...signed.statement, typ: 'JWT' } })).code).toBe(
      'exchange.statement_invalid',
    );
    expect(refusal(() => apply({ ...signed, extra: true })).code).toBe('exchange.statement_invalid');
    expect(
      refusal(() => apply(signKeyStatement({ ...rotation, installation: 'jointplan-isr' }, [signerOf(old), signerOf(next)])))
        .code,
    ).toBe('exchange.key_not_senders');
    // A statement changed after signing: both signatures fail.
    expect(
      refusal(() => apply({ ...signed, statement: { ...signed.statement, issuedAt: '2026-06-14T00:00:01.000Z' } })).code,
    ).toBe('exchange.statement_unsigned');
  });

  it('revokes a key by a statement signed by the key itself or by a current key of the installation, not by a stranger', () => {
    for (const signer of [old, spare]) {
      const after = apply(signKeyStatement(revocation, [signerOf(signer)]));
      expect(after.find((k) => k.keyId === old.keyId)?.revokedAt).toBe(NOW.toISOString());
    }
    const stranger = generateSigningKey('Ed25519');
    expect(refusal(() => apply(signKeyStatement(revocation, [{ keyId: spare.keyId, sign: signerOf(stranger).sign }]))).code).toBe(
      'exchange.statement_unsigned',
    );
    // An audit key of the installation does not revoke its exchange keys.
    const audit = generateSigningKey('Ed25519');
    expect(
      refusal(() => apply(signKeyStatement(revocation, [signerOf(audit)]), [...keys, trustKey(record(audit, 'audit'))])).code,
    ).toBe('exchange.statement_unsigned');
  });
});

describe('a key trusted for both uses', () => {
  const both = generateSigningKey('Ed25519');
  const keys: TrustedKey[] = [trustKey(record(both, 'exchange')), trustKey(record(both, 'audit'))];
  const apply = (doc: unknown) => applyKeyStatement(keys, doc, verifySignature, NOW);
  const base = { typ: KEY_STATEMENT_TYP, ...MAR, keyId: both.keyId, issuedAt: '2026-06-14T00:00:00.000Z' } as const;

  it('is rotated in the use of the new key only, and revoked in every use', () => {
    const next = generateSigningKey('Ed25519');
    const after = apply(
      signKeyStatement({ ...base, kind: 'rotation', newKey: record(next, 'audit') }, [signerOf(both), signerOf(next)]),
    );
    expect(after.filter((k) => k.keyId === both.keyId).map((k) => [k.use, k.rotatedOutAt])).toEqual([
      ['exchange', null],
      ['audit', base.issuedAt],
    ]);
    const revoked = apply(signKeyStatement({ ...base, kind: 'revocation', reason: 'compromised' }, [signerOf(both)]));
    expect(revoked.every((k) => k.revokedAt === NOW.toISOString())).toBe(true);
  });

  it('refuses to rotate an audit key to an ECDSA key: audit checkpoints are Ed25519', () => {
    const next = generateSigningKey('ES256');
    expect(
      refusal(() =>
        apply(signKeyStatement({ ...base, kind: 'rotation', newKey: record(next, 'audit') }, [signerOf(both), signerOf(next)])),
      ).code,
    ).toBe('exchange.statement_invalid');
  });
});

describe('strict base64url', () => {
  it('takes only the exact encoding of some bytes', () => {
    expect(strictBase64url('AQID')).toEqual(new Uint8Array([1, 2, 3]));
    expect(strictBase64url('AQI')).toEqual(new Uint8Array([1, 2]));
    expect(strictBase64url('AQJ')).toBeNull();
    expect(strictBase64url('AQID=')).toBeNull();
    expect(strictBase64url('AQ+D')).toBeNull();
    expect(strictBase64url('A')).toBeNull();
  });
});
