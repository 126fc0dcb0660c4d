import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { activityHistory } from '../../app/activity-history.usecases.js';
import type { AppContext } from '../../app/context.js';
import { activityHistorySchema } from '../../domain/activity-history.schema.js';
import { requireActor } from '../auth.js';
import { errorResponses, idParams } from '../http.js';

export const activityHistoryRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/activities/:id/history', {
      schema: {
        tags: ['Activities'],
        summary: "An activity's history",
        description:
          'Status changes and other recorded changes, newest first, for every reader of the activity (the full audit log is for security officers).',
        params: idParams,
        response: { 200: activityHistorySchema, ...errorResponses },
      },
      handler: (req) => activityHistory(ctx, requireActor(req), req.params.id),
    });
  };
