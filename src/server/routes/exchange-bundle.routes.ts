import { randomUUID } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app/context.js';
import { listReceivedPage } from '../../app/exchange-approval.usecases.js';
import {
  assertOfficerOrAbsent,
  type ExchangeSetup,
  exchangeOverview,
  exportBundle,
  importBundle,
  importedRecords,
  releaseRecord,
} from '../../app/exchange-bundle.usecases.js';
import {
  exchangeOverviewSchema,
  exportQuery,
  importedRecordsPageSchema,
  importedRecordsQuery,
  importReportSchema,
  receivedPageSchema,
  receivedQuery,
  releaseRecordQuery,
} from '../../domain/exchange/bundle-report.schema.js';
import { problem } from '../../domain/problems.js';
import { exchangePaths, loadExchangeSetup } from '../../store/exchange-setup.js';
import { requireActor } from '../auth.js';
import { errorResponses, fileAnswer, idParams } from '../http.js';
import { edge, problemSchema } from '../problem.js';
import { sendPdf } from './document.routes.js';

// The release record's rendering loads on the first one asked for, as for the other documents.
const releaseRenderer = () => import('../../documents/release-record.js');

/** The media type bundles travel as over HTTP. */
export const BUNDLE_MEDIA_TYPE = 'application/vnd.jointplan.bundle';
/** A bundle may be far larger than an ordinary request; it is read as a stream, never held whole. */
const BUNDLE_BODY_LIMIT = 2 * 1024 * 1024 * 1024;

/**
 * A bundle's body as the stream it arrives as, in a private field: the checks that walk a parsed body's
 * fields (depth, NUL characters) find none here, instead of walking the socket behind the stream.
 */
class BundleBody implements AsyncIterable<Uint8Array> {
  readonly #stream: Readable;
  constructor(stream: Readable) {
    this.#stream = stream;
  }
  [Symbol.asyncIterator]() {
    return this.#stream[Symbol.asyncIterator]();
  }
}

/**
 * The sovereign exchange over HTTP, for the security officers of the installation's party: the next
 * bundle for a partner, a partner's bundle applied, and the partners' records any user may read.
 * The installation's policy and exchange key are read once, on first use, from where the command
 * line reads them (JOINTPLAN_SECURITY_POLICY, JOINTPLAN_EXCHANGE_KEY_FILE).
 */
