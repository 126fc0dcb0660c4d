import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import * as sources from '../../app/source.usecases.js';
import { idSchema, limitSchema } from '../../domain/common.schema.js';
import { SOURCE_KINDS, sourceCreateSchema, sourceSchema } from '../../domain/source.schema.js';
import { recordCollection } from '../record-route.js';

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

    recordCollection(app, ctx, {
      path: '/sources',
      tags,
      answer: sourceSchema,
      list: { summary: 'Sources the caller may read', query: sourceListQuerySchema, run: sources.listSources },
      create: {
        summary: 'Record a source (press article, minutes, document)',
        body: sourceCreateSchema,
        run: sources.createSource,
      },
      read: { summary: 'A source', run: sources.getSource },
    });
  };
