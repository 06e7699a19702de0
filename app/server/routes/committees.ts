import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { STAFF, STAFF_AND_DIRECTOR } from '../../shared/roles.js';
import {
  AcceptedInvitationDto,
  AcceptInvitationBody,
  clientErrors,
  CommitteeBody,
  CommitteeMemberParams,
  CommitteeOverviewDto,
  CommitteeParams,
  CycleParams,
  ErrorBody,
  InvitationBody,
  InvitationDto,
  InvitationLinkDto,
  InvitationParams,
  InvitationPublicDto,
  InvitationTokenParams,
  MembershipBody,
  Ok,
  RenewInvitationBody
} from '../../shared/schemas.js';
import type { Config } from '../config.js';
import { requireUser } from '../plugins/auth.js';
import { logout } from '../services/auth.js';
import {
  acceptInvitation,
  changeMembership,
  committeeOverview,
  createCommittee,
  invitationByToken,
  inviteMember,
  removeMember,
  renewInvitation,
  revokeInvitationById,
  updateCommittee
} from '../services/committees.js';

/** An invitation link that no longer works is gone for good (410), an unknown one was never there (404). */
const linkErrors = { ...clientErrors, 410: ErrorBody };

const committees: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  app.get(
    '/api/cycles/:cycleId/committees/overview',
    {
      schema: {
        'x-roles': STAFF_AND_DIRECTOR,
        summary: 'Committees with limits, seats taken, members and invitations',
        params: CycleParams,
        response: { 200: Type.Array(CommitteeOverviewDto), ...clientErrors }
      }
    },
    async (request) => committeeOverview(app.db, request.params.cycleId, new Date())
  );

  app.post(
    '/api/cycles/:cycleId/committees',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'Create a committee (limits default to 10 or 20 members and 2 observers)',
        params: CycleParams,
        body: CommitteeBody,
        response: { 201: CommitteeOverviewDto, ...clientErrors }
      }
    },
    async (request, reply) => {
      const committee = await createCommittee(app.db, {
        ...request.body,
        cycleId: request.params.cycleId,
        actorId: requireUser(request).userId,
        now: new Date()
      });
      return reply.status(201).send(committee);
    }
  );

  app.put(
    '/api/committees/:committeeId',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'Change a committee’s kind, name or limits (never below the seats taken)',
        params: CommitteeParams,
        body: CommitteeBody,
        response: { 200: CommitteeOverviewDto, ...clientErrors }
      }
    },
    async (request) =>
      updateCommittee(app.db, {
        ...request.body,
        committeeId: request.params.committeeId,
        actorId: requireUser(request).userId,
        now: new Date()
      })
  );

  app.put(
    '/api/committees/:committeeId/members/:userId',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'Make someone a member, chair or observer of the committee',
        params: CommitteeMemberParams,
        body: MembershipBody,
        response: { 200: CommitteeOverviewDto, ...clientErrors }
      }
    },
    async (request) =>
      changeMembership(app.db, {
        committeeId: request.params.committeeId,
        userId: request.params.userId,
        membership: request.body.membership,
        actorId: requireUser(request).userId,
        now: new Date()
      })
  );

  app.delete(
    '/api/committees/:committeeId/members/:userId',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'Remove someone from the committee (refused once they took part in one of its rounds)',
        params: CommitteeMemberParams,
        response: { 200: Ok, ...clientErrors }
      }
    },
    async (request) => {
      await removeMember(app.db, {
        committeeId: request.params.committeeId,
        userId: request.params.userId,
        actorId: requireUser(request).userId,
        now: new Date()
      });
      return { ok: true as const };
    }
  );

  app.post(
    '/api/committees/:committeeId/invitations',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'Invite someone; the answer holds the single-use link, shown this once',
        params: CommitteeParams,
        body: InvitationBody,
        response: { 201: InvitationLinkDto, ...clientErrors }
      }
    },
    async (request, reply) => {
      const issued = await inviteMember(app.db, {
        ...request.body,
        committeeId: request.params.committeeId,
        actorId: requireUser(request).userId,
        now: new Date()
      });
      return reply.status(201).send(issued);
    }
  );

  app.post(
    '/api/invitations/:invitationId/revoke',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'Withdraw an open invitation: its link stops working',
        params: InvitationParams,
        response: { 200: InvitationDto, ...clientErrors }
      }
    },
    async (request) =>
      revokeInvitationById(app.db, {
        invitationId: request.params.invitationId,
        actorId: requireUser(request).userId,
        now: new Date()
      })
  );

  app.post(
    '/api/invitations/:invitationId/renew',
    {
      schema: {
        'x-roles': STAFF,
        summary: 'A new link for an expired or lost invitation; the old link stops working',
        params: InvitationParams,
        body: Type.Optional(RenewInvitationBody),
        response: { 200: InvitationLinkDto, ...clientErrors }
      }
    },
    async (request) =>
      renewInvitation(app.db, {
        invitationId: request.params.invitationId,
        validDays: request.body?.validDays,
        actorId: requireUser(request).userId,
        now: new Date()
      })
  );

  app.get(
    '/api/invitation-links/:token',
    {
      schema: {
        'x-roles': ['public'],
        summary: 'What an invitation link is for, or why it no longer works (404 unknown, 410 used/withdrawn/expired)',
        params: InvitationTokenParams,
        response: { 200: InvitationPublicDto, ...linkErrors }
      }
    },
    async (request) =>
      invitationByToken(app.db, {
        token: request.params.token,
        viewer: request.user,
        now: new Date()
      })
  );

  app.post(
    '/api/invitation-links/:token/accept',
    {
      schema: {
        'x-roles': ['public'],
        summary: 'Accept an invitation: set a password (or be logged in with the invited account), join, log in',
        params: InvitationTokenParams,
        body: Type.Optional(AcceptInvitationBody),
        response: { 200: AcceptedInvitationDto, ...linkErrors }
      }
    },
    async (request, reply) => {
      const accepted = await acceptInvitation(app.db, {
        token: request.params.token,
        password: request.body?.password,
        viewer: request.user,
        hashCost: config.passwordHashCost,
        ttlHours: config.sessionTtlHours,
        now: new Date()
      });
      // As at login: the new session replaces whatever session this browser had.
      if (request.sessionTokenHash) await logout(app.db, request.sessionTokenHash);
      app.setSessionCookie(reply, accepted.session.token, accepted.session.expiresAt);
      return {
        user: accepted.session.user,
        csrfToken: accepted.session.csrfToken,
        committeeId: accepted.committeeId,
        created: accepted.created
      };
    }
  );
};

export default committees;
