import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertCycle, insertSource } from '../../db/queries/cycles.js';
import type { CurationResultDto, CurationStepDto } from '../shared/curation.js';
import { importFile } from './services/imports.js';
import { discoverAndAcceptThemes } from './services/themes.js';
import { type BallotFixture, ballotFixture, insertTestRound } from './testing/ballot-fixture.js';
import { type Client, createTestApp, loginAs, type TestApp } from './testing/test-app.js';

let t: TestApp;
let app: FastifyInstance;
let fx: BallotFixture;
let total: number;

beforeEach(async () => {
  t = await createTestApp();
  app = t.app;
  fx = await ballotFixture(app);
  total = (await questionRows()).length;
});

afterEach(async () => {
  await t.close();
});

async function questionRows() {
  return app.db
    .selectFrom('questions')
    .select(['id', 'theme_id as themeId', 'status', 'out_of_scope_reason as reason'])
    .where('cycle_id', '=', fx.cycleId)
    .orderBy('id')
    .execute();
}

async function themeRows() {
  return app.db
    .selectFrom('themes')
    .select([
      'id',
      'name',
      'description',
      'keywords',
      'representative_question_ids as representatives',
      'is_overarching as isOverarching',
      'locked',
      'run_id as runId'
    ])
    .where('cycle_id', '=', fx.cycleId)
    .orderBy('id')
    .execute();
}

/** Everything undo must restore: the theme rows (versions aside) and where each question is. */
async function state() {
  return { themes: await themeRows(), questions: await questionRows() };
}

/**
 * No question disappears: each question of the cycle is in exactly one of a theme of the cycle, "niet toegewezen"
 * (active, no theme), out of scope (with a reason, no theme) or a duplicate; and the board counts them all.
 */
async function expectNoQuestionLost(board?: CurationResultDto['board']) {
  const questions = await questionRows();
  const themes = new Set((await themeRows()).map((r) => r.id));
  expect(questions).toHaveLength(total);
  for (const q of questions) {
    const place =
      q.status === 'active'
        ? q.themeId === null
          ? 'unassigned'
          : themes.has(q.themeId)
            ? 'theme'
            : `lost in theme ${q.themeId}`
        : q.status === 'out_of_scope'
          ? q.themeId === null && (q.reason ?? '').trim() !== ''
            ? 'out_of_scope'
            : `out of scope without reason or with theme ${q.themeId}`
          : 'duplicate';
    expect(['theme', 'unassigned', 'out_of_scope', 'duplicate'], `question ${q.id}`).toContain(place);
  }
  if (board) {
    const counted =
      board.themes.reduce((sum, theme) => sum + theme.size + theme.duplicates, 0) +
      board.unassigned.count +
      board.outOfScope.count;
    expect(counted).toBe(questions.filter((q) => q.status !== 'duplicate').length);
  }
}

async function versionOf(themeId: number): Promise<number> {
  const row = await app.db.selectFrom('themes').select('version').where('id', '=', themeId).executeTakeFirstOrThrow();
  return row.version;
}

async function versions(...themeIds: number[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const id of themeIds) out[String(id)] = await versionOf(id);
  return out;
}

/** PATCH (the test client sends GET, POST, PUT and DELETE). */
function patch(client: Client, url: string, payload: object): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  if (client.cookie) headers.cookie = client.cookie;
  if (client.csrf) headers['x-csrf-token'] = client.csrf;
  return app.inject({ method: 'PATCH', url, headers, payload });
}

const q = (prefix: string) => [...fx.questionIds.entries()].find(([text]) => text.startsWith(prefix))![1];
const membersOf = async (themeId: number) =>
  (await questionRows()).filter((r) => r.themeId === themeId).map((r) => r.id);

function ok(response: LightMyRequestResponse): CurationResultDto {
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

function refused(response: LightMyRequestResponse, status: number, code: string) {
  expect(response.statusCode, response.body).toBe(status);
  const error = response.json().error;
  expect(error.code).toBe(code);
  return error as { code: string; message: string; details: Record<string, unknown> };
}

const undoUrl = () => `/api/cycles/${fx.cycleId}/curation/undo`;
async function undo(step: CurationStepDto, client = fx.staff) {
  return client.request('POST', undoUrl(), { operationId: step.id });
}

async function auditActions() {
  const rows = await app.db
    .selectFrom('audit_log')
    .select('action')
    .where('action', 'like', 'curation.%')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.action);
}

