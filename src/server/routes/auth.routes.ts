import rateLimit from '@fastify/rate-limit';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as accounts from '../../app/account.usecases.js';
import * as auth from '../../app/auth.usecases.js';
import * as clearance from '../../app/clearance.usecases.js';
import type { AppContext } from '../../app/context.js';
import { SignInThrottled } from '../../app/sign-in-throttle.js';
import { listOf } from '../../domain/common.schema.js';
import {
  apiTokenSchema,
  clearanceRequestSchema,
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

/** Runs a password check, telling a client that must wait how long, in a Retry-After header. */
async function withRetryAfter<T>(reply: FastifyReply, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (err) {
    if (err instanceof SignInThrottled) reply.header('retry-after', String(err.retryAfterSeconds));
    throw err;
  }
}

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
        description:
          'Attempts are counted per account from one address, per account and per address; past a few free ones each ' +
          'must wait a delay that doubles with every attempt (429 with Retry-After, the password unchecked). No account ' +
          'is ever locked: from another address its owner waits at most a minute. A right password starts the ' +
          "account's counts again.",
        body: loginSchema,
        response: {
          200: z.object({ user: userSchema, expires: z.string() }),
          401: problemSchema,
          429: problemSchema,
          400: problemSchema,
        },
      },
      handler: async (req, reply) => {
        const { token, expires, user } = await withRetryAfter(reply, () =>
          auth.login(ctx, req.body.username, req.body.password, req.ip),
        );
        setSessionCookie(reply, token, expires, opts.secureCookies || req.protocol === 'https');
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
        description:
          'Administrators only; each user with whether they are active, the raise of clearance or compartments awaiting a ' +
          'security officer (`pendingRaise`), and the version to give when changing them.',
        response: { 200: listOf(managedUserSchema), ...errorResponses },
      },
      handler: (req) => accounts.listManagedUsers(ctx, requireActor(req)),
    });

    app.get('/users/:id', {
      schema: {
        tags,
        summary: "A user of the admin's party",
        description:
          'Administrators only. A user of another party answers 404, as if missing; so does any other user to a non-administrator.',
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
          '(or an If-Match header); a stale version answers 409. A user of another party answers 404, as if missing; so ' +
          'does any other user to a non-administrator. The grant rule holds: an administrator changes only users whose ' +
          'clearance and compartments are within its own (403 otherwise), grants no role, clearance or compartment it does ' +
          'not hold (403, naming the field), and changes neither its own roles, clearance nor compartments (403); nobody ' +
          'deactivates themselves (400); the last active administrator of a party keeps its role and stays active (409). ' +
          'A raise (a higher clearance, or a compartment added) does not apply: it waits for a security officer of the ' +
          'party (`POST /api/clearance-requests/{id}/confirm`) and the answer is 202 with the request in `pendingRaise`, ' +
          'the rest of the change applied; a second raise while one waits answers 409. Deactivating ends the ' +
          "user's sessions and revokes their API tokens at once; reactivating restores neither.",
        params: idParams,
        body: userPatchSchema,
        response: { 200: managedUserSchema, 202: managedUserSchema, ...errorResponses },
      },
      handler: async (req, reply) => {
        const { user, awaiting } = await accounts.updateUser(
          ctx,
          requireActor(req),
          req.params.id,
          req.body,
          ifMatchVersion(req),
        );
        return sendRecord(reply, user, awaiting ? 202 : 200);
      },
    });

    app.post('/users/:id/password', {
      schema: {
        tags,
        summary: "Set a new password for a user of the admin's party",
        description:
          "Ends the user's sessions and revokes their API tokens, in the same transaction. A user of another party answers " +
          '404, as if missing, and so does any other user to a non-administrator; a user whose clearance or compartments ' +
          'exceed the administrator’s answers 403. Administrators change their own password with `POST /api/me/password`.',
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
        description:
          'A wrong current password answers 400 and is audited; it counts with the sign-ins of the account, and once ' +
          'they must wait, the change answers 429 with Retry-After, unchecked. Every other session of the user ends; ' +
          'this one goes on.',
        body: passwordChangeSchema,
        response: { 204: z.null(), ...errorResponses, 429: problemSchema },
      },
      handler: async (req, reply) => {
        // The session in use stays open; a token-authenticated call keeps none.
        const session = req.headers.authorization ? undefined : req.cookies[SESSION_COOKIE];
        await withRetryAfter(reply, () => accounts.changeOwnPassword(ctx, requireActor(req), req.body, session, req.ip));
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
        description:
          'The grant rule holds: no role, clearance or compartment the administrator does not hold itself (403, naming the ' +
          'field; `viewer`, which gives no power, any administrator may give). The account starts UNCLASSIFIED without ' +
          'compartments; a clearance or compartments asked for wait for a security officer of the party, as `pendingRaise`.',
        body: userCreateSchema,
        response: { 201: userSchema.extend({ pendingRaise: clearanceRequestSchema.nullable() }), ...errorResponses },
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
          'of their own party within its clearance and compartments (403 beyond them). Any other user answers 404 exactly ' +
          'as a missing one: a user of another party, and, to a non-administrator, any user but themselves. Never shows ' +
          'the secret nor its hash. Revoked tokens are not listed.',
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
          'Its owner may revoke it, and an administrator of the owner’s party within whose clearance and compartments the ' +
          'owner is. It stops working at once. A token the ' +
          'caller may not revoke, or already revoked, answers 404.',
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
      handler: async (req, reply) => {
        await accounts.revokeToken(ctx, requireActor(req), req.params.id);
        return reply.status(204).send(null);
      },
    });

    app.get('/clearance-requests', {
      schema: {
        tags,
        summary: 'Raises of clearance or compartments awaiting a security officer of the caller’s party',
        description:
          'Security officers and administrators only (403 otherwise). Raising a user’s clearance or adding a compartment ' +
          'waits here until a security officer of the party confirms or refuses it (two-person rule).',
        response: { 200: listOf(clearanceRequestSchema), ...errorResponses },
      },
      handler: (req) => clearance.listClearanceRequests(ctx, requireActor(req)),
    });

    for (const decision of ['confirm', 'refuse'] as const)
      app.post(`/clearance-requests/:id/${decision}`, {
        schema: {
          tags,
          summary: decision === 'confirm' ? 'Confirm a pending raise: it applies at once' : 'Refuse a pending raise',
          description:
            'A security officer of the user’s party, other than the user. To confirm, also other than the administrator ' +
            'who asked, and holding the clearance and compartments asked for (403 otherwise). Confirming raises the ' +
            'user’s clearance to at least the level asked for and adds the compartments. A request of another party ' +
            'answers 404, as if missing; one already decided answers 409. Audited as `user.clearance.' +
            decision +
            '`.',
          params: idParams,
          response: { 200: clearanceRequestSchema, ...errorResponses },
        },
        handler: (req) => clearance.decideRaise(ctx, requireActor(req), req.params.id, decision === 'confirm'),
      });
  };
