import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BallotDto, MemberRoundDto, RoundConflictsDto } from '../shared/schemas.js';
import { maskPersonalData, matchCriteria } from './services/ballot.js';
import {
  type BallotFixture,
  ballotFixture,
  closeTestRound,
  type FixtureMember,
  insertTestRound,
  type TestRoundInput
} from './testing/ballot-fixture.js';
import { type Client, createTestApp, type TestApp } from './testing/test-app.js';

describe('maskPersonalData', () => {
  it.each([
    {
      description: 'leaves a plain question alone',
      text: 'Hoe leer ik breuken aan?',
      names: [],
      expected: 'Hoe leer ik breuken aan?'
    },
    {
      description: 'masks e-mail addresses and phone numbers',
      text: 'Mail an@school.be of bel 0470 12 34 56.',
      names: [],
      expected: 'Mail […] of bel […].'
    },
    {
      description: "masks the asker's name and its parts",
      text: 'Vraag van Els Claes (Els) uit Gent.',
      names: ['Els Claes'],
      expected: 'Vraag van […] ([…]) uit Gent.'
    },
    {
      description: 'masks a name someone signs with',
      text: 'Hoe pak ik dit aan? Groetjes, Jan Van den Broeck',
      names: [],
      expected: 'Hoe pak ik dit aan? Groetjes, […]'
    },
    {
      description: 'masks a name someone introduces themselves with',
      text: 'Mijn naam is Sofie Janssens en ik geef les in het 2de leerjaar.',
      names: [],
      expected: 'Mijn naam is […] en ik geef les in het 2de leerjaar.'
    },
    {
      description: 'keeps years, dates and class codes',
      text: 'Sinds 2023 (01/09/2023) in 3de lj, 150+ lln.',
      names: [null],
      expected: 'Sinds 2023 (01/09/2023) in 3de lj, 150+ lln.'
    },
    {
      description: 'ignores short name parts and particles',
      text: 'De klas van An de Wit leest.',
      names: ['An de Wit'],
      expected: 'De klas van […] leest.'
    }
  ])('$description', ({ text, names, expected }) => {
    expect(maskPersonalData(text, names)).toBe(expected);
  });
});

describe('matchCriteria', () => {
  it('pairs criteria by name, else by place', () => {
    const current = [
      { id: 11, name: 'Urgentie' },
      { id: 12, name: 'Relevantie voor de klaspraktijk' },
      { id: 13, name: 'Nieuw criterium' }
    ];
    const previous = [
      { id: 1, name: 'relevantie voor de klaspraktijk ' },
      { id: 2, name: 'Urgentie' },
      { id: 3, name: 'Omvang doelgroep' }
    ];
    expect([...matchCriteria(current, previous)]).toEqual([
      [11, 2],
      [12, 1],
      [13, 3]
    ]);
  });
});

