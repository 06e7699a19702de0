/**
 * Bad requests to every JSON route, generated from the route table (`/api/openapi.json`) as access.test.ts walks it:
 * bodies that break the schema (wrong types, missing fields, unknown fields, garbage nested anywhere, text that is not
 * JSON, the wrong content type, more than the 1 MB body limit), bodies that keep to the schema with very long strings,
 * and path or query values that are not ids. Each answers 4xx in the app's error shape, with a code the pages can
 * translate, never 500; the app still answers /api/health afterwards. Each route is called by a role it allows, on
 * rows of the seeded demo.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverThemes } from '../../analysis/cluster/discover-themes.js';
import { ROLES, type Access, type Role } from '../shared/roles.js';
import { seedDemo } from './services/demo.js';
import { Client, createTestApp, type TestApp } from './testing/test-app.js';
import type { DiscoveryJob, DiscoveryOutcome, DiscoveryRunner } from './workers/discovery-runner.js';

const PASSWORD = 'demo-password-123';
const DEMO = (name: string) => `${name}@demo.kennisagenda.test`;
const ACCOUNTS: Record<Role, string> = {
  admin: DEMO('admin'),
  staff: DEMO('staff'),
  director: DEMO('director'),
  committee: DEMO('gebruiker2')
};
/** Routes that start or end a session: called without one, so the callers' sessions survive. */
const SESSION_ROUTES = ['/api/auth/login', '/api/auth/logout', '/api/invitation-links/{token}/accept'];
const BODY_LIMIT = 1024 * 1024;
const CATALOGUE = JSON.parse(
  readFileSync(new URL('../web/lib/i18n/messages/nl-BE.json', import.meta.url), 'utf8')
) as Record<string, string>;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface JsonSchema {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  format?: string;
  pattern?: string;
}

interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}

interface Operation {
  method: Method;
  path: string;
  roles: Access[];
  params: Parameter[];
  query: Parameter[];
  body: JsonSchema | null;
}

interface OpenApiDoc {
  paths: Record<
    string,
    Record<
      string,
      {
        'x-roles'?: Access[];
        parameters?: Parameter[];
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
      }
    >
  >;
}

const inProcessRunner: DiscoveryRunner = {
  async run(job: DiscoveryJob, options: { onStart?: () => void } = {}): Promise<DiscoveryOutcome> {
    await Promise.resolve();
    options.onStart?.();
    return { result: discoverThemes(job.questions, job.options), durationMs: 0 };
  },
  async close() {}
};

let t: TestApp;
let app: FastifyInstance;
let ops: Operation[];
const clients = {} as Record<Role, Client>;
/** Real rows of the demo by path parameter or field name. */
const ids: Record<string, number | string> = {};
/** Every error code answered, to check that the pages can translate the generic ones. */
const codes = new Set<string>();

beforeAll(async () => {
  t = await createTestApp(
    { LOGIN_RATE_LIMIT_PER_MINUTE: '100000', PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000' },
    { discoveryRunner: inProcessRunner }
  );
  app = t.app;
  await seedDemo(app.db, { password: PASSWORD, hashCost: 4 });
  const first = async (table: string, column = 'id') => {
    const row = (await app.db
      .selectFrom(table as 'cycles')
      .selectAll()
      .orderBy(column as 'id')
      .executeTakeFirst()) as Record<string, unknown> | undefined;
    return row?.[column] as number | string | undefined;
  };
  const tables: Record<string, string> = {
    cycleId: 'cycles',
    committeeId: 'committees',
    roundId: 'rating_rounds',
    themeId: 'themes',
    questionId: 'questions',
    sourceId: 'sources',
    batchId: 'import_batches',
    runId: 'clustering_runs',
    outputId: 'theme_outputs',
    criterionId: 'round_criteria',
    linkId: 'duplicate_links',
    feedbackId: 'theme_feedback',
    invitationId: 'invitations',
    id: 'agenda_versions'
  };
  for (const [name, table] of Object.entries(tables)) {
    const value = await first(table);
    if (value !== undefined) ids[name] = value;
  }
  ids.userId = (
    await app.db.selectFrom('users').select('id').where('email', '=', DEMO('gebruiker4')).executeTakeFirstOrThrow()
  ).id;
  ids.startsOn = String(await first('school_years', 'starts_on'));
  ids.number = 1;
  for (const role of ROLES) {
    const client = new Client(app);
    const response = await client.login(ACCOUNTS[role], PASSWORD);
    if (response.statusCode !== 200) throw new Error(`login as ${role} failed: ${response.body}`);
    clients[role] = client;
  }
  const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as OpenApiDoc;
  ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase() as Method,
      path,
      roles: op['x-roles'] ?? [],
      params: (op.parameters ?? []).filter((p) => p.in === 'path'),
      query: (op.parameters ?? []).filter((p) => p.in === 'query'),
      body: op.requestBody?.content?.['application/json']?.schema ?? null
    }))
  );
}, 180_000);

