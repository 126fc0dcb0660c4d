import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { signAuditHead } from '../../app/audit.usecases.js';
import type { AppContext } from '../../app/context.js';
import { auditCheckpointSchema } from '../../domain/audit-checkpoint.js';
import { requireActor } from '../auth.js';
import { errorResponses } from '../http.js';

export const auditRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/audit/checkpoint', {
      schema: {
        tags: ['Audit'],
        summary: 'A signed checkpoint of the audit chain as it stands now (security officers)',
        description:
          'Signs the current head of the audit chain (tree size, head hash, time) with the installation’s Ed25519 key, files it outside the database, and returns it. Keep it: `jointplan audit verify` and anyone holding the public key (`jointplan audit key`) can later prove that no entry up to it was edited, removed or rewritten. The signature covers the canonical JSON (sorted keys, no whitespace) of the other four fields. Answers 409 when the installation has no key, when the last entry is not one it signed, or when the chain is shorter than its last checkpoint.',
        response: { 200: auditCheckpointSchema, ...errorResponses },
      },
      handler: (req) => signAuditHead(ctx, requireActor(req)),
    });
  };
