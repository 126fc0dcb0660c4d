import type { Kysely } from 'kysely';
import type { ReceivedApproval } from '../domain/plan-approvals.js';
import type { Database } from './database.js';

/** A partner's approval received of a plan of this installation, with the bundle that brought it last. */
export interface ReceivedPlanApproval extends ReceivedApproval {
  planId: string;
  bundleId: string;
}

/**
 * The partners' approvals received of the listed plans of this installation (copies of kind `approval` whose
 * parent is one of them), whoever reads: what counts toward a plan's status, not what is shown. The approving
 * party is the copy's owner, the sender's party as its label's originator said (an import takes only a
 * sender's own records); the version approved is the one its data names, if this installation sent that version
 * (or a later one) of the plan to the approving installation and has not withdrawn it: an installation that was
 * never sent the plan, or claims a version it was not sent, approves nothing.
 */
export async function receivedApprovalsOf(db: Kysely<Database>, planIds: string[]): Promise<Map<string, ReceivedPlanApproval[]>> {
  const out = new Map<string, ReceivedPlanApproval[]>(planIds.map((id) => [id, []]));
  if (planIds.length === 0) return out;
  const rows = await db
    .selectFrom('exchange_record as a')
    // What this installation sent the approving installation of the plan: an approval counts only of a version sent.
    .leftJoin('exchange_released as sent', (join) =>
      join
        .onRef('sent.recipient_installation', '=', 'a.originator_installation')
        .on('sent.kind', '=', 'plan')
        .onRef('sent.id', '=', 'a.parent_id')
        .on('sent.withdrawn_sequence', 'is', null),
    )
    .select(['a.originator_installation', 'a.owner_party', 'a.parent_id', 'a.data', 'a.updated_at', 'a.bundle_id'])
    .select('sent.version as sent_version')
    .where('a.kind', '=', 'approval')
    .where('a.parent_id', 'in', planIds)
    .orderBy('a.updated_at')
    .orderBy('a.id')
    .execute();
  for (const r of rows) {
    const data = JSON.parse(r.data) as { at?: unknown; planVersion?: unknown };
    const v = data.planVersion;
    // A version the approving installation was never sent (or a plan never sent to it) is no version approved.
    const sent = r.sent_version === null ? null : Number(r.sent_version);
    const version = typeof v === 'number' && Number.isInteger(v) && sent !== null && v <= sent ? v : null;
    out.get(r.parent_id ?? '')?.push({
      planId: r.parent_id ?? '',
      party: r.owner_party,
      planVersion: version,
      at: typeof data.at === 'string' ? data.at : r.updated_at,
      installation: r.originator_installation,
      bundleId: r.bundle_id,
    });
  }
  return out;
}

/** The plans of this installation a bundle from `sender` brought an approval of, new or of a newer version. */
export async function plansApprovedIn(db: Kysely<Database>, sender: string, bundleId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('exchange_record')
    .innerJoin('work_plan', 'work_plan.id', 'exchange_record.parent_id')
    .select('work_plan.id')
    .distinct()
    .where('exchange_record.kind', '=', 'approval')
    .where('exchange_record.originator_installation', '=', sender)
    .where('exchange_record.bundle_id', '=', bundleId)
    .orderBy('work_plan.id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The proposed plans of this installation that hold an approval received from a partner's installation, whatever
 * bundle brought it: those an import counts again, besides the ones its own bundle approved, so that a plan whose
 * approvals received all count already (received before they counted, migration 0041) does not stay proposed.
 */
export async function proposedPlansApprovedByPartners(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('work_plan')
    .select('work_plan.id')
    .where('work_plan.status', '=', 'proposed')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('exchange_record')
          .select('exchange_record.id')
          .where('exchange_record.kind', '=', 'approval')
          .whereRef('exchange_record.parent_id', '=', 'work_plan.id'),
      ),
    )
    .orderBy('work_plan.id')
    .execute();
  return rows.map((r) => r.id);
}

/** A proposed plan counts approvals from the version it is at: once proposed (its version claimed already). */
export async function countApprovalsFromNow(trx: Kysely<Database>, planId: string): Promise<void> {
  await trx
    .updateTable('work_plan')
    .set((eb) => ({ approvals_from: eb.ref('version') }))
    .where('id', '=', planId)
    .execute();
}

/**
 * A change of a proposed plan's content: approvals count from the next version on, and unless the caller moves
 * the plan's version itself (`moveVersion: false`), the plan moves to it now, so that what a partner's
 * installation approves of the plan's copy is told apart from what it approved before the change. Holds the
 * plan in `proposed` until the change commits; false when the plan is no longer proposed.
 */
export async function countApprovalsFromNext(
  trx: Kysely<Database>,
  planId: string,
  opts: { moveVersion: boolean; at: string },
): Promise<boolean> {
  const r = await trx
    .updateTable('work_plan')
    .set((eb) => ({
      approvals_from: eb('version', '+', 1),
      ...(opts.moveVersion && { version: eb('version', '+', 1), updated_at: opts.at }),
    }))
    .where('id', '=', planId)
    .where('status', '=', 'proposed')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
