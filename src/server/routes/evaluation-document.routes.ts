import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import {
  evaluationReportDocument,
  exportEvaluationWorkbook,
  importEvaluationWorkbook,
} from '../../app/evaluation-documents.usecases.js';
import { WORKBOOK_LIMITS } from '../../documents/workbook-limits.js';
import { DOCUMENT_LANGUAGES } from '../../domain/document.model.js';
import { evaluationRecordSchema } from '../../domain/evaluation/workspace.js';
import { requireActor } from '../auth.js';
import { errorResponses, fileAnswer, idParams, sendRecord } from '../http.js';
import { problemSchema } from '../problem.js';
import { pdfReport } from './document.routes.js';
import { notXlsx, sendXlsx, XLSX } from './workbook.routes.js';

// Rendering loads on the first report asked for, as for the other documents.
const renderer = () => import('../../documents/evaluation-report.js');

const query = z.object({ lang: z.enum(DOCUMENT_LANGUAGES).default('fr').describe('Language of the document') }).strict();
const workbookQuery = z
  .object({
    lang: z
      .enum(DOCUMENT_LANGUAGES)
      .optional()
      .describe(
        "Language of the offers' names; left out, the offers are named by their code alone, as read back in any language",
      ),
  })
  .strict();

/** The evaluation report of a programme's offers, as PDF, and its offers and scores as a workbook, out and in. */
export const evaluationDocumentRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    // Workbooks arrive as they are saved: binary, and larger than JSON bodies.
    app.addContentTypeParser(XLSX, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

    app.get(
      '/programmes/:id/evaluation/report.pdf',
      pdfReport(
        {
          summary: "The evaluation report of a programme's offers, as the reader may read it",
          description:
            "Criteria and weights, the consistency ratio of every comparison matrix (above 0.10 flagged, the random index table named), each evaluator's scores, the ranking with TOPSIS, flip points and rank acceptability, and the hash, frozen or not. Offers are named as the evaluation names them; their supplier only where the reader may read it. The overall classification on every page; audited as an export.",
          querystring: query,
        },
        async (actor, id, { lang }) => {
          const doc = await evaluationReportDocument(ctx, actor, id, lang);
          return { html: (await renderer()).renderEvaluationReportHtml(doc, lang), filename: `evaluation-${id}-${lang}.pdf` };
        },
      ),
    );

    app.get('/programmes/:id/evaluation/scores.xlsx', {
      schema: {
        tags: ['Procurement programmes'],
        summary: "The offers and every evaluator's scores, as a workbook",
        description:
          "An Offers sheet naming the offers as the evaluation names them, by a neutral code (O1, O2…) read in the words of `lang` when given (Offre 1, العرض 1), with the supplier only where you may read it, and a Scores sheet with a row per evaluator and leaf criterion, carrying the version of that evaluator's inputs as the workbook was made, and a column per offer; criteria whose offers are compared pairwise have empty cells. The marking heads every sheet and every printed page: not the programme's alone but the high-water mark of the programme's label and the labels of the suppliers the Offers sheet names (those you may read); each row carries its portion marking, an offer's row that of the programme and its supplier together. Audited as an export.",
        params: idParams,
        querystring: workbookQuery,
        response: { 200: fileAnswer('The workbook', [{ type: XLSX, binary: true }]), ...errorResponses },
      },
      handler: async (req, reply) => {
        const buffer = await exportEvaluationWorkbook(ctx, requireActor(req), req.params.id, req.query.lang);
        return sendXlsx(reply, buffer, `evaluation-${req.params.id}.xlsx`);
      },
    });

    app.put('/programmes/:id/evaluation/scores.xlsx', {
      bodyLimit: WORKBOOK_LIMITS.bytes,
      schema: {
        tags: ['Procurement programmes'],
        summary: 'Record your scores from the workbook',
        description:
          `Send the workbook of GET scores.xlsx as the body with Content-Type ${XLSX}. Your rows of the Scores sheet (those naming you as evaluator) with at least one score replace your assessment of that criterion by those scores; rows of other evaluators are ignored, and your comparisons stay as recorded. ` +
          'Recorded through the same rules as PUT …/evaluators/{userId}/inputs, all or nothing: every problem names its sheet, row and column, and nothing is written. Your rows must carry the version your inputs still have: if they changed since the download (an upload included), the answer is 409 `evaluation.workbook_stale` and nothing is written; download the workbook again, enter your scores in it and send that one (there is no flag to override). The workbook limits of the plan import apply.',
        params: idParams,
        response: { 200: evaluationRecordSchema, ...errorResponses, 413: problemSchema, 422: problemSchema, 429: problemSchema },
      },
      handler: async (req, reply) => {
        if (!Buffer.isBuffer(req.body)) return notXlsx(reply);
        return sendRecord(reply, await importEvaluationWorkbook(ctx, requireActor(req), req.params.id, req.body));
      },
    });
  };
