import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { calendarFeed, renewCalendarToken, revokeCalendarToken } from '../../app/calendar.usecases.js';
import type { AppContext } from '../../app/context.js';
import { problem } from '../../domain/problems.js';
import { requireActor } from '../auth.js';
import { errorResponses, fileAnswer } from '../http.js';
import { problemSchema } from '../problem.js';

export const calendarRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Calendar'];

    app.post('/me/calendar-token', {
      schema: {
        tags,
        summary: 'Get a new secret calendar address (the previous one stops working)',
        response: {
          201: z.object({ token: z.string(), path: z.string().describe('Subscribe to this address in a calendar program') }),
          ...errorResponses,
        },
      },
      handler: async (req, reply) => reply.status(201).send(await renewCalendarToken(ctx, requireActor(req))),
    });

    app.delete('/me/calendar-token', {
      schema: { tags, summary: 'Revoke the calendar address', response: { 204: z.null(), ...errorResponses } },
      handler: async (req, reply) => {
        await revokeCalendarToken(ctx, requireActor(req));
        return reply.status(204).send(null);
      },
    });

    app.get('/calendar/:file', {
      config: { public: true },
      schema: {
        tags,
        summary: 'iCalendar feed of the activities and sessions the token’s owner may read',
        description: 'The address is the credential: keep it secret, renew it to revoke.',
        params: z.object({ file: z.string().regex(/^[A-Za-z0-9_-]{20,100}\.ics$/, 'TOKEN.ics') }).strict(),
        response: { 200: fileAnswer('The iCalendar feed', [{ type: 'text/calendar' }]), 404: problemSchema, 400: problemSchema },
      },
      handler: async (req, reply) => {
        const feed = await calendarFeed(ctx, req.params.file.replace(/\.ics$/, ''));
        if (feed === null) throw problem('calendar.not_found');
        return reply
          .type('text/calendar; charset=utf-8')
          .header('cache-control', 'private, no-store')
          .serializer((s: string) => s)
          .send(feed);
      },
    });
  };
