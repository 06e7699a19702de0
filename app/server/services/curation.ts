import type { Kysely } from 'kysely';
import { DEFAULT_SEED, discoverThemes } from '../../../analysis/index.js';
import { writeAudit } from '../../../db/queries/audit.js';
import {
  activeQuestionTextsOfTheme,
  bumpVersions,
  type CurationSnapshot,
  type CurationStep,
  type CurationStepPart,
  deleteThemeRows,
  findCurationStep,
  findOperation,
  insertOperation,
  insertThemeState,
  lastChangeOfTheme,
  latestOpenOperation,
  listCurationSteps,
  markUndone,
  type QuestionState,
  questionStates,
  questionsInThemes,
  roundNamesOfThemes,
  setQuestionStates,
  type ThemeState,
  themeStates,
  updateThemeState
} from '../../../db/queries/curation.js';
import { findCycle } from '../../../db/queries/cycles.js';
import type { Database } from '../../../db/schema.js';
import { inTransaction } from '../../../db/transaction.js';
import type {
  CurationResultDto,
  MergeBody,
  MoveBody,
  ScopeBody,
  SplitBody,
  ThemePatchBody
} from '../../shared/curation.js';
import { type AppError, badRequest, conflict, notFound } from '../errors.js';
import { themeBoard } from './theme-board.js';

type Db = Kysely<Database>;
type Versions = Record<string, number>;

const quote = (name: string) => `'${name}'`;
/** "'A'", "'A' and 'B'", "'A', 'B' and 'C'". */
function listNames(names: readonly string[]): string {
  const quoted = names.map(quote);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}
const questionsWord = (n: number) => (n === 1 ? '1 question' : `${n} questions`);
const idList = (ids: readonly number[]) => ids.slice(0, 20).join(', ') + (ids.length > 20 ? ', …' : '');

async function requireCycle(db: Db, cycleId: number): Promise<void> {
  if (!(await findCycle(db, cycleId))) throw notFound('Cycle', cycleId);
}

/**
 * The themes, their rows locked until the transaction ends (two edits of one theme take turns). Unknown ids: 404;
 * a theme of another cycle than `cycleId`: 400.
 */
async function lockThemes(db: Db, ids: readonly number[], cycleId?: number): Promise<ThemeState[]> {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  const themes = await themeStates(db, unique, true);
  const missing = unique.find((id) => !themes.some((t) => t.id === id));
  if (missing !== undefined) throw notFound('Theme', missing);
  if (cycleId !== undefined) {
    const foreign = themes.find((t) => t.cycleId !== cycleId);
    if (foreign) {
      throw badRequest('theme_not_in_cycle', `Theme ${quote(foreign.name)} (${foreign.id}) belongs to another cycle.`, {
        themeId: foreign.id
      });
    }
  }
  return themes;
}

/** 409 `stale_theme`: who changed the theme and when, with the theme as it is now. */
async function staleTheme(db: Db, theme: ThemeState): Promise<AppError> {
  const change = await lastChangeOfTheme(db, theme.id);
  const board = await themeBoard(db, theme.cycleId);
  const who = change?.by ?? 'someone else';
  const when = change ? ` at ${change.at.toISOString()}` : '';
  return conflict(
    'stale_theme',
    `Theme ${quote(theme.name)} was changed by ${who}${when} in the meantime. Look at it again and redo your change.`,
    {
      themeId: theme.id,
      changedBy: change?.by ?? null,
      changedAt: change?.at.toISOString() ?? null,
      theme: board.themes.find((t) => t.id === theme.id) ?? null
    }
  );
}

/**
 * Checks the versions a change was made against. A theme the caller named must come with its version (400); a
 * theme the caller did not know about (a question moved into it since) counts as changed in the meantime.
 */
async function checkVersions(
  db: Db,
  themes: readonly ThemeState[],
  versions: Versions,
  named: ReadonlySet<number>
): Promise<void> {
  for (const theme of themes) {
    const version = versions[String(theme.id)];
    if (version === undefined && named.has(theme.id)) {
      throw badRequest('version_missing', `Give the version of theme ${quote(theme.name)} (${theme.id}).`, {
        themeId: theme.id
      });
    }
    if (version !== theme.version) throw await staleTheme(db, theme);
  }
}

const roundsText = (rounds: readonly string[]) =>
  `${rounds.length === 1 ? 'rating round' : 'rating rounds'} ${listNames(rounds)}`;

