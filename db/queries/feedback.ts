import { type Kysely, sql } from 'kysely';
import type { Database, FeedbackCategory } from '../schema.js';

export interface FeedbackItem {
  id: number;
  roundId: number;
  themeId: number;
  userId: number;
  category: FeedbackCategory;
  text: string;
  createdAt: Date;
  updatedAt: Date;
  handledAt: Date | null;
}

/** A feedback item as staff read it: with the theme, the author and who marked it handled. */
export interface StaffFeedbackItem extends FeedbackItem {
  themeName: string;
  authorName: string;
  handledByName: string | null;
}

const columns = [
  'f.id',
  'f.round_id as roundId',
  'f.theme_id as themeId',
  'f.user_id as userId',
  'f.category',
  'f.text',
  'f.created_at as createdAt',
  'f.updated_at as updatedAt',
  'f.handled_at as handledAt'
] as const;

export async function findFeedback(db: Kysely<Database>, id: number): Promise<FeedbackItem | null> {
  return (await db.selectFrom('theme_feedback as f').select(columns).where('f.id', '=', id).executeTakeFirst()) ?? null;
}

export async function listMemberFeedback(
  db: Kysely<Database>,
  roundId: number,
  userId: number
): Promise<FeedbackItem[]> {
  return db
    .selectFrom('theme_feedback as f')
    .select(columns)
    .where('f.round_id', '=', roundId)
    .where('f.user_id', '=', userId)
    .orderBy('f.id')
    .execute();
}

export async function insertFeedback(
  db: Kysely<Database>,
  item: { roundId: number; themeId: number; userId: number; category: FeedbackCategory; text: string; at: Date }
): Promise<FeedbackItem> {
  const { id } = await db
    .insertInto('theme_feedback')
    .values({
      round_id: item.roundId,
      theme_id: item.themeId,
      user_id: item.userId,
      category: item.category,
      text: item.text,
      created_at: item.at,
      updated_at: item.at
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return (await findFeedback(db, id))!;
}

export async function updateFeedback(
  db: Kysely<Database>,
  id: number,
  change: { category: FeedbackCategory; text: string; at: Date }
): Promise<void> {
  await db
    .updateTable('theme_feedback')
    .set({ category: change.category, text: change.text, updated_at: change.at })
    .where('id', '=', id)
    .execute();
}

export async function deleteFeedback(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('theme_feedback').where('id', '=', id).execute();
}

export async function setFeedbackHandled(
  db: Kysely<Database>,
  id: number,
  handled: { at: Date; by: number } | null
): Promise<void> {
  await db
    .updateTable('theme_feedback')
    .set(handled ? { handled_at: handled.at, handled_by: handled.by } : { handled_at: null, handled_by: null })
    .where('id', '=', id)
    .execute();
}

/** A round's feedback for staff, by theme name, then category and date. */
export async function listRoundFeedback(db: Kysely<Database>, roundId: number): Promise<StaffFeedbackItem[]> {
  return db
    .selectFrom('theme_feedback as f')
    .innerJoin('themes', 'themes.id', 'f.theme_id')
    .innerJoin('users as author', 'author.id', 'f.user_id')
    .leftJoin('users as handler', 'handler.id', 'f.handled_by')
    .select([...columns, 'themes.name as themeName', 'author.name as authorName', 'handler.name as handledByName'])
    .where('f.round_id', '=', roundId)
    .orderBy('themes.name')
    .orderBy('f.theme_id')
    .orderBy(sql`case f.category when 'gaps' then 0 when 'literature' then 1 when 'naming' then 2 else 3 end`)
    .orderBy('f.id')
    .execute();
}
