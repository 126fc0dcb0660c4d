import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as commissions from '../../app/commission.usecases.js';
import type { AppContext } from '../../app/context.js';
import { listParties } from '../../app/party.usecases.js';
import { commissionCreateSchema, commissionSchema, sessionCreateSchema, sessionSchema } from '../../domain/commission.schema.js';
import { listOf } from '../../domain/common.schema.js';
import { partySchema } from '../../domain/party.schema.js';
import { requireActor } from '../auth.js';
import { errorResponses, idParams, sendRecord } from '../http.js';

export const commissionRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Commissions'];

    app.get('/parties', {
      schema: { tags, summary: 'Parties of this installation', response: { 200: listOf(partySchema), ...errorResponses } },
      handler: (req) => {
        requireActor(req);
        return listParties(ctx);
      },
    });

    app.get('/commissions', {
      schema: {
        tags,
        summary: 'Commissions the caller may read',
        response: { 200: listOf(commissionSchema), ...errorResponses },
      },
      handler: (req) => commissions.listCommissions(ctx, requireActor(req)),
    });

    app.post('/commissions', {
      schema: {
        tags,
        summary: 'Create a joint commission',
        body: commissionCreateSchema,
        response: { 201: commissionSchema, ...errorResponses },
      },
      handler: async (req, reply) => sendRecord(reply, await commissions.createCommission(ctx, requireActor(req), req.body), 201),
    });

    app.get('/commissions/:id', {
      schema: { tags, summary: 'A commission', params: idParams, response: { 200: commissionSchema, ...errorResponses } },
      handler: async (req, reply) => sendRecord(reply, await commissions.getCommission(ctx, requireActor(req), req.params.id)),
    });

    app.get('/commissions/:id/sessions', {
      schema: {
        tags,
        summary: 'Sessions of a commission',
        params: idParams,
        response: { 200: listOf(sessionSchema), ...errorResponses },
      },
      handler: (req) => commissions.listSessions(ctx, requireActor(req), req.params.id),
    });

    app.post('/commissions/:id/sessions', {
      schema: {
        tags,
        summary: 'Record a session of a commission',
        description:
          'A number already held by a session the caller can read answers 409; one held only by sessions the caller cannot read is accepted, since numbers are unique per label (docs/polyinstantiation.md).',
        params: idParams,
        body: sessionCreateSchema,
        response: { 201: sessionSchema, ...errorResponses },
      },
      handler: async (req, reply) =>
        sendRecord(reply, await commissions.createSession(ctx, requireActor(req), req.params.id, req.body), 201),
    });
  };