/** Merging, splitting or deleting a theme a rating round includes would detach its scores. */
async function refuseInRound(db: Db, themes: readonly ThemeState[], what: 'merged' | 'split' | 'deleted') {
  const rounds = await roundNamesOfThemes(
    db,
    themes.map((t) => t.id)
  );
  const theme = themes.find((t) => rounds.has(t.id));
  if (!theme) return;
  const names = rounds.get(theme.id)!;
  throw conflict(
    'theme_in_round',
    `Theme ${quote(theme.name)} is in ${roundsText(names)}, so it cannot be ${what}: its scores must keep pointing ` +
      'at the theme that was rated. Renaming and describing it are still allowed.',
    { themeId: theme.id, rounds: names }
  );
}

/** Changing the questions of a theme in a rating round changes what was rated: only after confirmation. */
async function confirmInRound(db: Db, themes: readonly ThemeState[], confirm: boolean | undefined) {
  if (confirm) return;
  const rounds = await roundNamesOfThemes(
    db,
    themes.map((t) => t.id)
  );
  const rated = themes.filter((t) => rounds.has(t.id));
  if (rated.length === 0) return;
  const first = rated[0]!;
  throw conflict(
    'theme_in_round_confirm',
    `Theme ${quote(first.name)} is in ${roundsText(rounds.get(first.id)!)}: changing its questions changes what ` +
      'the committees rated. Confirm to go ahead.',
    { themeIds: rated.map((t) => t.id), rounds: [...new Set(rated.flatMap((t) => rounds.get(t.id)!))] }
  );
}

/** The questions by id, all of this cycle (else 400, naming them). */
async function requireQuestions(db: Db, cycleId: number, ids: readonly number[]): Promise<QuestionState[]> {
  const states = await questionStates(db, ids);
  const known = new Set(states.filter((q) => q.cycleId === cycleId).map((q) => q.id));
  const strangers = [...new Set(ids)].filter((id) => !known.has(id)).sort((a, b) => a - b);
  if (strangers.length > 0) {
    throw badRequest(
      'unknown_questions',
      `${strangers.length === 1 ? 'Question' : 'Questions'} ${idList(strangers)} ` +
        `${strangers.length === 1 ? 'is not a question' : 'are not questions'} of this cycle.`,
      { questionIds: strangers }
    );
  }
  const duplicates = states.filter((q) => q.status === 'duplicate').map((q) => q.id);
  if (duplicates.length > 0) {
    throw badRequest(
      'question_is_duplicate',
      `Questions ${idList(duplicates)} are duplicates; they follow their original and cannot be moved on their own.`,
      { questionIds: duplicates }
    );
  }
  return states;
}

function checkName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const clean = name.replace(/\s+/g, ' ').trim();
  if (!clean) throw badRequest('name_empty', 'A theme needs a name.');
  return clean;
}

async function snapshot(
  db: Db,
  themeIds: readonly number[],
  questionIds: readonly number[]
): Promise<CurationSnapshot> {
  const themes = await themeStates(db, themeIds);
  const questions = await questionStates(db, questionIds);
  return {
    themes: Object.fromEntries(themeIds.map((id) => [String(id), themes.find((t) => t.id === id) ?? null])),
    questions: Object.fromEntries(
      questions.map((q) => [String(q.id), { themeId: q.themeId, status: q.status, reason: q.reason }])
    )
  };
}

interface Step {
  cycleId: number;
  actorId: number;
  kind: string;
  summary: string;
  parts: CurationStepPart[];
  before: CurationSnapshot;
  /** Every theme the step touched, created ones included. */
  themeIds: number[];
  questionIds: number[];
  /** The theme the audit entry is about; none for steps about questions. */
  themeId?: number;
}

/** Stores the step (with the state after it, for undo) and its audit entry. */
async function record(db: Db, step: Step): Promise<CurationStep> {
  const after = await snapshot(db, step.themeIds, step.questionIds);
  const before: CurationSnapshot = {
    themes: Object.fromEntries(step.themeIds.map((id) => [String(id), step.before.themes[String(id)] ?? null])),
    questions: step.before.questions
  };
  const id = await insertOperation(db, { ...step, before, after });
  await writeAudit(db, {
    actorId: step.actorId,
    action: `curation.${step.kind}`,
    entity: step.themeId === undefined ? 'cycle' : 'theme',
    entityId: step.themeId ?? step.cycleId,
    before: { operationId: id, summary: step.summary, ...before },
    after: { operationId: id, ...after }
  });
  return findCurationStep(db, id);
}

