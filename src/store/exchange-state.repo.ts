import { type Compilable, type Expression, type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { SenderState } from '../domain/exchange/bundle.js';
import type { RecordKind } from '../domain/exchange/bundle-content.js';
import type { PublicKeyRecord, TrustedKey } from '../domain/exchange/keys.js';
import { labelColumns, readableBy, type StoreReader } from './access.js';
import type { ActivityRow, Database, FollowUpRow, LabelColumns, WorkPlanRow } from './database.js';
import { isPostgres, isUniqueClash } from './dialect.js';
import { UNNEST_CHUNK } from './exchange-bundle-record.repo.js';
import type { ExchangeApprovalTable, ExchangeReceivedTable, ExchangeRefusalTable } from './exchange-tables.js';
import { insertRows, onConflictUpdate } from './sqlite-insert.js';

// The sovereign exchange's state (migration 0023): keyring, per-partner sequences and acknowledgements,
// received checkpoints and bundles, refusals, and the read-only copies of partners' records.

type Db = Kysely<Database>;

// ---------------------------------------------------------------- keyring

export async function trustedKeys(db: Db): Promise<TrustedKey[]> {
  const rows = await db.selectFrom('exchange_key').selectAll().orderBy('added_at').orderBy('key_id').execute();
  return rows.map((r) => ({
    keyId: r.key_id,
    fingerprint: r.fingerprint,
    alg: r.alg as TrustedKey['alg'],
    use: r.use as TrustedKey['use'],
    publicKey: JSON.parse(r.public_key) as TrustedKey['publicKey'],
    installation: r.installation,
    party: r.party,
    expires: r.expires,
    rotatedOutAt: r.rotated_out_at,
    replacedBy: r.replaced_by,
    revokedAt: r.revoked_at,
  }));
}

export const ownKeyIds = async (db: Db) =>
  new Set((await db.selectFrom('exchange_key').select('key_id').where('own', '=', 1).execute()).map((r) => r.key_id));

export async function insertKey(db: Db, k: PublicKeyRecord, own: boolean, at: string) {
  await db
    .insertInto('exchange_key')
    .values({
      key_id: k.keyId,
      use: k.use,
      fingerprint: k.fingerprint,
      alg: k.alg,
      installation: k.installation,
      party: k.party,
      public_key: JSON.stringify(k.publicKey),
      expires: k.expires,
      own: own ? 1 : 0,
      rotated_out_at: null,
      replaced_by: null,
      revoked_at: null,
      added_at: at,
    })
    .execute();
}

/** Writes back what a key statement changed: rotations and revocations of known keys, keys it added. */
export async function saveKeyChanges(db: Db, before: readonly TrustedKey[], after: readonly TrustedKey[], at: string) {
  const known = new Map(before.map((k) => [`${k.keyId}:${k.use}`, k]));
  for (const k of after) {
    const was = known.get(`${k.keyId}:${k.use}`);
    // A key added is inserted as it was published, and then given its rotation and revocation like a known one.
    if (!was) await insertKey(db, k, false, at);
    else if (was.rotatedOutAt === k.rotatedOutAt && was.replacedBy === k.replacedBy && was.revokedAt === k.revokedAt) continue;
    await db
      .updateTable('exchange_key')
      .set({ rotated_out_at: k.rotatedOutAt, replaced_by: k.replacedBy, revoked_at: k.revokedAt })
      .where('key_id', '=', k.keyId)
      .where('use', '=', k.use)
      .execute();
  }
}

export const insertKeyStatement = (db: Db, row: { id: string; key_id: string; statement: string; applied_at: string }) =>
  db.insertInto('exchange_key_statement').values(row).execute();

// ---------------------------------------------------------------- sending

export const outboundState = (db: Db, recipient: string) =>
  db.selectFrom('exchange_outbound').selectAll().where('recipient_installation', '=', recipient).executeTakeFirst();

export const sentBundle = (db: Db, recipient: string, sequence: number) =>
  db
    .selectFrom('exchange_sent')
    .selectAll()
    .where('recipient_installation', '=', recipient)
    .where('sequence', '=', sequence)
    .executeTakeFirst();

export async function recordSent(
  db: Db,
  s: {
    recipient: string;
    party: string;
    sequence: number;
    bundleId: string;
    bundleHash: string;
    since: string | null;
    upto: string;
    records: number;
    at: string;
  },
): Promise<boolean> {
  // The recipient's state moves first, from the sequence read before: a concurrent export that got there
  // first leaves nothing to move (or a row already there), and this one records nothing.
  const values = { last_sequence: s.sequence, last_bundle_id: s.bundleId, last_hash: s.bundleHash, last_sent_at: s.at };
  const moved =
    s.sequence === 1
      ? await db
          .insertInto('exchange_outbound')
          .values({ recipient_installation: s.recipient, recipient_party: s.party, ...values, acked_sequence: 0 })
          .onConflict((oc) => oc.column('recipient_installation').doNothing())
          .executeTakeFirst()
          .then((r) => Number(r.numInsertedOrUpdatedRows ?? 0))
      : await db
          .updateTable('exchange_outbound')
          .set(values)
          .where('recipient_installation', '=', s.recipient)
          .where('last_sequence', '=', s.sequence - 1)
          .executeTakeFirst()
          .then((r) => Number(r.numUpdatedRows));
  if (moved !== 1) return false;
  await db
    .insertInto('exchange_sent')
    .values({
      recipient_installation: s.recipient,
      sequence: s.sequence,
      bundle_id: s.bundleId,
      bundle_hash: s.bundleHash,
      since: s.since,
      upto: s.upto,
      records: s.records,
      sent_at: s.at,
    })
    .execute();
  return true;
}

/** Records a recipient's acknowledgement of a bundle sent to it, when it is later than the last one. */
export async function recordAck(db: Db, recipient: string, sequence: number, at: string) {
  const r = await db
    .updateTable('exchange_outbound')
    .set((eb) => ({ acked_sequence: sequence, acked_hash: eb.ref('last_hash'), acked_at: at }))
    .where('recipient_installation', '=', recipient)
    .where('acked_sequence', '<', sequence)
    .where('last_sequence', '>=', sequence)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return false;
  // The hash kept is the acknowledged bundle's own.
  const sent = await sentBundle(db, recipient, sequence);
  await db
    .updateTable('exchange_outbound')
    .set({ acked_hash: sent?.bundle_hash ?? null })
    .where('recipient_installation', '=', recipient)
    .execute();
  return true;
}

// What goes to a partner, by kind: the records of `party` the partner's reader may read, an activity only
// with its plan, a follow-up only with its activity and plan. The export reads its pages from these, and
// the withdrawals are what was released and is no longer among them.
const goingPlans = (db: Db, reader: StoreReader, party: string) =>
  db.selectFrom('work_plan').where('work_plan.owner_party', '=', party).where(readableBy(reader, 'work_plan'));

const goingActivities = (db: Db, reader: StoreReader, party: string) =>
  db
    .selectFrom('activity')
    .innerJoin('work_plan', 'work_plan.id', 'activity.plan_id')
    .where('activity.owner_party', '=', party)
    .where('work_plan.owner_party', '=', party)
    .where(readableBy(reader, 'activity'))
    .where(readableBy(reader, 'work_plan'));

const goingFollowUps = (db: Db, reader: StoreReader, party: string) =>
  db
    .selectFrom('follow_up')
    .innerJoin('activity', 'activity.id', 'follow_up.activity_id')
    .innerJoin('work_plan', 'work_plan.id', 'activity.plan_id')
    .where('follow_up.owner_party', '=', party)
    .where('activity.owner_party', '=', party)
    .where('work_plan.owner_party', '=', party)
    .where(readableBy(reader, 'follow_up'))
    .where(readableBy(reader, 'activity'))
    .where(readableBy(reader, 'work_plan'));

/** A plan approval travels under this id: each approval given is a record of its own, withdrawn when taken back. */
const planApprovalId = sql<string>`${sql.ref('plan_approval.plan_id')} || ':' || ${sql.ref('plan_approval.party')} || ':' || ${sql.ref('plan_approval.at')}`;

/** This party's approvals of its own plans that go, labelled as their plan. */
const goingPlanApprovals = (db: Db, reader: StoreReader, party: string) =>
  goingPlans(db, reader, party)
    .innerJoin('plan_approval', 'plan_approval.plan_id', 'work_plan.id')
    .where('plan_approval.party', '=', party);

/**
 * This party's approvals of partners' plans received here, labelled as the plan they approve: each only
 * to the installation the plan came from (the partner of the reader's party that sent it), never to
 * another partner its label is releasable to.
 */
const goingForeignApprovals = (db: Db, reader: StoreReader, party: string) =>
  db
    .selectFrom('exchange_approval')
    .where('exchange_approval.owner_party', '=', party)
    .where(readableBy(reader, 'exchange_approval'))
    .where(
      'exchange_approval.originator_installation',
      'in',
      db
        .selectFrom('exchange_inbound')
        .select('exchange_inbound.sender_installation')
        .where('exchange_inbound.sender_party', '=', reader.party),
    );

/** An approval as it travels: the plan it approves, the approving party and time, and its label. */
export interface ApprovalRow extends LabelColumns {
  id: string;
  plan_id: string;
  party: string;
  at: string;
  /** Of an approval of a partner's plan: the version of the copy approved. */
  plan_version?: number;
}

/** A window of change: (since, upto], no lower bound on the first exchange. */
type ChangeWindow = { since: string | null; upto: string };

/** Of `query`, the rows whose time `at` falls in the window and whose id `id` comes after `afterId`. */
function changedIn<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  at: string,
  id: string | Expression<string>,
  window: ChangeWindow,
  afterId: string,
): SelectQueryBuilder<DB, TB, O> {
  const time = sql.ref(at);
  const key = typeof id === 'string' ? sql.ref(id) : id;
  const page = query.where(sql<boolean>`${time} <= ${window.upto}`).where(sql<boolean>`${key} > ${afterId}`);
  return window.since ? page.where(sql<boolean>`${time} > ${window.since}`) : page;
}

