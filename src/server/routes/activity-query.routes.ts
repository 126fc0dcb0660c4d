import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { activityGroups } from '../../app/activity-groups.usecases.js';
import type { AppContext } from '../../app/context.js';
import { createSavedQuery, deleteOwnSavedQuery, savedQueries, updateOwnSavedQuery } from '../../app/saved-query.usecases.js';
import {
  activityGroupsQuerySchema,
  activityGroupsSchema,
  savedQueryCreateSchema,
  savedQueryListSchema,
  savedQueryPatchSchema,
  savedQuerySchema,
} from '../../domain/activity-query.schema.js';
import { requireActor } from '../auth.js';
import { errorResponses, idParams } from '../http.js';
import { recordView } from '../record-route.js';

export const activityQueryRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Activities'];

    app.get(
      '/plans/:id/activity-groups',
      recordView(
        {
          tags,
          summary: "How many of a plan's activities fall in each group",
          description:
            'Grouped by domain, lead party, status or the quarter of the planned start, under the same filters as the list; counted under the read rule, so that an activity the reader may not read is never counted. A plan the reader may not read answers 404.',
          query: activityGroupsQuerySchema,
          answer: activityGroupsSchema,
        },
        ctx,
        activityGroups,
      ),
    );

    app.get('/saved-queries', {
      schema: {
        tags,
        summary: 'Saved queries of the activity table',
        description:
          'The reader’s own saved queries and those shared by users of the reader’s party, by name. A query holds only how the table is looked at (filters, search, sort, columns, grouping); what it finds is read under the reader’s own rule.',
        response: { 200: savedQueryListSchema, ...errorResponses },
      },
      handler: (req) => savedQueries(ctx, requireActor(req)),
    });

    app.post('/saved-queries', {
      schema: {
        tags,
        summary: 'Save a query of the activity table',
        description: 'Its name is unique among the owner’s own queries (409 otherwise). Audited.',
        body: savedQueryCreateSchema,
        response: { 201: savedQuerySchema, ...errorResponses },
      },
      handler: async (req, reply) => reply.status(201).send(await createSavedQuery(ctx, requireActor(req), req.body)),
    });

    app.patch('/saved-queries/:id', {
      schema: {
        tags,
        summary: 'Rename, share or change one’s own saved query',
        description:
          'A query shared by another user of the reader’s party answers 403; one the reader cannot see answers 404, as one that does not exist. Audited.',
        params: idParams,
        body: savedQueryPatchSchema,
        response: { 200: savedQuerySchema, ...errorResponses },
      },
      handler: (req) => updateOwnSavedQuery(ctx, requireActor(req), req.params.id, req.body),
    });

    app.delete('/saved-queries/:id', {
      schema: {
        tags,
        summary: 'Delete one’s own saved query',
        description: 'As for a change: another’s shared query answers 403, one the reader cannot see 404. Audited.',
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
      handler: async (req, reply) => {
        await deleteOwnSavedQuery(ctx, requireActor(req), req.params.id);
        return reply.status(204).send(null);
      },
    });
  };