async function result(db: Db, cycleId: number, step: CurationStep): Promise<CurationResultDto> {
  return { step, board: await themeBoard(db, cycleId) };
}

/** Rename, describe, lock or unlock, mark as overarching or not: any of them at once. */
export async function patchTheme(
  db: Db,
  input: { themeId: number; body: ThemePatchBody; userId: number }
): Promise<CurationResultDto> {
  const { body } = input;
  const name = checkName(body.name);
  const { cycleId, step } = await inTransaction(db, async (trx) => {
    const [theme] = await lockThemes(trx, [input.themeId]);
    await checkVersions(trx, [theme!], { [String(theme!.id)]: body.version }, new Set());
    const t = theme!;
    const changes: { summary: string; part: CurationStepPart }[] = [];
    const named = { name: name ?? t.name };
    if (name !== undefined && name !== t.name) {
      changes.push({
        summary: `Renamed ${quote(t.name)} to ${quote(name)}`,
        part: { kind: 'rename', params: { from: t.name, to: name } }
      });
    }
    const description = body.description?.trim();
    if (description !== undefined && description !== t.description) {
      changes.push({ summary: `Described ${quote(named.name)}`, part: { kind: 'describe', params: named } });
    }
    if (body.locked !== undefined && body.locked !== t.locked) {
      changes.push(
        body.locked
          ? { summary: `Locked ${quote(named.name)}`, part: { kind: 'lock', params: named } }
          : { summary: `Unlocked ${quote(named.name)}`, part: { kind: 'unlock', params: named } }
      );
    }
    if (body.isOverarching !== undefined && body.isOverarching !== t.isOverarching) {
      changes.push(
        body.isOverarching
          ? { summary: `Marked ${quote(named.name)} as overarching`, part: { kind: 'overarching', params: named } }
          : {
              summary: `Marked ${quote(named.name)} as not overarching`,
              part: { kind: 'not_overarching', params: named }
            }
      );
    }
    if (changes.length === 0) {
      throw badRequest('nothing_changed', `Theme ${quote(t.name)} already is as asked; nothing changed.`);
    }
    const before = await snapshot(trx, [t.id], []);
    await updateThemeState(trx, t.id, {
      name,
      description,
      locked: body.locked,
      isOverarching: body.isOverarching
    });
    await bumpVersions(trx, [t.id]);
    const step = await record(trx, {
      cycleId: t.cycleId,
      actorId: input.userId,
      kind: changes.length === 1 ? changes[0]!.part.kind : 'edit',
      summary: changes.map((c) => c.summary).join('; '),
      parts: changes.map((c) => c.part),
      before,
      themeIds: [t.id],
      questionIds: [],
      themeId: t.id
    });
    return { cycleId: t.cycleId, step };
  });
  return result(db, cycleId, step);
}

const unique = <T>(items: readonly T[]) => [...new Set(items)];

/** Merges two or more themes into the largest (its id stays): the others' questions join it, and they go. */
export async function mergeThemes(
  db: Db,
  input: { cycleId: number; body: MergeBody; userId: number }
): Promise<CurationResultDto> {
  const { body, cycleId } = input;
  const name = checkName(body.name);
  if (unique(body.themeIds).length !== body.themeIds.length) {
    throw badRequest('duplicate_theme_ids', 'Name each theme to merge once.');
  }
  await requireCycle(db, cycleId);
  const step = await inTransaction(db, async (trx) => {
    const locked = await lockThemes(trx, body.themeIds, cycleId);
    const themes = body.themeIds.map((id) => locked.find((t) => t.id === id)!);
    await refuseInRound(trx, themes, 'merged');
    await checkVersions(trx, themes, body.versions, new Set(body.themeIds));
    const members = await questionsInThemes(trx, body.themeIds);
    const size = (id: number) => members.filter((q) => q.themeId === id && q.status === 'active').length;
    // The largest theme takes the others in; of equal ones the first named.
    const target = themes.reduce((best, t) => (size(t.id) > size(best.id) ? t : best), themes[0]!);
    const others = themes.filter((t) => t !== target);
    const moving = members.filter((q) => q.themeId !== target.id);
    const before = await snapshot(
      trx,
      themes.map((t) => t.id),
      moving.map((q) => q.id)
    );
    await setQuestionStates(
      trx,
      moving.map((q) => ({ ...q, themeId: target.id }))
    );
    await updateThemeState(trx, target.id, {
      name: name ?? target.name,
      description: target.description || others.find((t) => t.description)?.description || '',
      keywords: unique(themes.flatMap((t) => t.keywords)),
      representativeQuestionIds: unique(themes.flatMap((t) => t.representativeQuestionIds)),
      isOverarching: themes.some((t) => t.isOverarching),
      locked: themes.some((t) => t.locked)
    });
    await deleteThemeRows(
      trx,
      others.map((t) => t.id)
    );
    await bumpVersions(trx, [target.id]);
    return record(trx, {
      cycleId,
      actorId: input.userId,
      kind: 'merge',
      summary: `Merged ${listNames(themes.map((t) => t.name))} into ${quote(name ?? target.name)}`,
      parts: [{ kind: 'merge', params: { names: themes.map((t) => t.name), into: name ?? target.name } }],
      before,
      themeIds: themes.map((t) => t.id),
      questionIds: moving.map((q) => q.id),
      themeId: target.id
    });
  });
  return result(db, cycleId, step);
}

