import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { planKpis } from '../../app/kpi.usecases.js';
import { expectedVersion } from '../../app/labels.js';
import * as plans from '../../app/plan.usecases.js';
import { idSchema, listOf } from '../../domain/common.schema.js';
import { kpiQuerySchema, kpiSchema } from '../../domain/kpi.schema.js';
import { MAX_PLAN_YEARS } from '../../domain/period.js';
import { planCreateSchema, planPatchSchema, planSchema, planTransitionSchema } from '../../domain/plan.schema.js';
import { requireActor } from '../auth.js';
import { errorResponses, idParams, ifMatchVersion, sendRecord } from '../http.js';

export const planRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Work plans'];

    app.get('/plans', {
      schema: {
        tags,
        summary: 'Work plans the caller may read',
        querystring: z.object({ commissionId: idSchema.optional() }).strict(),
        response: { 200: listOf(planSchema), ...errorResponses },
      },
      handler: (req) => plans.listPlans(ctx, requireActor(req), req.query),
    });

    app.post('/plans', {
      schema: {
        tags,
        summary: 'Draft a work plan',
        description: `A plan runs at most ${MAX_PLAN_YEARS} years: a later periodEnd answers 400, as does one when changing it.`,
        body: planCreateSchema,
        response: { 201: planSchema, ...errorResponses },
      },
      handler: async (req, reply) => sendRecord(reply, await plans.createPlan(ctx, requireActor(req), req.body), 201),
    });

    app.get('/plans/:id', {
      schema: {
        tags,
        summary: 'A work plan with its approvals',
        params: idParams,
        response: { 200: planSchema, ...errorResponses },
      },
      handler: async (req, reply) => sendRecord(reply, await plans.getPlan(ctx, requireActor(req), req.params.id)),
    });

    app.patch('/plans/:id', {
      schema: {
        tags,
        summary: 'Change a plan in draft or proposed',
        params: idParams,
        body: planPatchSchema,
        response: { 200: planSchema, ...errorResponses },
      },
      handler: async (req, reply) =>
        sendRecord(reply, await plans.updatePlan(ctx, requireActor(req), req.params.id, req.body, ifMatchVersion(req))),
    });

    app.post('/plans/:id/transitions', {
      schema: {
        tags,
        summary: 'Move a plan through its lifecycle',
        description:
          'draft → proposed → approved → in_execution → closed. `to: approved` records the approval of the caller’s party; the plan is approved once every commission party has approved. Give the `version` you read (or an If-Match header): each party approves the plan as it read it, and a stale version answers 409. Of two approvals sent at the same moment from the same version, one is applied and the other answers 409: read the plan again and approve it as it now stands.',
        params: idParams,
        body: planTransitionSchema,
        response: { 200: planSchema, ...errorResponses },
      },
      handler: async (req, reply) =>
        sendRecord(
          reply,
          await plans.transitionPlanStatus(ctx, requireActor(req), req.params.id, {
            ...req.body,
            version: expectedVersion(req.body.version, ifMatchVersion(req)),
          }),
        ),
    });

    app.get('/plans/:id/kpis', {
      schema: {
        tags,
        summary: 'Execution rate, timeliness and freshness of a plan',
        description: 'Computed over the activities the caller may read, overall and by domain, lead party and quarter.',
        params: idParams,
        querystring: kpiQuerySchema,
        response: { 200: kpiSchema, ...errorResponses },
      },
      handler: (req) => planKpis(ctx, requireActor(req), req.params.id, req.query),
    });
  };
