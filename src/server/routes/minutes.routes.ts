import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import * as minutes from '../../app/minutes.usecases.js';
import { actionItemSchema, agendaItemSchema, minutesInputSchema } from '../../domain/session.schema.js';
import { requireActor } from '../auth.js';
import { errorResponses, idParams, ifMatchVersion } from '../http.js';

export const minutesRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Sessions'];

    app.put('/agenda-items/:id/minutes', {
      schema: {
        tags,
        summary: 'Record the minutes of an agenda item, with the action items its decisions create',
        description:
          'The minutes say what came of the item (`outcome`: decision, noted or deferred; a decision when decisions are written and none is given, else noted). Recording minutes of a held session withdraws the minutes approvals given so far: each party approves the minutes as they stand.',
        params: idParams,
        body: minutesInputSchema,
        response: { 200: z.object({ agendaItem: agendaItemSchema, actionItems: z.array(actionItemSchema) }), ...errorResponses },
      },
      handler: (req) => minutes.recordMinutes(ctx, requireActor(req), req.params.id, req.body, ifMatchVersion(req)),
    });
  };
