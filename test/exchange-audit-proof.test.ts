import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity } from '../src/app/activity.usecases.js';
import type { Actor } from '../src/app/context.js';
import { ceremonyRecords, exchangeOverview, exportBundle, importBundle, trustKeys } from '../src/app/exchange-bundle.usecases.js';
import { createPlan } from '../src/app/plan.usecases.js';
import { hashAuditEntry } from '../src/domain/audit-chain.js';
import { type BundleFields, type BundleHeader, buildBundle, bundleHashOf } from '../src/domain/exchange/bundle.js';
import { signHead } from '../src/store/audit-signing.js';
import { signerOf } from '../src/store/signing.js';
import { countRows, databases } from './support/databases.js';
import { type Installation, installation, marIsrCommission } from './support/exchange-installations.js';
import { shippedPolicy } from './support/exchange-policies.js';
import { activityInput, yearPlanInput } from './support/fixtures.js';

/**
 * Each bundle proves that the sender's audit log still holds, as the entry it was, the head the
 * recipient kept from the bundle before (docs/exchange.md §6): an honest log that grows passes bundle
 * after bundle; a proof cut short or altered, and a log rewritten and grown since, are refused with
 * their own code before any content is read, change nothing but the log of refusals, and show on the
 * security officer's page.
 */
const MAR = shippedPolicy('MAR');
const ISR = shippedPolicy('ISR');
const EXPIRES = '2099-01-01T00:00:00.000Z';

async function* bytesOf(b: Uint8Array) {
  yield b;
}

/** A bundle's header and content, as the bytes say. */
function split(bytes: Uint8Array) {
  const buf = Buffer.from(bytes);
  const magicEnd = buf.indexOf(0x0a);
  const headerEnd = buf.indexOf(0x0a, magicEnd + 1);
  const signatureEnd = buf.indexOf(0x0a, headerEnd + 1);
  const header = JSON.parse(buf.subarray(magicEnd + 1, headerEnd).toString('utf8')) as BundleHeader;
  return { header, content: bytes.subarray(signatureEnd + 1) };
}

