import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readableReceivedPlan } from '../src/store/received-plan.repo.js';
import { databases } from './support/databases.js';
import { type Installation, installation } from './support/exchange-installations.js';
import { shippedPolicy } from './support/exchange-policies.js';

/*
 * A partner's plan of many activities, read a page at a time by reference code: every activity the reader
 * may read once, none it may not, each page with the follow-ups of its own activities, oldest first.
 */
describe.each(databases())('a large plan received, read page by page, on %s', (kind) => {
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

  it('gives each activity the reader may read once, in the order of reference codes, with its follow-ups', async () => {
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
    // Reference codes in another order than the ids; every tenth activity above the reader's clearance.
    const activities = Array.from({ length: 2600 }, (_, i) => ({
      ...copy('activity', `a-${String(i).padStart(5, '0')}`, 'p-large', '2026-11-01T00:00:00.000Z', i % 10 === 9 ? 4 : 0),
      data: JSON.stringify({ refCode: `R-${String((i * 7919) % 2600).padStart(5, '0')}` }),
    }));
    // Follow-ups in another order than the activities', one of them the reader may not read.
    const followUps = [
      copy('follow_up', 'f-3', 'a-02598', '2026-11-03T00:00:00.000Z'),
      copy('follow_up', 'f-1', 'a-00000', '2026-11-01T00:00:00.000Z'),
      copy('follow_up', 'f-2', 'a-01300', '2026-11-02T00:00:00.000Z'),
      copy('follow_up', 'f-4', 'a-01300', '2026-11-01T12:00:00.000Z'),
      copy('follow_up', 'f-hidden', 'a-01301', '2026-11-02T00:00:00.000Z', 4),
    ];
    const rows = [copy('plan', 'p-large', null, '2026-11-01T00:00:00.000Z'), ...activities, ...followUps];
    for (let i = 0; i < rows.length; i += 500)
      await isr.t.db
        .insertInto('exchange_record')
        .values(rows.slice(i, i + 500))
        .execute();
    const reader = { ...(await isr.ctx.codec()).reader(isr.officer), clearance: 3 };
    const seen: { id: string; ref: string }[] = [];
    const followed: string[][] = [];
    for (let cursor: string | undefined, pages = 0; ; pages++) {
      expect(pages).toBeLessThan(10);
      const found = await readableReceivedPlan(isr.t.db, reader, 'p-large', { cursor, limit: 500 });
      expect(found?.activities.length).toBeLessThanOrEqual(500);
      const shown = new Set(found?.activities.map((a) => a.id));
      // Each page brings the follow-ups of its own activities, oldest first.
      expect(found?.followUps.every((f) => f.parent_id !== null && shown.has(f.parent_id))).toBe(true);
      followed.push((found?.followUps ?? []).map((f) => f.id));
      for (const a of found?.activities ?? []) seen.push({ id: a.id, ref: (JSON.parse(a.data) as { refCode: string }).refCode });
      if (!found?.nextCursor) break;
      cursor = found.nextCursor;
    }
    const readable = activities.filter((a) => a.classification <= 3);
    expect(seen.map((a) => a.id).sort()).toEqual(readable.map((a) => a.id).sort());
    expect(seen.map((a) => a.ref)).toEqual(seen.map((a) => a.ref).sort());
    expect(followed.flat().sort()).toEqual(['f-1', 'f-2', 'f-3', 'f-4']);
    expect(followed.find((page) => page.includes('f-2'))).toEqual(expect.arrayContaining(['f-4', 'f-2']));
    const page = followed.find((p) => p.includes('f-2')) ?? [];
    expect(page.indexOf('f-4')).toBeLessThan(page.indexOf('f-2'));
  });
});
