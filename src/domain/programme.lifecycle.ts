import { issue, problem } from './problems.js';

/**
 * A procurement programme's lifecycle: a need is stated, offers are evaluated,
 * one is selected, the contract is signed, the supplier delivers, the system
 * is in service, the programme closes. It may be cancelled, with a reason,
 * at any step before it closes.
 */
export const PROGRAMME_STATUSES = [
  'need',
  'evaluation',
  'selected',
  'contracted',
  'delivering',
  'operational',
  'closed',
  'cancelled',
] as const;
export type ProgrammeStatus = (typeof PROGRAMME_STATUSES)[number];

export const PROGRAMME_TRANSITIONS: Record<ProgrammeStatus, readonly ProgrammeStatus[]> = {
  need: ['evaluation', 'cancelled'],
  evaluation: ['selected', 'cancelled'],
  selected: ['contracted', 'cancelled'],
  contracted: ['delivering', 'cancelled'],
  delivering: ['operational', 'cancelled'],
  operational: ['closed', 'cancelled'],
  closed: [],
  cancelled: [],
};

/** Statuses in which offers may still be added (and, before the evaluation opens, deleted). */
export const OFFER_STATUSES: readonly ProgrammeStatus[] = ['need', 'evaluation'];
/** Statuses in which the contract is executed: milestones, deliveries and amendments are recorded. */
export const EXECUTION_STATUSES: readonly ProgrammeStatus[] = ['contracted', 'delivering', 'operational'];

/** What a move needs to know of the programme besides its status. */
export interface ProgrammeFacts {
  status: ProgrammeStatus;
  /** Offers that are not withdrawn. */
  liveOfferIds: readonly string[];
  hasContract: boolean;
}

export interface ProgrammeMove {
  to: ProgrammeStatus;
  reason?: string | undefined;
  /** The offer selected, for the move to `selected`. */
  offerId?: string | undefined;
}

/** Applies a move or says, with a catalogue code, why it is refused; answers the new status. */
export function moveProgramme(facts: ProgrammeFacts, move: ProgrammeMove): ProgrammeStatus {
  const allowed = PROGRAMME_TRANSITIONS[facts.status];
  if (!allowed.includes(move.to)) {
    const params = { programmeStatus: facts.status, programmeStatusTo: move.to };
    const issues = [issue('to', 'programme.move_not_allowed', { programmeStatus: facts.status })];
    throw allowed.length
      ? problem('programme.cannot_move', { ...params, programmeStatusAllowed: allowed.join(', ') }, issues)
      : problem('programme.cannot_move_final', params, issues);
  }
  switch (move.to) {
    case 'cancelled':
      if (!move.reason?.trim()) throw problem('programme.cancel_needs_reason', {}, [issue('reason', 'field.required')]);
      break;
    case 'evaluation':
      if (!facts.liveOfferIds.length) throw problem('programme.evaluation_needs_offer');
      break;
    case 'selected':
      if (!move.offerId) throw problem('programme.select_needs_offer', {}, [issue('offerId', 'field.required')]);
      if (!facts.liveOfferIds.includes(move.offerId))
        throw problem('programme.offer_not_selectable', {}, [issue('offerId', 'field.unknown_ids', { ids: move.offerId })]);
      break;
    case 'contracted':
      if (!facts.hasContract) throw problem('programme.contract_needed');
      break;
    default:
      break;
  }
  return move.to;
}
