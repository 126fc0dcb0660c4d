import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { programmeTrace, programmeTraceClaims, traceOf } from '../../app/programme-trace.usecases.js';
import {
  programmeTraceSchema,
  traceClaimsQuerySchema,
  traceClaimsSchema,
  traceQuerySchema,
} from '../../domain/programme-trace.js';
import { requireActor } from '../auth.js';
import { errorResponses, idParams } from '../http.js';

const HOW =
  "Every node is shown only if you may read it and what it hangs from (an obligation and its programme; a claim, its obligation and programme; an evaluation's own label when it has one): a node you may not read is absent, and no count or sum includes it. Promised: the contracted (else selected) offer's total price × its local share, and its jobs. Obligated: the obligations arisen by the day. Achieved: credit granted by the day and still pending (the claims are added up per obligation and per project, each claim's credit in its own currency added per group and converted once; the claims themselves are listed a page at a time by `/programmes/{id}/trace/claims`), jobs created and local content reached by the projects shown (local content weighted by each project's budget). Amounts are added in `currency` (the programme's budget currency by default), each converted at the latest rate on or before the day, rounded half to even, the rate named; an amount without a rate is refused, naming it (`money.no_rate`). One answer is read in one read-only snapshot.";

export const programmeTraceRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Procurement programmes'];

    app.get('/programmes/:id/trace', {
      schema: {
        tags,
        summary: "A programme's record graph: need, offers, evaluation, contract, obligations, projects, credits",
        description: HOW,
        params: idParams,
        querystring: traceQuerySchema,
        response: { 200: programmeTraceSchema, ...errorResponses },
      },
      handler: (req) => programmeTrace(ctx, requireActor(req), req.params.id, req.query),
    });

    app.get('/programmes/:id/trace/claims', {
      schema: {
        tags,
        summary: "The credit claims of a programme's record graph, a page at a time",
        description:
          "The claims the trace adds up: those you may read, against the programme's obligations you may read, made by the day (`on`, today by default), each with its status that day, oldest claimed first; `obligationId` keeps those against one obligation, `projectId` those from one project you may read (one you may not read lists none, as one that does not exist). A programme you may not read answers 404.",
        params: idParams,
        querystring: traceClaimsQuerySchema,
        response: { 200: traceClaimsSchema, ...errorResponses },
      },
      handler: (req) => programmeTraceClaims(ctx, requireActor(req), req.params.id, req.query),
    });

    app.get('/offset-obligations/:id/trace', {
      schema: {
        tags: ['Offsets'],
        summary: "The record graph of an obligation's programme",
        description: `One trace, in a list like a project's. ${HOW}`,
        params: idParams,
        querystring: traceQuerySchema,
        response: { 200: z.array(programmeTraceSchema), ...errorResponses },
      },
      handler: (req) => traceOf(ctx, requireActor(req), { obligationId: req.params.id }, req.query),
    });

    app.get('/industrial-projects/:id/trace', {
      schema: {
        tags: ['Industrial projects'],
        summary: 'The record graphs of the programmes a project comes from',
        description: `One trace per programme linked to the project that you may read. ${HOW}`,
        params: idParams,
        querystring: traceQuerySchema,
        response: { 200: z.array(programmeTraceSchema), ...errorResponses },
      },
      handler: (req) => traceOf(ctx, requireActor(req), { projectId: req.params.id }, req.query),
    });
  };