export const exchangeBundleRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Sovereign exchange'];
    let setup: ExchangeSetup | undefined;
    const setupOf = (): ExchangeSetup => {
      if (!ctx.auditSigning) throw problem('exchange.not_configured');
      setup ??= loadExchangeSetup(exchangePaths(ctx.auditSigning.paths.keyFile));
      return setup;
    };
    // Bundles are read as they arrive: the body is handed on as the request's stream.
    app.addContentTypeParser(BUNDLE_MEDIA_TYPE, (_req, payload, done) => done(null, new BundleBody(payload)));

    app.post('/exchange/bundles', {
      schema: {
        tags,
        summary: 'The next signed bundle for a partner party',
        description:
          'For security officers of the installation’s party. Holds the plans, activities and follow-ups of this party that the partner’s party may read under its agreement (partnerReader), each with its ADatP-4774 label for the partner, changed since the last bundle the partner acknowledged; recorded as sent with the next sequence number and audited. Answers the bundle’s bytes.',
        querystring: exportQuery,
        response: { 200: fileAnswer('The bundle', [{ type: BUNDLE_MEDIA_TYPE, binary: true }]), ...errorResponses },
      },
      handler: async (req, reply) => {
        const actor = requireActor(req);
        const dir = mkdtempSync(join(tmpdir(), 'jointplan-bundle-'));
        const file = join(dir, `${randomUUID()}.bundle`);
        try {
          const s = await exportBundle(ctx, actor, setupOf(), req.query.to, file, { validDays: req.query.validDays });
          const stream = createReadStream(file);
          stream.on('close', () => rmSync(dir, { recursive: true, force: true }));
          return reply
            .type(BUNDLE_MEDIA_TYPE)
            .header('content-disposition', `attachment; filename="${s.recipient.installation}-${s.sequence}.bundle"`)
            .header('cache-control', 'private, no-store')
            .header('x-bundle-id', s.bundleId)
            .header('x-bundle-sequence', String(s.sequence))
            .send(stream as unknown as string);
        } catch (err) {
          rmSync(dir, { recursive: true, force: true });
          throw err;
        }
      },
    });

    app.post('/exchange/bundles/import', {
      bodyLimit: BUNDLE_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Apply a partner’s signed bundle, all or nothing',
        description: `For security officers of the installation’s party. Send the bundle as the body with Content-Type ${BUNDLE_MEDIA_TYPE}. Its signature, audience, sequence and audit checkpoint are checked before any record is read; then every record is stored as a read-only copy owned by its originator, at the local equivalent of its label, with the sender’s new high-water mark, in one transaction. A refused bundle (replayed, out of sequence, altered, for another installation, a label the agreement does not cover…) changes nothing, answers its coded problem, and is logged and audited with its reason. Answers what became of the records the caller may read: their counts, the first 500 in the order of the bundle, and a cursor for the rest (GET /api/exchange/bundles/received/{id}/records).`,
        response: { 200: importReportSchema, ...errorResponses },
      },
      handler: async (req, reply) => {
        const actor = requireActor(req);
        const body = req.body;
        if (!(body instanceof BundleBody))
          return reply
            .status(415)
            .type('application/problem+json')
            .send(
              edge('unsupported_media_type', 415, 'Unsupported media type', 'request.unsupported_media_type', {
                type: BUNDLE_MEDIA_TYPE,
              }),
            );
        return reply.send(await importBundle(ctx, actor, setupOf(), body));
      },
    });

    app.get('/exchange/received', {
      schema: {
        tags,
        summary: 'The partners’ records the caller may read',
        description:
          'Read-only copies of the partners’ plans, activities and follow-ups, chosen by the read rule over the local equivalent of each label; the marking shows the local level with the originator’s own in brackets. A page at a time (`limit`, 50 by default), in the order of originator’s installation, kind and id: `nextCursor`, given back as `cursor`, reads the next page; a cursor not given by this route is refused (400, request.bad_cursor).',
        querystring: receivedQuery,
        response: { 200: receivedPageSchema, ...errorResponses },
      },
      handler: async (req) => {
        const actor = requireActor(req);
        const { kind, lang, cursor, limit } = req.query;
        return listReceivedPage(ctx, actor, setupOf().policy, { kind, lang, cursor, limit });
      },
    });

    app.get('/exchange/bundles/received/:id/records', {
      schema: {
        tags,
        summary: 'What an import did with each record, a page at a time',
        description:
          'For security officers of the installation’s party (404 for anyone else, and for a bundle not applied here): the records of a bundle applied here that the caller may read, each labelled as its copy was when the bundle was applied (a withdrawal as the copy withdrawn), with what became of it, in the order of the bundle. The import’s answer gives the first 500 and a `nextCursor`; given back as `cursor`, it reads the next page (`limit`, 50 by default, at most 500); a cursor not given by this route is refused (400, request.bad_cursor).',
        params: idParams,
        querystring: importedRecordsQuery,
        response: { 200: importedRecordsPageSchema, ...errorResponses },
      },
      handler: async (req) => {
        const actor = requireActor(req);
        assertOfficerOrAbsent(actor);
        return importedRecords(ctx, actor, setupOf().policy, req.params.id, req.query);
      },
    });

    app.get('/exchange/overview', {
      schema: {
        tags,
        summary: 'The security officer’s view of the exchange',
        description:
          'For security officers of the installation’s party (404 for anyone else): this installation’s keys; each partner of the policy with its keys and their state (active, rotated out, revoked, expired), the last bundle sent to it and the last applied from it, with sequence, time and record counts; the bundles sent lately; and the bundles refused, each with its problem code and parameters.',
        response: { 200: exchangeOverviewSchema, ...errorResponses },
      },
      handler: async (req) => {
        const actor = requireActor(req);
        assertOfficerOrAbsent(actor);
        return exchangeOverview(ctx, actor, setupOf());
      },
    });

    app.get('/exchange/bundles/:id/release-record.pdf', {
      schema: {
        tags: [...tags, 'Documents'],
        summary: 'The release record of a bundle sent, as PDF',
        description:
          'For security officers of the installation’s party (404 for anyone else, and for a bundle not sent from here): the bundle’s header as signed (sender, recipient, sequence, created and expiry times, content hash, previous bundle’s hash, signing key’s fingerprint) and its manifest, taken from the export’s audit entry: the counts per label as sent and each record with its marking, named as the reader may read it here.',
        params: idParams,
        querystring: releaseRecordQuery,
        response: {
          200: fileAnswer('The release record', [{ type: 'application/pdf', binary: true }]),
          503: problemSchema,
          ...errorResponses,
        },
      },
      handler: async (req, reply) => {
        const actor = requireActor(req);
        assertOfficerOrAbsent(actor);
        const doc = await releaseRecord(ctx, actor, setupOf(), req.params.id, req.query.lang);
        const html = (await releaseRenderer()).renderReleaseRecordHtml(doc, req.query.lang);
        return sendPdf(
          reply,
          html,
          `release-record-${doc.header.audience.installation}-${doc.header.sequence}-${req.query.lang}.pdf`,
        );
      },
    });
  };
