import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../src/domain/audit-chain.js';
import {
  auditPath,
  extensionProof,
  extensionProofOf,
  treeRoot,
  verifyAuditPath,
  verifyExtension,
} from '../../src/domain/audit-tree.js';

/** RFC 9162 §2.1.1 as written: the reference the levelled tree is held to. */
function mth(leaves: string[]): string {
  const h = (...parts: Uint8Array[]) => {
    const buf = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      buf.set(p, at);
      at += p.length;
    }
    return sha256(buf);
  };
  const go = (d: string[]): Uint8Array => {
    if (d.length === 0) return sha256(new Uint8Array(0));
    if (d.length === 1) return h(new Uint8Array([0]), hexToBytes(d[0] as string));
    let k = 1;
    while (k * 2 < d.length) k *= 2;
    return h(new Uint8Array([1]), go(d.slice(0, k)), go(d.slice(k)));
  };
  return bytesToHex(go(leaves));
}

const entry = (i: number) => bytesToHex(sha256(utf8ToBytes(`entry ${i}`)));
const log = (n: number) => Array.from({ length: n }, (_, i) => entry(i + 1));

describe('the Merkle tree over the audit chain (RFC 9162)', () => {
  it('has the root RFC 9162 defines, and every audit path leads to it', () => {
    for (let n = 0; n <= 70; n++) {
      const leaves = log(n);
      expect(treeRoot(leaves)).toBe(mth(leaves));
      for (let i = 0; i < n; i++)
        expect(verifyAuditPath(leaves[i] as string, i, n, auditPath(leaves, i), mth(leaves))).toBe(true);
    }
  });

  it('matches the RFC test vector of the empty tree', () => {
    expect(treeRoot([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('refuses a path for another leaf, another place, another root, or with a node changed or missing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 300 }), fc.nat(), fc.nat(), (n, a, b) => {
        const leaves = log(n);
        const i = a % n;
        const path = auditPath(leaves, i);
        const root = treeRoot(leaves);
        expect(verifyAuditPath(leaves[i] as string, i, n, path, root)).toBe(true);
        const j = (i + 1 + (b % (n - 1))) % n;
        expect(verifyAuditPath(leaves[j] as string, i, n, path, root)).toBe(false);
        expect(verifyAuditPath(leaves[i] as string, j, n, path, root)).toBe(false);
        expect(verifyAuditPath(leaves[i] as string, i, n, path, treeRoot(leaves.slice(1)))).toBe(false);
        expect(verifyAuditPath(leaves[i] as string, i, n, path.slice(0, -1), root)).toBe(false);
        const k = b % path.length;
        const bent = path.map((p, x) => (x === k ? `${p.slice(0, 63)}${p[63] === '0' ? '1' : '0'}` : p));
        expect(verifyAuditPath(leaves[i] as string, i, n, bent, root)).toBe(false);
      }),
    );
  });

  it('proves a growing log extends what was kept, and no rewritten one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }), fc.nat(), (from, grow, at) => {
        const leaves = log(from + grow);
        const kept = { treeSize: from, headHash: from === 0 ? GENESIS_HASH : (leaves[from - 1] as string) };
        const now = { treeSize: leaves.length, headHash: leaves.length === 0 ? GENESIS_HASH : (leaves.at(-1) as string) };
        expect(verifyExtension(extensionProof(leaves, from), now, kept)).toBe(true);
        expect(verifyExtension(extensionProof(leaves, from), now, null)).toBe(true);
        // The same checkpoint again is the same log, whatever size the proof starts from.
        expect(verifyExtension(extensionProof(leaves, 0), now, now)).toBe(true);
        if (from === 0) return;
        // Entry `at` of the kept part rewritten, and every hash after it with it, as a chain would be.
        const k = at % from;
        const rewritten = leaves.map((h, i) => (i < k ? h : bytesToHex(sha256(utf8ToBytes(`rewritten ${h}`)))));
        const rnow = { treeSize: rewritten.length, headHash: rewritten.at(-1) as string };
        expect(verifyExtension(extensionProof(rewritten, from), rnow, kept)).toBe(false);
        // A proof from another size than the one kept proves nothing about it.
        // (At the same size, the same head is the same log, which needs no proof.)
        expect(verifyExtension(extensionProof(leaves, from - 1), now, kept)).toBe(grow === 0);
      }),
    );
  });

  it('makes the same proof from a log read in pages of any size as from the log held whole', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 300 }), fc.nat(), fc.integer({ min: 1, max: 40 }), async (n, f, pageSize) => {
        const leaves = log(n);
        const from = f % (n + 1);
        async function* pages() {
          for (let i = 0; i < n; i += pageSize) yield leaves.slice(i, i + pageSize);
        }
        expect(await extensionProofOf(pages(), n, from)).toEqual(extensionProof(leaves, from));
      }),
    );
    // A log that gives fewer entries than its checkpoint says proves nothing.
    async function* short() {
      yield log(3);
    }
    await expect(extensionProofOf(short(), 4, 2)).rejects.toThrow(RangeError);
  });
});