describe('each operation and its undo', () => {
  const cases: {
    description: string;
    kind: string;
    summary: RegExp;
    /** The same as data, for pages to tell in their own language. */
    parts: unknown[];
    run: () => Promise<LightMyRequestResponse>;
    check: () => Promise<void>;
  }[] = [
    {
      description: 'renames, describes, locks and marks overarching at once',
      kind: 'edit',
      summary: /Renamed 'Lezen' to 'Lezen en schrijven'.*Locked.*overarching/,
      parts: [
        { kind: 'rename', params: { from: 'Lezen', to: 'Lezen en schrijven' } },
        { kind: 'describe', params: { name: 'Lezen en schrijven' } },
        { kind: 'lock', params: { name: 'Lezen en schrijven' } },
        { kind: 'overarching', params: { name: 'Lezen en schrijven' } }
      ],
      run: async () =>
        patch(fx.staff, `/api/themes/${fx.themes.lezen}`, {
          version: await versionOf(fx.themes.lezen),
          name: '  Lezen en   schrijven ',
          description: 'Nieuw.',
          locked: true,
          isOverarching: true
        }),
      check: async () => {
        const lezen = (await themeRows()).find((r) => r.id === fx.themes.lezen)!;
        expect(lezen).toMatchObject({
          name: 'Lezen en schrijven',
          description: 'Nieuw.',
          locked: true,
          isOverarching: true
        });
      }
    },
    {
      description: 'merges two themes into the larger one, under its name',
      kind: 'merge',
      summary: /^Merged 'Pesten' and 'Lezen' into 'Lezen'$/,
      parts: [{ kind: 'merge', params: { names: ['Pesten', 'Lezen'], into: 'Lezen' } }],
      run: async () =>
        fx.staff.request('POST', `/api/cycles/${fx.cycleId}/themes/merge`, {
          themeIds: [fx.themes.pesten, fx.themes.lezen],
          versions: await versions(fx.themes.pesten, fx.themes.lezen)
        }),
      check: async () => {
        expect((await themeRows()).map((r) => r.id)).not.toContain(fx.themes.pesten);
        expect(await membersOf(fx.themes.lezen)).toHaveLength(5);
      }
    },
    {
      description: 'splits picked questions off into a new theme',
      kind: 'split',
      summary: /^Split 2 questions off 'Rekenen' into 'Dyscalculie'$/,
      parts: [{ kind: 'split', params: { count: 2, from: 'Rekenen', to: 'Dyscalculie' } }],
      run: async () =>
        fx.staff.request('POST', `/api/themes/${fx.themes.rekenen}/split`, {
          version: await versionOf(fx.themes.rekenen),
          questionIds: [q('Hoe herken'), q('Hoe ondersteun')],
          name: 'Dyscalculie'
        }),
      check: async () => {
        const created = (await themeRows()).find((r) => r.name === 'Dyscalculie')!;
        expect((await membersOf(created.id)).sort()).toEqual([q('Hoe herken'), q('Hoe ondersteun')].sort());
        expect(await membersOf(fx.themes.rekenen)).toHaveLength(4);
      }
    },
    {
      description: 're-clusters a theme into two parts',
      kind: 'split',
      summary: /^Re-clustered 'Rekenen' into 2 themes/,
      parts: [{ kind: 'recluster', params: { from: 'Rekenen', parts: 2, names: ['Rekenen', expect.any(String)] } }],
      run: async () =>
        fx.staff.request('POST', `/api/themes/${fx.themes.rekenen}/split`, {
          version: await versionOf(fx.themes.rekenen),
          parts: 2
        }),
      check: async () => {
        expect(await themeRows()).toHaveLength(4);
        expect((await membersOf(fx.themes.rekenen)).length).toBeLessThan(6);
      }
    },
    {
      description: 'moves questions to another theme',
      kind: 'move',
      summary: /^Moved 2 questions from 'Rekenen' to 'Lezen'$/,
      parts: [{ kind: 'move', params: { count: 2, from: ['Rekenen'], fromBins: [], to: 'Lezen' } }],
      run: async () =>
        fx.staff.request('POST', `/api/cycles/${fx.cycleId}/questions/move`, {
          questionIds: [q('Hoe herken'), q('Wat werkt bij')],
          toThemeId: fx.themes.lezen,
          versions: await versions(fx.themes.rekenen, fx.themes.lezen)
        }),
      check: async () => expect(await membersOf(fx.themes.lezen)).toContain(q('Hoe herken'))
    },
    {
      description: 'moves a question to "niet toegewezen"',
      kind: 'move',
      summary: /^Moved 1 question from 'Pesten' to unassigned$/,
      parts: [{ kind: 'move_unassigned', params: { count: 1, from: ['Pesten'], fromBins: [] } }],
      run: async () =>
        fx.staff.request('POST', `/api/cycles/${fx.cycleId}/questions/move`, {
          questionIds: [q('Hoe pak ik')],
          toThemeId: null,
          versions: await versions(fx.themes.pesten)
        }),
      check: async () => {
        const row = (await questionRows()).find((r) => r.id === q('Hoe pak ik'))!;
        expect(row).toMatchObject({ themeId: null, status: 'active' });
      }
    },
    {
      description: 'puts questions out of scope with a reason',
      kind: 'out_of_scope',
      summary: /^Put 2 questions out of scope: "Buiten de opdracht"$/,
      parts: [{ kind: 'out_of_scope', params: { count: 2, reason: 'Buiten de opdracht' } }],
      run: async () =>
        fx.staff.request('POST', `/api/cycles/${fx.cycleId}/questions/scope`, {
          questionIds: [q('Hoe pak ik'), q('Hoe motiveer')],
          reason: ' Buiten de opdracht ',
          versions: await versions(fx.themes.pesten, fx.themes.lezen)
        }),
      check: async () => {
        const row = (await questionRows()).find((r) => r.id === q('Hoe motiveer'))!;
        expect(row).toMatchObject({ themeId: null, status: 'out_of_scope', reason: 'Buiten de opdracht' });
      }
    },
    {
      description: 'deletes a theme: its questions go to "niet toegewezen"',
      kind: 'delete',
      summary: /^Deleted 'Pesten'; its 2 questions are now unassigned$/,
      parts: [{ kind: 'delete', params: { name: 'Pesten', count: 2 } }],
      run: async () =>
        fx.staff.request('DELETE', `/api/themes/${fx.themes.pesten}?version=${await versionOf(fx.themes.pesten)}`),
      check: async () => {
        expect((await themeRows()).map((r) => r.id)).not.toContain(fx.themes.pesten);
        const unassigned = (await questionRows()).filter((r) => r.themeId === null && r.status === 'active');
        expect(unassigned.map((r) => r.id).sort()).toEqual([q('Hoe pak ik'), q('Wat werkt tegen')].sort());
      }
    }
  ];

  it.each(cases)('$description, and undoes it exactly', async ({ kind, summary, parts, run, check }) => {
    const before = await state();
    const done = ok(await run());
    expect(done.step).toMatchObject({ kind, undone: false });
    expect(done.step.summary).toMatch(summary);
    expect(done.step.parts).toEqual(parts);
    expect(done.step.actorName).toMatch(/^staff /);
    expect(done.board.history[0]).toMatchObject({ id: done.step.id });
    await check();
    await expectNoQuestionLost(done.board);
    expect(await auditActions()).toEqual([`curation.${kind}`]);

    const undone = ok(await undo(done.step));
    expect(undone.step).toMatchObject({ id: done.step.id, undone: true });
    expect(await state()).toEqual(before);
    await expectNoQuestionLost(undone.board);
    expect(await auditActions()).toEqual([`curation.${kind}`, 'curation.undo']);

    const history = await fx.staff.request('GET', `/api/cycles/${fx.cycleId}/curation/history`);
    expect(history.statusCode).toBe(200);
    expect(history.json()).toEqual([expect.objectContaining({ id: done.step.id, kind, parts, undone: true })]);
  });

  it('brings questions back in scope, unassigned, and undoes that', async () => {
    const out = ok(
      await fx.staff.request('POST', `/api/cycles/${fx.cycleId}/questions/scope`, {
        questionIds: [q('Hoe motiveer')],
        reason: 'Geen onderzoeksvraag',
        versions: await versions(fx.themes.lezen)
      })
    );
    const before = await state();
    const back = ok(
      await fx.staff.request('POST', `/api/cycles/${fx.cycleId}/questions/scope`, {
        questionIds: [q('Hoe motiveer')],
        versions: {}
      })
    );
    expect(back.step.summary).toBe('Brought 1 question back in scope, unassigned');
    expect(back.step.parts).toEqual([{ kind: 'in_scope', params: { count: 1 } }]);
    expect((await questionRows()).find((r) => r.id === q('Hoe motiveer'))).toMatchObject({
      themeId: null,
      status: 'active',
      reason: null
    });
    await expectNoQuestionLost(back.board);
    refused(await undo(out.step), 409, 'not_latest_step');
    ok(await undo(back.step));
    expect(await state()).toEqual(before);
    // Step by step back to the start.
    ok(await undo(out.step));
    expect((await questionRows()).find((r) => r.id === q('Hoe motiveer'))).toMatchObject({
      themeId: fx.themes.lezen,
      status: 'active'
    });
    await expectNoQuestionLost();
  });

  it('tells where moved questions came from: themes by name, bins by key', async () => {
    ok(
      await fx.staff.request('POST', `/api/cycles/${fx.cycleId}/questions/scope`, {
        questionIds: [q('Hoe motiveer')],
        reason: 'Geen onderzoeksvraag',
        versions: await versions(fx.themes.lezen)
      })
    );
    const moved = ok(
      await fx.staff.request('POST', `/api/cycles/${fx.cycleId}/questions/move`, {
        questionIds: [q('Hoe motiveer'), q('Hoe pak ik')],
        toThemeId: fx.themes.rekenen,
        versions: await versions(fx.themes.pesten, fx.themes.rekenen)
      })
    );
    expect(moved.step.parts).toEqual([
      { kind: 'move', params: { count: 2, from: ['Pesten'], fromBins: ['out_of_scope'], to: 'Rekenen' } }
    ]);
  });

  it('says how many themes a re-clustering really made, and when that is fewer than asked', async () => {
    const before = (await themeRows()).length;
    const result = ok(
      await fx.staff.request('POST', `/api/themes/${fx.themes.rekenen}/split`, {
        version: await versionOf(fx.themes.rekenen),
        parts: 3
      })
    );
    const made = (await themeRows()).length - before + 1;
    const [part] = result.step.parts;
    expect(part!.params.parts).toBe(made);
    expect(part!.params.names).toHaveLength(made);
    expect(result.step.summary).toContain(`into ${made} themes`);
    if (made < 3) {
      expect(part).toMatchObject({ kind: 'recluster_fewer', params: { asked: 3 } });
      expect(result.step.summary).toContain('3 asked');
    } else expect(part!.kind).toBe('recluster');
    await expectNoQuestionLost(result.board);
  });

  it('undoes several steps newest first, keeping every question', async () => {
    const start = await state();
    const steps: CurationStepDto[] = [];
    steps.push(
      ok(
        await fx.staff.request('POST', `/api/cycles/${fx.cycleId}/themes/merge`, {
          themeIds: [fx.themes.rekenen, fx.themes.pesten],
          versions: await versions(fx.themes.rekenen, fx.themes.pesten),
          name: 'Rekenen en pesten'
        })
      ).step
    );
    steps.push(
      ok(
        await fx.staff.request('POST', `/api/themes/${fx.themes.rekenen}/split`, {
          version: await versionOf(fx.themes.rekenen),
          questionIds: [q('Hoe pak ik'), q('Wat werkt tegen')],
          name: 'Pesten opnieuw'
        })
      ).step
    );
    steps.push(
      ok(
        await fx.staff.request(
          'DELETE',
          `/api/themes/${fx.themes.rekenen}?version=${await versionOf(fx.themes.rekenen)}`
        )
      ).step
    );
    await expectNoQuestionLost();
    for (const step of steps.reverse()) {
      ok(await undo(step));
      await expectNoQuestionLost();
    }
    expect(await state()).toEqual(start);
    refused(await undo(steps[0]!), 409, 'already_undone');
  });
});

