import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readableReceivedPlan } from '../src/store/received-plan.repo.js';
import { databases } from './support/databases.js';
import { type Installation, installation } from './support/exchange-installations.js';
import { shippedPolicy } from './support/exchange-policies.js';

/*
 * A partner's plan of more activities than one query may name (SQLite takes 32,766 parameters): their
 * follow-ups are read a slice of activities at a time, and come back whole, oldest first.
 */
describe.each(databases())('a large plan received, on %s', (kind) => {
  let dir: string;
  let isr: Installation;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jointplan-large-copy-'));
    isr = await installation(kind, shippedPolicy('ISR'), dir);
  });
  afterAll(async () => {
    await isr?.t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives every follow-up of its activities the reader may read, oldest first', async () => {
    const copy = (k: string, id: string, parent: string | null, updatedAt: string, classification = 0) => ({
      originator_installation: 'jointplan-mar',
      kind: k,
      id,
      parent_id: parent,
      version: 1,
      updated_at: updatedAt,
      received_at: '2026-12-01T00:00:00.000Z',
      bundle_id: 'b-large',
      originator_label: '{}',
      local_level: 'NC',
      data: '{}',
      owner_party: 'MAR',
      classification,
      releasable_mask: 0xff,
      compartment_mask: 0,
    });
    const activities = Array.from({ length: 33_000 }, (_, i) =>
      copy('activity', `a-${String(i).padStart(5, '0')}`, 'p-large', '2026-11-01T00:00:00.000Z'),
    );
    // A follow-up on the first, a middle and the last activity, in another order than the activities', and one
    // the reader may not read.
    const followUps = [
      copy('follow_up', 'f-3', 'a-32999', '2026-11-03T00:00:00.000Z'),
      copy('follow_up', 'f-1', 'a-00000', '2026-11-01T00:00:00.000Z'),
      copy('follow_up', 'f-2', 'a-16500', '2026-11-02T00:00:00.000Z'),
      copy('follow_up', 'f-hidden', 'a-16501', '2026-11-02T00:00:00.000Z', 4),
    ];
    const rows = [copy('plan', 'p-large', null, '2026-11-01T00:00:00.000Z'), ...activities, ...followUps];
    for (let i = 0; i < rows.length; i += 500)
      await isr.t.db
        .insertInto('exchange_record')
        .values(rows.slice(i, i + 500))
        .execute();
    const reader = (await isr.ctx.codec()).reader(isr.officer);
    const found = await readableReceivedPlan(isr.t.db, { ...reader, clearance: 3 }, 'p-large');
    expect(found?.activities).toHaveLength(33_000);
    expect(found?.followUps.map((f) => [f.id, f.parent_id])).toEqual([
      ['f-1', 'a-00000'],
      ['f-2', 'a-16500'],
      ['f-3', 'a-32999'],
    ]);
  });
});
