import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditCheckpoint } from '../../../src/domain/audit-checkpoint.js';
import { DomainError } from '../../../src/domain/errors.js';
import {
  BUNDLE_MAGIC,
  type BundleFields,
  buildBundle,
  bundleHashOf,
  type SenderState,
  sha256Hex,
  type VerifyContext,
  verifyBundle,
  verifyBundleStream,
} from '../../../src/domain/exchange/bundle.js';
import { applyKeyStatement, signKeyStatement, type TrustedKey, trustKey } from '../../../src/domain/exchange/keys.js';
import { signCheckpoint } from '../../../src/store/ed25519.js';
import { generateSigningKey, publicKeyRecord, type SigningKey, signerOf, verifySignature } from '../../../src/store/signing.js';
import { refusal } from '../../support/refusal.js';

const NOW = new Date('2026-06-15T10:00:00.000Z');
const MAR = { installation: 'jointplan-mar', party: 'MAR' };
const ISR = { installation: 'jointplan-isr', party: 'ISR' };
const USA = { installation: 'jointplan-usa', party: 'USA' };
const EXPIRES = '2027-06-15T00:00:00.000Z';

/** The sending installation MAR: its exchange key (either algorithm), its audit key, its audit chain. */
function sender(alg: 'Ed25519' | 'ES256' = 'Ed25519') {
  const exchange = generateSigningKey(alg);
  const audit = generateSigningKey('Ed25519');
  const keys: TrustedKey[] = [
    trustKey(publicKeyRecord(exchange, { ...MAR, use: 'exchange', expires: EXPIRES })),
    trustKey(publicKeyRecord(audit, { ...MAR, use: 'audit', expires: EXPIRES })),
  ];
  const checkpoint = (treeSize: number, headHash = sha256Hex(new TextEncoder().encode(`head ${treeSize}`))): AuditCheckpoint =>
    signCheckpoint(audit.privateKey, { treeSize, headHash, time: NOW.toISOString(), keyId: audit.keyId });
  return { exchange, audit, keys, checkpoint };
}
type Sender = ReturnType<typeof sender>;

const content = (text = '{"kind":"activity","id":"a1"}\n{"kind":"activity","id":"a2"}\n') => new TextEncoder().encode(text);

function fields(s: Sender, over: Partial<BundleFields> = {}): BundleFields {
  return {
    bundleId: randomUUID(),
    sender: MAR,
    audience: ISR,
    sequence: 1,
    previousHash: null,
    createdAt: '2026-06-15T09:00:00.000Z',
    expiresAt: '2026-06-22T09:00:00.000Z',
    checkpoint: s.checkpoint(10),
    ...over,
  };
}

/** ISR's view: the keys it trusts, the state it recorded per sender. */
function receiver(
  keys: readonly TrustedKey[],
  state: SenderState | null = null,
  over: Partial<VerifyContext> = {},
): VerifyContext {
  return { self: ISR, keys, stateOf: (i) => (i === MAR.installation ? state : null), now: NOW, verify: verifySignature, ...over };
}

/** A chain of bundles 1..n from MAR to ISR, each following the last. */
function chain(s: Sender, n: number) {
  const out: Uint8Array[] = [];
  let previousHash: string | null = null;
  for (let i = 1; i <= n; i++) {
    const b = buildBundle(
      fields(s, { sequence: i, previousHash, checkpoint: s.checkpoint(10 * i) }),
      content(`{"n":${i}}\n`),
      signerOf(s.exchange),
    );
    previousHash = bundleHashOf(b);
    out.push(b);
  }
  return out;
}

