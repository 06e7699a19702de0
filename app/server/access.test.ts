/**
 * Access control, generated from the route table (`/api/openapi.json`): every operation is called anonymously and as
 * each role, and must answer as its `x-roles` says. Then the confidentiality of an open round: a committee member sees
 * neither another member's answers nor the askers' personal data, on any route they can call.
 *
 * One seeded demo (seedDemo) serves the whole file. The matrix runs reads first, then changes, then deletions and the
 * calls that end or replace a session, so that a change by one caller leaves the later calls a fixture to work on;
 * those may then answer 404 or 409, which is fine: what matters here is the access answer.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverThemes } from '../../analysis/cluster/discover-themes.js';
import { ROLES, type Access, type Role } from '../shared/roles.js';
import { inviteMember } from './services/committees.js';
import { seedDemo } from './services/demo.js';
import { addFeedback } from './services/feedback.js';
import { createRound } from './services/rounds.js';
import { Client, createTestApp, loginAs, type TestApp } from './testing/test-app.js';
import type { DiscoveryJob, DiscoveryOutcome, DiscoveryRunner } from './workers/discovery-runner.js';

const PASSWORD = 'demo-password-123';
const DEMO = (name: string) => `${name}@demo.kennisagenda.test`;
/** The logged-in caller per role: demo accounts; the committee member rates in the user committee. */
const ACCOUNTS: Record<Role, string> = {
  admin: DEMO('admin'),
  staff: DEMO('staff'),
  director: DEMO('director'),
  committee: DEMO('gebruiker2')
};
const KNOWN_ACCESS: readonly Access[] = [...ROLES, 'public', 'session-owner'];

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Caller = Role | 'anonymous';
const CALLERS: Caller[] = ['anonymous', ...ROLES];

interface JsonSchema {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  format?: string;
  pattern?: string;
}

interface Operation {
  method: Method;
  path: string;
  roles: Access[];
  query: { name: string; required?: boolean; schema?: JsonSchema }[];
  body: JsonSchema | null;
}

interface OpenApiDoc {
  paths: Record<
    string,
    Record<
      string,
      {
        'x-roles'?: unknown;
        parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[];
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
      }
    >
  >;
}

/** Theme discovery on this thread (as seedDemo does): the small demo needs no worker thread and its start-up. */
const inProcessRunner: DiscoveryRunner = {
  async run(job: DiscoveryJob, options: { onStart?: () => void } = {}): Promise<DiscoveryOutcome> {
    await Promise.resolve();
    options.onStart?.();
    const started = performance.now();
    const result = discoverThemes(job.questions, job.options);
    return { result, durationMs: Math.round(performance.now() - started) };
  },
  async close() {}
};

let t: TestApp;
let app: FastifyInstance;
/** Real rows of the seeded demo, by the name of the path parameter or body field that takes them. */
let ids: Record<string, number | string>;
const clients = {} as Record<Caller, Client>;
/** The running import's progress key, started by the staff client (the owner of the session-owner routes). */
const PROGRESS_KEY = 'access-test-progress-1';

async function one<T>(promise: Promise<T | undefined>, what: string): Promise<T> {
  const row = await promise;
  if (row === undefined) throw new Error(`The demo has no ${what}.`);
  return row;
}

async function userId(email: string): Promise<number> {
  return (await app.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
}

async function login(email: string): Promise<Client> {
  const client = new Client(app);
  const response = await client.login(email, PASSWORD);
  if (response.statusCode !== 200) throw new Error(`login as ${email} failed: ${response.body}`);
  return client;
}

/** Like Client.request, for every method (PATCH too) and without a client for anonymous calls. */
function call(client: Client, method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}) {
  const all: Record<string, string> = { ...headers };
  if (client.cookie) all.cookie = client.cookie;
  if (client.csrf && method !== 'GET') all['x-csrf-token'] = client.csrf;
  return app.inject({
    method,
    url,
    headers: all,
    ...(payload === undefined ? {} : { payload: payload as string | object })
  });
}

