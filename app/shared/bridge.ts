/**
 * How server-rendered pages reach the JSON API without a network hop: the Fastify
 * server hangs an `inject` function on the raw request it hands to SvelteKit, and
 * SvelteKit's `handleFetch` hook sends `/api/*` fetches through it.
 */
export const API_BRIDGE = Symbol.for('kennisagenda.apiBridge');

export interface BridgeRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface BridgeResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: Buffer;
}

export type ApiBridge = (request: BridgeRequest) => Promise<BridgeResponse>;
