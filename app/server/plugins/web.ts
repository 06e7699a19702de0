import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { API_BRIDGE, type ApiBridge } from '../../shared/bridge.js';

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** Loads the SvelteKit adapter-node build, if there is one. */
export async function loadWebHandler(buildDir: string): Promise<NodeHandler | null> {
  const file = path.join(buildDir, 'handler.js');
  if (!existsSync(file)) return null;
  const module = (await import(pathToFileURL(file).href)) as { handler: NodeHandler };
  return module.handler;
}

/** Hands every non-API GET/HEAD to SvelteKit; changes go through the JSON API only. */
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

  app.route({
    method: ['GET', 'HEAD'],
    url: '/*',
    schema: { hide: true },
    handler: (request, reply) => {
      if (request.url.startsWith('/api/')) return reply.callNotFound();
      reply.hijack();
      Object.assign(request.raw, { [API_BRIDGE]: bridgeFor(request.ip) });
      options.handler(request.raw, reply.raw, () => {
        reply.raw.statusCode = 404;
        reply.raw.end('Not found');
      });
    }
  });
}

export default fp(webPlugin, { name: 'web' });
