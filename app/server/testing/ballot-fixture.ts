import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { addCommitteeMember, insertCommittee, insertCycle, insertSource } from '../../../db/queries/cycles.js';
import type { ConsensusRule, Database, RoundKind, RoundStatus, ScaleKind } from '../../../db/schema.js';
import { importFile } from '../services/imports.js';
import { type Client, loginAs } from './test-app.js';

/**
 * Questions with their asker's name and e-mail in columns of their own (kept apart as personal data), one of them
 * repeating the asker's contact details in the question text.
 */
export const FIXTURE_CSV = [
  'vraag,naam,e-mail',
  '"Hoe herken ik dyscalculie bij jonge kinderen? Groetjes, Jan Peeters",Jan Peeters,jan.peeters@school.be',
  '"Welke rekenstrategieën helpen bij rekenproblemen? Mail me op an.smets@school.be of bel 0470 12 34 56.",An Smets,an.smets@school.be',
  '"Hoe leer ik breuken aan zwakke rekenaars? Vraag van Els Claes uit Gent.",Els Claes,els@school.be',
  'Wat werkt bij het automatiseren van de tafels?,,',
  'Hoe ondersteun ik leerlingen met dyscalculie bij toetsen?,,',
  'Welke rekenspelletjes werken in de kleuterklas?,,',
  'Hoe pak ik pesten op sociale media aan als klasleraar?,,',
  'Wat werkt tegen cyberpesten in de eerste graad?,,',
  'Hoe stimuleer ik begrijpend lezen bij nieuwkomers?,,',
  'Welke leesstrategieën werken in het vierde leerjaar?,,',
  'Hoe motiveer ik jongens om meer te lezen?,,',
  ''
].join('\n');

export interface FixtureMember {
  client: Client;
  userId: number;
  email: string;
}

export interface BallotFixture {
  cycleId: number;
  staff: Client;
  director: Client;
  themes: { rekenen: number; pesten: number; lezen: number };
  questionIds: Map<string, number>;
  committees: { user: number; scientific: number };
  /** Four members who rate: a, b in the user committee, c, d in the scientific committee. */
  members: { a: FixtureMember; b: FixtureMember; c: FixtureMember; d: FixtureMember };
  observer: FixtureMember;
  /** A committee member of another cycle's committee. */
  outsider: FixtureMember;
}

async function member(app: FastifyInstance, email: string): Promise<FixtureMember> {
  const client = await loginAs(app, 'committee', email);
  const user = await app.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return { client, userId: user.id, email };
}