describe('through the API', () => {
  let t: TestApp;
  let app: FastifyInstance;
  let f: BallotFixture;

  beforeEach(async () => {
    t = await createTestApp();
    app = t.app;
    f = await ballotFixture(app);
  });

  afterEach(async () => {
    await t.close();
  });

  const allThemes = () => [f.themes.rekenen, f.themes.pesten, f.themes.lezen];

  function round(input: Partial<TestRoundInput> = {}) {
    return insertTestRound(app.db, {
      cycleId: f.cycleId,
      themeIds: allThemes(),
      committeeIds: [f.committees.user, f.committees.scientific],
      ...input
    });
  }

  const ballot = async (client: Client, roundId: number): Promise<BallotDto> => {
    const response = await client.request('GET', `/api/rounds/${roundId}/ballot`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  const declare = (m: FixtureMember, roundId: number, body: Record<string, unknown> = {}) =>
    m.client.request('PUT', `/api/rounds/${roundId}/declaration`, { none: true, themes: [], ...body });

  const score = (m: FixtureMember, roundId: number, body: Record<string, unknown>) =>
    m.client.request('PUT', `/api/rounds/${roundId}/scores`, body);

  const errorCode = (response: { json(): { error: { code: string } } }) => response.json().error.code;

  const auditActions = async () =>
    (await app.db.selectFrom('audit_log').select('action').orderBy('id').execute()).map((a) => a.action);

  describe('the ballot', () => {
    it('shows each theme with 3–5 example questions, personal data masked, and nobody else’s answers', async () => {
      const { id } = await round();
      const view = await ballot(f.members.a.client, id);
      expect(view.round).toMatchObject({ kind: 'rating', membership: 'member', accepting: true, declared: false });
      expect(view.declaration).toBeNull();
      expect(view.themes.map((th) => th.name)).toEqual(['Lezen', 'Pesten', 'Rekenen']);
      const rekenen = view.themes.find((th) => th.id === f.themes.rekenen)!;
      expect(rekenen.description).toBe('Reken- en wiskundeonderwijs, dyscalculie.');
      expect(rekenen.questions.map((q) => q.text)).toEqual([
        'Hoe herken ik dyscalculie bij jonge kinderen? Groetjes, […]',
        'Welke rekenstrategieën helpen bij rekenproblemen? Mail me op […] of bel […].',
        'Hoe leer ik breuken aan zwakke rekenaars? Vraag van […] uit Gent.',
        'Wat werkt bij het automatiseren van de tafels?',
        'Hoe ondersteun ik leerlingen met dyscalculie bij toetsen?'
      ]);
      // Lezen has one representative: topped up with the theme's first questions; Pesten has none and two questions.
      expect(view.themes.find((th) => th.id === f.themes.lezen)!.questions).toHaveLength(3);
      expect(view.themes.find((th) => th.id === f.themes.pesten)!.questions).toHaveLength(2);

      const body = JSON.stringify(view);
      for (const secret of ['Peeters', 'Smets', 'Claes', '@school.be', '0470']) expect(body).not.toContain(secret);

      // Another member's scores never reach this member.
      await declare(f.members.b, id);
      await score(f.members.b, id, { themeId: f.themes.rekenen, value: 5 });
      expect((await ballot(f.members.a.client, id)).themes.every((th) => Object.keys(th.scores).length === 0)).toBe(
        true
      );
    });

    it('is read-only for observers, closed to outsiders, and unknown for drafts', async () => {
      const { id } = await round();
      const seen = await ballot(f.observer.client, id);
      expect(seen.round.membership).toBe('observer');
      expect(seen.themes).toHaveLength(3);
      const outsider = await f.outsider.client.request('GET', `/api/rounds/${id}/ballot`);
      expect(outsider.statusCode).toBe(403);
      expect(errorCode(outsider)).toBe('not_round_member');
      expect((await f.staff.request('GET', `/api/rounds/${id}/ballot`)).statusCode).toBe(403);
      const draft = await round({ status: 'draft' });
      expect((await f.members.a.client.request('GET', `/api/rounds/${draft.id}/ballot`)).statusCode).toBe(404);
    });

    it('lists my rounds with my progress, declaration and submit', async () => {
      const { id } = await round({ name: 'Prioritering' });
      await round({ name: 'Voorbereiding', status: 'draft' });
      const list = async (): Promise<MemberRoundDto[]> =>
        (await f.members.a.client.request('GET', '/api/me/rounds')).json();
      expect((await list()).map((r) => r.name)).toEqual(['Prioritering']);
      expect((await list())[0]).toMatchObject({ declared: false, submittedAt: null, progress: { done: 0, total: 3 } });
      await declare(f.members.a, id, {
        none: false,
        themes: [{ themeId: f.themes.pesten, description: 'Ik schreef het pestbeleid.' }]
      });
      await score(f.members.a, id, { themeId: f.themes.rekenen, value: 4 });
      expect((await list())[0]).toMatchObject({ declared: true, progress: { done: 1, total: 2 } });
      expect((await f.observer.client.request('GET', '/api/me/rounds')).json()[0].membership).toBe('observer');
    });
  });

  describe('the rules of rating, at the API', () => {
    it('locks the ballot until the member has declared their interests', async () => {
      const { id } = await round();
      const refused = await score(f.members.a, id, { themeId: f.themes.rekenen, value: 3 });
      expect(refused.statusCode).toBe(409);
      expect(errorCode(refused)).toBe('declaration_required');
      const declared = await declare(f.members.a, id);
      expect(declared.statusCode, declared.body).toBe(200);
      expect((await score(f.members.a, id, { themeId: f.themes.rekenen, value: 3 })).statusCode).toBe(200);
    });

    it.each([
      { description: 'a value below the scale', body: { value: 0 }, status: 400, code: 'off_scale' },
      { description: 'a value above the scale', body: { value: 6 }, status: 400, code: 'off_scale' },
      { description: 'a value between two points', body: { value: 2.5 }, status: 400, code: 'off_scale' },
      { description: 'no value at all', body: {}, status: 400, code: 'off_scale' },
      {
        description: '"weet ik niet" with a value',
        body: { value: 3, dontKnow: true },
        status: 400,
        code: 'dont_know_with_value'
      },
      {
        description: 'a theme outside the round',
        body: { value: 3, themeId: 999999 },
        status: 400,
        code: 'unknown_theme'
      },
      {
        description: 'a criterion of another round',
        body: { value: 3, criterionId: 999999 },
        status: 400,
        code: 'unknown_criterion'
      }
    ])('refuses $description with $status $code', async ({ body, status, code }) => {
      const { id } = await round();
      await declare(f.members.a, id);
      const response = await score(f.members.a, id, { themeId: f.themes.rekenen, ...body });
      expect(response.statusCode).toBe(status);
      expect(errorCode(response)).toBe(code);
      expect(await app.db.selectFrom('scores').selectAll().execute()).toEqual([]);
    });

    it('takes only members of the round’s committees, never observers', async () => {
      const { id } = await round({ committeeIds: [f.committees.user] });
      const outsider = await score(f.members.c, id, { themeId: f.themes.rekenen, value: 3 });
      expect(outsider.statusCode).toBe(403);
      expect(errorCode(outsider)).toBe('not_round_member');
      const both = await round();
      const observer = await score(f.observer, both.id, { themeId: f.themes.rekenen, value: 3 });
      expect(observer.statusCode).toBe(403);
      expect(errorCode(observer)).toBe('observer_cannot_rate');
      expect((await declare(f.observer, both.id)).statusCode).toBe(403);
      expect(
        (await f.staff.request('PUT', `/api/rounds/${both.id}/scores`, { themeId: f.themes.rekenen, value: 3 }))
          .statusCode
      ).toBe(403);
    });

    it('takes scores only while the round is open', async () => {
      const { id } = await round();
      await declare(f.members.a, id);
      await closeTestRound(app.db, id);
      const closed = await score(f.members.a, id, { themeId: f.themes.rekenen, value: 3 });
      expect(closed.statusCode).toBe(409);
      expect(errorCode(closed)).toBe('round_not_open');
      // Past its closing date, even before staff close it; before its opening date, not yet.
      const late = await round({ closesAt: new Date(Date.now() - 60_000) });
      expect(errorCode(await score(f.members.a, late.id, { themeId: f.themes.rekenen, value: 3 }))).toBe(
        'round_not_open'
      );
      const early = await round({ opensAt: new Date(Date.now() + 3_600_000) });
      expect(errorCode(await declare(f.members.a, early.id))).toBe('round_not_open');
      expect((await ballot(f.members.a.client, late.id)).round.accepting).toBe(false);
    });

    it('keeps one score per member × theme × criterion: sending again replaces it, "weet ik niet" included', async () => {
      const { id, criteria } = await round({ criteria: ['Relevantie', 'Urgentie'] });
      await declare(f.members.a, id);
      const send = (criterionId: number, body: Record<string, unknown>) =>
        score(f.members.a, id, { themeId: f.themes.rekenen, criterionId, ...body });
      expect((await send(criteria[0]!, { value: 2 })).statusCode).toBe(200);
      expect((await send(criteria[0]!, { value: 4 })).json()).toEqual({ value: 4, dontKnow: false, reason: null });
      expect((await send(criteria[1]!, { dontKnow: true })).json()).toEqual({
        value: null,
        dontKnow: true,
        reason: null
      });
      // Several criteria: a score must name its criterion.
      expect(errorCode(await score(f.members.a, id, { themeId: f.themes.rekenen, value: 3 }))).toBe(
        'unknown_criterion'
      );
      const rows = await app.db
        .selectFrom('scores')
        .select(['criterion_id', 'value', 'dont_know'])
        .orderBy('criterion_id')
        .execute();
      expect(rows).toEqual([
        { criterion_id: criteria[0], value: 4, dont_know: false },
        { criterion_id: criteria[1], value: null, dont_know: true }
      ]);
      const view = await ballot(f.members.a.client, id);
      expect(view.themes.find((th) => th.id === f.themes.rekenen)!.scores).toEqual({
        [criteria[0]!]: 4,
        [criteria[1]!]: null
      });
      expect(view.round.progress).toEqual({ done: 1, total: 3 });
    });

    it('audits every change', async () => {
      const { id } = await round();
      await declare(f.members.a, id);
      await score(f.members.a, id, { themeId: f.themes.rekenen, value: 2 });
      await score(f.members.a, id, { themeId: f.themes.rekenen, value: 3 });
      await f.members.a.client.request('PUT', `/api/rounds/${id}/comments`, {
        themeId: f.themes.rekenen,
        comment: 'Breed thema'
      });
      const entries = await app.db
        .selectFrom('audit_log')
        .select(['action', 'actor_id', 'before', 'after'])
        .where('entity', '=', 'score')
        .orderBy('id')
        .execute();
      expect(entries).toEqual([
        {
          action: 'score.create',
          actor_id: f.members.a.userId,
          before: null,
          after: { value: 2, dontKnow: false, reason: null }
        },
        {
          action: 'score.update',
          actor_id: f.members.a.userId,
          before: { value: 2, dontKnow: false, reason: null },
          after: { value: 3, dontKnow: false, reason: null }
        }
      ]);
      expect(await auditActions()).toEqual(
        expect.arrayContaining(['conflict.declare', 'score.create', 'score.update', 'ballot_comment.create'])
      );
    });
  });

  describe('conflicts of interest', () => {
    it('refuses a score on a declared theme, records the recusal, and removes earlier answers on it', async () => {
      const { id } = await round();
      const a = f.members.a;
      await declare(a, id);
      await score(a, id, { themeId: f.themes.pesten, value: 5 });
      await a.client.request('PUT', `/api/rounds/${id}/comments`, { themeId: f.themes.pesten, comment: 'Belangrijk' });

      const declared = await declare(a, id, {
        none: false,
        general: 'Ik werk bij een onderwijskoepel.',
        themes: [{ themeId: f.themes.pesten, description: 'Ik schreef mee aan het pestbeleid.' }]
      });
      expect(declared.statusCode, declared.body).toBe(200);
      expect(declared.json()).toMatchObject({
        none: false,
        general: 'Ik werk bij een onderwijskoepel.',
        themes: [{ themeId: f.themes.pesten, description: 'Ik schreef mee aan het pestbeleid.' }]
      });
      // The earlier score and comment on the theme are gone, and that is audited.
      expect(await app.db.selectFrom('scores').selectAll().execute()).toEqual([]);
      expect(await app.db.selectFrom('ballot_comments').selectAll().execute()).toEqual([]);

      const refused = await score(a, id, { themeId: f.themes.pesten, value: 4 });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error).toMatchObject({
        code: 'conflict_of_interest',
        details: { themeId: f.themes.pesten }
      });
      const comment = await a.client.request('PUT', `/api/rounds/${id}/comments`, {
        themeId: f.themes.pesten,
        comment: 'x'
      });
      expect(errorCode(comment)).toBe('conflict_of_interest');
      const recusals = await app.db
        .selectFrom('audit_log')
        .select(['actor_id', 'entity_id', 'after'])
        .where('action', '=', 'recusal')
        .execute();
      expect(recusals).toHaveLength(2);
      expect(recusals[0]).toMatchObject({
        actor_id: a.userId,
        entity_id: `${id}/${f.themes.pesten}/${a.userId}`,
        after: { refused: 'score', themeId: f.themes.pesten }
      });

      const view = await ballot(a.client, id);
      expect(view.themes.find((th) => th.id === f.themes.pesten)!.conflict).toBe('Ik schreef mee aan het pestbeleid.');
      expect(view.round.progress.total).toBe(2);
      // Other themes stay open to this member.
      expect((await score(a, id, { themeId: f.themes.lezen, value: 4 })).statusCode).toBe(200);
      expect(await auditActions()).toEqual(
        expect.arrayContaining(['conflict.withdraw', 'conflict.declare', 'score.recuse', 'recusal'])
      );
    });

    it('lets a member withdraw a theme conflict (audited), then rate the theme', async () => {
      const { id } = await round();
      const a = f.members.a;
      await declare(a, id, { none: false, themes: [{ themeId: f.themes.lezen, description: 'Auteur leesmethode' }] });
      await declare(a, id, { none: false, general: 'Lid van een schoolbestuur', themes: [] });
      const withdrawn = await app.db
        .selectFrom('audit_log')
        .select('before')
        .where('action', '=', 'conflict.withdraw')
        .executeTakeFirstOrThrow();
      expect(withdrawn.before).toEqual({ kind: 'theme', themeId: f.themes.lezen, description: 'Auteur leesmethode' });
      expect((await score(a, id, { themeId: f.themes.lezen, value: 2 })).statusCode).toBe(200);
    });

    it.each([
      {
        description: 'a theme conflict without a description',
        body: { none: false, themes: [{ themeId: 0, description: '  ' }] },
        code: 'description_required'
      },
      {
        description: 'a general interest without a description',
        body: { none: false, general: ' ' },
        code: 'description_required'
      },
      {
        description: '"none" together with conflicts',
        body: { none: true, general: 'Koepel' },
        code: 'none_with_conflicts'
      },
      { description: 'an empty declaration', body: { none: false }, code: 'declaration_empty' },
      {
        description: 'a theme outside the round',
        body: { none: false, themes: [{ themeId: 999999, description: 'x' }] },
        code: 'unknown_theme'
      },
      {
        description: 'the same theme twice',
        body: {
          none: false,
          themes: [
            { themeId: 0, description: 'a' },
            { themeId: 0, description: 'b' }
          ]
        },
        code: 'duplicate_conflict'
      }
    ])('refuses $description', async ({ body, code }) => {
      const { id } = await round();
      const themes = (body.themes ?? []).map((th) => ({ ...th, themeId: th.themeId || f.themes.lezen }));
      const response = await declare(f.members.a, id, { ...body, themes });
      expect(response.statusCode).toBe(400);
      expect(errorCode(response)).toBe(code);
      expect(await app.db.selectFrom('conflict_declarations').selectAll().execute()).toEqual([]);
    });

    it('shows staff every declaration in the round and who has not declared', async () => {
      const { id } = await round({ name: 'Prioritering' });
      await declare(f.members.a, id);
      await declare(f.members.c, id, {
        none: false,
        general: 'Ik werk bij een onderwijskoepel.',
        themes: [{ themeId: f.themes.rekenen, description: 'Auteur van een rekenmethode.' }]
      });
      const url = `/api/cycles/${f.cycleId}/rounds/${id}/conflicts`;
      const response = await f.staff.request('GET', url);
      expect(response.statusCode, response.body).toBe(200);
      const body: RoundConflictsDto = response.json();
      expect(body.round).toMatchObject({ id, name: 'Prioritering', cycleId: f.cycleId });
      expect(body.declarations.map((d) => [d.memberName, d.committees, d.kind, d.themeName, d.description])).toEqual([
        [`committee ${f.members.a.email}`, ['Gebruikerscommissie'], 'none', null, ''],
        [
          `committee ${f.members.c.email}`,
          ['Wetenschappelijke commissie'],
          'general',
          null,
          'Ik werk bij een onderwijskoepel.'
        ],
        [
          `committee ${f.members.c.email}`,
          ['Wetenschappelijke commissie'],
          'theme',
          'Rekenen',
          'Auteur van een rekenmethode.'
        ]
      ]);
      expect(body.declarations.every((d) => typeof d.declaredAt === 'string')).toBe(true);
      expect(body.undeclared.map((m) => m.name)).toEqual([
        `committee ${f.members.b.email}`,
        `committee ${f.members.d.email}`
      ]);
      expect((await f.director.request('GET', url)).statusCode).toBe(200);
      expect((await f.members.a.client.request('GET', url)).statusCode).toBe(403);
      expect((await f.staff.request('GET', `/api/cycles/${f.cycleId + 1}/rounds/${id}/conflicts`)).statusCode).toBe(
        404
      );
    });
  });

  describe('comments and the final submit', () => {
    it('stores, replaces and removes a comment per theme', async () => {
      const { id } = await round();
      const a = f.members.a;
      await declare(a, id);
      const put = (comment: string) =>
        a.client.request('PUT', `/api/rounds/${id}/comments`, { themeId: f.themes.lezen, comment });
      expect((await put('Te breed')).statusCode).toBe(200);
      expect((await put('Te breed: splits het')).statusCode).toBe(200);
      expect((await ballot(a.client, id)).themes.find((th) => th.id === f.themes.lezen)!.comment).toBe(
        'Te breed: splits het'
      );
      expect((await put('  ')).statusCode).toBe(200);
      expect((await ballot(a.client, id)).themes.find((th) => th.id === f.themes.lezen)!.comment).toBeNull();
      expect(await auditActions()).toEqual(
        expect.arrayContaining(['ballot_comment.create', 'ballot_comment.update', 'ballot_comment.delete'])
      );
    });

    it('submits only a complete ballot, and still takes changes until the round closes', async () => {
      const { id } = await round();
      const a = f.members.a;
      await declare(a, id, { none: false, themes: [{ themeId: f.themes.pesten, description: 'Pestbeleid' }] });
      await score(a, id, { themeId: f.themes.rekenen, value: 4 });
      const early = await a.client.request('POST', `/api/rounds/${id}/submit`);
      expect(early.statusCode).toBe(409);
      expect(early.json().error).toMatchObject({ code: 'ballot_incomplete', details: { missing: 1 } });
      // "weet ik niet" answers a theme; the conflicted theme needs no answer.
      await score(a, id, { themeId: f.themes.lezen, dontKnow: true });
      const submitted = await a.client.request('POST', `/api/rounds/${id}/submit`);
      expect(submitted.statusCode, submitted.body).toBe(200);
      expect(new Date(submitted.json().submittedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect((await ballot(a.client, id)).round.submittedAt).toBe(submitted.json().submittedAt);

      expect((await score(a, id, { themeId: f.themes.lezen, value: 2 })).statusCode).toBe(200);
      expect((await ballot(a.client, id)).round.submittedAt).not.toBeNull();
      await closeTestRound(app.db, id);
      expect(errorCode(await score(a, id, { themeId: f.themes.lezen, value: 3 }))).toBe('round_not_open');
      expect(errorCode(await a.client.request('POST', `/api/rounds/${id}/submit`))).toBe('round_not_open');
      expect(await auditActions()).toContain('round.submit');
    });
  });

  describe('Delphi: a round that follows an earlier one', () => {
    async function twoRounds(options: { closeFirst?: boolean } = {}) {
      const first = await round({ name: 'Ronde 1', criteria: ['Relevantie', 'Urgentie'] });
      const values: [FixtureMember, number | null][] = [
        [f.members.a, 2],
        [f.members.b, 3],
        [f.members.c, 4],
        [f.members.d, 5]
      ];
      for (const [m, value] of values) {
        await declare(m, first.id);
        await score(m, first.id, { themeId: f.themes.rekenen, criterionId: first.criteria[0], value });
        await score(m, first.id, { themeId: f.themes.rekenen, criterionId: first.criteria[1], value: 4 });
      }
      // "Weet ik niet" is not a score: it does not count in the group's figures.
      await score(f.members.d, first.id, { themeId: f.themes.rekenen, criterionId: first.criteria[1], dontKnow: true });
      if (options.closeFirst !== false) await closeTestRound(app.db, first.id);
      const second = await round({ name: 'Ronde 2', criteria: ['Relevantie', 'Urgentie'], previousRoundId: first.id });
      return { first, second };
    }

    it('shows my earlier score and the group’s median and interquartile range per theme and criterion', async () => {
      const { first, second } = await twoRounds();
      const view = await ballot(f.members.a.client, second.id);
      expect(view.previousRound).toEqual({ id: first.id, name: 'Ronde 1', scaleMin: 1, scaleMax: 5, closed: true });
      const rekenen = view.themes.find((th) => th.id === f.themes.rekenen)!;
      // Type-7 quartiles of 2, 3, 4, 5 (R: quantile(c(2,3,4,5))): 2.75, 3.5, 4.25; IQR 1.5.
      expect(rekenen.previous[second.criteria[0]!]).toEqual({
        own: { value: 2 },
        group: { n: 4, median: 3.5, q1: 2.75, q3: 4.25, iqr: 1.5 }
      });
      expect(rekenen.previous[second.criteria[1]!]).toEqual({
        own: { value: 4 },
        group: { n: 3, median: 4, q1: 4, q3: 4, iqr: 0 }
      });
      const dontKnow = await ballot(f.members.d.client, second.id);
      expect(dontKnow.themes.find((th) => th.id === f.themes.rekenen)!.previous[second.criteria[1]!]!.own).toEqual({
        value: null
      });
      // A theme nobody scored: no earlier answer, an empty group.
      expect(view.themes.find((th) => th.id === f.themes.lezen)!.previous[second.criteria[0]!]).toEqual({
        own: null,
        group: { n: 0, median: null, q1: null, q3: null, iqr: null }
      });
    });

    it('keeps the group blind while the earlier round is still open', async () => {
      const { second } = await twoRounds({ closeFirst: false });
      const view = await ballot(f.members.a.client, second.id);
      expect(view.themes.find((th) => th.id === f.themes.rekenen)!.previous[second.criteria[0]!]).toEqual({
        own: { value: 2 },
        group: null
      });
    });

    it('asks a reason for a changed score, and none for the same score', async () => {
      const { second } = await twoRounds();
      const a = f.members.a;
      await declare(a, second.id);
      const relevance = (body: Record<string, unknown>) =>
        score(a, second.id, { themeId: f.themes.rekenen, criterionId: second.criteria[0], ...body });
      const missing = await relevance({ value: 4 });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error).toMatchObject({ code: 'reason_required', details: { previous: 2 } });
      expect(errorCode(await relevance({ value: 4, reason: '   ' }))).toBe('reason_required');
      expect(errorCode(await relevance({ dontKnow: true }))).toBe('reason_required');
      const saved = await relevance({ value: 4, reason: 'De groep wees op de vele vragen uit het lager.' });
      expect(saved.json()).toEqual({
        value: 4,
        dontKnow: false,
        reason: 'De groep wees op de vele vragen uit het lager.'
      });
      expect((await relevance({ value: 2 })).json()).toEqual({ value: 2, dontKnow: false, reason: null });
      // A theme without an earlier score of mine: no reason needed.
      expect(
        (await score(a, second.id, { themeId: f.themes.lezen, criterionId: second.criteria[0], value: 5 })).statusCode
      ).toBe(200);
      const view = await ballot(a.client, second.id);
      expect(view.themes.find((th) => th.id === f.themes.rekenen)!.reasons).toEqual({});
      await relevance({ value: 5, reason: 'Herbekeken' });
      expect((await ballot(a.client, second.id)).themes.find((th) => th.id === f.themes.rekenen)!.reasons).toEqual({
        [second.criteria[0]!]: 'Herbekeken'
      });
    });
  });

  describe('ranking rounds', () => {
    it('stores my top N as places 1..N and replaces it when sent again', async () => {
      const { id, criteria } = await round({ scaleKind: 'ranking', rankTopN: 2, scaleMax: 2 });
      const a = f.members.a;
      const rank = (themeIds: number[]) => a.client.request('PUT', `/api/rounds/${id}/my-top`, { themeIds });
      expect(errorCode(await rank([f.themes.lezen]))).toBe('declaration_required');
      await declare(a, id);
      expect((await rank([f.themes.lezen, f.themes.rekenen])).statusCode).toBe(200);
      expect(errorCode(await rank([f.themes.lezen, f.themes.rekenen, f.themes.pesten]))).toBe('ranking_too_long');
      expect(errorCode(await rank([f.themes.lezen, f.themes.lezen]))).toBe('ranking_duplicate');
      expect(errorCode(await score(a, id, { themeId: f.themes.lezen, value: 1 }))).toBe('ranking_round');
      expect((await rank([f.themes.pesten, f.themes.lezen])).statusCode).toBe(200);
      const view = await ballot(a.client, id);
      const places = Object.fromEntries(view.themes.map((th) => [th.name, th.scores[criteria[0]!] ?? null]));
      expect(places).toEqual({ Pesten: 1, Lezen: 2, Rekenen: null });
      expect(view.round.progress).toEqual({ done: 2, total: 2 });
      expect(await auditActions()).toContain('ranking.update');
    });

    it('refuses a conflicted theme and closes the gap when a ranked theme becomes conflicted', async () => {
      const { id, criteria } = await round({ scaleKind: 'ranking', rankTopN: 3, scaleMax: 3 });
      const a = f.members.a;
      await declare(a, id);
      await a.client.request('PUT', `/api/rounds/${id}/my-top`, {
        themeIds: [f.themes.lezen, f.themes.pesten, f.themes.rekenen]
      });
      await declare(a, id, { none: false, themes: [{ themeId: f.themes.pesten, description: 'Pestbeleid' }] });
      const view = await ballot(a.client, id);
      expect(Object.fromEntries(view.themes.map((th) => [th.name, th.scores[criteria[0]!] ?? null]))).toEqual({
        Lezen: 1,
        Pesten: null,
        Rekenen: 2
      });
      const refused = await a.client.request('PUT', `/api/rounds/${id}/my-top`, { themeIds: [f.themes.pesten] });
      expect(errorCode(refused)).toBe('conflict_of_interest');
    });
  });
});
