import type { Kysely } from 'kysely';
import { projectTo2d } from '../../../analysis/cluster/project-2d.js';
import { listCurationSteps } from '../../../db/queries/curation.js';
import { findCycle } from '../../../db/queries/cycles.js';
import {
  boardSnippets,
  type Bucket,
  type BucketCount,
  countBuckets,
  findBoardTheme,
  listBoardThemes,
  listCuratedQuestions,
  listMapQuestions,
  type Snippet
} from '../../../db/queries/theme-board.js';
import { themeIdsInRounds } from '../../../db/queries/themes.js';
import type { Database, SourceKind } from '../../../db/schema.js';
import type {
  QuestionListDto,
  QuestionListQuery,
  QuestionMapDto,
  ThemeBoardDto,
  ThemeCardDto
} from '../../shared/curation.js';
import { toCsv } from '../lib/csv.js';
import { notFound } from '../errors.js';

export const REPRESENTATIVES = 3;
export const BIN_SAMPLE = 5;
export const HISTORY_STEPS = 20;
export const DEFAULT_LIMIT = 200;

const sameBucket = (a: Bucket, b: Bucket) => a === b;

function countsOf<K extends 'kind' | 'level'>(
  rows: BucketCount[],
  bucket: Bucket,
  name: K,
  originalsOnly: boolean
): ({ count: number } & Record<K, string>)[] {
  return rows
    .filter((r) => sameBucket(r.bucket, bucket))
    .map(
      (r) => ({ [name]: r.key, count: originalsOnly ? r.originals : r.count }) as { count: number } & Record<K, string>
    )
    .filter((r) => r.count > 0)
    .sort((a, b) => b.count - a.count || (a[name] < b[name] ? -1 : a[name] > b[name] ? 1 : 0));
}

const snippetsOf = (snippets: Snippet[], bucket: Bucket) =>
  snippets.filter((s) => sameBucket(s.bucket, bucket)).map(({ id, text }) => ({ id, text }));

/**
 * The theme board of a cycle: every theme with its counts and representatives, the "niet toegewezen" bin and the
 * out-of-scope bin (so no question disappears), and the latest curation steps. Texts as written (staff's view).
 * A theme's counts per source and level leave confirmed duplicates out (they add up to its size); a bin counts
 * every question in it.
 * Works on a transaction too: the queries run one after the other.
 */
export async function themeBoard(db: Kysely<Database>, cycleId: number): Promise<ThemeBoardDto> {
  const themes = await listBoardThemes(db, cycleId);
  const inRound = new Set(await themeIdsInRounds(db, cycleId));
  const counts = await countBuckets(db, cycleId);
  const snippets = await boardSnippets(
    db,
    cycleId,
    themes.flatMap((t) => t.representativeQuestionIds.slice(0, REPRESENTATIVES * 4)),
    REPRESENTATIVES,
    BIN_SAMPLE
  );
  const history = await listCurationSteps(db, cycleId, HISTORY_STEPS);

  const textOf = new Map(snippets.representatives.map((s) => [s.id, s]));
  const cards: ThemeCardDto[] = themes.map((theme) => {
    // The discovery's representatives that are still in the theme, topped up with its first questions.
    const representatives = theme.representativeQuestionIds
      .flatMap((id) => {
        const s = textOf.get(id);
        return s && s.bucket === theme.id ? [{ id, text: s.text }] : [];
      })
      .slice(0, REPRESENTATIVES);
    for (const first of snippetsOf(snippets.firsts, theme.id)) {
      if (representatives.length >= REPRESENTATIVES) break;
      if (!representatives.some((r) => r.id === first.id)) representatives.push(first);
    }
    return {
      id: theme.id,
      name: theme.name,
      description: theme.description,
      keywords: theme.keywords,
      size: theme.size,
      duplicates: theme.duplicates,
      version: theme.version,
      locked: theme.locked,
      isOverarching: theme.isOverarching,
      isAdHoc: theme.isAdHoc,
      inRound: inRound.has(theme.id),
      bySource: countsOf(counts.bySource, theme.id, 'kind', true) as ThemeCardDto['bySource'],
      byLevel: countsOf(counts.byLevel, theme.id, 'level', true),
      representatives
    };
  });
  const bin = (bucket: 'unassigned' | 'out_of_scope') => {
    const bySource = countsOf(counts.bySource, bucket, 'kind', false) as ThemeCardDto['bySource'];
    return {
      count: bySource.reduce((sum, s) => sum + s.count, 0),
      bySource,
      byLevel: countsOf(counts.byLevel, bucket, 'level', false),
      sample: snippetsOf(snippets.bins, bucket)
    };
  };
  return { cycleId, themes: cards, unassigned: bin('unassigned'), outOfScope: bin('out_of_scope'), history };
}