function operations(doc: OpenApiDoc): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase() as Method,
      path,
      roles: (Array.isArray(op['x-roles']) ? op['x-roles'] : []) as Access[],
      query: (op.parameters ?? []).filter((p) => p.in === 'query'),
      body: op.requestBody?.content?.['application/json']?.schema ?? null
    }))
  );
}

/** An id of a real row for a field name: `themeId`, `toThemeId`, `questionIds`… (1 when the demo has none). */
function idFor(name: string): number {
  const key = name.replace(/Ids$/, 'Id').replace(/^to([A-Z])/, (_, c: string) => c.toLowerCase());
  const value = ids[key] ?? ids[name];
  return typeof value === 'number' ? value : 1;
}

/** A schema-valid guess: required fields only, real ids where a field names one. */
function sample(schema: JsonSchema, name: string): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return sample(options.find((o) => o.type !== 'null') ?? options[0]!, name);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(
        (schema.required ?? []).map((key) => [key, sample(schema.properties?.[key] ?? {}, key)])
      );
    case 'array': {
      const count = schema.minItems ?? 0;
      if (/Ids$/.test(name)) return [idFor(name), idFor('afterThemeId'), idFor('questionId')].slice(0, count || 1);
      return Array.from({ length: count }, () => sample(schema.items ?? {}, name));
    }
    case 'integer':
    case 'number':
      if (/Id$/.test(name)) return idFor(name);
      return Math.min(Math.max(schema.minimum ?? 1, 1), schema.maximum ?? Number.MAX_SAFE_INTEGER);
    case 'string':
      if (schema.format === 'date-time') return '2030-06-30T12:00:00.000Z';
      if (schema.format === 'date' || /On$/.test(name)) return String(ids.startsOn);
      if (schema.pattern && new RegExp(schema.pattern, 'u').test(String(ids.startsOn))) return String(ids.startsOn);
      if (schema.format === 'email' || name === 'email') return 'niemand@test.be';
      return 'x'.repeat(Math.max(schema.minLength ?? 1, 1));
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return {};
  }
}

function url(op: Operation, overrides: Record<string, number | string> = {}): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = overrides[name] ?? ids[name];
    if (value === undefined) throw new Error(`No fixture row for path parameter ${name} of ${op.path}.`);
    return encodeURIComponent(String(value));
  });
  const query = op.query
    .filter((p) => p.required)
    .map((p) => {
      const value =
        p.name === 'fileName' ? 'vragen.csv' : p.name === 'theme' ? idFor('themeId') : sample(p.schema ?? {}, p.name);
      return `${p.name}=${encodeURIComponent(String(value))}`;
    });
  return query.length > 0 ? `${path}?${query.join('&')}` : path;
}