/** The records of one of the tables a party's own records travel in, changed in the window, by id after `afterId`. */
const changedRows = <DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  table: 'work_plan' | 'activity' | 'follow_up',
  window: ChangeWindow,
  afterId: string,
  limit: number,
) =>
  changedIn(query, `${table}.updated_at`, `${table}.id`, window, afterId)
    .orderBy(sql.ref(`${table}.id`))
    .limit(limit)
    .execute();

/** The records of one kind the reader may read, owned by `party`, changed in (since, upto], by id after `afterId`. */
export function changedPage(
  db: Db,
  kind: RecordKind,
  reader: StoreReader,
  party: string,
  window: ChangeWindow,
  afterId: string,
  limit: number,
): Promise<(WorkPlanRow | ActivityRow | FollowUpRow | ApprovalRow)[]> {
  if (kind === 'plan')
    return changedRows(goingPlans(db, reader, party).selectAll('work_plan'), 'work_plan', window, afterId, limit);
  if (kind === 'activity')
    return changedRows(goingActivities(db, reader, party).selectAll('activity'), 'activity', window, afterId, limit);
  if (kind === 'approval') return changedApprovals(db, reader, party, window, afterId, limit);
  return changedRows(goingFollowUps(db, reader, party).selectAll('follow_up'), 'follow_up', window, afterId, limit);
}

