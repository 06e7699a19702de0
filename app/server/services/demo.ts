import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import {
  addCommitteeMember,
  insertCommittee,
  insertCycle,
  insertSource,
  listCycles
} from '../../../db/queries/cycles.js';
import type {
  CommitteeKind,
  Database,
  EvidenceStatus,
  Membership,
  OutputKind,
  OutputStatus,
  Role,
  SourceKind
} from '../../../db/schema.js';
import { themeStates } from '../../../db/queries/curation.js';
import { listSchoolYears } from '../../../db/queries/timeline.js';
import { mulberry32 } from '../../../analysis/index.js';
import { upsertScore } from '../../../db/queries/ballot.js';
import { listCriteria } from '../../../db/queries/rounds.js';
import { listThemes } from '../../../db/queries/themes.js';
import { CRITERION_PRESETS } from '../../shared/round-setup.js';
import type { SubmissionBody } from '../../shared/vraagpunt.js';
import type { DemoStage } from '../config.js';
import { proposeAgenda, publishProposal, reviewProposal } from './agenda.js';
import { createUser } from './auth.js';
import { declareInterests, submitBallot } from './ballot.js';
import { importFile } from './imports.js';
import { patchTheme } from './curation.js';
import { addOutput, setRoute } from './knowledge-routes.js';
import { closeRound, createRound } from './rounds.js';
import { discoverAndAcceptThemes } from './themes.js';
import { submitQuestion, vraagpuntForm } from './vraagpunt.js';
import { makeProposal, setCapacity } from './timeline.js';

const DEMO_DIR = new URL('../../../fixtures/demo/', import.meta.url);

interface DemoPerson {
  email: string;
  name: string;
}

interface DemoFile {
  cycle: { name: string; startsOn: string; endsOn: string };
  sources: { key: string; kind: SourceKind; name: string; file: string; participantCount: number | null }[];
  committees: {
    kind: CommitteeKind;
    name: string;
    maxMembers: number;
    members: (DemoPerson & { role: Membership })[];
  }[];
  staff: (DemoPerson & { role: Exclude<Role, 'committee'> })[];
  agenda: DemoAgenda;
  /** Questions sent through the Vraagpunt form, waiting in the inbox. */
  vraagpuntInbox: Omit<SubmissionBody, 'token'>[];
}

/** How the demo cycle ends: capacities per school year, overarching themes and routes (themes named by a keyword). */
interface DemoAgenda {
  capacities: number[];
  overarching: string[];
  routes: {
    keyword: string;
    evidenceStatus: EvidenceStatus;
    plannedOutput: OutputKind | null;
    output?: { title: string; status: OutputStatus; plannedOn: string };
  }[];
  proposalNote: string;
  approvalNote: string;
}

export interface DemoOptions {
  password: string;
  hashCost: number;
  /** How far the demo cycle goes: complete (the default), or only its inventory — themes, nothing rated yet. */
  stage?: DemoStage;
}

export interface DemoAccount {
  email: string;
  name: string;
  role: string;
}

/**
 * Seeds the demo cycle "Kennisagenda 2024–2027" once: accounts for every role, two committees,
 * three sources filled through the normal CSV import, a first grouping into themes, and a closed rating round.
 * Returns null when the database already holds a cycle.
 */
export async function seedDemo(db: Kysely<Database>, options: DemoOptions): Promise<DemoAccount[] | null> {
  if ((await listCycles(db)).length > 0) return null;
  const demo = JSON.parse(await readFile(new URL('cycle.json', DEMO_DIR), 'utf8')) as DemoFile;
  const files = new Map<string, Buffer>();
  for (const source of demo.sources) files.set(source.file, await readFile(new URL(source.file, DEMO_DIR)));
  // All or nothing: a start interrupted half-way seeds again at the next start.
  return db.transaction().execute((trx) => seed(trx, demo, files, options));
}

