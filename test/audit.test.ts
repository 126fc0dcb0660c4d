import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity } from '../src/app/activity.usecases.js';
import { auditHead, verifyAudit } from '../src/app/audit.usecases.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, seedWorld } from './support/fixtures.js';

describe.each(databases())('audit chain anchors on %s', (kind) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    const w = await seedWorld(t.ctx);
    for (let i = 0; i < 5; i++) await createActivity(t.ctx, w.marPlanner, w.plan.id, activityInput(`AU-${i}`));
  });
  afterAll(async () => t?.close());

  it('detects entries cut from the end of the chain against a head recorded earlier', async () => {
    const head = await auditHead(t.ctx);
    expect(await verifyAudit(t.ctx, undefined, head)).toMatchObject({ ok: true, head });
    await t.db
      .deleteFrom('audit_entry')
      .where('seq', '>=', head.seq - 1)
      .execute();
    // Without the anchor the shortened chain still looks whole; with it, the cut shows.
    expect(await verifyAudit(t.ctx)).toMatchObject({ ok: true });
    const cut = await verifyAudit(t.ctx, undefined, head);
    expect(cut).toMatchObject({ ok: false, first: { seq: head.seq } });
    expect(cut.ok ? '' : cut.first.problem).toMatch(/removed from its end/);
  });

  it('detects a head that was rewritten', async () => {
    const head = await auditHead(t.ctx);
    expect(await verifyAudit(t.ctx, undefined, { seq: head.seq, hash: 'f'.repeat(64) })).toMatchObject({
      ok: false,
      first: { seq: head.seq },
    });
  });
});