/**
 * The whole query of the records of one table a party's own records travel in (plans, activities or
 * follow-ups) the reader may read, owned by `party`, changed in (since, upto], by id: read through a
 * cursor on PostgreSQL (`changedPages`, exchange.repo.ts), where a page of it at a time was planned
 * anew per page, each a nested loop from the first id after the last page's.
 */
export function changedQuery(
  db: Db,
  kind: 'plan' | 'activity' | 'follow_up',
  reader: StoreReader,
  party: string,
  window: ChangeWindow,
): Compilable<WorkPlanRow | ActivityRow | FollowUpRow> {
  const ordered = <DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>, table: string) =>
    changedIn(query, `${table}.updated_at`, `${table}.id`, window, '').orderBy(sql.ref(`${table}.id`));
  if (kind === 'plan') return ordered(goingPlans(db, reader, party).selectAll('work_plan'), 'work_plan');
  if (kind === 'activity') return ordered(goingActivities(db, reader, party).selectAll('activity'), 'activity');
  return ordered(goingFollowUps(db, reader, party).selectAll('follow_up'), 'follow_up');
}

async function changedApprovals(
  db: Db,
  reader: StoreReader,
  party: string,
  window: ChangeWindow,
  afterId: string,
  limit: number,
): Promise<ApprovalRow[]> {
  const own = changedIn(
    goingPlanApprovals(db, reader, party).select([
      planApprovalId.as('id'),
      'plan_approval.plan_id',
      'plan_approval.party',
      'plan_approval.at',
      ...labelColumns('work_plan'),
    ]),
    'plan_approval.at',
    planApprovalId,
    window,
    afterId,
  );
  const theirs = changedIn(
    goingForeignApprovals(db, reader, party).select([
      'exchange_approval.id',
      'exchange_approval.plan_id',
      'exchange_approval.party',
      'exchange_approval.at',
      'exchange_approval.plan_version',
      ...labelColumns('exchange_approval'),
    ]),
    'exchange_approval.at',
    'exchange_approval.id',
    window,
    afterId,
  );
  const rows = [...(await own.execute()), ...(await theirs.execute())];
  return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(0, limit);
}

