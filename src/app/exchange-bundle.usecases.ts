import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { extensionProofOf } from '../domain/audit-tree.js';
import { DomainError } from '../domain/errors.js';
import {
  BUNDLE_MAGIC,
  MAX_HEAD_BYTES,
  type SenderState,
  type VerifyContext,
  verifyBundleHead,
  verifyBundleStream,
} from '../domain/exchange/bundle.js';
import {
  bundleHead,
  type ContentLine,
  contentLine,
  lineSplitter,
  parseContentLine,
  RECORD_KINDS,
  type RecordKind,
  type RecordLine,
  type WithdrawalReason,
  withdrawalReason,
} from '../domain/exchange/bundle-content.js';
import { applyKeyStatement, type PublicKeyRecord, publicKeyRecordSchema } from '../domain/exchange/keys.js';
import {
  agreementWith,
  outboundLabel,
  partnerReader,
  receivedLabel,
  type SecurityPolicy,
} from '../domain/exchange/security-policy.js';
import type { Label } from '../domain/labels.js';
import { documentMarking } from '../domain/marking.js';
import { problem } from '../domain/problems.js';
import { auditChainHead } from '../store/audit.repo.js';
import { signHead } from '../store/audit-signing.js';
import type { ActivityRow, FollowUpRow, LabelColumns, WorkPlanRow } from '../store/database.js';
import { changedPages } from '../store/exchange.repo.js';
import {
  bundleRecordsHash,
  bundleRecordsWriter,
  readableBundleCounts,
  readableBundleRecords,
  type SealedRow,
  UNNEST_CHUNK,
} from '../store/exchange-bundle-record.repo.js';
import {
  insertReceivedRecords,
  readableReceivedCounts,
  readableReceivedRecords,
  withdrawnInImport,
} from '../store/exchange-received-record.repo.js';
import { COPY_BATCH, upsertCopies, withdrawCopies } from '../store/exchange-record.repo.js';
import {
  type ApprovalRow,
  allInboundStates,
  auditEntryHashPages,
  bundleAuditEntries,
  currentLabels,
  inboundState,
  inboundStates,
  insertCheckpoint,
  insertKey,
  insertKeyStatement,
  insertReceived,
  insertRefusal,
  lastSentCheckpointSize,
  listRefusals,
  noLongerGoing,
  outboundState,
  outboundStates,
  ownKeyIds,
  receivedBundle,
  recordAck,
  recordInbound,
  recordNames,
  recordReleased,
  recordSent,
  recordWithdrawn,
  saveKeyChanges,
  sentBundle,
  sentBundleById,
  sentBundles,
  trustedKeys,
  unacknowledgedWithdrawals,
} from '../store/exchange-state.repo.js';
import type { ExchangeRecordTable } from '../store/exchange-tables.js';
import type { LabelCodec } from '../store/label-codec.js';
import { keepWithdrawnApprovals } from '../store/withdrawn-approval.repo.js';

type StoreReader = ReturnType<LabelCodec['reader']>;

import { presentActivity, presentFollowUp, presentPlan } from '../store/present.js';
import { publicKeyRecord, type SigningKey, signerOf, signingKeyOf, verifySignature } from '../store/signing.js';
import { inTransaction } from '../store/tx.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, isoNow } from './context.js';
import { auditExport } from './document.usecases.js';
import { countReceivedApprovals } from './plan-approvals.js';
import { hasRole } from './policy.js';
import { rowSpool } from './row-spool.js';

/**
 * Bundles out of and into the database (docs/exchange.md §4): the export chooses what the read rule
 * gives the partner's party (`partnerReader`), labels each record for the partner (`outboundLabel`),
 * and signs a bundle holding what changed since the last bundle the partner acknowledged; the import
 * checks the bundle's signature and audience before reading its content, then applies it all or
 * nothing, with the sender's new high-water mark, in one transaction. Only the security officers of
 * the installation's party exchange bundles.
 */

/** What an installation needs to exchange: its security policy and its exchange signing key. */
export interface ExchangeSetup {
  policy: SecurityPolicy;
  key: SigningKey;
}

/** SHA-256 by `node:crypto`, for the audit proof's tree: the domain's pure one took 30 s of an export at 343,180 audit entries. */
const nodeSha256 = (bytes: Uint8Array): Uint8Array => createHash('sha256').update(bytes).digest();

/** How long a bundle may wait before it is applied. */
export const DEFAULT_VALID_DAYS = 7;

function assertOfficer(actor: Actor, policy: SecurityPolicy) {
  if (actor.party !== policy.party || !hasRole(actor, 'security_officer'))
    throw problem('exchange.only_officers', { party: policy.party });
}

/** The audit label of an exchange event: the installation's party, unclassified. */
const eventLabel = (policy: SecurityPolicy): LabelColumns => ({
  owner_party: policy.party,
  classification: 0,
  releasable_mask: 0,
  compartment_mask: 0,
});

// ---------------------------------------------------------------- keys

/** The public key records handed to partners at the key ceremony: the exchange key and the audit key. */
export function ceremonyRecords(ctx: AppContext, setup: ExchangeSetup, expires: string): PublicKeyRecord[] {
  if (!ctx.auditSigning) throw problem('exchange.not_configured');
  const who = { installation: setup.policy.installation, party: setup.policy.party, expires };
  return [
    publicKeyRecord(setup.key, { ...who, use: 'exchange' }),
    publicKeyRecord(signingKeyOf(ctx.auditSigning.privateKey), { ...who, use: 'audit' }),
  ];
}

/**
 * Adds keys to the keyring: this installation's own (as `ceremonyRecords` gives them) or a partner's,
 * after the officers compared fingerprints by voice. A partner's key must be of a party the policy has
 * an agreement with, under the installation the agreement names; a key already there is refused.
 */
