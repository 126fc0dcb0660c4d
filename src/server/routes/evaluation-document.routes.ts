import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { evaluationReportDocument } from '../../app/evaluation-documents.usecases.js';
import { DOCUMENT_LANGUAGES } from '../../domain/document.model.js';
import { requireActor } from '../auth.js';
import { errorResponses, fileAnswer, idParams } from '../http.js';
import { problemSchema } from '../problem.js';
import { sendPdf } from './document.routes.js';

// Rendering loads on the first report asked for, as for the other documents.
const renderer = () => import('../../documents/evaluation-report.js');

const query = z.object({ lang: z.enum(DOCUMENT_LANGUAGES).default('fr').describe('Language of the document') }).strict();

/** The evaluation report of a programme's offers, as PDF. */
export const evaluationDocumentRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/programmes/:id/evaluation/report.pdf', {
      schema: {
        tags: ['Documents'],
        summary: "The evaluation report of a programme's offers, as the reader may read it",
        description:
          "Criteria and weights, the consistency ratio of every comparison matrix (above 0.10 flagged, the random index table named), each evaluator's scores, the ranking with TOPSIS, flip points and rank acceptability, and the hash, frozen or not. Offers are named as the evaluation names them; their supplier only where the reader may read it. The overall classification on every page; audited as an export.",
        params: idParams,
        querystring: query,
        response: {
          200: fileAnswer('The report', [{ type: 'application/pdf', binary: true }]),
          503: problemSchema,
          ...errorResponses,
        },
      },
      handler: async (req, reply) => {
        const doc = await evaluationReportDocument(ctx, requireActor(req), req.params.id, req.query.lang);
        const html = (await renderer()).renderEvaluationReportHtml(doc, req.query.lang);
        return sendPdf(reply, html, `evaluation-${req.params.id}-${req.query.lang}.pdf`);
      },
    });
  };