/**
 * Splits a theme: the picked questions go to a new theme, or the theme is re-clustered into `parts` themes (the
 * largest part stays in the theme with its name; questions the grouping leaves out stay too).
 */
export async function splitTheme(
  db: Db,
  input: { themeId: number; body: SplitBody; userId: number }
): Promise<CurationResultDto> {
  const { body } = input;
  const picked = body.questionIds !== undefined;
  if (picked === (body.parts !== undefined)) {
    throw badRequest(
      'split_mode',
      'Pick the questions to split off, or give the number of parts to re-cluster into: one of the two.'
    );
  }
  const name = checkName(body.name);
  const { cycleId, step } = await inTransaction(db, async (trx) => {
    const [theme] = await lockThemes(trx, [input.themeId]);
    const t = theme!;
    await refuseInRound(trx, [t], 'split');
    await checkVersions(trx, [t], { [String(t.id)]: body.version }, new Set());
    const members = await questionsInThemes(trx, [t.id]);

    // Each new theme with its questions.
    let parts: { name: string; keywords: string[]; representatives: number[]; questionIds: number[] }[];
    let summary: string;
    let part: CurationStepPart;
    if (picked) {
      const questions = await requireQuestions(trx, t.cycleId, body.questionIds!);
      const outside = questions.filter((q) => q.themeId !== t.id).map((q) => q.id);
      if (outside.length > 0) {
        throw badRequest('question_not_in_theme', `Questions ${idList(outside)} are not in theme ${quote(t.name)}.`, {
          questionIds: outside
        });
      }
      if (questions.length >= members.length) {
        throw badRequest(
          'split_all',
          `Pick fewer questions than theme ${quote(t.name)} has: splitting off all of them would leave it empty.`
        );
      }
      const newName = name ?? `${t.name} (2)`;
      parts = [{ name: newName, keywords: [], representatives: [], questionIds: questions.map((q) => q.id) }];
      summary = `Split ${questionsWord(questions.length)} off ${quote(t.name)} into ${quote(newName)}`;
      part = { kind: 'split', params: { count: questions.length, from: t.name, to: newName } };
    } else {
      const n = body.parts!;
      const texts = await activeQuestionTextsOfTheme(trx, t.id);
      if (texts.length < n * 2) {
        throw badRequest(
          'too_few_questions',
          `Theme ${quote(t.name)} has ${questionsWord(texts.length)}: too few to split into ${n} parts.`,
          { questions: texts.length, parts: n }
        );
      }
      const found = discoverThemes(
        texts.map((q) => ({ id: String(q.id), text: q.text })),
        { k: n, seed: DEFAULT_SEED }
      );
      if (found.themes.length < 2) {
        throw badRequest(
          'split_failed',
          `The questions of ${quote(t.name)} did not fall apart into ${n} groups; pick the questions to split off instead.`,
          { parts: n }
        );
      }
      // The largest part stays.
      const [, ...rest] = [...found.themes].sort((a, b) => b.size - a.size || a.cluster - b.cluster);
      parts = rest.map((theme) => ({
        name: theme.label,
        keywords: theme.keywords,
        representatives: theme.representativeIds.map(Number),
        questionIds: found.assignments.filter((a) => a.cluster === theme.cluster).map((a) => Number(a.id))
      }));
      const names = [t.name, ...parts.map((p) => p.name)];
      // Discovery drops groups too small to stand alone, so fewer parts than asked can come back: say so.
      const got = names.length;
      summary =
        `Re-clustered ${quote(t.name)} into ${got} themes` +
        (got < n ? ` (${n} asked; the questions did not fall apart further)` : '') +
        `: ${listNames(names)}`;
      part =
        got < n
          ? { kind: 'recluster_fewer', params: { from: t.name, parts: got, asked: n, names } }
          : { kind: 'recluster', params: { from: t.name, parts: got, names } };
    }
    const moving = parts.flatMap((p) => p.questionIds);
    const before = await snapshot(trx, [t.id], moving);
    const created: number[] = [];
    for (const part of parts) {
      const id = await insertThemeState(trx, {
        cycleId: t.cycleId,
        runId: null,
        name: part.name,
        description: '',
        keywords: part.keywords,
        representativeQuestionIds: part.representatives,
        isOverarching: false,
        locked: false
      });
      created.push(id);
      const states = await questionStates(trx, part.questionIds);
      await setQuestionStates(
        trx,
        states.map((q) => ({ ...q, themeId: id }))
      );
    }
    const gone = new Set(moving);
    await updateThemeState(trx, t.id, {
      representativeQuestionIds: t.representativeQuestionIds.filter((id) => !gone.has(id))
    });
    await bumpVersions(trx, [t.id]);
    const step = await record(trx, {
      cycleId: t.cycleId,
      actorId: input.userId,
      kind: 'split',
      summary,
      parts: [part],
      before,
      themeIds: [t.id, ...created],
      questionIds: moving,
      themeId: t.id
    });
    return { cycleId: t.cycleId, step };
  });
  return result(db, cycleId, step);
}

