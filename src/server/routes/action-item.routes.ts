import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as actionItems from '../../app/action-item.usecases.js';
import type { AppContext } from '../../app/context.js';
import {
  actionItemListQuerySchema,
  actionItemPatchSchema,
  actionItemSchema,
  actionItemTransitionSchema,
} from '../../domain/session.schema.js';
import { ifMatchVersion } from '../http.js';
import { recordsUnder, recordWrite } from '../record-route.js';

export const actionItemRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Sessions'];

    app.get(
      '/commissions/:id/action-items',
      recordsUnder(
        {
          tags,
          summary: 'Action items of a commission, soonest due first',
          query: actionItemListQuerySchema,
          item: actionItemSchema,
        },
        ctx,
        actionItems.listActionItems,
      ),
    );

    app.patch(
      '/action-items/:id',
      recordWrite(
        {
          tags,
          summary: 'Correct the title, responsible party and organisation, due date or links of an action item',
          description:
            'Planners of the party that recorded it or of the responsible party. A done or dropped item is closed (409, type `frozen`). Give the `version` you read (or an If-Match header).',
          body: actionItemPatchSchema,
          answer: actionItemSchema,
        },
        (actor, id, input, req) => actionItems.updateActionItem(ctx, actor, id, input, ifMatchVersion(req)),
      ),
    );

    app.post(
      '/action-items/:id/transitions',
      recordWrite(
        {
          tags,
          summary: 'Move an action item along open → in_progress → done | dropped',
          description:
            'Dropping needs a reason. With the `version` read, an action item moved meanwhile answers 409; without one, a move made at the same moment is read first, and this one applies only if it is still allowed from there (otherwise 400).',
          body: actionItemTransitionSchema,
          answer: actionItemSchema,
        },
        (actor, id, input) => actionItems.transitionActionItemStatus(ctx, actor, id, input),
      ),
    );
  };
