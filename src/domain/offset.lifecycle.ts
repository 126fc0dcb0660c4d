import { hasRole, type Refusal, type Writer } from './policy.js';
import { issue, problem } from './problems.js';

/**
 * A credit claim's lifecycle, as a buyer state's offset authority runs it:
 * the supplier side claims credit against an obligation, the authority takes
 * the claim under review, then grants credit (all or part of the value
 * claimed) or refuses it with a reason. Granted and refused are final: a
 * decision taken is corrected by a new claim, never by rewriting the old one,
 * so that a ledger read as of an earlier day stays what it was.
 */
export const CLAIM_STATUSES = ['claimed', 'under_review', 'granted', 'refused'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export const CLAIM_TRANSITIONS: Record<ClaimStatus, readonly ClaimStatus[]> = {
  claimed: ['under_review'],
  under_review: ['granted', 'refused'],
  granted: [],
  refused: [],
};

/** Statuses whose credit is still pending a decision. */
export const PENDING_STATUSES: readonly ClaimStatus[] = ['claimed', 'under_review'];

export interface ClaimFacts {
  status: ClaimStatus;
  /** The value claimed, in minor units. */
  value: bigint;
  /** The day of the claim's last step (its claim or its move under review). */
  lastOn: string;
}

export interface ClaimMove {
  to: ClaimStatus;
  reason?: string | undefined;
  /** The value the authority accepts, in minor units; for the move to `granted`. */
  acceptedValue?: bigint | undefined;
  /** The day the step is taken. */
  on: string;
}

/** Applies a move or says, with a catalogue code, why it is refused; answers the new status. */
export function moveClaim(facts: ClaimFacts, move: ClaimMove, today: string): ClaimStatus {
  const allowed = CLAIM_TRANSITIONS[facts.status];
  if (!allowed.includes(move.to)) {
    const params = { from: facts.status, to: move.to };
    const issues = [issue('to', 'offset.move_not_allowed', { from: facts.status })];
    throw allowed.length
      ? problem('offset.cannot_move', { ...params, allowed: allowed.join(', ') }, issues)
      : problem('offset.cannot_move_final', params, issues);
  }
  if (move.on > today || move.on < facts.lastOn)
    throw problem('offset.step_date', { after: facts.lastOn, today }, [
      issue('on', 'offset.step_date_range', { after: facts.lastOn }),
    ]);
  if (move.to === 'refused' && !move.reason?.trim())
    throw problem('offset.refuse_needs_reason', {}, [issue('reason', 'field.required')]);
  if (move.to === 'granted') {
    if (move.acceptedValue === undefined)
      throw problem('offset.grant_needs_value', {}, [issue('acceptedValue', 'field.required')]);
    if (move.acceptedValue < 0n || move.acceptedValue > facts.value)
      throw problem('offset.accepted_over_claimed', {}, [issue('acceptedValue', 'offset.accepted_range')]);
  }
  return move.to;
}

// Who may do what. These rules are asked only about records the writer can already read.

/**
 * The buyer state's offset authority states an obligation: a planner of the
 * beneficiary party, which is the writer's own party.
 */
export function obligationRefusal(who: Writer, beneficiaryParty: string): Refusal | null {
  if (!hasRole(who, 'planner') || who.party !== beneficiaryParty)
    return { code: 'offset.only_beneficiary_planners', params: { party: beneficiaryParty } };
  return null;
}

/** The supplier side claims: planners and contributors of the party that owes the obligation. */
export function claimRefusal(who: Writer, obligation: { obligorParty: string }): Refusal | null {
  if (!hasRole(who, 'planner', 'contributor') || who.party !== obligation.obligorParty)
    return { code: 'offset.only_obligor_claims', params: { party: obligation.obligorParty } };
  return null;
}

/**
 * The authority reviews: a planner of the beneficiary party, and never the
 * user who made the claim. An obligation's obligor and beneficiary always
 * differ (`offset.same_parties`), so a claimant, of the obligor's party, is
 * not of the beneficiary's either; the claimant check is a second guard.
 */
export function reviewRefusal(
  who: Writer & { userId: string },
  obligation: { beneficiaryParty: string },
  claim: { claimedBy: string },
): Refusal | null {
  if (claim.claimedBy === who.userId) return { code: 'offset.own_claim' };
  return (
    obligationRefusal(who, obligation.beneficiaryParty) && {
      code: 'offset.only_beneficiary_reviews',
      params: { party: obligation.beneficiaryParty },
    }
  );
}

export const canReview = (
  who: Writer & { userId: string },
  obligation: { beneficiaryParty: string },
  claim: { claimedBy: string },
) => reviewRefusal(who, obligation, claim) === null;
