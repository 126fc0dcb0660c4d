import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import * as sessions from '../../app/session.usecases.js';
import { sessionSchema } from '../../domain/commission.schema.js';
import { listOf } from '../../domain/common.schema.js';
import {
  actionItemListQuerySchema,
  actionItemSchema,
  actionItemTransitionSchema,
  agendaItemCreateSchema,
  agendaItemSchema,
  minutesInputSchema,
  sessionTransitionSchema,
} from '../../domain/session.schema.js';
import { requireActor } from '../auth.js';
import { errorResponses, idParams, ifMatchVersion, sendRecord } from '../http.js';

export const sessionRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Sessions'];

    app.get('/sessions/:id', {
      schema: {
        tags,
        summary: 'A session with the approvals of its minutes',
        params: idParams,
        response: { 200: sessionSchema, ...errorResponses },
      },
      handler: async (req, reply) => sendRecord(reply, await sessions.getSession(ctx, requireActor(req), req.params.id)),
    });

    app.post('/sessions/:id/transitions', {
      schema: {
        tags,
        summary: 'Move a session along planned → convened → held → minutes_approved',
        description:
          '`to: minutes_approved` records the approval of the caller’s party; the minutes are approved once every commission party has.',
        params: idParams,
        body: sessionTransitionSchema,
        response: { 200: sessionSchema, ...errorResponses },
      },
      handler: async (req, reply) =>
        sendRecord(reply, await sessions.transitionSessionStatus(ctx, requireActor(req), req.params.id, req.body)),
    });

    app.get('/sessions/:id/agenda', {
      schema: {
        tags,
        summary: 'The agenda of a session with its minutes',
        params: idParams,
        response: { 200: listOf(agendaItemSchema), ...errorResponses },
      },
      handler: (req) => sessions.listAgenda(ctx, requireActor(req), req.params.id),
    });

    app.post('/sessions/:id/agenda/prepare', {
      schema: {
        tags,
        summary: 'Carry forward what is still open into the agenda',
        description:
          'Adds every action item still open from earlier sessions, every activity overdue or postponed more than once, and every proposed amendment; preparing again adds only what is new.',
        params: idParams,
        response: { 200: listOf(agendaItemSchema), ...errorResponses },
      },
      handler: (req) => sessions.prepareAgenda(ctx, requireActor(req), req.params.id),
    });

    app.post('/sessions/:id/agenda', {
      schema: {
        tags,
        summary: 'Add a free item to the agenda',
        params: idParams,
        body: agendaItemCreateSchema,
        response: { 201: agendaItemSchema, ...errorResponses },
      },
      handler: async (req, reply) =>
        sendRecord(reply, await sessions.addAgendaItem(ctx, requireActor(req), req.params.id, req.body), 201),
    });

    app.put('/agenda-items/:id/minutes', {
      schema: {
        tags,
        summary: 'Record the minutes of an agenda item, with the action items its decisions create',
        params: idParams,
        body: minutesInputSchema,
        response: { 200: z.object({ agendaItem: agendaItemSchema, actionItems: z.array(actionItemSchema) }), ...errorResponses },
      },
      handler: (req) => sessions.recordMinutes(ctx, requireActor(req), req.params.id, req.body, ifMatchVersion(req)),
    });

    app.get('/commissions/:id/action-items', {
      schema: {
        tags,
        summary: 'Action items of a commission, soonest due first',
        params: idParams,
        querystring: actionItemListQuerySchema,
        response: { 200: listOf(actionItemSchema), ...errorResponses },
      },
      handler: (req) => sessions.listActionItems(ctx, requireActor(req), req.params.id, req.query),
    });

    app.post('/action-items/:id/transitions', {
      schema: {
        tags,
        summary: 'Move an action item along open → in_progress → done | dropped',
        description: 'Dropping needs a reason.',
        params: idParams,
        body: actionItemTransitionSchema,
        response: { 200: actionItemSchema, ...errorResponses },
      },
      handler: async (req, reply) =>
        sendRecord(reply, await sessions.transitionActionItemStatus(ctx, requireActor(req), req.params.id, req.body)),
    });
  };
