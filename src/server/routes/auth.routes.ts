import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as accounts from '../../app/account.usecases.js';
import * as auth from '../../app/auth.usecases.js';
import type { AppContext } from '../../app/context.js';
import { listOf } from '../../domain/common.schema.js';
import {
  apiTokenSchema,
  loginSchema,
  managedUserSchema,
  passwordChangeSchema,
  passwordResetSchema,
  userCreateSchema,
  usernameSchema,
  userPatchSchema,
  userSchema,
} from '../../domain/user.schema.js';
import { requireActor, SESSION_COOKIE, setSessionCookie } from '../auth.js';
import { errorResponses, idParams, ifMatchVersion, sendRecord } from '../http.js';
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
      schema: {
        tags,
        summary: "Users of the admin's party",
        description: 'Administrators only; each user with whether they are active and the version to give when changing them.',
        response: { 200: listOf(managedUserSchema), ...errorResponses },
      },
      handler: (req) => accounts.listManagedUsers(ctx, requireActor(req)),
    });

    app.get('/users/:id', {
      schema: {
        tags,
        summary: "A user of the admin's party",
        description: 'A user of another party answers 404, as if missing.',
        params: idParams,
        response: { 200: managedUserSchema, ...errorResponses },
      },
      handler: async (req, reply) => sendRecord(reply, await accounts.getUser(ctx, requireActor(req), req.params.id)),
    });

    app.patch('/users/:id', {
      schema: {
        tags,
        summary: "Change a user of the admin's party",
        description:
          'Display name, roles, clearance, compartments, and `active` to deactivate or reactivate. Give the `version` you read ' +
          '(or an If-Match header); a stale version answers 409. A user of another party answers 404, as if missing. ' +
          'Administrators cannot remove their own admin role nor deactivate themselves (400). Deactivating ends the ' +
          "user's sessions and revokes their API tokens at once; reactivating restores neither.",
        params: idParams,
        body: userPatchSchema,
        response: { 200: managedUserSchema, ...errorResponses },
      },
      handler: async (req, reply) =>
        sendRecord(reply, await accounts.updateUser(ctx, requireActor(req), req.params.id, req.body, ifMatchVersion(req))),
    });

    app.post('/users/:id/password', {
      schema: {
        tags,
        summary: "Set a new password for a user of the admin's party",
        description:
          "Ends the user's sessions. A user of another party answers 404, as if missing; administrators change their own " +
          'password with `POST /api/me/password`.',
        params: idParams,
        body: passwordResetSchema,
        response: { 204: z.null(), ...errorResponses },
      },
      handler: async (req, reply) => {
        await accounts.resetPassword(ctx, requireActor(req), req.params.id, req.body.password);
        return reply.status(204).send(null);
      },
    });

    app.post('/me/password', {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Change one’s own password, giving the current one',
        description: 'A wrong current password answers 400. Every other session of the user ends; this one goes on.',
        body: passwordChangeSchema,
        response: { 204: z.null(), ...errorResponses, 429: problemSchema },
      },
      handler: async (req, reply) => {
        // The session in use stays open; a token-authenticated call keeps none.
        const session = req.headers.authorization ? undefined : req.cookies[SESSION_COOKIE];
        await accounts.changeOwnPassword(ctx, requireActor(req), req.body, session);
        return reply.status(204).send(null);
      },
    });

    app.get('/compartments', {
      schema: {
        tags,
        summary: 'The compartments (need-to-know) users may be given',
        response: { 200: listOf(z.object({ code: z.string(), name: z.string() })), ...errorResponses },
      },
      handler: async (req) => {
        requireActor(req);
        const items = await ctx.db.selectFrom('compartment').select(['code', 'name']).orderBy('code').execute();
        return { items, nextCursor: null };
      },
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

    app.get('/tokens', {
      schema: {
        tags,
        summary: 'Live API tokens of the caller, or of a user of the admin’s party',
        description:
          'Without `user`, the caller’s own tokens. With `user` (a username), an administrator lists the tokens of a user ' +
          'of their own party; a user of another party answers 404, as if missing. Never shows the secret nor its hash. ' +
          'Revoked tokens are not listed.',
        querystring: z.object({ user: usernameSchema.optional().describe('Username; administrators only') }).strict(),
        response: { 200: listOf(apiTokenSchema), ...errorResponses },
      },
      handler: (req) => accounts.listTokens(ctx, requireActor(req), req.query.user ?? requireActor(req).username),
    });

    app.delete('/tokens/:id', {
      schema: {
        tags,
        summary: 'Revoke an API token',
        description:
          'Its owner may revoke it, and an administrator of the owner’s party. It stops working at once. A token the ' +
          'caller may not revoke, or already revoked, answers 404.',
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
      handler: async (req, reply) => {
        await accounts.revokeToken(ctx, requireActor(req), req.params.id);
        return reply.status(204).send(null);
      },
    });
  };
