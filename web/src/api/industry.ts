import type { z } from 'zod';
import type { projectFollowUpCreateSchema } from '../../../src/domain/industrial-follow-up.schema.js';
import type {
  commitmentCreateSchema,
  ProjectMoveInput,
  partnersPutSchema,
  projectCreateSchema,
  projectMilestoneCreateSchema,
  projectMilestonePatchSchema,
  projectPatchSchema,
  transferCreateSchema,
  transferPatchSchema,
} from '../../../src/domain/industrial-project.schema.js';
import { answer, client } from './client.js';

const id = (value: string) => ({ params: { path: { id: value } } });

/** The writes of the industrial projects' pages, loaded with them and not with the sign-in and the dashboard. */
export const industryApi = {
  createProject: (input: z.input<typeof projectCreateSchema>) => answer(client.POST('/api/industrial-projects', { body: input })),
  updateProject: (projectId: string, patch: z.input<typeof projectPatchSchema>) =>
    answer(client.PATCH('/api/industrial-projects/{id}', { ...id(projectId), body: patch })),
  moveProject: (projectId: string, input: ProjectMoveInput) =>
    answer(client.POST('/api/industrial-projects/{id}/transitions', { ...id(projectId), body: input })),
  putPartners: (projectId: string, input: z.input<typeof partnersPutSchema>) =>
    answer(client.PUT('/api/industrial-projects/{id}/partners', { ...id(projectId), body: input })),
  addMilestone: (projectId: string, input: z.input<typeof projectMilestoneCreateSchema>) =>
    answer(client.POST('/api/industrial-projects/{id}/milestones', { ...id(projectId), body: input })),
  updateMilestone: (projectId: string, milestoneId: string, input: z.input<typeof projectMilestonePatchSchema>) =>
    answer(
      client.PATCH('/api/industrial-projects/{id}/milestones/{milestoneId}', {
        params: { path: { id: projectId, milestoneId } },
        body: input,
      }),
    ),
  addTransfer: (projectId: string, input: z.input<typeof transferCreateSchema>) =>
    answer(client.POST('/api/industrial-projects/{id}/transfers', { ...id(projectId), body: input })),
  updateTransfer: (projectId: string, transferId: string, input: z.input<typeof transferPatchSchema>) =>
    answer(
      client.PATCH('/api/industrial-projects/{id}/transfers/{transferId}', {
        params: { path: { id: projectId, transferId } },
        body: input,
      }),
    ),
  addCommitment: (projectId: string, input: z.input<typeof commitmentCreateSchema>) =>
    answer(client.POST('/api/industrial-projects/{id}/commitments', { ...id(projectId), body: input })),
  followUps: (projectId: string) => answer(client.GET('/api/industrial-projects/{id}/follow-ups', id(projectId))),
  addFollowUp: (projectId: string, input: z.input<typeof projectFollowUpCreateSchema>) =>
    answer(client.POST('/api/industrial-projects/{id}/follow-ups', { ...id(projectId), body: input })),
};
