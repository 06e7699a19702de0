import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonExportDto } from '../shared/privacy.js';
import type { Kysely } from 'kysely';
import { insertCycle, insertSource } from '../../db/queries/cycles.js';
import type { Database } from '../../db/schema.js';
import { CliUsageError } from '../cli/import-command.js';
import { personCommand, purgeCommand } from '../cli/privacy-command.js';
import { writeAudit } from '../../db/queries/audit.js';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createUser } from './services/auth.js';
import { importFile } from './services/imports.js';
import { eraseFromText, monthsBefore, purgeExpired } from './services/privacy.js';
import {
  type BallotFixture,
  ballotFixture,
  closeTestRound,
  FIXTURE_CSV,
  insertTestRound
} from './testing/ballot-fixture.js';
import { Client, createTestApp, createTestDatabase, loginAs, type TestApp } from './testing/test-app.js';

const AN = 'an.smets@school.be';
const JAN = 'jan.peeters@school.be';

describe('eraseFromText', () => {
  const jan = { emails: [JAN], names: ['Jan Peeters'], phones: ['0470 12 34 56'] };
  it.each([
    {
      description: 'in their own question: every address and phone number, the whole name and its words',
      text: 'Groetjes, Jan Peeters (Jan). Bel 0470 12 34 56 of mail info@school.be.',
      ownQuestion: true,
      expected: 'Groetjes, [verwijderd] ([verwijderd]). Bel [verwijderd] of mail [verwijderd].'
    },
    {
      description: 'elsewhere: only what is theirs, whatever its case',
      text: 'Vraag aan Jan Peeters (JAN.PEETERS@school.be) of info@school.be; Jan weet het.',
      ownQuestion: false,
      expected: 'Vraag aan [verwijderd] ([verwijderd]) of info@school.be; Jan weet het.'
    },
    {
      description: 'keeps words that merely contain a name, and lower-case words that equal a part of it',
      text: 'In januari leest Jantje met jan en alleman.',
      ownQuestion: true,
      expected: 'In januari leest Jantje met jan en alleman.'
    },
    {
      description: 'keeps years and dates',
      text: 'Sinds 2023 (01/09/2023) in 3de lj.',
      ownQuestion: true,
      expected: 'Sinds 2023 (01/09/2023) in 3de lj.'
    }
  ])('$description', ({ text, ownQuestion, expected }) => {
    expect(eraseFromText(text, jan, { ownQuestion })).toBe(expected);
  });
});

describe('monthsBefore', () => {
  it.each([
    { now: '2025-01-15T10:00:00Z', months: 12, expected: '2024-01-15T10:00:00.000Z' },
    { now: '2024-03-31T00:00:00Z', months: 1, expected: '2024-02-29T00:00:00.000Z' },
    { now: '2025-03-31T00:00:00Z', months: 13, expected: '2024-02-29T00:00:00.000Z' },
    { now: '2024-12-01T12:30:00Z', months: 240, expected: '2004-12-01T12:30:00.000Z' }
  ])('$months months before $now', ({ now, months, expected }) => {
    expect(monthsBefore(new Date(now), months).toISOString()).toBe(expected);
  });
});

describe('RETENTION_MONTHS', () => {
  it('is unset by default and takes a whole number of months from 1 to 240', () => {
    expect(loadConfig({}).retentionMonths).toBeNull();
    expect(loadConfig({ RETENTION_MONTHS: ' ' }).retentionMonths).toBeNull();
    expect(loadConfig({ RETENTION_MONTHS: '24' }).retentionMonths).toBe(24);
    for (const wrong of ['0', '241', '1.5', 'twee']) {
      expect(() => loadConfig({ RETENTION_MONTHS: wrong }), wrong).toThrow(ConfigError);
    }
  });
});

/** Every table a person's data could hide in, as text: what must not hold the address after an erasure. */
async function everything(app: FastifyInstance): Promise<string> {
  const tables = ['users', 'invitations', 'personal_data', 'questions', 'audit_log', 'conflict_declarations'] as const;
  const dumps = await Promise.all(tables.map((table) => app.db.selectFrom(table).selectAll().execute()));
  return JSON.stringify(dumps);
}

