import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import * as sources from '../../app/source.usecases.js';
import { idSchema, limitSchema, listOf } from '../../domain/common.schema.js';
import { SOURCE_KINDS, sourceCreateSchema, sourceSchema } from '../../domain/source.schema.js';
import { requireActor } from '../auth.js';
import { errorResponses } from '../http.js';
import { recordCreateAndRead } from '../record-route.js';

const sourceListQuerySchema = z
  .object({
    kind: z.enum(SOURCE_KINDS).optional(),
    cursor: idSchema.optional().describe('`nextCursor` of the previous page'),
    limit: limitSchema,
  })
  .strict();

export const sourceRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Sources'];

    app.get('/sources', {
      schema: {
        tags,
        summary: 'Sources the caller may read',
        querystring: sourceListQuerySchema,
        response: { 200: listOf(sourceSchema), ...errorResponses },
      },
      handler: (req) => sources.listSources(ctx, requireActor(req), req.query),
    });

    recordCreateAndRead(app, ctx, {
      path: '/sources',
      tags,
      answer: sourceSchema,
      create: {
        summary: 'Record a source (press article, minutes, document)',
        body: sourceCreateSchema,
        run: (actor, input) => sources.createSource(ctx, actor, input),
      },
      read: { summary: 'A source', run: sources.getSource },
    });
  };
