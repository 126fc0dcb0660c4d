import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { createDependency, deleteDependency, listDependencies } from '../../app/dependency.usecases.js';
import { idSchema, versionSchema } from '../../domain/common.schema.js';
import { dependencyCreateSchema, dependencyListSchema, dependencySchema } from '../../domain/dependency.schema.js';
import { requireActor } from '../auth.js';
import { errorResponses, idParams, ifMatchVersion } from '../http.js';
import { recordWrite } from '../record-route.js';

export const dependencyRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Activities'];

    app.get('/plans/:id/dependencies', {
      schema: {
        tags,
        summary: "The dependencies between a plan's activities",
        description:
          'Only those both of whose activities the caller may read: a dependency to an activity the caller may not read is neither listed nor counted. With `activityId`, only those that activity comes after or that come after it (an activity the caller may not read has none). `violated` tells a successor that starts too early (docs/dependencies.md).',
        params: idParams,
        querystring: z.object({ activityId: idSchema.optional() }).strict(),
        response: { 200: dependencyListSchema, ...errorResponses },
      },
      handler: (req) => listDependencies(ctx, requireActor(req), req.params.id, req.query),
    });

    app.post(
      '/plans/:id/dependencies',
      recordWrite(
        {
          tags,
          summary: 'Make one activity of the plan follow another (finish to start, with a lag in days)',
          description:
            'Written by the planners who may change the successor; no amendment is needed once the plan is adopted. An activity the caller may not read, or of another plan, answers 404 `activity.not_found`. A dependency to itself, a second one between the same activities, and one that would close a loop are refused. Audited.',
          body: dependencyCreateSchema,
          answer: dependencySchema,
          created: true,
        },
        (actor, id, input) => createDependency(ctx, actor, id, input),
      ),
    );

    app.delete('/dependencies/:id', {
      schema: {
        tags,
        summary: 'Remove a dependency',
        description: 'Give the `version` you read (or an If-Match header). Audited.',
        params: idParams,
        querystring: z.object({ version: z.coerce.number().pipe(versionSchema).optional() }).strict(),
        response: { 204: z.null(), ...errorResponses },
      },
      handler: async (req, reply) => {
        await deleteDependency(ctx, requireActor(req), req.params.id, req.query.version ?? ifMatchVersion(req));
        return reply.status(204).send(null);
      },
    });
  };