/** Where a question is: a theme (by name) or a bin. */
type Place = { theme: string } | { bin: 'unassigned' | 'out_of_scope' };
const placeOf = (themes: readonly ThemeState[], q: QuestionState): Place =>
  q.status === 'out_of_scope'
    ? { bin: 'out_of_scope' }
    : q.themeId === null
      ? { bin: 'unassigned' }
      : { theme: themes.find((t) => t.id === q.themeId)?.name ?? String(q.themeId) };
const placeName = (place: Place) =>
  'theme' in place ? quote(place.theme) : place.bin === 'unassigned' ? 'unassigned' : 'out of scope';

/** Moves questions to a theme or to "niet toegewezen" (out-of-scope questions come back in scope). */
export async function moveQuestions(
  db: Db,
  input: { cycleId: number; body: MoveBody; userId: number }
): Promise<CurationResultDto> {
  const { body, cycleId } = input;
  await requireCycle(db, cycleId);
  const step = await inTransaction(db, async (trx) => {
    const questions = await requireQuestions(trx, cycleId, body.questionIds);
    const target = body.toThemeId;
    const moving = questions.filter((q) => !(q.themeId === target && q.status === 'active'));
    const sourceIds = unique(moving.flatMap((q) => (q.themeId === null ? [] : [q.themeId])));
    const themeIds = unique([...sourceIds, ...(target === null ? [] : [target])]);
    const themes = await lockThemes(trx, themeIds, cycleId);
    await checkVersions(trx, themes, body.versions, new Set(target === null ? [] : [target]));
    await confirmInRound(trx, themes, body.confirm);
    const to = target === null ? null : themes.find((t) => t.id === target)!.name;
    const targetName = to === null ? 'unassigned' : quote(to);
    if (moving.length === 0) {
      throw badRequest('nothing_to_move', `The questions are already in ${targetName}.`);
    }
    const before = await snapshot(
      trx,
      themeIds,
      moving.map((q) => q.id)
    );
    await setQuestionStates(
      trx,
      moving.map((q) => ({ id: q.id, themeId: target, status: 'active' as const, reason: null }))
    );
    await bumpVersions(trx, themeIds);
    const from = moving.map((q) => placeOf(themes, q));
    return record(trx, {
      cycleId,
      actorId: input.userId,
      kind: 'move',
      summary: `Moved ${questionsWord(moving.length)} from ${unique(from.map(placeName)).join(', ')} to ${targetName}`,
      parts: [
        {
          kind: to === null ? 'move_unassigned' : 'move',
          params: {
            count: moving.length,
            from: unique(from.flatMap((place) => ('theme' in place ? [place.theme] : []))),
            fromBins: unique(from.flatMap((place) => ('bin' in place ? [place.bin] : []))),
            ...(to === null ? {} : { to })
          }
        }
      ],
      before,
      themeIds,
      questionIds: moving.map((q) => q.id)
    });
  });
  return result(db, cycleId, step);
}