describe('undo refuses', () => {
  it('a step whose themes changed since, naming the theme', async () => {
    const step = ok(await patch(fx.staff, `/api/themes/${fx.themes.lezen}`, { version: 1, name: 'Leesplezier' })).step;
    // A change outside curation (e.g. a re-clustering path) touches the theme.
    await app.db.updateTable('themes').set({ description: 'Anders' }).where('id', '=', fx.themes.lezen).execute();
    const error = refused(await undo(step), 409, 'changed_since');
    expect(error.message).toContain("'Leesplezier' has changed since");
  });

  it('a step whose questions moved since', async () => {
    const step = ok(
      await fx.staff.request('POST', `/api/cycles/${fx.cycleId}/questions/move`, {
        questionIds: [q('Hoe pak ik')],
        toThemeId: null,
        versions: await versions(fx.themes.pesten)
      })
    ).step;
    await app.db
      .updateTable('questions')
      .set({ theme_id: fx.themes.lezen })
      .where('id', '=', q('Hoe pak ik'))
      .execute();
    const error = refused(await undo(step), 409, 'changed_since');
    expect(error.details).toMatchObject({ questionIds: [q('Hoe pak ik')] });
  });

  it('an unknown step', async () => {
    refused(await fx.staff.request('POST', undoUrl(), { operationId: 999_999 }), 404, 'not_found');
  });
});

