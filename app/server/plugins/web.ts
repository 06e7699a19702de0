import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { API_BRIDGE, type ApiBridge } from '../../shared/bridge.js';

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * adapter-node takes a page's protocol from the header PROTOCOL_HEADER names, and assumes https without one. The web
 * plugin fills this header from Fastify's own view (which honours TRUST_PROXY), so page URLs, and the origin check of
 * a form action, see the protocol the visitor used.
 */
const PROTOCOL_HEADER = 'x-kennisagenda-protocol';

/** Loads the SvelteKit adapter-node build, if there is one. */
export async function loadWebHandler(buildDir: string): Promise<NodeHandler | null> {
  const file = path.join(buildDir, 'handler.js');
  if (!existsSync(file)) return null;
  // Read by the handler module when it loads.
  process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;
  const module = (await import(pathToFileURL(file).href)) as { handler: NodeHandler };
  return module.handler;
}

/** Pages whose form posts to a SvelteKit form action; every other change goes through the JSON API only. */
const FORM_ACTION_PAGES = ['/vraagpunt'];

/** Hands every non-API GET/HEAD, and the form posts of FORM_ACTION_PAGES, to SvelteKit. */
async function webPlugin(app: FastifyInstance, options: { handler: NodeHandler }): Promise<void> {
  // A page's calls to the API come from the visitor's address, so the API's rate limits count visitors, not pages.
  const bridgeFor =
    (remoteAddress: string): ApiBridge =>
    async (req) => {
      const res = await app.inject({
        method: req.method as 'GET',
        url: req.url,
        headers: req.headers,
        payload: req.body,
        remoteAddress
      });
      return { status: res.statusCode, headers: res.headers, body: res.rawPayload };
    };

  const toSvelteKit = (request: FastifyRequest, reply: FastifyReply) => {
    if (request.url.startsWith('/api/')) return reply.callNotFound();
    reply.hijack();
    request.raw.headers[PROTOCOL_HEADER] = request.protocol;
    Object.assign(request.raw, { [API_BRIDGE]: bridgeFor(request.ip) });
    options.handler(request.raw, reply.raw, () => {
      reply.raw.statusCode = 404;
      reply.raw.end('Not found');
    });
  };

  app.route({ method: ['GET', 'HEAD'], url: '/*', schema: { hide: true }, handler: toSvelteKit });

  // The public form works without the page's script too: its plain POST goes to the page's form action, which sends
  // the question through the API like every other change. The body stays unread here, for SvelteKit to read.
  await app.register(async (forms) => {
    forms.removeAllContentTypeParsers();
    forms.addContentTypeParser('*', (_request, _payload, done) => done(null));
    for (const url of FORM_ACTION_PAGES)
      forms.route({ method: 'POST', url, schema: { hide: true }, handler: toSvelteKit });
  });
}

export default fp(webPlugin, { name: 'web' });
