import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { ownEmail, ownLanguage, setOwnEmail, setOwnLanguage } from '../../app/notification-mail.usecases.js';
import { recordWatchers, unwatchRecord, type WatchedType, watchRecord } from '../../app/watcher.usecases.js';
import { idSchema } from '../../domain/common.schema.js';
import { emailAddressSchema, languageSettingSchema, watchersSchema } from '../../domain/watcher.schema.js';
import { requireActor } from '../auth.js';
import { errorResponses } from '../http.js';

const params = z.object({ id: idSchema }).strict();
const RECORDS: { path: string; type: WatchedType; name: string; tag: string }[] = [
  { path: '/activities/:id/watchers', type: 'activity', name: 'activity', tag: 'Activities' },
  { path: '/action-items/:id/watchers', type: 'action_item', name: 'action item', tag: 'Sessions' },
];

export const watcherRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    for (const { path, type, name, tag } of RECORDS) {
      const tags = [tag];
      app.get(path, {
        schema: {
          tags,
          summary: `Who watches the ${name}`,
          description: `Answers 404 to a reader who may not read the ${name}, exactly as for one that does not exist.`,
          params,
          response: { 200: watchersSchema, ...errorResponses },
        },
        handler: (req) => recordWatchers(ctx, requireActor(req), type, req.params.id),
      });
      app.put(`${path}/me`, {
        schema: {
          tags,
          summary: `Watch the ${name}`,
          description: `From now on the reader is notified (and e-mailed, where the installation sends mail) of every change others make to the ${name}${type === 'activity' ? ' and its follow-ups' : ''} that the reader may read. Watching twice is watching once. Audited.`,
          params,
          response: { 200: watchersSchema, ...errorResponses },
        },
        handler: (req) => watchRecord(ctx, requireActor(req), type, req.params.id),
      });
      app.delete(`${path}/me`, {
        schema: {
          tags,
          summary: `Stop watching the ${name}`,
          params,
          response: { 200: watchersSchema, ...errorResponses },
        },
        handler: (req) => unwatchRecord(ctx, requireActor(req), type, req.params.id),
      });
    }

    app.get('/me/email', {
      schema: {
        tags: ['Accounts'],
        summary: 'One’s own e-mail address for notifications',
        response: { 200: emailAddressSchema, ...errorResponses },
      },
      handler: (req) => ownEmail(ctx, requireActor(req)),
    });

    app.put('/me/email', {
      schema: {
        tags: ['Accounts'],
        summary: 'Set or remove one’s own e-mail address for notifications',
        description:
          'Notifications and the daily digest are e-mailed to it when the installation has an SMTP server (JOINTPLAN_SMTP_URL), each message marked with the highest marking of what it holds.',
        body: emailAddressSchema,
        response: { 200: emailAddressSchema, ...errorResponses },
      },
      handler: (req) => setOwnEmail(ctx, requireActor(req), req.body.email),
    });

    app.get('/me/language', {
      schema: {
        tags: ['Accounts'],
        summary: 'The language one reads JointPlan in',
        response: { 200: languageSettingSchema, ...errorResponses },
      },
      handler: (req) => ownLanguage(ctx, requireActor(req)),
    });

    app.put('/me/language', {
      schema: {
        tags: ['Accounts'],
        summary: 'Set the language one reads JointPlan in',
        description:
          'The web app saves it when one chooses a language. Notifications and the daily digest are e-mailed in it (null: English). Audited as a change to one’s account.',
        body: languageSettingSchema,
        response: { 200: languageSettingSchema, ...errorResponses },
      },
      handler: (req) => setOwnLanguage(ctx, requireActor(req), req.body.language),
    });
  };
