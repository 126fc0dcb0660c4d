import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** The fields of an audit entry that its hash seals, in a fixed order. */
export interface AuditFields {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_party: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  owner_party: string | null;
  classification: number;
  releasable_mask: number;
  compartment_mask: number;
  detail: string;
  prev_hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

export function hashAuditEntry(e: AuditFields): string {
  const sealed = [
    e.seq,
    e.at,
    e.actor_id,
    e.actor_party,
    e.action,
    e.entity_type,
    e.entity_id,
    e.owner_party,
    e.classification,
    e.releasable_mask,
    e.compartment_mask,
    e.detail,
    e.prev_hash,
  ];
  return bytesToHex(sha256(utf8ToBytes(JSON.stringify(sealed))));
}

export type ChainProblem = { seq: number; problem: string };

/**
 * Checks a run of entries read in `seq` order, continuing from `prev`. An
 * edited entry breaks its own hash; a deleted, inserted or reordered one
 * breaks the sequence or the link to its predecessor.
 */
export function verifyChain(
  entries: Iterable<AuditFields & { hash: string }>,
  prev: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): { ok: true; last: { seq: number; hash: string }; count: number } | { ok: false; first: ChainProblem } {
  let last = prev;
  let count = 0;
  for (const e of entries) {
    // Entries are read in seq order, so a jump means the entries between are gone.
    if (e.seq > last.seq + 1)
      return {
        ok: false,
        first: {
          seq: last.seq + 1,
          problem: `missing: the chain goes from entry ${last.seq} to entry ${e.seq} (entry deleted or out of order)`,
        },
      };
    if (e.seq !== last.seq + 1)
      return { ok: false, first: { seq: e.seq, problem: `out of order: entry ${e.seq} comes after entry ${last.seq}` } };
    if (e.prev_hash !== last.hash)
      return {
        ok: false,
        first: { seq: e.seq, problem: 'does not link to the entry before it (entry inserted, removed or reordered)' },
      };
    if (hashAuditEntry(e) !== e.hash)
      return { ok: false, first: { seq: e.seq, problem: 'content does not match its hash (entry edited)' } };
    last = { seq: e.seq, hash: e.hash };
    count++;
  }
  return { ok: true, last, count };
}