/** A cycle with questions (some with personal data), three themes, two committees, members and an observer. */
export async function ballotFixture(app: FastifyInstance): Promise<BallotFixture> {
  const db = app.db;
  const cycleId = (
    await insertCycle(db, { name: 'Kennisagenda 2024–2027', startsOn: '2024-09-01', endsOn: '2027-08-31' })
  ).id;
  const sourceId = (await insertSource(db, { cycleId, kind: 'vraagpunt', name: 'Vraagpunt', participantCount: null }))
    .id;
  await importFile(db, { cycleId, sourceId, fileName: 'vraagpunt.csv', bytes: Buffer.from(FIXTURE_CSV), userId: null });
  const questions = await db.selectFrom('questions').select(['id', 'text']).where('cycle_id', '=', cycleId).execute();
  const questionIds = new Map(questions.map((q) => [q.text, q.id]));
  const idsOf = (prefix: string[]) =>
    prefix.map((p) => {
      const found = questions.find((q) => q.text.startsWith(p));
      if (!found) throw new Error(`fixture question "${p}" was not imported`);
      return found.id;
    });

  const theme = async (name: string, description: string, members: number[], representatives: number[]) => {
    const { id } = await db
      .insertInto('themes')
      .values({
        cycle_id: cycleId,
        run_id: null,
        name,
        description,
        keywords: JSON.stringify([name.toLowerCase()]),
        representative_question_ids: JSON.stringify(representatives)
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.updateTable('questions').set({ theme_id: id }).where('id', 'in', members).execute();
    return id;
  };
  const rekenenIds = idsOf([
    'Hoe herken',
    'Welke rekenstrategieën',
    'Hoe leer ik breuken',
    'Wat werkt bij',
    'Hoe ondersteun',
    'Welke rekenspelletjes'
  ]);
  const rekenen = await theme(
    'Rekenen',
    'Reken- en wiskundeonderwijs, dyscalculie.',
    rekenenIds,
    rekenenIds.slice(0, 5)
  );
  // Without representatives: the ballot shows the theme's first questions.
  const pesten = await theme('Pesten', 'Pesten en cyberpesten.', idsOf(['Hoe pak ik', 'Wat werkt tegen']), []);
  const lezenIds = idsOf(['Hoe stimuleer', 'Welke leesstrategieën', 'Hoe motiveer']);
  const lezen = await theme('Lezen', 'Begrijpend lezen en leesplezier.', lezenIds, lezenIds.slice(0, 1));

  const user = await insertCommittee(db, { cycleId, kind: 'user', name: 'Gebruikerscommissie', maxMembers: 20 });
  const scientific = await insertCommittee(db, {
    cycleId,
    kind: 'scientific',
    name: 'Wetenschappelijke commissie',
    maxMembers: 10
  });
  const a = await member(app, 'lid-a@test.be');
  const b = await member(app, 'lid-b@test.be');
  const c = await member(app, 'lid-c@test.be');
  const d = await member(app, 'lid-d@test.be');
  const observer = await member(app, 'waarnemer@test.be');
  const outsider = await member(app, 'buiten@test.be');
  for (const [committeeId, m] of [
    [user, a],
    [user, b],
    [scientific, c],
    [scientific, d]
  ] as const) {
    await addCommitteeMember(db, { committeeId, userId: m.userId, membership: 'member' });
  }
  await addCommitteeMember(db, { committeeId: scientific, userId: observer.userId, membership: 'observer' });
  const otherCycle = (await insertCycle(db, { name: 'Andere', startsOn: '2020-09-01', endsOn: '2023-08-31' })).id;
  const otherCommittee = await insertCommittee(db, {
    cycleId: otherCycle,
    kind: 'user',
    name: 'Andere',
    maxMembers: 20
  });
  await addCommitteeMember(db, { committeeId: otherCommittee, userId: outsider.userId, membership: 'member' });

  return {
    cycleId,
    staff: await loginAs(app, 'staff'),
    director: await loginAs(app, 'director'),
    themes: { rekenen, pesten, lezen },
    questionIds,
    committees: { user, scientific },
    members: { a, b, c, d },
    observer,
    outsider
  };
}

export interface TestRoundInput {
  cycleId: number;
  name?: string;
  kind?: RoundKind;
  scaleKind?: ScaleKind;
  scaleMin?: number;
  scaleMax?: number;
  rankTopN?: number | null;
  status?: RoundStatus;
  opensAt?: Date | null;
  closesAt?: Date | null;
  previousRoundId?: number | null;
  consensus?: ConsensusRule | null;
  criteria?: string[];
  themeIds: number[];
  committeeIds: number[];
}

/** A round written straight into the database, as the staff's round setup would. */
export async function insertTestRound(
  db: Kysely<Database>,
  input: TestRoundInput
): Promise<{ id: number; criteria: number[] }> {
  const { id } = await db
    .insertInto('rating_rounds')
    .values({
      cycle_id: input.cycleId,
      name: input.name ?? 'Ronde',
      kind: input.kind ?? 'rating',
      scale_kind: input.scaleKind ?? 'scale',
      scale_min: input.scaleMin ?? 1,
      scale_max: input.scaleMax ?? 5,
      rank_top_n: input.rankTopN ?? null,
      status: input.status ?? 'open',
      opened_at: (input.status ?? 'open') === 'draft' ? null : new Date(),
      closed_at: input.status === 'closed' ? new Date() : null,
      opens_at: input.opensAt ?? null,
      closes_at: input.closesAt ?? null,
      previous_round_id: input.previousRoundId ?? null,
      consensus: input.consensus ? JSON.stringify(input.consensus) : null,
      created_by: null
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (input.themeIds.length > 0) {
    await db
      .insertInto('round_themes')
      .values(input.themeIds.map((themeId) => ({ round_id: id, theme_id: themeId })))
      .execute();
  }
  await db
    .insertInto('round_committees')
    .values(input.committeeIds.map((committeeId) => ({ round_id: id, committee_id: committeeId })))
    .execute();
  const names = input.kind === 'feedback' ? [] : (input.criteria ?? ['Prioriteit']);
  const criteria: number[] = [];
  for (const [position, name] of names.entries()) {
    const row = await db
      .insertInto('round_criteria')
      .values({ round_id: id, name, description: `${name}: uitleg`, weight: 1, position })
      .returning('id')
      .executeTakeFirstOrThrow();
    criteria.push(row.id);
  }
  return { id, criteria };
}

/** Closes a round straight in the database. */
export async function closeTestRound(db: Kysely<Database>, roundId: number): Promise<void> {
  await db
    .updateTable('rating_rounds')
    .set({ status: 'closed', closed_at: new Date() })
    .where('id', '=', roundId)
    .execute();
}
