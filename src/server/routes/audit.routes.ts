import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AUDIT_EXPORT_MAX, exportAudit, listAudit, signAuditHead, verifyAuditForOfficer } from '../../app/audit.usecases.js';
import type { AppContext } from '../../app/context.js';
import {
  auditEntrySchema,
  auditFilterSchema,
  auditQuerySchema,
  auditVerificationQuerySchema,
  auditVerificationSchema,
} from '../../domain/audit.schema.js';
import { auditCheckpointSchema } from '../../domain/audit-checkpoint.js';
import { listOf } from '../../domain/common.schema.js';
import { requireActor } from '../auth.js';
import { errorResponses, fileAnswer } from '../http.js';
import { problemSchema } from '../problem.js';

const tags = ['Audit'];

export const auditRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/audit', {
      schema: {
        tags,
        summary: 'The audit log, newest first, narrowed by user, action, record and time (security officers)',
        description:
          'Entries about records the reader may read, each with that record’s label (as it stood when the entry was written), and sign-in events of the reader’s own party’s accounts. Filters combine; `cursor` pages on from the previous page’s `nextCursor` with the same filters. `actorUsername` is given for the reader’s own party’s accounts only.',
        querystring: auditQuerySchema,
        response: { 200: listOf(auditEntrySchema), ...errorResponses },
      },
      handler: (req) => {
        const { cursor, limit, ...filter } = req.query;
        return listAudit(ctx, requireActor(req), { ...filter, cursor, limit });
      },
    });

    app.get('/audit/export.csv', {
      schema: {
        tags,
        summary: 'The filtered audit log as a CSV file (security officers); the export is itself audited',
        description: `The same entries as \`GET /audit\` with the same filters, newest first, at most ${AUDIT_EXPORT_MAX}; each row carries its entry’s portion marking, and the first and last lines the highest marking of the whole file. Writes an \`audit.export\` entry labelled as what it exported. Answers 413 when the filters select more entries.`,
        querystring: auditFilterSchema,
        response: {
          200: fileAnswer('The entries, one per row, UTF-8 with a byte-order mark', [{ type: 'text/csv' }]),
          413: problemSchema,
          ...errorResponses,
        },
      },
      handler: async (req, reply) => {
        const file = await exportAudit(ctx, requireActor(req), req.query);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${file.filename}"`)
          .header('x-document-marking', file.marking)
          .header('cache-control', 'private, no-store')
          .serializer((s: string) => s)
          .send(file.body);
      },
    });

    app.get('/audit/verification', {
      schema: {
        tags,
        summary: 'Verifies the audit chain now, from where it was last found holding or in full (security officers)',
        description:
          'Without `full`, starts from the signed checkpoint up to which the last verification found the chain holding (kept beside the checkpoints): checks that checkpoint’s signature and that its entry still hashes as signed, then walks the entries after it (`from` says where it started). An entry edited before that point without its successors rewritten is found only by a full verification: `full=true` walks every entry of the chain (not only those the reader may read: the chain is one) and checks its hashes, the signed checkpoints filed outside the database and the entries’ signatures with the installation’s key, as `jointplan audit verify` does. Names the first entry that was edited, removed, inserted, reordered or rewritten, by its sequence number only. `count` and `head` are those of the whole chain, entries the reader may not read included: they tell how many entries the installation has written, nothing of what they are about. Only one verification runs at a time on an installation: one asked while another runs answers 409 (`audit.verification_running`).',
        querystring: auditVerificationQuerySchema,
        response: { 200: auditVerificationSchema, ...errorResponses },
      },
      handler: (req) => verifyAuditForOfficer(ctx, requireActor(req), req.query.full === 'true'),
    });

    app.get('/audit/checkpoint', {
      schema: {
        tags,
        summary: 'A signed checkpoint of the audit chain as it stands now (security officers)',
        description:
          'Signs the current head of the audit chain (tree size, head hash, time) with the installation’s Ed25519 key, files it outside the database, and returns it. Keep it: `jointplan audit verify` and anyone holding the public key (`jointplan audit key`) can later prove that no entry up to it was edited, removed or rewritten. The signature covers the canonical JSON (sorted keys, no whitespace) of the other four fields. Answers 409 when the installation has no key, when the last entry is not one it signed, or when the chain is shorter than its last checkpoint.',
        response: { 200: auditCheckpointSchema, ...errorResponses },
      },
      handler: (req) => signAuditHead(ctx, requireActor(req)),
    });
  };
