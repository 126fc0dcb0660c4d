import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity } from '../src/app/activity.usecases.js';
import { verifyAudit } from '../src/app/audit.usecases.js';
import type { AppContext } from '../src/app/context.js';
import type { AuditVerification } from '../src/domain/audit.schema.js';
import { buildServer } from '../src/server/app.js';
import type { AuditSigning } from '../src/store/audit-signing.js';
import { databases, type TestDatabase } from './support/databases.js';
import { activityInput, sessionCookies } from './support/fixtures.js';
import { closeSignedAuditWorld, openSignedAuditWorld, type SignedAuditWorld } from './support/signed-audit.js';

/**
 * The verification of the audit chain starts from the signed checkpoint up to
 * which the previous one found it holding; a full one stays available and
 * finds what the incremental one cannot see.
 */
describe.each(databases())('incremental audit verification on %s', (kind) => {
  let suite: SignedAuditWorld;
  let t: TestDatabase;
  let dir: string;
  let ctx: AppContext;
  let signing: AuditSigning;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let cookies: Record<string, string>;
  let world: SignedAuditWorld['world'];
  let made = 0;

  const verify = async (query = '', who = 'officer') =>
    app.inject({ method: 'GET', url: `/api/audit/verification${query}`, headers: { cookie: cookies[who] ?? '' } });
  const verified = async (query = '') => {
    const res = await verify(query);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as AuditVerification;
  };
  const keptFile = () => join(dir, 'checkpoints.jsonl.verified');
  const kept = () =>
    (JSON.parse(readFileSync(keptFile(), 'utf8')) as { checkpoint: { treeSize: number; headHash: string } }).checkpoint;
  const head = async () =>
    Number(
      (
        await t.db
          .selectFrom('audit_entry')
          .select((eb) => eb.fn.max('seq').as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  /** Writes audited records until the chain has grown by at least `n` entries. */
  const grow = async (n: number) => {
    const target = (await head()) + n;
    while ((await head()) < target)
      await createActivity(ctx, world.marPlanner, world.plan.id, activityInput(`IV-${String(made++).padStart(3, '0')}`));
  };
  /** Edits one entry's detail without touching its hash or those after it, runs `check`, and puts it back. */
  const edited = async (seq: number, check: () => Promise<void>) => {
    const row = await t.db.selectFrom('audit_entry').select('detail').where('seq', '=', seq).executeTakeFirstOrThrow();
    await t.db.updateTable('audit_entry').set({ detail: '{"edited":true}' }).where('seq', '=', seq).execute();
    try {
      await check();
    } finally {
      await t.db.updateTable('audit_entry').set({ detail: row.detail }).where('seq', '=', seq).execute();
    }
  };

  beforeAll(async () => {
    suite = await openSignedAuditWorld(kind, 'jointplan-audit-incremental-');
    ({ t, dir, signing, ctx, world } = suite);
    await grow(12);
    app = await buildServer(ctx, { webRoot: false });
    cookies = await sessionCookies(app, { officer: suite.officer, planner: world.marPlanner });
  });
  afterAll(() => closeSignedAuditWorld(suite, app));

  it('walks the whole chain the first time, then only what follows the checkpoint it kept', async () => {
    const first = await verified();
    expect(first).toMatchObject({ ok: true, signed: true, from: 0, firstBroken: null });
    const mark = kept();
    expect(mark.treeSize).toBeGreaterThan(0);
    expect(mark.treeSize).toBeLessThanOrEqual(first.head?.seq ?? 0);
    const entry = await t.db.selectFrom('audit_entry').select('hash').where('seq', '=', mark.treeSize).executeTakeFirst();
    expect(entry?.hash).toBe(mark.headHash);

    await grow(7);
    const next = await verified();
    expect(next).toMatchObject({ ok: true, from: mark.treeSize, count: await head() });
    expect(next.head?.seq).toBe(await head());
    // The checkpoint kept moves on with the chain.
    expect(kept().treeSize).toBeGreaterThan(mark.treeSize);
    // A full one is still asked for by name, and walks every entry.
    expect(await verified('?full=true')).toMatchObject({ ok: true, from: 0, count: await head() });
  });

  it('finds an entry edited before the kept checkpoint only in full, from the API and as the command line verifies', async () => {
    await verified();
    const { treeSize } = kept();
    const victim = Math.max(1, treeSize - 3);
    await edited(victim, async () => {
      expect(await verified()).toMatchObject({ ok: true, from: treeSize });
      const full = await verified('?full=true');
      expect(full).toMatchObject({ ok: false, count: null, from: 0, firstBroken: { seq: victim } });
      expect(full.firstBroken?.problem).toMatch(/edited/);
      const cli = await verifyAudit(ctx, { key: signing });
      expect(cli).toMatchObject({ ok: false, first: { seq: victim } });
    });
    expect(await verified('?full=true')).toMatchObject({ ok: true });
  });

  it('finds an entry edited after the kept checkpoint, and names it', async () => {
    await verified();
    const { treeSize } = kept();
    await grow(3);
    const victim = (await head()) - 1;
    expect(victim).toBeGreaterThan(treeSize);
    await edited(victim, async () => {
      const res = await verified();
      expect(res).toMatchObject({ ok: false, firstBroken: { seq: victim } });
      // Nothing past a broken link is kept as verified.
      expect(kept().treeSize).toBe(treeSize);
    });
    expect(await verified()).toMatchObject({ ok: true });
  });

  it('finds the kept checkpoint’s own entry rewritten, hash and all, and names the first broken entry', async () => {
    await verified();
    const { treeSize } = kept();
    const row = await t.db
      .selectFrom('audit_entry')
      .select(['hash', 'detail'])
      .where('seq', '=', treeSize)
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable('audit_entry')
      .set({ hash: 'f'.repeat(64) })
      .where('seq', '=', treeSize)
      .execute();
    try {
      const res = await verified();
      expect(res.ok).toBe(false);
      expect(res.firstBroken?.seq).toBe(treeSize);
    } finally {
      await t.db.updateTable('audit_entry').set({ hash: row.hash }).where('seq', '=', treeSize).execute();
    }
    expect(await verified()).toMatchObject({ ok: true });
  });

  it('finds the kept checkpoint’s own entry edited with its stored hash left as it was', async () => {
    await verified();
    const { treeSize } = kept();
    await edited(treeSize, async () => {
      expect(await verified()).toMatchObject({ ok: false, from: 0, firstBroken: { seq: treeSize } });
    });
    expect(await verified()).toMatchObject({ ok: true });
  });

  it('walks the whole chain when the kept checkpoint is not signed by the installation', async () => {
    await verified();
    const kept = JSON.parse(readFileSync(keptFile(), 'utf8')) as { checkpoint: Record<string, unknown>; mark: string };
    // A checkpoint that matches the chain at its size, but whose signature is of another.
    const size = (await head()) - 1;
    const at = await t.db.selectFrom('audit_entry').select('hash').where('seq', '=', size).executeTakeFirstOrThrow();
    const forged = { ...kept, checkpoint: { ...kept.checkpoint, treeSize: size, headHash: at.hash } };
    writeFileSync(keptFile(), JSON.stringify(forged));
    const victim = 2;
    await edited(victim, async () => {
      // Were the forged checkpoint believed, the edit would go unseen.
      expect(await verified()).toMatchObject({ ok: false, from: 0, firstBroken: { seq: victim } });
    });
    expect(await verified()).toMatchObject({ ok: true, from: 0 });
  });

  it('walks the whole chain when a genuine filed checkpoint is copied in as the kept one', async () => {
    await verified();
    // Every filed checkpoint is signed by the installation: copied in, its own signature is no mark.
    const filed = readFileSync(join(dir, 'checkpoints.jsonl'), 'utf8').trim().split('\n');
    const genuine = JSON.parse(filed.at(-1) as string) as { signature: string; treeSize: number };
    expect(genuine.treeSize).toBeGreaterThan(2);
    writeFileSync(keptFile(), JSON.stringify({ checkpoint: genuine, mark: genuine.signature }));
    const victim = 2;
    await edited(victim, async () => {
      expect(await verified()).toMatchObject({ ok: false, from: 0, firstBroken: { seq: victim } });
    });
    expect(await verified()).toMatchObject({ ok: true, from: 0 });
  });

  it('answers others than security officers as before, and refuses a `full` it does not understand', async () => {
    expect((await verify('?full=true', 'planner')).statusCode).toBe(403);
    const bad = await verify('?full=yes');
    expect(bad.statusCode, bad.body).toBe(400);
  });
});
