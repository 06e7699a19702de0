import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import {
  addCommitteeMember,
  insertCommittee,
  insertCycle,
  insertSource,
  listCycles
} from '../../../db/queries/cycles.js';
import type { CommitteeKind, Database, Membership, Role, SourceKind } from '../../../db/schema.js';
import { createUser } from './auth.js';
import { importFile } from './imports.js';
import { discoverAndAcceptThemes } from './themes.js';

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
}

export interface DemoAccount {
  email: string;
  name: string;
  role: string;
}

/**
 * Seeds the demo cycle "Kennisagenda 2024–2027" once: accounts for every role, two committees,
 * three sources filled through the normal CSV import, and a first grouping into themes.
 * Returns null when the database already holds a cycle.
 */
export async function seedDemo(
  db: Kysely<Database>,
  options: { password: string; hashCost: number }
): Promise<DemoAccount[] | null> {
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
  options: { password: string; hashCost: number }
): Promise<DemoAccount[]> {
  const accounts: DemoAccount[] = [];

  const cycle = await insertCycle(db, demo.cycle);
  for (const person of demo.staff) {
    await createUser(db, { ...person, password: options.password, hashCost: options.hashCost });
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
  return accounts;
}
