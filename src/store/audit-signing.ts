import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  existsSync,
  fstatSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { Kysely, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs } from 'kysely';
import {
  type AuditCheckpoint,
  auditCheckpointSchema,
  checkpointBytes,
  checkpointLine,
  type UnsignedCheckpoint,
} from '../domain/audit-checkpoint.js';
import type { Database } from './database.js';
import { isPostgresUrl } from './db.js';
import { keyIdOf, signCheckpoint, verifyEd25519 } from './ed25519.js';

/** Checkpoints filed at least this often (in entries) unless configured otherwise. */
export const DEFAULT_CHECKPOINT_EVERY = 100;

export interface AuditSigningPaths {
  keyFile: string;
  checkpointFile: string;
  /** File a checkpoint once the chain has grown by this many entries since the last one. */
  every: number;
}

/**
 * Where the signing key and the checkpoints live: beside the SQLite file (or,
 * for PostgreSQL, in JOINTPLAN_AUDIT_DIR, by default data/), or where
 * JOINTPLAN_AUDIT_KEY_FILE, JOINTPLAN_AUDIT_CHECKPOINTS and
 * JOINTPLAN_AUDIT_CHECKPOINT_EVERY say. They stay outside the database so that
 * whoever can write to it cannot rewrite them.
 */
export function auditSigningPaths(databaseUrl: string | undefined, env: NodeJS.ProcessEnv = process.env): AuditSigningPaths {
  const folder =
    databaseUrl && !isPostgresUrl(databaseUrl) && databaseUrl !== ':memory:'
      ? dirname(databaseUrl)
      : env.JOINTPLAN_AUDIT_DIR || 'data';
  const every = Number(env.JOINTPLAN_AUDIT_CHECKPOINT_EVERY ?? DEFAULT_CHECKPOINT_EVERY);
  return {
    keyFile: env.JOINTPLAN_AUDIT_KEY_FILE || join(folder, 'audit-signing-key.pem'),
    checkpointFile: env.JOINTPLAN_AUDIT_CHECKPOINTS || join(folder, 'audit-checkpoints.jsonl'),
    every: Number.isSafeInteger(every) && every > 0 ? every : DEFAULT_CHECKPOINT_EVERY,
  };
}

/** The public half of the installation's key: enough to verify, not to sign. */
export interface AuditVerifyKey {
  publicKey: KeyObject;
  keyId: string;
}

export interface AuditSigning extends AuditVerifyKey {
  privateKey: KeyObject;
  paths: AuditSigningPaths;
  /** True when this start made the key (there was none). */
  created: boolean;
  /** The last checkpoint this process filed or found in the file. */
  lastFiled: { treeSize: number; headHash: string } | undefined;
}