afterAll(async () => {
  await t?.close();
});

/** The caller for an operation: a role it allows, or no session for public routes and those that change sessions. */
function callerFor(op: Operation): Client {
  if (SESSION_ROUTES.includes(op.path) || op.roles.includes('public')) return new Client(app);
  if (op.roles.includes('session-owner')) return clients.staff;
  const role = (['staff', 'admin', 'director', 'committee'] as const).find((r) => op.roles.includes(r));
  if (!role) throw new Error(`${op.method} ${op.path} allows no role this test has`);
  return clients[role];
}

function send(
  op: Operation,
  options: { url?: string; payload?: string | object; contentType?: string } = {}
): Promise<LightMyRequestResponse> {
  const client = callerFor(op);
  const headers: Record<string, string> = {};
  if (client.cookie) headers.cookie = client.cookie;
  if (client.csrf && op.method !== 'GET') headers['x-csrf-token'] = client.csrf;
  if (options.contentType) headers['content-type'] = options.contentType;
  return app.inject({
    method: op.method,
    url: options.url ?? url(op),
    headers,
    ...(options.payload === undefined ? {} : { payload: options.payload })
  });
}

function pathValue(name: string): string {
  if (name === 'key') return 'json-fuzz-progress-key';
  return String(ids[name] ?? (name === 'token' ? 'geen-geldige-link' : 1));
}

