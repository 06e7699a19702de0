import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ANY_USER } from '../../shared/roles.js';
import { clientErrors, LoginBody, MeDto, Ok } from '../../shared/schemas.js';
import type { Config } from '../config.js';
import { requireUser, SESSION_COOKIE } from '../plugins/auth.js';
import { login, logout, UnknownAddressFailures } from '../services/auth.js';

const auth: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  const unknownAddresses = new UnknownAddressFailures();
  const lockout = { maxFailures: config.loginMaxFailures, minutes: config.loginLockoutMinutes };

  app.post(
    '/api/auth/login',
    {
      schema: {
        'x-roles': ['public'],
        summary: 'Log in with e-mail and password; starts a session cookie',
        body: LoginBody,
        response: { 200: MeDto, ...clientErrors }
      }
    },
    async (request, reply) => {
      // A fresh session at every login: an old cookie never carries over.
      if (request.sessionTokenHash) await logout(app.db, request.sessionTokenHash);
      const result = await login(app.db, {
        email: request.body.email,
        password: request.body.password,
        ttlHours: config.sessionTtlHours,
        hashCost: config.passwordHashCost,
        now: new Date(),
        lockout,
        unknownAddresses
      });
      app.setSessionCookie(reply, result.token, result.expiresAt);
      return { user: result.user, csrfToken: result.csrfToken };
    }
  );

  app.post(
    '/api/auth/logout',
    { schema: { 'x-roles': ANY_USER, summary: 'End the session', response: { 200: Ok, ...clientErrors } } },
    async (request, reply) => {
      requireUser(request);
      if (request.sessionTokenHash) await logout(app.db, request.sessionTokenHash);
      app.clearSessionCookie(reply);
      return { ok: true as const };
    }
  );

  app.get(
    '/api/auth/me',
    {
      schema: { 'x-roles': ['public'], summary: 'Who is logged in (user null when nobody)', response: { 200: MeDto } }
    },
    async (request, reply) => {
      if (request.cookies[SESSION_COOKIE] && !request.user) app.clearSessionCookie(reply);
      const user = request.user;
      return user
        ? { user: { id: user.userId, email: user.email, name: user.name, role: user.role }, csrfToken: user.csrfToken }
        : { user: null, csrfToken: null };
    }
  );
};

export default auth;
