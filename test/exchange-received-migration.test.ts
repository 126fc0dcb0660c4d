import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as m0046 from '../src/store/migrations/0046_exchange_received_records.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';

/*
 * Migration 0046 moves the per-record reports kept as one JSON document into rows: each record labelled
 * as its copy is now; a withdrawal, or a record whose copy is gone, unlabelled (read by no one); the JSON
 * keeps the rest of the report.
 */
describe.each(databases())('import reports kept before migration 0046, on %s', (kind) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('become rows labelled as their copies are, and the JSON keeps the rest', async () => {
    const copy = (id: string, k: string, classification: number, releasable: number) => ({
      originator_installation: 'jointplan-mar',
      kind: k,
      id,
      parent_id: null,
      version: 1,
      updated_at: '2026-11-01T00:00:00.000Z',
      received_at: '2026-11-02T00:00:00.000Z',
      bundle_id: 'b-1',
      originator_label: '{}',
      local_level: 'RESTRICTED',
      data: '{}',
      owner_party: 'MAR',
      classification,
      releasable_mask: releasable,
      compartment_mask: 0,
    });
    await m0046.down(t.db);
    await t.db
      .insertInto('exchange_record')
      .values([copy('p-1', 'plan', 1, 6), copy('a-1', 'activity', 3, 2), copy('x-1', 'activity', 1, 2)])
      .execute();
    // The same id from another installation is another copy: it must not lend its label.
    await t.db
      .insertInto('exchange_record')
      .values({ ...copy('a-2', 'activity', 0, 2), originator_installation: 'jointplan-usa' })
      .execute();
    const summary = {
      bundleId: 'b-1',
      sender: { installation: 'jointplan-mar', party: 'MAR' },
      sequence: 1,
      bundleHash: 'h',
      counts: { created: 3, updated: 0, unchanged: 0, withdrawn: 1, not_held: 1 },
      acknowledged: null,
    };
    const records = [
      { kind: 'plan', id: 'p-1', action: 'created' },
      { kind: 'activity', id: 'a-1', action: 'created' },
      { kind: 'activity', id: 'a-2', action: 'created' },
      { kind: 'activity', id: 'x-1', action: 'withdrawn' },
      { kind: 'follow_up', id: 'f-9', action: 'not_held' },
    ];
    await t.db
      .insertInto('exchange_received')
      .values({
        bundle_id: 'b-1',
        sender_installation: 'jointplan-mar',
        sequence: 1,
        bundle_hash: 'h',
        applied_at: '2026-11-02T00:00:00.000Z',
        report: JSON.stringify({ ...summary, records }),
      })
      .execute();

    await m0046.up(t.db);

    const rows = await t.db
      .selectFrom('exchange_received_record')
      .select(['position', 'kind', 'record_id', 'action', 'owner_party', 'classification', 'releasable_mask'])
      .where('bundle_id', '=', 'b-1')
      .orderBy('position')
      .execute();
    const none = { owner_party: null, classification: null, releasable_mask: null };
    expect(rows.map((r) => ({ ...r, releasable_mask: r.releasable_mask === null ? null : Number(r.releasable_mask) }))).toEqual([
      {
        position: 0,
        kind: 'plan',
        record_id: 'p-1',
        action: 'created',
        owner_party: 'MAR',
        classification: 1,
        releasable_mask: 6,
      },
      {
        position: 1,
        kind: 'activity',
        record_id: 'a-1',
        action: 'created',
        owner_party: 'MAR',
        classification: 3,
        releasable_mask: 2,
      },
      { position: 2, kind: 'activity', record_id: 'a-2', action: 'created', ...none },
      { position: 3, kind: 'activity', record_id: 'x-1', action: 'withdrawn', ...none },
      { position: 4, kind: 'follow_up', record_id: 'f-9', action: 'not_held', ...none },
    ]);
    const kept = await t.db
      .selectFrom('exchange_received')
      .select('report')
      .where('bundle_id', '=', 'b-1')
      .executeTakeFirstOrThrow();
    const { counts: _counts, ...rest } = summary;
    expect(JSON.parse(kept.report)).toEqual(rest);

    // Undone, the migration puts the records back in the report, counted.
    await m0046.down(t.db);
    const undone = await t.db
      .selectFrom('exchange_received')
      .select('report')
      .where('bundle_id', '=', 'b-1')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(undone.report)).toEqual({ ...summary, records });
    await m0046.up(t.db);
  });
});
