import type { ActivityStatus } from '../../src/domain/activity.lifecycle.js';
import type { AgendaReference } from '../../src/domain/agenda.js';

/** What an agenda item carried forward says of its activity: the facts each reader's language words. */
export const activityReference = (
  refCode: string,
  plannedEnd: string,
  postponements: number,
  status: ActivityStatus,
  overdue: boolean,
): AgendaReference => ({ kind: 'activity', refCode, plannedEnd, postponements, status, overdue });
