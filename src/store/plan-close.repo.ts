import type { Kysely } from 'kysely';
import { isOpenActivity } from '../domain/plan-close.js';
import { readableBy, type StoreReader } from './access.js';
import type { ActivityRow, Database, FollowUpTable, PlanJointProposalTable } from './database.js';

/** The close or reopening of a plan awaiting agreement, with the parties that agreed so far. */
export async function findJointProposal(db: Kysely<Database>, planId: string) {
  const proposal = await db.selectFrom('plan_joint_proposal').selectAll().where('plan_id', '=', planId).executeTakeFirst();
  if (!proposal) return undefined;
  const agreements = await db
    .selectFrom('plan_joint_agreement')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('at')
    .orderBy('party')
    .execute();
  return { ...proposal, agreements };
}

export type JointProposal = NonNullable<Awaited<ReturnType<typeof findJointProposal>>>;

export async function insertJointProposal(trx: Kysely<Database>, row: PlanJointProposalTable) {
  await trx.insertInto('plan_joint_proposal').values(row).execute();
  await trx
    .insertInto('plan_joint_agreement')
    .values({ plan_id: row.plan_id, party: row.party, user_id: row.user_id, at: row.at })
    .execute();
}

export async function addJointAgreement(
  trx: Kysely<Database>,
  row: { plan_id: string; party: string; user_id: string; at: string },
) {
  await trx.insertInto('plan_joint_agreement').values(row).execute();
}

export async function setJointDispositions(trx: Kysely<Database>, planId: string, dispositions: string) {
  await trx.updateTable('plan_joint_proposal').set({ dispositions }).where('plan_id', '=', planId).execute();
}

/** Drops the proposal and its agreements. */
export async function dropJointProposal(trx: Kysely<Database>, planId: string): Promise<void> {
  await trx.deleteFrom('plan_joint_agreement').where('plan_id', '=', planId).execute();
  await trx.deleteFrom('plan_joint_proposal').where('plan_id', '=', planId).execute();
}

/** The successor plan later agreements carry activities to, set by the first agreement that carries any. */
export async function setJointSuccessor(trx: Kysely<Database>, planId: string, successorPlanId: string) {
  await trx
    .updateTable('plan_joint_proposal')
    .set({ successor_plan_id: successorPlanId })
    .where('plan_id', '=', planId)
    .execute();
}

/** Takes back the approvals of the plan: of one party, or of every party when `party` is null. Answers the parties that had approved. */
export async function withdrawPlanApprovals(trx: Kysely<Database>, planId: string, party: string | null): Promise<string[]> {
  let q = trx.deleteFrom('plan_approval').where('plan_id', '=', planId);
  if (party !== null) q = q.where('party', '=', party);
  return (await q.returning('party').execute()).map((r) => r.party);
}

export async function recordDecision(
  trx: Kysely<Database>,
  row: { plan_id: string; kind: string; party: string; user_id: string; at: string; comment: string | null },
) {
  await trx.insertInto('plan_decision').values(row).execute();
}

/** The decisions of every party on the plan, oldest first, with the display name of who took each. */
export function listDecisions(db: Kysely<Database>, planId: string) {
  return db
    .selectFrom('plan_decision as d')
    .innerJoin('app_user as u', 'u.id', 'd.user_id')
    .select(['d.id', 'd.kind', 'd.party', 'd.user_id', 'u.display_name', 'd.at', 'd.comment'])
    .where('d.plan_id', '=', planId)
    .orderBy('d.id')
    .execute();
}

/** The open activities of the plan the reader may read (what a close dialog lists), by reference code. */
export async function readableOpenActivities(db: Kysely<Database>, reader: StoreReader, planId: string): Promise<ActivityRow[]> {
  const rows = await db
    .selectFrom('activity')
    .selectAll()
    .where('plan_id', '=', planId)
    .where(readableBy(reader, 'activity'))
    .orderBy('ref_code')
    .orderBy('id')
    .execute();
  return rows.filter((r) => isOpenActivity(r.status));
}

/**
 * The activities of the plan carried to a successor at its close, those the
 * reader may read only; the successor plan (id and title) and the copy are
 * given only when the reader may read them too, else null.
 */
export const readableCarriedActivities = (db: Kysely<Database>, reader: StoreReader, planId: string) =>
  db
    .selectFrom('activity_carry as c')
    .innerJoin('activity', 'activity.id', 'c.activity_id')
    .leftJoin('work_plan as successor', (join) =>
      join.onRef('successor.id', '=', 'c.successor_plan_id').on(readableBy(reader, 'successor')),
    )
    .leftJoin('activity as copy', (join) => join.onRef('copy.id', '=', 'c.copy_id').on(readableBy(reader, 'copy')))
    .select([
      'c.activity_id',
      'c.at',
      'activity.ref_code',
      'successor.id as successor_plan_id',
      'successor.title as successor_title',
      'copy.id as copy_id',
    ])
    .where('activity.plan_id', '=', planId)
    .where(readableBy(reader, 'activity'))
    .orderBy('activity.ref_code')
    .execute();

/** Every open activity of the plan, readable or not: the close applies to all of them. */
export async function allOpenActivities(trx: Kysely<Database>, planId: string): Promise<ActivityRow[]> {
  const rows = await trx
    .selectFrom('activity')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('ref_code')
    .orderBy('id')
    .execute();
  return rows.filter((r) => isOpenActivity(r.status));
}

/** Plans of the commission still being drafted that the reader may read: where open activities can be carried. */
export function successorCandidates(db: Kysely<Database>, reader: StoreReader, commissionId: string, exceptPlanId: string) {
  return db
    .selectFrom('work_plan')
    .selectAll()
    .where('commission_id', '=', commissionId)
    .where('id', '<>', exceptPlanId)
    .where('status', 'in', ['draft', 'proposed'])
    .where(readableBy(reader, 'work_plan'))
    .orderBy('period_start')
    .orderBy('id')
    .execute();
}

/** The successor plan of a close, whoever reads it: the close applies as every party agreed. */
export const successorOfClose = (trx: Kysely<Database>, id: string) =>
  trx.selectFrom('work_plan').selectAll().where('id', '=', id).executeTakeFirst();

/** The status-change follow-up of an activity cancelled or carried at its plan's close. */
export async function insertCloseFollowUp(trx: Kysely<Database>, row: FollowUpTable) {
  await trx.insertInto('follow_up').values(row).execute();
}

export async function recordCarry(
  trx: Kysely<Database>,
  row: { activity_id: string; copy_id: string; successor_plan_id: string; at: string },
) {
  await trx.insertInto('activity_carry').values(row).execute();
}

export async function setPlanClosed(trx: Kysely<Database>, planId: string, closedAt: string | null, reopenUntil: string | null) {
  await trx
    .updateTable('work_plan')
    .set({ status: closedAt ? 'closed' : 'in_execution', closed_at: closedAt, reopen_until: reopenUntil })
    .where('id', '=', planId)
    .execute();
}