export async function trustKeys(
  ctx: AppContext,
  actor: Actor,
  setup: ExchangeSetup,
  input: unknown,
): Promise<{ keyId: string; use: string; fingerprint: string; own: boolean }[]> {
  assertOfficer(actor, setup.policy);
  const list = Array.isArray(input) ? input : [input];
  const records = list.map((x) => {
    const parsed = publicKeyRecordSchema.safeParse(x);
    if (!parsed.success) throw problem('exchange.statement_invalid');
    return parsed.data;
  });
  const at = isoNow(ctx);
  return inTransaction(ctx.db, async (trx) => {
    const known = await trustedKeys(trx);
    const out = [];
    for (const k of records) {
      const own = k.installation === setup.policy.installation && k.party === setup.policy.party;
      if (!own) {
        const agreement = agreementWith(setup.policy, k.party);
        if (agreement.installation !== k.installation)
          throw problem('exchange.key_not_senders', { keyId: k.keyId, installation: agreement.installation });
      }
      if (known.some((x) => x.keyId === k.keyId && x.use === k.use)) throw problem('exchange.key_known', { keyId: k.keyId });
      await insertKey(trx, k, own, at);
      known.push({ ...k, rotatedOutAt: null, replacedBy: null, revokedAt: null });
      out.push({ keyId: k.keyId, use: k.use, fingerprint: k.fingerprint, own });
    }
    await audit(
      trx,
      actor,
      at,
      out.map((k) => ({
        action: 'exchange.key_trust',
        entityType: 'exchange_key',
        entityId: k.keyId,
        label: eventLabel(setup.policy),
        detail: { use: k.use, fingerprint: k.fingerprint, own: k.own },
      })),
    );
    return out;
  });
}

/** Applies a partner's key statement (rotation or revocation) to the keyring, keeping the statement. */
export async function applyStatement(ctx: AppContext, actor: Actor, setup: ExchangeSetup, input: unknown) {
  assertOfficer(actor, setup.policy);
  const at = isoNow(ctx);
  return inTransaction(ctx.db, async (trx) => {
    const before = await trustedKeys(trx);
    const after = applyKeyStatement(before, input, verifySignature, ctx.now());
    const statement = (input as { statement: { keyId: string; kind: string } }).statement;
    await saveKeyChanges(trx, before, after, at);
    await insertKeyStatement(trx, {
      id: randomUUID(),
      key_id: statement.keyId,
      statement: JSON.stringify(input),
      applied_at: at,
    });
    await audit(trx, actor, at, [
      {
        action: 'exchange.key_statement',
        entityType: 'exchange_key',
        entityId: statement.keyId,
        label: eventLabel(setup.policy),
        detail: { kind: statement.kind },
      },
    ]);
    return after.filter((k) => k.keyId === statement.keyId || !before.some((b) => b.keyId === k.keyId));
  });
}

// ---------------------------------------------------------------- export

export interface ExportSummary {
  bundleId: string;
  recipient: { installation: string; party: string };
  sequence: number;
  /** Records changed after this time went in; null: every record the partner may have. */
  since: string | null;
  upto: string;
  records: Record<RecordKind, number>;
  /** Records sent before that the partner may no longer have, taken back by this bundle. */
  withdrawals: number;
  /** The bundle of the partner's this one acknowledges, if any. */
  acknowledges: number | null;
  bytes: number;
}

const noRecords = (): Record<RecordKind, number> => ({ plan: 0, activity: 0, follow_up: 0, approval: 0 });

const LOCAL_ONLY = new Set([
  'id',
  'version',
  'ownerParty',
  'classification',
  'releasableTo',
  'compartments',
  'updatedAt',
  'ownerUserId',
  'authorId',
  'approvals',
]);

/** A record's fields as they travel: without its label (it has its own) nor this installation's user ids. */
const travelling = (record: object) => {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) if (!LOCAL_ONLY.has(key)) out[key] = (record as Record<string, unknown>)[key];
  return out;
};

function recordLine(
  codec: LabelCodec,
  setup: ExchangeSetup,
  partner: string,
  kind: RecordKind,
  row: WorkPlanRow | ActivityRow | FollowUpRow | ApprovalRow,
): { line: RecordLine; partnerLevel: string } {
  if (kind === 'approval') {
    const a = row as ApprovalRow;
    const { label, partnerLevel } = outboundLabel(setup.policy, codec.decode(a), partner, a.at);
    return {
      line: {
        kind,
        id: a.id,
        parentId: a.plan_id,
        version: 1,
        updatedAt: a.at,
        label,
        // An approval of a partner's plan names the version of the plan it approved.
        data: { party: a.party, at: a.at, ...(a.plan_version === undefined ? {} : { planVersion: a.plan_version }) },
      },
      partnerLevel,
    };
  }
  const r = row as WorkPlanRow | ActivityRow | FollowUpRow;
  const { label, partnerLevel } = outboundLabel(setup.policy, codec.decode(r), partner, r.created_at);
  const presented =
    kind === 'plan'
      ? presentPlan(codec, r as WorkPlanRow, [], null)
      : kind === 'activity'
        ? presentActivity(codec, r as ActivityRow, null)
        : presentFollowUp(codec, r as FollowUpRow, null);
  const parentId = kind === 'plan' ? null : kind === 'activity' ? (r as ActivityRow).plan_id : (r as FollowUpRow).activity_id;
  return {
    line: { kind, id: r.id, parentId, version: r.version, updatedAt: r.updated_at, label, data: travelling(presented) },
    partnerLevel,
  };
}

/**
 * What a bundle held, by label: one group per label as sent (the local level, the partner's level it
 * travels at, the parties it is releasable to, its compartments), with the records of each group. The
 * release record groups a bundle's labelled rows so; before those rows were kept (migration 0029),
 * the export's audit entry held it whole.
 */
export interface BundleManifest {
  groups: {
    level: string;
    partnerLevel: string;
    releasableTo: string[];
    compartments: string[];
    counts: Record<RecordKind, number>;
    /** kind, id, version of each record of the group, in the bundle's order. */
    records: [RecordKind, string, number][];
  }[];
  /** kind, id and reason of each record the bundle withdrew. */
  withdrawals?: [RecordKind, string, WithdrawalReason][];
}

/** Bytes of content lines written to the file at once by an export. */
const WRITE_CHUNK = 64 * 1024;
/** Withdrawals an export reads a query at a time. */
const WITHDRAWALS_PAGE = 2000;