describe.each(['Ed25519', 'ES256'] as const)('a bundle signed with %s', (alg) => {
  it('is accepted by its audience, its content handed back unparsed, with the state to record', () => {
    const s = sender(alg);
    const body = content();
    const bytes = buildBundle(fields(s), body, signerOf(s.exchange));
    expect(new TextDecoder().decode(bytes.subarray(0, BUNDLE_MAGIC.length))).toBe(BUNDLE_MAGIC);
    const v = verifyBundle(bytes, receiver(s.keys));
    expect(v.content).toEqual(body);
    expect(v.header).toMatchObject({ alg, kid: s.exchange.keyId, sender: MAR, audience: ISR, sequence: 1 });
    expect(v.nextState).toEqual({
      sequence: 1,
      bundleId: v.header.bundleId,
      bundleHash: bundleHashOf(bytes),
      checkpoint: { treeSize: 10, headHash: v.header.checkpoint.headHash },
    });
  });

  it('follows on: each next bundle accepted against the state the last one left', () => {
    const s = sender(alg);
    let state: SenderState | null = null;
    for (const b of chain(s, 4)) state = verifyBundle(b, receiver(s.keys, state)).nextState;
    expect(state?.sequence).toBe(4);
  });
});

describe('each refusal of a bundle is its own coded error', () => {
  const s = sender();
  const [b1, b2, b3] = chain(s, 3) as [Uint8Array, Uint8Array, Uint8Array];
  const after1 = verifyBundle(b1, receiver(s.keys)).nextState;
  const after2 = verifyBundle(b2, receiver(s.keys, after1)).nextState;
  const sign = (f: Partial<BundleFields>, key: SigningKey = s.exchange, body = content()) =>
    buildBundle(fields(s, f), body, signerOf(key));
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  const bytes = (t: string) => new TextEncoder().encode(t);
  /** The bundle with its header rewritten by `f`, written canonically or not, the original signature kept. */
  const rewriteHeader = (b: Uint8Array, f: (h: Record<string, unknown>) => void, canonical = true) => {
    const [magic, header, sig, ...rest] = text(b).split('\n');
    const h = JSON.parse(header as string);
    f(h);
    const keys = Object.keys(h).sort();
    const ordered = Object.fromEntries((canonical ? keys : keys.reverse()).map((k) => [k, h[k]]));
    return bytes([magic, JSON.stringify(ordered), sig, ...rest].join('\n'));
  };

  it.each([
    ['a file that is not a bundle', () => bytes('{"format":"jointplan.work-plan"}'), 'exchange.bundle_malformed'],
    ['a header that is not canonical JSON', () => rewriteHeader(b1, () => {}, false), 'exchange.bundle_malformed'],
    [
      'a header of another type',
      () =>
        rewriteHeader(b1, (h) => {
          h.typ = 'JWT';
        }),
      'exchange.bundle_wrong_type',
    ],
  ])('refuses %s', (_what, make, code) => {
    expect(refusal(() => verifyBundle(make(), receiver(s.keys))).code).toBe(code);
  });

  it('refuses a bundle for another installation (wrong audience)', () => {
    expect(refusal(() => verifyBundle(sign({ audience: USA }), receiver(s.keys))).code).toBe('exchange.wrong_audience');
    expect(
      refusal(() => verifyBundle(sign({ audience: { ...ISR, installation: 'jointplan-isr-2' } }), receiver(s.keys))).code,
    ).toBe('exchange.wrong_audience');
  });

  it('refuses an expired bundle (expired)', () => {
    expect(refusal(() => verifyBundle(sign({ expiresAt: '2026-06-15T09:59:59.000Z' }), receiver(s.keys))).code).toBe(
      'exchange.bundle_expired',
    );
  });

  it('refuses a bundle made in the future (not yet valid)', () => {
    expect(refusal(() => verifyBundle(sign({ createdAt: '2026-06-15T10:06:00.000Z' }), receiver(s.keys))).code).toBe(
      'exchange.bundle_not_yet_valid',
    );
  });

  it('refuses a replayed bundle (the same sequence, the same header)', () => {
    expect(refusal(() => verifyBundle(b2, receiver(s.keys, after2))).code).toBe('exchange.bundle_replayed');
  });

  it('refuses an older bundle (rollback)', () => {
    expect(refusal(() => verifyBundle(b1, receiver(s.keys, after2))).code).toBe('exchange.bundle_rollback');
  });

  it('refuses a bundle that skips one (gap), and a first bundle that is not number 1', () => {
    expect(refusal(() => verifyBundle(b3, receiver(s.keys, after1))).code).toBe('exchange.bundle_gap');
    expect(refusal(() => verifyBundle(b2, receiver(s.keys))).code).toBe('exchange.bundle_gap');
  });

  it('refuses a fork: a next bundle whose previous hash is not the one recorded, or another bundle with the same number', () => {
    expect(
      refusal(() => verifyBundle(sign({ sequence: 3, previousHash: after1.bundleHash }), receiver(s.keys, after2))).code,
    ).toBe('exchange.bundle_forked');
    expect(
      refusal(() => verifyBundle(sign({ sequence: 2, previousHash: after1.bundleHash }), receiver(s.keys, after2))).code,
    ).toBe('exchange.bundle_forked');
    expect(refusal(() => verifyBundle(sign({ sequence: 1, previousHash: after1.bundleHash }), receiver(s.keys))).code).toBe(
      'exchange.bundle_forked',
    );
  });

  it('refuses mutated or added bytes in the content (content mismatch)', () => {
    const flipped = (at: number) => {
      const copy = b1.slice();
      copy[at] = (copy[at] as number) ^ 0x01;
      return copy;
    };
    expect(refusal(() => verifyBundle(flipped(b1.length - 3), receiver(s.keys))).code).toBe('exchange.content_mismatch');
    const appended = new Uint8Array([...b1, 0x0a]);
    expect(refusal(() => verifyBundle(appended, receiver(s.keys))).code).toBe('exchange.content_mismatch');
  });

  it('refuses mutated bytes in the header or in the signature (bad signature)', () => {
    const header = text(b1).split('\n')[1] as string;
    const signed = text(b1).split('\n')[2] as string;
    const inSequence = text(b1).replace('"sequence":1', '"sequence":2');
    expect(inSequence).not.toBe(text(b1));
    expect(refusal(() => verifyBundle(bytes(inSequence), receiver(s.keys, after1))).code).toBe('exchange.bad_signature');
    expect(header.length).toBeGreaterThan(0);
    const sig = Buffer.from(signed, 'base64url');
    sig[5] = (sig[5] as number) ^ 0x80;
    expect(refusal(() => verifyBundle(bytes(text(b1).replace(signed, sig.toString('base64url'))), receiver(s.keys))).code).toBe(
      'exchange.bad_signature',
    );
  });

  it('names a bundle by its header, so that an ECDSA signature made malleable (s to n - s) does not make a replay new', () => {
    const ec = sender('ES256');
    const first = buildBundle(fields(ec), content(), signerOf(ec.exchange));
    const state = verifyBundle(first, receiver(ec.keys)).nextState;
    const [magic, header, signature, ...rest] = text(first).split('\n');
    const sig = Buffer.from(signature as string, 'base64url');
    const n = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
    const s2 = n - BigInt(`0x${sig.subarray(32).toString('hex')}`);
    const flipped = Buffer.concat([sig.subarray(0, 32), Buffer.from(s2.toString(16).padStart(64, '0'), 'hex')]);
    const twin = bytes([magic, header, flipped.toString('base64url'), ...rest].join('\n'));
    // The other signature verifies (ECDSA allows both), and the bundle is still the one already applied.
    expect(verifyBundle(twin, receiver(ec.keys)).bundleHash).toBe(state.bundleHash);
    expect(refusal(() => verifyBundle(twin, receiver(ec.keys, state))).code).toBe('exchange.bundle_replayed');
  });

  it('refuses a mutated byte anywhere in the bundle (property)', () => {
    fc.assert(
      fc.property(fc.nat({ max: b1.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, mask) => {
        const copy = b1.slice();
        copy[at] = (copy[at] as number) ^ mask;
        expect(() => verifyBundle(copy, receiver(s.keys))).toThrow(DomainError);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses a bundle signed by an unknown key (unknown key)', () => {
    const stranger = generateSigningKey('Ed25519');
    expect(refusal(() => verifyBundle(sign({}, stranger), receiver(s.keys))).code).toBe('exchange.unknown_key');
  });

  it('refuses a bundle signed by a key of another installation (not the sender’s)', () => {
    const usaKey = generateSigningKey('Ed25519');
    const keys = [...s.keys, trustKey(publicKeyRecord(usaKey, { ...USA, use: 'exchange', expires: EXPIRES }))];
    expect(refusal(() => verifyBundle(sign({}, usaKey), receiver(keys))).code).toBe('exchange.key_not_senders');
  });

  it('refuses a bundle signed by the sender’s audit key, which is not trusted to sign bundles (unknown key)', () => {
    // The audit key is trusted, but not to sign bundles.
    expect(refusal(() => verifyBundle(sign({}, s.audit), receiver(s.keys))).code).toBe('exchange.unknown_key');
  });

  it('refuses a header naming another algorithm than its key’s (algorithm mismatch)', () => {
    const claimsEs256 = rewriteHeader(b1, (h) => {
      h.alg = 'ES256';
    });
    expect(refusal(() => verifyBundle(claimsEs256, receiver(s.keys))).code).toBe('exchange.key_algorithm_mismatch');
  });

  it('refuses a bundle signed by an expired key (key expired)', () => {
    const expired = s.keys.map((k) => (k.use === 'exchange' ? { ...k, expires: '2026-06-01T00:00:00.000Z' } : k));
    expect(refusal(() => verifyBundle(b1, receiver(expired))).code).toBe('exchange.key_expired');
  });

  it('refuses a bundle signed by a revoked key (key revoked)', () => {
    const revoked = s.keys.map((k) => (k.use === 'exchange' ? { ...k, revokedAt: '2026-06-10T00:00:00.000Z' } : k));
    expect(refusal(() => verifyBundle(b1, receiver(revoked))).code).toBe('exchange.key_revoked');
  });

  it('refuses a bundle signed by a rotated-out key, and takes one of the new key (key rotated out)', () => {
    // Rotated out by a statement signed by the old and the new key: bundles of the old key are refused, of the new one taken.
    const next = generateSigningKey('ES256');
    const statement = signKeyStatement(
      {
        typ: 'application/vnd.jointplan.key-statement+json',
        kind: 'rotation',
        ...MAR,
        keyId: s.exchange.keyId,
        newKey: publicKeyRecord(next, { ...MAR, use: 'exchange', expires: EXPIRES }),
        issuedAt: '2026-06-14T00:00:00.000Z',
      },
      [signerOf(s.exchange), signerOf(next)],
    );
    const rotated = applyKeyStatement(s.keys, statement, verifySignature, NOW);
    expect(refusal(() => verifyBundle(b1, receiver(rotated))).code).toBe('exchange.key_rotated_out');
    expect(verifyBundle(sign({}, next), receiver(rotated)).header.alg).toBe('ES256');
  });

  it('refuses a checkpoint not signed by a trusted audit key of the sender', () => {
    const forged = { ...s.checkpoint(10), headHash: 'f'.repeat(64) };
    expect(refusal(() => verifyBundle(sign({ checkpoint: forged }), receiver(s.keys))).code).toBe('exchange.checkpoint_invalid');
    const other = generateSigningKey('Ed25519');
    const byOther = signCheckpoint(other.privateKey, {
      treeSize: 10,
      headHash: 'a'.repeat(64),
      time: NOW.toISOString(),
      keyId: other.keyId,
    });
    expect(refusal(() => verifyBundle(sign({ checkpoint: byOther }), receiver(s.keys))).code).toBe('exchange.checkpoint_invalid');
  });

  it("refuses a partner's audit log that shrank since its last bundle (checkpoint shrunk)", () => {
    // after2 recorded a checkpoint of 20 entries.
    expect(
      refusal(() =>
        verifyBundle(
          sign({ sequence: 3, previousHash: after2.bundleHash, checkpoint: s.checkpoint(15) }),
          receiver(s.keys, after2),
        ),
      ).code,
    ).toBe('exchange.checkpoint_shrunk');
  });

  it("refuses a partner's audit log that forked since its last bundle (checkpoint forked)", () => {
    expect(
      refusal(() =>
        verifyBundle(
          sign({ sequence: 3, previousHash: after2.bundleHash, checkpoint: s.checkpoint(20, 'b'.repeat(64)) }),
          receiver(s.keys, after2),
        ),
      ).code,
    ).toBe('exchange.checkpoint_forked');
    expect(
      verifyBundle(sign({ sequence: 3, previousHash: after2.bundleHash, checkpoint: s.checkpoint(20) }), receiver(s.keys, after2))
        .nextState.sequence,
    ).toBe(3);
  });
});

describe('a bundle checked as a stream', () => {
  const s = sender('ES256');
  async function* chunked(bytes: Uint8Array, sizes: number[]) {
    let at = 0;
    let i = 0;
    while (at < bytes.length) {
      const size = sizes[i++ % sizes.length] as number;
      yield bytes.subarray(at, at + size);
      at += size;
    }
  }
  const collect = () => {
    const parts: Uint8Array[] = [];
    return { parts, onContent: (c: Uint8Array) => void parts.push(c.slice()), bytes: () => Buffer.concat(parts) };
  };

  it('gives what the whole check gives, whatever the chunk sizes', async () => {
    const body = content('{"kind":"activity"}\n'.repeat(300));
    const bytes = buildBundle(fields(s), body, signerOf(s.exchange));
    const whole = verifyBundle(bytes, receiver(s.keys));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 8_000 }), { minLength: 1, maxLength: 5 }), async (sizes) => {
        const out = collect();
        const head = await verifyBundleStream(chunked(bytes, sizes), receiver(s.keys), out.onContent);
        expect(head.nextState).toEqual(whole.nextState);
        expect(new Uint8Array(out.bytes())).toEqual(body);
      }),
      { numRuns: 40 },
    );
  });

  it('hands over no content before the head passed, and refuses altered or extra content at the end', async () => {
    const bytes = buildBundle(fields(s, { audience: USA }), content(), signerOf(s.exchange));
    const out = collect();
    await expect(verifyBundleStream(chunked(bytes, [7]), receiver(s.keys), out.onContent)).rejects.toMatchObject({
      code: 'exchange.wrong_audience',
    });
    expect(out.parts).toEqual([]);

    const good = buildBundle(fields(s), content('{"a":1}\n'.repeat(1000)), signerOf(s.exchange));
    const altered = good.slice();
    altered[altered.length - 2] = 0x30;
    await expect(verifyBundleStream(chunked(altered, [4096]), receiver(s.keys), () => {})).rejects.toMatchObject({
      code: 'exchange.content_mismatch',
    });
    const longer = new Uint8Array([...good, 0x0a]);
    await expect(verifyBundleStream(chunked(longer, [4096]), receiver(s.keys), () => {})).rejects.toMatchObject({
      code: 'exchange.content_mismatch',
    });
    const shorter = good.subarray(0, good.length - 1);
    await expect(verifyBundleStream(chunked(shorter, [4096]), receiver(s.keys), () => {})).rejects.toMatchObject({
      code: 'exchange.content_mismatch',
    });
  });

  it('keeps no more than a chunk of content at a time: chunks are handed over as they come', async () => {
    const body = new Uint8Array(8 * 1024 * 1024).fill(0x61);
    const bytes = buildBundle(fields(s), body, signerOf(s.exchange));
    let largest = 0;
    let total = 0;
    await verifyBundleStream(chunked(bytes, [65_536]), receiver(s.keys), (c) => {
      largest = Math.max(largest, c.length);
      total += c.length;
    });
    expect(total).toBe(body.length);
    expect(largest).toBeLessThanOrEqual(65_536);
  });
});
