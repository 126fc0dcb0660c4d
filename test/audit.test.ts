import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity } from '../src/app/activity.usecases.js';
import { auditHead, signAuditHead, startAuditSigning, verifyAudit } from '../src/app/audit.usecases.js';
import { login } from '../src/app/auth.usecases.js';
import { type AppContext, createContext } from '../src/app/context.js';
import { exportPlan } from '../src/app/exchange.usecases.js';
import { type AuditEntry, auditEntrySchema } from '../src/domain/audit.schema.js';
import { hashAuditEntry } from '../src/domain/audit-chain.js';
import { auditCheckpointSchema } from '../src/domain/audit-checkpoint.js';
import { type Classification, canRead } from '../src/domain/labels.js';
import { buildServer } from '../src/server/app.js';
import { type AuditSigning, readCheckpoints } from '../src/store/audit-signing.js';
import type { AuditEntryRow } from '../src/store/database.js';
import { checkpointSignedBy } from '../src/store/ed25519.js';
import { inTransaction } from '../src/store/tx.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, makeActor, PASSWORD, seedWorld } from './support/fixtures.js';
import { prng } from './support/labelled-world.js';

/** Checkpoints every 5 entries, so that a short chain has several. */
const EVERY = 5;

describe.each(databases())('signed audit chain on %s', (kind) => {
  let t: TestDatabase;
  let dir: string;
  let signing: AuditSigning;
  let ctx: AppContext;
  let original: AuditEntryRow[];
  let world: Awaited<ReturnType<typeof seedWorld>>;

  const entries = () => t.db.selectFrom('audit_entry').selectAll().orderBy('seq').execute();
  const row = (seq: number) => {
    const r = original.find((e) => e.seq === seq);
    if (!r) throw new Error(`no audit entry ${seq}`);
    return r;
  };
  const verify = () => verifyAudit(ctx, { key: signing, checkpoints: readCheckpoints(signing.paths.checkpointFile).checkpoints });
  /** Puts the chain back as it was, so that each tampering is seen on its own. */
  const restore = async () => {
    await t.db.deleteFrom('audit_entry').execute();
    for (let i = 0; i < original.length; i += 200)
      await t.db
        .insertInto('audit_entry')
        .values(original.slice(i, i + 200))
        .execute();
  };
  /** Moves entries from `seq` on by `by` places, in two steps so no primary key collides on the way. */
  const shift = async (seq: number, by: number) => {
    await t.db
      .updateTable('audit_entry')
      .set((eb) => ({ seq: eb('seq', '+', 1_000_000 + by) }))
      .where('seq', '>=', seq)
      .execute();
    await t.db
      .updateTable('audit_entry')
      .set((eb) => ({ seq: eb('seq', '-', 1_000_000) }))
      .where('seq', '>=', 1_000_000)
      .execute();
  };
  /** Swaps what entries `seq` and `seq + 1` hold, each keeping its place in the chain. */
  const swapWithNext = async (seq: number) => {
    const { seq: _a, ...a } = row(seq);
    const { seq: _b, ...b } = row(seq + 1);
    await t.db.updateTable('audit_entry').set(b).where('seq', '=', seq).execute();
    await t.db
      .updateTable('audit_entry')
      .set(a)
      .where('seq', '=', seq + 1)
      .execute();
  };
  /** What an insider with the database does: rehash every entry from `seq` on so that the chain links again. */
  const rechainFrom = async (seq: number, signatures: 'keep' | 'drop') => {
    const rows = await t.db.selectFrom('audit_entry').selectAll().where('seq', '>=', seq).orderBy('seq').execute();
    const before = await t.db
      .selectFrom('audit_entry')
      .select('hash')
      .where('seq', '=', seq - 1)
      .executeTakeFirst();
    let prev = before?.hash ?? '0'.repeat(64);
    for (const r of rows) {
      const hash = hashAuditEntry({ ...r, prev_hash: prev });
      await t.db
        .updateTable('audit_entry')
        .set({
          prev_hash: prev,
          hash,
          ...(signatures === 'drop' ? { key_id: null, signature: null } : {}),
        })
        .where('seq', '=', r.seq)
        .execute();
      prev = hash;
    }
  };

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    dir = mkdtempSync(join(tmpdir(), 'jointplan-audit-'));
    signing = await startAuditSigning(t.db, {
      keyFile: join(dir, 'audit-signing-key.pem'),
      checkpointFile: join(dir, 'audit-checkpoints.jsonl'),
      every: EVERY,
    });
    ctx = createContext(t.db, undefined, signing);
    world = await seedWorld(ctx);
    for (let i = 0; i < 12; i++) await createActivity(ctx, world.marPlanner, world.plan.id, activityInput(`AU-${i}`));
    const officer = await makeActor(ctx, 'MAR', ['security_officer'], 'TOP_SECRET', ['INDUS', 'INTEL']);
    // The head as it stands is signed on request, so that every entry is covered by a filed checkpoint.
    await signAuditHead(ctx, officer);
    original = await entries();
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes the key outside the database, readable by its owner only, and signs every entry', async () => {
    const { statSync } = await import('node:fs');
    expect(statSync(signing.paths.keyFile).mode & 0o777).toBe(0o600);
    expect(original.length).toBeGreaterThan(15);
    expect(original.every((e) => e.key_id === signing.keyId && e.signature !== null)).toBe(true);
    const filed = readCheckpoints(signing.paths.checkpointFile).checkpoints;
    // The key's first checkpoint (the chain as it stood: empty), one at least every EVERY entries, the one signed on request.
    expect(filed[0]).toMatchObject({ treeSize: 0 });
    expect(filed.at(-1)).toMatchObject({ treeSize: original.length, headHash: original.at(-1)?.hash });
    const sizes = filed.map((c) => c.treeSize);
    for (let i = 1; i < sizes.length; i++) expect((sizes[i] ?? 0) - (sizes[i - 1] ?? 0)).toBeLessThanOrEqual(EVERY + 2);
    expect(await verify()).toEqual({
      ok: true,
      count: original.length,
      head: { seq: original.length, hash: original.at(-1)?.hash },
      checkpoints: filed.length,
    });
  });

  // Each attack tampers with the database as its writer could, and says which entry is the first bad one.
  const attacks: Record<string, (k: number) => Promise<number>> = {
    edit: async (k) => {
      await t.db.updateTable('audit_entry').set({ detail: '{"forged":true}' }).where('seq', '=', k).execute();
      return k;
    },
    'edit with its hash recomputed': async (k) => {
      const e = { ...row(k), detail: '{"forged":true}' };
      await t.db
        .updateTable('audit_entry')
        .set({ detail: e.detail, hash: hashAuditEntry(e) })
        .where('seq', '=', k)
        .execute();
      return k;
    },
    delete: async (k) => {
      await t.db.deleteFrom('audit_entry').where('seq', '=', k).execute();
      return k;
    },
    'delete, later entries renumbered and rehashed': async (k) => {
      await t.db.deleteFrom('audit_entry').where('seq', '=', k).execute();
      await shift(k + 1, -1);
      await rechainFrom(k, 'keep');
      return k;
    },
    insert: async (k) => {
      await shift(k, 1);
      const forged = { ...row(k), seq: k, action: 'user.create', detail: '{"username":"intruder"}', prev_hash: row(k - 1).hash };
      await t.db
        .insertInto('audit_entry')
        .values({ ...forged, hash: hashAuditEntry(forged), key_id: null, signature: null })
        .execute();
      return k;
    },
    'insert, later entries rehashed': async (k) => {
      await shift(k, 1);
      const forged = { ...row(k), seq: k, action: 'user.create', detail: '{"username":"intruder"}', prev_hash: row(k - 1).hash };
      await t.db
        .insertInto('audit_entry')
        .values({ ...forged, hash: hashAuditEntry(forged) })
        .execute();
      await rechainFrom(k + 1, 'keep');
      return k;
    },
    'reorder two entries': async (k) => {
      await swapWithNext(k);
      return k;
    },
    'reorder two entries, all rehashed': async (k) => {
      await swapWithNext(k);
      await rechainFrom(k, 'keep');
      return k;
    },
    'truncate the end': async (k) => {
      await t.db.deleteFrom('audit_entry').where('seq', '>=', k).execute();
      return k;
    },
    'rewrite everything after an entry': async (k) => {
      await t.db.updateTable('audit_entry').set({ detail: '{"forged":true}' }).where('seq', '=', k).execute();
      await rechainFrom(k, 'keep');
      return k;
    },
    'rewrite everything after an entry, signatures removed': async (k) => {
      await t.db.updateTable('audit_entry').set({ detail: '{"forged":true}' }).where('seq', '=', k).execute();
      await rechainFrom(k, 'drop');
      return k;
    },
    'truncate, then append forged entries': async (k) => {
      await t.db.deleteFrom('audit_entry').where('seq', '>=', k).execute();
      let prev = row(k - 1).hash;
      for (let seq = k; seq < k + 3; seq++) {
        const forged = { ...row(k), seq, detail: `{"forged":${seq}}`, prev_hash: prev };
        prev = hashAuditEntry(forged);
        await t.db
          .insertInto('audit_entry')
          .values({ ...forged, hash: prev })
          .execute();
      }
      return k;
    },
  };

  it.each(Object.keys(attacks))('detects %s anywhere in the chain and names the first bad entry', async (name) => {
    const attack = attacks[name];
    if (!attack) throw new Error(name);
    const rng = prng(name.length * 7919 + (kind === 'sqlite' ? 1 : 2));
    const n = original.length;
    // The first and last places, and a few drawn at random, for each attack.
    const places = new Set([2, n - 1, ...Array.from({ length: 4 }, () => 2 + rng.int(n - 2))]);
    for (const k of places) {
      const expected = await attack(k);
      const result = await verify();
      expect(result, `${name} at ${k}`).toMatchObject({ ok: false, first: { seq: expected }, checkpointProblems: [] });
      await restore();
    }
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('reports a checkpoint edited in its file, and one signed by another key', async () => {
    const file = signing.paths.checkpointFile;
    const text = readFileSync(file, 'utf8');
    const lines = text.trimEnd().split('\n');
    const second = JSON.parse(lines[1] ?? '{}');
    const forgedKey = 'f'.repeat(16);
    const edited = [
      ...lines.slice(0, 1),
      JSON.stringify({ ...second, treeSize: second.treeSize + 1 }),
      JSON.stringify({ ...second, keyId: forgedKey }),
      ...lines.slice(2),
    ];
    try {
      writeFileSync(file, `${edited.join('\n')}\n`);
      const result = await verify();
      expect(result).toMatchObject({
        ok: false,
        first: null,
        checkpointProblems: [
          { line: 2, problem: expect.stringMatching(/does not match its content/) },
          { line: 3, problem: expect.stringMatching(/another key/) },
        ],
      });
    } finally {
      writeFileSync(file, text);
    }
  });

  it('files a head once, however often it is asked for', async () => {
    const officer = { ...world.marPlanner, roles: ['security_officer' as const] };
    const first = await signAuditHead(ctx, officer);
    const lines = readFileSync(signing.paths.checkpointFile, 'utf8');
    const again = await signAuditHead(ctx, officer);
    expect(again).toMatchObject({ treeSize: first.treeSize, headHash: first.headHash });
    expect(checkpointSignedBy(signing.publicKey, signing.keyId, again)).toBe(true);
    expect(readFileSync(signing.paths.checkpointFile, 'utf8')).toBe(lines);
  });

  it('keeps the next checkpoint whole after a line torn by a crash', async () => {
    const file = signing.paths.checkpointFile;
    const text = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, `${text}{"headHash":"ab`);
      const officer = { ...world.marPlanner, roles: ['security_officer' as const] };
      // A head not filed yet, or there would be no new line to write.
      await createActivity(ctx, world.marPlanner, world.plan.id, activityInput('AUD-TORN'));
      const checkpoint = await signAuditHead(ctx, officer);
      const read = readCheckpoints(file);
      const torn = text.trimEnd().split('\n').length + 1;
      expect(read.unreadable).toEqual([torn]);
      expect(read.checkpoints.at(-1)).toEqual({ ...checkpoint, line: torn + 1 });
    } finally {
      writeFileSync(file, text);
    }
  });

  it('detects a cut end against a head recorded earlier, without the checkpoints, and names the first entry missing', async () => {
    const head = await auditHead(ctx);
    expect(await verifyAudit(ctx, { anchor: head })).toMatchObject({ ok: true, head });
    try {
      await t.db
        .deleteFrom('audit_entry')
        .where('seq', '>=', head.seq - 1)
        .execute();
      // Without the anchor and the checkpoints the shortened chain still looks whole.
      expect(await verifyAudit(ctx)).toMatchObject({ ok: true });
      const cut = await verifyAudit(ctx, { anchor: head });
      expect(cut).toMatchObject({ ok: false, first: { seq: head.seq - 1 } });
      expect(cut.ok ? '' : cut.first?.problem).toMatch(/removed from its end/);
      expect(await verifyAudit(ctx, { anchor: { seq: head.seq - 2, hash: 'f'.repeat(64) } })).toMatchObject({
        ok: false,
        first: { seq: head.seq - 2 },
      });
    } finally {
      await restore();
    }
  });

  it('files a checkpoint when an export commits, and none for a transaction rolled back', async () => {
    const before = readCheckpoints(signing.paths.checkpointFile).checkpoints.length;
    await exportPlan(ctx, world.marPlanner, world.plan.id);
    const filed = readCheckpoints(signing.paths.checkpointFile).checkpoints;
    const head = await auditHead(ctx);
    expect(filed.length).toBe(before + 1);
    expect(filed.at(-1)).toMatchObject({ treeSize: head.seq, headHash: head.hash });

    // An export whose transaction fails afterwards leaves neither an entry nor a checkpoint.
    await expect(
      inTransaction(ctx.db, async (trx) => {
        const { audit } = await import('../src/app/audit.js');
        await audit(trx, world.marPlanner, new Date().toISOString(), [
          {
            action: 'plan.export',
            entityType: 'work_plan',
            entityId: world.plan.id,
            label: { owner_party: 'MAR', classification: 0, releasable_mask: 0, compartment_mask: 0 },
          },
        ]);
        throw new Error('after the audit entry');
      }),
    ).rejects.toThrow('after the audit entry');
    expect(readCheckpoints(signing.paths.checkpointFile).checkpoints.length).toBe(before + 1);
    expect(await auditHead(ctx)).toEqual(head);
    expect(await verify()).toMatchObject({ ok: true });
    original = await entries();
  });

  it('GET /api/audit/checkpoint signs the head for a security officer, and vouches for no rewritten chain', async () => {
    const officer = await makeActor(ctx, 'MAR', ['security_officer'], 'SECRET');
    original = await entries();
    const app = await buildServer(ctx, { webRoot: false });
    try {
      const session = async (username: string) => `jp_session=${(await login(ctx, username, PASSWORD, 'test')).token}`;
      const get = async (cookie: string) => app.inject({ method: 'GET', url: '/api/audit/checkpoint', headers: { cookie } });
      const asOfficer = await session(officer.username);
      original = await entries();
      const res = await get(asOfficer);
      expect(res.statusCode, res.body).toBe(200);
      const checkpoint = auditCheckpointSchema.parse(res.json());
      const head = original.at(-1);
      expect(checkpoint).toMatchObject({ treeSize: head?.seq, headHash: head?.hash, keyId: signing.keyId });
      expect(checkpointSignedBy(signing.publicKey, signing.keyId, checkpoint)).toBe(true);
      expect(readCheckpoints(signing.paths.checkpointFile).checkpoints.at(-1)).toMatchObject(checkpoint);

      const planner = await get(await session(world.marPlanner.username));
      expect(planner.statusCode).toBe(403);
      expect(planner.headers['content-type']).toMatch(/application\/problem\+json/);

      original = await entries();
      await t.db.updateTable('audit_entry').set({ detail: '{"forged":true}' }).where('seq', '=', original.length).execute();
      await rechainFrom(original.length, 'keep');
      const refused = await get(asOfficer);
      expect(refused.statusCode).toBe(409);
      await restore();
      // Nor a chain cut back to an earlier entry, signed as it is.
      await t.db.deleteFrom('audit_entry').where('seq', '>=', checkpoint.treeSize).execute();
      const cut = await get(asOfficer);
      expect(cut.statusCode).toBe(409);
      expect(cut.json().detail ?? cut.json().title).toMatch(/shorter than its last checkpoint/);
      expect(readCheckpoints(signing.paths.checkpointFile).checkpoints.at(-1)).toMatchObject(checkpoint);
    } finally {
      await app.close();
      await restore();
    }
  });

  it('GET /api/audit/checkpoint answers 409 where there is no signing key', async () => {
    const officer = { ...world.marPlanner, roles: ['security_officer' as const] };
    await expect(signAuditHead(createContext(t.db), officer)).rejects.toMatchObject({ kind: 'conflict' });
  });
});