describe('optimistic concurrency', () => {
  it('refuses a stale edit with who changed the theme, when, and the fresh card', async () => {
    const other = await loginAs(app, 'staff', 'tweede@test.be');
    ok(await patch(fx.staff, `/api/themes/${fx.themes.lezen}`, { version: 1, name: 'Leesplezier' }));
    const error = refused(
      await patch(other, `/api/themes/${fx.themes.lezen}`, { version: 1, description: 'x' }),
      409,
      'stale_theme'
    );
    const name = (
      await app.db
        .selectFrom('users')
        .select('name')
        .where('role', '=', 'staff')
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).name;
    expect(error.message).toMatch(
      new RegExp(`^Theme 'Leesplezier' was changed by ${name} at \\d{4}-.* in the meantime`)
    );
    expect(error.details).toMatchObject({
      themeId: fx.themes.lezen,
      changedBy: name,
      theme: { id: fx.themes.lezen, name: 'Leesplezier', version: 2 }
    });
    expect(typeof error.details.changedAt).toBe('string');
    // With the fresh version the edit goes through.
    ok(await patch(other, `/api/themes/${fx.themes.lezen}`, { version: 2, description: 'x' }));
  });

  it.each([
    {
      description: 'a merge with an old version of one theme',
      run: () =>
        fx.staff.request('POST', `/api/cycles/${fx.cycleId}/themes/merge`, {
          themeIds: [fx.themes.pesten, fx.themes.lezen],
          versions: { [fx.themes.pesten]: 1, [fx.themes.lezen]: 1 }
        })
    },
    {
      description: 'a move against an old version of the target',
      run: () =>
        fx.staff.request('POST', `/api/cycles/${fx.cycleId}/questions/move`, {
          questionIds: [q('Hoe pak ik')],
          toThemeId: fx.themes.lezen,
          versions: { [fx.themes.pesten]: 1, [fx.themes.lezen]: 1 }
        })
    },
    {
      description: 'a delete with an old version',
      run: () => fx.staff.request('DELETE', `/api/themes/${fx.themes.lezen}?version=1`)
    }
  ])('refuses $description', async ({ run }) => {
    ok(await patch(fx.staff, `/api/themes/${fx.themes.lezen}`, { version: 1, name: 'Leesplezier' }));
    const before = await state();
    refused(await run(), 409, 'stale_theme');
    expect(await state()).toEqual(before);
  });

  it('counts a question moved into a theme the caller did not know of as a change in the meantime', async () => {
    // Someone moves the question from "niet toegewezen" to Lezen; another still sees it unassigned.
    ok(
      await fx.staff.request('POST', `/api/cycles/${fx.cycleId}/questions/move`, {
        questionIds: [q('Hoe pak ik')],
        toThemeId: null,
        versions: await versions(fx.themes.pesten)
      })
    );
    ok(
      await fx.staff.request('POST', `/api/cycles/${fx.cycleId}/questions/move`, {
        questionIds: [q('Hoe pak ik')],
        toThemeId: fx.themes.lezen,
        versions: await versions(fx.themes.lezen)
      })
    );
    const error = refused(
      await fx.staff.request('POST', `/api/cycles/${fx.cycleId}/questions/move`, {
        questionIds: [q('Hoe pak ik')],
        toThemeId: fx.themes.rekenen,
        versions: await versions(fx.themes.rekenen)
      }),
      409,
      'stale_theme'
    );
    expect(error.details).toMatchObject({ themeId: fx.themes.lezen });
  });
});