/** Puts questions out of scope with a reason, or (without one) back in scope, to "niet toegewezen". */
export async function setScope(
  db: Db,
  input: { cycleId: number; body: ScopeBody; userId: number }
): Promise<CurationResultDto> {
  const { body, cycleId } = input;
  const reason = body.reason?.replace(/\s+/g, ' ').trim();
  if (reason === '') {
    throw badRequest('reason_empty', 'Say why the questions are out of scope: the reason is empty.');
  }
  await requireCycle(db, cycleId);
  const step = await inTransaction(db, async (trx) => {
    const questions = await requireQuestions(trx, cycleId, body.questionIds);
    let moving: QuestionState[];
    let themes: ThemeState[] = [];
    let summary: string;
    let part: CurationStepPart;
    if (reason !== undefined) {
      moving = questions.filter((q) => !(q.status === 'out_of_scope' && q.reason === reason));
      themes = await lockThemes(trx, unique(moving.flatMap((q) => (q.themeId === null ? [] : [q.themeId]))), cycleId);
      await checkVersions(trx, themes, body.versions, new Set());
      await confirmInRound(trx, themes, body.confirm);
      if (moving.length === 0)
        throw badRequest('nothing_to_move', 'The questions are already out of scope, for this reason.');
      summary = `Put ${questionsWord(moving.length)} out of scope: "${reason}"`;
      part = { kind: 'out_of_scope', params: { count: moving.length, reason } };
    } else {
      const inScope = questions.filter((q) => q.status !== 'out_of_scope').map((q) => q.id);
      if (inScope.length > 0) {
        throw conflict(
          'not_out_of_scope',
          `${inScope.length === 1 ? 'Question' : 'Questions'} ${idList(inScope)} ` +
            `${inScope.length === 1 ? 'is' : 'are'} not out of scope (any more).`,
          { questionIds: inScope }
        );
      }
      moving = questions;
      summary = `Brought ${questionsWord(moving.length)} back in scope, unassigned`;
      part = { kind: 'in_scope', params: { count: moving.length } };
    }
    const themeIds = themes.map((t) => t.id);
    const before = await snapshot(
      trx,
      themeIds,
      moving.map((q) => q.id)
    );
    await setQuestionStates(
      trx,
      moving.map((q) =>
        reason === undefined
          ? { id: q.id, themeId: null, status: 'active' as const, reason: null }
          : { id: q.id, themeId: null, status: 'out_of_scope' as const, reason }
      )
    );
    await bumpVersions(trx, themeIds);
    return record(trx, {
      cycleId,
      actorId: input.userId,
      kind: part.kind,
      summary,
      parts: [part],
      before,
      themeIds,
      questionIds: moving.map((q) => q.id)
    });
  });
  return result(db, cycleId, step);
}

/** Deletes a theme; its questions go to "niet toegewezen". */
export async function deleteTheme(
  db: Db,
  input: { themeId: number; version: number; userId: number }
): Promise<CurationResultDto> {
  const { cycleId, step } = await inTransaction(db, async (trx) => {
    const [theme] = await lockThemes(trx, [input.themeId]);
    const t = theme!;
    await refuseInRound(trx, [t], 'deleted');
    await checkVersions(trx, [t], { [String(t.id)]: input.version }, new Set());
    const members = await questionsInThemes(trx, [t.id]);
    const before = await snapshot(
      trx,
      [t.id],
      members.map((q) => q.id)
    );
    await setQuestionStates(
      trx,
      members.map((q) => ({ ...q, themeId: null }))
    );
    await deleteThemeRows(trx, [t.id]);
    const step = await record(trx, {
      cycleId: t.cycleId,
      actorId: input.userId,
      kind: 'delete',
      summary: `Deleted ${quote(t.name)}; its ${questionsWord(members.length)} are now unassigned`,
      parts: [{ kind: 'delete', params: { name: t.name, count: members.length } }],
      before,
      themeIds: [t.id],
      questionIds: members.map((q) => q.id),
      themeId: t.id
    });
    return { cycleId: t.cycleId, step };
  });
  return result(db, cycleId, step);
}

