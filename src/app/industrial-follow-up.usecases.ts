import type { ProjectFollowUp, ProjectFollowUpCreate } from '../domain/industrial-follow-up.schema.js';
import { problem } from '../domain/problems.js';
import { insertProjectFollowUp, listProjectFollowUps } from '../store/industrial-follow-up.repo.js';
import { findReadableProject, partnersOf } from '../store/industrial-project.repo.js';
import { inTransaction } from '../store/tx.js';
import { type Actor, type AppContext, isoNow } from './context.js';
import { type FollowUpColumns, writeFollowUp } from './follow-up.usecases.js';
import { assertCanFollowUp } from './policy.js';

// Follow-ups of industrial projects, as activities take them. A project the
// actor may not read answers 404 to reads and writes alike.

/** The follow-ups of a project one may read, newest first. */
export async function listFollowUpsOfProject(ctx: AppContext, actor: Actor, projectId: string) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  if (!(await findReadableProject(ctx.db, codec, reader, projectId))) throw problem('industrial_project.not_found');
  return { items: await listProjectFollowUps(ctx.db, codec, reader, projectId), nextCursor: null };
}

/**
 * Adds a note or report to a project: contributors and planners of the
 * project's owner party or of a partner's party. Owned by the writer's party,
 * labelled like the project unless said otherwise, and always released to the
 * project's owner, as an activity's follow-ups are.
 */
export async function addFollowUpToProject(
  ctx: AppContext,
  actor: Actor,
  projectId: string,
  input: ProjectFollowUpCreate,
): Promise<ProjectFollowUp> {
  const codec = await ctx.codec();
  return inTransaction(ctx.db, async (trx) => {
    const project = await findReadableProject(trx, codec, codec.reader(actor), projectId);
    if (!project) throw problem('industrial_project.not_found');
    const owner = project.label.ownerParty;
    const parties = (await partnersOf(trx, projectId)).map((p) => p.party);
    assertCanFollowUp(actor, { leadParty: owner, ownerParty: owner, participatingParties: parties });
    // A closed project no longer changes, its follow-ups included, as its commitments and milestones.
    if (project.status === 'closed') throw problem('industrial_project.closed');
    const insert = (row: FollowUpColumns) => insertProjectFollowUp(trx, codec, { ...row, project_id: projectId }, actor.party);
    return writeFollowUp(trx, codec, actor, isoNow(ctx), input, project.label, insert, {
      action: 'industrial_project.follow_up',
      entityType: 'industrial_follow_up',
      detail: { projectId, kind: input.kind },
    });
  });
}
