import { type Kysely, sql } from 'kysely';
import type { Database, DuplicateStatus } from '../schema.js';

export interface DuplicateLink {
  id: number;
  cycleId: number;
  questionId: number;
  duplicateOf: number;
  similarity: number;
  exact: boolean;
  status: DuplicateStatus;
  decidedBy: number | null;
  decidedAt: Date | null;
}

/** A link with the texts of both questions, for the duplicates page. */
export interface DuplicateLinkWithTexts extends DuplicateLink {
  text: string;
  originalText: string;
}

export interface NewDuplicateLink {
  questionId: number;
  duplicateOf: number;
  similarity: number;
  exact: boolean;
}

const linkColumns = [
  'duplicate_links.id',
  'duplicate_links.cycle_id as cycleId',
  'duplicate_links.question_id as questionId',
  'duplicate_links.duplicate_of as duplicateOf',
  'duplicate_links.similarity',
  'duplicate_links.exact',
  'duplicate_links.status',
  'duplicate_links.decided_by as decidedBy',
  'duplicate_links.decided_at as decidedAt'
] as const;

export async function findDuplicateLink(db: Kysely<Database>, id: number): Promise<DuplicateLink | undefined> {
  return db.selectFrom('duplicate_links').select(linkColumns).where('id', '=', id).executeTakeFirst();
}

/** The cycle's links (optionally of one status), grouped by original and in question order. */
export async function listDuplicateLinks(
  db: Kysely<Database>,
  cycleId: number,
  status?: DuplicateStatus
): Promise<DuplicateLinkWithTexts[]> {
  let query = db
    .selectFrom('duplicate_links')
    .innerJoin('questions as duplicate', 'duplicate.id', 'duplicate_links.question_id')
    .innerJoin('questions as original', 'original.id', 'duplicate_links.duplicate_of')
    .select([...linkColumns, 'duplicate.text as text', 'original.text as originalText'])
    .where('duplicate_links.cycle_id', '=', cycleId);
  if (status !== undefined) query = query.where('duplicate_links.status', '=', status);
  return query.orderBy('duplicate_links.duplicate_of').orderBy('duplicate_links.question_id').execute();
}

/** How many of the cycle's links have each status. */
export async function countDuplicateLinks(
  db: Kysely<Database>,
  cycleId: number
): Promise<Record<DuplicateStatus, number>> {
  const rows = await db
    .selectFrom('duplicate_links')
    .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
    .where('cycle_id', '=', cycleId)
    .groupBy('status')
    .execute();
  const counts: Record<DuplicateStatus, number> = { proposed: 0, confirmed: 0, rejected: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

/**
 * Stores the links found by a detection: new ones as proposals, and open proposals updated to what was found now.
 * Links staff decided on (confirmed or rejected) are left as they are, so a rejected pair is never proposed again.
 * Proposals for questions no longer found are removed. Returns how many links are new.
 */
export async function storeDuplicateProposals(
  db: Kysely<Database>,
  cycleId: number,
  links: NewDuplicateLink[]
): Promise<number> {
  const found = new Set(links.map((link) => link.questionId));
  const stale = await db
    .selectFrom('duplicate_links')
    .select('question_id')
    .where('cycle_id', '=', cycleId)
    .where('status', '=', 'proposed')
    .execute();
  const gone = stale.map((row) => row.question_id).filter((id) => !found.has(id));
  for (let i = 0; i < gone.length; i += 10_000) {
    await db
      .deleteFrom('duplicate_links')
      .where('status', '=', 'proposed')
      .where('question_id', 'in', gone.slice(i, i + 10_000))
      .execute();
  }
  let added = 0;
  // Chunks keep the bind parameters under PostgreSQL's limit of 65,535.
  for (let i = 0; i < links.length; i += 5_000) {
    const rows = await db
      .insertInto('duplicate_links')
      .values(
        links.slice(i, i + 5_000).map((link) => ({
          cycle_id: cycleId,
          question_id: link.questionId,
          duplicate_of: link.duplicateOf,
          similarity: link.similarity,
          exact: link.exact
        }))
      )
      .onConflict((oc) =>
        oc
          .column('question_id')
          .doUpdateSet({
            duplicate_of: (eb) => eb.ref('excluded.duplicate_of'),
            similarity: (eb) => eb.ref('excluded.similarity'),
            exact: (eb) => eb.ref('excluded.exact')
          })
          .where('duplicate_links.status', '=', 'proposed')
      )
      // xmax = 0 only for rows this statement inserted (PostgreSQL's way to tell inserts from updates).
      .returning(sql<boolean>`xmax = 0`.as('inserted'))
      .execute();
    added += rows.filter((row) => row.inserted).length;
  }
  return added;
}

/** Sets a link's status; a decision records who took it and when, back to 'proposed' clears both. */
export async function setDuplicateStatus(
  db: Kysely<Database>,
  id: number,
  status: DuplicateStatus,
  userId: number
): Promise<void> {
  const decided = status !== 'proposed';
  await db
    .updateTable('duplicate_links')
    .set({ status, decided_by: decided ? userId : null, decided_at: decided ? new Date() : null })
    .where('id', '=', id)
    .execute();
}
