import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app/context.js';
import { programmeMeasure, programmeMeasures } from '../../app/programme-measures.usecases.js';
import {
  programmeMeasureQuerySchema,
  programmeMeasureSchema,
  programmeMeasuresQuerySchema,
  programmeMeasuresSchema,
} from '../../domain/programme-measures.js';
import { requireActor } from '../auth.js';
import { errorResponses, idParams } from '../http.js';

const HOW =
  "committed: the contract's value as of the day (after the amendments dated by then); paid: the payment milestones met by the day; delivered: the quantity accepted in deliveries by the day times the contracted offer's unit price. Each figure is added exactly in its own currency, then converted once at the latest rate on or before the day (rounded half to even to the currency's minor unit), naming the rate; an amount without a rate is refused, naming it (`money.no_rate`). Late: milestones due before the day and not met by it, of programmes not closed or cancelled by then.";

export const programmeMeasuresRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Procurement programmes'];

    app.get('/programme-measures', {
      schema: {
        tags,
        summary: 'Committed, paid and delivered, and milestones late, by programme and party, as of a day',
        description: `Over the programmes you may read with a contract signed by the day (\`on\`, today by default), in \`currency\`. \`programmes\` is one page (by owner party, then id; \`limit\` per page, the next after \`cursor\`); \`totals\`, \`parties\` and \`rates\` cover every programme counted, on every page alike: totals add the converted figures of each programme. One answer is read in one read-only snapshot, so its figures come from one state of the database. ${HOW}`,
        querystring: programmeMeasuresQuerySchema,
        response: { 200: programmeMeasuresSchema, ...errorResponses },
      },
      handler: (req) => programmeMeasures(ctx, requireActor(req), req.query),
    });

    app.get('/programmes/:id/measures', {
      schema: {
        tags,
        summary: "A programme's committed, paid and delivered, and its milestones late, as of a day",
        description: `A programme without a contract signed by the day measures zero. ${HOW}`,
        params: idParams,
        querystring: programmeMeasureQuerySchema,
        response: { 200: programmeMeasureSchema, ...errorResponses },
      },
      handler: (req) => programmeMeasure(ctx, requireActor(req), req.params.id, req.query),
    });
  };