describe('themes in a rating round', () => {
  beforeEach(async () => {
    await insertTestRound(app.db, {
      cycleId: fx.cycleId,
      name: 'Ronde 1',
      themeIds: [fx.themes.pesten],
      committeeIds: [fx.committees.user]
    });
  });

  it.each([
    {
      description: 'merge',
      run: async () =>
        fx.staff.request('POST', `/api/cycles/${fx.cycleId}/themes/merge`, {
          themeIds: [fx.themes.lezen, fx.themes.pesten],
          versions: await versions(fx.themes.lezen, fx.themes.pesten)
        }),
      message: "Theme 'Pesten' is in rating round 'Ronde 1', so it cannot be merged"
    },
    {
      description: 'split',
      run: async () =>
        fx.staff.request('POST', `/api/themes/${fx.themes.pesten}/split`, {
          version: 1,
          questionIds: [q('Hoe pak ik')]
        }),
      message: 'cannot be split'
    },
    {
      description: 'delete',
      run: async () => fx.staff.request('DELETE', `/api/themes/${fx.themes.pesten}?version=1`),
      message: 'cannot be deleted'
    }
  ])('refuses a $description with the reason', async ({ run, message }) => {
    const before = await state();
    const error = refused(await run(), 409, 'theme_in_round');
    expect(error.message).toContain(message);
    expect(error.details).toMatchObject({ themeId: fx.themes.pesten, rounds: ['Ronde 1'] });
    expect(await state()).toEqual(before);
  });

  it('still allows renaming and describing', async () => {
    const done = ok(
      await patch(fx.staff, `/api/themes/${fx.themes.pesten}`, {
        version: 1,
        name: 'Pesten en cyberpesten',
        description: 'd'
      })
    );
    expect(done.board.themes.find((c) => c.id === fx.themes.pesten)).toMatchObject({
      name: 'Pesten en cyberpesten',
      inRound: true
    });
  });

  it.each([
    {
      description: 'moving a question out of it',
      url: () => `/api/cycles/${fx.cycleId}/questions/move`,
      body: async () => ({
        questionIds: [q('Hoe pak ik')],
        toThemeId: fx.themes.lezen,
        versions: await versions(fx.themes.pesten, fx.themes.lezen)
      })
    },
    {
      description: 'moving a question into it',
      url: () => `/api/cycles/${fx.cycleId}/questions/move`,
      body: async () => ({
        questionIds: [q('Hoe motiveer')],
        toThemeId: fx.themes.pesten,
        versions: await versions(fx.themes.pesten, fx.themes.lezen)
      })
    },
    {
      description: 'putting its question out of scope',
      url: () => `/api/cycles/${fx.cycleId}/questions/scope`,
      body: async () => ({
        questionIds: [q('Hoe pak ik')],
        reason: 'Buiten de opdracht',
        versions: await versions(fx.themes.pesten)
      })
    }
  ])('asks to confirm $description', async ({ url, body }) => {
    const before = await state();
    const error = refused(await fx.staff.request('POST', url(), await body()), 409, 'theme_in_round_confirm');
    expect(error.message).toContain("Theme 'Pesten' is in rating round 'Ronde 1'");
    expect(error.details).toMatchObject({ themeIds: [fx.themes.pesten] });
    expect(await state()).toEqual(before);
    const done = ok(await fx.staff.request('POST', url(), { ...(await body()), confirm: true }));
    await expectNoQuestionLost(done.board);
  });
});

