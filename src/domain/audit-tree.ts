import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { GENESIS_HASH } from './audit-chain.js';

/**
 * A Merkle tree (RFC 9162 §2.1) over the audit chain's entry hashes, for proofs a partner checks
 * without reading a single entry (docs/exchange.md §4, "Audit proofs"). Leaf `i` is the hash of entry `i + 1`, as
 * its 32 bytes: leaf hash SHA-256(0x00 || bytes), node hash SHA-256(0x01 || left || right), the
 * tree of n leaves split at the largest power of two below n.
 *
 * The chain already commits to its past -- each entry's hash seals the one before -- so that "the
 * log of `treeSize` entries extends the log of `fromSize` entries the partner kept" is exactly "entry
 * `fromSize` of the new log still has the hash the partner kept". An `ExtensionProof` proves it with
 * two audit paths (RFC 9162 §2.1.3) in one tree: the kept head as leaf `fromSize - 1`, the new head as
 * leaf `treeSize - 1`, both leading to the same root.
 */

export interface ExtensionProof {
  /** RFC 9162 Merkle tree hash of the entry hashes 1..treeSize. */
  root: string;
  /** Size of the last checkpoint sent to the same recipient (0: none sent before). */
  fromSize: number;
  /** Audit path of entry `fromSize` (leaf `fromSize - 1`); empty when `fromSize` is 0. */
  fromPath: string[];
  /** Audit path of entry `treeSize`, the checkpoint's head (leaf `treeSize - 1`). */
  headPath: string[];
}

const EMPTY_ROOT = bytesToHex(sha256(new Uint8Array(0)));

/** SHA-256 of some bytes: this pure one by default; the server passes its own, faster (`node:crypto`). */
export type Sha256 = (bytes: Uint8Array) => Uint8Array;

function leafHash(entryHash: string, hash: Sha256 = sha256): Uint8Array {
  const data = hexToBytes(entryHash);
  const buf = new Uint8Array(1 + data.length);
  buf.set(data, 1);
  return hash(buf);
}

function nodeHash(left: Uint8Array, right: Uint8Array, hash: Sha256 = sha256): Uint8Array {
  const buf = new Uint8Array(65);
  buf[0] = 1;
  buf.set(left, 1);
  buf.set(right, 33);
  return hash(buf);
}

/**
 * The tree's levels, leaves first: each level pairs the nodes of the one below, and an odd last
 * node goes up unpaired -- which builds exactly RFC 9162's tree (split at the largest power of two).
 */
function levels(entryHashes: readonly string[], hash: Sha256 = sha256): Uint8Array[][] {
  const out: Uint8Array[][] = [entryHashes.map((h) => leafHash(h, hash))];
  for (let level = out[0] as Uint8Array[]; level.length > 1; ) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i] as Uint8Array, level[i + 1] as Uint8Array, hash));
    if (level.length % 2 === 1) next.push(level[level.length - 1] as Uint8Array);
    out.push(next);
    level = next;
  }
  return out;
}

function pathOf(tree: Uint8Array[][], leaf: number): string[] {
  const path: string[] = [];
  let i = leaf;
  for (const level of tree.slice(0, -1)) {
    const sibling = i ^ 1;
    if (sibling < level.length) path.push(bytesToHex(level[sibling] as Uint8Array));
    i >>= 1;
  }
  return path;
}

/** RFC 9162's Merkle tree hash of a log whose entries hashed to `entryHashes`, in order. */
export function treeRoot(entryHashes: readonly string[]): string {
  if (entryHashes.length === 0) return EMPTY_ROOT;
  const tree = levels(entryHashes);
  return bytesToHex((tree[tree.length - 1] as Uint8Array[])[0] as Uint8Array);
}

/** The audit path of leaf `leaf` (entry `leaf + 1`) in the tree of `entryHashes`. */
export function auditPath(entryHashes: readonly string[], leaf: number): string[] {
  if (leaf < 0 || leaf >= entryHashes.length) throw new RangeError(`no leaf ${leaf} in a tree of ${entryHashes.length}`);
  return pathOf(levels(entryHashes), leaf);
}

/**
 * The proof that the log of `entryHashes` (all of it, entries 1..n) extends its first `fromSize`
 * entries, as a partner kept them.
 */
export function extensionProof(entryHashes: readonly string[], fromSize: number, hash: Sha256 = sha256): ExtensionProof {
  const n = entryHashes.length;
  if (!Number.isInteger(fromSize) || fromSize < 0 || fromSize > n)
    throw new RangeError(`cannot prove a log of ${n} entries extends one of ${fromSize}`);
  if (n === 0) return { root: EMPTY_ROOT, fromSize, fromPath: [], headPath: [] };
  const tree = levels(entryHashes, hash);
  return {
    root: bytesToHex((tree[tree.length - 1] as Uint8Array[])[0] as Uint8Array),
    fromSize,
    fromPath: fromSize === 0 ? [] : pathOf(tree, fromSize - 1),
    headPath: pathOf(tree, n - 1),
  };
}

/** RFC 9162 §2.1.3.2: whether `path` leads from entry hash `entryHash` at `leaf` in a tree of `treeSize` to `root`. */
export function verifyAuditPath(
  entryHash: string,
  leaf: number,
  treeSize: number,
  path: readonly string[],
  root: string,
): boolean {
  if (!Number.isInteger(leaf) || leaf < 0 || leaf >= treeSize) return false;
  let fn = leaf;
  let sn = treeSize - 1;
  let r = leafHash(entryHash);
  for (const p of path) {
    if (sn === 0) return false;
    const node = hexToBytes(p);
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(node, r);
      if (fn % 2 === 0)
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
    } else r = nodeHash(r, node);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && bytesToHex(r) === root;
}

/**
 * Whether `proof` shows that the log whose entry `treeSize` hashes to `headHash` still holds, as its
 * entry `kept.treeSize`, the head `kept.headHash` a partner kept (nothing kept: the head alone).
 */
export function verifyExtension(
  proof: ExtensionProof,
  checkpoint: { treeSize: number; headHash: string },
  kept: { treeSize: number; headHash: string } | null,
): boolean {
  const { treeSize, headHash } = checkpoint;
  if (treeSize === 0) {
    if (headHash !== GENESIS_HASH || proof.root !== EMPTY_ROOT || proof.headPath.length > 0) return false;
  } else if (!verifyAuditPath(headHash, treeSize - 1, treeSize, proof.headPath, proof.root)) return false;
  if (!kept) return true;
  // The same checkpoint as the one kept is the same log: nothing to prove.
  if (kept.treeSize === treeSize && kept.headHash === headHash) return true;
  if (proof.fromSize !== kept.treeSize || kept.treeSize > treeSize) return false;
  if (kept.treeSize === 0) return kept.headHash === GENESIS_HASH && proof.fromPath.length === 0;
  return verifyAuditPath(kept.headHash, kept.treeSize - 1, treeSize, proof.fromPath, proof.root);
}
