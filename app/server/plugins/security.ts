import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ErrorBody } from '../../shared/schemas.js';
import { AppError } from '../errors.js';
import { routeRoles } from './auth.js';

export interface SecurityOptions {
  /** Login attempts per minute from one address. */
  loginPerMinute: number;
  /** Requests per minute from one address to each public endpoint. */
  publicPerMinute: number;
}

/**
 * Kept out of the log: session cookies and CSRF tokens, request bodies (passwords), e-mail addresses wherever they
 * are logged, and what a database error quotes from the offending row (`detail: Key (lower(email))=(…) already
 * exists`) or its query parameters.
 */
export const LOG_REDACT = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'req.body',
  'res.headers["set-cookie"]',
  'password',
  '*.password',
  'email',
  '*.email',
  'token',
  '*.token',
  'csrfToken',
  '*.csrfToken',
  'err.detail',
  'err.params',
  'err.parameters'
];

const LOGIN = '/api/auth/login';
// Public, but asked for by every page and by monitoring: a limit there would shut a busy office out of its pages.
const UNLIMITED = new Set(['/api/auth/me', '/api/health']);
const MINUTE = 60_000;

/**
 * Security headers on every response and rate limits per client address (request.ip, so behind a proxy only with
 * TRUST_PROXY set). Pages get their Content-Security-Policy from SvelteKit (kit.csp in svelte.config.js), which
 * knows the nonce of its inline start-up script; everything else gets a policy that allows nothing, as a JSON answer
 * or a download never needs to load anything.
 */
async function securityPlugin(app: FastifyInstance, options: SecurityOptions): Promise<void> {
  // Added before the plugins below register their own onRoute hooks, which read what this one sets.
  app.addHook('onRoute', (route) => {
    const roles = routeRoles(route.schema);
    if (!roles) {
      // Only the SvelteKit pages have no x-roles; one policy per response, and theirs is SvelteKit's. Their referrer
      // policy lets a page's own form post carry its Origin (with no-referrer browsers send "null", which SvelteKit's
      // check of form actions refuses), and still tells other sites nothing.
      if (!route.url.startsWith('/api/')) {
        route.helmet = { contentSecurityPolicy: false, referrerPolicy: { policy: 'same-origin' } };
      }
      return;
    }
    const max =
      route.url === LOGIN
        ? options.loginPerMinute
        : roles.includes('public') && !UNLIMITED.has(route.url)
          ? options.publicPerMinute
          : null;
    // A route may bring a limit of its own (the Vraagpunt form counts per hour).
    const own = (route.config as { rateLimit?: unknown } | undefined)?.rateLimit;
    if (!own) {
      if (max === null) return;
      route.config = { ...route.config, rateLimit: { max, timeWindow: MINUTE } };
    }
    // Copied, not changed in place: routes share response schemas.
    route.schema = { ...route.schema, response: { ...(route.schema?.response as object), 429: ErrorBody } };
  });

  await app.register(fastifyHelmet, {
    // As frame-ancestors 'none', for browsers that only know the older header.
    frameguard: { action: 'deny' },
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"]
      }
    }
  });

  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new AppError(429, 'rate_limited', `Too many requests. Try again in ${seconds} seconds.`, {
        retryAfter: seconds
      });
    }
  });
}

export default fp(securityPlugin, { name: 'security' });