async function seed(
  db: Kysely<Database>,
  demo: DemoFile,
  files: Map<string, Buffer>,
  options: DemoOptions
): Promise<DemoAccount[]> {
  const accounts: DemoAccount[] = [];
  const raters: { userId: number; email: string }[] = [];

  const cycle = await insertCycle(db, demo.cycle);
  const staffIds = new Map<string, number>();
  for (const person of demo.staff) {
    const user = await createUser(db, { ...person, password: options.password, hashCost: options.hashCost });
    staffIds.set(person.role, user.id);
    accounts.push(person);
  }
  for (const committee of demo.committees) {
    const committeeId = await insertCommittee(db, { cycleId: cycle.id, ...committee });
    for (const member of committee.members) {
      const user = await createUser(db, {
        email: member.email,
        name: member.name,
        role: 'committee',
        password: options.password,
        hashCost: options.hashCost
      });
      await addCommitteeMember(db, { committeeId, userId: user.id, membership: member.role });
      if (member.role !== 'observer') raters.push({ userId: user.id, email: member.email });
      accounts.push({ email: member.email, name: member.name, role: `${committee.name} (${member.role})` });
    }
  }
  for (const source of demo.sources) {
    const created = await insertSource(db, { cycleId: cycle.id, ...source });
    await importFile(db, {
      cycleId: cycle.id,
      sourceId: created.id,
      fileName: source.file,
      bytes: files.get(source.file)!,
      userId: null
    });
  }
  await discoverAndAcceptThemes(db, { cycleId: cycle.id, userId: null });
  // Sent while the cycle collected questions, through the form's own service (no wait: nobody fills it in here).
  for (const question of demo.vraagpuntInbox) {
    const now = new Date();
    const { token } = await vraagpuntForm(db, now, null);
    await submitQuestion(
      db,
      { ...question, token },
      { now, limits: { minFillMs: 0, maxAgeMs: 60_000 }, locale: 'nl-BE' }
    );
  }
  if (options.stage === 'inventory') return accounts;
  const people = { staff: staffIds.get('staff')!, director: staffIds.get('director')! };
  await markOverarching(db, cycle.id, demo.agenda, people.staff);
  await seedRatingRound(db, cycle.id, raters);
  await seedPublishedAgenda(db, cycle.id, demo.agenda, people);
  return accounts;
}

/** The demo's rating round: its name, dates and criteria with their weights (from the presets). */
const DEMO_ROUND = {
  name: 'Prioritering 2024',
  description: 'Eerste prioritering van de thema’s door beide commissies.',
  opensAt: new Date('2024-11-04T08:00:00Z'),
  closesAt: new Date('2024-11-29T17:00:00Z'),
  weights: [3, 2, 1, 2, 1]
};
/** Fixed, so every demo database holds the same scores. */
const DEMO_SEED = 20_241_104;
/** Members whose answers stand out: one declares a conflict on a theme, one gives every theme the top score. */
const RECUSING_MEMBER = 'wetenschap2@demo.kennisagenda.test';
const STRAIGHT_LINER = 'gebruiker4@demo.kennisagenda.test';

/**
 * A closed round on all demo themes, so analytics and the methodology report have figures from the start. Scores
 * are plausible, not random noise: each theme has a base quality, each criterion a shift, each member a little
 * noise of their own; now and then "weet ik niet". Declarations, submissions and the close go through the services
 * (and so the audit log); the scores straight through the query, one per cell, which keeps the seed fast.
 */
