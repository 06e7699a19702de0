import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../../db/connect.js';
import { type BallotFixture, ballotFixture, insertTestRound } from '../testing/ballot-fixture.js';
import { databaseUrlWithName } from '../testing/global-setup.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

/**
 * A PostgreSQL restart during a rating session, as the app sees it: every connection it holds is cut. The tests share
 * one PostgreSQL server, so it is not restarted; its backends for this test's database are terminated instead.
 */

const baseUrl = process.env.DATABASE_URL?.trim() || null;

const withCode = (message: string, fields: Record<string, string>) => Object.assign(new Error(message), fields);

describe('isDatabaseUnavailable', () => {
  it.each([
    {
      description: 'a terminated backend (57P01)',
      error: withCode('terminating connection due to administrator command', { code: '57P01' }),
      expected: true
    },
    {
      description: 'a server starting up (57P03)',
      error: withCode('the database system is starting up', { code: '57P03' }),
      expected: true
    },
    {
      description: 'a connection failure (08006)',
      error: withCode('connection failure', { code: '08006' }),
      expected: true
    },
    {
      description: 'a refused connection',
      error: withCode('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED', syscall: 'connect' }),
      expected: true
    },
    {
      description: "node-postgres's broken connection",
      error: new Error('Connection terminated unexpectedly'),
      expected: true
    },
    {
      description: 'a client that lost its connection',
      error: new Error('Client has encountered a connection error and is not queryable'),
      expected: true
    },
    {
      description: 'a unique violation (23505)',
      error: withCode('duplicate key value violates unique constraint', { code: '23505' }),
      expected: false
    },
    {
      description: 'an HTTP request its client aborted (ECONNRESET without syscall)',
      error: withCode('aborted', { code: 'ECONNRESET' }),
      expected: false
    },
    { description: 'a plain bug', error: new TypeError('x is undefined'), expected: false },
    { description: 'not an error', error: 'Connection terminated', expected: false }
  ])('$description: $expected', ({ error, expected }) => {
    expect(isDatabaseUnavailable(error)).toBe(expected);
  });
});

