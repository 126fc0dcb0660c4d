import { describe, expect, it } from 'vitest';
import { type AuditFields, GENESIS_HASH, hashAuditEntry, verifyChain } from '../../src/domain/audit-chain.js';

type Entry = AuditFields & { hash: string };

/** A valid chain of `n` entries, sealed the way the store appends them. */
function chain(n: number, from: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH }): Entry[] {
  const out: Entry[] = [];
  let prev = from.hash;
  for (let seq = from.seq + 1; seq <= from.seq + n; seq++) {
    const fields: AuditFields = {
      seq,
      at: `2026-01-0${(seq % 9) + 1}T10:00:00.000Z`,
      actor_id: `user-${seq % 3}`,
      actor_party: seq % 2 ? 'MAR' : 'ISR',
      action: 'activity.update',
      entity_type: 'activity',
      entity_id: `activity-${seq}`,
      owner_party: 'MAR',
      classification: seq % 5,
      releasable_mask: 2,
      compartment_mask: 0,
      detail: JSON.stringify({ n: seq }),
      prev_hash: prev,
    };
    prev = hashAuditEntry(fields);
    out.push({ ...fields, hash: prev });
  }
  return out;
}

/** Recomputes the hash of an entry after a change, as a careful forger would. */
const reseal = (e: Entry): Entry => ({ ...e, hash: hashAuditEntry(e) });

describe('verifyChain', () => {
  it('accepts an intact chain and says where it ends', () => {
    const entries = chain(6);
    expect(verifyChain(entries)).toEqual({ ok: true, last: { seq: 6, hash: entries[5]?.hash }, count: 6 });
  });

  it('accepts an empty run', () => {
    expect(verifyChain([])).toEqual({ ok: true, last: { seq: 0, hash: GENESIS_HASH }, count: 0 });
  });

  it('continues a chain from the last entry of a previous page', () => {
    const all = chain(10);
    const first = verifyChain(all.slice(0, 4));
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(verifyChain(all.slice(4), first.last)).toEqual({ ok: true, last: { seq: 10, hash: all[9]?.hash }, count: 6 });
  });

  it.each(['at', 'actor_id', 'action', 'entity_id', 'classification', 'releasable_mask', 'detail'] as const)(
    'detects an edit of %s and names the entry',
    (field) => {
      const entries = chain(6);
      const target = entries[3] as Entry;
      const edited = { ...target, [field]: typeof target[field] === 'number' ? Number(target[field]) + 1 : `${target[field]}!` };
      entries[3] = edited;
      expect(verifyChain(entries)).toEqual({
        ok: false,
        first: { seq: 4, problem: 'content does not match its hash (entry edited)' },
      });
    },
  );

  it('detects an edit whose hash was recomputed, at the next entry', () => {
    const entries = chain(6);
    entries[2] = reseal({ ...(entries[2] as Entry), detail: '{"n":"forged"}' });
    const r = verifyChain(entries);
    expect(r).toEqual({
      ok: false,
      first: { seq: 4, problem: 'does not link to the entry before it (entry inserted, removed or reordered)' },
    });
  });

  it('detects a deleted entry and names it', () => {
    const entries = chain(6);
    entries.splice(2, 1);
    expect(verifyChain(entries)).toEqual({
      ok: false,
      first: { seq: 3, problem: 'missing: the chain goes from entry 2 to entry 4 (entry deleted or out of order)' },
    });
  });

  it('detects a deleted entry even when the later ones were renumbered', () => {
    const entries = chain(6);
    entries.splice(2, 1);
    const renumbered = entries.map((e, i) => (i >= 2 ? reseal({ ...e, seq: i + 1 }) : e));
    expect(verifyChain(renumbered)).toEqual({
      ok: false,
      first: { seq: 3, problem: 'does not link to the entry before it (entry inserted, removed or reordered)' },
    });
  });

  it('detects an inserted entry', () => {
    const entries = chain(6);
    const before = entries[1] as Entry;
    const forged = reseal({ ...before, seq: 3, action: 'user.create', detail: '{}', prev_hash: before.hash });
    entries.splice(2, 0, forged);
    // The forgery itself links correctly; the entry it displaced no longer does.
    expect(verifyChain(entries)).toEqual({
      ok: false,
      first: { seq: 3, problem: 'out of order: entry 3 comes after entry 3' },
    });
  });

  it('detects an inserted entry whose followers were renumbered', () => {
    const entries = chain(6);
    const before = entries[1] as Entry;
    const forged = reseal({ ...before, seq: 3, action: 'user.create', detail: '{}', prev_hash: before.hash });
    const renumbered = entries.map((e, i) => (i >= 2 ? reseal({ ...e, seq: e.seq + 1 }) : e));
    renumbered.splice(2, 0, forged);
    expect(verifyChain(renumbered)).toEqual({
      ok: false,
      first: { seq: 4, problem: 'does not link to the entry before it (entry inserted, removed or reordered)' },
    });
  });

  it('detects two entries swapped and names the first place out of order', () => {
    const entries = chain(6);
    [entries[2], entries[3]] = [entries[3] as Entry, entries[2] as Entry];
    expect(verifyChain(entries)).toEqual({
      ok: false,
      first: { seq: 3, problem: 'missing: the chain goes from entry 2 to entry 4 (entry deleted or out of order)' },
    });
  });

  it('detects swapped entries even when their numbers were swapped back', () => {
    const entries = chain(6);
    const a = entries[2] as Entry;
    const b = entries[3] as Entry;
    entries[2] = reseal({ ...b, seq: 3 });
    entries[3] = reseal({ ...a, seq: 4 });
    expect(verifyChain(entries)).toEqual({
      ok: false,
      first: { seq: 3, problem: 'does not link to the entry before it (entry inserted, removed or reordered)' },
    });
  });

  it('detects a chain that does not start at the genesis', () => {
    const entries = chain(3, { seq: 0, hash: 'f'.repeat(64) });
    expect(verifyChain(entries)).toEqual({
      ok: false,
      first: { seq: 1, problem: 'does not link to the entry before it (entry inserted, removed or reordered)' },
    });
  });

  it('reports only the first problem when there are several', () => {
    const entries = chain(8);
    entries[6] = { ...(entries[6] as Entry), detail: 'later edit' };
    entries[1] = { ...(entries[1] as Entry), detail: 'earlier edit' };
    const r = verifyChain(entries);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.first.seq).toBe(2);
  });
});
