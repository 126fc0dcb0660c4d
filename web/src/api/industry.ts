import type { ProjectMoveInput } from '../../../src/domain/industrial-project.schema.js';
import { answer, client } from './client.js';

const id = (value: string) => ({ params: { path: { id: value } } });

/** The writes of an industrial project's page, loaded with it and not with the sign-in and the dashboard. */
export const industryApi = {
  moveProject: (projectId: string, input: ProjectMoveInput) =>
    answer(client.POST('/api/industrial-projects/{id}/transitions', { ...id(projectId), body: input })),
};
