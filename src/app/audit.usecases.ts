import { rmSync } from 'node:fs';
import Papa from 'papaparse';
import type { AuditEntry, AuditFilter, AuditVerification } from '../domain/audit.schema.js';
import { GENESIS_HASH } from '../domain/audit-chain.js';
import type { AuditCheckpoint } from '../domain/audit-checkpoint.js';
import { documentMarking, documentMarkingText, portionMarking } from '../domain/marking.js';
import { issue, problem } from '../domain/problems.js';
import {
  type AuditListFilter,
  type AuditListRow,
  auditChainHead,
  auditChainSigned,
  entrySignedBy,
  lastAuditEntry,
  listAuditEntries,
  type VerifyOptions,
  verifyAuditChain,
} from '../store/audit.repo.js';
import {
  type AuditSigning,
  type AuditSigningPaths,
  type FiledCheckpoint,
  fileCheckpoint,
  keepVerifiedCheckpoint,
  loadAuditSigning,
  readCheckpoints,
  readVerifiedCheckpoint,
  signHead,
} from '../store/audit-signing.js';
import type { Db } from '../store/db.js';
import { checkpointSignedBy } from '../store/ed25519.js';
import type { LabelCodec } from '../store/label-codec.js';
import { inTransaction } from '../store/tx.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, isoNow } from './context.js';
import { assertSecurityOfficer } from './policy.js';

/** Entries a CSV export holds at most; a larger log is exported filter by filter. */
export const AUDIT_EXPORT_MAX = 50_000;

const nextDay = (day: string) => {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
};

/**
 * The filters as the store compares them: instants in the log's own form
 * (ISO 8601 UTC, milliseconds), a day `to` taken whole. An end before the
 * start is refused rather than answered with nothing.
 */
function storeFilter(filter: AuditFilter): AuditListFilter {
  const from =
    filter.from === undefined
      ? undefined
      : new Date(filter.from.length === 10 ? `${filter.from}T00:00:00.000Z` : filter.from).toISOString();
  const to =
    filter.to === undefined ? undefined : filter.to.length === 10 ? nextDay(filter.to) : new Date(filter.to).toISOString();
  if (from !== undefined && to !== undefined && to <= from)
    throw problem('request.invalid_fields', { where: 'querystring', count: 1 }, [
      issue('to', 'field.must_be_after', { date: filter.from ?? '' }),
    ]);
  return {
    username: filter.user,
    action: filter.action,
    entityType: filter.entityType,
    entityId: filter.entityId,
    from,
    to,
  };
}

function presentEntry(codec: LabelCodec, r: AuditListRow): AuditEntry {
  return {
    // The label the entry was written with; a name no party knows has no owner.
    ...(r.owner_party === null
      ? { ...codec.decode({ ...r, owner_party: '' }), ownerParty: null }
      : codec.decode({ ...r, owner_party: r.owner_party })),
    seq: r.seq,
    at: r.at,
    actorId: r.actor_id,
    actorParty: r.actor_party,
    actorUsername: r.actor_username,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    hash: r.hash,
  };
}

/**
 * The audit log as a security officer reads it, newest first, narrowed by
 * `filter`: entries about records they may read, and sign-in events of their
 * own party's accounts (or of unknown names tried against it).
 */
export async function listAudit(
  ctx: AppContext,
  actor: Actor,
  opts: AuditFilter & { cursor?: number | undefined; limit: number },
) {
  assertSecurityOfficer(actor);
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const rows = await listAuditEntries(ctx.db, reader, {
    ...storeFilter(opts),
    before: opts.cursor,
    limit: opts.limit + 1,
  });
  const more = rows.length > opts.limit;
  const page = more ? rows.slice(0, opts.limit) : rows;
  return {
    items: page.map((r) => presentEntry(codec, r)),
    nextCursor: more ? String(page.at(-1)?.seq) : null,
  };
}

/** The marking of a set of entries: an entry about a name no party knows counts as the reader's party's, unclassified. */
function entriesMarking(entries: readonly AuditEntry[], party: string) {
  return documentMarking(entries.map((e) => ({ ...e, ownerParty: e.ownerParty ?? party })));
}

/**
 * The filtered log as a CSV file (newest first), marked on its first and
 * last lines with the highest marking of what it holds, and each entry with
 * its own. The export is itself an audit entry, in the same transaction as
 * the reading, labelled as what it exported.
 */