describe.each(databases())('audit proofs between two installations (%s)', (kind) => {
  let dir: string;
  let mar: Installation;
  let isr: Installation;
  let planner: Actor;
  let planId: string;
  let n = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jointplan-proofs-'));
    mar = await installation(kind, MAR, dir);
    isr = await installation(kind, ISR, dir, { alg: 'ES256' });
    const c = await marIsrCommission(mar, ['ISR']);
    planner = c.planner;
    planId = (await createPlan(mar.ctx, planner, yearPlanInput(c.commission.id, 2026, { releasableTo: ['ISR'] }))).id;
    await trustKeys(mar.ctx, mar.officer, mar.setup, ceremonyRecords(mar.ctx, mar.setup, EXPIRES));
    await trustKeys(isr.ctx, isr.officer, isr.setup, ceremonyRecords(isr.ctx, isr.setup, EXPIRES));
    await trustKeys(isr.ctx, isr.officer, isr.setup, ceremonyRecords(mar.ctx, mar.setup, EXPIRES));
    await trustKeys(mar.ctx, mar.officer, mar.setup, ceremonyRecords(isr.ctx, isr.setup, EXPIRES));
  }, 120_000);

  afterAll(async () => {
    await mar?.t.close();
    await isr?.t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** MAR's log grows (an activity released to ISR), then MAR exports its next bundle for ISR. */
  async function nextBundle() {
    await createActivity(mar.ctx, planner, planId, activityInput(`P-${++n}`, { releasableTo: ['ISR'] }));
    const file = join(dir, `mar-isr-${n}.bundle`);
    const sent = await exportBundle(mar.ctx, mar.officer, mar.setup, 'ISR', file);
    const bytes = new Uint8Array(readFileSync(file));
    return { sent, bytes, ...split(bytes) };
  }

  /** The bundle signed again by MAR's exchange key with its header changed by `change`. */
  const resigned = (b: { header: BundleHeader; content: Uint8Array }, change: (h: BundleHeader) => BundleHeader) =>
    buildBundle(change(structuredClone(b.header)) as BundleFields, b.content, signerOf(mar.setup.key));

  const isrState = () => isr.t.db.selectFrom('exchange_inbound').selectAll().executeTakeFirst();
  const refusalCodes = async () =>
    (await isr.t.db.selectFrom('exchange_refusal').select('code').orderBy('at').execute()).map((r) => r.code);

  it('accepts an honest growing log across several bundles, each proof starting where the last checkpoint ended', async () => {
    let kept = 0;
    for (let i = 0; i < 3; i++) {
      const b = await nextBundle();
      const proof = b.header.auditProof;
      expect(proof?.fromSize).toBe(kept);
      expect(b.header.checkpoint.treeSize).toBeGreaterThan(kept);
      const report = await importBundle(isr.ctx, isr.officer, isr.setup, bytesOf(b.bytes));
      expect(report.counts.created).toBe(i === 0 ? 2 : 1);
      const state = await isrState();
      expect(Number(state?.checkpoint_size)).toBe(b.header.checkpoint.treeSize);
      expect(state?.checkpoint_head).toBe(b.header.checkpoint.headHash);
      kept = b.header.checkpoint.treeSize;
    }
    expect(await refusalCodes()).toEqual([]);
  });

  it('still applies a bundle without a proof, as made before proofs, and proves the next one from it', async () => {
    const b = await nextBundle();
    const legacy = resigned(b, ({ auditProof: _, ...h }) => h);
    expect(split(legacy).header.auditProof).toBeUndefined();
    // As a version before proofs would have sent it: MAR's record of what it sent names the bundle without one.
    const legacyHash = bundleHashOf(legacy);
    await mar.t.db
      .updateTable('exchange_outbound')
      .set({ last_hash: legacyHash })
      .where('recipient_installation', '=', ISR.installation)
      .execute();
    await mar.t.db
      .updateTable('exchange_sent')
      .set({ bundle_hash: legacyHash })
      .where('recipient_installation', '=', ISR.installation)
      .where('sequence', '=', b.sent.sequence)
      .execute();
    await importBundle(isr.ctx, isr.officer, isr.setup, bytesOf(legacy));
    const after = await nextBundle();
    expect(after.header.auditProof?.fromSize).toBe(b.header.checkpoint.treeSize);
    await importBundle(isr.ctx, isr.officer, isr.setup, bytesOf(after.bytes));
    expect(Number((await isrState())?.sequence)).toBe(after.sent.sequence);
  });

  it('refuses a proof cut short or altered, signed or not, and it changes nothing but the log of refusals', async () => {
    const b = await nextBundle();
    const before = await isrState();
    const copies = await countRows(isr.t.db, 'exchange_record');
    const flip = (h: string) => `${h.slice(0, 10)}${h[10] === 'a' ? 'b' : 'a'}${h.slice(11)}`;
    const variants: [string, (h: BundleHeader) => BundleHeader][] = [
      [
        'from path cut short',
        (h) => ({ ...h, auditProof: h.auditProof && { ...h.auditProof, fromPath: h.auditProof.fromPath.slice(0, -1) } }),
      ],
      [
        'head path cut short',
        (h) => ({ ...h, auditProof: h.auditProof && { ...h.auditProof, headPath: h.auditProof.headPath.slice(1) } }),
      ],
      ['root altered', (h) => ({ ...h, auditProof: h.auditProof && { ...h.auditProof, root: flip(h.auditProof.root) } })],
      [
        'a node altered',
        (h) => ({
          ...h,
          auditProof: h.auditProof && { ...h.auditProof, fromPath: h.auditProof.fromPath.map((p, i) => (i === 0 ? flip(p) : p)) },
        }),
      ],
      [
        'from another size',
        (h) => ({ ...h, auditProof: h.auditProof && { ...h.auditProof, fromSize: h.auditProof.fromSize - 1 } }),
      ],
    ];
    expect(b.header.auditProof?.fromPath.length).toBeGreaterThan(1);
    for (const [, change] of variants)
      await expect(importBundle(isr.ctx, isr.officer, isr.setup, bytesOf(resigned(b, change)))).rejects.toMatchObject({
        code: 'exchange.checkpoint_not_extended',
        params: { installation: MAR.installation, size: b.header.checkpoint.treeSize, last: Number(before?.checkpoint_size) },
      });
    // The proof is under the signature: changed without signing again, the bundle is not MAR's.
    const unsigned = Buffer.from(b.bytes);
    const at = unsigned.indexOf(`"root":"`) + 8;
    unsigned[at] = unsigned[at] === 0x61 ? 0x62 : 0x61;
    await expect(importBundle(isr.ctx, isr.officer, isr.setup, bytesOf(unsigned))).rejects.toMatchObject({
      code: 'exchange.bad_signature',
    });
    expect(await isrState()).toEqual(before);
    expect(await countRows(isr.t.db, 'exchange_record')).toBe(copies);
    expect(await refusalCodes()).toEqual([...variants.map(() => 'exchange.checkpoint_not_extended'), 'exchange.bad_signature']);
    // The genuine bundle still applies.
    await importBundle(isr.ctx, isr.officer, isr.setup, bytesOf(b.bytes));
    expect(Number((await isrState())?.sequence)).toBe(b.sent.sequence);
  });

  it('refuses a log rewritten and grown since the last bundle, which sizes and heads alone let pass, and flags it', async () => {
    const kept = await isrState();
    const keptSize = Number(kept?.checkpoint_size);
    // Someone with the database rewrites entry 3 of MAR's log and every hash after it, so that the chain
    // checks end to end, each entry signed again.
    const signing = mar.ctx.auditSigning;
    if (!signing) throw new Error('MAR signs its audit log');
    const entries = await mar.t.db.selectFrom('audit_entry').selectAll().orderBy('seq').execute();
    let prev = (entries[1] as (typeof entries)[number]).hash;
    for (const e of entries.slice(2)) {
      // The exports' entries lose the headers they kept too: the size of the checkpoint last sent is
      // then read from where the export's entry sits, and the bundle still carries a proof.
      const detail =
        Number(e.seq) === 3
          ? '{"rewritten":true}'
          : e.action === 'exchange.export'
            ? JSON.stringify({ ...JSON.parse(e.detail), header: undefined })
            : e.detail;
      const fields = { ...e, seq: Number(e.seq), prev_hash: prev, detail };
      const hash = hashAuditEntry(fields);
      const signature =
        e.signature === null ? null : signHead(signing, { treeSize: fields.seq, headHash: hash, time: e.at }).signature;
      await mar.t.db
        .updateTable('audit_entry')
        .set({ detail: fields.detail, prev_hash: prev, hash, signature })
        .where('seq', '=', e.seq)
        .execute();
      prev = hash;
    }
    const b = await nextBundle();
    // The log grew, and its new head is not at the size kept: the size-and-head check has nothing to say.
    expect(b.header.checkpoint.treeSize).toBeGreaterThan(keptSize);
    expect(b.header.auditProof?.fromSize).toBe(keptSize);
    const copies = await countRows(isr.t.db, 'exchange_record');
    await expect(importBundle(isr.ctx, isr.officer, isr.setup, bytesOf(b.bytes))).rejects.toMatchObject({
      code: 'exchange.checkpoint_not_extended',
      params: { installation: MAR.installation, size: b.header.checkpoint.treeSize, last: keptSize },
    });
    expect(await isrState()).toEqual(kept);
    expect(await countRows(isr.t.db, 'exchange_record')).toBe(copies);
    const refusal = (await exchangeOverview(isr.ctx, isr.officer, isr.setup)).refusals[0];
    expect(refusal).toMatchObject({
      sender: MAR.installation,
      bundleId: b.header.bundleId,
      code: 'exchange.checkpoint_not_extended',
      params: { installation: MAR.installation, size: b.header.checkpoint.treeSize, last: keptSize },
    });
    const audited = await isr.t.db
      .selectFrom('audit_entry')
      .select(['action', 'detail'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(audited.action).toBe('exchange.refuse');
    expect(JSON.parse(audited.detail).code).toBe('exchange.checkpoint_not_extended');
  });
});
