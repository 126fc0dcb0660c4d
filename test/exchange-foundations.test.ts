import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../src/domain/errors.js';
import {
  buildBundle,
  bundleHashOf,
  type SenderState,
  type VerifyContext,
  verifyBundleStream,
} from '../src/domain/exchange/bundle.js';
import { confidentialityLabelSchema } from '../src/domain/exchange/confidentiality-label.js';
import { trustKey } from '../src/domain/exchange/keys.js';
import { outboundLabel, partnerReader, receivedLabel, receivedMarking } from '../src/domain/exchange/security-policy.js';
import { CLASSIFICATIONS, canRead, type Label } from '../src/domain/labels.js';
import { signCheckpoint } from '../src/store/ed25519.js';
import { generateSigningKey, publicKeyRecord, signerOf, verifySignature } from '../src/store/signing.js';
import { shippedPolicy } from './support/exchange-policies.js';

/**
 * The foundations of the exchange used together, as the export and import will use them: MAR's
 * installation chooses the records its agreement with ISR lets go, labels them, and sends them in a
 * signed bundle; ISR's installation checks the bundle, then maps every label to its own equivalent.
 */
const MAR = shippedPolicy('MAR');
const ISR = shippedPolicy('ISR');
const NOW = new Date('2026-06-15T10:00:00.000Z');

async function* once(bytes: Uint8Array) {
  yield bytes;
}

describe('MAR to ISR, with the shipped policies', () => {
  // Every label MAR's records can carry, over the parties and compartments of the demo.
  const records: (Label & { id: string })[] = [];
  for (const classification of CLASSIFICATIONS)
    for (const releasableTo of [[], ['ISR'], ['USA'], ['ISR', 'USA']])
      for (const compartments of [[], ['INDUS'], ['INTEL'], ['LOG-2']])
        records.push({ id: `r${records.length}`, ownerParty: 'MAR', classification, releasableTo, compartments });

  const exchange = generateSigningKey('ES256');
  const audit = generateSigningKey('Ed25519');
  const expires = '2027-01-01T00:00:00.000Z';
  const keysAtIsr = [
    trustKey(publicKeyRecord(exchange, { installation: MAR.installation, party: 'MAR', use: 'exchange', expires })),
    trustKey(publicKeyRecord(audit, { installation: MAR.installation, party: 'MAR', use: 'audit', expires })),
  ];

  function bundleOf(sequence: number, previousHash: string | null) {
    const reader = partnerReader(MAR, 'ISR');
    const chosen = records.filter((r) => reader && canRead(reader, r));
    const lines = chosen.map((r) => JSON.stringify({ id: r.id, label: outboundLabel(MAR, r, 'ISR', NOW.toISOString()).label }));
    const content = new TextEncoder().encode(lines.map((l) => `${l}\n`).join(''));
    const checkpoint = signCheckpoint(audit.privateKey, {
      treeSize: 100 * sequence,
      headHash: 'c'.repeat(64),
      time: NOW.toISOString(),
      keyId: audit.keyId,
    });
    const bytes = buildBundle(
      {
        bundleId: randomUUID(),
        sender: { installation: MAR.installation, party: 'MAR' },
        audience: { installation: ISR.installation, party: 'ISR' },
        sequence,
        previousHash,
        createdAt: NOW.toISOString(),
        expiresAt: '2026-06-22T10:00:00.000Z',
        checkpoint,
      },
      content,
      signerOf(exchange),
    );
    return { bytes, chosen };
  }

  it('sends exactly what the agreement lets go, and ISR stores each record at its own equivalent', async () => {
    const { bytes, chosen } = bundleOf(1, null);
    // Chosen: releasable to ISR, at most SECRET (the MAR–ISR agreement's top), compartments INDUS/INTEL only.
    expect(chosen.length).toBe(4 * 2 * 3);
    expect(
      chosen.every(
        (r) => r.releasableTo.includes('ISR') && r.classification !== 'TOP_SECRET' && !r.compartments.includes('LOG-2'),
      ),
    ).toBe(true);

    let state: SenderState | null = null;
    /** ISR's installation, checking with the keys it trusts and the state it recorded for MAR. */
    const atIsr = (): VerifyContext => ({
      self: { installation: ISR.installation, party: 'ISR' },
      keys: keysAtIsr,
      stateOf: () => state,
      now: NOW,
      verify: verifySignature,
    });
    const parts: Uint8Array[] = [];
    const head = await verifyBundleStream(once(bytes), atIsr(), (c) => void parts.push(c));
    state = head.nextState;
    expect(state.bundleHash).toBe(bundleHashOf(bytes));

    const lines = new TextDecoder().decode(Buffer.concat(parts)).trim().split('\n');
    const stored = lines.map((l) => {
      const { id, label } = JSON.parse(l) as { id: string; label: unknown };
      return { id, received: receivedLabel(ISR, confidentialityLabelSchema.parse(label)) };
    });
    expect(stored.map((s) => s.id)).toEqual(chosen.map((r) => r.id));
    for (const { id, received } of stored) {
      const original = chosen.find((r) => r.id === id) as Label;
      // ISR has no RESTRICTED level: DIFFUSION RESTREINTE is kept as שמור (CONFIDENTIAL), never lower.
      const expected = original.classification === 'RESTRICTED' ? 'CONFIDENTIAL' : original.classification;
      expect(received.local).toEqual({
        ownerParty: 'MAR',
        classification: expected,
        releasableTo: [...original.releasableTo].sort(),
        compartments: original.compartments,
      });
      // An ISR reader cleared at the local level reads it; the marking shows MAR's own in brackets.
      expect(canRead({ party: 'ISR', clearance: expected, compartments: original.compartments }, received.local)).toBe(true);
      expect(receivedMarking(ISR, received, 'he')).toMatch(/ \[.+\]$/);
    }

    // The same bundle again: refused as a replay.
    await expect(verifyBundleStream(once(bytes), atIsr(), () => {})).rejects.toMatchObject({ code: 'exchange.bundle_replayed' });
    // A TRÈS SECRET label slipped into content would have been refused by ISR's mapping, not guessed.
    const topSecret = outboundLabel(
      MAR,
      { ownerParty: 'MAR', classification: 'SECRET', releasableTo: ['ISR'], compartments: [] },
      'ISR',
      NOW.toISOString(),
    ).label;
    expect(() => receivedLabel(ISR, { ...topSecret, classification: 'TS' })).toThrow(DomainError);
  });
});
