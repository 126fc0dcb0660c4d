import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { addFollowUpToProject, listFollowUpsOfProject } from '../../app/industrial-follow-up.usecases.js';
import {
  addCommitment,
  addProjectMeasurement,
  addProjectMilestone,
  addTransfer,
  createProject,
  getProject,
  getProjectHistory,
  getProjectMeasurements,
  listProjects,
  moveProject,
  putPartners,
  updateCommitmentOf,
  updateProject,
  updateProjectMilestone,
  updateTransfer,
} from '../../app/industrial-project.usecases.js';
import { projectsDashboard } from '../../app/industrial-project-dashboard.usecases.js';
import { idSchema, listOf } from '../../domain/common.schema.js';
import { projectFollowUpCreateSchema, projectFollowUpSchema } from '../../domain/industrial-follow-up.schema.js';
import { projectDashboardQuerySchema, projectDashboardSchema } from '../../domain/industrial-project.dashboard.js';
import { measurementCreateSchema, projectMeasurementsSchema } from '../../domain/industrial-project.measure.js';
import {
  commitmentCreateSchema,
  commitmentPatchSchema,
  commitmentSchema,
  partnersPutSchema,
  projectCreateSchema,
  projectHistorySchema,
  projectListQuerySchema,
  projectMilestoneCreateSchema,
  projectMilestonePatchSchema,
  projectMoveSchema,
  projectPatchSchema,
  projectSchema,
  projectSummarySchema,
  transferCreateSchema,
  transferPatchSchema,
} from '../../domain/industrial-project.schema.js';
import { requireActor } from '../auth.js';
import { errorResponses, idParams, ifMatchVersion, sendRecord } from '../http.js';
import { type RouteDoc, recordPartWrite } from '../record-route.js';

const milestoneParams = z.object({ id: idSchema, milestoneId: idSchema }).strict();
const transferParams = z.object({ id: idSchema, transferId: idSchema }).strict();
const commitmentParams = z.object({ id: idSchema, commitmentId: idSchema }).strict();

const NOT_READABLE = 'A project you may not read answers 404, exactly as one that does not exist, to reads and writes alike.';