async function seedRatingRound(
  db: Kysely<Database>,
  cycleId: number,
  raters: { userId: number; email: string }[]
): Promise<void> {
  const themes = await listThemes(db, cycleId);
  const round = await createRound(db, {
    cycleId,
    body: {
      name: DEMO_ROUND.name,
      description: DEMO_ROUND.description,
      kind: 'rating',
      scaleMax: 5,
      closesAt: DEMO_ROUND.closesAt.toISOString(),
      criteria: CRITERION_PRESETS.slice(0, DEMO_ROUND.weights.length).map((c, i) => ({
        ...c,
        weight: DEMO_ROUND.weights[i]!
      }))
    },
    userId: null,
    now: DEMO_ROUND.opensAt
  });
  const criteria = await listCriteria(db, round.id);
  const random = mulberry32(DEMO_SEED);
  const quality = themes.map(() => 1.8 + random() * 2.6);
  const shift = criteria.map(() => (random() - 0.5) * 0.8);
  const conflictTheme = themes[1]!;

  for (const [i, rater] of raters.entries()) {
    const now = new Date(DEMO_ROUND.opensAt.getTime() + (i + 1) * 36 * 3_600_000);
    const recuses = rater.email === RECUSING_MEMBER;
    await declareInterests(db, {
      roundId: round.id,
      userId: rater.userId,
      now,
      none: !recuses,
      themes: recuses
        ? [{ themeId: conflictTheme.id, description: 'Werkt mee aan een lopend project over dit thema.' }]
        : []
    });
    const bias = (random() - 0.5) * 0.8;
    for (const [t, theme] of themes.entries()) {
      if (recuses && theme.id === conflictTheme.id) continue;
      for (const [c, criterion] of criteria.entries()) {
        const dontKnow = rater.email !== STRAIGHT_LINER && random() < 0.04;
        const noisy = quality[t]! + shift[c]! + bias + (random() - 0.5) * 1.6;
        const value = rater.email === STRAIGHT_LINER ? 5 : Math.min(5, Math.max(1, Math.round(noisy)));
        await upsertScore(db, {
          roundId: round.id,
          themeId: theme.id,
          criterionId: criterion.id,
          userId: rater.userId,
          value: dontKnow ? null : value,
          dontKnow,
          reason: null,
          at: now
        });
      }
    }
    await submitBallot(db, { roundId: round.id, userId: rater.userId, now });
  }
  await closeRound(db, round.id, null, DEMO_ROUND.closesAt);
}

/** The demo's themes named by a keyword of theme discovery (its labels are deterministic, its ids are not). */
async function themesByKeyword(db: Kysely<Database>, cycleId: number, keyword: string): Promise<number[]> {
  const themes = await listThemes(db, cycleId);
  return themes.filter((t) => t.keywords.includes(keyword)).map((t) => t.id);
}

async function markOverarching(db: Kysely<Database>, cycleId: number, agenda: DemoAgenda, userId: number) {
  for (const keyword of agenda.overarching) {
    for (const theme of await themeStates(db, await themesByKeyword(db, cycleId, keyword))) {
      await patchTheme(db, { themeId: theme.id, body: { version: theme.version, isOverarching: true }, userId });
    }
  }
}

/**
 * The end of the demo's story, through the same services staff and the director use: capacities, the timeline
 * proposed from the round's ranking, routes for some themes, then proposed, approved and published as version 1.
 */
async function seedPublishedAgenda(
  db: Kysely<Database>,
  cycleId: number,
  agenda: DemoAgenda,
  people: { staff: number; director: number }
): Promise<void> {
  const years = await listSchoolYears(db, cycleId);
  for (const [i, year] of years.entries()) {
    const capacity = agenda.capacities[i];
    if (capacity !== undefined) {
      await setCapacity(db, { cycleId, startsOn: year.startsOn, capacity, userId: people.staff });
    }
  }
  await makeProposal(db, { cycleId, userId: people.staff });
  for (const route of agenda.routes) {
    for (const themeId of await themesByKeyword(db, cycleId, route.keyword)) {
      const body = { evidenceStatus: route.evidenceStatus, plannedOutput: route.plannedOutput };
      await setRoute(db, { themeId, body, userId: people.staff });
      if (route.output && route.plannedOutput) {
        await addOutput(db, {
          themeId,
          body: { kind: route.plannedOutput, ...route.output, coversAll: true },
          userId: people.staff
        });
      }
    }
  }
  const proposal = await proposeAgenda(db, { cycleId, userId: people.staff, note: agenda.proposalNote });
  await reviewProposal(db, { id: proposal.id, userId: people.director, approve: true, note: agenda.approvalNote });
  await publishProposal(db, { id: proposal.id, userId: people.director });
}
