import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app/context.js';
import { issue, problem } from '../domain/problems.js';
import { VERSION } from '../version.js';
import { registerApiDocs } from './api-docs.js';
import { assertSameOrigin, resolveActor } from './auth.js';
import { bodyProblem } from './http.js';
import { sendProblem, toProblem } from './problem.js';
import { actionItemRoutes } from './routes/action-item.routes.js';
import { activityRoutes } from './routes/activity.routes.js';
import { activityHistoryRoutes } from './routes/activity-history.routes.js';
import { activityQueryRoutes } from './routes/activity-query.routes.js';
import { agendaRoutes } from './routes/agenda.routes.js';
import { auditRoutes } from './routes/audit.routes.js';
import { authRoutes } from './routes/auth.routes.js';
import { calendarRoutes } from './routes/calendar.routes.js';
import { commissionRoutes } from './routes/commission.routes.js';
import { dependencyRoutes } from './routes/dependency.routes.js';
import { documentRoutes } from './routes/document.routes.js';
import { evaluationRoutes } from './routes/evaluation.routes.js';
import { evaluationDocumentRoutes } from './routes/evaluation-document.routes.js';
import { exchangeRoutes } from './routes/exchange.routes.js';
import { exchangeApprovalRoutes } from './routes/exchange-approval.routes.js';
import { exchangeBundleRoutes } from './routes/exchange-bundle.routes.js';
import { industrialProjectRoutes } from './routes/industrial-project.routes.js';
import { measureRoutes } from './routes/measure.routes.js';
import { minutesRoutes } from './routes/minutes.routes.js';
import { notificationRoutes } from './routes/notification.routes.js';
import { objectiveRoutes } from './routes/objective.routes.js';
import { offsetRoutes } from './routes/offset.routes.js';
import { offsetReportRoutes } from './routes/offset-report.routes.js';
import { planRoutes } from './routes/plan.routes.js';
import { programmeRoutes } from './routes/programme.routes.js';
import { programmeMeasuresRoutes } from './routes/programme-measures.routes.js';
import { programmeTraceRoutes } from './routes/programme-trace.routes.js';
import { revisionRoutes } from './routes/revision.routes.js';
import { searchRoutes } from './routes/search.routes.js';
import { sessionRoutes } from './routes/session.routes.js';
import { sourceRoutes } from './routes/source.routes.js';
import { watcherRoutes } from './routes/watcher.routes.js';
import { workbookRoutes } from './routes/workbook.routes.js';
import { OPENAPI_VERSION, serializerCompiler } from './serialize.js';
import { isAppRoute, sendAppPage, serveWebApp } from './web.js';

export interface ServerOptions {
  /** true: JSON lines at info level on stdout; or Fastify's logger options (see serverLogger). */
  logger?: boolean | FastifyServerOptions['logger'];
  /** Marks the session cookie Secure always; it is anyway on a request that came over HTTPS. */
  secureCookies?: boolean;
  /**
   * The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed, as Fastify's
   * `trustProxy` takes them (a comma-separated list of addresses or CIDR ranges, or true); none by
   * default, so that no client can claim another address or HTTPS.
   */
  trustProxy?: boolean | string;
  /** Where the built web app is (default web/dist; false serves none). Served only when built. */
  webRoot?: string | false;
}

export { VERSION };

/**
 * Fastify's request lines ("incoming request", "request completed") at debug
 * level instead of info: LOG_LEVEL=debug shows every request, info shows what
 * happens to the installation. Failed requests are still logged as errors.
 */