export const industrialProjectRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Industrial projects'];

    app.get('/industrial-projects', {
      schema: {
        tags,
        summary: 'One page of the industrial projects you may read',
        description:
          'Newest first (creation time, then id). Filters combine: `status`, `kind`, `owner` (the owner party), `programmeId` (projects that come from that programme). Pass `nextCursor` back as `cursor` for the next page; `limit` is 50 by default, at most 500.',
        querystring: projectListQuerySchema,
        response: { 200: listOf(projectSummarySchema), ...errorResponses },
      },
      handler: (req) => listProjects(ctx, requireActor(req), req.query),
    });

    app.get('/industrial-projects/progress', {
      schema: {
        tags,
        summary: 'How the industrial projects you may read stand, for the dashboard',
        description:
          'Counts of the projects you may read that are on time, late, not started and done as of `asOf` (today by default), and the execution rate of their due milestones (closed projects left out of the rate), measured as activities are. A project you may not read counts nowhere.',
        querystring: projectDashboardQuerySchema,
        response: { 200: projectDashboardSchema, ...errorResponses },
      },
      handler: (req) => projectsDashboard(ctx, requireActor(req), req.query),
    });

    app.post('/industrial-projects', {
      schema: {
        tags,
        summary: 'Propose an industrial project',
        description:
          'The project starts as proposed. Its partners carry a role and a cost share in percent (decimal strings with at most two decimals, kept exactly in basis points) that add up to exactly 100; the budget is a decimal string in its currency. `programmeIds` names the programmes (and so contracts) it comes from, among those you may read. Planners only; the project is owned by your party and labelled like every record.',
        body: projectCreateSchema,
        response: { 201: projectSchema, ...errorResponses },
      },
      handler: async (req, reply) => sendRecord(reply, await createProject(ctx, requireActor(req), req.body), 201),
    });

    app.get('/industrial-projects/:id', {
      schema: {
        tags,
        summary: 'An industrial project with its partners, milestones, transfers and progress',
        description: `Each partner shows the commitments you may read: a commitment is owned by the partner's party, so that party's readers see all of theirs (within their clearance and compartments) and others see those released to them. Progress is computed as of today. ${NOT_READABLE}`,
        params: idParams,
        response: { 200: projectSchema, ...errorResponses },
      },
      handler: async (req, reply) => sendRecord(reply, await getProject(ctx, requireActor(req), req.params.id)),
    });

    app.get('/industrial-projects/:id/history', {
      schema: {
        tags,
        summary: "An industrial project's history: its moves, and every change you may read",
        description: `\`events\` are the project's moves, oldest first, with who, when and why. \`items\` tell, newest first (the latest 500), the moves and every other audited change of the project: its fields and label, partners and shares, milestones and transfer items added or changed, measurements, and its partners' commitments; each with who (user and party), when, the part of the project it is about (\`subject\`) and the fields changed with their values before and after. Each change is shown only if you may read its audit entry's label: a change of a commitment that is not released to you is absent, as are changes made while the project was marked higher than you may read. ${NOT_READABLE}`,
        params: idParams,
        response: { 200: projectHistorySchema, ...errorResponses },
      },
      handler: (req) => getProjectHistory(ctx, requireActor(req), req.params.id),
    });

    app.get('/industrial-projects/:id/measurements', {
      schema: {
        tags,
        summary: "An industrial project's jobs created and local content reached, measurement by measurement",
        description: `Each change of the jobs created or the local content reached is kept as a dated measurement: its value, the day it holds as of, who recorded it, how it came (added as a measurement, with the project created or edited, or carried in from before measurements were kept) and a note. Oldest first, by as-of day then recording; the last of each is the project's figure. Read under the project's label. ${NOT_READABLE}`,
        params: idParams,
        response: { 200: projectMeasurementsSchema, ...errorResponses },
      },
      handler: async (req, reply) => sendRecord(reply, await getProjectMeasurements(ctx, requireActor(req), req.params.id)),
    });

    app.get('/industrial-projects/:id/follow-ups', {
      schema: {
        tags,
        summary: "An industrial project's follow-ups, newest first",
        description: `The notes and reports you may read: each is a record of its own, read by who may read it and its project. ${NOT_READABLE}`,
        params: idParams,
        response: { 200: listOf(projectFollowUpSchema), ...errorResponses },
      },
      handler: (req) => listFollowUpsOfProject(ctx, requireActor(req), req.params.id),
    });

    app.post('/industrial-projects/:id/follow-ups', {
      schema: {
        tags,
        summary: 'Add a follow-up to an industrial project',
        description: `A note or report, as activities take them: contributors and planners of the project's owner party or of a partner's party. It is owned by your party, labelled like the project unless you say otherwise, and always released to the project's owner. ${NOT_READABLE}`,
        params: idParams,
        body: projectFollowUpCreateSchema,
        response: { 201: projectFollowUpSchema, ...errorResponses },
      },
      handler: async (req, reply) =>
        sendRecord(reply, await addFollowUpToProject(ctx, requireActor(req), req.params.id, req.body), 201),
    });

    /** A write by a planner of the project's owner party that answers the whole project, its version as the ETag. */
    const projectWrite = <P extends z.ZodType, B extends z.ZodType>(
      {
        method,
        url,
        status,
        description,
        ...doc
      }: Omit<RouteDoc, 'tags'> & { method: 'POST' | 'PUT' | 'PATCH'; url: string; status: 200 | 201; params: P; body: B },
      run: Parameters<typeof recordPartWrite<P, typeof projectSchema, B>>[1],
    ) => {
      const route = {
        tags,
        ...doc,
        description: `${description} ${NOT_READABLE}`,
        answer: projectSchema,
        created: status === 201,
      };
      return app.route({ method, url, ...recordPartWrite(route, run) });
    };

    projectWrite(
      {
        method: 'PATCH',
        url: '/industrial-projects/:id',
        status: 200,
        summary: 'Change an industrial project: title, kind, site, budget, jobs, local content, label, programme links',
        description:
          'Give the `version` you read (or an If-Match header); a stale version answers 409. Programme links are the whole set among the programmes you may read; links to others are kept. A closed project no longer changes.',
        params: idParams,
        body: projectPatchSchema,
      },
      (w) => updateProject(ctx, w.actor, w.params.id, w.body, w.ifMatch()),
    );

    projectWrite(
      {
        method: 'POST',
        url: '/industrial-projects/:id/transitions',
        status: 200,
        summary: 'Move an industrial project along its lifecycle',
        description:
          'proposed → agreed → under_construction → operating → closed. `suspended` from agreed, under construction or operating, with a `reason`; a suspended project resumes to the step it was suspended from. Closing a project that is not operating abandons it and needs a `reason`. Each move is kept in the history with who, when and why. Give the `version` you read (or an If-Match header): a move without one is refused (`request.version_required`), a stale one answers 409.',
        params: idParams,
        body: projectMoveSchema,
      },
      (w) => moveProject(ctx, w.actor, w.params.id, w.body, w.ifMatch()),
    );

    projectWrite(
      {
        method: 'PUT',
        url: '/industrial-projects/:id/partners',
        status: 200,
        summary: "Set an industrial project's partners, roles and cost shares",
        description:
          'The whole list, in order: a partner kept is named by its `id` (and keeps its party), a new one has none, one left out leaves with its commitments. The shares add up to exactly 100. Give the `version` you read (or an If-Match header): a write without one is refused (`request.version_required`), a stale one answers 409.',
        params: idParams,
        body: partnersPutSchema,
      },
      (w) => putPartners(ctx, w.actor, w.params.id, w.body, w.ifMatch()),
    );

    projectWrite(
      {
        method: 'POST',
        url: '/industrial-projects/:id/milestones',
        status: 201,
        summary: 'Plan a milestone: groundbreaking, first article, rate production or a local-content target',
        description:
          'A local-content target carries the share aimed at (`target`), and only it. Give the `version` you read (or an If-Match header): a write without one is refused (`request.version_required`), a stale one answers 409.',
        params: idParams,
        body: projectMilestoneCreateSchema,
      },
      (w) => addProjectMilestone(ctx, w.actor, w.params.id, w.body, w.ifMatch()),
    );

    projectWrite(
      {
        method: 'PATCH',
        url: '/industrial-projects/:id/milestones/:milestoneId',
        status: 200,
        summary: 'Record when a milestone was reached, or move its planned day',
        description:
          '`actualOn` null says it is not reached (yet); a local-content target also records the share `reached`. `plannedOn` moves the planned day while the milestone is not reached: once it is reached, or in the change that reaches it, the planned day is fixed (`industrial_project.milestone_reached`, 409, the field marked `field.fixed_once_reached`), as its progress is measured against it; record it as not reached first to correct it. Give at least one field (`field.nothing_to_change`). Planners of the owner party; a closed project no longer changes. Each change is audited with the days before and after. Give the `version` you read (or an If-Match header): a write without one is refused (`request.version_required`), a stale one answers 409.',
        params: milestoneParams,
        body: projectMilestonePatchSchema,
      },
      (w) => updateProjectMilestone(ctx, w.actor, w.params.id, w.params.milestoneId, w.body, w.ifMatch()),
    );

    projectWrite(
      {
        method: 'POST',
        url: '/industrial-projects/:id/transfers',
        status: 201,
        summary: 'Plan a technology-transfer item: what, from whom, to whom, when',
        description:
          'The item is accepted later, by the receiver, through its PATCH. Give the `version` you read (or an If-Match header): a write without one is refused (`request.version_required`), a stale one answers 409.',
        params: idParams,
        body: transferCreateSchema,
      },
      (w) => addTransfer(ctx, w.actor, w.params.id, w.body, w.ifMatch()),
    );

    projectWrite(
      {
        method: 'PATCH',
        url: '/industrial-projects/:id/transfers/:transferId',
        status: 200,
        summary: 'Record that a technology-transfer item was accepted, or correct its terms',
        description:
          '`acceptedOn` null withdraws an acceptance recorded by mistake. `what`, `from`, `to` and `plannedOn` correct the terms while the item is not accepted: once accepted, or in the change that accepts it, they are what the receiver accepted and are fixed (`industrial_project.transfer_accepted`, 409, each field marked `field.fixed_once_accepted`); withdraw the acceptance first. Give at least one field (`field.nothing_to_change`). Planners of the owner party; a closed project no longer changes. Each change is audited with the terms before and after. Give the `version` you read (or an If-Match header): a write without one is refused (`request.version_required`), a stale one answers 409.',
        params: transferParams,
        body: transferPatchSchema,
      },
      (w) => updateTransfer(ctx, w.actor, w.params.id, w.params.transferId, w.body, w.ifMatch()),
    );

    projectWrite(
      {
        method: 'POST',
        url: '/industrial-projects/:id/measurements',
        status: 201,
        summary: 'Record the jobs created and/or the local content reached as of a day',
        description:
          "`asOf` is today or before. The project's figures become its latest measurements (of the latest as-of day, the last recorded), so a measurement dated before the latest one is kept in the history without changing them. Planners of the owner party; a closed project no longer changes. Give the `version` you read (or an If-Match header): a write without one is refused (`request.version_required`), a stale one answers 409.",
        params: idParams,
        body: measurementCreateSchema,
      },
      (w) => addProjectMeasurement(ctx, w.actor, w.params.id, w.body, w.ifMatch()),
    );

    app.post('/industrial-projects/:id/commitments', {
      schema: {
        tags,
        summary: "Record a partner's commitment",
        description: `A commitment is a record of its own, owned by the partner's party and labelled by its writer (a planner of that party, or of the project's owner party); the label must let the writer read it. Readers of the project see it if its label releases it to them; the partner's own party always may, within clearance and compartments. ${NOT_READABLE}`,
        params: idParams,
        body: commitmentCreateSchema,
        response: { 201: commitmentSchema, ...errorResponses },
      },
      handler: async (req, reply) => sendRecord(reply, await addCommitment(ctx, requireActor(req), req.params.id, req.body), 201),
    });

    app.patch('/industrial-projects/:id/commitments/:commitmentId', {
      schema: {
        tags,
        summary: "Change a partner's commitment or its label",
        description: `Give the \`version\` you read (or an If-Match header). A commitment you may not read answers 404, as one that does not exist. ${NOT_READABLE}`,
        params: commitmentParams,
        body: commitmentPatchSchema,
        response: { 200: commitmentSchema, ...errorResponses },
      },
      handler: async (req, reply) =>
        sendRecord(
          reply,
          await updateCommitmentOf(ctx, requireActor(req), req.params.id, req.params.commitmentId, req.body, ifMatchVersion(req)),
        ),
    });
  };
