import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { createObjective, deleteObjective, listObjectives, updateObjective } from '../../app/objective.usecases.js';
import { versionSchema } from '../../domain/common.schema.js';
import { objectiveCreateSchema, objectivePatchSchema, objectiveSchema } from '../../domain/objective.schema.js';
import { requireActor } from '../auth.js';
import { errorResponses, idParams, ifMatchVersion } from '../http.js';
import { recordsUnder, recordWrite } from '../record-route.js';

export const objectiveRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Work plans'];

    app.get(
      '/plans/:id/objectives',
      recordsUnder({ tags, summary: 'Objectives of a plan', item: objectiveSchema }, ctx, listObjectives),
    );

    app.post(
      '/plans/:id/objectives',
      recordWrite(
        {
          tags,
          summary: 'Add an objective to a plan, linked to the activities that serve it',
          body: objectiveCreateSchema,
          answer: objectiveSchema,
          created: true,
        },
        (actor, id, input) => createObjective(ctx, actor, id, input),
      ),
    );

    app.patch(
      '/objectives/:id',
      recordWrite(
        {
          tags,
          summary: 'Change an objective: title, description, label, linked activities',
          description:
            'Give the `version` you read (or an If-Match header); a stale version answers 409. `activityIds` is the whole set of linked activities among those you may read: links to activities you may not read are kept. An activity of another plan, or one you may not read, is refused as unknown.',
          body: objectivePatchSchema,
          answer: objectiveSchema,
        },
        (actor, id, input, req) => updateObjective(ctx, actor, id, input, ifMatchVersion(req)),
      ),
    );

    app.delete('/objectives/:id', {
      schema: {
        tags,
        summary: 'Delete an objective, its activity links and its indicators',
        description:
          'Refused (409) while one of its indicators has a measurement that counts: withdraw those first, each with its reason. Indicators without measurements are deleted with the objective. Give the `version` you read (or an If-Match header).',
        params: idParams,
        querystring: z.object({ version: z.coerce.number().pipe(versionSchema).optional() }).strict(),
        response: { 204: z.null(), ...errorResponses },
      },
      handler: async (req, reply) => {
        await deleteObjective(ctx, requireActor(req), req.params.id, req.query.version ?? ifMatchVersion(req));
        return reply.status(204).send(null);
      },
    });
  };
