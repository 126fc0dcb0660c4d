import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type PublicKeyRecord, publicKeyRecordSchema } from '../../../src/domain/exchange/keys.js';
import { ed25519PublicKey, keyIdOf } from '../../../src/store/ed25519.js';
import {
  fingerprintOf,
  generateSigningKey,
  loadSigningKey,
  publicKeyRecord,
  signBytes,
  verifyEs256,
  verifySignature,
} from '../../../src/store/signing.js';

type Result = 'valid' | 'invalid' | 'acceptable';
interface Group<K> {
  publicKey: K;
  tests: { tcId: number; comment: string; msg: string; sig: string; result: Result }[];
}
const load = <K>(name: string) =>
  (
    JSON.parse(readFileSync(fileURLToPath(new URL(`../../vectors/${name}`, import.meta.url)), 'utf8')) as {
      testGroups: Group<K>[];
    }
  ).testGroups;

/** A trusted-key record for a raw Wycheproof key, as the key ceremony would record it. */
function recordOf(alg: 'Ed25519' | 'ES256', jwk: PublicKeyRecord['publicKey']): PublicKeyRecord {
  const key = createPublicKey({ key: { ...jwk }, format: 'jwk' });
  const fingerprint = fingerprintOf(key);
  return publicKeyRecordSchema.parse({
    keyId: fingerprint.slice(0, 16),
    fingerprint,
    alg,
    use: 'exchange',
    publicKey: jwk,
    installation: 'wycheproof',
    party: 'USA',
    expires: '2099-01-01T00:00:00.000Z',
  });
}

/**
 * `acceptable` cases are signatures a verifier may take or refuse (legacy encodings, weak parameters).
 * Bundles and key statements are made by this code only, so the verifier takes nothing it would not
 * make: acceptable cases are refused. The vector files of this version hold none (asserted below), so
 * a new file with some makes these tests say so.
 */
const expected = (r: Result) => r === 'valid';

describe('Ed25519 signatures against the Wycheproof vectors', () => {
  const cases = load<{ pk: string }>('wycheproof_ed25519_test.json').flatMap((g) =>
    g.tests.map((t) => ({
      ...t,
      jwk: { kty: 'OKP' as const, crv: 'Ed25519' as const, x: Buffer.from(g.publicKey.pk, 'hex').toString('base64url') },
    })),
  );

  it('holds valid and invalid cases, and no acceptable one', () => {
    expect(cases.filter((c) => c.result === 'valid').length).toBe(88);
    expect(cases.filter((c) => c.result === 'invalid').length).toBe(63);
    expect(cases.filter((c) => c.result === 'acceptable').length).toBe(0);
  });

  it.each(cases)('test $tcId ($result) $comment', (c) => {
    const record = recordOf('Ed25519', c.jwk);
    expect(verifySignature(record, Buffer.from(c.msg, 'hex'), Buffer.from(c.sig, 'hex'))).toBe(expected(c.result));
  });
});

describe('ECDSA P-256 (IEEE P1363) signatures against the Wycheproof vectors', () => {
  // The key of each group from its uncompressed point (04 ‖ x ‖ y): not every group has a JWK.
  const cases = load<{ uncompressed: string }>('wycheproof_ecdsa_secp256r1_sha256_p1363_test.json').flatMap((g) => {
    const point = Buffer.from(g.publicKey.uncompressed, 'hex');
    const jwk = {
      kty: 'EC' as const,
      crv: 'P-256' as const,
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    };
    return g.tests.map((t) => ({ ...t, jwk }));
  });

  it('holds valid and invalid cases, and no acceptable one', () => {
    expect(cases.filter((c) => c.result === 'valid').length).toBe(173);
    expect(cases.filter((c) => c.result === 'invalid').length).toBe(89);
    expect(cases.filter((c) => c.result === 'acceptable').length).toBe(0);
  });

  it.each(cases)('test $tcId ($result) $comment', (c) => {
    const record = recordOf('ES256', c.jwk);
    expect(verifySignature(record, Buffer.from(c.msg, 'hex'), Buffer.from(c.sig, 'hex'))).toBe(expected(c.result));
  });
});