// ---------------------------------------------------------------- what was released to whom

/** Records what a bundle carried to `recipient`: released again, each no longer withdrawn. */
export async function recordReleased(
  db: Db,
  recipient: string,
  sequence: number,
  records: readonly [RecordKind, string, number][],
) {
  if (isPostgres(db)) {
    // One array a column, unnested (as `insertBundleRecords`): a few parameters a statement, not 3,500.
    for (let i = 0; i < records.length; i += UNNEST_CHUNK) {
      const part = records.slice(i, i + UNNEST_CHUNK);
      await sql`insert into exchange_released (recipient_installation, kind, id, version, sequence)
        select cast(${recipient} as text), k.kind, k.id, k.version, cast(${sequence} as bigint)
        from unnest(cast(${part.map((r) => r[0])} as text[]), cast(${part.map((r) => r[1])} as text[]),
          cast(${part.map((r) => r[2])} as integer[])) as k(kind, id, version)
        on conflict (recipient_installation, kind, id) do update
        set version = excluded.version, sequence = excluded.sequence, withdrawn_sequence = null, reason = null`.execute(db);
    }
    return;
  }
  for (let i = 0; i < records.length; i += 500)
    await insertRows(
      db,
      'exchange_released',
      ['recipient_installation', 'kind', 'id', 'version', 'sequence', 'withdrawn_sequence', 'reason'],
      records.slice(i, i + 500).map(([kind, id, version]) => ({
        recipient_installation: recipient,
        kind,
        id,
        version,
        sequence,
        withdrawn_sequence: null,
        reason: null,
      })),
      // Inserted as null, so set to null again on a record released before.
      onConflictUpdate(['recipient_installation', 'kind', 'id'], ['version', 'sequence', 'withdrawn_sequence', 'reason']),
    );
}

