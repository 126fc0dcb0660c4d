import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listAudit } from '../../app/audit.usecases.js';
import type { AppContext } from '../../app/context.js';
import { search } from '../../app/search.usecases.js';
import { auditEntrySchema } from '../../domain/audit.schema.js';
import { idSchema, limitSchema, listOf } from '../../domain/common.schema.js';
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

    app.get('/audit', {
      schema: {
        tags: ['Audit'],
        summary: 'The audit log, newest first (security officers)',
        description:
          'Entries about records the reader may read, each with that record’s label (as it stood when the entry was written), and sign-in events of the reader’s own party’s accounts.',
        querystring: z
          .object({ entityId: idSchema.optional(), cursor: z.coerce.number().int().min(1).optional(), limit: limitSchema })
          .strict(),
        response: { 200: listOf(auditEntrySchema), ...errorResponses },
      },
      handler: (req) =>
        listAudit(ctx, requireActor(req), { entityId: req.query.entityId, before: req.query.cursor, limit: req.query.limit }),
    });
  };
