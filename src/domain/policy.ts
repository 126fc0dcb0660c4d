import type { ProblemParams } from './errors.js';
import type { ThrowableCode } from './problems.js';
import type { Role } from './user.schema.js';

/**
 * Who may write what: one set of rules for the use cases, which refuse with
 * the problem a rule names, and for the web, which offers only what would be
 * accepted. Reading is the read rule's business (store/access.ts): these rules
 * are asked only about records the user can already read, so a refusal never
 * reveals a record that would otherwise be hidden. Who may grant what to whom
 * is grants.ts.
 */

/** The user who writes, as the use cases (`Actor`) and the web (`User`) both know it. */
export interface Writer {
  party: string;
  roles: readonly Role[];
}

/** Why a write is refused: the catalogue's problem and the values its text names. */
export interface Refusal {
  code: ThrowableCode;
  params?: ProblemParams;
}

export const hasRole = (who: Writer, ...roles: Role[]) => roles.some((r) => who.roles.includes(r));

/** Planners write the plans, activities, objectives and commission records their party owns. */
export function planRefusal(who: Writer, ownerParty: string): Refusal | null {
  if (!hasRole(who, 'planner')) return { code: 'access.only_planners' };
  if (who.party !== ownerParty) return { code: 'access.only_owner_planners', params: { party: ownerParty } };
  return null;
}

export const canPlan = (who: Writer, ownerParty: string) => planRefusal(who, ownerParty) === null;

/**
 * Planners of a party of the commission act for it: approve plans, record
 * sessions, decide closes and amendments (the commission itself is read only
 * by its parties, so the use cases ask {@link canPlan} for the writer's own party).
 */
export const canPlanIn = (who: Writer, commission: { parties: readonly string[] }) =>
  canPlan(who, who.party) && commission.parties.includes(who.party);

/** Planners and contributors of the indicator's party record and correct its measurements. */
export function measureRefusal(who: Writer, ownerParty: string): Refusal | null {
  if (hasRole(who, 'planner', 'contributor') && who.party === ownerParty) return null;
  return planRefusal(who, ownerParty);
}

export const canMeasure = (who: Writer, ownerParty: string) => measureRefusal(who, ownerParty) === null;

/** Contributors (and planners) add follow-ups to activities their party owns, leads or takes part in. */
export function followUpRefusal(
  who: Writer,
  activity: { leadParty: string; participatingParties: readonly string[]; ownerParty: string },
): Refusal | null {
  if (!hasRole(who, 'contributor', 'planner')) return { code: 'access.only_contributors_follow_up' };
  const involved =
    activity.leadParty === who.party || activity.ownerParty === who.party || activity.participatingParties.includes(who.party);
  return involved ? null : { code: 'access.only_involved_follow_up' };
}

export const canFollowUp = (who: Writer, activity: Parameters<typeof followUpRefusal>[1]) =>
  followUpRefusal(who, activity) === null;

type ActionItemParties = { ownerParty: string; responsibleParty: string };

/** Planners of the party that recorded an action item, or of the party responsible for it, correct it. */
export function actionItemEditRefusal(who: Writer, item: ActionItemParties): Refusal | null {
  if (!hasRole(who, 'planner')) return { code: 'access.only_planners_action_items' };
  if (who.party !== item.ownerParty && who.party !== item.responsibleParty)
    return {
      code: 'access.only_action_item_parties',
      params: { party: item.ownerParty, responsibleParty: item.responsibleParty },
    };
  return null;
}

export const canEditActionItem = (who: Writer, item: ActionItemParties) => actionItemEditRefusal(who, item) === null;

/** Planners and contributors of the responsible party, or planners of its owner, move an action item. */
export function actionItemMoveRefusal(who: Writer, item: ActionItemParties): Refusal | null {
  if (item.responsibleParty === who.party && hasRole(who, 'planner', 'contributor')) return null;
  return planRefusal(who, item.ownerParty);
}

export const canMoveActionItem = (who: Writer, item: ActionItemParties) => actionItemMoveRefusal(who, item) === null;

/** Administrators manage their own party's users and tokens (within their reach: grants.ts). */
export const canAdminister = (who: Writer, party: string) => hasRole(who, 'admin') && who.party === party;

/** Security officers read the audit log and decide raises of access. */
export const isSecurityOfficer = (who: Writer) => hasRole(who, 'security_officer');

/** Planners and contributors may evaluate a programme's offers, if they may read the programme (the read rule's part). */
export const canEvaluate = (who: Writer) => hasRole(who, 'planner', 'contributor');

/** Each evaluator of a programme records their own inputs, and nobody else's. */
export function evaluatorInputsRefusal(
  who: { userId: string },
  evaluatorIds: readonly string[],
  evaluatorId: string,
): Refusal | null {
  if (who.userId !== evaluatorId) return { code: 'evaluation.only_own_inputs' };
  if (!evaluatorIds.includes(evaluatorId)) return { code: 'evaluation.only_evaluators' };
  return null;
}
