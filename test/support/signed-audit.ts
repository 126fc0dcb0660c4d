import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { startAuditSigning } from '../../src/app/audit.usecases.js';
import { type AppContext, createContext } from '../../src/app/context.js';
import type { AuditSigning } from '../../src/store/audit-signing.js';
import { type DatabaseKind, openTestDatabase, type TestDatabase } from './databases.js';
import { makeActor, seedWorld } from './fixtures.js';

/** A seeded world whose audit chain is signed every 5 entries, its key and checkpoints in a folder of its own. */
export interface SignedAuditWorld {
  t: TestDatabase;
  dir: string;
  signing: AuditSigning;
  ctx: AppContext;
  world: Awaited<ReturnType<typeof seedWorld>>;
  /** A MAR security officer cleared SECRET. */
  officer: Awaited<ReturnType<typeof makeActor>>;
}

/** Signs the audit chain of `t` every 5 entries, its key and checkpoints in a new temporary folder named from `prefix`. */
export async function signAuditInNewFolder(t: TestDatabase, prefix: string): Promise<{ dir: string; signing: AuditSigning }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const signing = await startAuditSigning(t.db, {
    keyFile: join(dir, 'key.pem'),
    checkpointFile: join(dir, 'checkpoints.jsonl'),
    every: 5,
  });
  return { dir, signing };
}

/** Opens a database of `kind` with a signed audit chain (key and checkpoints in a new temporary folder named from `prefix`). */
export async function openSignedAuditWorld(kind: DatabaseKind, prefix: string, now?: () => Date): Promise<SignedAuditWorld> {
  const t = await openTestDatabase(kind);
  const { dir, signing } = await signAuditInNewFolder(t, prefix);
  const ctx = createContext(t.db, now, signing);
  const world = await seedWorld(ctx);
  const officer = await makeActor(ctx, 'MAR', ['security_officer'], 'SECRET');
  return { t, dir, signing, ctx, world, officer };
}

/** Closes the server and the database of a signed-audit world and removes its folder. */
export async function closeSignedAuditWorld(s: SignedAuditWorld | undefined, app: FastifyInstance | undefined) {
  await app?.close();
  await s?.t.close();
  if (s) rmSync(s.dir, { recursive: true, force: true });
}
