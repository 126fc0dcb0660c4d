import { forbidden } from '../domain/errors.js';
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
  if (!hasRole(actor, 'planner')) throw forbidden('Only planners may change plans and activities');
  if (actor.party !== ownerParty) throw forbidden(`Only planners of ${ownerParty} may change this record`);
}

/** Contributors (and planners) add follow-ups to activities their party leads or takes part in. */
export function assertCanFollowUp(
  actor: Actor,
  activity: { leadParty: string; participatingParties: string[]; ownerParty: string },
): void {
  if (!hasRole(actor, 'contributor', 'planner')) throw forbidden('Only contributors and planners may add follow-ups');
  const involved =
    activity.leadParty === actor.party ||
    activity.ownerParty === actor.party ||
    activity.participatingParties.includes(actor.party);
  if (!involved) throw forbidden('Only parties leading or taking part in this activity may add follow-ups');
}

/** Planners of the party that recorded an action item, or of the party responsible for it, correct it. */
export function assertCanEditActionItem(actor: Actor, item: { ownerParty: string; responsibleParty: string }): void {
  if (!hasRole(actor, 'planner')) throw forbidden('Only planners may change action items');
  if (actor.party !== item.ownerParty && actor.party !== item.responsibleParty)
    throw forbidden(`Only planners of ${item.ownerParty} or ${item.responsibleParty} may change this action item`);
}

export function assertAdmin(actor: Actor, party: string): void {
  if (!hasRole(actor, 'admin') || actor.party !== party) throw forbidden(`Only administrators of ${party} may manage its users`);
}

export function assertSecurityOfficer(actor: Actor): void {
  if (!hasRole(actor, 'security_officer')) throw forbidden('Only security officers may read the audit log');
}