describe.each(databases())('a chain written before there was a key, on %s', (kind) => {
  it('is covered by the key’s first checkpoint, and an entry written afterwards without the key is named', async () => {
    const t = await openTestDatabase(kind);
    const dir = mkdtempSync(join(tmpdir(), 'jointplan-audit-'));
    try {
      const world = await seedWorld(t.ctx);
      await createActivity(t.ctx, world.marPlanner, world.plan.id, activityInput('OLD-1'));
      const legacy = await auditHead(t.ctx);
      const signing = await startAuditSigning(t.db, {
        keyFile: join(dir, 'key.pem'),
        checkpointFile: join(dir, 'checkpoints.jsonl'),
        every: EVERY,
      });
      expect(readCheckpoints(signing.paths.checkpointFile).checkpoints).toMatchObject([
        { treeSize: legacy.seq, headHash: legacy.hash },
      ]);
      // Starting again with the same key files nothing new and keeps the key.
      const again = await startAuditSigning(t.db, signing.paths);
      expect(again.keyId).toBe(signing.keyId);
      expect(readCheckpoints(signing.paths.checkpointFile).checkpoints).toHaveLength(1);

      const signed = createContext(t.db, undefined, signing);
      const check = () =>
        verifyAudit(signed, { key: signing, checkpoints: readCheckpoints(signing.paths.checkpointFile).checkpoints });
      await createActivity(signed, world.marPlanner, world.plan.id, activityInput('NEW-1'));
      expect(await check()).toMatchObject({ ok: true });
      // A writer without the key (a copy of the server set up without it) is caught at its first entry.
      await createActivity(t.ctx, world.marPlanner, world.plan.id, activityInput('NEW-2'));
      const head = await auditHead(t.ctx);
      const entry = await t.db
        .selectFrom('audit_entry')
        .select('seq')
        .where('seq', '>', legacy.seq)
        .where('signature', 'is', null)
        .orderBy('seq')
        .executeTakeFirstOrThrow();
      expect(entry.seq).toBeLessThanOrEqual(head.seq);
      expect(await check()).toMatchObject({
        ok: false,
        first: { seq: entry.seq, problem: expect.stringMatching(/carries no signature/) },
      });
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(databases())('the audit list with its labels, on %s', (kind) => {
  it('carries each entry’s label and lists only entries about records the reader may read', async () => {
    const t = await openTestDatabase(kind);
    const app = await buildServer(t.ctx, { webRoot: false });
    try {
      const world = await seedWorld(t.ctx);
      const shared = await createActivity(t.ctx, world.marPlanner, world.plan.id, activityInput('AUD-1'));
      const secret = await createActivity(
        t.ctx,
        world.marPlanner,
        world.plan.id,
        activityInput('AUD-2', { classification: 'SECRET', releasableTo: ['ISR'], compartments: ['INDUS'] }),
      );
      const own = await createActivity(
        t.ctx,
        world.marPlanner,
        world.plan.id,
        activityInput('AUD-3', { classification: 'CONFIDENTIAL', releasableTo: [] }),
      );
      const read = async (party: string, clearance: Classification, compartments: string[] = []) => {
        const officer = await makeActor(t.ctx, party, ['security_officer'], clearance, compartments);
        const cookie = `jp_session=${(await login(t.ctx, officer.username, PASSWORD, 'test')).token}`;
        const res = await app.inject({ method: 'GET', url: '/api/audit?limit=500', headers: { cookie } });
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json() as { items: AuditEntry[]; nextCursor: string | null };
        expect(body.nextCursor).toBeNull();
        return body.items;
      };
      const labelOf = (a: typeof shared) => ({
        ownerParty: a.ownerParty,
        classification: a.classification,
        releasableTo: a.releasableTo,
        compartments: a.compartments,
      });
      const about = (items: AuditEntry[], id: string) => items.filter((e) => e.entityId === id);

      // MAR, cleared and compartmented: all three, each with its label.
      const mar = await read('MAR', 'SECRET', ['INDUS']);
      for (const a of [shared, secret, own]) {
        const entries = about(mar, a.id);
        expect(entries.length, a.refCode).toBeGreaterThan(0);
        for (const e of entries) expect(e).toMatchObject(labelOf(a));
      }
      expect(labelOf(secret)).toEqual({
        ownerParty: 'MAR',
        classification: 'SECRET',
        releasableTo: ['ISR'],
        compartments: ['INDUS'],
      });
      // Every entry says a label, and the answer holds to its schema.
      for (const e of mar) expect(auditEntrySchema.parse(e)).toEqual(e);

      // ISR, without the compartment: the shared activity only, never MAR's own nor the compartmented one.
      const isr = await read('ISR', 'SECRET');
      expect(about(isr, shared.id).length).toBeGreaterThan(0);
      for (const e of about(isr, shared.id)) expect(e).toMatchObject(labelOf(shared));
      expect(about(isr, secret.id)).toEqual([]);
      expect(about(isr, own.id)).toEqual([]);
      for (const e of isr)
        if (e.ownerParty !== null)
          expect(canRead({ party: 'ISR', clearance: 'SECRET', compartments: [] }, { ...e, ownerParty: e.ownerParty })).toBe(true);

      // MAR, cleared to CONFIDENTIAL without compartments: not the SECRET one.
      const low = await read('MAR', 'CONFIDENTIAL');
      expect(about(low, secret.id)).toEqual([]);
      expect(about(low, own.id).length).toBeGreaterThan(0);
      expect(low.every((e) => e.classification !== 'SECRET' && e.compartments.length === 0)).toBe(true);
    } finally {
      await app.close();
      await t.close();
    }
  });
});
