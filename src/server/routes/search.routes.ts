import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app/context.js';
import { search } from '../../app/search.usecases.js';
import { searchQuerySchema, searchResultSchema } from '../../domain/search.schema.js';
import { requireActor } from '../auth.js';
import { errorResponses } from '../http.js';

export const searchRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/search', {
      schema: {
        tags: ['Search'],
        summary: 'Full-text search over every kind of record the reader may read, grouped by kind',
        description:
          'Activities, follow-ups, programmes, sessions, agenda items, minutes, decisions and action items. French, English, Arabic and Hebrew: a word finds its other forms (French and English stems, Arabic light stemming, Hebrew prefix letters); accents and vowel marks are ignored; the last word also matches as a prefix. A record the reader may not read is neither listed nor counted.',
        querystring: searchQuerySchema,
        response: { 200: searchResultSchema, ...errorResponses },
      },
      handler: (req) => search(ctx, requireActor(req), req.query.q, req.query.limit),
    });
  };
