import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Language } from '../domain/common.schema.js';
import type { partnerApprovalSchema, planPartnerApprovalsSchema } from '../domain/exchange/approval.schema.js';
import type { RecordKind } from '../domain/exchange/bundle-content.js';
import { receivedMarking, type SecurityPolicy } from '../domain/exchange/security-policy.js';
import { receivedApprovalCounts } from '../domain/plan-approvals.js';
import { canPlan } from '../domain/policy.js';
import { problem } from '../domain/problems.js';
import type { LabelColumns } from '../store/database.js';
import {
  foreignApproval,
  foreignApprovalsOf,
  insertForeignApproval,
  isForeignApprovalClash,
  readableCopies,
  receivedApprovals,
} from '../store/exchange-state.repo.js';
import type { ExchangeApprovalTable } from '../store/exchange-tables.js';
import type { LabelCodec } from '../store/label-codec.js';
import { findPlan } from '../store/plan.repo.js';
import { receivedApprovalsOf } from '../store/plan-approvals.repo.js';
import { readableCopiesPage, readablePlanCopy, readableReceivedPlan } from '../store/received-plan.repo.js';
import { inTransaction } from '../store/tx.js';
import { withdrawnApprovals } from '../store/withdrawn-approval.repo.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, isoNow } from './context.js';
import { assertCanPlan } from './policy.js';

/**
 * Partners' records received here, read as read-only copies, and this party's approvals of the
 * partners' plans (docs/exchange.md): an approval is a record of this party's that travels back to
 * the plan's originator in the next bundle.
 */

// ---------------------------------------------------------------- reading received records

export interface ReceivedRecord {
  originator: { installation: string; party: string };
  kind: RecordKind;
  id: string;
  parentId: string | null;
  version: number;
  updatedAt: string;
  /** The local marking, the originator's own in brackets: `SECRET [סודי]`. */
  marking: string;
  local: ReturnType<LabelCodec['decode']>;
  originatorLabel: unknown;
  data: Record<string, unknown>;
}

type CopyRow = Awaited<ReturnType<typeof readableCopies>>[number];

/** A copy as the API presents it: its originator, the local marking with the originator's in brackets, and its fields as they came. */
const receivedView =
  (codec: LabelCodec, policy: SecurityPolicy, lang: Language) =>
  (r: CopyRow): ReceivedRecord => {
    const originatorLabel = JSON.parse(r.originator_label);
    const local = codec.decode(r);
    return {
      originator: { installation: r.originator_installation, party: r.owner_party },
      kind: r.kind as RecordKind,
      id: r.id,
      parentId: r.parent_id,
      version: r.version,
      updatedAt: r.updated_at,
      marking: receivedMarking(policy, { originator: originatorLabel, localLevel: r.local_level, local }, lang),
      local,
      originatorLabel,
      data: JSON.parse(r.data) as Record<string, unknown>,
    };
  };

/** The partners' records the actor may read, by the local equivalent of their labels: read-only copies. */
export async function listReceived(
  ctx: AppContext,
  actor: Actor,
  policy: SecurityPolicy,
  kind?: RecordKind,
  lang: Language = 'en',
): Promise<ReceivedRecord[]> {
  const codec = await ctx.codec();
  const rows = await readableCopies(ctx.db, codec.reader(actor), kind);
  return rows.map(receivedView(codec, policy, lang));
}

/**
 * One page of the partners' records the actor may read, by the local equivalent of their labels, in the order
 * of their originator's installation, kind and id; `nextCursor` asks for the next page, null after the last.
 */
export async function listReceivedPage(
  ctx: AppContext,
  actor: Actor,
  policy: SecurityPolicy,
  opts: { kind?: RecordKind; cursor?: string; limit: number; lang?: Language },
): Promise<{ items: ReceivedRecord[]; nextCursor: string | null }> {
  const codec = await ctx.codec();
  const { page, nextCursor } = await readableCopiesPage(ctx.db, codec.reader(actor), opts);
  return { items: page.map(receivedView(codec, policy, opts.lang ?? 'en')), nextCursor };
}

/**
 * A partner's plan received here, as its page shows it: the copy, a page of its activities (by reference
 * code) and their follow-ups the actor may read, each by the read rule over its local label (a follow-up of
 * an activity not shown is not shown); `nextCursor` reads the next page. A plan the actor may not read, or
 * that is not a copy, is not found.
 */
export async function receivedPlan(
  ctx: AppContext,
  actor: Actor,
  policy: SecurityPolicy,
  planId: string,
  { lang = 'en', from, cursor, limit }: { lang?: Language; from?: string; cursor?: string; limit: number },
): Promise<{ plan: ReceivedRecord; activities: ReceivedRecord[]; followUps: ReceivedRecord[]; nextCursor: string | null }> {
  const codec = await ctx.codec();
  const found = await readableReceivedPlan(ctx.db, codec.reader(actor), planId, { from, cursor, limit });
  if (!found) throw problem('plan.not_found');
  const view = receivedView(codec, policy, lang);
  return {
    plan: view(found.plan),
    activities: found.activities.map(view),
    followUps: found.followUps.map(view),
    nextCursor: found.nextCursor,
  };
}

