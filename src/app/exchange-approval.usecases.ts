import { randomUUID } from 'node:crypto';
import type { RecordKind } from '../domain/exchange/bundle-content.js';
import { receivedMarking, type SecurityPolicy } from '../domain/exchange/security-policy.js';
import { problem } from '../domain/problems.js';
import {
  foreignApproval,
  insertForeignApproval,
  readableCopies,
  readableCopy,
  receivedApprovals,
} from '../store/exchange-state.repo.js';
import type { LabelCodec } from '../store/label-codec.js';
import { inTransaction } from '../store/tx.js';
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

/** The partners' records the actor may read, by the local equivalent of their labels: read-only copies. */
export async function listReceived(
  ctx: AppContext,
  actor: Actor,
  policy: SecurityPolicy,
  kind?: RecordKind,
  lang: 'fr' | 'en' | 'ar' | 'he' = 'en',
): Promise<ReceivedRecord[]> {
  const codec = await ctx.codec();
  const rows = await readableCopies(ctx.db, codec.reader(actor), kind);
  return rows.map((r) => {
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
  });
}

// ---------------------------------------------------------------- approvals of partners' plans

export interface PartnerPlanApproval {
  id: string;
  planId: string;
  originator: string;
  party: string;
  at: string;
}

/**
 * This party approves a partner's plan received here, as its planners approve a plan of their own: a
 * record of this party's, labelled as the plan's copy (owned by this party, releasable to the plan's
 * originator as well), that travels back to the originator in the next bundle. A plan the planner may
 * not read is one that is not here; a plan that is not proposed is not approved; approving twice gives
 * the approval already there.
 */
export async function approveReceivedPlan(ctx: AppContext, actor: Actor, planId: string): Promise<PartnerPlanApproval> {
  assertCanPlan(actor, actor.party);
  const codec = await ctx.codec();
  return inTransaction(ctx.db, async (trx) => {
    const copy = await readableCopy(trx, codec.reader(actor), 'plan', planId);
    if (!copy) throw problem('plan.not_found');
    const view = (r: { id: string; plan_id: string; originator_installation: string; party: string; at: string }) => ({
      id: r.id,
      planId: r.plan_id,
      originator: r.originator_installation,
      party: r.party,
      at: r.at,
    });
    const given = await foreignApproval(trx, copy.originator_installation, planId, actor.party);
    if (given) return view(given);
    const status = String((JSON.parse(copy.data) as { status?: unknown }).status ?? '');
    if (status !== 'proposed') throw problem('plan_decision.not_proposed', { planStatus: status });
    const local = codec.decode(copy);
    const columns = codec.encode({
      ownerParty: actor.party,
      classification: local.classification,
      releasableTo: [...new Set([...local.releasableTo, local.ownerParty])].filter((p) => p !== actor.party).sort(),
      compartments: local.compartments,
    });
    const row = {
      id: randomUUID(),
      originator_installation: copy.originator_installation,
      plan_id: planId,
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
        detail: { planId, originator: copy.originator_installation },
      },
    ]);
    return view(row);
  });
}

/**
 * The partners' approvals received of this installation's plans, as shown with the plan's own
 * approvals: the approving party, when, and the local marking with the originator's in brackets.
 */
export async function partnerApprovalsOf(
  ctx: AppContext,
  actor: Actor,
  policy: SecurityPolicy,
  planIds: string[],
  lang: 'fr' | 'en' | 'ar' | 'he' = 'en',
) {
  const codec = await ctx.codec();
  const rows = await receivedApprovals(ctx.db, codec.reader(actor), planIds);
  return rows.map((r) => {
    const data = JSON.parse(r.data) as { party?: string; at?: string };
    const originatorLabel = JSON.parse(r.originator_label);
    return {
      planId: r.parent_id ?? '',
      party: data.party ?? r.owner_party,
      at: data.at ?? r.updated_at,
      originator: { installation: r.originator_installation, party: r.owner_party },
      partner: true as const,
      marking: receivedMarking(policy, { originator: originatorLabel, localLevel: r.local_level, local: codec.decode(r) }, lang),
    };
  });
}
