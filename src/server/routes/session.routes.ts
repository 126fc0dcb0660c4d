import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import * as sessions from '../../app/session.usecases.js';
import { sessionPatchSchema, sessionSchema } from '../../domain/commission.schema.js';
import { listOf, versionSchema } from '../../domain/common.schema.js';
import {
  actionItemListQuerySchema,
  actionItemPatchSchema,
  actionItemSchema,
  actionItemTransitionSchema,
  agendaItemCreateSchema,
  agendaItemPatchSchema,
  agendaItemSchema,
  agendaOrderSchema,
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

    app.patch('/sessions/:id', {
      schema: {
        tags,
        summary: 'Correct the dates, place, host or delegations of a session',
        description:
          'Give the `version` you read (or an If-Match header); a stale version answers 409. Once the minutes are approved the record is frozen (409, type `frozen`). Only planners of the commission’s parties.',
        params: idParams,
        body: sessionPatchSchema,
        response: { 200: sessionSchema, ...errorResponses },
      },
      handler: async (req, reply) =>
        sendRecord(reply, await sessions.updateSession(ctx, requireActor(req), req.params.id, req.body, ifMatchVersion(req))),
    });

    app.post('/sessions/:id/transitions', {
      schema: {
        tags,
        summary: 'Move a session along planned → convened → held → minutes_approved',
        description:
          '`to: held` only on or after the session’s first day. `to: minutes_approved` records the approval of the caller’s party, only when every agenda item has an outcome and the caller can read every item (otherwise 400, telling how many items it cannot read: their owner must release or remove them); the minutes are approved once every commission party has. With the `version` read, a session changed meanwhile answers 409; without one, a change made at the same moment (another party’s approval) is read first and this one applied after it.',
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
        description:
          'Without a label the item takes the session’s classification and compartments and is releasable to every party of the commission; a narrower label is an explicit choice. Added to a held session, it withdraws the minutes approvals given so far.',
        params: idParams,
        body: agendaItemCreateSchema,
        response: { 201: agendaItemSchema, ...errorResponses },
      },
      handler: async (req, reply) =>
        sendRecord(reply, await sessions.addAgendaItem(ctx, requireActor(req), req.params.id, req.body), 201),
    });

    app.post('/sessions/:id/agenda/order', {
      schema: {
        tags,
        summary: 'Put the agenda in a new order',
        description:
          'Name every agenda item you can read, once, in the new order; items you cannot read keep their places. An order that does not name exactly the items now on the agenda answers 409. Only before the session is held.',
        params: idParams,
        body: agendaOrderSchema,
        response: { 200: listOf(agendaItemSchema), ...errorResponses },
      },
      handler: (req) => sessions.reorderAgendaItems(ctx, requireActor(req), req.params.id, req.body.itemIds),
    });

    app.patch('/agenda-items/:id', {
      schema: {
        tags,
        summary: 'Change the title, kind, links or marking of an agenda item',
        description:
          'Title, kind and links only before the session is held; changing the kind or links drops the carried-forward facts (`reference`). The marking is changed only by planners of the item’s owner party, also while the session is held (to release an item a party cannot read, so that it can approve the minutes); a change made while the session is held withdraws the minutes approvals given. Give the `version` you read (or an If-Match header).',
        params: idParams,
        body: agendaItemPatchSchema,
        response: { 200: agendaItemSchema, ...errorResponses },
      },
      handler: async (req, reply) =>
        sendRecord(reply, await sessions.updateAgendaItem(ctx, requireActor(req), req.params.id, req.body, ifMatchVersion(req))),
    });

    app.delete('/agenda-items/:id', {
      schema: {
        tags,
        summary: 'Remove an item from the agenda',
        description:
          'Only before the session is held, and only an item without minutes. What it was about is untouched: an open action item stays open and is proposed again at the next preparation.',
        params: idParams,
        querystring: z.object({ version: z.coerce.number().pipe(versionSchema).optional() }).strict(),
        response: { 204: z.null(), ...errorResponses },
      },
      handler: async (req, reply) => {
        await sessions.removeAgendaItem(ctx, requireActor(req), req.params.id, req.query.version ?? ifMatchVersion(req));
        return reply.status(204).send(null);
      },
    });

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

    app.patch('/action-items/:id', {
      schema: {
        tags,
        summary: 'Correct the title, responsible party and organisation, due date or links of an action item',
        description:
          'Planners of the party that recorded it or of the responsible party. A done or dropped item is closed (409, type `frozen`). Give the `version` you read (or an If-Match header).',
        params: idParams,
        body: actionItemPatchSchema,
        response: { 200: actionItemSchema, ...errorResponses },
      },
      handler: async (req, reply) =>
        sendRecord(reply, await sessions.updateActionItem(ctx, requireActor(req), req.params.id, req.body, ifMatchVersion(req))),
    });

    app.post('/action-items/:id/transitions', {
      schema: {
        tags,
        summary: 'Move an action item along open → in_progress → done | dropped',
        description:
          'Dropping needs a reason. With the `version` read, an action item moved meanwhile answers 409; without one, a move made at the same moment is read first, and this one applies only if it is still allowed from there (otherwise 400).',
        params: idParams,
        body: actionItemTransitionSchema,
        response: { 200: actionItemSchema, ...errorResponses },
      },
      handler: async (req, reply) =>
        sendRecord(reply, await sessions.transitionActionItemStatus(ctx, requireActor(req), req.params.id, req.body)),
    });
  };