/** Records the withdrawals a bundle carried to `recipient`: those of one kind and reason 500 a statement. */
export async function recordWithdrawn(
  db: Db,
  recipient: string,
  sequence: number,
  withdrawals: readonly { of: RecordKind; id: string; reason: string }[],
) {
  const groups = new Map<string, { of: RecordKind; reason: string; ids: string[] }>();
  for (const w of withdrawals) {
    const key = `${w.of}\u0000${w.reason}`;
    const group = groups.get(key) ?? { of: w.of, reason: w.reason, ids: [] };
    group.ids.push(w.id);
    groups.set(key, group);
  }
  for (const { of, reason, ids } of groups.values())
    for (let i = 0; i < ids.length; i += 500)
      await db
        .updateTable('exchange_released')
        .set({ withdrawn_sequence: sequence, reason })
        .where('recipient_installation', '=', recipient)
        .where('kind', '=', of)
        .where('id', 'in', ids.slice(i, i + 500))
        .where('withdrawn_sequence', 'is', null)
        .execute();
}

/** Withdrawals sent to `recipient` in bundles after `sequence`, which it has not acknowledged yet: sent again. */
export const unacknowledgedWithdrawals = (
  db: Db,
  recipient: string,
  sequence: number,
  page: { after?: { kind: string; id: string }; limit: number },
) => {
  let q = db
    .selectFrom('exchange_released')
    .select(['kind', 'id', 'reason'])
    .where('recipient_installation', '=', recipient)
    .where('withdrawn_sequence', '>', sequence);
  const after = page.after;
  if (after)
    q = q.where((eb) => eb.or([eb('kind', '>', after.kind), eb.and([eb('kind', '=', after.kind), eb('id', '>', after.id)])]));
  return q.orderBy('kind').orderBy('id').limit(page.limit).execute();
};

/**
 * The records of one kind released to `recipient` and not withdrawn, that no longer go to it: not
 * among the records of `party` its reader may read (with their plan and activity), or no longer here.
 */
export async function noLongerGoing(
  db: Db,
  recipient: string,
  kind: RecordKind,
  reader: StoreReader,
  party: string,
  page: { after?: string; limit: number },
) {
  let q = db
    .selectFrom('exchange_released')
    .select('exchange_released.id')
    .where('exchange_released.recipient_installation', '=', recipient)
    .where('exchange_released.kind', '=', kind)
    .where('exchange_released.withdrawn_sequence', 'is', null);
  if (page.after !== undefined) q = q.where('exchange_released.id', '>', page.after);
  // `not exists`, an anti-join, and not `not in (…)`: on PostgreSQL a `not in` over more ids than fit in
  // work_mem (the follow-ups of 100,000 activities) is not hashed, and compares each row with every id.
  const released = sql.ref<string>('exchange_released.id');
  if (kind === 'plan')
    q = q.where(({ not, exists }) =>
      not(exists(goingPlans(db, reader, party).select('work_plan.id').where('work_plan.id', '=', released))),
    );
  else if (kind === 'activity')
    q = q.where(({ not, exists }) =>
      not(exists(goingActivities(db, reader, party).select('activity.id').where('activity.id', '=', released))),
    );
  else if (kind === 'follow_up')
    q = q.where(({ not, exists }) =>
      not(exists(goingFollowUps(db, reader, party).select('follow_up.id').where('follow_up.id', '=', released))),
    );
  else
    q = q
      .where(({ not, exists }) =>
        not(exists(goingPlanApprovals(db, reader, party).select(planApprovalId.as('id')).where(planApprovalId, '=', released))),
      )
      .where(({ not, exists }) =>
        not(
          exists(
            goingForeignApprovals(db, reader, party).select('exchange_approval.id').where('exchange_approval.id', '=', released),
          ),
        ),
      );
  return (await q.orderBy('exchange_released.id').limit(page.limit).execute()).map((r) => r.id);
}

/** The table each kind of record, but an approval, lives in here. */
const kindTable = { plan: 'work_plan', activity: 'activity', follow_up: 'follow_up' } as const;

