import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type AuditFields, hashAuditEntry } from '../../src/domain/audit-chain.js';
import { canonicalJson } from '../../src/domain/canonical-json.js';
import { contentHash, type PlanSnapshot } from '../../src/domain/plan-diff.js';
import { prng } from '../support/labelled-world.js';

// The domain hashes in pure JavaScript (it runs in the browser too); baselines signed and audit entries
// sealed before, with Node's own SHA-256, keep their hashes.

const snapshot: PlanSnapshot = {
  plan: { title: { en: 'Plan de coopération', ar: 'خطة التعاون' }, periodStart: '2026-01-01', n: 3 },
  activities: { 'R-01': { title: { he: 'תוכנית' }, budget: null, parties: ['MAR', 'ISR'] } },
};

const entry: AuditFields = {
  seq: 7,
  at: '2026-03-01T10:00:00.000Z',
  actor_id: 'u-1',
  actor_party: 'MAR',
  action: 'plan.create',
  entity_type: 'work_plan',
  entity_id: 'p-1',
  owner_party: 'MAR',
  classification: 2,
  releasable_mask: 3,
  compartment_mask: 0,
  detail: '{"title":"Coopération — خطة"}',
  prev_hash: '0'.repeat(64),
};

const nodeSha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The text an audit entry of `entry`'s other fields is sealed as, written out rather than built from the
 * field list of the implementation: the test states the format of the chain (the fields as a JSON array, in
 * this order), so that a change of it fails here instead of passing unseen.
 */
const sealedText = (seq: number, detail: string) =>
  `[${seq},"2026-03-01T10:00:00.000Z","u-1","MAR","plan.create","work_plan","p-1","MAR",2,3,0,${JSON.stringify(detail)},"${'0'.repeat(64)}"]`;

describe('the hashes of the domain', () => {
  it('keep the values they had when Node computed them', () => {
    expect(contentHash(snapshot)).toBe('1bb15ca2deb02b001c8f08a08cdd062e6510d77f5f1c795d07998c61634a755b');
    expect(contentHash({ plan: {}, activities: {} })).toBe('1ef9757ebaf79410822da8683f8d2c64121fc70a918456a0cf0f1384db7aee48');
    expect(hashAuditEntry(entry)).toBe('411aba5a5d50e2305ff517e44671a15c2708ee1b3e073da0084052f76e41645e');
    expect(nodeSha256(sealedText(entry.seq, entry.detail))).toBe(
      '411aba5a5d50e2305ff517e44671a15c2708ee1b3e073da0084052f76e41645e',
    );
  });

  it("equal Node's SHA-256 of the same text, over generated texts of every script", () => {
    const random = prng(11);
    const alphabet = ['a', 'é', 'ß', 'خ', 'ת', '中', '😀', '"', '\\', '\n', ' ', '0'];
    for (let i = 0; i < 200; i++) {
      const text = Array.from({ length: random.int(40) }, () => random.pick(alphabet)).join('');
      const s: PlanSnapshot = { plan: { title: { en: text } }, activities: { [`R-${i}`]: { note: text, n: i } } };
      expect(contentHash(s)).toBe(nodeSha256(canonicalJson(s)));
      const e = { ...entry, seq: i + 1, detail: JSON.stringify({ text }) };
      expect(hashAuditEntry(e)).toBe(nodeSha256(sealedText(e.seq, e.detail)));
    }
  });
});
