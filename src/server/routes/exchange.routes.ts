import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app/context.js';
import { exportPlan, importPlan } from '../../app/exchange.usecases.js';
import { exchangeFileSchema, importQuery, importResultSchema } from '../../domain/exchange.schema.js';
import { issue, problem } from '../../domain/problems.js';
import { requireActor } from '../auth.js';
import { errorResponses, idParams } from '../http.js';

/** A plan file may be far larger than an ordinary request. */
const IMPORT_BODY_LIMIT = 32 * 1024 * 1024;

export const exchangeRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Plan exchange'];

    app.get('/plans/:id/export', {
      schema: {
        tags,
        summary: 'The exchange file of a plan',
        description:
          'A JSON attachment holding the plan, its activities, their follow-ups and the sources they cite — only what the caller may read. The export is audited.',
        params: idParams,
        response: { 200: exchangeFileSchema, ...errorResponses },
      },
      handler: async (req, reply) => {
        const file = await exportPlan(ctx, requireActor(req), req.params.id);
        return reply.header('content-disposition', `attachment; filename="plan-${req.params.id}.json"`).send(file);
      },
    });

    app.post('/plans/import', {
      bodyLimit: IMPORT_BODY_LIMIT,
      // The use case checks the file itself, so that every problem is reported
      // with its path in the file (`activities[12].plannedPeriod.end`); the
      // schema here documents the format. The query is checked in the handler.
      validatorCompiler: () => (data) => ({ value: data }),
      schema: {
        tags,
        summary: 'Import an exchange file, all or nothing',
        description:
          'Creates the plan, or updates it when its id names a plan of the caller’s party; activities are matched on their reference code. Every change goes through the rules of the API: an adopted plan changes only through an open amendment, a change of a proposed plan withdraws the approvals given, activities start in their initial status and reach the file’s status by lifecycle transitions recorded now, follow-ups are written now by the caller. New records get ids of this installation. The answer lists every change (created, fields before → after, moves, entries added); with dryRun=true nothing is written. A file with any problem writes nothing and answers 400 listing every problem with its path. Importing the same file again changes nothing. Answers 201 when the plan was created, 200 otherwise.',
        querystring: importQuery,
        body: exchangeFileSchema,
        response: { 200: importResultSchema, 201: importResultSchema, ...errorResponses },
      },
      handler: async (req, reply) => {
        const actor = requireActor(req);
        const query = importQuery.safeParse(req.query);
        if (!query.success) throw problem('request.bad_query', {}, [issue('dryRun', 'import.dry_run_flag')]);
        const result = await importPlan(ctx, actor, req.body as unknown, query.data);
        return reply.status(result.planCreated && !result.dryRun ? 201 : 200).send(result);
      },
    });
  };
