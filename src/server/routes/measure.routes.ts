import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor, AppContext } from '../../app/context.js';
import {
  addMeasurement,
  correctMeasurement,
  createIndicator,
  planResults,
  updateIndicator,
  withdrawMeasurement,
} from '../../app/indicator.usecases.js';
import { actionItemSummary, planCurve } from '../../app/measure.usecases.js';
import { idSchema } from '../../domain/common.schema.js';
import { MAX_CURVE_POINTS } from '../../domain/curve.js';
import {
  indicatorCreateSchema,
  indicatorPatchSchema,
  indicatorSchema,
  measurementCorrectionSchema,
  measurementCreateSchema,
  measurementWithdrawalQuerySchema,
  resultsSchema,
} from '../../domain/indicator.schema.js';
import { actionItemSummarySchema, curveQuerySchema, curveSchema } from '../../domain/measure.schema.js';
import { MAX_PLAN_YEARS } from '../../domain/period.js';
import { requireActor } from '../auth.js';
import { errorResponses, idParams, ifMatchVersion, sendRecord } from '../http.js';
import { problemSchema } from '../problem.js';
import { type RouteDoc, recordWrite } from '../record-route.js';

const measurementParams = z.object({ id: idSchema, measurementId: idSchema }).strict();

type Indicator = z.output<typeof indicatorSchema>;

/**
 * A change to one measurement of an indicator, named by the path: the use case gets both ids, the input
 * (a correction's body, or a withdrawal's query, since a DELETE has no body) and the version read; answers the indicator.
 */
function measurementChange<Input extends z.ZodType>(
  doc: RouteDoc,
  input: { body: Input } | { querystring: Input },
  change: (
    actor: Actor,
    id: string,
    measurementId: string,
    input: z.output<Input>,
    version: number | undefined,
  ) => Promise<Indicator>,
) {
  const fromBody = 'body' in input;
  return {
    schema: { ...doc, params: measurementParams, ...input, response: { 200: indicatorSchema, ...errorResponses } },
    handler: async (
      req: FastifyRequest & { params: z.output<typeof measurementParams>; body: unknown; query: unknown },
      reply: FastifyReply,
    ) => {
      // The route's schema has validated whichever of the two the input names.
      const given = (fromBody ? req.body : req.query) as z.output<Input>;
      return sendRecord(
        reply,
        await change(requireActor(req), req.params.id, req.params.measurementId, given, ifMatchVersion(req)),
      );
    },
  };
}

export const measureRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Measures'];

    app.get('/plans/:id/curve', {
      schema: {
        tags,
        summary: 'Planned versus actual over the plan period, as of any date',
        description: `The period that holds asOf counts what was conducted up to asOf; a period that begins after asOf has a null actual figure (the web page and the execution report draw these same points). A curve of over ${MAX_CURVE_POINTS} points (a plan stored before plans were bounded to ${MAX_PLAN_YEARS} years) answers 422.`,
        params: idParams,
        querystring: curveQuerySchema,
        response: { 200: curveSchema, ...errorResponses, 422: problemSchema },
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

    app.post(
      '/objectives/:id/indicators',
      recordWrite(
        {
          tags,
          summary: 'Add an indicator to an objective',
          body: indicatorCreateSchema,
          answer: indicatorSchema,
          created: true,
        },
        (actor, id, input) => createIndicator(ctx, actor, id, input),
      ),
    );

    app.post(
      '/indicators/:id/measurements',
      recordWrite(
        {
          tags,
          summary: 'Record a measured value of an indicator',
          body: measurementCreateSchema,
          answer: indicatorSchema,
          created: true,
        },
        (actor, id, input) => addMeasurement(ctx, actor, id, input),
      ),
    );

    app.patch(
      '/indicators/:id',
      recordWrite(
        {
          tags,
          summary: 'Change an indicator: name, unit, baseline, target, label',
          description: 'Give the `version` you read (or an If-Match header); a stale version answers 409.',
          body: indicatorPatchSchema,
          answer: indicatorSchema,
        },
        (actor, id, input, req) => updateIndicator(ctx, actor, id, input, ifMatchVersion(req)),
      ),
    );

    app.patch(
      '/indicators/:id/measurements/:measurementId',
      measurementChange(
        {
          tags,
          summary: 'Correct a wrong measurement',
          description:
            "The corrected values are recorded as a new measurement; the wrong one is withdrawn with the reason and kept in `withdrawnMeasurements`. Give the indicator's `version` you read (or an If-Match header).",
        },
        { body: measurementCorrectionSchema },
        (actor, id, measurementId, input, version) => correctMeasurement(ctx, actor, id, measurementId, input, version),
      ),
    );

    app.delete(
      '/indicators/:id/measurements/:measurementId',
      measurementChange(
        {
          tags,
          summary: 'Withdraw a wrong measurement',
          description:
            "It stops counting and is kept, with the reason, in `withdrawnMeasurements`. Give the reason and the indicator's `version` you read (or an If-Match header); answers the indicator.",
        },
        { querystring: measurementWithdrawalQuerySchema },
        (actor, id, measurementId, input, version) => withdrawMeasurement(ctx, actor, id, measurementId, input, version),
      ),
    );
  };
