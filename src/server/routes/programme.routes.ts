import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import {
  addAmendment,
  addDelivery,
  addMilestone,
  addOffer,
  addRate,
  addSystem,
  createProgramme,
  createSupplier,
  deleteOffer,
  exportProgrammeOcds,
  getProgramme,
  getSupplier,
  listCatalogue,
  listProgrammes,
  listRates,
  moveProgramme,
  programmeTotals,
  recordContract,
  updateMilestone,
  updateProgramme,
  withdrawOffer,
} from '../../app/programme.usecases.js';
import { idSchema, listOf } from '../../domain/common.schema.js';
import { partyCodeSchema } from '../../domain/labels.js';
import { ocdsJson } from '../../domain/ocds.js';
import {
  amendmentCreateSchema,
  contractCreateSchema,
  deliveryCreateSchema,
  exchangeRateCreateSchema,
  exchangeRateListQuerySchema,
  exchangeRateRecordSchema,
  milestoneCreateSchema,
  milestonePatchSchema,
  offerCreateSchema,
  offerWithdrawSchema,
  programmeCreateSchema,
  programmeListQuerySchema,
  programmeMoveSchema,
  programmePatchSchema,
  programmeSchema,
  programmeSummarySchema,
  programmeTotalsSchema,
  supplierCreateSchema,
  supplierSchema,
  systemCreateSchema,
  totalQuerySchema,
} from '../../domain/programme.schema.js';
import { requireActor } from '../auth.js';
import { errorResponses, idParams, sendRecord } from '../http.js';
import { type RouteDoc, recordPartWrite } from '../record-route.js';

const offerParams = z.object({ id: idSchema, offerId: idSchema }).strict();
const milestoneParams = z.object({ id: idSchema, milestoneId: idSchema }).strict();