function url(op: Operation, path: Record<string, string> = {}, query: Record<string, string> = {}): string {
  const target = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(path[name] ?? pathValue(name)));
  const pairs = op.query
    .filter((p) => p.required || p.name in query)
    .map((p) => [
      p.name,
      query[p.name] ?? (p.name === 'fileName' ? 'vragen.csv' : String(valid(p.schema ?? {}, p.name)))
    ]);
  return pairs.length > 0 ? `${target}?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v!)}`).join('&')}` : target;
}

const typeOf = (schema: JsonSchema) =>
  Array.isArray(schema.type) ? schema.type.find((type) => type !== 'null') : schema.type;

/** A value the schema accepts, with real ids where a field names one; `text` gives every free string. */
function valid(schema: JsonSchema, name: string, text?: (schema: JsonSchema) => string): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return valid(options.find((o) => o.type !== 'null') ?? options[0]!, name, text);
  switch (typeOf(schema)) {
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {})
          .filter(([key]) => text !== undefined || (schema.required ?? []).includes(key))
          .map(([key, property]) => [key, valid(property, key, text)])
      );
    case 'array': {
      const item = valid(schema.items ?? {}, name.replace(/s$/, ''), text);
      return Array.from({ length: Math.max(schema.minItems ?? 0, 1) }, () => item);
    }
    case 'integer':
    case 'number': {
      const id = ids[name] ?? ids[name.replace(/Ids$/, 'Id')];
      if (/Ids?$/.test(name) && typeof id === 'number') return id;
      return Math.min(Math.max(schema.minimum ?? 1, 1), schema.maximum ?? Number.MAX_SAFE_INTEGER);
    }
    case 'string':
      if (schema.format === 'date-time') return '2030-06-30T12:00:00.000Z';
      if (schema.format === 'date' || /On$/.test(name)) return String(ids.startsOn);
      if (schema.pattern && !new RegExp(schema.pattern, 'u').test('xxxxxxxx')) return String(ids.startsOn);
      if (schema.format === 'email' || name === 'email') return 'niemand@test.be';
      return text ? text(schema) : 'x'.repeat(Math.max(schema.minLength ?? 1, 1));
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return {};
  }
}

/** Random letters from a fixed seed: text that compresses badly, as an index entry would have to hold it. */
function noise(length: number, seed = 1): string {
  let state = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out += String.fromCharCode(97 + (state % 26));
  }
  return out;
}

/** A refusal in the app's error shape, with a code the pages translate; returns it for further checks. */
function expectRefusal(response: LightMyRequestResponse, where: string, statuses?: number[]) {
  expect(response.statusCode, `${where}: ${response.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(response.statusCode, `${where}: ${response.body.slice(0, 300)}`).toBeLessThan(500);
  if (statuses) expect(statuses, `${where}: ${response.body.slice(0, 300)}`).toContain(response.statusCode);
  const { error } = response.json() as { error: { code: string; message: string; details: object } };
  expect(error.code, where).toMatch(/^[a-z_]+$/);
  expect(error.message.length, where).toBeGreaterThan(0);
  expect(typeof error.details, where).toBe('object');
  codes.add(error.code);
  return error;
}

/** Any answer but a 500; a refusal in the error shape. */
function expectNo500(response: LightMyRequestResponse, where: string) {
  expect(response.statusCode, `${where}: ${response.body.slice(0, 300)}`).toBeLessThan(500);
  if (response.statusCode >= 400) expectRefusal(response, where);
}

const withBody = () => ops.filter((op) => op.body !== null);
const describeOp = (op: Operation) => `${op.method} ${op.path}`;

describe('JSON bodies that break the schema', () => {
  it('a body of the wrong type, or without its required fields: 400', async () => {
    expect(withBody().length).toBeGreaterThan(30);
    for (const op of withBody()) {
      const wrong = typeOf(op.body!) === 'array' ? { not: 'a list' } : ['not', 'an', 'object'];
      expectRefusal(await send(op, { payload: wrong }), describeOp(op), [400]);
      expectRefusal(await send(op, { payload: '"tekst"', contentType: 'application/json' }), describeOp(op), [400]);
      if ((op.body!.required ?? []).length > 0) {
        const error = expectRefusal(await send(op, { payload: {} }), describeOp(op), [400]);
        expect(error.code).toBe('validation');
      }
    }
  });

  it('an unknown field holding a long string: 400', async () => {
    for (const op of withBody().filter((o) => o.body!.additionalProperties === false)) {
      const body = { ...(valid(op.body!, 'body') as object), nietBestaand: noise(200_000) };
      expectRefusal(await send(op, { payload: body }), describeOp(op), [400]);
    }
  });

  it('text that is not JSON, or JSON the parser refuses: 400 invalid_body', async () => {
    for (const op of withBody()) {
      for (const text of ['{"a":', '{"a": 1,}', "{'a': 1}", '\u0000', '{"__proto__": {"x": 1}}']) {
        const error = expectRefusal(
          await send(op, { payload: text, contentType: 'application/json' }),
          `${describeOp(op)} ${JSON.stringify(text)}`,
          [400]
        );
        expect(['invalid_body', 'bad_request', 'validation']).toContain(error.code);
      }
    }
  });

  it('a body that is not JSON by its content type: 415 unsupported_media_type, or 400 when read as text', async () => {
    for (const op of withBody()) {
      const xml = expectRefusal(
        await send(op, { payload: '<vraag/>', contentType: 'application/xml' }),
        describeOp(op),
        [415]
      );
      expect(xml.code).toBe('unsupported_media_type');
      // Fastify reads text/plain as a string, which no object schema accepts.
      expectRefusal(await send(op, { payload: '{"a":1}', contentType: 'text/plain' }), describeOp(op), [400, 415]);
    }
  });

  it('a body over the 1 MB limit: 413 too_large', async () => {
    const big = JSON.stringify({ tekst: noise(BODY_LIMIT + 1024) });
    for (const op of withBody()) {
      const error = expectRefusal(
        await send(op, { payload: big, contentType: 'application/json' }),
        describeOp(op),
        [413]
      );
      expect(error.code).toBe('too_large');
    }
  });

  it('garbage nested in any field: a 4xx in the error shape, never a 500', async () => {
    const garbage = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.constantFrom(-1, 0, 1.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, '', ' ', '\u0000', 'NaN', '2024-02-30'),
      fc.array(fc.integer(), { maxLength: 2000 })
    );
    for (const op of withBody().filter((o) => Object.keys(o.body!.properties ?? {}).length > 0)) {
      const fields = Object.keys(op.body!.properties!);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...fields), garbage, async (field, value) => {
          const body = { ...(valid(op.body!, 'body') as object), [field]: value };
          expectNo500(await send(op, { payload: body }), `${describeOp(op)} ${field}=${JSON.stringify(value)}`);
          return true;
        }),
        { seed: 5101, numRuns: 4 }
      );
    }
  }, 60_000);
});