async function write(stream: WriteStream, text: string | Uint8Array) {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function finish(stream: WriteStream) {
  stream.end();
  await once(stream, 'finish');
}

/**
 * Writes to `file` the next signed bundle for the partner party `to`: the records of this
 * installation's party the partner's reader may read, changed since the last bundle it acknowledged,
 * with their labels, read page by page and written as they are read (bounded memory). The bundle is
 * recorded as sent, with its audit entry, in the transaction that gives it its sequence number; the
 * file appears only once that has committed.
 */
export async function exportBundle(
  ctx: AppContext,
  actor: Actor,
  setup: ExchangeSetup,
  to: string,
  file: string,
  options: { validDays?: number } = {},
): Promise<ExportSummary> {
  try {
    return await writeBundle(ctx, actor, setup, to, file, options);
  } catch (err) {
    // A refused export (not an officer, a party without agreement, another export first) is audited too.
    if (err instanceof DomainError) {
      const at = isoNow(ctx);
      await inTransaction(ctx.db, (trx) =>
        audit(trx, actor, at, [
          {
            action: 'exchange.export_refused',
            entityType: 'exchange_bundle',
            entityId: null,
            label: eventLabel(setup.policy),
            detail: { to: String(to).slice(0, 80), code: err.code, params: err.params },
          },
        ]),
      );
    }
    throw err;
  }
}

async function writeBundle(
  ctx: AppContext,
  actor: Actor,
  setup: ExchangeSetup,
  to: string,
  file: string,
  { validDays = DEFAULT_VALID_DAYS }: { validDays?: number },
): Promise<ExportSummary> {
  const { policy } = setup;
  assertOfficer(actor, policy);
  const agreement = agreementWith(policy, to);
  const signing = ctx.auditSigning;
  if (!signing) throw problem('exchange.not_configured');
  const recipient = { installation: agreement.installation, party: agreement.party };
  const codec = await ctx.codec();

  const before = await outboundState(ctx.db, recipient.installation);
  const acked = before?.acked_sequence ?? 0;
  const since = acked ? ((await sentBundle(ctx.db, recipient.installation, acked))?.upto ?? null) : null;
  const upto = isoNow(ctx);
  const theirs = await inboundState(ctx.db, recipient.installation);

  const contentFile = `${file}.content.${randomUUID()}`;
  const partialFile = `${file}.partial.${randomUUID()}`;
  const counts = noRecords();
  /**
   * Each record sent, labelled as it is here, in a file beside the bundle until the export's transaction
   * keeps them (what the bundle carried, what was released to the partner): memory does not grow with them.
   */
  const carried = rowSpool<SealedRow>(`${file}.rows.${randomUUID()}`);
  let position = 0;
  /** The withdrawals found by this export, as opposed to those sent before and not acknowledged, until recorded. */
  const fresh = rowSpool<{ of: RecordKind; id: string; reason: WithdrawalReason }>(`${file}.withdrawn.${randomUUID()}`);
  let withdrawals = 0;
  try {
    const hash = createHash('sha256');
    let length = 0;
    const out = createWriteStream(contentFile, { mode: 0o600 });
    // Lines are written to the file some 64 KiB at a time, not one write (and wait) a line.
    let lines: Buffer[] = [];
    let linesBytes = 0;
    const flush = async () => {
      if (lines.length === 0) return;
      const chunk = Buffer.concat(lines, linesBytes);
      lines = [];
      linesBytes = 0;
      await write(out, chunk);
    };
    const put = async (line: ContentLine) => {
      const bytes = Buffer.from(contentLine(line), 'utf8');
      hash.update(bytes);
      length += bytes.length;
      lines.push(bytes);
      linesBytes += bytes.length;
      if (linesBytes >= WRITE_CHUNK) await flush();
    };
    try {
      if (theirs)
        await put({
          kind: 'ack',
          installation: recipient.installation,
          sequence: theirs.sequence,
          bundleHash: theirs.bundleHash,
        });
      const reader = partnerReader(policy, to);
      if (reader) {
        const storeReader = codec.reader(reader);
        for (const kind of RECORD_KINDS) {
          await changedPages(ctx.db, kind, storeReader, policy.party, { since, upto }, async (page) => {
            for (const row of page) {
              const { line, partnerLevel } = recordLine(codec, setup, to, kind, row);
              await carried.add({
                position: position++,
                kind: line.kind,
                record_id: line.id,
                version: line.version,
                level: line.label.classification,
                partner_level: partnerLevel,
                owner_party: row.owner_party,
                classification: row.classification,
                releasable_mask: row.releasable_mask,
                compartment_mask: row.compartment_mask,
              });
              await put(line);
            }
            counts[kind] += page.length;
          });
        }
        // What was released to the partner and no longer goes, with why, a page at a time: each written as it
        // is found, and kept in a file until the transaction records it.
        for (const kind of RECORD_KINDS)
          for (let after: string | undefined; ; ) {
            const ids = await noLongerGoing(ctx.db, recipient.installation, kind, storeReader, policy.party, {
              after,
              limit: WITHDRAWALS_PAGE,
            });
            const labels = await currentLabels(ctx.db, kind, ids);
            for (const id of ids) {
              const label = labels.get(id);
              await fresh.add({ of: kind, id, reason: withdrawalReason(reader, label ? codec.decode(label) : null) });
              await put({ kind: 'withdraw', of: kind, id });
              withdrawals++;
            }
            if (ids.length < WITHDRAWALS_PAGE) break;
            after = ids[ids.length - 1];
          }
      }
      // The withdrawals of bundles it has not acknowledged yet, again.
      for (let after: { kind: string; id: string } | undefined; ; ) {
        const page = await unacknowledgedWithdrawals(ctx.db, recipient.installation, acked, {
          after,
          limit: WITHDRAWALS_PAGE,
        });
        for (const w of page) {
          await put({ kind: 'withdraw', of: w.kind as RecordKind, id: w.id });
          withdrawals++;
        }
        if (page.length < WITHDRAWALS_PAGE) break;
        after = page[page.length - 1];
      }
      await flush();
    } finally {
      await finish(out);
      await carried.close();
      await fresh.close();
    }
    const contentHash = hash.digest('hex');

    const summary = await inTransaction(ctx.db, async (trx) => {
      const now = isoNow(ctx);
      const state = await outboundState(trx, recipient.installation);
      if ((state?.last_sequence ?? 0) !== (before?.last_sequence ?? 0)) throw problem('common.conflict');
      const sequence = (state?.last_sequence ?? 0) + 1;
      const chain = await auditChainHead(trx);
      const checkpoint = signHead(signing, { treeSize: chain.seq, headHash: chain.hash, time: now });
      // The proof that this log still holds the head the partner kept from the last bundle (docs/exchange.md §4).
      const fromSize = await lastSentCheckpointSize(trx, recipient.installation);
      // A log that shrank has none: the partner refuses it for its size.
      const auditProof =
        fromSize > chain.seq
          ? undefined
          : await extensionProofOf(auditEntryHashPages(trx, chain.seq), chain.seq, fromSize, nodeSha256);
      const bundleId = randomUUID();
      const head = bundleHead(
        {
          bundleId,
          sender: { installation: policy.installation, party: policy.party },
          audience: recipient,
          sequence,
          previousHash: state?.last_hash ?? null,
          createdAt: now,
          expiresAt: new Date(ctx.now().getTime() + validDays * 86_400_000).toISOString(),
          checkpoint,
          ...(auditProof ? { auditProof } : {}),
        },
        { hash: contentHash, length },
        signerOf(setup.key),
      );
      const whole = createWriteStream(partialFile, { mode: 0o600 });
      try {
        if (!whole.write(head.bytes)) await once(whole, 'drain');
        for await (const chunk of createReadStream(contentFile)) if (!whole.write(chunk)) await once(whole, 'drain');
      } finally {
        await finish(whole);
      }
      const records = RECORD_KINDS.reduce((n, k) => n + counts[k], 0);
      const recorded = await recordSent(trx, {
        recipient: recipient.installation,
        party: recipient.party,
        sequence,
        bundleId,
        bundleHash: head.bundleHash,
        since,
        upto,
        records,
        at: now,
      });
      if (!recorded) throw problem('common.conflict');
      const sealed = bundleRecordsWriter(trx, bundleId);
      for await (const rows of carried.batches(UNNEST_CHUNK)) {
        await sealed.add(rows);
        await recordReleased(
          trx,
          recipient.installation,
          sequence,
          rows.map((r) => [r.kind as RecordKind, r.record_id, r.version]),
        );
      }
      const recordsHash = sealed.hash();
      for await (const page of fresh.batches(UNNEST_CHUNK)) await recordWithdrawn(trx, recipient.installation, sequence, page);
      const result: ExportSummary = {
        bundleId,
        recipient,
        sequence,
        since,
        upto,
        records: counts,
        withdrawals,
        acknowledges: theirs?.sequence ?? null,
        bytes: head.bytes.length + length,
      };
      await audit(trx, actor, now, [
        {
          action: 'exchange.export',
          entityType: 'exchange_bundle',
          entityId: bundleId,
          label: eventLabel(policy),
          // Labelled unclassified, the entry counts no records and names none: what went is read
          // from the bundle's labelled rows, under the read rule.
          detail: {
            bundleId,
            recipient,
            sequence,
            since,
            upto,
            acknowledges: result.acknowledges,
            bundleHash: head.bundleHash,
            header: head.header,
            fingerprint: setup.key.fingerprint,
            // What went is kept as the bundle's labelled rows; their hash here seals them in the audit chain.
            recordsHash,
          },
        },
      ]);
      return result;
    });
    await rename(partialFile, file);
    return summary;
  } finally {
    await unlink(contentFile).catch(() => {});
    await unlink(partialFile).catch(() => {});
    await carried.remove();
    await fresh.remove();
  }
}

// ---------------------------------------------------------------- import

export type AppliedAction = 'created' | 'updated' | 'unchanged' | 'withdrawn' | 'not_held';

/** Distinct labels whose local equivalent an import keeps at once. */
const LABELS_KEPT = 1000;

export interface ImportReport {
  bundleId: string;
  sender: { installation: string; party: string };
  sequence: number;
  bundleHash: string;
  /** What became of each record, in the bundle's order: the first `REPORT_PAGE`, then a page at a time. */
  records: { kind: RecordKind; id: string; action: AppliedAction }[];
  /** Reads the records after these (`importedRecords`); null when there are none. */
  nextCursor: string | null;
  counts: Record<AppliedAction, number>;
  /** The bundle of ours the sender acknowledged, when it is later than the last acknowledgement. */
  acknowledged: number | null;
}

/**
 * What is kept of an import's report beside its rows: the whole of it but the records and their counts,
 * which are read from the rows under the read rule (kept, the counts of every row would be a figure drawn
 * from labelled records that no label guards).
 */
type AppliedBundle = Omit<ImportReport, 'records' | 'nextCursor' | 'counts'>;

/** What a bundle claims before it is checked, for the log of refusals: nothing of it is trusted. */
function claimed(prefix: Uint8Array): { sender: string | null; bundleId: string | null } {
  try {
    const text = new TextDecoder().decode(prefix.subarray(0, MAX_HEAD_BYTES));
    const lines = text.split('\n');
    if (lines[0] !== BUNDLE_MAGIC) return { sender: null, bundleId: null };
    const h = JSON.parse(lines[1] ?? '') as { sender?: { installation?: unknown }; bundleId?: unknown };
    const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 80) : null);
    return { sender: str(h.sender?.installation), bundleId: str(h.bundleId) };
  } catch {
    return { sender: null, bundleId: null };
  }
}

