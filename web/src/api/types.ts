/**
 * The API's types, inferred from the same schemas the server validates and
 * documents with, so that the web app and the API cannot drift apart.
 */
export type {
  Activity,
  ActivityListQuery,
  ActivitySort,
  ActivityTransitionInput,
} from '../../../src/domain/activity.schema.js';
export type { Commission } from '../../../src/domain/commission.schema.js';
export type { FollowUp, FollowUpCreate } from '../../../src/domain/follow-up.schema.js';
export type { Kpis } from '../../../src/domain/kpi.schema.js';
export type { Label } from '../../../src/domain/labels.js';
export type { Party } from '../../../src/domain/party.schema.js';
export type { WorkPlan } from '../../../src/domain/plan.schema.js';
export type { SearchHit } from '../../../src/domain/search.schema.js';
export type { User } from '../../../src/domain/user.schema.js';

/** One page of a list, as every list route answers. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
