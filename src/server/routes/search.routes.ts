import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app/context.js';
import { search } from '../../app/search.usecases.js';
import { listOf } from '../../domain/common.schema.js';
import { searchHitSchema, searchQuerySchema } from '../../domain/search.schema.js';
import { requireActor } from '../auth.js';
import { errorResponses } from '../http.js';

export const searchRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/search', {
      schema: {
        tags: ['Search'],
        summary: 'Full-text search over activities and follow-ups',
        description:
          'French, English, Arabic and Hebrew; accents and vowel marks are ignored; the last word matches as a prefix.',
        querystring: searchQuerySchema,
        response: { 200: listOf(searchHitSchema), ...errorResponses },
      },
      handler: (req) => search(ctx, requireActor(req), req.query.q, req.query.limit),
    });
  };
