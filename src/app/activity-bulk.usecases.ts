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
import { matchingActivityIds } from '../store/activity-bulk.repo.js';
import type { Db } from '../store/db.js';
import { organisationExists } from '../store/organisation.repo.js';
import { findPlan } from '../store/plan.repo.js';
import { inSavepoint, inTransaction } from '../store/tx.js';
import { attentionClock, moveActivityIn, patchActivityIn } from './activity.usecases.js';
import type { Actor, AppContext } from './context.js';

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
 * not exist. Any other failure undoes the whole edit.
 */
export async function bulkEditActivities(
  ctx: AppContext,
  actor: Actor,
  planId: string,
  edit: ActivityBulkEdit,
): Promise<ActivityBulkReport> {
  const reader = (await ctx.codec()).reader(actor);
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
    const results: ActivityBulkResult[] = [];
    for (const id of ids) {
      try {
        const after = await inSavepoint(trx, () => applyOne(trx, ctx, actor, id, planId, edit.action));
        results.push({ id, outcome: 'applied', version: after.version });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        results.push({ id, outcome: 'refused', code: err.code, params: { ...err.params } });
      }
    }
    const applied = results.filter((r) => r.outcome === 'applied').length;
    return { applied, refused: results.length - applied, results };
  });
}
