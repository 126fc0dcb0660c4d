import {
  actionItemEditRefusal,
  actionItemMoveRefusal,
  canAdminister,
  evaluatorInputsRefusal,
  followUpRefusal,
  isSecurityOfficer,
  measureRefusal,
  planRefusal,
  type Refusal,
} from '../domain/policy.js';
import { problem } from '../domain/problems.js';
import type { Actor } from './context.js';

/**
 * The write rules of domain/policy.ts, as refusals: each assertion throws the
 * problem its rule names. The web asks the same rules before it offers a move.
 */
export { hasRole } from '../domain/policy.js';

const refuse = (refusal: Refusal | null) => {
  if (refusal) throw problem(refusal.code, refusal.params);
};

/** Planners edit the plans, activities and commission records their party owns. */
export const assertCanPlan = (actor: Actor, ownerParty: string) => refuse(planRefusal(actor, ownerParty));

/** Planners and contributors of the indicator's party record and correct its measurements. */
export const assertCanMeasure = (actor: Actor, ownerParty: string) => refuse(measureRefusal(actor, ownerParty));

/** Contributors (and planners) add follow-ups to activities their party leads or takes part in. */
export const assertCanFollowUp = (actor: Actor, activity: Parameters<typeof followUpRefusal>[1]) =>
  refuse(followUpRefusal(actor, activity));

/** Planners of the party that recorded an action item, or of the party responsible for it, correct it. */
export const assertCanEditActionItem = (actor: Actor, item: { ownerParty: string; responsibleParty: string }) =>
  refuse(actionItemEditRefusal(actor, item));

/** Planners and contributors of the responsible party, or planners of its owner, move an action item. */
export const assertCanMoveActionItem = (actor: Actor, item: { ownerParty: string; responsibleParty: string }) =>
  refuse(actionItemMoveRefusal(actor, item));

export function assertAdmin(actor: Actor, party: string): void {
  if (!canAdminister(actor, party)) throw problem('access.only_party_admins', { party });
}

export function assertSecurityOfficer(actor: Actor): void {
  if (!isSecurityOfficer(actor)) throw problem('access.only_officers_audit');
}

/** Each evaluator of a programme records their own inputs, and nobody else's. */
export const assertCanRecordInputs = (actor: Actor, evaluatorIds: readonly string[], evaluatorId: string) =>
  refuse(evaluatorInputsRefusal(actor, evaluatorIds, evaluatorId));
