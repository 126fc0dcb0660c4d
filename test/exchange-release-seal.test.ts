import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity } from '../src/app/activity.usecases.js';
import { audit } from '../src/app/audit.js';
import { ceremonyRecords, exportBundle, releaseRecord, trustKeys } from '../src/app/exchange-bundle.usecases.js';
import { inTransaction } from '../src/store/tx.js';
import { databases } from './support/databases.js';
import { type Installation, installation, planReleasedToIsr } from './support/exchange-installations.js';
import { shippedPolicy } from './support/exchange-policies.js';
import { activityInput } from './support/fixtures.js';

/**
 * What a bundle sent carried is kept once, as its labelled rows, sealed by their hash in the export's
 * audit entry: the release record is given from rows that hash to the seal, and refused from rows
 * changed, added or taken away since. An export sealed by the hash of its manifest kept as JSON, as
 * they were before, keeps its release record while that manifest hashes to its seal.
 */
const MAR = shippedPolicy('MAR');
const EXPIRES = '2099-01-01T00:00:00.000Z';

describe.each(databases())('the seal of what a bundle carried (%s)', (kind) => {
  let dir: string;
  let mar: Installation;
  let bundleId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jointplan-seal-'));
    mar = await installation(kind, MAR, dir, { parties: ['MAR', 'ISR', 'USA'] });
    const { planner, plan } = await planReleasedToIsr(mar);
    for (const [ref, classification] of [
      ['S-1', 'UNCLASSIFIED'],
      ['S-2', 'RESTRICTED'],
      ['S-3', 'SECRET'],
    ] as const)
      await createActivity(mar.ctx, planner, plan.id, activityInput(ref, { classification, releasableTo: ['ISR'] }));
    await trustKeys(mar.ctx, mar.officer, mar.setup, ceremonyRecords(mar.ctx, mar.setup, EXPIRES));
    bundleId = (await exportBundle(mar.ctx, mar.officer, mar.setup, 'ISR', join(dir, 'mar-isr.bundle'))).bundleId;
  }, 120_000);

  afterAll(async () => {
    await mar?.t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const record = () => releaseRecord(mar.ctx, mar.officer, mar.setup, bundleId, 'en');
  const rows = () => mar.t.db.selectFrom('exchange_bundle_record').selectAll().where('bundle_id', '=', bundleId);

  it('gives the release record from the rows its export sealed', async () => {
    const doc = await record();
    expect(doc.counts).toEqual({ plan: 1, activity: 3, follow_up: 0, approval: 0 });
    expect(doc.groups.flatMap((g) => g.records.map((r) => r.ref ?? r.title)).filter(Boolean)).toHaveLength(4);
  });

  it('refuses rows changed, added or taken away since', async () => {
    const kept = await rows().orderBy('position').execute();
    const first = kept[0];
    if (!first) throw new Error('no rows');
    const at = (position: number) =>
      mar.t.db.updateTable('exchange_bundle_record').where('bundle_id', '=', bundleId).where('position', '=', position);

    // A record shown at a lower level than it left at.
    await at(first.position).set({ level: 'NP' }).execute();
    await expect(record()).rejects.toMatchObject({ code: 'exchange.manifest_altered', params: { bundleId } });
    await at(first.position).set({ level: first.level }).execute();
    // Its releasability widened.
    await at(first.position)
      .set({ releasable_mask: Number(first.releasable_mask) + 1024 })
      .execute();
    await expect(record()).rejects.toMatchObject({ code: 'exchange.manifest_altered' });
    await at(first.position).set({ releasable_mask: first.releasable_mask }).execute();
    await record();

    // A record taken away, then one added.
    await mar.t.db.deleteFrom('exchange_bundle_record').where('bundle_id', '=', bundleId).where('position', '=', 0).execute();
    await expect(record()).rejects.toMatchObject({ code: 'exchange.manifest_altered' });
    await mar.t.db.insertInto('exchange_bundle_record').values(first).execute();
    await record();
    await mar.t.db
      .insertInto('exchange_bundle_record')
      .values({ ...first, position: kept.length, record_id: randomUUID() })
      .execute();
    await expect(record()).rejects.toMatchObject({ code: 'exchange.manifest_altered' });
    await mar.t.db.deleteFrom('exchange_bundle_record').where('position', '=', kept.length).execute();
    await record();
  });

  it('keeps the release record of an export sealed by the hash of its manifest kept as JSON', async () => {
    const export_ = (await mar.t.db
      .selectFrom('audit_entry')
      .select('detail')
      .where('action', '=', 'exchange.export')
      .where('entity_id', '=', bundleId)
      .executeTakeFirstOrThrow()) as { detail: string };
    const { recordsHash: _, ...detail } = JSON.parse(export_.detail) as Record<string, unknown>;
    const sent = await mar.t.db
      .selectFrom('exchange_sent')
      .selectAll()
      .where('bundle_id', '=', bundleId)
      .executeTakeFirstOrThrow();
    const manifest = JSON.stringify({ groups: [] });
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    /** An export as they were sealed before: a JSON manifest beside the bundle, its hash in the audit entry. */
    const legacyExport = async (kept: string | null, manifestHash: string) => {
      const legacy = randomUUID();
      await inTransaction(mar.t.db, async (trx) => {
        await trx
          .insertInto('exchange_sent')
          .values({ ...sent, recipient_installation: `jointplan-${legacy}`, bundle_id: legacy, manifest: kept })
          .execute();
        const carried = await trx.selectFrom('exchange_bundle_record').selectAll().where('bundle_id', '=', bundleId).execute();
        await trx
          .insertInto('exchange_bundle_record')
          .values(carried.map((r) => ({ ...r, bundle_id: legacy })))
          .execute();
        await audit(trx, mar.officer, sent.sent_at, [
          {
            action: 'exchange.export',
            entityType: 'exchange_bundle',
            entityId: legacy,
            label: { owner_party: 'MAR', classification: 0, releasable_mask: 0, compartment_mask: 0 },
            detail: { ...detail, bundleId: legacy, manifestHash },
          },
        ]);
      });
      return releaseRecord(mar.ctx, mar.officer, mar.setup, legacy, 'en');
    };
    const doc = await legacyExport(manifest, sha(manifest));
    expect(doc.counts).toEqual({ plan: 1, activity: 3, follow_up: 0, approval: 0 });
    await expect(legacyExport(manifest, sha(`${manifest} `))).rejects.toMatchObject({ code: 'exchange.manifest_altered' });
    await expect(legacyExport(null, sha(manifest))).rejects.toMatchObject({ code: 'common.not_found' });
  });
});
