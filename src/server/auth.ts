import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorForSession, actorForToken } from '../app/auth.usecases.js';
import type { Actor, AppContext } from '../app/context.js';
import { problem } from '../domain/problems.js';

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
    if (!m?.[1]) throw problem('auth.bad_authorization');
    return actorForToken(ctx, m[1]);
  }
  const cookie = request.cookies[SESSION_COOKIE];
  return cookie ? actorForSession(ctx, cookie) : null;
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw problem('common.unauthenticated');
  return request.actor;
}

/** Sets the session cookie; `secure` whenever the request came over HTTPS, directly or through a declared proxy. */
export function setSessionCookie(reply: FastifyReply, token: string, expires: string, secure: boolean) {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/', expires: new Date(expires) });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a write a browser sends on behalf of another site (CSRF). Browsers
 * name the page's origin on every write they send with fetch or a form
 * (Origin, and Sec-Fetch-Site in current ones); it must be this server's own.
 * A request with neither header does not come from a browser page, and one
 * with a bearer token does not ride on the session cookie, so both go on.
 * The host is compared, not the scheme, so that a TLS proxy the server was
 * not told about does not refuse the web app; over HTTPS the page must be too.
 */
export function assertSameOrigin(request: FastifyRequest) {
  if (SAFE_METHODS.has(request.method) || request.headers.authorization) return;
  const origin = request.headers.origin;
  if (origin !== undefined) {
    let page: URL | null = null;
    try {
      page = new URL(origin);
    } catch {
      // "null" (a sandboxed or privacy-sensitive page) and other non-URLs name no origin we could trust.
    }
    // Parsed alike, so that case and a default port (`localhost:80`) do not tell the same host apart.
    const own = URL.canParse(`${request.protocol}://${request.host}`) ? new URL(`${request.protocol}://${request.host}`) : null;
    const sameHost = page !== null && own !== null && page.host === own.host;
    const sameScheme = page !== null && (page.protocol === 'https:' || request.protocol !== 'https');
    if (!sameHost || !sameScheme) throw problem('auth.cross_site');
    return;
  }
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') throw problem('auth.cross_site');
}