/** The id and label of each listed row of a labelled table. */
const labelsIn = (db: Db, table: (typeof kindTable)[keyof typeof kindTable] | 'exchange_approval', ids: readonly string[]) =>
  db
    .selectFrom(table)
    .select(['id', 'owner_party', 'classification', 'releasable_mask', 'compartment_mask'])
    .where('id', 'in', ids)
    .execute();

/** The label of each listed record still here (an approval: of the plan it approves, or its own), by id. */
export async function currentLabels(db: Db, kind: RecordKind, ids: readonly string[]): Promise<Map<string, LabelColumns>> {
  const out = new Map<string, LabelColumns>();
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    const rows =
      kind === 'approval'
        ? [
            ...(await db
              .selectFrom('plan_approval')
              .innerJoin('work_plan', 'work_plan.id', 'plan_approval.plan_id')
              .select([planApprovalId.as('id'), ...labelColumns('work_plan')])
              .where(planApprovalId, 'in', part)
              .execute()),
            ...(await labelsIn(db, 'exchange_approval', part)),
          ]
        : await labelsIn(db, kindTable[kind], part);
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}

// ---------------------------------------------------------------- approvals of partners' plans

export const insertForeignApproval = (db: Db, row: ExchangeApprovalTable) =>
  db.insertInto('exchange_approval').values(row).execute();

/** Whether an insert failed because this party's approval of that version was written meanwhile. */
export const isForeignApprovalClash = (err: unknown) => isUniqueClash(err, 'exchange_approval_by_plan', 'exchange_approval.');

/** This party's approval of the version of a partner's plan, if given. */
export const foreignApproval = (db: Db, originator: string, planId: string, party: string, planVersion: number) =>
  db
    .selectFrom('exchange_approval')
    .selectAll()
    .where('originator_installation', '=', originator)
    .where('plan_id', '=', planId)
    .where('party', '=', party)
    .where('plan_version', '=', planVersion)
    .executeTakeFirst();

/** The approvals given here of a partner's plan received here that the reader may read, oldest first. */
export const foreignApprovalsOf = (db: Db, reader: StoreReader, originator: string, planId: string) =>
  db
    .selectFrom('exchange_approval')
    .selectAll()
    .where('originator_installation', '=', originator)
    .where('plan_id', '=', planId)
    .where(readableBy(reader, 'exchange_approval'))
    .orderBy('at')
    .orderBy('id')
    .execute();

/** The partners' approvals received of the listed plans of this installation that the reader may read. */
export function receivedApprovals(db: Db, reader: StoreReader, planIds: readonly string[]) {
  if (planIds.length === 0) return Promise.resolve([]);
  return readablePartnerRecords(db, reader)
    .where('kind', '=', 'approval')
    .where('parent_id', 'in', [...planIds])
    .orderBy('updated_at')
    .execute();
}

// ---------------------------------------------------------------- receiving

export async function inboundState(db: Db, sender: string): Promise<SenderState | null> {
  const r = await db.selectFrom('exchange_inbound').selectAll().where('sender_installation', '=', sender).executeTakeFirst();
  return r
    ? {
        sequence: r.sequence,
        bundleId: r.bundle_id,
        bundleHash: r.bundle_hash,
        checkpoint: { treeSize: r.checkpoint_size, headHash: r.checkpoint_head },
      }
    : null;
}

export const allInboundStates = (db: Db) => db.selectFrom('exchange_inbound').selectAll().execute();

