import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import * as revisions from '../../app/revision.usecases.js';
import { idSchema } from '../../domain/common.schema.js';
import {
  amendmentCreateSchema,
  planDiffQuerySchema,
  planDiffSchema,
  revisionSchema,
  revisionTransitionSchema,
} from '../../domain/revision.schema.js';
import { requireActor } from '../auth.js';
import { errorResponses, idParams } from '../http.js';
import { recordsUnder } from '../record-route.js';

export const revisionRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Work plans'];

    app.get(
      '/plans/:id/revisions',
      recordsUnder(
        {
          tags,
          summary: 'Baseline (revision 0) and amendments of a plan, with their approvals and content hashes',
          item: revisionSchema,
        },
        ctx,
        revisions.listRevisions,
      ),
    );

    app.post('/plans/:id/amendments', {
      schema: {
        tags,
        summary: 'Open an amendment of an adopted plan',
        description:
          'While it is open, planners of the owner party may change the plan’s content; proposing it freezes the content for approval.',
        params: idParams,
        body: amendmentCreateSchema,
        response: { 201: revisionSchema, ...errorResponses },
      },
      handler: async (req, reply) =>
        reply.status(201).send(await revisions.createAmendment(ctx, requireActor(req), req.params.id, req.body.reason)),
    });

    app.post('/plans/:id/amendments/:number/transitions', {
      schema: {
        tags,
        summary: 'Propose an amendment, or approve it for the caller’s party',
        description:
          'Proposing freezes the plan’s content: a change of an activity committed before is in it, one arriving after is refused. The amendment is approved once every commission party has approved it; approvals sent at the same moment are applied one after the other.',
        params: z.object({ id: idSchema, number: z.coerce.number().int().min(1) }).strict(),
        body: revisionTransitionSchema,
        response: { 200: revisionSchema, ...errorResponses },
      },
      handler: (req) => revisions.transitionRevision(ctx, requireActor(req), req.params.id, req.params.number, req.body.to),
    });

    app.get('/plans/:id/diff', {
      schema: {
        tags,
        summary: 'Difference between two revisions of a plan',
        description:
          '`from` and `to` are revision numbers (0 is the baseline) or `current`; defaults: from the baseline to the plan as it is now.',
        params: idParams,
        querystring: planDiffQuerySchema,
        response: { 200: planDiffSchema, ...errorResponses },
      },
      handler: (req) => revisions.planDiff(ctx, requireActor(req), req.params.id, req.query.from, req.query.to),
    });
  };
