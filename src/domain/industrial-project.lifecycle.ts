import { issue, problem } from './problems.js';

/**
 * An industrial project's lifecycle, as an industrial-cooperation officer
 * follows it: proposed by a party, agreed by the partners, built, operating,
 * closed. A project that stops for a while (financing withheld, export licence
 * pending, a partner's review) is suspended, from any step once agreed, and
 * resumes where it stopped: the step it was suspended from is kept, so that a
 * suspension never skips or undoes a step. A proposal not pursued, or a
 * project abandoned before it operates, is closed with a reason; an operating
 * project closes at the end of its life without one.
 */
export const PROJECT_STATUSES = ['proposed', 'agreed', 'under_construction', 'operating', 'suspended', 'closed'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** Statuses a project may be suspended from, and so resumed to. */
export const SUSPENDABLE: readonly ProjectStatus[] = ['agreed', 'under_construction', 'operating'];

export const PROJECT_TRANSITIONS: Record<ProjectStatus, readonly ProjectStatus[]> = {
  proposed: ['agreed', 'closed'],
  agreed: ['under_construction', 'suspended', 'closed'],
  under_construction: ['operating', 'suspended', 'closed'],
  operating: ['suspended', 'closed'],
  // Resuming goes back to the step it was suspended from (checked against the project's facts).
  suspended: ['agreed', 'under_construction', 'operating', 'closed'],
  closed: [],
};

/** What a move needs to know of the project besides its status. */
export interface ProjectFacts {
  status: ProjectStatus;
  /** The step a suspended project stopped at; null unless suspended. */
  suspendedFrom: ProjectStatus | null;
}

export interface ProjectMove {
  to: ProjectStatus;
  reason?: string | undefined;
}

/** The moves the project may make now, as the web offers them. */
export function allowedMoves(facts: ProjectFacts): ProjectStatus[] {
  if (facts.status === 'suspended') return [...(facts.suspendedFrom ? [facts.suspendedFrom] : []), 'closed'];
  return [...PROJECT_TRANSITIONS[facts.status]];
}

/**
 * Applies a move or says, with a catalogue code, why it is refused; answers
 * the new status and the step a suspension keeps (null otherwise).
 */
export function moveProject(
  facts: ProjectFacts,
  move: ProjectMove,
): { status: ProjectStatus; suspendedFrom: ProjectStatus | null } {
  const allowed = allowedMoves(facts);
  if (!allowed.includes(move.to)) {
    const issues = [issue('to', 'industrial_project.move_not_allowed', { from: facts.status })];
    throw allowed.length
      ? problem('industrial_project.cannot_move', { from: facts.status, to: move.to, allowed: allowed.join(', ') }, issues)
      : problem('industrial_project.cannot_move_final', { from: facts.status, to: move.to }, issues);
  }
  const reason = move.reason?.trim();
  if (move.to === 'suspended' && !reason)
    throw problem('industrial_project.suspend_needs_reason', {}, [issue('reason', 'field.required')]);
  // Closing at the end of operations is the normal end; closing anything else abandons it, which needs a reason.
  const abandons = move.to === 'closed' && !(facts.status === 'operating' || facts.suspendedFrom === 'operating');
  if (abandons && !reason) throw problem('industrial_project.close_needs_reason', {}, [issue('reason', 'field.required')]);
  return { status: move.to, suspendedFrom: move.to === 'suspended' ? facts.status : null };
}
