import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { addMeasurement, createIndicator, planResults } from '../../app/indicator.usecases.js';
import { actionItemSummary, planCurve } from '../../app/measure.usecases.js';
import { indicatorCreateSchema, indicatorSchema, measurementCreateSchema, resultsSchema } from '../../domain/indicator.schema.js';
import { actionItemSummarySchema, curveQuerySchema, curveSchema } from '../../domain/measure.schema.js';
import { requireActor } from '../auth.js';
import { errorResponses, idParams, sendRecord } from '../http.js';

export const measureRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Measures'];

    app.get('/plans/:id/curve', {
      schema: {
        tags,
        summary: 'Planned versus actual over the plan period, as of any date',
        params: idParams,
        querystring: curveQuerySchema,
        response: { 200: curveSchema, ...errorResponses },
      },
      handler: (req) => planCurve(ctx, requireActor(req), req.params.id, req.query),
    });

    app.get('/commissions/:id/action-items/summary', {
      schema: {
        tags,
        summary: 'Action items closed on time, overdue, by responsible party',
        params: idParams,
        response: { 200: actionItemSummarySchema, ...errorResponses },
      },
      handler: (req) => actionItemSummary(ctx, requireActor(req), req.params.id),
    });

    app.get('/plans/:id/results', {
      schema: {
        tags,
        summary: 'Objectives, indicators and their progress',
        params: idParams,
        querystring: z.object({ asOf: z.iso.date().optional() }).strict(),
        response: { 200: resultsSchema, ...errorResponses },
      },
      handler: (req) => planResults(ctx, requireActor(req), req.params.id, req.query.asOf),
    });

    app.post('/objectives/:id/indicators', {
      schema: {
        tags,
        summary: 'Add an indicator to an objective',
        params: idParams,
        body: indicatorCreateSchema,
        response: { 201: indicatorSchema, ...errorResponses },
      },
      handler: async (req, reply) =>
        sendRecord(reply, await createIndicator(ctx, requireActor(req), req.params.id, req.body), 201),
    });

    app.post('/indicators/:id/measurements', {
      schema: {
        tags,
        summary: 'Record a measured value of an indicator',
        params: idParams,
        body: measurementCreateSchema,
        response: { 201: indicatorSchema, ...errorResponses },
      },
      handler: async (req, reply) =>
        sendRecord(reply, await addMeasurement(ctx, requireActor(req), req.params.id, req.body), 201),
    });
  };
