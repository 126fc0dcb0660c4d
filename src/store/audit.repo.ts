import { type Kysely, sql } from 'kysely';
import { type AuditFields, type ChainProblem, GENESIS_HASH, hashAuditEntry, verifyChain } from '../domain/audit-chain.js';
import type { AuditCheckpoint } from '../domain/audit-checkpoint.js';
import { readableBy, type StoreReader } from './access.js';
import {
  type AuditSigning,
  type AuditVerifyKey,
  type FiledCheckpoint,
  fileCheckpoint,
  signHead,
  signingOf,
} from './audit-signing.js';
import type { AuditEntryRow, Database, LabelColumns } from './database.js';
import { isPostgres } from './dialect.js';
import { checkpointSignedBy } from './ed25519.js';

export type NewAuditEntry = Omit<AuditFields, 'seq' | 'prev_hash'>;

// Any constant works; it names the lock that serialises appends to the chain.
const AUDIT_CHAIN_LOCK = 73_531;

/** An export is filed as a checkpoint as soon as it commits, whatever the count since the last one. */
const isExport = (action: string) => action.endsWith('.export');

/** The last entry each open transaction appended, signed; filed by `afterAuditCommit` if it commits. */
const pendingHeads = new WeakMap<object, { signing: AuditSigning; head: AuditCheckpoint; force: boolean }>();