const errorCode = (response: LightMyRequestResponse): string | undefined => {
  try {
    return (response.json() as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
};

/**
 * Allowed callers that may still get a 401 or 403, each with its reason; kept explicit and small. Access that also
 * depends on the data is not listed here but tested on its own (below): a committee member outside the round's
 * committees (403 not_round_member), an observer rating (403 observer_cannot_rate), another member's feedback
 * (403 not_own_feedback), the director before a round closes (409 round_open). The matrix's fixture avoids them:
 * its committee caller rates in the demo round and wrote the feedback it changes.
 */
const EXCEPTIONS: { op: string; callers: Caller[]; status: number; code: string; reason: string }[] = [
  {
    op: 'POST /api/auth/login',
    callers: CALLERS,
    status: 401,
    code: 'invalid_credentials',
    reason: 'the made-up credentials are wrong: a refused login, not a refused role'
  }
];

/**
 * Fills the demo with the rows some routes need and the demo does not have: an invitation (with its link), feedback
 * by the committee caller in an open feedback round, and an import the staff caller runs under a progress key.
 */
async function extraFixture(cycleId: number, staffId: number, committeeIds: number[]): Promise<void> {
  const now = new Date();
  const invitation = await inviteMember(app.db, {
    committeeId: Number(ids.committeeId),
    name: 'Uitgenodigd Lid',
    email: 'uitgenodigd@test.be',
    membership: 'member',
    actorId: staffId,
    now
  });
  ids.invitationId = invitation.invitation.id;
  ids.token = invitation.token;

  const feedbackRound = await createRound(app.db, {
    cycleId,
    body: { name: 'Feedback op de thema’s', kind: 'feedback', committeeIds },
    userId: staffId,
    now
  });
  const feedback = await addFeedback(app.db, {
    roundId: feedbackRound.id,
    userId: await userId(ACCOUNTS.committee),
    themeId: Number(ids.themeId),
    category: 'gaps',
    text: 'Er ontbreekt een thema over schoolverzuim.',
    now
  });
  ids.feedbackId = feedback.id;

  const source = Number(ids.sourceId);
  const csv = 'vraag\nHoe begeleid ik leerlingen die vaak afwezig zijn zonder dat ze de draad kwijtraken?\n';
  const imported = await call(
    clients.staff,
    'POST',
    `/api/cycles/${cycleId}/imports?sourceId=${source}&fileName=progress.csv&progress=${PROGRESS_KEY}`,
    csv,
    { 'content-type': 'text/csv' }
  );
  if (imported.statusCode !== 201) throw new Error(`import failed: ${imported.body}`);
  ids.key = PROGRESS_KEY;
}

beforeAll(async () => {
  t = await createTestApp({}, { discoveryRunner: inProcessRunner });
  app = t.app;
  await seedDemo(app.db, { password: PASSWORD, hashCost: 4 });
  const db = app.db;
  const cycle = await one(db.selectFrom('cycles').select('id').orderBy('id').executeTakeFirst(), 'cycle');
  const committees = await db
    .selectFrom('committees')
    .select(['id', 'kind'])
    .where('cycle_id', '=', cycle.id)
    .orderBy('id')
    .execute();
  const userCommittee = committees.find((c) => c.kind === 'user')!.id;
  const [theme, otherTheme] = await db
    .selectFrom('themes')
    .select('id')
    .where('cycle_id', '=', cycle.id)
    .orderBy('id')
    .execute();
  const round = await one(
    db.selectFrom('rating_rounds').select('id').where('kind', '=', 'rating').orderBy('id').executeTakeFirst(),
    'rating round'
  );
  const version = await one(
    db.selectFrom('agenda_versions').select(['id', 'number']).orderBy('id').executeTakeFirst(),
    'agenda version'
  );
  ids = {
    cycleId: cycle.id,
    committeeId: userCommittee,
    // Another member of the user committee (and a rater of the demo round): never the committee caller itself.
    userId: await userId(DEMO('gebruiker4')),
    roundId: round.id,
    themeId: theme!.id,
    afterThemeId: otherTheme!.id,
    questionId: (
      await one(
        db.selectFrom('questions').select('id').where('theme_id', 'is not', null).orderBy('id').executeTakeFirst(),
        'question'
      )
    ).id,
    sourceId: (await one(db.selectFrom('sources').select('id').orderBy('id').executeTakeFirst(), 'source')).id,
    batchId: (await one(db.selectFrom('import_batches').select('id').orderBy('id').executeTakeFirst(), 'import')).id,
    runId: (await one(db.selectFrom('clustering_runs').select('id').orderBy('id').executeTakeFirst(), 'run')).id,
    outputId: (await one(db.selectFrom('theme_outputs').select('id').orderBy('id').executeTakeFirst(), 'output')).id,
    criterionId: (await one(db.selectFrom('round_criteria').select('id').orderBy('id').executeTakeFirst(), 'crit')).id,
    startsOn: String(
      (await one(db.selectFrom('school_years').select('starts_on').orderBy('starts_on').executeTakeFirst(), 'year'))
        .starts_on
    ),
    id: version.id,
    number: version.number!
  };
  const duplicate = await db.selectFrom('duplicate_links').select('id').orderBy('id').executeTakeFirst();
  if (duplicate) ids.linkId = duplicate.id;

  clients.anonymous = new Client(app);
  for (const role of ROLES) clients[role] = await login(ACCOUNTS[role]);
  await extraFixture(
    cycle.id,
    await userId(ACCOUNTS.staff),
    committees.map((c) => c.id)
  );
  if (ids.linkId === undefined) {
    const detected = await call(clients.staff, 'POST', `/api/cycles/${cycle.id}/duplicates/detect`, {});
    expect(detected.statusCode).toBeLessThan(300);
    ids.linkId = (await one(db.selectFrom('duplicate_links').select('id').executeTakeFirst(), 'duplicate link')).id;
  }
}, 120_000);

afterAll(async () => {
  await t?.close();
});

async function routeTable(): Promise<Operation[]> {
  const response = await call(clients.anonymous, 'GET', '/api/openapi.json');
  expect(response.statusCode).toBe(200);
  return operations(response.json() as OpenApiDoc);
}

/** Every route Fastify registered, as "METHOD /path/{param}", from printRoutes' tree (HEAD left out). */
function registeredRoutes(): string[] {
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(\S+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + match[2]!;
    stack[depth] = path;
    for (const method of (match[3] ?? '').split(', ').filter((m) => m && m !== 'HEAD')) {
      routes.push(`${method} ${path.replace(/:(\w+)(\([^)]*\))?/g, '{$1}')}`);
    }
  }
  return routes.sort();
}

describe('the route table', () => {
  it('declares the roles of every operation, and lists every registered route', async () => {
    const ops = await routeTable();
    expect(ops.length).toBeGreaterThan(100);
    for (const op of ops) {
      expect(op.roles.length, `${op.method} ${op.path} declares no x-roles`).toBeGreaterThan(0);
      for (const role of op.roles) expect(KNOWN_ACCESS, `${op.method} ${op.path}`).toContain(role);
    }
    // A route hidden from the document would escape the matrix below.
    expect(registeredRoutes()).toEqual(ops.map((op) => `${op.method} ${op.path}`).sort());
  });
});

describe('committee members in an open round', () => {
  const ASKERS = [
    { name: 'Marieke Janssens', email: 'marieke.janssens@basisschool-test.be', phone: '0471 23 45 67' },
    { name: 'Pieter Claeys', email: 'p.claeys@atheneum-test.be', phone: '0472 98 76 54' },
    { name: 'Fatima El Amrani', email: 'fatima.elamrani@kleuterschool-test.be', phone: '0473 11 22 33' }
  ];
  // The demo's vraagpunt.csv has no personal data (vraag, onderwijsniveau, functie, datum): this Vraagpunt export
  // adds askers with name, e-mail and phone, and questions that name them and give their contact details.
  const PERSONAL_CSV = [
    'vraag,naam,e-mail,telefoon,onderwijsniveau',
    ...ASKERS.map(
      (a, i) =>
        `"Mijn naam is ${a.name}. Hoe betrek ik ouders die geen Nederlands spreken bij het leren van hun kind (vraag ${i + 1})? Mail me op ${a.email} of bel ${a.phone}.",${a.name},${a.email},${a.phone},lager`
    )
  ].join('\n');
  const B_COMMENT = 'OPMERKING-VAN-LID-B-7f3a';
  const B_REASON = 'REDEN-VAN-LID-B-91c2';
  const B_INTEREST = 'BELANG-VAN-LID-B-44d8';

  let memberA: Client;
  let memberB: Client;
  let observer: Client;
  let bId: number;
  let roundId: number;
  let adHocThemeId: number;
  let batchId: number;
  let themeIds: number[];
  let criteria: number[];

  beforeAll(async () => {
    const cycleId = Number(ids.cycleId);
    const staff = clients.staff;
    const imported = await call(
      staff,
      'POST',
      `/api/cycles/${cycleId}/imports?sourceId=${ids.sourceId}&fileName=vraagpunt-extra.csv`,
      PERSONAL_CSV,
      { 'content-type': 'text/csv' }
    );
    expect(imported.statusCode, imported.body).toBe(201);
    batchId = imported.json().id;
    const questionIds = (
      await app.db.selectFrom('questions').select('id').where('batch_id', '=', batchId).execute()
    ).map((q) => q.id);
    expect(questionIds).toHaveLength(ASKERS.length);
    const adHoc = await call(staff, 'POST', `/api/cycles/${cycleId}/themes/ad-hoc`, {
      name: 'Ouders die geen Nederlands spreken',
      justification: 'Veel vragen via Vraagpunt dit voorjaar.',
      questionIds
    });
    expect(adHoc.statusCode, adHoc.body).toBeLessThan(300);
    adHocThemeId = adHoc.json().themeId;

    const opened = await call(staff, 'POST', `/api/cycles/${cycleId}/rounds`, {
      name: 'Open ronde',
      criteria: [{ name: 'Relevantie' }, { name: 'Urgentie' }]
    });
    expect(opened.statusCode, opened.body).toBe(201);
    roundId = opened.json().id;
    expect(opened.json()).toMatchObject({ status: 'open' });
    const detail = (await call(staff, 'GET', `/api/rounds/${roundId}`)).json();
    themeIds = (detail.themes as { id: number }[]).map((th) => th.id);
    expect(themeIds).toContain(adHocThemeId);
    criteria = (detail.criteria as { id: number }[]).map((c) => c.id);

    memberA = await login(DEMO('gebruiker5'));
    memberB = await login(DEMO('gebruiker6'));
    observer = await login(DEMO('waarnemer1'));
    bId = await userId(DEMO('gebruiker6'));

    const declare = async (client: Client, body: object) =>
      expect((await call(client, 'PUT', `/api/rounds/${roundId}/declaration`, body)).statusCode).toBe(200);
    await declare(memberA, { none: true, themes: [] });
    await declare(memberB, { none: false, general: B_INTEREST, themes: [] });
    for (const themeId of themeIds) {
      for (const criterionId of criteria) {
        const a = await call(memberA, 'PUT', `/api/rounds/${roundId}/scores`, { themeId, criterionId, value: 2 });
        expect(a.statusCode, a.body).toBe(200);
        const b = await call(memberB, 'PUT', `/api/rounds/${roundId}/scores`, {
          themeId,
          criterionId,
          value: 5,
          reason: B_REASON
        });
        expect(b.statusCode, b.body).toBe(200);
      }
    }
    const comment = await call(memberB, 'PUT', `/api/rounds/${roundId}/comments`, {
      themeId: adHocThemeId,
      comment: B_COMMENT
    });
    expect(comment.statusCode, comment.body).toBe(200);
    expect((await call(memberB, 'POST', `/api/rounds/${roundId}/submit`)).statusCode).toBe(200);
  }, 120_000);

  it('shows a member only their own answers on their ballot; an observer none', async () => {
    const ballot = (await call(memberA, 'GET', `/api/rounds/${roundId}/ballot`)).json();
    expect(ballot.themes.length).toBe(themeIds.length);
    for (const theme of ballot.themes as { scores: Record<string, number | null>; comment: string | null }[]) {
      expect(theme.scores).toEqual(Object.fromEntries(criteria.map((c) => [c, 2])));
      expect(theme.comment).toBeNull();
    }
    // B's answers are there, for staff: B scored 5 everywhere and declared an interest.
    const stored = await app.db.selectFrom('scores').select('value').where('round_id', '=', roundId).execute();
    expect(stored.filter((s) => s.value === 5)).toHaveLength(themeIds.length * criteria.length);
    const conflicts = await call(clients.staff, 'GET', `/api/cycles/${ids.cycleId}/rounds/${roundId}/conflicts`);
    expect(conflicts.body).toContain(B_INTEREST);
    const watched = (await call(observer, 'GET', `/api/rounds/${roundId}/ballot`)).json();
    for (const theme of watched.themes as { scores: object; comment: string | null }[]) {
      expect(theme.scores).toEqual({});
      expect(theme.comment).toBeNull();
    }
  });

  it('gives a member no other member’s answers nor any personal data on any route they can call', async () => {
    const staffView = await call(clients.staff, 'GET', `/api/cycles/${ids.cycleId}/imports/${batchId}/personal-data`);
    // Not vacuous: the personal data is there, for staff.
    expect(staffView.statusCode).toBe(200);
    for (const asker of ASKERS) expect(staffView.body).toContain(asker.email);

    const forbidden = [
      ...ASKERS.flatMap((a) => [a.name, a.email, a.phone]),
      B_COMMENT,
      B_REASON,
      B_INTEREST,
      DEMO('gebruiker6'),
      'Geert Vanlommel',
      `"userId":${bId},`,
      `"userId":${bId}}`
    ];
    const overrides = { roundId, batchId, themeId: adHocThemeId };
    const seen: string[] = [];
    for (const client of [memberA, observer]) {
      for (const op of (await routeTable()).filter((o) => o.method === 'GET')) {
        if (op.roles.includes('session-owner')) continue;
        const response = await call(client, 'GET', url(op, overrides));
        const where = `GET ${op.path}`;
        expect(response.statusCode, where).toBeLessThan(500);
        if (!op.roles.includes('committee') && !op.roles.includes('public')) {
          expect([response.statusCode, errorCode(response)], where).toEqual([403, 'forbidden']);
          continue;
        }
        if (response.statusCode >= 300) continue;
        seen.push(where);
        for (const text of forbidden) expect(response.body, `${where} shows "${text}"`).not.toContain(text);
      }
    }
    expect(seen).toContain('GET /api/rounds/{roundId}/ballot');
    expect(seen).toContain('GET /api/me/rounds');

    // Not vacuous either: the ad-hoc theme's questions do reach the ballot, masked.
    const ballot = (await call(memberA, 'GET', `/api/rounds/${roundId}/ballot`)).json();
    const questions = (ballot.themes as { id: number; questions: { text: string }[] }[]).find(
      (th) => th.id === adHocThemeId
    )!.questions;
    expect(questions.length).toBeGreaterThanOrEqual(ASKERS.length);
    for (const q of questions) expect(q.text).toContain('[…]');
  });

  it('shows the director no asker’s e-mail address or phone number either', async () => {
    // Names typed into a question ("Mijn naam is …") are masked on the committees' ballot only: staff pages shown to
    // the director mask contact details (maskContacts), not names. Contact details are checked here.
    const contacts = ASKERS.flatMap((a) => [a.email, a.phone]);
    let read = 0;
    for (const op of (await routeTable()).filter((o) => o.method === 'GET' && !o.roles.includes('session-owner'))) {
      const response = await call(clients.director, 'GET', url(op, { roundId, batchId, themeId: adHocThemeId }));
      const where = `GET ${op.path}`;
      expect(response.statusCode, where).toBeLessThan(500);
      if (response.statusCode >= 300) continue;
      read += 1;
      for (const text of contacts) expect(response.body, `${where} shows "${text}"`).not.toContain(text);
    }
    expect(read).toBeGreaterThan(40);
  });

  it('refuses members outside the round, observers’ scores, and shows the director no results before the close', async () => {
    const outsider = await loginAs(app, 'committee');
    const ballot = await call(outsider, 'GET', `/api/rounds/${roundId}/ballot`);
    expect([ballot.statusCode, errorCode(ballot)]).toEqual([403, 'not_round_member']);
    const score = await call(observer, 'PUT', `/api/rounds/${roundId}/scores`, {
      themeId: adHocThemeId,
      criterionId: Number(ids.criterionId),
      value: 3
    });
    expect([score.statusCode, errorCode(score)]).toEqual([403, 'observer_cannot_rate']);
    for (const path of ['analytics', 'ranking']) {
      const response = await call(clients.director, 'GET', `/api/rounds/${roundId}/${path}`);
      expect([response.statusCode, errorCode(response)], path).toEqual([409, 'round_open']);
    }
    const other = await call(memberA, 'PUT', `/api/feedback/${ids.feedbackId}`, { category: 'gaps', text: 'x' });
    expect([other.statusCode, errorCode(other)]).toEqual([403, 'not_own_feedback']);
  });
});

describe('every operation as every role', () => {
  /** Reads first, then changes, then deletions and the like, and last the calls that end or replace a session. */
  function phase(op: Operation): number {
    if (op.roles.includes('session-owner')) return 0;
    // Logout ends the caller's session; so does a login, even a failed one (a fresh session at every login).
    const last = ['/api/auth/logout', '/api/invitation-links/{token}/accept', '/api/auth/login'].indexOf(op.path);
    if (last >= 0) return 4 + last;
    if (op.method === 'GET') return 1;
    if (op.method === 'DELETE' || /\/(publish|discard|revoke|merge|split|undo|undo-split|close)$/.test(op.path)) {
      return 3;
    }
    return 2;
  }

  const allowed = (op: Operation, caller: Caller) =>
    op.roles.includes('public') ||
    (op.roles.includes('session-owner') && caller === 'staff') ||
    (caller !== 'anonymous' && op.roles.includes(caller));

  it('answers as x-roles says: 401 anonymous, 403 wrong role, never a refusal for an allowed role, never a 500', async () => {
    const ops = (await routeTable()).sort((a, b) => phase(a) - phase(b));
    const failures: string[] = [];
    let calls = 0;
    for (const op of ops) {
      const target = url(op);
      const valid = op.body ? sample(op.body, 'body') : op.method === 'GET' || op.method === 'DELETE' ? undefined : {};
      for (const caller of CALLERS) {
        // A caller the route refuses sends a body the schema refuses too: the refusal must come first.
        const body = op.body && !allowed(op, caller) ? { notAField: true } : valid;
        const response = await call(clients[caller], op.method, target, body);
        calls += 1;
        const status = response.statusCode;
        const code = errorCode(response);
        const name = `${op.method} ${op.path}`;
        const got = `${caller}: ${name} → ${status} ${code ?? ''}`.trim();
        const excepted = EXCEPTIONS.some(
          (e) => e.op === name && e.callers.includes(caller) && e.status === status && e.code === code
        );
        if (status >= 500) {
          failures.push(`${got} (a server error)`);
        } else if (excepted) {
          continue;
        } else if (op.roles.includes('session-owner')) {
          // The import belongs to the staff caller's session; anyone else learns nothing of it.
          if (caller === 'staff' ? status === 401 || status === 403 : status !== 404) {
            failures.push(`${got} (session-owner route)`);
          }
        } else if (allowed(op, caller)) {
          if (status === 401 || status === 403) failures.push(`${got} (allowed, but refused)`);
        } else if (caller === 'anonymous') {
          if (status !== 401 || code !== 'unauthenticated') failures.push(`${got} (expected 401 unauthenticated)`);
        } else if (status !== 403 || code !== 'forbidden') {
          failures.push(`${got} (expected 403 forbidden)`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(calls).toBe(ops.length * CALLERS.length);
  }, 300_000);
});