/**
 * One fixture for the file's API tests, which run in order: each erases a different person (the retention purge,
 * last, the askers left), so later tests still find what theirs need.
 */
describe('a person asking for their data and its erasure', () => {
  let t: TestApp;
  let app: FastifyInstance;
  let f: BallotFixture;

  beforeAll(async () => {
    t = await createTestApp();
    app = t.app;
    f = await ballotFixture(app);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const exportOf = (client: Client, email: string) =>
    client.request('GET', `/api/privacy/person?email=${encodeURIComponent(email)}`);
  const erase = (client: Client, email: string) =>
    client.request('POST', '/api/privacy/erase', { email, confirm: true });
  const questionCount = async () =>
    Number(
      (
        await app.db
          .selectFrom('questions')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n
    );

  it('exports what an asker gave, as a download; an unknown address holds nothing', async () => {
    const response = await exportOf(f.staff, AN.toUpperCase());
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-disposition']).toBe('attachment; filename="persoonsgegevens.json"');
    const held = response.json() as PersonExportDto;
    expect(held.summary).toMatchObject({ askerRecords: 1, questions: 1, account: 0, auditEntries: 0 });
    expect(held.askerRecords[0]).toMatchObject({
      name: 'An Smets',
      email: AN,
      fileName: 'vraagpunt.csv',
      rowNumber: 3,
      source: 'Vraagpunt'
    });
    expect(held.askerRecords[0]!.questions[0]!.text).toBe(
      `Welke rekenstrategieën helpen bij rekenproblemen? Mail me op ${AN} of bel 0470 12 34 56.`
    );

    const unknown = await exportOf(f.staff, 'niemand@school.be');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatchObject({
      code: 'no_personal_data',
      message: 'No personal data is held for niemand@school.be.'
    });
    expect((await exportOf(f.staff, 'geen adres')).json().error.code).toBe('invalid_email');
  });

  it('is for staff and admins only', async () => {
    for (const client of [f.director, f.members.a.client]) {
      expect((await exportOf(client, AN)).statusCode).toBe(403);
      expect((await erase(client, AN)).statusCode).toBe(403);
    }
    const admin = await loginAs(app, 'admin');
    expect((await exportOf(admin, AN)).statusCode).toBe(200);
    const unconfirmed = await f.staff.request('POST', '/api/privacy/erase', { email: AN });
    expect([unconfirmed.statusCode, unconfirmed.json().error.code]).toEqual([400, 'validation']);
  });

  it('erases an asker: the questions stay, de-identified; the audit log says how much, not whose', async () => {
    const before = await questionCount();
    const response = await erase(f.staff, AN);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      erased: {
        askerRecords: 1,
        questions: 1,
        mentions: 0,
        accounts: 0,
        sessions: 0,
        invitations: 0,
        declarations: 0,
        texts: 0,
        auditEntries: 0,
        vraagpunt: 0
      },
      summary:
        'Personal data of 1 person erased: 1 question, 0 mentions in other questions, 0 accounts, 0 invitations, ' +
        '0 Vraagpunt questions.'
    });

    expect(await questionCount()).toBe(before);
    const texts = (await app.db.selectFrom('questions').select('text').execute()).map((q) => q.text);
    expect(texts).toContain(
      'Welke rekenstrategieën helpen bij rekenproblemen? Mail me op [verwijderd] of bel [verwijderd].'
    );
    const dump = await everything(app);
    for (const gone of [AN, 'An Smets', '0470 12 34 56']) expect(dump).not.toContain(gone);
    // The other askers keep theirs.
    expect(dump).toContain(JAN);
    expect((await exportOf(f.staff, AN)).statusCode).toBe(404);

    const entry = await app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'privacy.erase')
      .executeTakeFirstOrThrow();
    expect(entry.actor_id).not.toBeNull();
    expect(entry.after).toMatchObject({ questions: 1, askerRecords: 1 });
    expect(JSON.stringify(entry)).not.toMatch(/smets/i);

    // Nothing left to erase: a second request changes nothing.
    const again = await erase(f.staff, AN);
    expect([again.statusCode, again.json().error.code]).toEqual([404, 'no_personal_data']);
    expect(
      await app.db.selectFrom('audit_log').select('id').where('action', '=', 'privacy.erase').execute()
    ).toHaveLength(1);
  });

  it('erases a name given in the text, and the address where another question gives it', async () => {
    const cycleId = f.cycleId;
    const sourceId = (await app.db.selectFrom('sources').select('id').executeTakeFirstOrThrow()).id;
    const csv = `vraag\n"Hoe plan ik een leesuur? Tip van collega Jan Peeters, ${JAN}."\n`;
    const imported = await f.staff.request(
      'POST',
      `/api/cycles/${cycleId}/imports?sourceId=${sourceId}&fileName=tips.csv`,
      csv,
      { 'content-type': 'text/csv' }
    );
    expect(imported.statusCode, imported.body).toBe(201);

    const held = (await exportOf(f.staff, JAN)).json() as PersonExportDto;
    expect(held.summary).toMatchObject({ askerRecords: 1, questions: 1, mentions: 1 });
    expect(held.mentions[0]).toMatchObject({ fileName: 'tips.csv', rowNumber: 2 });

    const erased = (await erase(f.staff, JAN)).json();
    expect(erased.erased).toMatchObject({ questions: 1, mentions: 1 });
    const texts = (await app.db.selectFrom('questions').select('text').execute()).map((q) => q.text);
    expect(texts).toContain('Hoe herken ik dyscalculie bij jonge kinderen? Groetjes, [verwijderd]');
    expect(texts).toContain('Hoe plan ik een leesuur? Tip van collega [verwijderd], [verwijderd].');
    expect(await everything(app)).not.toMatch(/peeters/i);
  });

  it('erases a committee member: scores of the closed round still count, under a pseudonym', async () => {
    const member = f.members.a;
    const round = await insertTestRound(app.db, {
      cycleId: f.cycleId,
      themeIds: [f.themes.rekenen, f.themes.lezen],
      committeeIds: [f.committees.user],
      criteria: ['Relevantie']
    });
    const criterionId = round.criteria[0]!;
    const put = (client: Client, url: string, body: object) => client.request('PUT', url, body);
    const declared = await put(member.client, `/api/rounds/${round.id}/declaration`, {
      none: false,
      general: 'Ik werk mee aan een rekenmethode van uitgeverij Plus.',
      themes: []
    });
    expect(declared.statusCode, declared.body).toBe(200);
    expect(
      (await put(f.members.b.client, `/api/rounds/${round.id}/declaration`, { none: true, themes: [] })).statusCode
    ).toBe(200);
    for (const [client, value] of [
      [member.client, 5],
      [f.members.b.client, 3]
    ] as const) {
      for (const themeId of [f.themes.rekenen, f.themes.lezen]) {
        const scored = await put(client, `/api/rounds/${round.id}/scores`, { themeId, criterionId, value });
        expect(scored.statusCode, scored.body).toBe(200);
      }
    }
    const commented = await put(member.client, `/api/rounds/${round.id}/comments`, {
      themeId: f.themes.rekenen,
      comment: `Belangrijk thema. Vragen? Mail ${member.email}.`
    });
    expect(commented.statusCode, commented.body).toBe(200);
    await closeTestRound(app.db, round.id);
    const ranking = async () => (await f.staff.request('GET', `/api/rounds/${round.id}/ranking`)).json();
    const rankedBefore = await ranking();

    const held = (await exportOf(f.staff, member.email)).json() as PersonExportDto;
    expect(held.account).toMatchObject({ id: member.userId, email: member.email, role: 'committee' });
    expect(held.summary).toMatchObject({ memberships: 1, declarations: 1, scores: 2, comments: 1 });
    expect(held.audit.some((a) => a.byThisPerson && a.entity === 'conflict_declaration')).toBe(true);

    const response = await erase(f.staff, member.email);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().erased).toMatchObject({ accounts: 1, declarations: 1, texts: 1 });

    const user = await app.db.selectFrom('users').selectAll().where('id', '=', member.userId).executeTakeFirstOrThrow();
    expect(user).toMatchObject({
      name: `Verwijderde gebruiker #${member.userId}`,
      email: `erased-${member.userId}@erased.invalid`,
      password_hash: ''
    });
    expect(user.disabled_at).not.toBeNull();
    const scores = await app.db.selectFrom('scores').select('value').where('user_id', '=', member.userId).execute();
    expect(scores.map((s) => s.value)).toEqual([5, 5]);
    expect(await ranking()).toEqual(rankedBefore);
    const membership = await app.db
      .selectFrom('committee_members')
      .select('membership')
      .where('user_id', '=', member.userId)
      .execute();
    expect(membership).toHaveLength(1);
    const declaration = await app.db
      .selectFrom('conflict_declarations')
      .select(['kind', 'description'])
      .where('user_id', '=', member.userId)
      .executeTakeFirstOrThrow();
    expect(declaration).toEqual({ kind: 'general', description: '[verwijderd]' });
    const comment = await app.db
      .selectFrom('ballot_comments')
      .select('comment')
      .where('user_id', '=', member.userId)
      .executeTakeFirstOrThrow();
    expect(comment.comment).toBe('Belangrijk thema. Vragen? Mail [verwijderd].');
    const dump = await everything(app);
    expect(dump).not.toContain(member.email);
    expect(dump).not.toContain('uitgeverij Plus');

    // Logged out, and no way back in.
    expect((await member.client.request('GET', '/api/auth/me')).json().user).toBeNull();
    expect((await new Client(app).login(member.email)).statusCode).toBe(401);
  });

  const staffUser = async () =>
    (await f.staff.request('GET', '/api/auth/me')).json().user as { id: number; email: string };

  it('exports the audit entries a person made without other people’s addresses in them', async () => {
    const me = await staffUser();
    const staffEmail = me.email;
    await writeAudit(app.db, {
      actorId: me.id,
      action: 'invitation.create',
      entity: 'invitation',
      entityId: 99,
      after: { name: 'Ander', email: 'ander@school.be', by: staffEmail }
    });
    const held = (await exportOf(f.staff, staffEmail)).json() as PersonExportDto;
    // Their own address is theirs to see; another person's, in an entry they made, is not.
    expect(held.audit.find((a) => a.action === 'invitation.create')).toMatchObject({
      byThisPerson: true,
      after: { name: 'Ander', email: '[…]', by: staffEmail }
    });
  });

  it('refuses to erase one’s own account, and an admin’s unless an admin asks', async () => {
    const self = await erase(f.staff, (await staffUser()).email);
    expect([self.statusCode, self.json().error.code]).toEqual([409, 'erase_self']);
    await loginAs(app, 'admin', 'beheer@test.be');
    const admin = await erase(f.staff, 'beheer@test.be');
    expect([admin.statusCode, admin.json().error.code]).toEqual([403, 'erase_admin']);
    const otherAdmin = await loginAs(app, 'admin');
    expect((await erase(otherAdmin, 'beheer@test.be')).statusCode).toBe(200);
  });

  const run = async (fn: (print: (line: string) => void) => Promise<void>) => {
    const lines: string[] = [];
    await fn((line) => lines.push(line));
    return lines;
  };
  const withDatabase = <T>(fn: (db: Kysely<Database>) => Promise<T>) => fn(app.db);

  it('the command erase without --yes says what it would erase, and erases nothing', async () => {
    await createUser(app.db, {
      email: 'lid@test.be',
      name: 'Lid',
      role: 'committee',
      password: 'x'.repeat(12),
      hashCost: 10
    });
    const lines: string[] = [];
    await expect(personCommand(['erase', 'lid@test.be'], withDatabase, (line) => lines.push(line))).rejects.toThrow(
      'Nothing was erased: repeat the command with --yes to erase it.'
    );
    expect(lines).toEqual(['Held about lid@test.be:', '      1  account (kept under a pseudonym, disabled)']);
    const user = await app.db
      .selectFrom('users')
      .select(['email', 'disabled_at'])
      .where('email', '=', 'lid@test.be')
      .executeTakeFirstOrThrow();
    expect(user).toEqual({ email: 'lid@test.be', disabled_at: null });
  });

  it('the command erase with --yes, then export finds nothing', async () => {
    expect(await run((print) => personCommand(['erase', 'lid@test.be', '--yes'], withDatabase, print))).toEqual([
      'Personal data of 1 person erased: 0 questions, 0 mentions in other questions, 1 account, 0 invitations, ' +
        '0 Vraagpunt questions.'
    ]);
    await expect(run((print) => personCommand(['export', 'lid@test.be'], withDatabase, print))).rejects.toThrow(
      'No personal data is held for lid@test.be.'
    );
  });

  it('the purge command takes --months, or the configured period, and explains a missing or wrong one', async () => {
    const purge = (args: string[], configured: number | null) =>
      run((print) => purgeCommand(args, withDatabase, configured, print));
    expect((await purge([], 12))[0]).toMatch(
      /^Purged the personal data of 0 imported rows from before \d{4}-\d{2}-\d{2}/
    );
    await expect(purge([], null)).rejects.toThrow('needs --months N, or RETENTION_MONTHS');
    await expect(purge(['--months', '0'], 12)).rejects.toThrow('--months must be a whole number from 1 to 240');
    await expect(run((print) => personCommand(['forget', 'x@y.be'], withDatabase, print))).rejects.toThrow(
      CliUsageError
    );
  });

  it('purges askers’ personal data once the retention period has passed', async () => {
    const now = new Date();
    expect(await purgeExpired(app.db, { months: 6, now })).toMatchObject({ records: 0, questions: 0 });
    const later = new Date(now.getTime() + 200 * 24 * 3600_000);
    const before = await questionCount();
    const purged = await purgeExpired(app.db, { months: 6, now: later });
    // Of the three rows with personal data, the earlier tests erased two; the third's question names its asker.
    expect(purged).toEqual({ cutoff: monthsBefore(later, 6), records: 1, questions: 1 });
    expect(await questionCount()).toBe(before);
    expect(await app.db.selectFrom('personal_data').select('id').execute()).toEqual([]);
    const texts = (await app.db.selectFrom('questions').select('text').execute()).map((q) => q.text);
    expect(texts).toContain('Hoe leer ik breuken aan zwakke rekenaars? Vraag van [verwijderd] uit Gent.');
    for (const email of [AN, JAN, 'els@school.be']) {
      expect((await exportOf(f.staff, email)).statusCode).toBe(404);
    }
    const entry = await app.db
      .selectFrom('audit_log')
      .select(['actor_id', 'after'])
      .where('action', '=', 'privacy.purge')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor_id: null, after: { months: 6, records: 1, questions: 1 } });
  });
});

