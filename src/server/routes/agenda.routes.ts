import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as agenda from '../../app/agenda.usecases.js';
import type { AppContext } from '../../app/context.js';
import { listOf, versionSchema } from '../../domain/common.schema.js';
import {
  agendaItemCreateSchema,
  agendaItemPatchSchema,
  agendaItemSchema,
  agendaOrderSchema,
} from '../../domain/session.schema.js';
import { requireActor } from '../auth.js';
import { errorResponses, idParams, ifMatchVersion } from '../http.js';
import { recordsUnder, recordWrite } from '../record-route.js';

export const agendaRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Sessions'];

    app.get(
      '/sessions/:id/agenda',
      recordsUnder({ tags, summary: 'The agenda of a session with its minutes', item: agendaItemSchema }, ctx, agenda.listAgenda),
    );

    app.post(
      '/sessions/:id/agenda/prepare',
      recordsUnder(
        {
          tags,
          summary: 'Carry forward what is still open into the agenda',
          description:
            'Adds every action item still open from earlier sessions, every activity overdue or postponed more than once, and every proposed amendment; preparing again adds only what is new.',
          item: agendaItemSchema,
        },
        ctx,
        agenda.prepareAgenda,
      ),
    );

    app.post(
      '/sessions/:id/agenda',
      recordWrite(
        {
          tags,
          summary: 'Add a free item to the agenda',
          description:
            'Without a label the item takes the session’s classification and compartments and is releasable to every party of the commission; a narrower label is an explicit choice. Added to a held session, it withdraws the minutes approvals given so far.',
          body: agendaItemCreateSchema,
          answer: agendaItemSchema,
          created: true,
        },
        (actor, id, input) => agenda.addAgendaItem(ctx, actor, id, input),
      ),
    );

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
      handler: (req) => agenda.reorderAgendaItems(ctx, requireActor(req), req.params.id, req.body.itemIds),
    });

    app.patch(
      '/agenda-items/:id',
      recordWrite(
        {
          tags,
          summary: 'Change the title, kind, links or marking of an agenda item',
          description:
            'Title, kind and links only before the session is held; changing the kind or links drops the carried-forward facts (`reference`). The marking is changed only by planners of the item’s owner party, also while the session is held (to release an item a party cannot read, so that it can approve the minutes); a change made while the session is held withdraws the minutes approvals given. Give the `version` you read (or an If-Match header).',
          body: agendaItemPatchSchema,
          answer: agendaItemSchema,
        },
        (actor, id, input, req) => agenda.updateAgendaItem(ctx, actor, id, input, ifMatchVersion(req)),
      ),
    );

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
        await agenda.removeAgendaItem(ctx, requireActor(req), req.params.id, req.query.version ?? ifMatchVersion(req));
        return reply.status(204).send(null);
      },
    });
  };
