import type { ActivityStatus } from '../../src/domain/activity.lifecycle.js';

/**
 * The tests' own model of the activity lifecycle, written from the design's sentence rather than copied from the
 * domain's table: an activity steps forward `proposed → planned → scheduled → conducted → reported`; one that is
 * planned, scheduled or already postponed may be postponed (again); a postponed one comes back as planned or
 * scheduled; any not yet conducted may be cancelled. Reported and cancelled are final.
 */
const FORWARD: ActivityStatus[] = ['proposed', 'planned', 'scheduled', 'conducted', 'reported'];
const POSTPONABLE: ActivityStatus[] = ['planned', 'scheduled', 'postponed'];
const DONE: ActivityStatus[] = ['conducted', 'reported', 'cancelled'];

/** Where the model lets an activity of status `from` go next. */
export function modelMoves(from: ActivityStatus): ActivityStatus[] {
  const moves: ActivityStatus[] = [];
  const step = FORWARD.indexOf(from);
  if (step >= 0 && step + 1 < FORWARD.length) moves.push(FORWARD[step + 1] as ActivityStatus);
  if (from === 'postponed') moves.push('planned', 'scheduled');
  if (POSTPONABLE.includes(from)) moves.push('postponed');
  if (!DONE.includes(from)) moves.push('cancelled');
  return moves;
}
