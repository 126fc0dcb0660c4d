import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as commissions from '../../app/commission.usecases.js';
import type { AppContext } from '../../app/context.js';
import { listOrganisations, listParties } from '../../app/party.usecases.js';
import { commissionCreateSchema, commissionSchema, sessionCreateSchema, sessionSchema } from '../../domain/commission.schema.js';
import { listOf } from '../../domain/common.schema.js';
import { organisationSchema, partySchema } from '../../domain/party.schema.js';
import { requireActor } from '../auth.js';
import { errorResponses } from '../http.js';
import { recordCollection, recordsUnder, recordWrite } from '../record-route.js';

export const commissionRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Commissions'];

    app.get('/parties', {
      schema: { tags, summary: 'Parties of this installation', response: { 200: listOf(partySchema), ...errorResponses } },
      handler: (req) => {
        requireActor(req);
        return listParties(ctx);
      },
    });

    app.get('/organisations', {
      schema: {
        tags,
        summary: 'Organisations of the parties',
        description: 'Ministries, staffs, units and firms that may lead an activity, by party and name.',
        response: { 200: listOf(organisationSchema), ...errorResponses },
      },
      handler: (req) => {
        requireActor(req);
        return listOrganisations(ctx);
      },
    });

    recordCollection(app, ctx, {
      path: '/commissions',
      tags,
      answer: commissionSchema,
      list: { summary: 'Commissions the caller may read', run: commissions.listCommissions },
      create: { summary: 'Create a joint commission', body: commissionCreateSchema, run: commissions.createCommission },
      read: { summary: 'A commission', run: commissions.getCommission },
    });

    app.get(
      '/commissions/:id/sessions',
      recordsUnder({ tags, summary: 'Sessions of a commission', item: sessionSchema }, ctx, commissions.listSessions),
    );

    app.post(
      '/commissions/:id/sessions',
      recordWrite(
        {
          tags,
          summary: 'Record a session of a commission',
          description:
            'A number already held by a session the caller can read answers 409; one held only by sessions the caller cannot read is accepted, since numbers are unique per label (docs/polyinstantiation.md).',
          body: sessionCreateSchema,
          answer: sessionSchema,
          created: true,
        },
        (actor, id, input) => commissions.createSession(ctx, actor, id, input),
      ),
    );
  };
