import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorForSession, actorForToken } from '../app/auth.usecases.js';
import type { Actor, AppContext } from '../app/context.js';
import { unauthenticated } from '../domain/errors.js';

export const SESSION_COOKIE = 'jp_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Routes anyone may call without signing in. */
    public?: boolean;
  }
}

/** Resolves the caller from `Authorization: Bearer <token>` or the session cookie. */
export async function resolveActor(ctx: AppContext, request: FastifyRequest): Promise<Actor | null> {
  const header = request.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m?.[1]) throw unauthenticated('Authorization must be `Bearer <token>`');
    return actorForToken(ctx, m[1]);
  }
  const cookie = request.cookies[SESSION_COOKIE];
  return cookie ? actorForSession(ctx, cookie) : null;
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthenticated();
  return request.actor;
}

export function setSessionCookie(reply: FastifyReply, token: string, expires: string, secure: boolean) {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/', expires: new Date(expires) });
}
