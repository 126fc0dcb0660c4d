import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app/context.js';
import { createObjective, listObjectives } from '../../app/objective.usecases.js';
import { listOf } from '../../domain/common.schema.js';
import { objectiveCreateSchema, objectiveSchema } from '../../domain/objective.schema.js';
import { requireActor } from '../auth.js';
import { errorResponses, idParams, sendRecord } from '../http.js';

export const objectiveRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Work plans'];

    app.get('/plans/:id/objectives', {
      schema: {
        tags,
        summary: 'Objectives of a plan',
        params: idParams,
        response: { 200: listOf(objectiveSchema), ...errorResponses },
      },
      handler: (req) => listObjectives(ctx, requireActor(req), req.params.id),
    });

    app.post('/plans/:id/objectives', {
      schema: {
        tags,
        summary: 'Add an objective to a plan, linked to the activities that serve it',
        params: idParams,
        body: objectiveCreateSchema,
        response: { 201: objectiveSchema, ...errorResponses },
      },
      handler: async (req, reply) =>
        sendRecord(reply, await createObjective(ctx, requireActor(req), req.params.id, req.body), 201),
    });
  };