export async function exportAudit(ctx: AppContext, actor: Actor, filter: AuditFilter) {
  assertSecurityOfficer(actor);
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const where = storeFilter(filter);
  return inTransaction(ctx.db, async (trx) => {
    const rows = await listAuditEntries(trx, reader, { ...where, limit: AUDIT_EXPORT_MAX + 1 });
    if (rows.length > AUDIT_EXPORT_MAX) throw problem('audit.export_too_large', { max: AUDIT_EXPORT_MAX });
    const entries = rows.map((r) => presentEntry(codec, r));
    const marking = entriesMarking(entries, actor.party);
    const markingLine = documentMarkingText(marking);
    // A cell starting with = + - @ (a username, a record id, a filter) is prefixed with ' so that a spreadsheet
    // program shows it as text instead of running it as a formula.
    const csv = Papa.unparse(
      {
        fields: [
          'seq',
          'marking',
          'at',
          'actorParty',
          'actorUsername',
          'actorId',
          'action',
          'entityType',
          'entityId',
          'detail',
          'hash',
        ],
        data: entries.map((e) => [
          e.seq,
          portionMarking({ ...e, ownerParty: e.ownerParty ?? actor.party }),
          e.at,
          e.actorParty ?? '',
          e.actorUsername ?? '',
          e.actorId ?? '',
          e.action,
          e.entityType,
          e.entityId ?? '',
          JSON.stringify(e.detail),
          e.hash,
        ]),
      },
      { escapeFormulae: true },
    );
    const now = isoNow(ctx);
    await audit(trx, actor, now, [
      {
        action: 'audit.export',
        entityType: 'audit_log',
        entityId: null,
        label: codec.encode({
          ownerParty: actor.party,
          classification: marking.classification,
          releasableTo: marking.releasableTo.filter((p) => p !== actor.party && codec.knowsParty(p)),
          compartments: marking.compartments,
        }),
        detail: { format: 'csv', entries: entries.length, filter },
      },
    ]);
    const lines = [Papa.unparse([[markingLine]]), csv, Papa.unparse([[markingLine]])];
    return {
      // The byte-order mark makes spreadsheet programs read the file as UTF-8 (Arabic, Hebrew, accents).
      body: `\uFEFF${lines.join('\r\n')}\r\n`,
      filename: `audit-log-${now.slice(0, 10)}.csv`,
      marking: markingLine,
      count: entries.length,
    };
  });
}

/**
 * Checks the chain for a security officer: its hashes, the signed
 * checkpoints filed outside the database and the entries' signatures, with
 * the installation's own key. Names the first broken link, if any.
 */
export async function verifyAuditForOfficer(ctx: AppContext, actor: Actor, full = false): Promise<AuditVerification> {
  assertSecurityOfficer(actor);
  // A verification reads every entry: a second one asked meanwhile is refused rather than run alongside.
  if (verifying.has(ctx.db)) throw problem('audit.verification_running');
  verifying.add(ctx.db);
  try {
    return await verifyAuditChainForOfficer(ctx, full);
  } finally {
    verifying.delete(ctx.db);
  }
}

/** The installations (by their database) whose chain a security officer is verifying now. */
const verifying = new WeakSet<object>();

/**
 * Verifies the chain from the signed checkpoint up to which it was last
 * found holding, unless `full` is asked or there is none that holds: that
 * checkpoint's signature is checked with the key, and its entry must still
 * hash as it signed, before the entries after it are walked. What an
 * incremental verification finds broken is verified again in full, so that
 * the answer names the first broken entry. After a verification that holds,
 * the furthest checkpoint it walked past is kept for the next one.
 */
async function verifyAuditChainForOfficer(ctx: AppContext, full: boolean): Promise<AuditVerification> {
  const signing = ctx.auditSigning;
  const checkpoints = signing ? readCheckpoints(signing.paths.checkpointFile).checkpoints : [];
  const kept = signing && !full ? readVerifiedCheckpoint(signing) : undefined;
  const from =
    signing && kept && kept.keyId === signing.keyId && checkpointSignedBy(signing.publicKey, signing.keyId, kept)
      ? { seq: kept.treeSize, hash: kept.headHash }
      : undefined;
  let result = await verifyAuditChain(ctx.db, { key: signing, checkpoints, from });
  let verifiedFrom = from?.seq ?? 0;
  if (!result.ok && from) {
    result = await verifyAuditChain(ctx.db, { key: signing, checkpoints });
    verifiedFrom = 0;
  }
  if (result.ok) {
    const walked = checkpoints
      .filter((c) => c.treeSize > verifiedFrom && c.treeSize <= result.head.seq)
      .filter((c) => signing && c.keyId === signing.keyId && checkpointSignedBy(signing.publicKey, signing.keyId, c))
      .reduce<FiledCheckpoint | undefined>((a, c) => (a && a.treeSize >= c.treeSize ? a : c), undefined);
    if (signing && walked) {
      const { line: _line, ...checkpoint } = walked;
      keepVerifiedCheckpoint(signing, checkpoint);
    }
    return {
      ok: true,
      count: result.count,
      head: result.head,
      checkpoints: result.checkpoints,
      signed: signing !== undefined,
      from: verifiedFrom,
      firstBroken: null,
      checkpointProblems: [],
    };
  }
  return {
    ok: false,
    count: null,
    head: null,
    checkpoints: 0,
    signed: signing !== undefined,
    from: 0,
    firstBroken: result.first,
    checkpointProblems: result.checkpointProblems,
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
