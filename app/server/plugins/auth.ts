import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { findSession, type SessionUser } from '../../../db/queries/sessions.js';
import type { Access } from '../../shared/roles.js';
import { AppError, forbidden, unauthorized } from '../errors.js';

export const SESSION_COOKIE = 'kw_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
    sessionTokenHash: string | null;
  }
  interface FastifyContextConfig {
    /** Copied from the route schema's `x-roles` when the route is registered. */
    roles?: Access[];
  }
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');
export const newToken = () => randomBytes(32).toString('base64url');

/** Compares two tokens in constant time. */
export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** The route's allowed roles, declared once in its schema so the OpenAPI document shows them. */
export function routeRoles(schema: unknown): Access[] | undefined {
  const roles = (schema as Record<string, unknown> | undefined)?.['x-roles'];
  return Array.isArray(roles) ? (roles as Access[]) : undefined;
}

export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw unauthorized();
  return request.user;
}

async function authPlugin(app: FastifyInstance, options: { cookieSecure: boolean }): Promise<void> {
  await app.register(fastifyCookie);
  app.decorateRequest('user', null);
  app.decorateRequest('sessionTokenHash', null);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const roles = routeRoles(route.schema);
    if (!roles) throw new Error(`Route ${route.method} ${route.url} declares no x-roles in its schema.`);
    if (!route.schema?.response) throw new Error(`Route ${route.method} ${route.url} declares no response schema.`);
    route.config = { ...route.config, roles };
  });

  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (request.routeOptions.config.roles?.includes('session-owner')) {
      // The route compares the token (and on changes the CSRF header) with those of the session that started the work.
      request.sessionTokenHash = token ? hashToken(token) : null;
      return;
    }
    if (token) {
      const tokenHash = hashToken(token);
      request.user = await findSession(app.db, tokenHash, new Date());
      if (request.user) request.sessionTokenHash = tokenHash;
    }
    if (SAFE_METHODS.has(request.method)) return;
    if (request.user) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameToken(sent, request.user.csrfToken)) {
        throw new AppError(403, 'csrf', `Missing or wrong ${CSRF_HEADER} header.`);
      }
    } else {
      // No session yet (login): only our own pages may post, as browsers always send Origin on POST.
      const origin = request.headers.origin;
      if (origin !== undefined && originHost(origin) !== request.headers.host) {
        throw new AppError(403, 'csrf', 'Cross-site request refused.');
      }
    }
  });

  // Before validation: a caller the route refuses learns nothing of its schema, whatever the body or query.
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const roles = request.routeOptions.config.roles;
    if (!roles || roles.includes('public') || roles.includes('session-owner')) return;
    const user = requireUser(request);
    if (!roles.includes(user.role)) throw forbidden();
  });

  app.decorate('setSessionCookie', function (reply: FastifyReply, token: string, expiresAt: Date) {
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      // 'auto': Secure whenever the request came in over HTTPS, also through a proxy Fastify trusts (TRUST_PROXY).
      secure: options.cookieSecure ? true : 'auto',
      expires: expiresAt
    });
  });
  app.decorate('clearSessionCookie', function (reply: FastifyReply) {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date): void;
    clearSessionCookie(reply: FastifyReply): void;
  }
}

export default fp(authPlugin, { name: 'auth', dependencies: ['db'] });
