import { isPlanEditable } from '../../../src/domain/plan.lifecycle.js';
import { api } from '../api/client.js';
import type { WorkPlan } from '../api/types.js';
import { useLoad } from '../use-load.js';

/**
 * Whether the plan's content (its activities) may change now, as the API
 * decides it: freely while the plan is drafted or proposed, once adopted only
 * while an amendment is open, never once closed. Undefined until known.
 */
export function usePlanContentEditable(plan: Pick<WorkPlan, 'id' | 'status'>): boolean | undefined {
  const adopted = plan.status === 'approved' || plan.status === 'in_execution';
  const revisions = useLoad(() => (adopted ? api.revisions(plan.id) : Promise.resolve(null)), [plan.id, adopted]);
  if (isPlanEditable(plan.status)) return true;
  if (!adopted) return false;
  if (revisions.state !== 'ready') return undefined;
  return revisions.data?.items.some((r) => r.status === 'open') ?? false;
}