type Content = Omit<ThemeState, 'version'>;
const sameArray = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x, i) => x === b[i]);
function sameTheme(a: Content | null, b: Content | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.cycleId === b.cycleId &&
    a.runId === b.runId &&
    a.name === b.name &&
    a.description === b.description &&
    sameArray(a.keywords, b.keywords) &&
    sameArray(a.representativeQuestionIds, b.representativeQuestionIds) &&
    a.isOverarching === b.isOverarching &&
    a.locked === b.locked
  );
}

/**
 * Undoes a step: only the cycle's newest step not yet undone, and only when what it touched is still as it left it.
 * Themes and questions get back exactly their state before (a deleted theme comes back under its id); versions go
 * up, so an edit made against the undone state is refused as stale.
 */
export async function undoStep(
  db: Db,
  input: { cycleId: number; operationId: number; userId: number }
): Promise<CurationResultDto> {
  const { cycleId } = input;
  await requireCycle(db, cycleId);
  const step = await inTransaction(db, async (trx) => {
    const op = await findOperation(trx, input.operationId);
    if (!op || op.cycleId !== cycleId) throw notFound('Curation step', input.operationId);
    if (op.undoneAt) throw conflict('already_undone', `"${op.summary}" was already undone.`, { operationId: op.id });
    const latest = await latestOpenOperation(trx, cycleId);
    if (latest && latest.id !== op.id) {
      throw conflict('not_latest_step', `Only the latest step can be undone: undo "${latest.summary}" first.`, {
        operationId: op.id,
        latestId: latest.id
      });
    }
    const themeIds = Object.keys(op.after.themes).map(Number);
    const current = await themeStates(trx, themeIds, true);
    for (const id of themeIds) {
      const now = current.find((t) => t.id === id) ?? null;
      const then = op.after.themes[String(id)] ?? null;
      if (sameTheme(now, then)) continue;
      const named = now ?? then!;
      const change = await lastChangeOfTheme(trx, id);
      throw conflict(
        'changed_since',
        `Theme ${quote(named.name)} has changed since "${op.summary}"` +
          (change ? ` (by ${change.by ?? 'someone else'} at ${change.at.toISOString()})` : '') +
          '; that step can no longer be undone.',
        { operationId: op.id, themeId: id }
      );
    }
    const questionIds = Object.keys(op.after.questions).map(Number);
    const questions = await questionStates(trx, questionIds);
    const moved = questionIds.filter((id) => {
      const now = questions.find((q) => q.id === id);
      const then = op.after.questions[String(id)]!;
      return !now || now.themeId !== then.themeId || now.status !== then.status || now.reason !== then.reason;
    });
    if (moved.length > 0) {
      throw conflict(
        'changed_since',
        `Questions ${idList(moved)} have changed since "${op.summary}"; that step can no longer be undone.`,
        { operationId: op.id, questionIds: moved }
      );
    }

    const beforeThemes = Object.entries(op.before.themes).map(([id, state]) => ({ id: Number(id), state }));
    for (const { id, state } of beforeThemes) {
      if (state === null) continue;
      const now = current.find((t) => t.id === id);
      if (now) {
        await updateThemeState(trx, id, {
          runId: state.runId,
          name: state.name,
          description: state.description,
          keywords: state.keywords,
          representativeQuestionIds: state.representativeQuestionIds,
          isOverarching: state.isOverarching,
          locked: state.locked
        });
        await bumpVersions(trx, [id]);
      } else {
        await insertThemeState(trx, { ...state, version: state.version + 1 });
      }
    }
    await setQuestionStates(
      trx,
      Object.entries(op.before.questions).map(([id, q]) => ({ id: Number(id), ...q }))
    );
    await deleteThemeRows(
      trx,
      beforeThemes.filter((t) => t.state === null).map((t) => t.id)
    );
    await markUndone(trx, op.id, input.userId);
    await writeAudit(trx, {
      actorId: input.userId,
      action: 'curation.undo',
      entity: 'curation_operation',
      entityId: op.id,
      before: { operationId: op.id, summary: op.summary, ...op.after },
      after: { operationId: op.id, ...op.before }
    });
    return findCurationStep(trx, op.id);
  });
  return result(db, cycleId, step);
}

/** The cycle's curation steps, newest first. */
export async function curationHistory(db: Db, cycleId: number): Promise<CurationStep[]> {
  await requireCycle(db, cycleId);
  return listCurationSteps(db, cycleId);
}
