import { problem } from '../domain/problems.js';
import type { Role } from '../domain/user.schema.js';
import type { Actor } from './context.js';

/**
 * Who may write what. Reading is the read rule's business (store/access.ts);
 * these checks run only on records the actor can already read, so a refusal
 * here never reveals a record that would otherwise be hidden.
 */
export const hasRole = (actor: Actor, ...roles: Role[]) => roles.some((r) => actor.roles.includes(r));

/** Planners edit the plans, activities and commission records their party owns. */
export function assertCanPlan(actor: Actor, ownerParty: string): void {
  if (!hasRole(actor, 'planner')) throw problem('access.only_planners');
  if (actor.party !== ownerParty) throw problem('access.only_owner_planners', { party: ownerParty });
}

/** Contributors (and planners) add follow-ups to activities their party leads or takes part in. */
export function assertCanFollowUp(
  actor: Actor,
  activity: { leadParty: string; participatingParties: string[]; ownerParty: string },
): void {
  if (!hasRole(actor, 'contributor', 'planner')) throw problem('access.only_contributors_follow_up');
  const involved =
    activity.leadParty === actor.party ||
    activity.ownerParty === actor.party ||
    activity.participatingParties.includes(actor.party);
  if (!involved) throw problem('access.only_involved_follow_up');
}

/** Planners of the party that recorded an action item, or of the party responsible for it, correct it. */
export function assertCanEditActionItem(actor: Actor, item: { ownerParty: string; responsibleParty: string }): void {
  if (!hasRole(actor, 'planner')) throw problem('access.only_planners_action_items');
  if (actor.party !== item.ownerParty && actor.party !== item.responsibleParty)
    throw problem('access.only_action_item_parties', { party: item.ownerParty, responsibleParty: item.responsibleParty });
}

export function assertAdmin(actor: Actor, party: string): void {
  if (!hasRole(actor, 'admin') || actor.party !== party) throw problem('access.only_party_admins', { party });
}

export function assertSecurityOfficer(actor: Actor): void {
  if (!hasRole(actor, 'security_officer')) throw problem('access.only_officers_audit');
}