/** The first bytes of a stream, up to the end of a bundle's head, and the rest of the stream after them. */
async function splitHead(chunks: AsyncIterable<Uint8Array>) {
  const it = chunks[Symbol.asyncIterator]();
  let buffered = new Uint8Array(0);
  let newlines = 0;
  while (buffered.length < MAX_HEAD_BYTES && newlines < 3) {
    const next = await it.next();
    if (next.done) break;
    const joined = new Uint8Array(buffered.length + next.value.length);
    joined.set(buffered);
    joined.set(next.value, buffered.length);
    for (const b of next.value) if (b === 0x0a) newlines++;
    buffered = joined;
  }
  async function* whole() {
    yield buffered;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { prefix: buffered, whole: whole() };
}

/**
 * Applies a bundle read as a stream, all or nothing. Its head is checked first -- form, key,
 * signature, audience, times, sequence, checkpoint -- before any line of content is read; then each
 * record's label is mapped to its local equivalent (one refusal refuses the bundle) and the record is
 * stored as a read-only copy owned by its originator, with the sender's new high-water mark, the
 * checkpoint and the report, in one transaction. A refused bundle changes nothing but the log of
 * refusals and the audit entry that records the refusal with its code.
 */
export async function importBundle(
  ctx: AppContext,
  actor: Actor,
  setup: ExchangeSetup,
  chunks: AsyncIterable<Uint8Array>,
): Promise<ImportReport> {
  const { policy } = setup;
  assertOfficer(actor, policy);
  const { prefix, whole } = await splitHead(chunks);
  try {
    const codec = await ctx.codec();
    return await inTransaction(ctx.db, async (trx) => {
      // A batch of copies is written while the lines of the next one are read and checked: the database
      // and this process work at once. The batch before is written first, and its failure is the line's.
      let writing: Promise<void> = Promise.resolve();
      try {
        const now = isoNow(ctx);
        const states = new Map<string, SenderState>();
        for (const s of await allInboundStates(trx))
          states.set(s.sender_installation, {
            sequence: s.sequence,
            bundleId: s.bundle_id,
            bundleHash: s.bundle_hash,
            checkpoint: { treeSize: s.checkpoint_size, headHash: s.checkpoint_head },
          });
        const vctx: VerifyContext = {
          self: { installation: policy.installation, party: policy.party },
          keys: await trustedKeys(trx),
          stateOf: (installation) => states.get(installation) ?? null,
          now: ctx.now(),
          verify: verifySignature,
          sha256: () => createHash('sha256'),
        };
        // Signature, audience, sequence and checkpoint, before any content is read.
        const { header } = verifyBundleHead(prefix, vctx);
        if (await receivedBundle(trx, header.bundleId))
          throw problem('exchange.bundle_replayed', {
            installation: header.sender.installation,
            sequence: header.sequence,
            bundleId: header.bundleId,
          });
        // What became of each record is written as the batches are, a row a line labelled as its copy was
        // (a withdrawal of a record never held, unlabelled): memory does not hold the report.
        let position = 0;
        const report = async (
          rows: readonly { kind: RecordKind; id: string; action: AppliedAction; label: LabelColumns | null }[],
        ) => {
          await insertReceivedRecords(
            trx,
            header.bundleId,
            rows.map((r) => ({
              position: position++,
              kind: r.kind,
              record_id: r.id,
              action: r.action,
              owner_party: r.label?.owner_party ?? null,
              classification: r.label?.classification ?? null,
              releasable_mask: r.label?.releasable_mask ?? null,
              compartment_mask: r.label?.compartment_mask ?? null,
            })),
          );
        };
        let acknowledged: number | null = null;
        // Records and withdrawals are written a batch at a time, in the bundle's order: the lines waiting
        // are of one sort only, written before a line of the other sort, and at the end.
        let copies: ExchangeRecordTable[] = [];
        let taken: { kind: RecordKind; id: string }[] = [];
        const written = async () => {
          const batch = writing;
          writing = Promise.resolve();
          await batch;
        };
        const writeCopies = async () => {
          if (copies.length === 0) return;
          const batch = copies;
          copies = [];
          await written();
          writing = upsertCopies(trx, header.sender.installation, batch).then((applied) =>
            report(applied.map((r) => ({ ...r, kind: r.kind as RecordKind }))),
          );
          writing.catch(() => {});
        };
        const writeWithdrawals = async () => {
          // Called before each record line: with none waiting, the batch of copies being written goes on.
          if (taken.length === 0) return;
          await written();
          // A partner's approval withdrawn stays listed, as withdrawn, with its plan's approvals.
          await keepWithdrawnApprovals(trx, header.sender.installation, taken, header.bundleId, now);
          const gone = await withdrawCopies(trx, header.sender.installation, taken);
          // A withdrawal is reported labelled as its copy was, read by the same rule: told apart from one never
          // held (unlabelled, read by no one), a withdrawal of a copy above a reader's clearance would show
          // that such a copy was here.
          await report(gone.map(({ kind, id, kept }) => ({ kind, id, action: kept ? 'withdrawn' : 'not_held', label: kept })));
          taken = [];
        };
        // A bundle's records share a few labels: each label's local equivalent is worked out once. It does not
        // depend on the label's creation time, which differs from record to record. At most LABELS_KEPT are
        // kept, so that a bundle of ever new labels does not grow the memory.
        const localLabels = new Map<string, { localLevel: string; columns: LabelColumns }>();
        const localLabelOf = (label: RecordLine['label']) => {
          const key = JSON.stringify([label.policyIdentifier, label.classification, label.categories, label.originator]);
          const known = localLabels.get(key);
          if (known) return known;
          const received = receivedLabel(policy, label);
          const local = { localLevel: received.localLevel, columns: codec.encode(received.local) };
          if (localLabels.size >= LABELS_KEPT) localLabels.clear();
          localLabels.set(key, local);
          return local;
        };
        const apply = async (text: string, lineNumber: number) => {
          const line = parseContentLine(text, lineNumber);
          if (line.kind === 'ack') {
            if (lineNumber !== 1 || line.installation !== policy.installation)
              throw problem('exchange.content_invalid', { line: lineNumber });
            const sent = await sentBundle(trx, header.sender.installation, line.sequence);
            // An acknowledgement of a bundle never sent, or of another one, is not one.
            if (!sent || sent.bundle_hash !== line.bundleHash) throw problem('exchange.content_invalid', { line: lineNumber });
            if (await recordAck(trx, header.sender.installation, line.sequence, now)) acknowledged = line.sequence;
            return;
          }
          if (line.kind === 'withdraw') {
            // The sender takes back only what it sent: a copy of its own records, by kind and id.
            await writeCopies();
            taken.push({ kind: line.of, id: line.id });
            if (taken.length >= COPY_BATCH) await writeWithdrawals();
            return;
          }
          // A partner sends its own records only.
          const o = line.label.originator;
          if (o.party !== header.sender.party || o.installation !== header.sender.installation)
            throw problem('exchange.content_invalid', { line: lineNumber });
          const received = localLabelOf(line.label);
          await writeWithdrawals();
          copies.push({
            originator_installation: header.sender.installation,
            kind: line.kind,
            id: line.id,
            parent_id: line.parentId,
            version: line.version,
            updated_at: line.updatedAt,
            received_at: now,
            bundle_id: header.bundleId,
            originator_label: JSON.stringify(line.label),
            local_level: received.localLevel,
            data: JSON.stringify(line.data),
            ...received.columns,
          });
          if (copies.length >= COPY_BATCH) await writeCopies();
        };
        // Content is known good only once all of it matched its signed hash: a line refused before then is
        // reported only if the content proves to be the one signed, else the bundle is refused as altered.
        const splitter = lineSplitter(apply);
        let refusal: { error: unknown } | null = null;
        const head = await verifyBundleStream(whole, vctx, async (chunk) => {
          if (refusal) return;
          try {
            await splitter.push(chunk);
          } catch (error) {
            refusal = { error };
          }
        });
        if (refusal) throw (refusal as { error: unknown }).error;
        splitter.end();
        await writeCopies();
        await writeWithdrawals();
        // The last batch of copies is written before anything reads them.
        await written();
        // The partners' approvals received count toward this installation's plans, in this transaction.
        await countReceivedApprovals(trx, ctx, actor, header.sender, header.bundleId, now);

        await recordInbound(trx, header.sender, head.nextState, now);
        const c = header.checkpoint;
        await insertCheckpoint(trx, {
          sender: header.sender.installation,
          treeSize: c.treeSize,
          headHash: c.headHash,
          time: c.time,
          keyId: c.keyId,
          signature: c.signature,
          bundleId: header.bundleId,
          at: now,
        });
        const applied: AppliedBundle = {
          bundleId: header.bundleId,
          sender: header.sender,
          sequence: header.sequence,
          bundleHash: head.bundleHash,
          acknowledged,
        };
        await insertReceived(trx, {
          bundle_id: header.bundleId,
          sender_installation: header.sender.installation,
          sequence: header.sequence,
          bundle_hash: head.bundleHash,
          applied_at: now,
          // The report's summary; what became of each record is in its rows, read under the read rule.
          report: JSON.stringify(applied),
        });
        await audit(trx, actor, now, [
          {
            action: 'exchange.import',
            entityType: 'exchange_bundle',
            entityId: header.bundleId,
            label: eventLabel(policy),
            // Labelled unclassified, the entry counts no records: a reader sees only what they may read.
            detail: { sender: header.sender, sequence: header.sequence, bundleHash: head.bundleHash, acknowledged },
          },
        ]);
        // One audit entry per copy withdrawn, labelled as the copy was, read back from the report's rows: the
        // audit chain's lock is taken at the end, as every other write takes it, and not held while the bundle
        // streams in, and memory holds a page of them.
        for (let after = -1; ; ) {
          const page = await withdrawnInImport(trx, header.bundleId, after, WITHDRAWALS_PAGE);
          await audit(
            trx,
            actor,
            now,
            page.map((w) => ({
              action: 'exchange.withdraw',
              entityType: 'exchange_record',
              entityId: w.record_id,
              label: {
                owner_party: w.owner_party,
                classification: Number(w.classification),
                releasable_mask: Number(w.releasable_mask),
                compartment_mask: Number(w.compartment_mask),
              },
              detail: { kind: w.kind, sender: header.sender, bundleId: header.bundleId },
            })),
          );
          const last = page[page.length - 1];
          if (page.length < WITHDRAWALS_PAGE || !last) break;
          after = Number(last.position);
        }
        return readableReport(trx, codec.reader(actor), applied);
      } catch (err) {
        // Whatever refuses the bundle (a line, the content's hash, a last line cut short), a batch still being
        // written must end before the transaction is rolled back: left running, its statements would reach
        // the connection after the rollback, outside any transaction.
        await writing.catch(() => {});
        throw err;
      }
    });
  } catch (err) {
    if (err instanceof DomainError) await logRefusal(ctx, actor, policy, prefix, err);
    throw err;
  }
}

async function logRefusal(ctx: AppContext, actor: Actor, policy: SecurityPolicy, prefix: Uint8Array, err: DomainError) {
  const { sender, bundleId } = claimed(prefix);
  const at = isoNow(ctx);
  const id = randomUUID();
  const detail = { code: err.code, params: err.params, claimedSender: sender, claimedBundleId: bundleId };
  await inTransaction(ctx.db, async (trx) => {
    await insertRefusal(trx, {
      id,
      at,
      sender_installation: sender,
      bundle_id: bundleId,
      code: err.code,
      detail: JSON.stringify(detail),
    });
    await audit(trx, actor, at, [
      { action: 'exchange.refuse', entityType: 'exchange_bundle', entityId: bundleId, label: eventLabel(policy), detail },
    ]);
  });
}

// ---------------------------------------------------------------- the security officer's page

/**
 * The exchange's own routes answer 404 to anyone but a security officer of the installation's party:
 * for the others, the page and its records do not exist.
 */
export function assertOfficerOrAbsent(actor: Actor, policy?: SecurityPolicy) {
  if (!hasRole(actor, 'security_officer') || (policy && actor.party !== policy.party)) throw problem('common.not_found');
}

export type KeyState = 'active' | 'rotated_out' | 'revoked' | 'expired';

const keyView = (k: Awaited<ReturnType<typeof trustedKeys>>[number], now: Date) => ({
  keyId: k.keyId,
  fingerprint: k.fingerprint,
  alg: k.alg,
  use: k.use,
  expires: k.expires,
  state: (k.revokedAt
    ? 'revoked'
    : k.rotatedOutAt
      ? 'rotated_out'
      : Date.parse(k.expires) <= now.getTime()
        ? 'expired'
        : 'active') as KeyState,
  rotatedOutAt: k.rotatedOutAt,
  replacedBy: k.replacedBy,
  revokedAt: k.revokedAt,
});

/** The records of an import's report given with it; the rest are read a page at a time. */
export const REPORT_PAGE = 500;

const countsOf = (of: ReadonlyMap<string, number> | undefined): Record<AppliedAction, number> => ({
  created: of?.get('created') ?? 0,
  updated: of?.get('updated') ?? 0,
  unchanged: of?.get('unchanged') ?? 0,
  withdrawn: of?.get('withdrawn') ?? 0,
  not_held: of?.get('not_held') ?? 0,
});

/**
 * An import report as a reader may see it: the records they may read (each labelled as its copy was
 * when the bundle was applied, a withdrawal as the copy withdrawn), counted, and the first page of them;
 * one they may not read, and a withdrawal of a record never held here, is neither listed nor counted.
 */
async function readableReport(db: AppContext['db'], reader: StoreReader, applied: AppliedBundle): Promise<ImportReport> {
  const counts = countsOf((await readableReceivedCounts(db, reader, [applied.bundleId])).get(applied.bundleId));
  const { page, nextCursor } = await readableReceivedRecords(db, reader, applied.bundleId, { limit: REPORT_PAGE });
  return { ...applied, counts, records: page as ImportReport['records'], nextCursor };
}

/** What the officer's page says of a bundle applied: the records the officer may read, and what became of them. */
function receivedSummary(of: ReadonlyMap<string, number> | undefined) {
  const counts = countsOf(of);
  return { records: Object.values(counts).reduce((n, c) => n + c, 0), ...counts };
}

/**
 * A page of what an import did with the records the officer may read, in the bundle's order: the rest
 * of its report after the first page. A bundle not applied here is not found.
 */
export async function importedRecords(
  ctx: AppContext,
  actor: Actor,
  policy: SecurityPolicy,
  bundleId: string,
  opts: { cursor?: string; limit: number },
): Promise<{ items: ImportReport['records']; nextCursor: string | null }> {
  assertOfficerOrAbsent(actor, policy);
  if (!(await receivedBundle(ctx.db, bundleId))) throw problem('common.not_found');
  const reader = (await ctx.codec()).reader(actor);
  const { page, nextCursor } = await readableReceivedRecords(ctx.db, reader, bundleId, opts);
  return { items: page as ImportReport['records'], nextCursor };
}

/**
 * What the security officer's page shows: this installation and its keys; each partner of the policy
 * with its keys, the last bundle sent to it and the last applied from it; the bundles sent lately (each
 * with its release record); and the refusals, newest first, each with its code and parameters.
 */
export async function exchangeOverview(ctx: AppContext, actor: Actor, setup: ExchangeSetup) {
  const { policy } = setup;
  assertOfficerOrAbsent(actor, policy);
  const now = ctx.now();
  const [keys, outbound, inbound, sent, refusals] = await Promise.all([
    trustedKeys(ctx.db),
    outboundStates(ctx.db),
    inboundStates(ctx.db),
    sentBundles(ctx.db, 50),
    listRefusals(ctx.db, 50),
  ]);
  const own = await ownKeyIds(ctx.db);
  // What each bundle carried and each report says is counted under the read rule: a record the officer
  // may not read counts nowhere.
  const reader = (await ctx.codec()).reader(actor);
  const carried = await readableBundleCounts(ctx.db, reader, [
    ...new Set([...outbound.map((o) => o.last_bundle_id), ...sent.map((b) => b.bundle_id)]),
  ]);
  const receivedCounts = await readableReceivedCounts(
    ctx.db,
    reader,
    inbound.map((i) => i.bundle_id),
  );
  return {
    installation: policy.installation,
    party: policy.party,
    policyIdentifier: policy.policyIdentifier,
    keys: keys.filter((k) => own.has(k.keyId) && k.installation === policy.installation).map((k) => keyView(k, now)),
    partners: policy.partners.map((a) => {
      const out = outbound.find((o) => o.recipient_installation === a.installation);
      const inb = inbound.find((i) => i.sender_installation === a.installation);
      return {
        party: a.party,
        installation: a.installation,
        keys: keys.filter((k) => k.installation === a.installation && k.party === a.party).map((k) => keyView(k, now)),
        lastSent: out
          ? {
              bundleId: out.last_bundle_id,
              sequence: out.last_sequence,
              at: out.last_sent_at,
              records: carried.get(out.last_bundle_id) ?? 0,
              acknowledged: out.acked_sequence,
              acknowledgedAt: out.acked_at,
            }
          : null,
        lastReceived: inb
          ? {
              bundleId: inb.bundle_id,
              sequence: inb.sequence,
              at: inb.applied_at,
              counts: receivedSummary(receivedCounts.get(inb.bundle_id)),
            }
          : null,
      };
    }),
    sent: sent.map((b) => ({
      bundleId: b.bundle_id,
      recipient: b.recipient_installation,
      sequence: b.sequence,
      at: b.sent_at,
      records: carried.get(b.bundle_id) ?? 0,
    })),
    refusals: refusals.map((r) => {
      const detail = JSON.parse(r.detail) as { params?: Record<string, unknown> };
      return {
        id: r.id,
        at: r.at,
        sender: r.sender_installation,
        bundleId: r.bundle_id,
        code: r.code,
        params: detail.params ?? {},
      };
    }),
  };
}

export type ExchangeOverview = Awaited<ReturnType<typeof exchangeOverview>>;

/** The release record of a bundle sent: its header as signed, and its manifest with each record's name here. */
export interface ReleaseRecordDocument {
  generatedAt: string;
  generatedBy: string;
  policy: SecurityPolicy;
  bundleHash: string;
  fingerprint: string;
  header: {
    bundleId: string;
    sender: { installation: string; party: string };
    audience: { installation: string; party: string };
    sequence: number;
    previousHash: string | null;
    createdAt: string;
    expiresAt: string;
    kid: string;
    alg: string;
    content: { hash: string; length: number };
  };
  since: string | null;
  upto: string;
  acknowledges: number | null;
  counts: Record<RecordKind, number>;
  groups: (Omit<BundleManifest['groups'][number], 'records'> & {
    records: { kind: RecordKind; id: string; version: number; ref?: string; title?: string; followUpKind?: string }[];
  })[];
}

/**
 * What went in a bundle this installation sent, its header from its export's audit entry (which the
 * audit chain seals) and its records from the bundle's labelled rows: only those the reader may read,
 * counted and marked from them alone. For the security officers of the party only; any other reader,
 * and a bundle never sent, get the same 404. Its generation is audited as the other documents'.
 */
export async function releaseRecord(
  ctx: AppContext,
  actor: Actor,
  setup: ExchangeSetup,
  bundleId: string,
  language: string,
): Promise<ReleaseRecordDocument> {
  assertOfficerOrAbsent(actor, setup.policy);
  const sent = await sentBundleById(ctx.db, bundleId);
  const entry = sent ? (await bundleAuditEntries(ctx.db, bundleId, 'exchange.export'))[0] : undefined;
  if (!sent || !entry) throw problem('common.not_found');
  const detail = JSON.parse(entry.detail) as {
    header?: ReleaseRecordDocument['header'];
    fingerprint?: string;
    manifest?: BundleManifest;
    manifestHash?: string;
    recordsHash?: string;
    records: Record<RecordKind, number>;
    since: string | null;
    upto: string;
    acknowledges: number | null;
  };
  // What went is kept as the bundle's labelled rows, sealed by their hash in the export's audit entry:
  // rows that do not hash to it are not the ones sent. Exports made before that seal kept the manifest
  // as JSON beside the bundle, sealed by its own hash (from migration 0027), and before that in the
  // audit entry itself. A bundle sent before any manifest was kept has no release record.
  const sealedJson = !detail.recordsHash && detail.manifestHash !== undefined;
  const legacy = detail.recordsHash || sealedJson ? undefined : detail.manifest;
  if (!detail.header || !detail.fingerprint || (!detail.recordsHash && !sealedJson && !legacy)) throw problem('common.not_found');
  if (sealedJson && !sent.manifest) throw problem('common.not_found');
  if (
    detail.recordsHash
      ? (await bundleRecordsHash(ctx.db, bundleId)) !== detail.recordsHash
      : sealedJson &&
        createHash('sha256')
          .update(sent.manifest ?? '')
          .digest('hex') !== detail.manifestHash
  )
    throw problem('exchange.manifest_altered', { bundleId });
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  // The records the reader may read only, grouped by label as sent; one they may not read is absent,
  // and counts nowhere. The bundle's labelled rows say what each record's label was when it left;
  // of a bundle sent before they were kept, only what the reader may read now is shown.
  const groups = legacy
    ? await readableNow(ctx, reader, legacy.groups)
    : groupsOf(codec, await readableBundleRecords(ctx.db, reader, bundleId));
  const ids: Record<RecordKind, string[]> = noIds();
  for (const g of groups) for (const [kind, id] of g.records) ids[kind].push(id);
  const names = await recordNames(ctx.db, reader, ids);
  const counts = noRecords();
  for (const g of groups) for (const k of RECORD_KINDS) counts[k] += g.counts[k];
  const h = detail.header;
  const document: ReleaseRecordDocument = {
    generatedAt: isoNow(ctx),
    generatedBy: actor.displayName,
    policy: setup.policy,
    bundleHash: sent.bundle_hash,
    fingerprint: detail.fingerprint,
    header: {
      bundleId: h.bundleId,
      sender: h.sender,
      audience: h.audience,
      sequence: h.sequence,
      previousHash: h.previousHash,
      createdAt: h.createdAt,
      expiresAt: h.expiresAt,
      kid: h.kid,
      alg: h.alg,
      content: { hash: h.content.hash, length: h.content.length },
    },
    since: detail.since,
    upto: detail.upto,
    acknowledges: detail.acknowledges,
    counts,
    groups: groups.map((g) => ({
      ...g,
      records: g.records.map(([kind, id, version]) => {
        const n = names.get(`${kind}:${id}`);
        return {
          kind,
          id,
          version,
          ...(n?.ref ? { ref: n.ref } : {}),
          ...(n?.title ? { title: n.title } : {}),
          ...(n?.kind ? { followUpKind: n.kind } : {}),
        };
      }),
    })),
  };
  // Its generation is audited as the other documents', labelled with what it shows.
  const marking = documentMarking(groups.map((g) => releaseGroupLabel(setup.policy, g)));
  await auditExport(ctx, actor, 'release-record', 'exchange_bundle', bundleId, { ...document, marking, ladder: {} }, language);
  return document;
}

const noIds = (): Record<RecordKind, string[]> => ({ plan: [], activity: [], follow_up: [], approval: [] });

type ManifestGroup = BundleManifest['groups'][number];

/** The label here of a group of the release record: its level, and its audience without this party. */
export function releaseGroupLabel(policy: SecurityPolicy, g: Omit<ManifestGroup, 'records'>): Label {
  return {
    ownerParty: policy.party,
    classification: policy.ladder.find((l) => l.token === g.level)?.common ?? 'TOP_SECRET',
    releasableTo: g.releasableTo.filter((p) => p !== policy.party),
    compartments: g.compartments,
  };
}

/** The rows of a bundle, grouped by label as sent, as the manifest groups them. */
function groupsOf(codec: LabelCodec, rows: Awaited<ReturnType<typeof readableBundleRecords>>): ManifestGroup[] {
  const groups = new Map<string, ManifestGroup>();
  for (const r of rows) {
    const label = codec.decode(r);
    const releasableTo = [...new Set([label.ownerParty, ...label.releasableTo])].sort();
    const compartments = [...label.compartments].sort();
    const key = JSON.stringify([r.level, r.partner_level, releasableTo, compartments]);
    let g = groups.get(key);
    if (!g) {
      g = { level: r.level, partnerLevel: r.partner_level, releasableTo, compartments, counts: noRecords(), records: [] };
      groups.set(key, g);
    }
    const kind = r.kind as RecordKind;
    g.counts[kind]++;
    g.records.push([kind, r.record_id, r.version]);
  }
  return [...groups.values()];
}

/** Of a manifest kept before the bundle's rows were, the records the reader may read now; empty groups go. */
async function readableNow(ctx: AppContext, reader: StoreReader, groups: ManifestGroup[]): Promise<ManifestGroup[]> {
  const ids = noIds();
  for (const g of groups) for (const [kind, id] of g.records) ids[kind].push(id);
  const names = await recordNames(ctx.db, reader, ids);
  return groups
    .map((g) => {
      const records = g.records.filter(([kind, id]) => names.has(`${kind}:${id}`));
      const counts = noRecords();
      for (const [kind] of records) counts[kind]++;
      return { ...g, records, counts };
    })
    .filter((g) => g.records.length > 0);
}
