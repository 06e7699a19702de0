import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCommitteeMember, insertCommittee } from '../../../db/queries/cycles.js';
import type { CurationResultDto } from '../../shared/curation.js';
import { type BallotFixture, ballotFixture, insertTestRound } from '../testing/ballot-fixture.js';
import { type Client, createTestApp, loginAs, type TestApp } from '../testing/test-app.js';

/**
 * Thirty committee members save their scores at once, each changing every answer a few times, while staff rename the
 * round's themes over and over: nothing is lost, nothing stored twice, no request fails.
 */

const MEMBERS = 30;
/** The values each member sends for one theme and criterion, one after another: the last one must be stored. */
const CHANGES = [1, 4];
const RENAMES = 4;

describe('30 members saving at once while staff rename themes', () => {
  let t: TestApp;
  let app: FastifyInstance;
  let f: BallotFixture;
  let members: { client: Client; userId: number }[];
  let roundId: number;
  let criteria: number[];
  let themeIds: number[];

  // A new database and thirty accounts, each logging in: slow on a busy machine.
  beforeAll(async () => {
    t = await createTestApp();
    app = t.app;
    f = await ballotFixture(app);
    const committeeId = await insertCommittee(app.db, {
      cycleId: f.cycleId,
      kind: 'user',
      name: 'Grote commissie',
      maxMembers: MEMBERS
    });
    themeIds = Object.values(f.themes);
    ({ id: roundId, criteria } = await insertTestRound(app.db, {
      cycleId: f.cycleId,
      themeIds,
      committeeIds: [committeeId],
      criteria: ['Relevantie', 'Urgentie']
    }));
    members = [];
    for (let i = 0; i < MEMBERS; i++) {
      const email = `lid-${i}@test.be`;
      const client = await loginAs(app, 'committee', email);
      const { id } = await app.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
      await addCommitteeMember(app.db, { committeeId, userId: id, membership: 'member' });
      const declared = await client.request('PUT', `/api/rounds/${roundId}/declaration`, { none: true, themes: [] });
      expect(declared.statusCode, declared.body).toBe(200);
      members.push({ client, userId: id });
    }
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  /** PATCH (the test client sends GET, POST, PUT and DELETE), as staff. */
  const rename = (themeId: number, payload: { name: string; version: number }): Promise<LightMyRequestResponse> =>
    app.inject({
      method: 'PATCH',
      url: `/api/themes/${themeId}`,
      headers: { cookie: f.staff.cookie!, 'x-csrf-token': f.staff.csrf! },
      payload
    });

  /** The value a member ends with for a theme and criterion: different per member, theme and criterion. */
  const finalValue = (member: number, theme: number, criterion: number) => ((member + theme + criterion) % 5) + 1;

  // Over five hundred saves, on PGlite one at a time: slow on a busy machine.
  it('stores every member’s last score exactly once, and every theme its last name', { timeout: 90_000 }, async () => {
    const statuses: number[] = [];
    const saves = members.flatMap((member, m) =>
      themeIds.flatMap((themeId, th) =>
        criteria.map(async (criterionId, c) => {
          // One answer's changes go one after another, as the ballot sends them; all answers of all members at once.
          for (const value of [...CHANGES, finalValue(m, th, c)]) {
            const response = await member.client.request('PUT', `/api/rounds/${roundId}/scores`, {
              themeId,
              criterionId,
              value
            });
            statuses.push(response.statusCode);
            expect(response.statusCode, response.body).toBe(200);
          }
        })
      )
    );
    const renames = themeIds.map(async (themeId) => {
      const original = await app.db
        .selectFrom('themes')
        .select(['name', 'version'])
        .where('id', '=', themeId)
        .executeTakeFirstOrThrow();
      let version = original.version;
      // Each rename names the version the one before it left: staff who looked at the theme just now.
      for (let i = 1; i <= RENAMES; i++) {
        const response = await rename(themeId, { name: `${original.name} ${i}`, version });
        statuses.push(response.statusCode);
        expect(response.statusCode, response.body).toBe(200);
        version = response.json<CurationResultDto>().board.themes.find((theme) => theme.id === themeId)!.version;
      }
      return original.name;
    });
    const [, originalNames] = await Promise.all([Promise.all(saves), Promise.all(renames)]);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);

    const scores = await app.db
      .selectFrom('scores')
      .select(['user_id', 'theme_id', 'criterion_id', 'value'])
      .where('round_id', '=', roundId)
      .orderBy('user_id')
      .orderBy('theme_id')
      .orderBy('criterion_id')
      .execute();
    const expected = members.flatMap((member, m) =>
      themeIds.flatMap((themeId, th) =>
        criteria.map((criterionId, c) => ({
          user_id: member.userId,
          theme_id: themeId,
          criterion_id: criterionId,
          value: finalValue(m, th, c)
        }))
      )
    );
    const order = (a: (typeof expected)[0], b: (typeof expected)[0]) =>
      a.user_id - b.user_id || a.theme_id - b.theme_id || a.criterion_id - b.criterion_id;
    expect(scores).toEqual(expected.sort(order));

    // Every change was recorded once: one creation per answer, then its updates.
    const audit = await app.db
      .selectFrom('audit_log')
      .select(['action'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', 'in', ['score.create', 'score.update'])
      .groupBy('action')
      .orderBy('action')
      .execute();
    const answers = MEMBERS * themeIds.length * criteria.length;
    expect(audit).toEqual([
      { action: 'score.create', n: answers },
      { action: 'score.update', n: answers * CHANGES.length }
    ]);

    const themes = await app.db
      .selectFrom('themes')
      .select(['id', 'name'])
      .where('cycle_id', '=', f.cycleId)
      .orderBy('id')
      .execute();
    expect(themes).toEqual(
      themeIds.map((id, i) => ({ id, name: `${originalNames[i]} ${RENAMES}` })).sort((a, b) => a.id - b.id)
    );
  });
});