describe('roles', () => {
  it.each([
    { description: 'the director', client: () => fx.director },
    { description: 'a committee member', client: () => fx.members.a.client }
  ])('$description may not change themes', async ({ client }) => {
    const c = client();
    expect((await patch(c, `/api/themes/${fx.themes.lezen}`, { version: 1, name: 'X' })).statusCode).toBe(403);
    for (const [url, body] of [
      [`/api/cycles/${fx.cycleId}/themes/merge`, { themeIds: [fx.themes.lezen, fx.themes.pesten], versions: {} }],
      [`/api/themes/${fx.themes.lezen}/split`, { version: 1, parts: 2 }],
      [`/api/cycles/${fx.cycleId}/questions/move`, { questionIds: [q('Hoe pak ik')], toThemeId: null, versions: {} }],
      [`/api/cycles/${fx.cycleId}/questions/scope`, { questionIds: [q('Hoe pak ik')], reason: 'x', versions: {} }],
      [undoUrl(), { operationId: 1 }]
    ] as const) {
      expect((await c.request('POST', url, body)).statusCode, url).toBe(403);
    }
    expect((await c.request('DELETE', `/api/themes/${fx.themes.lezen}?version=1`)).statusCode).toBe(403);
  });

  it('lets the director read the history, not a committee member', async () => {
    expect((await fx.director.request('GET', `/api/cycles/${fx.cycleId}/curation/history`)).statusCode).toBe(200);
    expect((await fx.members.a.client.request('GET', `/api/cycles/${fx.cycleId}/curation/history`)).statusCode).toBe(
      403
    );
  });
});