/** What a page or an export of the log is narrowed to, times already as stored (ISO 8601 UTC, `to` excluded). */
export interface AuditListFilter {
  username?: string | undefined;
  /** An action, or a kind of record for all its actions (`activity` matches `activity.create`). */
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export type AuditListRow = AuditEntryRow & { actor_username: string | null };

/**
 * A page of the audit log, newest first, as a reader of `party` sees it:
 * entries about records the reader may read, and sign-in events of the
 * party's own accounts or of names no party knows. The acting account's
 * username comes with entries by the reader's own party's accounts only.
 */
export async function listAuditEntries(
  db: Kysely<Database>,
  reader: StoreReader,
  opts: AuditListFilter & { before?: number | undefined; limit: number },
): Promise<AuditListRow[]> {
  const { action } = opts;
  return (
    db
      .selectFrom('audit_entry')
      .leftJoin('app_user as actor', (join) =>
        join.onRef('actor.id', '=', 'audit_entry.actor_id').on('actor.party', '=', reader.party),
      )
      .selectAll('audit_entry')
      .select('actor.username as actor_username')
      .where((eb) =>
        eb.or([
          readableBy(reader, 'audit_entry'),
          eb.and([
            eb('audit_entry.entity_type', '=', 'user'),
            eb.or([eb('audit_entry.owner_party', '=', reader.party), eb('audit_entry.owner_party', 'is', null)]),
          ]),
        ]),
      )
      // An account of the reader's own party, by name: another party's name answers exactly like an unknown one.
      .$if(opts.username !== undefined, (qb) =>
        qb.where('audit_entry.actor_id', 'in', (eb) =>
          eb
            .selectFrom('app_user')
            .select('app_user.id')
            .where('app_user.username', '=', opts.username ?? '')
            .where('app_user.party', '=', reader.party),
        ),
      )
      // A kind of record matches its actions by range ('activity.' up to 'activity/'), which an index can walk.
      .$if(action !== undefined, (qb) =>
        qb.where((eb) =>
          eb.or([
            eb('audit_entry.action', '=', action ?? ''),
            eb.and([eb('audit_entry.action', '>', `${action}.`), eb('audit_entry.action', '<', `${action}/`)]),
          ]),
        ),
      )
      .$if(opts.entityType !== undefined, (qb) => qb.where('audit_entry.entity_type', '=', opts.entityType ?? ''))
      .$if(opts.entityId !== undefined, (qb) => qb.where('audit_entry.entity_id', '=', opts.entityId ?? ''))
      .$if(opts.from !== undefined, (qb) => qb.where('audit_entry.at', '>=', opts.from ?? ''))
      .$if(opts.to !== undefined, (qb) => qb.where('audit_entry.at', '<', opts.to ?? ''))
      .$if(opts.before !== undefined, (qb) => qb.where('audit_entry.seq', '<', opts.before ?? 0))
      .orderBy('audit_entry.seq', 'desc')
      .limit(opts.limit)
      .execute()
  );
}

/** The last link of the chain: its sequence number and hash, or the genesis of an empty chain. */
export async function auditChainHead(db: Kysely<Database>): Promise<{ seq: number; hash: string }> {
  const head = await db.selectFrom('audit_entry').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return head ?? { seq: 0, hash: GENESIS_HASH };
}

/** Whether any entry of the chain carries a signature. */
export async function auditChainSigned(db: Kysely<Database>): Promise<boolean> {
  const signed = await db.selectFrom('audit_entry').select('seq').where('signature', 'is not', null).limit(1).executeTakeFirst();
  return signed !== undefined;
}

/** The last entry of the chain, whole, or nothing when the chain is empty. */
export const lastAuditEntry = (db: Kysely<Database>) =>
  db.selectFrom('audit_entry').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst();

/**
 * Appends entries to the hash chain inside the caller's transaction. On
 * PostgreSQL an advisory lock held until commit keeps concurrent writers from
 * forking the chain; on SQLite the write lock of BEGIN IMMEDIATE does. When
 * the handle carries the installation's key, each entry is stored with a
 * signed checkpoint of the chain ending at it.
 */
export async function appendAudit(trx: Kysely<Database>, entries: NewAuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const signing = signingOf(trx);
  if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
  const head = await auditChainHead(trx);
  let seq = head.seq;
  let prev = head.hash;
  let signed: AuditCheckpoint | undefined;
  const rows = entries.map((e) => {
    const fields: AuditFields = { ...e, seq: ++seq, prev_hash: prev };
    prev = hashAuditEntry(fields);
    if (!signing) return { ...fields, hash: prev };
    signed = signHead(signing, { treeSize: seq, headHash: prev, time: e.at });
    return { ...fields, hash: prev, key_id: signed.keyId, signature: signed.signature };
  });
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto('audit_entry')
      .values(rows.slice(i, i + 500))
      .execute();
  if (signing && signed)
    pendingHeads.set(trx, {
      signing,
      head: signed,
      force: (pendingHeads.get(trx)?.force ?? false) || entries.some((e) => isExport(e.action)),
    });
}

/**
 * Called once a transaction has committed: files the head it appended when
 * the chain grew by `every` entries since the last checkpoint, or when it
 * recorded an export. Never inside the transaction, and only once the head is
 * read back from the committed chain, so that a head undone by a rollback (of
 * the transaction or of a savepoint in it) is never filed.
 */
export async function afterAuditCommit(db: Kysely<Database>, trx: object) {
  const pending = pendingHeads.get(trx);
  if (!pending) return;
  pendingHeads.delete(trx);
  const { signing, head, force } = pending;
  if (!force && head.treeSize - (signing.lastFiled?.treeSize ?? 0) < signing.paths.every) return;
  try {
    const stored = await db.selectFrom('audit_entry').select('hash').where('seq', '=', head.treeSize).executeTakeFirst();
    if (stored?.hash === head.headHash) fileCheckpoint(signing, head);
  } catch (err) {
    // The change is committed and must not be reported as failed; a later commit files again.
    process.emitWarning(`audit checkpoint not filed in ${signing.paths.checkpointFile}: ${(err as Error).message}`);
  }
}

/** True when the entry carries the installation's signature of the chain ending at it. */
export function entrySignedBy(key: AuditVerifyKey, e: Pick<AuditEntryRow, 'seq' | 'hash' | 'at' | 'key_id' | 'signature'>) {
  if (e.key_id === null || e.signature === null) return false;
  return checkpointSignedBy(key.publicKey, key.keyId, {
    treeSize: e.seq,
    headHash: e.hash,
    time: e.at,
    keyId: e.key_id,
    signature: e.signature,
  });
}

export type ChainAnchor = { seq: number; hash: string };

export interface VerifyOptions {
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** A head recorded earlier (`jointplan audit head`) that must still be in the chain. */
  anchor?: ChainAnchor | undefined;
  /** The installation's public key; without it only the hashes are checked. */
  key?: AuditVerifyKey | undefined;
  /** The checkpoints filed outside the database. */
  checkpoints?: readonly FiledCheckpoint[] | undefined;
  /**
   * A head found holding by an earlier verification, taken from a signed
   * checkpoint whose signature the caller checked: the walk starts after it,
   * once its entry is found to hash as it did. Entries up to it are not read
   * again, so an entry edited there since is found only by a walk without it.
   */
  from?: ChainAnchor | undefined;
}

export type CheckpointProblem = { line: number; treeSize: number; problem: string };

export type VerifyResult =
  | { ok: true; count: number; head: ChainAnchor; checkpoints: number }
  | { ok: false; first: ChainProblem | null; checkpointProblems: CheckpointProblem[] };

type Expected = { treeSize: number; headHash: string; what: string };

/**
 * Walks the whole chain in pages and names the first bad entry, if any.
 *
 * The hashes show an entry edited, deleted or out of place. Whoever can write
 * to the database can recompute them, or cut entries off the end; they cannot
 * sign. So every signed checkpoint from the file (and `anchor`) must match the
 * chain at its size, and entries not covered by a later checkpoint must carry
 * a valid signature. When something fails, the entries since the last
 * checkpoint that held are checked for their signatures: the first one
 * without a valid signature is where the rewrite began.
 */
export async function verifyAuditChain(db: Kysely<Database>, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const { key } = opts;
  const checkpointProblems: CheckpointProblem[] = [];
  const trusted: Expected[] = [];
  for (const c of opts.checkpoints ?? []) {
    const problem = !key
      ? 'cannot be checked without the public key'
      : c.keyId !== key.keyId
        ? `signed by another key (${c.keyId}), not this installation's (${key.keyId})`
        : !checkpointSignedBy(key.publicKey, key.keyId, c)
          ? 'its signature does not match its content (checkpoint forged or edited)'
          : null;
    if (problem) checkpointProblems.push({ line: c.line, treeSize: c.treeSize, problem });
    else
      trusted.push({ treeSize: c.treeSize, headHash: c.headHash, what: `the checkpoint signed at ${c.time} (line ${c.line})` });
  }
  // Entries up to the first checkpoint may predate the key; every later one must be signed.
  const signedFrom = key ? await signingStart(db, trusted) : Number.POSITIVE_INFINITY;
  const expected = opts.anchor
    ? [...trusted, { treeSize: opts.anchor.seq, headHash: opts.anchor.hash, what: 'the head recorded earlier' }]
    : trusted;
  const bySize = new Map<number, Expected[]>();
  for (const x of expected) bySize.set(x.treeSize, [...(bySize.get(x.treeSize) ?? []), x]);
  const furthest = expected.reduce<Expected | undefined>((a, x) => (a && a.treeSize >= x.treeSize ? a : x), undefined);
  // Entries past the last checkpoint are vouched for by their own signatures only.
  const checkSignaturesAfter = Math.max(furthest?.treeSize ?? 0, signedFrom);
  const signatureOk = (e: AuditEntryRow) => !key || e.seq <= signedFrom || entrySignedBy(key, e);

  const total = Number(
    (
      await db
        .selectFrom('audit_entry')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  let prev: ChainAnchor = { seq: 0, hash: GENESIS_HASH };
  let good = 0;
  let count = 0;
  let found: { first: ChainProblem; at: number } | undefined;
  const start = opts.from;
  if (start && start.seq > 0) {
    // The entry the verified head names must still hash as it did: its content recomputed, not only
    // its stored hash compared.
    const at = await db.selectFrom('audit_entry').selectAll().where('seq', '=', start.seq).executeTakeFirst();
    if (!at || at.hash !== start.hash || hashAuditEntry(at) !== start.hash)
      found = {
        first: { seq: start.seq, problem: 'differs from the head verified last (chain rewritten or cut)' },
        at: start.seq,
      };
    else {
      prev = start;
      good = start.seq;
      count = start.seq;
    }
  }
  walk: for (; !found; ) {
    const page = await db.selectFrom('audit_entry').selectAll().where('seq', '>', prev.seq).orderBy('seq').limit(5000).execute();
    if (page.length === 0) break;
    for (const e of page) {
      const linked = verifyChain([e], prev);
      if (!linked.ok) found = { first: linked.first, at: e.seq };
      else if (e.seq > checkSignaturesAfter && !signatureOk(e)) found = { first: unsigned(e), at: e.seq };
      else {
        const differs = bySize.get(e.seq)?.find((x) => x.headHash !== e.hash);
        if (differs) found = { first: { seq: e.seq, problem: `differs from ${differs.what} (chain rewritten)` }, at: e.seq };
      }
      if (found) break walk;
      if (bySize.has(e.seq)) good = e.seq;
      prev = { seq: e.seq, hash: e.hash };
      count++;
    }
    opts.onProgress?.(count, total);
  }
  if (!found && furthest && prev.seq < furthest.treeSize)
    found = {
      first: {
        seq: prev.seq + 1,
        problem: `missing: the chain ends at entry ${prev.seq}, but ${furthest.what} covers ${furthest.treeSize} entries (entries removed from its end)`,
      },
      at: prev.seq,
    };
  if (found && key) {
    const earlier = await firstUnsigned(db, key, Math.max(good, signedFrom), Math.min(found.at, checkSignaturesAfter));
    if (earlier && earlier.seq < found.first.seq) found.first = earlier;
  }
  if (found || checkpointProblems.length > 0) return { ok: false, first: found?.first ?? null, checkpointProblems };
  return { ok: true, count, head: prev, checkpoints: trusted.length };
}

function unsigned(e: AuditEntryRow): ChainProblem {
  return {
    seq: e.seq,
    problem:
      e.signature === null
        ? 'carries no signature of this installation (entry rewritten, inserted or forged)'
        : 'its signature does not match it (entry rewritten, inserted or forged)',
  };
}

/** Where entries must be signed from: the first checkpoint filed, else the first signed entry. */
async function signingStart(db: Kysely<Database>, trusted: readonly Expected[]) {
  if (trusted.length > 0) return Math.min(...trusted.map((x) => x.treeSize));
  const first = await db
    .selectFrom('audit_entry')
    .select((eb) => eb.fn.min('seq').as('seq'))
    .where('signature', 'is not', null)
    .executeTakeFirst();
  return first?.seq == null ? Number.POSITIVE_INFINITY : Number(first.seq) - 1;
}

/** The first entry in (after, upTo] without a valid signature. */
async function firstUnsigned(db: Kysely<Database>, key: AuditVerifyKey, after: number, upTo: number) {
  let from = after;
  while (from < upTo) {
    const page = await db
      .selectFrom('audit_entry')
      .selectAll()
      .where('seq', '>', from)
      .where('seq', '<=', upTo)
      .orderBy('seq')
      .limit(5000)
      .execute();
    if (page.length === 0) return undefined;
    const bad = page.find((e) => !entrySignedBy(key, e));
    if (bad) return unsigned(bad);
    from = page.at(-1)?.seq ?? upTo;
  }
  return undefined;
}

export type AuditRow = AuditEntryRow;
export type { LabelColumns };
