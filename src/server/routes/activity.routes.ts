import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as activities from '../../app/activity.usecases.js';
import { bulkEditActivities } from '../../app/activity-bulk.usecases.js';
import type { AppContext } from '../../app/context.js';
import * as followUps from '../../app/follow-up.usecases.js';
import { expectedVersion } from '../../app/labels.js';
import {
  activityCreateSchema,
  activityListQuerySchema,
  activityPatchSchema,
  activitySchema,
  activityTransitionSchema,
} from '../../domain/activity.schema.js';
import { activityBulkEditSchema, activityBulkReportSchema } from '../../domain/activity-bulk.schema.js';
import { versionSchema } from '../../domain/common.schema.js';
import { followUpCreateSchema, followUpSchema } from '../../domain/follow-up.schema.js';
import { requireActor } from '../auth.js';
import { errorResponses, idParams, ifMatchVersion } from '../http.js';
import { recordRead, recordsUnder, recordWrite } from '../record-route.js';

/** The option of a change of dates to shift the followers it would leave starting too early. */
const shiftQuery = z
  .object({
    shiftFollowers: z
      .enum(['true', 'false'])
      .optional()
      .describe('true: shift the followers this change of dates leaves starting too early, in the same transaction'),
  })
  .strict();

const shiftOption = (req: FastifyRequest) => ({
  shiftFollowers: (req.query as { shiftFollowers?: string }).shiftFollowers === 'true',
});

const KEEPS_DEPENDENCIES =
  'A change of dates that leaves a follower (among the dependencies the caller may read) starting too early, or this activity starting too early after a predecessor, answers 409 `activity.dependency_violated`, each such activity in `errors` with the days and where a shift would put it; with `shiftFollowers=true` the followers are shifted instead, each under its own rules, and audited (docs/dependencies.md).';

export const activityRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Activities'];

    // Deliberately alike in shape with the follow-ups below: a collection under a record is its list, then its add,
    // each one call of the shared route builders; one builder for the pair was tried and read worse.
    app.get(
      '/plans/:id/activities',
      recordsUnder(
        {
          tags,
          summary: "One page of a plan's activities",
          description:
            'Filters combine; `q` searches titles and descriptions in every language. Pass `nextCursor` back as `cursor` for the next page.',
          query: activityListQuerySchema,
          item: activitySchema,
        },
        ctx,
        activities.listActivities,
      ),
    );

    app.post(
      '/plans/:id/activities',
      recordWrite(
        { tags, summary: 'Add an activity to a plan', body: activityCreateSchema, answer: activitySchema, created: true },
        (actor, id, input) => activities.createActivity(ctx, actor, id, input),
      ),
    );

    app.post('/plans/:id/activities/bulk', {
      schema: {
        tags,
        summary: "Change many of a plan's activities at once",
        description:
          'Chosen by ids, or by the list’s filters (every activity of the plan the caller may read that matches). One lifecycle step, a new lead organisation, a new marking, or a postponement by whole months with one reason. Each activity goes through the rules of its single edit: what they allow is applied and audited, what they refuse is reported with its code, all in one transaction. An activity the caller may not read is reported `activity.not_found`, as one that does not exist. Over 1000 activities answers 422.',
        params: idParams,
        body: activityBulkEditSchema,
        response: { 200: activityBulkReportSchema, ...errorResponses },
      },
      handler: (req) => bulkEditActivities(ctx, requireActor(req), req.params.id, req.body),
    });

    app.get('/activities/:id', recordRead({ tags, summary: 'An activity', answer: activitySchema }, ctx, activities.getActivity));

    const patch = recordWrite(
      {
        tags,
        summary: 'Change an activity',
        description: `Give the \`version\` you read (or an If-Match header); a stale version answers 409. ${KEEPS_DEPENDENCIES}`,
        body: activityPatchSchema,
        answer: activitySchema,
      },
      (actor, id, input, req) => activities.updateActivity(ctx, actor, id, input, ifMatchVersion(req), shiftOption(req)),
    );
    app.patch('/activities/:id', { ...patch, schema: { ...patch.schema, querystring: shiftQuery } });

    app.delete('/activities/:id', {
      schema: {
        tags,
        summary: 'Delete an activity of a plan still in draft',
        description:
          'An activity that has follow-ups, whether or not the caller may read them, is not deleted: 409, cancel it instead. The refusal is audited.',
        params: idParams,
        querystring: z.object({ version: z.coerce.number().pipe(versionSchema).optional() }).strict(),
        response: { 204: z.null(), ...errorResponses },
      },
      handler: async (req, reply) => {
        await activities.deleteActivity(ctx, requireActor(req), req.params.id, req.query.version ?? ifMatchVersion(req));
        return reply.status(204).send(null);
      },
    });

    const transition = recordWrite(
      {
        tags,
        summary: 'Move an activity through its lifecycle',
        description: `proposed → planned → scheduled → conducted → reported; postponed needs a new plannedPeriod and a reason; cancelled needs a reason. Give the \`version\` you read (or an If-Match header); a stale version answers 409. ${KEEPS_DEPENDENCIES} Followers are shifted by being postponed with the same reason.`,
        body: activityTransitionSchema,
        answer: activitySchema,
      },
      (actor, id, input, req) =>
        activities.transitionActivityStatus(
          ctx,
          actor,
          id,
          { ...input, version: expectedVersion(input.version, ifMatchVersion(req)) },
          undefined,
          shiftOption(req),
        ),
    );
    app.post('/activities/:id/transitions', { ...transition, schema: { ...transition.schema, querystring: shiftQuery } });

    app.get(
      '/activities/:id/follow-ups',
      recordsUnder(
        { tags, summary: 'Follow-up log of an activity, newest first', item: followUpSchema },
        ctx,
        followUps.listFollowUps,
      ),
    );

    app.post(
      '/activities/:id/follow-ups',
      recordWrite(
        { tags, summary: 'Add a follow-up entry', body: followUpCreateSchema, answer: followUpSchema, created: true },
        (actor, id, input) => followUps.addFollowUp(ctx, actor, id, input),
      ),
    );
  };
