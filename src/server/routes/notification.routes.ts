import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { listNotifications, markAllNotificationsRead, markNotificationRead } from '../../app/notification.usecases.js';
import { listOf } from '../../domain/common.schema.js';
import { notificationQuerySchema, notificationSchema } from '../../domain/notification.schema.js';
import { requireActor } from '../auth.js';
import { errorResponses } from '../http.js';

export const notificationRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Notifications'];

    app.get('/notifications', {
      schema: {
        tags,
        summary: 'My notifications: due soon, overdue, and changes to what I lead',
        description: 'Built by the daily digest; `day` gives one day’s digest.',
        querystring: notificationQuerySchema,
        response: { 200: listOf(notificationSchema), ...errorResponses },
      },
      handler: (req) => listNotifications(ctx, requireActor(req), req.query),
    });

    app.post('/notifications/:id/read', {
      schema: {
        tags,
        summary: 'Mark a notification read',
        params: z.object({ id: z.coerce.number().int().min(1) }).strict(),
        response: { 204: z.null(), ...errorResponses },
      },
      handler: async (req, reply) => {
        await markNotificationRead(ctx, requireActor(req), req.params.id);
        return reply.status(204).send(null);
      },
    });

    app.post('/notifications/read-all', {
      schema: { tags, summary: 'Mark all my notifications read', response: { 204: z.null(), ...errorResponses } },
      handler: async (req, reply) => {
        await markAllNotificationsRead(ctx, requireActor(req));
        return reply.status(204).send(null);
      },
    });
  };