describe('keys pinned to one algorithm', () => {
  const message = new TextEncoder().encode('bundle header');
  const who = { installation: 'jointplan-mar', party: 'MAR', use: 'exchange' as const, expires: '2099-01-01T00:00:00.000Z' };

  it.each(['Ed25519', 'ES256'] as const)('signs and verifies with a new %s key, and refuses another message or key', (alg) => {
    const key = generateSigningKey(alg);
    const record = publicKeyRecordSchema.parse(publicKeyRecord(key, who));
    const sig = signBytes(key, message);
    expect(sig.length).toBe(64);
    expect(verifySignature(record, message, sig)).toBe(true);
    expect(verifySignature(record, new TextEncoder().encode('bundle headers'), sig)).toBe(false);
    const other = publicKeyRecord(generateSigningKey(alg), who);
    expect(verifySignature(other, message, sig)).toBe(false);
  });

  it('never checks a signature with another algorithm than the key is pinned to', () => {
    const ed = generateSigningKey('Ed25519');
    const ec = generateSigningKey('ES256');
    const edRecord = publicKeyRecord(ed, who);
    const ecRecord = publicKeyRecord(ec, who);
    // A record claiming ES256 for an Ed25519 key (or the reverse) is not a key at all.
    expect(verifySignature({ ...edRecord, alg: 'ES256' }, message, signBytes(ed, message))).toBe(false);
    expect(verifySignature({ ...ecRecord, alg: 'Ed25519' }, message, signBytes(ec, message))).toBe(false);
    // An ES256 signature in DER form (not P1363) is refused.
    const der = Buffer.from(signBytes(ec, message));
    expect(verifyEs256(ec.publicKey, message, Buffer.concat([Buffer.from([0x30, 0x44]), der]))).toBe(false);
  });

  it('trusts a record only when its fingerprint and key id are those of its key', () => {
    const key = generateSigningKey('Ed25519');
    const record = publicKeyRecord(key, who);
    const sig = signBytes(key, message);
    const other = publicKeyRecord(generateSigningKey('Ed25519'), who);
    expect(verifySignature({ ...record, fingerprint: other.fingerprint, keyId: other.keyId }, message, sig)).toBe(false);
    expect(verifySignature({ ...record, publicKey: other.publicKey }, message, sig)).toBe(false);
  });

  it('gives an audit key the same key id as `jointplan audit key` (src/store/ed25519.ts)', () => {
    const key = generateSigningKey('Ed25519');
    const raw = Buffer.from(publicKeyRecord(key, who).publicKey.x, 'base64url');
    expect(key.keyId).toBe(keyIdOf(ed25519PublicKey(raw)));
    expect(key.fingerprint.startsWith(key.keyId)).toBe(true);
  });
});

describe('the exchange key file', () => {
  it('is made on first use, readable by its owner only, read back as the same key, and pinned to its algorithm', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jointplan-exchange-key-'));
    try {
      const file = join(dir, 'keys', 'exchange-signing-key.pem');
      const first = loadSigningKey(file, 'ES256');
      expect(first.created).toBe(true);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const again = loadSigningKey(file, 'ES256');
      expect(again.created).toBe(false);
      expect(again.key.fingerprint).toBe(first.key.fingerprint);
      const message = new TextEncoder().encode('m');
      const record = publicKeyRecord(first.key, {
        installation: 'i',
        party: 'MAR',
        use: 'exchange',
        expires: '2099-01-01T00:00:00.000Z',
      });
      expect(verifySignature(record, message, signBytes(again.key, message))).toBe(true);
      expect(() => loadSigningKey(file, 'Ed25519')).toThrow(/ES256/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