/** Stores a sender's new high-water mark, continuing the one read before (or the first). */
export async function recordInbound(db: Db, sender: { installation: string; party: string }, s: SenderState, at: string) {
  const values = {
    sequence: s.sequence,
    bundle_id: s.bundleId,
    bundle_hash: s.bundleHash,
    checkpoint_size: s.checkpoint.treeSize,
    checkpoint_head: s.checkpoint.headHash,
    applied_at: at,
  };
  if (s.sequence === 1)
    await db
      .insertInto('exchange_inbound')
      .values({ sender_installation: sender.installation, sender_party: sender.party, ...values })
      .execute();
  else {
    const r = await db
      .updateTable('exchange_inbound')
      .set(values)
      .where('sender_installation', '=', sender.installation)
      .where('sequence', '=', s.sequence - 1)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new Error(`the state of ${sender.installation} moved during the import`);
  }
}

export const insertCheckpoint = (
  db: Db,
  c: {
    sender: string;
    treeSize: number;
    headHash: string;
    time: string;
    keyId: string;
    signature: string;
    bundleId: string;
    at: string;
  },
) =>
  db
    .insertInto('exchange_checkpoint')
    .values({
      sender_installation: c.sender,
      tree_size: c.treeSize,
      head_hash: c.headHash,
      time: c.time,
      key_id: c.keyId,
      signature: c.signature,
      bundle_id: c.bundleId,
      received_at: c.at,
    })
    .onConflict((oc) => oc.columns(['sender_installation', 'tree_size']).doNothing())
    .execute();

export const receivedBundle = (db: Db, bundleId: string) =>
  db.selectFrom('exchange_received').selectAll().where('bundle_id', '=', bundleId).executeTakeFirst();

export const insertReceived = (db: Db, r: ExchangeReceivedTable) => db.insertInto('exchange_received').values(r).execute();

export const insertRefusal = (db: Db, r: ExchangeRefusalTable) => db.insertInto('exchange_refusal').values(r).execute();

export const listRefusals = (db: Db, limit: number) =>
  db.selectFrom('exchange_refusal').selectAll().orderBy('at', 'desc').orderBy('id').limit(limit).execute();

/** The partners' records, as copied here, that the reader may read. */
function readablePartnerRecords(db: Db, reader: StoreReader) {
  return db.selectFrom('exchange_record').selectAll().where(readableBy(reader, 'exchange_record'));
}

/** One partner's record of the kind and id, if the reader may read it. */
export const readableCopy = (db: Db, reader: StoreReader, kind: RecordKind, id: string) =>
  readablePartnerRecords(db, reader).where('kind', '=', kind).where('id', '=', id).executeTakeFirst();

/** The partners' records the reader may read, by the local equivalent of their label. */
export function readableCopies(db: Db, reader: StoreReader, kind?: RecordKind) {
  let q = readablePartnerRecords(db, reader);
  if (kind) q = q.where('kind', '=', kind);
  return q.orderBy('originator_installation').orderBy('kind').orderBy('id').execute();
}

// ---------------------------------------------------------------- the security officer's view

/** Every partner's sending state, with the last bundle sent to it. */
export const outboundStates = (db: Db) =>
  db
    .selectFrom('exchange_outbound')
    .leftJoin('exchange_sent', (j) =>
      j
        .onRef('exchange_sent.recipient_installation', '=', 'exchange_outbound.recipient_installation')
        .onRef('exchange_sent.sequence', '=', 'exchange_outbound.last_sequence'),
    )
    .selectAll('exchange_outbound')
    .select(['exchange_sent.records', 'exchange_sent.since', 'exchange_sent.upto'])
    .orderBy('exchange_outbound.recipient_installation')
    .execute();

/** Every sender's receiving state, naming the last bundle applied from it. */
export const inboundStates = (db: Db) =>
  db.selectFrom('exchange_inbound').selectAll('exchange_inbound').orderBy('exchange_inbound.sender_installation').execute();

/** The bundles sent, newest first. */
export const sentBundles = (db: Db, limit: number) =>
  db
    .selectFrom('exchange_sent')
    .selectAll()
    .orderBy('sent_at', 'desc')
    .orderBy('recipient_installation')
    .orderBy('sequence', 'desc')
    .limit(limit)
    .execute();

