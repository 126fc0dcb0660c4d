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

/** A perfect subtree on the builder's stack, and which of the leaves whose path is wanted it holds. */
interface Subtree {
  height: number;
  hash: Uint8Array;
  holds: number[];
}

/**
 * Builds the tree one leaf at a time, in memory of the order of its height (RFC 9162's tree of n leaves is the
 * perfect subtrees of n's binary decomposition, largest first, folded from the right), and collects on the way the
 * audit paths of the leaves named at the start: a log of any size is read in pages, never held whole.
 */
export class TreeBuilder {
  private readonly stack: Subtree[] = [];
  private readonly paths = new Map<number, Uint8Array[]>();
  private size = 0;

  constructor(
    wanted: readonly number[] = [],
    private readonly hash: Sha256 = sha256,
  ) {
    for (const leaf of wanted) this.paths.set(leaf, []);
  }

  /** Adds the next leaf: the hash of the entry after the last one added. */
  add(entryHash: string): void {
    const leaf = this.size++;
    let right: Subtree = { height: 0, hash: leafHash(entryHash, this.hash), holds: this.paths.has(leaf) ? [leaf] : [] };
    for (let top = this.stack.at(-1); top && top.height === right.height; top = this.stack.at(-1)) {
      this.stack.pop();
      right = { height: right.height + 1, ...this.join(top, right) };
    }
    this.stack.push(right);
  }

  /** The root of the leaves added, and the audit path (bottom up) of each leaf named at the start. */
  finish(): { size: number; root: string; paths: Map<number, string[]> } {
    const top = this.stack.at(-1);
    let acc: Omit<Subtree, 'height'> = top ?? { hash: hexToBytes(EMPTY_ROOT), holds: [] };
    for (let j = this.stack.length - 2; j >= 0; j--) acc = this.join(this.stack[j] as Subtree, acc);
    for (const leaf of this.paths.keys())
      if (leaf < 0 || leaf >= this.size) throw new RangeError(`no leaf ${leaf} in a tree of ${this.size}`);
    const paths = new Map([...this.paths].map(([leaf, path]) => [leaf, path.map(bytesToHex)]));
    return { size: this.size, root: bytesToHex(acc.hash), paths };
  }

  /** The node over `left` and `right`; each is the other's sibling on the paths it holds. */
  private join(left: Omit<Subtree, 'height'>, right: Omit<Subtree, 'height'>): Omit<Subtree, 'height'> {
    for (const leaf of left.holds) this.paths.get(leaf)?.push(right.hash);
    for (const leaf of right.holds) this.paths.get(leaf)?.push(left.hash);
    return { hash: nodeHash(left.hash, right.hash, this.hash), holds: [...left.holds, ...right.holds] };
  }
}

const built = (entryHashes: Iterable<string>, wanted: readonly number[] = [], hash: Sha256 = sha256) => {
  const builder = new TreeBuilder(wanted, hash);
  for (const h of entryHashes) builder.add(h);
  return builder.finish();
};

/** RFC 9162's Merkle tree hash of a log whose entries hashed to `entryHashes`, in order. */
export function treeRoot(entryHashes: readonly string[]): string {
  return built(entryHashes).root;
}

/** The audit path of leaf `leaf` (entry `leaf + 1`) in the tree of `entryHashes`. */
export function auditPath(entryHashes: readonly string[], leaf: number): string[] {
  return built(entryHashes, [leaf]).paths.get(leaf) ?? [];
}

/** The leaves whose paths prove that a log of `size` entries extends its first `fromSize`. */
function proofLeaves(size: number, fromSize: number): number[] {
  if (!Number.isInteger(fromSize) || fromSize < 0 || fromSize > size)
    throw new RangeError(`cannot prove a log of ${size} entries extends one of ${fromSize}`);
  return [...(fromSize > 0 ? [fromSize - 1] : []), ...(size > 0 ? [size - 1] : [])];
}

const proofOf = (tree: ReturnType<TreeBuilder['finish']>, fromSize: number): ExtensionProof => ({
  root: tree.root,
  fromSize,
  fromPath: fromSize === 0 ? [] : (tree.paths.get(fromSize - 1) ?? []),
  headPath: tree.size === 0 ? [] : (tree.paths.get(tree.size - 1) ?? []),
});

/**
 * The proof that the log of `entryHashes` (all of it, entries 1..n) extends its first `fromSize` entries, as a
 * partner kept them.
 */
export function extensionProof(entryHashes: readonly string[], fromSize: number, hash: Sha256 = sha256): ExtensionProof {
  return proofOf(built(entryHashes, proofLeaves(entryHashes.length, fromSize), hash), fromSize);
}

/**
 * `extensionProof` over a log of `size` entries read in pages, in order, so that its memory stays of the order of
 * the tree's height and a page, whatever the log's size.
 */
export async function extensionProofOf(
  pages: AsyncIterable<readonly string[]>,
  size: number,
  fromSize: number,
  hash: Sha256 = sha256,
): Promise<ExtensionProof> {
  const builder = new TreeBuilder(proofLeaves(size, fromSize), hash);
  for await (const page of pages) for (const h of page) builder.add(h);
  const tree = builder.finish();
  if (tree.size !== size) throw new RangeError(`a log of ${size} entries gave ${tree.size}`);
  return proofOf(tree, fromSize);
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
