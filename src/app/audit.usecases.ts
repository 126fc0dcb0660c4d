import { rmSync } from 'node:fs';
import type { AuditEntry } from '../domain/audit.schema.js';
import { GENESIS_HASH } from '../domain/audit-chain.js';
import type { AuditCheckpoint } from '../domain/audit-checkpoint.js';
import { problem } from '../domain/problems.js';
import {
  auditChainHead,
  auditChainSigned,
  entrySignedBy,
  lastAuditEntry,
  listAuditEntries,
  type VerifyOptions,
  verifyAuditChain,
} from '../store/audit.repo.js';
import { type AuditSigning, type AuditSigningPaths, fileCheckpoint, loadAuditSigning, signHead } from '../store/audit-signing.js';
import type { Db } from '../store/db.js';
import { type Actor, type AppContext, isoNow } from './context.js';
import { assertSecurityOfficer } from './policy.js';

/**
 * The audit log as a security officer reads it: entries about records they
 * may read, and sign-in events of their own party's accounts (or of unknown
 * names tried against it).
 */
export async function listAudit(
  ctx: AppContext,
  actor: Actor,
  opts: { entityId?: string | undefined; before?: number | undefined; limit: number },
) {
  assertSecurityOfficer(actor);
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const rows = await listAuditEntries(ctx.db, reader, { ...opts, limit: opts.limit + 1 });
  const more = rows.length > opts.limit;
  const page = more ? rows.slice(0, opts.limit) : rows;
  return {
    items: page.map(
      (r): AuditEntry => ({
        // The label the entry was written with; a name no party knows has no owner.
        ...(r.owner_party === null
          ? { ...codec.decode({ ...r, owner_party: '' }), ownerParty: null }
          : codec.decode({ ...r, owner_party: r.owner_party })),
        seq: r.seq,
        at: r.at,
        actorId: r.actor_id,
        actorParty: r.actor_party,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        detail: JSON.parse(r.detail) as Record<string, unknown>,
        hash: r.hash,
      }),
    ),
    nextCursor: more ? String(page.at(-1)?.seq) : null,
  };
}

/**
 * Checks the chain against its hashes, the signed checkpoints filed outside
 * the database, and the signatures of entries no checkpoint covers yet.
 */
export const verifyAudit = (ctx: AppContext, opts: VerifyOptions = {}) => verifyAuditChain(ctx.db, opts);

/** The last entry of the chain, to be kept outside the database as a later `verify` anchor. */
export async function auditHead(ctx: AppContext) {
  return auditChainHead(ctx.db);
}

/**
 * The installation's signing key, made on first start. A new key first signs
 * the chain as it stands, so that the entries written before it existed are
 * covered by a checkpoint too. A chain already signed by a key that is not
 * where this process looks is refused instead: a new key would vouch for it
 * (a lost key file, or a command run with other settings than the server).
 */
export async function startAuditSigning(db: Db, paths: AuditSigningPaths): Promise<AuditSigning> {
  const signing = loadAuditSigning(paths);
  if (signing.created) {
    if (await auditChainSigned(db)) {
      rmSync(paths.keyFile, { force: true });
      throw new Error(
        `No audit signing key at ${paths.keyFile}, but the audit chain is already signed: point JOINTPLAN_AUDIT_KEY_FILE (or JOINTPLAN_AUDIT_DIR) at the installation's key`,
      );
    }
    const head = await auditChainHead(db);
    fileCheckpoint(signing, signHead(signing, { treeSize: head.seq, headHash: head.hash, time: new Date().toISOString() }));
  }
  return signing;
}

/**
 * Signs the chain's current head now, files the checkpoint and returns it
 * (security officers). The head is signed only if this installation signed it
 * already when it was written, or it is the last head filed: a chain
 * rewritten in the database is never vouched for.
 */
export async function signAuditHead(ctx: AppContext, actor: Actor): Promise<AuditCheckpoint> {
  assertSecurityOfficer(actor);
  const signing = ctx.auditSigning;
  if (!signing) throw problem('audit.no_signing_key');
  const head = await lastAuditEntry(ctx.db);
  const size = head?.seq ?? 0;
  const hash = head?.hash ?? GENESIS_HASH;
  const filed = signing.lastFiled;
  const vouched = !head || entrySignedBy(signing, head) || (filed?.treeSize === size && filed.headHash === hash);
  if (!vouched) throw problem('audit.head_not_signed');
  if (size < (filed?.treeSize ?? 0)) throw problem('audit.chain_shorter');
  const checkpoint = signHead(signing, { treeSize: size, headHash: hash, time: isoNow(ctx) });
  // A head already filed needs no second line: the file anchors heads, not the times they were asked for.
  if (filed?.treeSize !== size || filed.headHash !== hash) fileCheckpoint(signing, checkpoint);
  return checkpoint;
}