class RequestsAtDebug extends LogController {
  override incomingRequest(request: FastifyRequest) {
    if (!this.isLogDisabled(request)) request.log.debug({ req: request }, 'incoming request');
  }
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    if (this.isLogDisabled(request)) return;
    if (error) reply.log.error({ res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

const isJson = (contentType: string | undefined) => /^application\/([\w.+-]+\+)?json\b/i.test(contentType ?? '');
const isEmptyJsonBody = (body: unknown) =>
  body === undefined || body === null || (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0);

/**
 * The HTTP API. One zod schema per request and answer validates the request, documents the API
 * (/api/openapi.json) and writes the answer: a 2xx answer goes out through a serializer compiled from
 * its schema (serialize.ts), so that it holds the fields its schema names and nothing else.
 */
export async function buildServer(ctx: AppContext, opts: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger === true ? { level: 'info' } : (opts.logger ?? false),
    logController: new RequestsAtDebug(),
    bodyLimit: 1024 * 1024,
    trustProxy: opts.trustProxy ?? false,
    // An address the router cannot decode (`/api/sessions/%ff%fe`) is bad input like any other.
    frameworkErrors: (err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      sendProblem(reply, toProblem(err, request));
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  // The API takes JSON only: a text body is an unsupported media type (415), not a string to validate.
  app.removeContentTypeParser('text/plain');
  app.addHook('preValidation', async (request) => {
    const refused = bodyProblem(request.body);
    if (refused) throw refused;
    // A route without a body schema takes none: a JSON body sent to it is a mistake, not something to ignore.
    if (!request.routeOptions.schema?.body && isJson(request.headers['content-type']) && !isEmptyJsonBody(request.body))
      throw problem('request.takes_no_body', {}, [issue('', 'field.send_no_body')]);
  });
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((err, request, reply) => sendProblem(reply, toProblem(err, request)));
  // The web app, when built; its page addresses fall back to its index.html.
  const webApp = opts.webRoot === false ? false : await serveWebApp(app, opts.webRoot);
  app.setNotFoundHandler((request, reply) =>
    webApp && isAppRoute(request)
      ? sendAppPage(reply)
      : sendProblem(
          reply,
          toProblem(problem('request.no_route', { method: request.method, path: request.url.split('?')[0] ?? '' }), request),
        ),
  );

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: OPENAPI_VERSION,
      info: {
        title: 'JointPlan API',
        version: VERSION,
        description:
          'Plan, run and measure joint defence-cooperation work plans. Every answer holds only what the caller may read; a record the caller may not read answers 404.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'jp_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  registerApiDocs(app);

  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    assertSameOrigin(request);
    if (request.routeOptions.config.public) return;
    request.actor = await resolveActor(ctx, request);
  });

  await app.register(
    async (api) => {
      api.get('/health', {
        config: { public: true },
        schema: {
          tags: ['Service'],
          summary: 'Liveness and database check',
          response: { 200: z.object({ status: z.literal('ok'), version: z.string() }) },
        },
        handler: async () => {
          await ctx.codec();
          return { status: 'ok' as const, version: VERSION };
        },
      });
      api.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
      await api.register(authRoutes(ctx, { secureCookies: opts.secureCookies ?? false }));
      await api.register(commissionRoutes(ctx));
      await api.register(planRoutes(ctx));
      await api.register(exchangeRoutes(ctx));
      await api.register(exchangeBundleRoutes(ctx));
      await api.register(exchangeApprovalRoutes(ctx));
      await api.register(objectiveRoutes(ctx));
      await api.register(sessionRoutes(ctx));
      await api.register(agendaRoutes(ctx));
      await api.register(minutesRoutes(ctx));
      await api.register(actionItemRoutes(ctx));
      await api.register(revisionRoutes(ctx));
      await api.register(measureRoutes(ctx));
      await api.register(calendarRoutes(ctx));
      await api.register(notificationRoutes(ctx));
      await api.register(documentRoutes(ctx));
      await api.register(workbookRoutes(ctx));
      await api.register(activityRoutes(ctx));
      await api.register(activityHistoryRoutes(ctx));
      await api.register(dependencyRoutes(ctx));
      await api.register(searchRoutes(ctx));
      await api.register(auditRoutes(ctx));
      await api.register(watcherRoutes(ctx));
      await api.register(activityQueryRoutes(ctx));
      await api.register(sourceRoutes(ctx));
      await api.register(programmeRoutes(ctx));
      await api.register(programmeMeasuresRoutes(ctx));
      await api.register(programmeTraceRoutes(ctx));
      await api.register(offsetRoutes(ctx));
      await api.register(offsetReportRoutes(ctx));
      await api.register(industrialProjectRoutes(ctx));
      await api.register(evaluationRoutes(ctx));
      await api.register(evaluationDocumentRoutes(ctx));
    },
    { prefix: '/api' },
  );
  return app;
}
