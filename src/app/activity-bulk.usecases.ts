import type { Activity } from '../domain/activity.schema.js';
import {
  type ActivityBulkAction,
  type ActivityBulkEdit,
  type ActivityBulkReport,
  type ActivityBulkResult,
  BULK_EDIT_MAX,
  postponedPeriod,
} from '../domain/activity-bulk.schema.js';
import { DomainError } from '../domain/errors.js';
import { issue, problem } from '../domain/problems.js';
import { readActivity } from '../store/activity.repo.js';
import { matchingActivityIds } from '../store/activity-bulk.repo.js';
import { auditChainHead } from '../store/audit.repo.js';
import type { LabelColumns } from '../store/database.js';
import type { Db } from '../store/db.js';
import { insertNotifications, readableOfficersOfAuditEntry } from '../store/notification.repo.js';
import { organisationExists } from '../store/organisation.repo.js';
import { findPlan } from '../store/plan.repo.js';
import { inSavepoint, inTransaction } from '../store/tx.js';
import { attentionClock, moveActivityIn, patchActivityIn } from './activity.usecases.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, isoNow } from './context.js';

/**
 * A bulk relabel that lowers the label of more than this many activities is
 * told apart (docs/security.md, "Bulk declassification"): one more audit
 * entry, and the writer's party's security officers are notified.
 */
export const BULK_DECLASSIFY_ALERT_OVER = 20;

const mask = (n: number) => BigInt(n);

/**
 * Whether `after` is a lower label than `before`: a lower level, a
 * compartment fewer, or released to a party more.
 */
export function lowers(before: LabelColumns, after: LabelColumns): boolean {
  return (
    after.classification < before.classification ||
    (mask(before.compartment_mask) & ~mask(after.compartment_mask)) !== 0n ||
    (mask(after.releasable_mask) & ~mask(before.releasable_mask)) !== 0n
  );
}

/**
 * The lowest label above all of `labels`: the highest level, every
 * compartment, released only to the parties all of them are released to.
 */
function highestOf(owner: string, labels: readonly LabelColumns[]): LabelColumns {
  let classification = 0;
  let compartments = 0n;
  let releasable: bigint | null = null;
  for (const l of labels) {
    classification = Math.max(classification, l.classification);
    compartments |= mask(l.compartment_mask);
    releasable = releasable === null ? mask(l.releasable_mask) : releasable & mask(l.releasable_mask);
  }
  return {
    owner_party: owner,
    classification,
    compartment_mask: Number(compartments),
    releasable_mask: Number(releasable ?? 0n),
  };
}

/**
 * Audits a bulk declassification once, at the highest of the labels the
 * activities had, and tells the party's security officers who may read that
 * label (the others are not told, as they could not read the entry).
 */
async function alertDeclassified(trx: Db, ctx: AppContext, actor: Actor, planId: string, was: readonly LabelColumns[]) {
  const label = highestOf(actor.party, was);
  const at = isoNow(ctx);
  await audit(trx, actor, at, [
    {
      action: 'activity.bulk_declassified',
      entityType: 'work_plan',
      entityId: planId,
      label,
      detail: { count: was.length, over: BULK_DECLASSIFY_ALERT_OVER },
    },
  ]);
  const { seq } = await auditChainHead(trx);
  const officers = await readableOfficersOfAuditEntry(trx, await ctx.codec(), actor.party, seq);
  await insertNotifications(
    trx,
    officers.map((userId) => ({
      user_id: userId,
      kind: 'bulk_declassified',
      entity_type: 'audit_entry',
      entity_id: String(seq),
      title: String(was.length),
      due_date: null,
      dedupe_key: `bulk_declassified:audit_entry:${seq}`,
      created_at: at,
    })),
  );
}