// ---------------------------------------------------------------- approvals of partners' plans

/** This party's approval of a partner's plan received here. */
export type PartnerPlanApproval = z.infer<typeof partnerApprovalSchema>;

const approvalView = (r: ExchangeApprovalTable): PartnerPlanApproval => ({
  id: r.id,
  planId: r.plan_id,
  planVersion: r.plan_version,
  originator: r.originator_installation,
  party: r.party,
  at: r.at,
});

const statusOf = (data: string) => String((JSON.parse(data) as { status?: unknown }).status ?? '');

/**
 * The installation's party approves a partner's plan received here, as its planners approve a plan of their own: a
 * record of this party's, labelled as the plan's copy (owned by this party, releasable to the plan's
 * originator as well), naming the version of the copy approved, that travels back to the originator
 * alone in the next bundle. A plan the planner may not read is one that is not here; a plan of this
 * installation's is approved by its transitions; a plan that is not proposed is not approved; the
 * version read, when given, must be the copy's; approving a version twice gives the approval already
 * there, and a newer version received is approved anew.
 */
export async function approveReceivedPlan(
  ctx: AppContext,
  actor: Actor,
  policy: Pick<SecurityPolicy, 'party'>,
  planId: string,
  version?: number,
  from?: string,
): Promise<PartnerPlanApproval> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const approve = () =>
    inTransaction(ctx.db, async (trx) => {
      const copy = await readablePlanCopy(trx, reader, planId, from);
      if (!copy) {
        if (from === undefined && (await findPlan(trx, reader, planId))) throw problem('exchange.approval_not_received');
        throw problem('plan.not_found');
      }
      // The installation's party approves, by its planners, as it approves a plan of its own.
      assertCanPlan(actor, policy.party);
      if (version !== undefined && version !== copy.version)
        throw problem('plan.stale_version', { had: version, now: copy.version });
      const given = await foreignApproval(trx, copy.originator_installation, planId, actor.party, copy.version);
      if (given) return approvalView(given);
      const status = statusOf(copy.data);
      if (status !== 'proposed') throw problem('exchange.approval_not_proposed', { planStatus: status });
      const local = codec.decode(copy);
      const columns = codec.encode({
        ownerParty: actor.party,
        classification: local.classification,
        releasableTo: [...new Set([...local.releasableTo, local.ownerParty])].filter((p) => p !== actor.party).sort(),
        compartments: local.compartments,
      });
      const row: ExchangeApprovalTable = {
        id: randomUUID(),
        originator_installation: copy.originator_installation,
        plan_kind: 'plan',
        plan_id: planId,
        plan_version: copy.version,
        party: actor.party,
        user_id: actor.userId,
        at: isoNow(ctx),
        ...columns,
      };
      await insertForeignApproval(trx, row);
      await audit(trx, actor, row.at, [
        {
          action: 'exchange.approve',
          entityType: 'exchange_approval',
          entityId: row.id,
          label: columns,
          detail: { planId, planVersion: copy.version, originator: copy.originator_installation },
        },
      ]);
      return approvalView(row);
    });
  try {
    return await approve();
  } catch (err) {
    // Two approvals of one version at once (a double click, the API and the command line): the one
    // that lost on the unique index reads again, finds the other's approval and answers it.
    if (!isForeignApprovalClash(err)) throw err;
    return approve();
  }
}

/** A partner's approval received, as kept: its copy, or the copy as it was when its withdrawal came. */
type ApprovalKept = LabelColumns & {
  data: string;
  originator_label: string;
  originator_installation: string;
  owner_party: string;
  updated_at: string;
  local_level: string;
};

/**
 * A partner's approval received as shown with the plan's own approvals: the approving party, when, the version
 * of the plan it approved (when it says), and the local marking with the originator's in brackets.
 */
function shownApproval(
  codec: LabelCodec,
  policy: SecurityPolicy,
  lang: Language,
  r: ApprovalKept,
  planId: string,
  withdrawnAt: string | null,
) {
  const data = JSON.parse(r.data) as { party?: string; at?: string; planVersion?: number };
  const originatorLabel = JSON.parse(r.originator_label);
  return {
    planId,
    party: data.party ?? r.owner_party,
    at: data.at ?? r.updated_at,
    ...(typeof data.planVersion === 'number' ? { planVersion: data.planVersion } : {}),
    originator: { installation: r.originator_installation, party: r.owner_party },
    partner: true as const,
    marking: receivedMarking(policy, { originator: originatorLabel, localLevel: r.local_level, local: codec.decode(r) }, lang),
    withdrawnAt,
  };
}

/** The partners' approvals received of this installation's plans that the reader may read, as shown. */
export async function partnerApprovalsOf(
  ctx: AppContext,
  actor: Actor,
  policy: SecurityPolicy,
  planIds: string[],
  lang: Language = 'en',
) {
  const codec = await ctx.codec();
  const rows = await receivedApprovals(ctx.db, codec.reader(actor), planIds);
  return rows.map((r) => shownApproval(codec, policy, lang, r, r.parent_id ?? '', null));
}