describe('the retention period at server start', () => {
  it('purges what has expired once the server is ready', async () => {
    const database = await createTestDatabase({ RETENTION_MONTHS: '12' });
    const app = await buildApp(database.config, { pglite: database.pglite, serveWeb: false });
    try {
      // Before the server is ready: a file imported two years ago.
      const cycleId = (await insertCycle(app.db, { name: 'Oud', startsOn: '2022-09-01', endsOn: '2025-08-31' })).id;
      const sourceId = (
        await insertSource(app.db, { cycleId, kind: 'vraagpunt', name: 'Vraagpunt', participantCount: null })
      ).id;
      await importFile(app.db, {
        cycleId,
        sourceId,
        fileName: 'oud.csv',
        bytes: Buffer.from(FIXTURE_CSV),
        userId: null
      });
      await app.db
        .updateTable('import_batches')
        .set({ created_at: new Date(Date.now() - 730 * 24 * 3600_000) })
        .execute();
      expect(await app.db.selectFrom('personal_data').select('id').execute()).toHaveLength(3);
      await app.ready();
      await expect
        .poll(async () => (await app.db.selectFrom('personal_data').select('id').execute()).length, {
          timeout: 30_000
        })
        .toBe(0);
    } finally {
      await app.close();
      await database.drop();
    }
  });
});

describe('npm run cli -- person', () => {
  it('is wired into the command line, with its usage', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.DATABASE_URL;
    const result = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'app/cli/main.ts', 'person', 'erase'],
      { cwd: path.resolve(import.meta.dirname, '../..'), env }
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('person erase needs one e-mail address.');
    expect(result.stderr).toContain('npm run cli -- person erase EMAIL --yes');
  }, 60_000);
});
