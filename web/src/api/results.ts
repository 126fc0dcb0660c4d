import { answer, client } from './client.js';
import type { ObjectiveCreate } from './types.js';

const id = (value: string) => ({ params: { path: { id: value } } });

/**
 * The calls only the plan's results view makes, kept out of the module that
 * sign-in and the dashboard load, so that their scripts stay within budget.
 */
export const resultsApi = {
  createObjective: (planId: string, input: ObjectiveCreate) =>
    answer(client.POST('/api/plans/{id}/objectives', { ...id(planId), body: input })),
};