describe('validation', () => {
  async function otherCycle() {
    const cycleId = (await insertCycle(app.db, { name: 'Ander', startsOn: '2021-09-01', endsOn: '2024-08-31' })).id;
    const sourceId = (await insertSource(app.db, { cycleId, kind: 'survey', name: 'B', participantCount: null })).id;
    await importFile(app.db, {
      cycleId,
      sourceId,
      fileName: 'b.csv',
      bytes: Buffer.from('vraag\nHoe leren kleuters tellen?\n'),
      userId: null
    });
    const question = await app.db
      .selectFrom('questions')
      .select('id')
      .where('cycle_id', '=', cycleId)
      .executeTakeFirstOrThrow();
    const { id: themeId } = await app.db
      .insertInto('themes')
      .values({ cycle_id: cycleId, run_id: null, name: 'Tellen' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { questionId: question.id, themeId };
  }

  it.each([
    {
      description: 'an empty reason',
      url: () => `/api/cycles/${fx.cycleId}/questions/scope`,
      body: async () => ({ questionIds: [q('Hoe pak ik')], reason: '   ', versions: {} }),
      status: 400,
      code: 'reason_empty',
      message: 'the reason is empty'
    },
    {
      description: 'a blank reason the schema already refuses',
      url: () => `/api/cycles/${fx.cycleId}/questions/scope`,
      body: async () => ({ questionIds: [q('Hoe pak ik')], reason: '', versions: {} }),
      status: 400,
      code: 'validation',
      message: 'reason'
    },
    {
      description: 'an unknown target theme',
      url: () => `/api/cycles/${fx.cycleId}/questions/move`,
      body: async () => ({ questionIds: [q('Hoe pak ik')], toThemeId: 999_999, versions: {} }),
      status: 404,
      code: 'not_found',
      message: 'Theme 999999 does not exist.'
    },
    {
      description: 'questions of another cycle',
      url: () => `/api/cycles/${fx.cycleId}/questions/move`,
      body: async () => ({
        questionIds: [q('Hoe pak ik'), (await otherCycle()).questionId],
        toThemeId: fx.themes.lezen,
        versions: await versions(fx.themes.lezen, fx.themes.pesten)
      }),
      status: 400,
      code: 'unknown_questions',
      message: 'is not a question of this cycle'
    },
    {
      description: 'a theme of another cycle in a merge',
      url: () => `/api/cycles/${fx.cycleId}/themes/merge`,
      body: async () => {
        const { themeId } = await otherCycle();
        return { themeIds: [fx.themes.lezen, themeId], versions: { [fx.themes.lezen]: 1, [themeId]: 1 } };
      },
      status: 400,
      code: 'theme_not_in_cycle',
      message: "Theme 'Tellen'"
    },
    {
      description: 'a merge without the version of a theme',
      url: () => `/api/cycles/${fx.cycleId}/themes/merge`,
      body: async () => ({ themeIds: [fx.themes.lezen, fx.themes.pesten], versions: { [fx.themes.lezen]: 1 } }),
      status: 400,
      code: 'version_missing',
      message: "Give the version of theme 'Pesten'"
    },
    {
      description: 'a split with both picked questions and parts',
      url: () => `/api/themes/${fx.themes.lezen}/split`,
      body: async () => ({ version: 1, questionIds: [q('Hoe motiveer')], parts: 2 }),
      status: 400,
      code: 'split_mode',
      message: 'one of the two'
    },
    {
      description: 'a split of questions outside the theme',
      url: () => `/api/themes/${fx.themes.lezen}/split`,
      body: async () => ({ version: 1, questionIds: [q('Hoe pak ik')] }),
      status: 400,
      code: 'question_not_in_theme',
      message: "not in theme 'Lezen'"
    },
    {
      description: 'a split of every question of the theme',
      url: () => `/api/themes/${fx.themes.pesten}/split`,
      body: async () => ({ version: 1, questionIds: [q('Hoe pak ik'), q('Wat werkt tegen')] }),
      status: 400,
      code: 'split_all',
      message: 'leave it empty'
    },
    {
      description: 'a re-clustering of too few questions',
      url: () => `/api/themes/${fx.themes.pesten}/split`,
      body: async () => ({ version: 1, parts: 2 }),
      status: 400,
      code: 'too_few_questions',
      message: 'too few to split into 2 parts'
    },
    {
      description: 'bringing back a question that is not out of scope',
      url: () => `/api/cycles/${fx.cycleId}/questions/scope`,
      body: async () => ({ questionIds: [q('Hoe pak ik')], versions: {} }),
      status: 409,
      code: 'not_out_of_scope',
      message: 'is not out of scope'
    },
    {
      description: 'a merge in an unknown cycle',
      url: () => `/api/cycles/999999/themes/merge`,
      body: async () => ({ themeIds: [fx.themes.lezen, fx.themes.pesten], versions: {} }),
      status: 404,
      code: 'not_found',
      message: 'Cycle 999999'
    }
  ])('refuses $description', async ({ url, body, status, code, message }) => {
    const before = await state();
    const error = refused(await fx.staff.request('POST', url(), await body()), status, code);
    expect(error.message).toContain(message);
    expect(await state()).toEqual(before);
    expect(await auditActions()).toEqual([]);
  });

  it('refuses an unknown theme and an empty name', async () => {
    refused(await patch(fx.staff, '/api/themes/999999', { version: 1, name: 'X' }), 404, 'not_found');
    refused(await patch(fx.staff, `/api/themes/${fx.themes.lezen}`, { version: 1, name: '  ' }), 400, 'name_empty');
    refused(
      await patch(fx.staff, `/api/themes/${fx.themes.lezen}`, { version: 1, name: 'Lezen' }),
      400,
      'nothing_changed'
    );
    refused(await fx.staff.request('DELETE', '/api/themes/999999?version=1'), 404, 'not_found');
  });
});

describe('locked themes and re-clustering', () => {
  it('keeps a locked theme and its questions; only the other questions are grouped again', async () => {
    // Rekenen is locked, and in a rating round: re-clustering may go ahead, since it stays.
    await insertTestRound(app.db, {
      cycleId: fx.cycleId,
      themeIds: [fx.themes.rekenen],
      committeeIds: [fx.committees.user]
    });
    ok(await patch(fx.staff, `/api/themes/${fx.themes.rekenen}`, { version: 1, locked: true }));
    const rekenen = (await themeRows()).find((r) => r.id === fx.themes.rekenen)!;
    const members = await membersOf(fx.themes.rekenen);

    const run = await discoverAndAcceptThemes(app.db, { cycleId: fx.cycleId, userId: null });
    expect(run.questionCount).toBe(total - members.length);
    const themes = await themeRows();
    expect(themes.find((r) => r.id === fx.themes.rekenen)).toEqual(rekenen);
    expect(await membersOf(fx.themes.rekenen)).toEqual(members);
    expect(themes.map((r) => r.id)).not.toContain(fx.themes.pesten);
    expect(themes.map((r) => r.id)).not.toContain(fx.themes.lezen);
    await expectNoQuestionLost();
  });

  it('still refuses re-clustering while an unlocked theme is in a rating round', async () => {
    await insertTestRound(app.db, {
      cycleId: fx.cycleId,
      themeIds: [fx.themes.pesten],
      committeeIds: [fx.committees.user]
    });
    ok(await patch(fx.staff, `/api/themes/${fx.themes.rekenen}`, { version: 1, locked: true }));
    await expect(discoverAndAcceptThemes(app.db, { cycleId: fx.cycleId, userId: null })).rejects.toMatchObject({
      code: 'themes_in_round'
    });
  });
});