/** Reads the signing key, or makes one (readable by its owner only) when there is none. */
export function loadAuditSigning(paths: AuditSigningPaths): AuditSigning {
  let created = false;
  if (!existsSync(paths.keyFile)) {
    mkdirSync(dirname(paths.keyFile), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    // Written whole under another name, then linked: a process starting at the same
    // moment either makes the key itself or reads a complete one, never half a file.
    const draft = `${paths.keyFile}.${process.pid}.${randomUUID()}`;
    writeFileSync(draft, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    try {
      linkSync(draft, paths.keyFile);
      created = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      unlinkSync(draft);
    }
  }
  const privateKey = createPrivateKey(readFileSync(paths.keyFile));
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${paths.keyFile} does not hold an Ed25519 private key`);
  const publicKey = createPublicKey(privateKey);
  const last = readCheckpoints(paths.checkpointFile).checkpoints.at(-1);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey), paths, created, lastFiled: last };
}

/** The verifying key from a key file, or undefined when there is none (nothing was ever signed here). */
export function loadVerifyKey(keyFile: string): AuditVerifyKey | undefined {
  if (!existsSync(keyFile)) return undefined;
  const text = readFileSync(keyFile, 'utf8');
  const publicKey = createPublicKey(text.includes('PRIVATE KEY') ? createPrivateKey(text) : text);
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error(`${keyFile} does not hold an Ed25519 key`);
  return { publicKey, keyId: keyIdOf(publicKey) };
}

export function signHead(signing: AuditSigning, head: Omit<UnsignedCheckpoint, 'keyId'>): AuditCheckpoint {
  return signCheckpoint(signing.privateKey, { ...head, keyId: signing.keyId });
}

/** Appends a checkpoint to the checkpoint file: one canonical JSON line, written in one call. */
export function fileCheckpoint(signing: AuditSigning, c: AuditCheckpoint) {
  const file = signing.paths.checkpointFile;
  mkdirSync(dirname(file), { recursive: true });
  // A line torn by a crash stays a line of its own: the next checkpoint starts on a fresh one.
  const torn = existsSync(file) && !endsWithNewline(file);
  appendFileSync(file, `${torn ? '\n' : ''}${checkpointLine(c)}\n`, { mode: 0o600 });
  if (c.treeSize >= (signing.lastFiled?.treeSize ?? 0)) signing.lastFiled = { treeSize: c.treeSize, headHash: c.headHash };
}

function endsWithNewline(file: string) {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

export type FiledCheckpoint = AuditCheckpoint & { line: number };

/** Where the last checkpoint a verification found holding is kept: beside the checkpoints, as one line. */
const verifiedFileOf = (paths: AuditSigningPaths) => `${paths.checkpointFile}.verified`;

/**
 * What the mark of a kept checkpoint signs: words of its own before the
 * checkpoint's bytes, so that no filed checkpoint's signature, nor an audit
 * entry's, can be copied in as a mark. Anyone who can write beside the
 * database can copy those; only the key can make a mark.
 */
const verifiedBytes = (c: AuditCheckpoint) => Buffer.concat([Buffer.from('jointplan-audit-verified-v1\n'), checkpointBytes(c)]);

/**
 * The signed checkpoint up to which the chain was last found holding, if
 * one is kept, reads as one and bears the installation's mark for it. The
 * checkpoint's own signature is the reader's to check.
 */
export function readVerifiedCheckpoint(signing: AuditSigning): AuditCheckpoint | undefined {
  const file = verifiedFileOf(signing.paths);
  if (!existsSync(file)) return undefined;
  try {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { checkpoint?: unknown; mark?: unknown };
    const parsed = auditCheckpointSchema.safeParse(kept.checkpoint);
    if (!parsed.success || typeof kept.mark !== 'string') return undefined;
    const mark = Buffer.from(kept.mark, 'base64url');
    // base64url decoding skips what it cannot read: a round trip refuses such text.
    if (mark.toString('base64url') !== kept.mark) return undefined;
    return verifyEd25519(signing.publicKey, verifiedBytes(parsed.data), mark) ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keeps the checkpoint up to which the chain was found holding, with the
 * installation's mark for it, replacing the one kept before in one rename.
 */
export function keepVerifiedCheckpoint(signing: AuditSigning, c: AuditCheckpoint) {
  const file = verifiedFileOf(signing.paths);
  mkdirSync(dirname(file), { recursive: true });
  const next = `${file}.${randomUUID()}`;
  const mark = sign(null, verifiedBytes(c), signing.privateKey).toString('base64url');
  writeFileSync(next, `${JSON.stringify({ checkpoint: c, mark })}\n`, { mode: 0o600 });
  renameSync(next, file);
}

/** The checkpoints of a file, in filing order, and the lines that are not checkpoints at all. */
export function readCheckpoints(file: string): { checkpoints: FiledCheckpoint[]; unreadable: number[] } {
  if (!existsSync(file)) return { checkpoints: [], unreadable: [] };
  const checkpoints: FiledCheckpoint[] = [];
  const unreadable: number[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (text.trim() === '') return;
      let parsed: ReturnType<typeof auditCheckpointSchema.safeParse>;
      try {
        parsed = auditCheckpointSchema.safeParse(JSON.parse(text));
      } catch {
        unreadable.push(i + 1);
        return;
      }
      if (parsed.success) checkpoints.push({ ...parsed.data, line: i + 1 });
      else unreadable.push(i + 1);
    });
  return { checkpoints, unreadable };
}

/**
 * Carries the signing key with a database handle, so that every transaction
 * begun from it signs the audit entries it appends: the use cases keep
 * passing only their transaction. It changes no query.
 */
export class AuditSigningPlugin implements KyselyPlugin {
  constructor(readonly signing: AuditSigning) {}
  transformQuery(args: PluginTransformQueryArgs) {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs) {
    return args.result;
  }
}

/** The signing key travelling with this handle or transaction, if any. */
export const signingOf = (db: Pick<Kysely<Database>, 'getExecutor'>) =>
  db.getExecutor().plugins.find((p): p is AuditSigningPlugin => p instanceof AuditSigningPlugin)?.signing;
