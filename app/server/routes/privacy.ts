import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EraseBody, EraseResultDto, PersonExportDto, PersonQuery } from '../../shared/privacy.js';
import { STAFF } from '../../shared/roles.js';
import { clientErrors } from '../../shared/schemas.js';
import { requireUser } from '../plugins/auth.js';
import { erasePerson, findPerson } from '../services/privacy.js';

/** Requests of a person about their own data (GDPR): what is held, as a download, and its erasure. */
const privacy: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/privacy/person',
    {
      schema: {
        'x-roles': STAFF,
        summary:
          'Everything held about the person with this e-mail address (as an asker, an account, a committee ' +
          'member, in the audit log), as a JSON download; 404 when nothing is held',
        querystring: PersonQuery,
        response: { 200: PersonExportDto, ...clientErrors }
      }
    },
    async (request, reply) => {
      const held = await findPerson(app.db, request.query.email, new Date());
      // The file name leaves the address out: downloads folders and browser histories are not the place for it.
      return reply
        .header('content-disposition', 'attachment; filename="persoonsgegevens.json"')
        .header('cache-control', 'no-store')
        .send(held);
    }
  );

  app.post(
    '/api/privacy/erase',
    {
      schema: {
        'x-roles': STAFF,
        summary:
          'Erase the personal data of the person with this e-mail address; their questions stay de-identified, an ' +
          'account stays under a pseudonym (so scores still count), disabled. 404 when nothing is held',
        body: EraseBody,
        response: { 200: EraseResultDto, ...clientErrors }
      }
    },
    async (request) => {
      const user = requireUser(request);
      return erasePerson(app.db, {
        email: request.body.email,
        actor: { id: user.userId, role: user.role },
        now: new Date()
      });
    }
  );
};

export default privacy;