export const sentBundleById = (db: Db, bundleId: string) =>
  db.selectFrom('exchange_sent').selectAll().where('bundle_id', '=', bundleId).executeTakeFirst();

/** The audit entries of one bundle (its export, or its import and refusals), oldest first. */
export const bundleAuditEntries = (db: Db, bundleId: string, action: string) =>
  db
    .selectFrom('audit_entry')
    .select(['seq', 'at', 'actor_id', 'detail', 'hash'])
    .where('entity_type', '=', 'exchange_bundle')
    .where('entity_id', '=', bundleId)
    .where('action', '=', action)
    .orderBy('seq')
    .execute();

/**
 * The name of each listed record the reader may read here: a plan's title, an activity's reference and
 * title (titles as stored, JSON of the languages), a follow-up's kind. A record the reader may not read,
 * or no longer here, has none.
 */
export async function recordNames(db: Db, reader: StoreReader, ids: Record<RecordKind, string[]>) {
  const names = new Map<string, { ref?: string; title?: string; kind?: string }>();
  // The columns that name them, of the listed rows of a table that the reader may read, 500 ids to a query.
  const readableAmong = async <R>(list: readonly string[], query: (part: string[]) => Promise<R[]>) => {
    const rows: R[] = [];
    for (let i = 0; i < list.length; i += 500) rows.push(...(await query(list.slice(i, i + 500))));
    return rows;
  };
  const plans = await readableAmong(ids.plan, (part) =>
    db.selectFrom('work_plan').select(['id', 'title']).where('id', 'in', part).where(readableBy(reader, 'work_plan')).execute(),
  );
  const activities = await readableAmong(ids.activity, (part) =>
    db
      .selectFrom('activity')
      .select(['id', 'ref_code', 'title'])
      .where('id', 'in', part)
      .where(readableBy(reader, 'activity'))
      .execute(),
  );
  const followUps = await readableAmong(ids.follow_up, (part) =>
    db.selectFrom('follow_up').select(['id', 'kind']).where('id', 'in', part).where(readableBy(reader, 'follow_up')).execute(),
  );
  for (const r of plans) names.set(`plan:${r.id}`, { title: r.title });
  for (const r of activities) names.set(`activity:${r.id}`, { ref: r.ref_code, title: r.title });
  for (const r of followUps) names.set(`follow_up:${r.id}`, { kind: r.kind });
  return names;
}

// ---------------------------------------------------------------- audit proofs

/**
 * The size of the audit checkpoint the last bundle sent to `recipient` carried, as its export's audit
 * entry keeps its header; 0 before the first bundle. An export older than the header in its entry
 * signed the head just before its own entry, written in the same transaction. Never unknown: a size
 * that is wrong makes a proof the partner refuses, where no proof would be held to sizes and heads only.
 */
export async function lastSentCheckpointSize(db: Db, recipient: string): Promise<number> {
  const state = await outboundState(db, recipient);
  if (!state) return 0;
  const [entry] = await bundleAuditEntries(db, state.last_bundle_id, 'exchange.export');
  if (!entry) return 0;
  const size = (JSON.parse(entry.detail) as { header?: { checkpoint?: { treeSize?: unknown } } }).header?.checkpoint?.treeSize;
  return typeof size === 'number' ? size : Number(entry.seq) - 1;
}

/**
 * The hashes of audit entries 1..`upto`, in order, a page at a time: the leaves of the tree the proofs are made in,
 * read by key so that the log is never held whole.
 */
export async function* auditEntryHashPages(db: Db, upto: number, pageSize = 20_000): AsyncGenerator<string[]> {
  for (let after = 0; after < upto; ) {
    const rows = await db
      .selectFrom('audit_entry')
      .select(['seq', 'hash'])
      .where('seq', '>', after)
      .where('seq', '<=', upto)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return;
    after = Number((rows.at(-1) as { seq: number | string }).seq);
    yield rows.map((r) => r.hash);
  }
}
