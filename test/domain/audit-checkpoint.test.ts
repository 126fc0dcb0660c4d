import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { auditCheckpointSchema, checkpointBytes, checkpointLine } from '../../src/domain/audit-checkpoint.js';
import { canonicalJson } from '../../src/domain/canonical-json.js';
import { checkpointSignedBy, ed25519PublicKey, keyIdOf, signCheckpoint, verifyEd25519 } from '../../src/store/ed25519.js';
import { prng } from '../support/labelled-world.js';

interface WycheproofGroup {
  publicKey: { pk: string };
  tests: { tcId: number; comment: string; msg: string; sig: string; result: 'valid' | 'invalid' | 'acceptable' }[];
}

const VECTORS = fileURLToPath(new URL('../vectors/wycheproof_ed25519_test.json', import.meta.url));
const groups = (JSON.parse(readFileSync(VECTORS, 'utf8')) as { testGroups: WycheproofGroup[] }).testGroups;
const cases = groups.flatMap((g) => g.tests.map((t) => ({ ...t, pk: g.publicKey.pk })));

describe('Ed25519 verification against the Wycheproof vectors', () => {
  it('holds all of them', () => {
    expect(cases.length).toBe(151);
    expect(cases.filter((c) => c.result === 'valid').length).toBeGreaterThan(0);
    expect(cases.filter((c) => c.result === 'invalid').length).toBeGreaterThan(0);
  });

  it.each(cases)('test $tcId ($result) $comment', (c) => {
    const key = ed25519PublicKey(Buffer.from(c.pk, 'hex'));
    expect(verifyEd25519(key, Buffer.from(c.msg, 'hex'), Buffer.from(c.sig, 'hex'))).toBe(c.result === 'valid');
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every level and leaves out whitespace', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 'x', c: null }, true], é: 'ü\n"' })).toBe(
      '{"a":[{"c":null,"d":"x"},true],"b":1,"é":"ü\\n\\""}',
    );
  });

  it('orders keys by UTF-16 code units, as RFC 8785 does', () => {
    expect(canonicalJson({ '\u{1F600}': 1, '\uFB33': 2, a: 3 })).toBe('{"a":3,"\u{1F600}":1,"\uFB33":2}');
  });

  it('writes numbers as ECMAScript does, as RFC 8785 asks, and refuses what JSON cannot hold', () => {
    expect(canonicalJson({ a: 1.5, b: 1e21, c: -0, d: 2 ** 60 })).toBe('{"a":1.5,"b":1e+21,"c":0,"d":1152921504606847000}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ n: Number.POSITIVE_INFINITY })).toThrow(TypeError);
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
  });
});

describe('signed checkpoints', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyId = keyIdOf(publicKey);
  const head = { treeSize: 42, headHash: 'ab'.repeat(32), time: '2026-12-06T10:00:00.000Z', keyId };

  it('signs the canonical bytes of size, head, time and key, and verifies with the public key alone', () => {
    const c = signCheckpoint(privateKey, head);
    expect(new TextDecoder().decode(checkpointBytes(c))).toBe(
      `{"headHash":"${head.headHash}","keyId":"${keyId}","time":"2026-12-06T10:00:00.000Z","treeSize":42}`,
    );
    expect(auditCheckpointSchema.parse(JSON.parse(checkpointLine(c)))).toEqual(c);
    expect(checkpointSignedBy(publicKey, keyId, c)).toBe(true);
    // A raw 32-byte key, as a partner would hold it, verifies the same.
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
    expect(checkpointSignedBy(ed25519PublicKey(raw), keyId, c)).toBe(true);
  });

  it('refuses a checkpoint with any field changed, a signature of another key, or a signature re-encoded', () => {
    const c = signCheckpoint(privateKey, head);
    const rng = prng(6);
    for (let i = 0; i < 40; i++) {
      const size = rng.int(1000);
      const changed = [
        { ...c, treeSize: size === c.treeSize ? size + 1 : size },
        { ...c, headHash: `${rng.int(10)}${c.headHash.slice(1)}` },
        { ...c, time: `2026-12-0${1 + rng.int(5)}T10:00:00.000Z` },
      ];
      for (const x of changed) expect(checkpointSignedBy(publicKey, keyId, x)).toBe(false);
    }
    const other = generateKeyPairSync('ed25519');
    const forged = signCheckpoint(other.privateKey, head);
    expect(checkpointSignedBy(publicKey, keyId, forged)).toBe(false);
    expect(checkpointSignedBy(publicKey, keyId, { ...c, keyId: keyIdOf(other.publicKey) })).toBe(false);
    // The same bytes written as base64 instead of base64url are not the signature filed.
    expect(
      checkpointSignedBy(publicKey, keyId, { ...c, signature: Buffer.from(c.signature, 'base64url').toString('base64') }),
    ).toBe(false);
  });
});