type Show = (text: string) => string;
const mapSnippets = (list: { id: number; text: string }[], show: Show) =>
  list.map((s) => ({ ...s, text: show(s.text) }));

/** A theme card with its question texts passed through `show` (masking for those who are not staff). */
export const mapCardTexts = (card: ThemeCardDto, show: Show): ThemeCardDto => ({
  ...card,
  representatives: mapSnippets(card.representatives, show)
});

/** The board with every question text passed through `show` (masking for those who are not staff). */
export function mapBoardTexts(board: ThemeBoardDto, show: Show): ThemeBoardDto {
  const snippets = (list: { id: number; text: string }[]) => mapSnippets(list, show);
  return {
    ...board,
    themes: board.themes.map((t) => mapCardTexts(t, show)),
    unassigned: { ...board.unassigned, sample: snippets(board.unassigned.sample) },
    outOfScope: { ...board.outOfScope, sample: snippets(board.outOfScope.sample) }
  };
}

async function requireCycle(db: Kysely<Database>, cycleId: number): Promise<void> {
  if (!(await findCycle(db, cycleId))) throw notFound('Cycle', cycleId);
}

/** A theme of the cycle, or 404 (also when the theme belongs to another cycle). */
async function requireTheme(db: Kysely<Database>, cycleId: number, themeId: number): Promise<void> {
  const theme = await findBoardTheme(db, themeId);
  if (!theme || theme.cycleId !== cycleId) throw notFound('Theme', themeId);
}

/** The board as the route answers it: 404 for an unknown cycle. */
export async function cycleThemeBoard(db: Kysely<Database>, cycleId: number): Promise<ThemeBoardDto> {
  await requireCycle(db, cycleId);
  return themeBoard(db, cycleId);
}

/** A theme's questions (or a bin's), searched and filtered, with their provenance. */
export async function questionList(
  db: Kysely<Database>,
  cycleId: number,
  query: QuestionListQuery
): Promise<QuestionListDto> {
  await requireCycle(db, cycleId);
  const bucket: Bucket =
    query.theme === 'unassigned' || query.theme === 'out_of_scope' ? query.theme : Number(query.theme);
  let theme: ThemeCardDto | null = null;
  if (typeof bucket === 'number') {
    await requireTheme(db, cycleId, bucket);
    theme = (await themeBoard(db, cycleId)).themes.find((t) => t.id === bucket) ?? null;
  }
  const { total, questions } = await listCuratedQuestions(
    db,
    cycleId,
    {
      bucket,
      q: query.q,
      sourceKind: query.sourceKind as SourceKind | undefined,
      level: query.level,
      role: query.role
    },
    { limit: query.limit ?? DEFAULT_LIMIT, offset: query.offset ?? 0 }
  );
  return { theme, total, questions };
}

export const LINEAGE_COLUMNS = [
  'question_id',
  'text',
  'source',
  'source_kind',
  'file',
  'row',
  'column',
  'level',
  'role',
  'asked_on',
  'duplicate_of'
];

/**
 * The source rows of a theme's questions as CSV: where each question was read (file, row, column). Personal data is
 * kept apart (personal_data) and never read here.
 */
export async function themeLineageCsv(
  db: Kysely<Database>,
  themeId: number,
  show: (text: string) => string
): Promise<string> {
  const theme = await findBoardTheme(db, themeId);
  if (!theme) throw notFound('Theme', themeId);
  const { questions } = await listCuratedQuestions(
    db,
    theme.cycleId,
    { bucket: themeId },
    { limit: Number.MAX_SAFE_INTEGER, offset: 0 }
  );
  return toCsv(
    LINEAGE_COLUMNS,
    questions.map((q) => [
      q.id,
      show(q.text),
      q.sourceName,
      q.sourceKind,
      q.fileName,
      q.rowNumber,
      q.columnName,
      q.level,
      q.askerRole,
      q.askedOn,
      q.duplicateOf
    ])
  );
}

/** The cycle's active questions on a plane: a 2-D projection of their TF-IDF vectors, by theme. */
export async function questionMap(db: Kysely<Database>, cycleId: number): Promise<QuestionMapDto> {
  await requireCycle(db, cycleId);
  const questions = await listMapQuestions(db, cycleId);
  const points = projectTo2d(questions);
  const themeOf = new Map(questions.map((q) => [q.id, q.themeId]));
  return { points: points.map((p) => ({ questionId: p.id, themeId: themeOf.get(p.id) ?? null, x: p.x, y: p.y })) };
}
