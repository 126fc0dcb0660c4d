import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as auth from '../../app/auth.usecases.js';
import type { AppContext } from '../../app/context.js';
import { listOf } from '../../domain/common.schema.js';
import { loginSchema, userCreateSchema, userSchema } from '../../domain/user.schema.js';
import { requireActor, SESSION_COOKIE, setSessionCookie } from '../auth.js';
import { errorResponses } from '../http.js';
import { problemSchema } from '../problem.js';

export const authRoutes =
  (ctx: AppContext, opts: { secureCookies: boolean }): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Accounts'];
    // Flood protection per address; the per-account lock-out lives in the database.
    await app.register(rateLimit, { global: false });

    app.post('/auth/login', {
      config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Sign in; sets an httpOnly session cookie',
        body: loginSchema,
        response: {
          200: z.object({ user: userSchema, expires: z.string() }),
          401: problemSchema,
          429: problemSchema,
          400: problemSchema,
        },
      },
      handler: async (req, reply) => {
        const { token, expires, user } = await auth.login(ctx, req.body.username, req.body.password, req.ip);
        setSessionCookie(reply, token, expires, opts.secureCookies);
        return { user, expires };
      },
    });

    app.post('/auth/logout', {
      config: { public: true },
      schema: { tags, summary: 'Sign out', response: { 204: z.null() } },
      handler: async (req, reply) => {
        const token = req.cookies[SESSION_COOKIE];
        if (token) await auth.logout(ctx, token);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    });

    app.get('/me', {
      schema: { tags, summary: 'The signed-in user', response: { 200: userSchema, ...errorResponses } },
      handler: (req) => auth.presentUser(requireActor(req)),
    });

    app.get('/users', {
      schema: { tags, summary: "Users of the admin's party", response: { 200: listOf(userSchema), ...errorResponses } },
      handler: (req) => auth.listUsers(ctx, requireActor(req)),
    });

    app.post('/users', {
      schema: {
        tags,
        summary: "Add a user to the admin's party",
        body: userCreateSchema,
        response: { 201: userSchema, ...errorResponses },
      },
      handler: async (req, reply) => reply.status(201).send(await auth.addUser(ctx, requireActor(req), req.body)),
    });

    app.post('/tokens', {
      schema: {
        tags,
        summary: 'Create an API token for the caller',
        description: 'The secret is shown once; send it as `Authorization: Bearer <token>`.',
        body: z.object({ name: z.string().trim().min(1).max(100) }).strict(),
        response: { 201: z.object({ id: z.string(), name: z.string(), token: z.string() }), ...errorResponses },
      },
      handler: async (req, reply) => {
        const actor = requireActor(req);
        return reply.status(201).send(await auth.createToken(ctx, actor, actor.username, req.body.name));
      },
    });
  };