describe('JSON bodies that keep to the schema', () => {
  it('with every string field as long as it may be (up to 20,000 characters): never a 500', async () => {
    let seed = 1;
    for (const op of withBody()) {
      const long = (schema: JsonSchema) => noise(Math.min(schema.maxLength ?? 20_000, 20_000), seed++);
      expectNo500(await send(op, { payload: valid(op.body!, 'body', long) as object }), describeOp(op));
    }
  });
});

describe('path and query values that are no ids', () => {
  const BAD = ['abc', '-1', '0', '1.5', '99999999999999999999', ' '];

  it('in a path: 400 or 404, never a 500', async () => {
    const withParams = ops.filter((op) =>
      op.params.some((p) => ['integer', 'number'].includes(typeOf(p.schema ?? {})!))
    );
    expect(withParams.length).toBeGreaterThan(50);
    for (const op of withParams) {
      for (const param of op.params.filter((p) => ['integer', 'number'].includes(typeOf(p.schema ?? {})!))) {
        for (const value of BAD) {
          const response = await send(op, {
            url: url(op, { [param.name]: value }),
            ...(op.body ? { payload: valid(op.body, 'body') as object } : {})
          });
          expectRefusal(response, `${describeOp(op)} ${param.name}=${value}`, [400, 404]);
        }
      }
    }
  }, 60_000);

  it('in a query string: a 4xx in the error shape, never a 500', async () => {
    for (const op of ops.filter((o) => o.query.length > 0)) {
      for (const param of op.query) {
        for (const value of [...BAD, noise(5000)]) {
          const response = await send(op, {
            url: url(op, {}, { [param.name]: value }),
            ...(op.body ? { payload: valid(op.body, 'body') as object } : {})
          });
          expectNo500(response, `${describeOp(op)} ?${param.name}=${value.slice(0, 20)}`);
        }
      }
    }
  });
});

describe('afterwards', () => {
  it('the app still answers, and the refusals of malformed requests have a Dutch message', async () => {
    const health = await app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok' });
    // The codes this file provokes on every route; the domain codes of each route belong to its own tests.
    const generic = ['validation', 'invalid_body', 'unsupported_media_type', 'too_large', 'invalid_value', 'not_found'];
    for (const code of generic) expect(codes, code).toContain(code);
    expect(generic.filter((code) => !(`error.${code}` in CATALOGUE))).toEqual([]);
  });
});
