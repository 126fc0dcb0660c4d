import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app/context.js';
import * as sessions from '../../app/session.usecases.js';
import { sessionPatchSchema, sessionSchema } from '../../domain/commission.schema.js';
import { sessionTransitionSchema } from '../../domain/session.schema.js';
import { ifMatchVersion } from '../http.js';
import { recordRead, recordWrite } from '../record-route.js';

export const sessionRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Sessions'];

    app.get(
      '/sessions/:id',
      recordRead(
        { tags, summary: 'A session with the approvals of its minutes', answer: sessionSchema },
        ctx,
        sessions.getSession,
      ),
    );

    app.patch(
      '/sessions/:id',
      recordWrite(
        {
          tags,
          summary: 'Correct the dates, place, host or delegations of a session',
          description:
            'Give the `version` you read (or an If-Match header); a stale version answers 409. Once the minutes are approved the record is frozen (409, type `frozen`). Only planners of the commission’s parties.',
          body: sessionPatchSchema,
          answer: sessionSchema,
        },
        (actor, id, input, req) => sessions.updateSession(ctx, actor, id, input, ifMatchVersion(req)),
      ),
    );

    app.post(
      '/sessions/:id/transitions',
      recordWrite(
        {
          tags,
          summary: 'Move a session along planned → convened → held → minutes_approved',
          description:
            '`to: held` only on or after the session’s first day. `to: minutes_approved` records the approval of the caller’s party, only when every agenda item has an outcome and the caller can read every item (otherwise 400, telling how many items it cannot read: their owner must release or remove them); the minutes are approved once every commission party has. With the `version` read, a session changed meanwhile answers 409; without one, a change made at the same moment (another party’s approval) is read first and this one applied after it.',
          body: sessionTransitionSchema,
          answer: sessionSchema,
        },
        (actor, id, input) => sessions.transitionSessionStatus(ctx, actor, id, input),
      ),
    );
  };
