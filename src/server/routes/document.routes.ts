import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor, AppContext } from '../../app/context.js';
import { minutesDocument, planDocument, reportDocument } from '../../app/document.usecases.js';
import { idSchema } from '../../domain/common.schema.js';
import { DOCUMENT_LANGUAGES, type DocumentLanguage, type JointPlanDocument } from '../../domain/document.model.js';
import { requireActor } from '../auth.js';
import { errorResponses, fileAnswer, idParams } from '../http.js';
import { edge, problemSchema, sendProblem } from '../problem.js';
import type { RouteDoc } from '../record-route.js';

// Rendering (React, i18next, ECharts) and printing (Playwright) load on the first document asked
// for, not with the server: loaded at start they are about half of its heap, and a larger heap
// makes the garbage collection that every ordinary request causes slower.
const renderer = () => import('../../documents/render.js');
const printer = () => import('../../documents/pdf.js');

const query = z.object({ lang: z.enum(DOCUMENT_LANGUAGES).default('fr').describe('Language of the document') }).strict();
const file = (names: readonly string[]) =>
  z.object({ id: idSchema, file: z.enum(names.flatMap((n) => [`${n}.pdf`, `${n}.html`]) as [string, ...string[]]) }).strict();

async function send(reply: FastifyReply, doc: JointPlanDocument, name: string, lang: DocumentLanguage) {
  const html = (await renderer()).renderDocumentHtml(doc, lang);
  const stem = name.replace(/\.(pdf|html)$/, '');
  if (name.endsWith('.html'))
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'private, no-store')
      .serializer((s: string) => s)
      .send(html);
  return sendPdf(reply, html, `${stem}-${lang}.pdf`);
}

/** Prints a document's HTML and answers it as a PDF attachment, or 503 when no printer is installed. */
export async function sendPdf(reply: FastifyReply, html: string, filename: string) {
  const { PdfUnavailableError, printPdf } = await printer();
  try {
    const pdf = await printPdf(html, reply.log);
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'private, no-store')
      .send(pdf);
  } catch (err) {
    if (!(err instanceof PdfUnavailableError)) throw err;
    return sendProblem(
      reply,
      edge('unavailable', 503, 'Documents unavailable', 'request.unavailable', {}, undefined, err.message),
    );
  }
}

/** A query that names at least the language of the document. */
type ReportQuery = z.ZodType<{ lang: DocumentLanguage }>;

/**
 * A route that prints a report on the record its path's `:id` names, as the caller may read it, in the
 * language its query asks: `print` gives the report's HTML and the name of its file. 503 when no
 * printer is installed.
 */
export function pdfReport<Query extends ReportQuery>(
  { tags = ['Documents'], querystring, ...doc }: Partial<RouteDoc> & Omit<RouteDoc, 'tags'> & { querystring: Query },
  print: (actor: Actor, id: string, query: z.output<Query>) => Promise<{ html: string; filename: string }>,
) {
  return {
    schema: {
      tags,
      ...doc,
      params: idParams,
      querystring,
      response: {
        200: fileAnswer('The report', [{ type: 'application/pdf', binary: true }]),
        503: problemSchema,
        ...errorResponses,
      },
    },
    handler: async (req: FastifyRequest & { params: z.output<typeof idParams>; query: z.output<Query> }, reply: FastifyReply) => {
      const { html, filename } = await print(requireActor(req), req.params.id, req.query);
      return sendPdf(reply, html, filename);
    },
  };
}

export const documentRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Documents'];
    const responses = {
      200: fileAnswer('The document, as PDF or HTML by the extension asked for', [
        { type: 'application/pdf', binary: true },
        { type: 'text/html' },
      ]),
      503: problemSchema,
      ...errorResponses,
    };

    app.get('/plans/:id/documents/:file', {
      schema: {
        tags,
        summary: 'The approved plan (plan.pdf) or its execution report (report.pdf), as the reader may read them',
        description: 'Also as `.html`. The document shows its overall classification on every page.',
        params: file(['plan', 'report']),
        querystring: query,
        response: responses,
      },
      handler: async (req, reply) => {
        const actor = requireActor(req);
        const { id, file: name } = req.params;
        const doc = name.startsWith('plan')
          ? await planDocument(ctx, actor, id, req.query.lang)
          : await reportDocument(ctx, actor, id, req.query.lang);
        return send(reply, doc, name, req.query.lang);
      },
    });

    app.get('/sessions/:id/documents/:file', {
      schema: {
        tags,
        summary: 'The minutes of a session (minutes.pdf), as the reader may read them',
        params: file(['minutes']),
        querystring: query,
        response: responses,
      },
      handler: async (req, reply) =>
        send(
          reply,
          await minutesDocument(ctx, requireActor(req), req.params.id, req.query.lang),
          req.params.file,
          req.query.lang,
        ),
    });
  };
