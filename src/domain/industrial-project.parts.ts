/**
 * What a change of a project's milestone or technology-transfer item may do,
 * as an industrial-cooperation officer keeps them. A milestone's planned day
 * is the baseline its progress is measured against: it may be moved while the
 * milestone is not reached (a schedule re-planned, audited with both days),
 * but once reached, or in the very change that reaches it, moving it would
 * rewrite whether it was on time; to correct a mistake, the milestone is first
 * recorded as not reached. A transfer item's terms (what, from whom, to whom,
 * when) are what the receiver accepts: they may be corrected while it is not
 * accepted, never once it is nor in the change that accepts it; the acceptance
 * is withdrawn first. Pure: the use cases load, decide here, then write.
 */

import type { FieldIssue } from './errors.js';
import type {
  ProjectMilestonePatch,
  ProjectMilestoneRecord,
  TransferPatch,
  TransferRecord,
} from './industrial-project.schema.js';
import { issue, problem } from './problems.js';

export interface MilestoneState {
  plannedOn: string;
  actualOn: string | null;
  reachedBp: number | null;
}

/**
 * The milestone after `patch`, or the coded refusal; fields the patch leaves
 * out keep their value. It is reached on a day that has come: `today` or before.
 */
export function editMilestone(before: ProjectMilestoneRecord, patch: ProjectMilestonePatch, today: string): MilestoneState {
  if (patch.actualOn && patch.actualOn > today)
    throw problem('common.invalid', {}, [issue('actualOn', 'field.after_today', { date: today })]);
  const after: MilestoneState = {
    plannedOn: patch.plannedOn ?? before.plannedOn,
    actualOn: patch.actualOn === undefined ? before.actualOn : patch.actualOn,
    reachedBp: patch.reached === undefined ? before.reachedBp : patch.reached,
  };
  if (after.plannedOn !== before.plannedOn && (before.actualOn !== null || after.actualOn !== null))
    throw problem('industrial_project.milestone_reached', {}, [issue('plannedOn', 'field.fixed_once_reached')]);
  if (after.reachedBp !== null && before.kind !== 'local_content_target')
    throw problem('common.invalid', {}, [issue('reached', 'field.target_for_local_content')]);
  return after;
}

export type TransferTerms = Pick<TransferRecord, 'what' | 'from' | 'to' | 'plannedOn'>;
export const TRANSFER_TERM_FIELDS = ['what', 'from', 'to', 'plannedOn'] as const;

/**
 * The item after `patch` and the terms it changes (each from → to), or the
 * coded refusal naming every term it may not change. It is accepted on a day
 * that has come: `today` or before.
 */
export function editTransfer(
  before: TransferRecord,
  patch: TransferPatch,
  today: string,
): {
  after: TransferTerms & { acceptedOn: string | null };
  changed: Partial<Record<keyof TransferTerms, { from: string; to: string }>>;
} {
  if (patch.acceptedOn && patch.acceptedOn > today)
    throw problem('common.invalid', {}, [issue('acceptedOn', 'field.after_today', { date: today })]);
  const acceptedOn = patch.acceptedOn === undefined ? before.acceptedOn : patch.acceptedOn;
  const changed: Partial<Record<keyof TransferTerms, { from: string; to: string }>> = {};
  for (const k of TRANSFER_TERM_FIELDS) {
    const to = patch[k];
    if (to !== undefined && to !== before[k]) changed[k] = { from: before[k], to };
  }
  const keys = Object.keys(changed);
  if (keys.length && (before.acceptedOn !== null || acceptedOn !== null)) {
    const issues: FieldIssue[] = keys.map((k) => issue(k, 'field.fixed_once_accepted'));
    throw problem('industrial_project.transfer_accepted', {}, issues);
  }
  const terms = Object.fromEntries(TRANSFER_TERM_FIELDS.map((k) => [k, changed[k]?.to ?? before[k]])) as TransferTerms;
  return { after: { ...terms, acceptedOn }, changed };
}
