import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import {
  createClaim,
  createObligation,
  exportOffsetLedgerWorkbook,
  getClaim,
  getObligation,
  listClaims,
  listObligations,
  moveClaim,
  offsetLedger,
} from '../../app/offset.usecases.js';
import { listOf } from '../../domain/common.schema.js';
import { DOCUMENT_LANGUAGES } from '../../domain/document.model.js';
import {
  claimCreateSchema,
  claimMoveSchema,
  claimSchema,
  obligationCreateSchema,
  obligationListQuerySchema,
  obligationSchema,
} from '../../domain/offset.schema.js';
import { ledgerQuerySchema, ledgerSchema } from '../../domain/offset-ledger.js';
import { requireActor } from '../auth.js';
import { errorResponses, fileAnswer, ifMatchVersion } from '../http.js';
import { recordCreate, recordRead, recordsUnder, recordWrite } from '../record-route.js';
import { sendXlsx, XLSX } from './workbook.routes.js';

/** The ledger's query, and the language of the workbook's headers and titles. */
const ledgerWorkbookQuery = ledgerQuerySchema.safeExtend({
  lang: z
    .enum(DOCUMENT_LANGUAGES)
    .optional()
    .describe("Language of the headers, and of the obligations' and programmes' titles where written in it; English by default"),
});

const LEDGER =
  "As of the end of the day `on` (today by default), over the obligations and claims you may read: a claim or obligation you may not read counts nowhere, not even through credit banked from it. Per obligation: obligation (contract value × required percentage), granted (credit of claims granted by the day), pending (credit claimed of claims claimed or under review), bankedIn (credit carried from the same supplier's earlier obligations in the same currency, by deadline), met = min(obligation, granted + bankedIn), bankedOut (the rest, carried to the next), shortfall = obligation − met, penaltyDue (penalty percentage × the shortfall at the deadline, once it has passed). Every figure is exact in minor units; in `currency` each line is converted once per figure at the latest rate on or before the day (half to even), naming the rate, and the totals add the converted lines.";

export const offsetRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Offsets'];

    app.post(
      '/offset-obligations',
      recordCreate(
        {
          tags,
          summary: "States the offset obligation a programme's contract lays on its supplier side",
          description:
            "By a planner of the beneficiary party (the writer's own). The amount is the contract's value × the required percentage, rounded once half to even to the minor unit; the label is the programme's unless given. 404 for a programme you may not read; `offset.no_contract` before its contract is recorded.",
          body: obligationCreateSchema,
          answer: obligationSchema,
        },
        (actor, input) => createObligation(ctx, actor, input),
      ),
    );

    app.get('/offset-obligations', {
      schema: {
        tags,
        summary: 'The offset obligations you may read, by deadline',
        description: 'Of one programme (`programmeId`), or owed by or to one party (`party`), or all.',
        querystring: obligationListQuerySchema,
        response: { 200: listOf(obligationSchema), ...errorResponses },
      },
      handler: (req) => listObligations(ctx, requireActor(req), req.query),
    });

    app.get(
      '/offset-obligations/:id',
      recordRead({ tags, summary: 'An offset obligation', answer: obligationSchema }, ctx, getObligation),
    );

    app.get(
      '/offset-obligations/:id/claims',
      recordsUnder(
        { tags, summary: 'The credit claims you may read against an obligation, oldest first', item: claimSchema },
        ctx,
        listClaims,
      ),
    );

    app.post(
      '/offset-obligations/:id/claims',
      recordWrite(
        {
          tags,
          summary: 'Claims credit against an obligation',
          description:
            "By a planner or contributor of the party that owes it, in the obligation's currency, for a category the obligation's multiplier table names; the credit claimed is the value × that multiplier. The label is the obligation's unless given.",
          body: claimCreateSchema,
          answer: claimSchema,
          created: true,
        },
        (actor, id, input) => createClaim(ctx, actor, id, input),
      ),
    );

    app.get(
      '/offset-claims/:id',
      recordRead({ tags, summary: 'A credit claim with its steps', answer: claimSchema }, ctx, getClaim),
    );

    app.post(
      '/offset-claims/:id/move',
      recordWrite(
        {
          tags,
          summary: "One step of a claim's review: claimed → under_review → granted | refused",
          description:
            "By a planner of the beneficiary party, never the user who made the claim. Granting needs the value accepted (at most the value claimed); the credit granted is that value × the claim's multiplier. Refusing needs a reason. Give the `version` you read (or an If-Match header): a move without one is refused (`request.version_required`), a stale one answers 409.",
          body: claimMoveSchema,
          answer: claimSchema,
        },
        (actor, id, input, req) => moveClaim(ctx, actor, id, input, ifMatchVersion(req)),
      ),
    );

    app.get('/offset-ledger', {
      schema: {
        tags,
        summary: "The offset ledger of one contract (`contract`, a programme's id) or one party (`party`), as of a day",
        description: LEDGER,
        querystring: ledgerQuerySchema,
        response: { 200: ledgerSchema, ...errorResponses },
      },
      handler: (req) => offsetLedger(ctx, requireActor(req), req.query),
    });

    app.get('/offset-ledger.xlsx', {
      schema: {
        tags,
        summary: 'The offset ledger as a workbook',
        description:
          'The same ledger as GET /offset-ledger, with the same query: a Ledger sheet with a row per obligation, named by its title and its programme’s, and a total row, headed in `lang`, figures in the currency asked (numbers with its decimals; an amount of 2^53 minor units or more as its exact decimal text), each line with its own currency and the rate used. The sheet is marked, in its header row and on every printed page, with the high-water mark of every obligation and claim it counts; each row with that of its obligation, its claims and those credit was banked in from. Audited as an export.',
        querystring: ledgerWorkbookQuery,
        response: { 200: fileAnswer('The workbook', [{ type: XLSX, binary: true }]), ...errorResponses },
      },
      handler: async (req, reply) => {
        const { lang, ...query } = req.query;
        const buffer = await exportOffsetLedgerWorkbook(ctx, requireActor(req), query, lang);
        return sendXlsx(reply, buffer, `offset-ledger-${req.query.contract ?? req.query.party}.xlsx`);
      },
    });
  };
