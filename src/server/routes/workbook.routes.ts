import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app/context.js';
import { exportPlanWorkbook, importPlanWorkbook } from '../../app/workbook.usecases.js';
import { WORKBOOK_LIMITS } from '../../documents/workbook-limits.js';
import { importQuery, importResultSchema } from '../../domain/exchange.schema.js';
import { requireActor } from '../auth.js';
import { errorResponses, fileAnswer, idParams } from '../http.js';
import { edge, problemSchema } from '../problem.js';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Answers a workbook as an attachment. */
export const sendXlsx = (reply: FastifyReply, buffer: Buffer, filename: string) =>
  reply
    .type(XLSX)
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'private, no-store')
    // Binary bytes; the schema can only say "a string" of them.
    .send(buffer as unknown as string);

/** Answers 415 to a body that is not a workbook. */
export const notXlsx = (reply: FastifyReply) =>
  reply
    .status(415)
    .type('application/problem+json')
    .send(edge('unsupported_media_type', 415, 'Unsupported media type', 'import.workbook_media_type', { type: XLSX }));

export const workbookRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Exchange'];
    // Workbooks arrive as they are saved: binary, and larger than JSON bodies.
    app.addContentTypeParser(XLSX, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

    app.get('/plans/:id/export.xlsx', {
      schema: {
        tags,
        summary: 'The plan as a workbook of the documented template (docs/plan-workbook.md)',
        description: 'Holds only what the caller may read; audited as an export.',
        params: idParams,
        response: { 200: fileAnswer('The workbook', [{ type: XLSX, binary: true }]), ...errorResponses },
      },
      handler: async (req, reply) => {
        return sendXlsx(reply, await exportPlanWorkbook(ctx, requireActor(req), req.params.id), `plan-${req.params.id}.xlsx`);
      },
    });

    app.post('/plans/import.xlsx', {
      bodyLimit: WORKBOOK_LIMITS.bytes,
      schema: {
        tags,
        summary: 'Import a plan workbook, all or nothing',
        description:
          'Send the workbook as the body with Content-Type ' +
          XLSX +
          '. It is imported as the exchange file it reads as, through the same rules (see POST /api/plans/import), and answers the same list of changes; with dryRun=true nothing is written. Every problem names its sheet, row and column; re-importing the same workbook changes nothing. ' +
          `A workbook over ${WORKBOOK_LIMITS.bytes / 1024 / 1024} MiB, unpacking to over ` +
          `${WORKBOOK_LIMITS.unpackedBytes / 1024 / 1024} MiB, or with over ${WORKBOOK_LIMITS.rows} rows or ` +
          `${WORKBOOK_LIMITS.cells} cells answers 413; one taking over ${WORKBOOK_LIMITS.seconds} s to read answers 422, ` +
          'naming the limit. It is read in a thread of its own, so other requests are answered meanwhile.',
        querystring: importQuery,
        response: {
          200: importResultSchema,
          201: importResultSchema,
          ...errorResponses,
          413: problemSchema,
          422: problemSchema,
          429: problemSchema,
        },
      },
      handler: async (req, reply) => {
        if (!Buffer.isBuffer(req.body)) return notXlsx(reply);
        const result = await importPlanWorkbook(ctx, requireActor(req), req.body, { dryRun: req.query.dryRun });
        return reply.status(result.planCreated && !result.dryRun ? 201 : 200).send(result);
      },
    });
  };