/** One activity's change, through the same use case as its single edit. */
function applyOne(trx: Db, ctx: AppContext, actor: Actor, id: string, planId: string, action: ActivityBulkAction) {
  const at = { inPlan: planId };
  switch (action.kind) {
    case 'transition':
      return moveActivityIn(trx, ctx, actor, id, { to: action.to, reason: action.reason }, at);
    case 'postpone':
      return moveActivityIn(
        trx,
        ctx,
        actor,
        id,
        (before: Activity) => ({
          to: 'postponed',
          reason: action.reason,
          plannedPeriod: postponedPeriod(before.plannedPeriod, action.months),
        }),
        at,
      );
    case 'reassign':
      return patchActivityIn(trx, ctx, actor, id, { leadOrganisationId: action.leadOrganisationId }, at);
    case 'relabel': {
      const { kind: _k, ...label } = action;
      const given = Object.fromEntries(Object.entries(label).filter(([, v]) => v !== undefined));
      return patchActivityIn(trx, ctx, actor, id, given, at);
    }
  }
}

/**
 * Changes many activities of a plan in one transaction. Each goes through
 * the use case of its single edit inside a savepoint: what that edit would
 * allow is applied (and audited, one entry per activity), what it would
 * refuse is undone and reported with the same code. An activity the writer
 * may not read, or of another plan, is reported not found, as one that does
 * not exist. Any other failure undoes the whole edit. A relabel lowering
 * more than {@link BULK_DECLASSIFY_ALERT_OVER} labels is audited once more and
 * told to the party's security officers.
 */
export async function bulkEditActivities(
  ctx: AppContext,
  actor: Actor,
  planId: string,
  edit: ActivityBulkEdit,
): Promise<ActivityBulkReport> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  return inTransaction(ctx.db, async (trx) => {
    if (!(await findPlan(trx, reader, planId))) throw problem('plan.not_found');
    const { selection, action } = edit;
    // An organisation that does not exist is refused once, beside the field, not once per activity.
    if (action.kind === 'reassign' && action.leadOrganisationId && !(await organisationExists(trx, action.leadOrganisationId)))
      throw problem('activity.unknown_organisation', {}, [issue('action.leadOrganisationId', 'field.no_such_organisation')]);
    const ids =
      'ids' in selection
        ? [...new Set(selection.ids)]
        : await matchingActivityIds(trx, reader, planId, selection.filter, attentionClock(ctx), BULK_EDIT_MAX + 1);
    if (ids.length > BULK_EDIT_MAX) throw problem('activity.bulk_too_many', { max: BULK_EDIT_MAX });
    const outcomes = new Map<string, ActivityBulkResult>();
    // The labels the relabel lowered, as they were.
    const lowered: LabelColumns[] = [];
    let pending = ids;
    for (;;) {
      // Refused for a dependency only: tried again once the others have moved.
      const again: string[] = [];
      for (const id of pending) {
        try {
          const before = edit.action.kind === 'relabel' ? await readActivity(trx, codec, reader, id) : undefined;
          const after = await inSavepoint(trx, () => applyOne(trx, ctx, actor, id, planId, edit.action));
          outcomes.set(id, { id, outcome: 'applied', version: after.version });
          if (before && lowers(codec.encode(before), codec.encode(after))) lowered.push(codec.encode(before));
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          outcomes.set(id, { id, outcome: 'refused', code: err.code, params: { ...err.params } });
          if (err.code === 'activity.dependency_violated') again.push(id);
        }
      }
      // A chain postponed together: the predecessor, refused while its follower had not moved yet,
      // passes once it has. Each pass leaves fewer to try, or stops.
      if (again.length === 0 || again.length === pending.length) break;
      pending = again;
    }
    const results = ids.map((id) => outcomes.get(id) as ActivityBulkResult);
    if (lowered.length > BULK_DECLASSIFY_ALERT_OVER) await alertDeclassified(trx, ctx, actor, planId, lowered);
    const applied = results.filter((r) => r.outcome === 'applied').length;
    return { applied, refused: results.length - applied, results };
  });
}