/**
 * The partners' approvals of the listed plans received here and withdrawn since by their installations, that
 * the reader may read (migration 0044): as they were received, with when their withdrawal was received.
 */
export async function withdrawnPartnerApprovalsOf(
  ctx: AppContext,
  actor: Actor,
  policy: SecurityPolicy,
  planIds: string[],
  lang: Language = 'en',
) {
  const codec = await ctx.codec();
  const rows = await withdrawnApprovals(ctx.db, codec.reader(actor), planIds);
  return rows.map((r) => shownApproval(codec, policy, lang, r, r.plan_id, r.withdrawn_at));
}

/** An approval received, by who gave it where and the version it approved. */
const countedKey = (installation: string, party: string, version: number | null) =>
  `${installation}\u0000${party}\u0000${version}`;

/** The approvals of a plan across the exchange, as the plan page shows them, and whether the caller may approve it here. */
export type PlanPartnerApprovals = z.infer<typeof planPartnerApprovalsSchema>;

/** One approval as the plan page shows it beside the plan's own: whose, of which version, and where it was given. */
type PartnerApprovalShown = PlanPartnerApprovals['approvals'][number];

/**
 * The approvals of a plan the caller may read given across the exchange: of a plan of this
 * installation, the partners' approvals received; of a partner's plan received here, the approvals of
 * this installation's parties and the originator's own approvals received with it. A plan the caller
 * may not read, here or as a copy, is not found.
 */
export async function planPartnerApprovals(
  ctx: AppContext,
  actor: Actor,
  policy: SecurityPolicy | null,
  planId: string,
  lang: Language = 'en',
  from?: string,
): Promise<PlanPartnerApprovals> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  // A plan of this installation, unless the caller names the installation of a copy.
  const plan = from === undefined ? await findPlan(ctx.db, reader, planId) : undefined;
  if (plan) {
    const received = policy
      ? [
          ...(await partnerApprovalsOf(ctx, actor, policy, [planId], lang)),
          ...(await withdrawnPartnerApprovalsOf(ctx, actor, policy, [planId], lang)),
        ]
      : [];
    // What counts is what the plan's status counts: a version the approving installation was sent, and not
    // withdrawn from it, not merely the version its approval names (an approval shown is one the caller may read).
    const counted = new Set(
      ((await receivedApprovalsOf(ctx.db, [planId])).get(planId) ?? [])
        .filter((r) => r.planVersion !== null)
        .map((r) => countedKey(r.installation, r.party, r.planVersion)),
    );
    return {
      planId,
      received: false,
      originator: null,
      version: plan.version,
      status: plan.status,
      approvals: received.map((a) => ({
        party: a.party,
        at: a.at,
        planVersion: a.planVersion ?? null,
        // Of a plan of this installation, an approval is current while it counts toward the plan's status.
        current:
          a.withdrawnAt === null &&
          counted.has(countedKey(a.originator.installation, a.originator.party, a.planVersion ?? null)) &&
          receivedApprovalCounts(
            { planVersion: a.planVersion ?? null },
            { version: plan.version, approvalsFrom: plan.approvals_from },
          ),
        origin: 'received' as const,
        marking: a.marking,
        withdrawnAt: a.withdrawnAt,
      })),
      canApprove: false,
    };
  }
  const copy = await readablePlanCopy(ctx.db, reader, planId, from);
  if (!copy) throw problem('plan.not_found');
  const status = statusOf(copy.data);
  const local: PartnerApprovalShown[] = (await foreignApprovalsOf(ctx.db, reader, copy.originator_installation, planId)).map(
    (r) => ({
      party: r.party,
      at: r.at,
      planVersion: r.plan_version,
      current: r.plan_version === copy.version,
      origin: 'local',
      marking: null,
      withdrawnAt: null,
    }),
  );
  const theirs: PartnerApprovalShown[] = policy
    ? [
        ...(await partnerApprovalsOf(ctx, actor, policy, [planId], lang)),
        ...(await withdrawnPartnerApprovalsOf(ctx, actor, policy, [planId], lang)),
      ]
        .filter((a) => a.originator.installation === copy.originator_installation)
        .map((a) => ({
          party: a.party,
          at: a.at,
          planVersion: a.planVersion ?? null,
          current: a.withdrawnAt === null && (a.planVersion === undefined || a.planVersion === copy.version),
          origin: 'received',
          marking: a.marking,
          withdrawnAt: a.withdrawnAt,
        }))
    : [];
  return {
    planId,
    received: true,
    originator: { installation: copy.originator_installation, party: copy.owner_party },
    version: copy.version,
    status,
    approvals: [...theirs, ...local].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)),
    canApprove:
      status === 'proposed' &&
      policy !== null &&
      canPlan(actor, policy.party) &&
      !local.some((a) => a.party === actor.party && a.current),
  };
}