describe.skipIf(!baseUrl)('PostgreSQL drops every connection during a rating session (needs DATABASE_URL)', () => {
  let t: TestApp;
  let app: FastifyInstance;
  let f: BallotFixture;
  let admin: pg.Client;
  let database: string;
  let roundId: number;
  let criteria: number[];

  beforeEach(async () => {
    t = await createTestApp();
    app = t.app;
    f = await ballotFixture(app);
    ({ id: roundId, criteria } = await insertTestRound(app.db, {
      cycleId: f.cycleId,
      themeIds: Object.values(f.themes),
      committeeIds: [f.committees.user],
      criteria: ['Relevantie', 'Urgentie']
    }));
    const declared = await f.members.a.client.request('PUT', `/api/rounds/${roundId}/declaration`, {
      none: true,
      themes: []
    });
    expect(declared.statusCode, declared.body).toBe(200);
    ({ database } = (await sql<{ database: string }>`select current_database() as database`.execute(app.db)).rows[0]!);
    // On the test's own database: it holds a row lock there, and it is the one connection the drop spares.
    admin = new pg.Client({ connectionString: databaseUrlWithName(baseUrl!, database) });
    await admin.connect();
  });

  afterEach(async () => {
    await admin.end();
    await t.close();
  });

  const save = (themeId: number, criterionId: number, value: number) =>
    f.members.a.client.request('PUT', `/api/rounds/${roundId}/scores`, { themeId, criterionId, value });

  /** Terminates the app's connections (not the admin's own), as a restart of the server would. */
  async function dropConnections(): Promise<number> {
    const { rows } = await admin.query<{ dropped: boolean }>(
      'select pg_terminate_backend(pid) as dropped from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [database]
    );
    return rows.filter((row) => row.dropped).length;
  }

  /** A save after the drop: stored, or refused with the 503 that tells the UI to try again — then tried again. */
  async function saveThroughDrop(themeId: number, criterionId: number, value: number): Promise<LightMyRequestResponse> {
    const first = await save(themeId, criterionId, value);
    if (first.statusCode === 200) return first;
    expect(first.statusCode, first.body).toBe(503);
    expect(first.json().error.code).toBe('database_unavailable');
    return save(themeId, criterionId, value);
  }

  /** The member's stored scores, one row each: a score stored twice would show twice. */
  async function storedScores() {
    return (
      await app.db
        .selectFrom('scores')
        .select(['theme_id', 'criterion_id', 'value'])
        .where('round_id', '=', roundId)
        .where('user_id', '=', f.members.a.userId)
        .orderBy('theme_id')
        .orderBy('criterion_id')
        .execute()
    ).map(({ theme_id, criterion_id, value }) => ({ theme: theme_id, criterion: criterion_id, value }));
  }

  it('keeps the scores saved before, survives the idle connections dying, and saves again', async () => {
    const [relevance, urgency] = criteria as [number, number];
    expect((await save(f.themes.rekenen, relevance, 2)).statusCode).toBe(200);
    expect((await save(f.themes.rekenen, urgency, 4)).statusCode).toBe(200);
    const idle = app.pg.pool.idleCount;
    expect(idle).toBeGreaterThan(0);

    expect(await dropConnections()).toBeGreaterThanOrEqual(idle);
    // Each idle connection learns of its end on its own; the pool then drops it and emits 'error', which would end
    // the process (and fail this run as an uncaught error) if nobody listened.
    await expect.poll(() => app.pg.pool.totalCount, { timeout: 5_000 }).toBe(0);

    const after = await saveThroughDrop(f.themes.pesten, relevance, 3);
    expect(after.statusCode, after.body).toBe(200);
    expect(await storedScores()).toEqual([
      { theme: f.themes.rekenen, criterion: relevance, value: 2 },
      { theme: f.themes.rekenen, criterion: urgency, value: 4 },
      { theme: f.themes.pesten, criterion: relevance, value: 3 }
    ]);
  });

  it('answers a save cut off mid-statement with a 503, and stores its retry exactly once', async () => {
    const [relevance, urgency] = criteria as [number, number];
    expect((await save(f.themes.rekenen, relevance, 2)).statusCode).toBe(200);
    expect((await save(f.themes.lezen, urgency, 1)).statusCode).toBe(200);

    // The admin holds the score's row, so the member's change waits inside its transaction until the cut.
    await admin.query('begin');
    await admin.query(
      'select 1 from scores where round_id = $1 and user_id = $2 and theme_id = $3 and criterion_id = $4 for update',
      [roundId, f.members.a.userId, f.themes.rekenen, relevance]
    );
    const pending = save(f.themes.rekenen, relevance, 5);
    await expect
      .poll(
        async () =>
          (
            await admin.query<{ n: number }>(
              "select count(*)::int as n from pg_stat_activity where datname = $1 and wait_event_type = 'Lock'",
              [database]
            )
          ).rows[0]!.n,
        { timeout: 10_000 }
      )
      .toBe(1);
    await dropConnections();
    const cut = await pending;
    await admin.query('rollback');

    expect(cut.statusCode, cut.body).toBe(503);
    expect(cut.headers['retry-after']).toBe('5');
    expect(cut.json().error).toMatchObject({
      code: 'database_unavailable',
      message: 'The database is unavailable for a moment; try again.'
    });
    // The cut change was rolled back; the member's earlier scores are all there.
    expect(await storedScores()).toEqual([
      { theme: f.themes.rekenen, criterion: relevance, value: 2 },
      { theme: f.themes.lezen, criterion: urgency, value: 1 }
    ]);

    const retried = await saveThroughDrop(f.themes.rekenen, relevance, 5);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toEqual({ value: 5, dontKnow: false, reason: null });
    expect(await storedScores()).toEqual([
      { theme: f.themes.rekenen, criterion: relevance, value: 5 },
      { theme: f.themes.lezen, criterion: urgency, value: 1 }
    ]);
  });
});