export const programmeRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Procurement programmes'];

    app.get('/programmes', {
      schema: {
        tags,
        summary: 'One page of the procurement programmes you may read',
        description:
          'Newest first (creation time, then id). Filters combine: `status`, `owner` (the owner party), `commissionId`. Pass `nextCursor` back as `cursor` for the next page; `limit` is 50 by default, at most 500.',
        querystring: programmeListQuerySchema,
        response: { 200: listOf(programmeSummarySchema), ...errorResponses },
      },
      handler: (req) => listProgrammes(ctx, requireActor(req), req.query),
    });

    app.post('/programmes', {
      schema: {
        tags,
        summary: 'State a need: a new procurement programme',
        description:
          'The programme starts as a need: the capability gap, the quantity, the date it is required by and the budget ceiling in its currency (amounts as decimal strings, e.g. "1250000.00", with at most the currency\'s decimals). It belongs to a commission of which your party is a party, or to your party alone (`commissionId: null`), and links to the objectives and plan activities it serves.',
        body: programmeCreateSchema,
        response: { 201: programmeSchema, ...errorResponses },
      },
      handler: async (req, reply) => sendRecord(reply, await createProgramme(ctx, requireActor(req), req.body), 201),
    });

    app.get('/programmes/:id', {
      schema: {
        tags,
        summary: 'A programme with its offers, contract and history',
        params: idParams,
        response: { 200: programmeSchema, ...errorResponses },
      },
      handler: async (req, reply) => sendRecord(reply, await getProgramme(ctx, requireActor(req), req.params.id)),
    });

    /**
     * A write by the signed-in actor that answers the whole programme, its
     * version as the ETag; `run` gets the parsed params and body, and the
     * If-Match version for the writes that take one.
     */
    const programmeWrite = <P extends z.ZodType, B extends z.ZodType = z.ZodUndefined>(
      {
        method,
        url,
        status,
        ...doc
      }: Omit<RouteDoc, 'tags'> & {
        method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
        url: string;
        status: 200 | 201;
        params: P;
        body?: B;
      },
      run: Parameters<typeof recordPartWrite<P, typeof programmeSchema, B>>[1],
    ) => app.route({ method, url, ...recordPartWrite({ tags, ...doc, answer: programmeSchema, created: status === 201 }, run) });

    programmeWrite(
      {
        method: 'PATCH',
        url: '/programmes/:id',
        status: 200,
        summary: 'Change a programme: title, description, label, links, need',
        description:
          'Give the `version` you read (or an If-Match header); a stale version answers 409. The need changes only while the programme is a need. Links are the whole set among the records you may read.',
        params: idParams,
        body: programmePatchSchema,
      },
      (w) => updateProgramme(ctx, w.actor, w.params.id, w.body, w.ifMatch()),
    );

    programmeWrite(
      {
        method: 'POST',
        url: '/programmes/:id/transitions',
        status: 200,
        summary: 'Move a programme along its lifecycle',
        description:
          'need → evaluation (with at least one offer) → selected (name the `offerId`) → contracted (once the contract is recorded) → delivering → operational → closed; `cancelled` from any step before closed, with a `reason`. Each move is kept in the history with who, when and why.',
        params: idParams,
        body: programmeMoveSchema,
      },
      (w) => moveProgramme(ctx, w.actor, w.params.id, w.body, w.ifMatch()),
    );

    programmeWrite(
      {
        method: 'POST',
        url: '/programmes/:id/offers',
        status: 201,
        summary: 'Record an offer',
        description:
          "While the programme is a need or in evaluation. The supplier and its system come from a catalogue you may read; the unit and total prices are in the offer's currency; the delivery lots add up to the quantity.",
        params: idParams,
        body: offerCreateSchema,
      },
      (w) => addOffer(ctx, w.actor, w.params.id, w.body),
    );

    programmeWrite(
      {
        method: 'POST',
        url: '/programmes/:id/offers/:offerId/withdrawal',
        status: 200,
        summary: 'Withdraw an offer',
        description:
          'The offer stays on the programme, marked withdrawn with the reason. The selected offer cannot be withdrawn.',
        params: offerParams,
        body: offerWithdrawSchema,
      },
      (w) => withdrawOffer(ctx, w.actor, w.params.id, w.params.offerId, w.body.reason),
    );

    programmeWrite(
      {
        method: 'DELETE',
        url: '/programmes/:id/offers/:offerId',
        status: 200,
        summary: 'Delete an offer entered by mistake',
        description:
          'Only while the programme is a need: once the evaluation opened, nothing is deleted (409): withdraw the offer instead.',
        params: offerParams,
      },
      (w) => deleteOffer(ctx, w.actor, w.params.id, w.params.offerId),
    );

    programmeWrite(
      {
        method: 'PUT',
        url: '/programmes/:id/contract',
        status: 201,
        summary: 'Record the contract signed on the selected offer',
        description:
          'Once, while the programme is `selected`. Its value and currency are the signed ones; amendments change it later.',
        params: idParams,
        body: contractCreateSchema,
      },
      (w) => recordContract(ctx, w.actor, w.params.id, w.body, w.ifMatch()),
    );

    programmeWrite(
      {
        method: 'POST',
        url: '/programmes/:id/contract/milestones',
        status: 201,
        summary: 'Add a milestone to the contract',
        description: 'delivery, acceptance, payment, training or in_service, with its due date and value; it starts scheduled.',
        params: idParams,
        body: milestoneCreateSchema,
      },
      (w) => addMilestone(ctx, w.actor, w.params.id, w.body),
    );

    programmeWrite(
      {
        method: 'PATCH',
        url: '/programmes/:id/contract/milestones/:milestoneId',
        status: 200,
        summary: 'Say whether a milestone was met',
        description: 'scheduled, met, not_met or partially_met; met and partially met take the date met (today by default).',
        params: milestoneParams,
        body: milestonePatchSchema,
      },
      (w) => updateMilestone(ctx, w.actor, w.params.id, w.params.milestoneId, w.body),
    );

    programmeWrite(
      {
        method: 'POST',
        url: '/programmes/:id/contract/deliveries',
        status: 201,
        summary: 'Record a delivery of a lot and the quantity accepted',
        description: 'The quantity accepted over all deliveries never passes the quantity contracted.',
        params: idParams,
        body: deliveryCreateSchema,
      },
      (w) => addDelivery(ctx, w.actor, w.params.id, w.body),
    );

    programmeWrite(
      {
        method: 'POST',
        url: '/programmes/:id/contract/amendments',
        status: 201,
        summary: 'Amend the contract, with a rationale',
        description:
          "Amendments are numbered; one that gives a `value` replaces the contract's value (same currency) and keeps the value before.",
        params: idParams,
        body: amendmentCreateSchema,
      },
      (w) => addAmendment(ctx, w.actor, w.params.id, w.body),
    );

    app.get('/programmes/:id/ocds', {
      schema: {
        tags,
        summary: 'The programme as an Open Contracting Data Standard 1.1 record package',
        description:
          'planning (the need and budget), tender (tenderers), awards (the selected offer), contracts (milestones, amendments, implementation: deliveries and payments). Amounts are JSON numbers in major units, written exactly. Only what you may read is in it.',
        params: idParams,
        response: { 200: z.record(z.string(), z.unknown()).describe('OCDS record package'), ...errorResponses },
      },
      handler: async (req, reply) => {
        const pkg = await exportProgrammeOcds(ctx, requireActor(req), req.params.id);
        return reply
          .type('application/json; charset=utf-8')
          .serializer((text: unknown) => text as string)
          .send(ocdsJson(pkg) as unknown as Record<string, unknown>);
      },
    });

    app.get('/programmes/:id/totals', {
      schema: {
        tags,
        summary: 'Budget ceiling, offers and contract value in one currency',
        description:
          "Each amount converted at the latest rate of the installation's table on or before `on` (today by default), each line showing the rate used; an amount without a rate is refused, naming it.",
        params: idParams,
        querystring: totalQuerySchema,
        response: { 200: programmeTotalsSchema, ...errorResponses },
      },
      handler: (req) => programmeTotals(ctx, requireActor(req), req.params.id, req.query.currency, req.query.on),
    });

    // The catalogue of suppliers and systems.

    app.get('/suppliers', {
      schema: {
        tags,
        summary: 'Suppliers and their systems, from the catalogues you may read',
        querystring: z.object({ party: partyCodeSchema.optional() }).strict(),
        response: { 200: listOf(supplierSchema), ...errorResponses },
      },
      handler: (req) => listCatalogue(ctx, requireActor(req), req.query.party),
    });

    app.post('/suppliers', {
      schema: {
        tags,
        summary: "Add a supplier to your party's catalogue, with its systems",
        body: supplierCreateSchema,
        response: { 201: supplierSchema, ...errorResponses },
      },
      handler: async (req, reply) => sendRecord(reply, await createSupplier(ctx, requireActor(req), req.body), 201),
    });

    app.get('/suppliers/:id', {
      schema: {
        tags,
        summary: 'A supplier and its systems',
        params: idParams,
        response: { 200: supplierSchema, ...errorResponses },
      },
      handler: async (req, reply) => sendRecord(reply, await getSupplier(ctx, requireActor(req), req.params.id)),
    });

    app.post('/suppliers/:id/systems', {
      schema: {
        tags,
        summary: 'Add a system to a supplier',
        params: idParams,
        body: systemCreateSchema,
        response: { 201: supplierSchema, ...errorResponses },
      },
      handler: async (req, reply) => sendRecord(reply, await addSystem(ctx, requireActor(req), req.params.id, req.body), 201),
    });

    // The exchange-rate table.

    app.get('/exchange-rates', {
      schema: {
        tags,
        summary: "The installation's exchange rates, latest first, a page at a time",
        description:
          'Latest first, then by currency pair; of one currency (as `from` or `to`) and within `since`..`until` (inclusive) when given. Pass `nextCursor` as `cursor` for the next page; a cursor this server did not give answers 400 `request.bad_cursor`, and `until` before `since` 400 `period.end_before_start`.',
        querystring: exchangeRateListQuerySchema,
        response: { 200: listOf(exchangeRateRecordSchema), ...errorResponses },
      },
      handler: (req) => listRates(ctx, requireActor(req), req.query),
    });

    app.post('/exchange-rates', {
      schema: {
        tags,
        summary: 'Enter an exchange rate',
        description:
          'Administrators only. Units of `to` for one unit of `from`, from `date` on, with its source; who entered it is recorded. One rate per pair and day (409 otherwise).',
        body: exchangeRateCreateSchema,
        response: { 201: exchangeRateRecordSchema, ...errorResponses },
      },
      handler: async (req, reply) => reply.status(201).send(await addRate(ctx, requireActor(req), req.body)),
    });
  };
