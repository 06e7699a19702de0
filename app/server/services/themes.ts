import type { Kysely } from 'kysely';
import { type DiscoveryResult, discoverThemes } from '../../../analysis/cluster/discover-themes.js';
import { writeAudit } from '../../../db/queries/audit.js';
import {
  type ClusteringRun,
  countQuestionsNotInRun,
  decideRun,
  findRun,
  insertRun,
  listRunQuestions,
  listRunThemes,
  type RunQuestion,
  type RunResult,
  type RunTheme,
  runningRun,
  storeRunResult
} from '../../../db/queries/clustering-runs.js';
import { findCycle } from '../../../db/queries/cycles.js';
import {
  assignUnassignedQuestions,
  countLockedQuestionsNotInRun,
  listQuestionTextsOutsideLocked,
  listThemeMembers,
  listThemes,
  listUnassignedQuestions,
  lockedThemeIds,
  replaceUnlockedThemes,
  type Theme,
  themeIdsInRounds
} from '../../../db/queries/themes.js';
import type { Database, SeedThemeRecord } from '../../../db/schema.js';
import { inTransaction } from '../../../db/transaction.js';
import type { SeedThemeInput } from '../../shared/schemas.js';
import { AppError, badRequest, conflict, notFound } from '../errors.js';
import type { DiscoveryJob, DiscoveryOutcome, DiscoveryRunner } from '../workers/discovery-runner.js';

export const DEFAULT_SEED = 42;
export const METHOD = 'tfidf-kmeans';
/** The comparison lists at most this many moving questions; it counts them all. */
export const MOVES_LIMIT = 1000;

export type SeedSource = 'none' | 'list' | 'current';

export interface StartRunInput {
  cycleId: number;
  k?: number | 'auto';
  seed?: number;
  seedThemes?: SeedThemeInput[];
  seedWithCurrentThemes?: boolean;
  userId: number | null;
}

/**
 * Checks a seed-theme list from a request: every theme needs a name, and no two may share one (case and spaces
 * aside). Positions are 1-based, as a person counts the themes of a list.
 */
export function checkSeedThemes(themes: readonly SeedThemeInput[]): SeedThemeRecord[] {
  const seen = new Map<string, number>();
  return themes.map((theme, index) => {
    const position = index + 1;
    const name = theme.name.replace(/\s+/g, ' ').trim();
    if (!name) throw badRequest('seed_theme_unnamed', `Seed theme ${position} has no name.`, { position });
    const key = name.toLocaleLowerCase('nl-BE');
    const first = seen.get(key);
    if (first !== undefined) {
      throw badRequest('seed_theme_duplicate', `Seed theme ${position} ("${name}") repeats seed theme ${first}.`, {
        position,
        name,
        first
      });
    }
    seen.set(key, position);
    return {
      name,
      description: theme.description?.trim() ?? '',
      examples: (theme.examples ?? []).map((e) => e.trim()).filter(Boolean)
    };
  });
}

/**
 * The current themes as seed themes: name, description, and the texts of their questions as examples. `unlockedOnly`:
 * leave out the locked themes (re-clustering does not touch them).
 */
async function currentThemesAsSeeds(
  db: Kysely<Database>,
  cycleId: number,
  unlockedOnly = false
): Promise<{ themes: Theme[]; seeds: SeedThemeRecord[] }> {
  const locked = new Set(unlockedOnly ? await lockedThemeIds(db, cycleId) : []);
  const themes = (await listThemes(db, cycleId)).filter((t) => !locked.has(t.id));
  const members = await listThemeMembers(db, cycleId);
  return {
    themes,
    seeds: themes.map((theme) => ({
      name: theme.name,
      description: theme.description,
      examples: (members.get(theme.id) ?? []).map((q) => q.text)
    }))
  };
}

/** Themes in a rating round that re-clustering would replace: a locked theme stays, so it does not count. */
async function refuseWhenRated(db: Kysely<Database>, cycleId: number): Promise<void> {
  const locked = new Set(await lockedThemeIds(db, cycleId));
  const rated = (await themeIdsInRounds(db, cycleId)).filter((id) => !locked.has(id));
  if (rated.length > 0) {
    throw conflict(
      'themes_in_round',
      'The themes are already in a rating round; replacing them would detach their scores.',
      { themeIds: rated }
    );
  }
}

/**
 * Checks a request for a run and stores the run, as running; returns it with the job for the worker. The questions
 * are read here, once: the worker never touches the database. Locked themes and their questions stay out of the run.
 */
export async function createRun(
  db: Kysely<Database>,
  input: StartRunInput
): Promise<{ run: ClusteringRun; job: DiscoveryJob }> {
  if (!(await findCycle(db, input.cycleId))) throw notFound('Cycle', input.cycleId);
  if (input.seedThemes && input.seedWithCurrentThemes) {
    throw badRequest('seed_source_conflict', 'Give seed themes or ask for the current themes as seeds, not both.');
  }
  const listed = input.seedThemes ? checkSeedThemes(input.seedThemes) : [];
  return inTransaction(db, async (trx) => {
    await refuseWhenRated(trx, input.cycleId);
    const questions = await listQuestionTextsOutsideLocked(trx, input.cycleId);
    if (questions.length === 0) {
      if ((await lockedThemeIds(trx, input.cycleId)).length > 0) {
        throw badRequest(
          'all_questions_locked',
          'Every question of this cycle is in a locked theme: nothing to group.'
        );
      }
      throw badRequest('no_questions', 'This cycle has no questions yet. Import questions first.');
    }
    if (typeof input.k === 'number' && input.k > questions.length) {
      throw badRequest('k_too_large', `Asked for ${input.k} themes but there are only ${questions.length} questions.`, {
        k: input.k,
        questions: questions.length
      });
    }
    let seedThemes = listed;
    let seedSource: SeedSource = listed.length > 0 ? 'list' : 'none';
    if (input.seedWithCurrentThemes) {
      seedThemes = (await currentThemesAsSeeds(trx, input.cycleId, true)).seeds;
      if (seedThemes.length === 0) {
        throw badRequest('no_current_themes', 'This cycle has no themes yet to use as seeds.');
      }
      seedSource = 'current';
    }
    if (await runningRun(trx, input.cycleId)) {
      throw conflict('run_in_progress', 'A grouping of this cycle is still running. Wait for it, or discard it.');
    }
    const seed = input.seed ?? DEFAULT_SEED;
    const k = input.k ?? 'auto';
    const runId = await insertRun(trx, {
      cycleId: input.cycleId,
      method: METHOD,
      params: { k, seedSource },
      seed,
      seedThemes,
      questionCount: questions.length,
      createdBy: input.userId
    }).catch((error: unknown) => {
      // Two starts at the same moment: the unique index on the running run of a cycle lets one through.
      if ((error as { code?: string }).code === '23505') {
        throw conflict('run_in_progress', 'A grouping of this cycle is still running.');
      }
      throw error;
    });
    await writeAudit(trx, {
      actorId: input.userId,
      action: 'themes.discover',
      entity: 'clustering_run',
      entityId: runId,
      after: { k, seed, seedSource, seedThemes: seedThemes.map((s) => s.name), questions: questions.length }
    });
    const run = (await findRun(trx, input.cycleId, runId))!;
    return {
      run,
      job: {
        questions: questions.map((q) => ({ id: String(q.id), text: q.text })),
        options: { k, seed, seedThemes }
      }
    };
  });
}

/** What a run found, in the shape it is stored in. */
export function toRunResult(
  outcome: DiscoveryOutcome,
  seedThemes: readonly { name: string; description?: string }[]
): RunResult {
  const { result, durationMs } = outcome;
  return {
    k: result.k,
    durationMs,
    metrics: {
      inertia: result.metrics.inertia,
      silhouette: result.metrics.silhouette,
      unassigned: result.metrics.unassigned,
      kCandidates: result.metrics.kCandidates
    },
    themes: result.themes.map((theme) => {
      const seed = theme.seed === null ? null : (seedThemes[theme.seed] ?? null);
      return {
        cluster: theme.cluster,
        label: theme.label,
        description: seed?.description ?? '',
        keywords: theme.keywords,
        size: theme.size,
        representativeQuestionIds: theme.representativeIds.map(Number),
        seedName: seed?.name ?? null
      };
    }),
    assignments: result.assignments.map((a) => ({
      questionId: Number(a.id),
      cluster: a.cluster,
      confidence: a.confidence,
      terms: a.terms
    }))
  };
}

/** Why a run cannot be decided on any more (or not yet). */
function undecidable(run: ClusteringRun): AppError {
  if (run.status === 'running') {
    return conflict('run_not_done', 'The grouping is still running; it can be accepted once it is done.');
  }
  return conflict('run_decided', `This grouping can no longer be changed: it is ${run.status}.`, {
    status: run.status
  });
}

async function requireRun(db: Kysely<Database>, cycleId: number, runId: number): Promise<ClusteringRun> {
  const run = await findRun(db, cycleId, runId);
  if (!run) throw notFound('Clustering run', runId);
  return run;
}

/**
 * Makes a finished run's proposal the cycle's themes, in one transaction: every question goes to the theme the run
 * put it in (questions set out of scope or duplicate since stay out; questions newer than the run stay unassigned).
 * Locked themes stay as they are, with their questions; only the unlocked themes are replaced. Refused while an
 * unlocked theme is in a rating round.
 */
export async function acceptRun(
  db: Kysely<Database>,
  input: { cycleId: number; runId: number; userId: number | null }
): Promise<ClusteringRun> {
  return inTransaction(db, async (trx) => {
    const run = await requireRun(trx, input.cycleId, input.runId);
    // The status moves first: of two accepts at once, the second finds the run decided.
    if (!(await decideRun(trx, run.id, 'accepted', input.userId))) throw undecidable(run);
    await refuseWhenRated(trx, input.cycleId);
    const locked = new Set(await lockedThemeIds(trx, input.cycleId));
    const before = (await listThemes(trx, input.cycleId)).filter((t) => !locked.has(t.id));
    const themes = await listRunThemes(trx, run.id);
    const members = new Map<number, number[]>();
    for (const q of await listRunQuestions(trx, run.id)) {
      if (q.active && q.cluster >= 0) members.set(q.cluster, [...(members.get(q.cluster) ?? []), q.questionId]);
    }
    await replaceUnlockedThemes(
      trx,
      input.cycleId,
      run.id,
      themes.map((theme) => ({
        name: theme.label,
        description: theme.description,
        keywords: theme.keywords,
        questionIds: members.get(theme.cluster) ?? [],
        representativeQuestionIds: theme.representativeQuestionIds
      }))
    );
    await writeAudit(trx, {
      actorId: input.userId,
      action: 'themes.accept',
      entity: 'clustering_run',
      entityId: run.id,
      before: before.map((t) => ({ id: t.id, name: t.name, questions: t.questionCount })),
      after: themes.map((t) => ({ name: t.label, questions: members.get(t.cluster)?.length ?? 0 }))
    });
    return (await findRun(trx, input.cycleId, run.id))!;
  });
}

/** Sets a run aside: running (it is stopped by the caller) or done. The current themes stay as they are. */
export async function discardRun(
  db: Kysely<Database>,
  input: { cycleId: number; runId: number; userId: number | null }
): Promise<ClusteringRun> {
  return inTransaction(db, async (trx) => {
    const run = await requireRun(trx, input.cycleId, input.runId);
    if (!(await decideRun(trx, run.id, 'discarded', input.userId))) {
      throw conflict('run_decided', `This grouping can no longer be changed: it is ${run.status}.`, {
        status: run.status
      });
    }
    await writeAudit(trx, {
      actorId: input.userId,
      action: 'themes.discard',
      entity: 'clustering_run',
      entityId: run.id,
      before: { status: run.status, k: run.k }
    });
    return (await findRun(trx, input.cycleId, run.id))!;
  });
}

export interface Comparison {
  hasCurrentThemes: boolean;
  currentThemes: { id: number; name: string; size: number }[];
  proposedThemes: { cluster: number; label: string; size: number; continuesThemeId: number | null }[];
  cells: { fromThemeId: number | null; toCluster: number; count: number }[];
  moves: { questionId: number; text: string; fromThemeId: number | null; toCluster: number }[];
  moved: number;
  stay: number;
}

const nameKey = (name: string) => name.replace(/\s+/g, ' ').trim().toLocaleLowerCase('nl-BE');

/**
 * The current themes against a proposal. A proposed theme continues the current theme of the same name (a seeded
 * run keeps names), else the current theme that holds more than half of its questions; otherwise it is new. A
 * current theme is continued by one proposed theme at most (the same name, else the one that takes most of its
 * questions): the questions of a split go partly to new themes. A question moves when its proposed theme does not
 * continue its current one — unassigned counts as a place of its own. Questions that no longer count (set out of
 * scope or duplicate since the run) are left out.
 */
export function compareWithCurrent(
  current: readonly { id: number; name: string }[],
  proposed: readonly RunTheme[],
  questions: readonly RunQuestion[],
  movesLimit = MOVES_LIMIT
): Comparison {
  const counted = questions.filter((q) => q.active);
  const known = new Set(current.map((t) => t.id));
  // A theme id that is not the cycle's (cannot happen inside one transaction) counts as no theme.
  const from = (q: RunQuestion) => (q.themeId !== null && known.has(q.themeId) ? q.themeId : null);

  const cellCounts = new Map<string, { fromThemeId: number | null; toCluster: number; count: number }>();
  for (const q of counted) {
    const key = `${from(q)}|${q.cluster}`;
    const cell = cellCounts.get(key) ?? { fromThemeId: from(q), toCluster: q.cluster, count: 0 };
    cell.count++;
    cellCounts.set(key, cell);
  }
  // In the order of the current themes (questions without a theme last), then largest first.
  const rank = new Map(current.map((t, i) => [t.id, i]));
  const order = (themeId: number | null) => (themeId === null ? current.length : rank.get(themeId)!);
  const cells = [...cellCounts.values()].sort(
    (a, b) => order(a.fromThemeId) - order(b.fromThemeId) || b.count - a.count || a.toCluster - b.toCluster
  );

  const byName = new Map(current.map((t) => [nameKey(t.name), t.id]));
  const candidates = proposed.map((theme) => {
    const inTheme = cells.filter((c) => c.toCluster === theme.cluster);
    const size = inTheme.reduce((sum, c) => sum + c.count, 0);
    const named = byName.get(nameKey(theme.label)) ?? null;
    const largest = inTheme.filter((c) => c.fromThemeId !== null).sort((a, b) => b.count - a.count)[0];
    const continues = named ?? (largest && largest.count * 2 > size ? largest.fromThemeId : null);
    const taken = inTheme.find((c) => c.fromThemeId === continues && continues !== null)?.count ?? 0;
    return { cluster: theme.cluster, label: theme.label, size, continues, named: named !== null, taken };
  });
  // A current theme has one successor: the same name first, else the proposed theme that takes most of it. Other
  // proposed themes that would continue it are split off it, and count as new.
  const successor = new Map<number, (typeof candidates)[number]>();
  for (const c of candidates) {
    if (c.continues === null) continue;
    const rival = successor.get(c.continues);
    if (!rival || (c.named && !rival.named) || (c.named === rival.named && c.taken > rival.taken)) {
      successor.set(c.continues, c);
    }
  }
  const proposedThemes = candidates.map((c) => ({
    cluster: c.cluster,
    label: c.label,
    size: c.size,
    continuesThemeId: c.continues !== null && successor.get(c.continues) === c ? c.continues : null
  }));

  const currentThemes = current.map((t) => ({
    id: t.id,
    name: t.name,
    size: cells.filter((c) => c.fromThemeId === t.id).reduce((sum, c) => sum + c.count, 0)
  }));
  if (current.length === 0) {
    return { hasCurrentThemes: false, currentThemes, proposedThemes, cells: [], moves: [], moved: 0, stay: 0 };
  }

  const continues = new Map(proposedThemes.map((t) => [t.cluster, t.continuesThemeId]));
  const place = (cluster: number): string => {
    if (cluster < 0) return 'unassigned';
    const themeId = continues.get(cluster);
    return themeId === null || themeId === undefined ? `new ${cluster}` : `theme ${themeId}`;
  };
  const moving = counted.filter((q) => {
    const now = from(q);
    return place(q.cluster) !== (now === null ? 'unassigned' : `theme ${now}`);
  });
  return {
    hasCurrentThemes: true,
    currentThemes,
    proposedThemes,
    cells,
    moves: moving
      .slice(0, movesLimit)
      .map((q) => ({ questionId: q.questionId, text: q.text, fromThemeId: from(q), toCluster: q.cluster })),
    moved: moving.length,
    stay: counted.length - moving.length
  };
}

export async function compareRun(
  db: Kysely<Database>,
  input: { cycleId: number; runId: number }
): Promise<Comparison & { notInRun: number }> {
  return inTransaction(db, async (trx) => {
    const run = await requireRun(trx, input.cycleId, input.runId);
    if (run.status === 'running' || run.status === 'failed') {
      throw conflict('run_not_done', 'The grouping has no proposal to compare (yet).', { status: run.status });
    }
    // Locked themes are not replaced: the comparison is with the themes accepting would replace.
    const locked = new Set(await lockedThemeIds(trx, input.cycleId));
    const comparison = compareWithCurrent(
      (await listThemes(trx, input.cycleId)).filter((t) => !locked.has(t.id)),
      await listRunThemes(trx, run.id),
      await listRunQuestions(trx, run.id)
    );
    const notInRun =
      (await countQuestionsNotInRun(trx, input.cycleId, run.id)) -
      (await countLockedQuestionsNotInRun(trx, input.cycleId, run.id));
    return { ...comparison, notInRun };
  });
}

/**
 * Puts active questions without a theme (e.g. imported after the themes were curated) in the nearest current
 * theme, leaving every other question where it is: discovery runs on those questions alone, with the current
 * themes as seed themes (their questions as examples); a question a seed theme takes goes into that theme, the
 * rest stay unassigned.
 */
export async function assignNewQuestions(
  db: Kysely<Database>,
  runner: DiscoveryRunner,
  input: { cycleId: number; userId: number | null }
): Promise<{ assigned: number; left: number; themes: { themeId: number; name: string; added: number }[] }> {
  if (!(await findCycle(db, input.cycleId))) throw notFound('Cycle', input.cycleId);
  const { themes, seeds } = await currentThemesAsSeeds(db, input.cycleId);
  if (themes.length === 0) throw badRequest('no_current_themes', 'This cycle has no themes yet to assign to.');
  const questions = await listUnassignedQuestions(db, input.cycleId);
  if (questions.length === 0) return { assigned: 0, left: 0, themes: [] };

  // k = 1: the new themes the rest might form are not used, so the cheapest grouping of them will do.
  const { result } = await runner.run({
    questions: questions.map((q) => ({ id: String(q.id), text: q.text })),
    options: { k: 1, seed: DEFAULT_SEED, seedThemes: seeds }
  });
  const picked = seededMembers(result, themes.length);
  return inTransaction(db, async (trx) => {
    const added: { themeId: number; name: string; added: number }[] = [];
    for (const [index, questionIds] of picked) {
      const theme = themes[index]!;
      // Only questions still without a theme: staff may have placed some while the grouping ran.
      const count = await assignUnassignedQuestions(trx, input.cycleId, theme.id, questionIds);
      if (count > 0) added.push({ themeId: theme.id, name: theme.name, added: count });
    }
    const assigned = added.reduce((sum, t) => sum + t.added, 0);
    await writeAudit(trx, {
      actorId: input.userId,
      action: 'themes.assign_new',
      entity: 'cycle',
      entityId: input.cycleId,
      after: { assigned: added, left: questions.length - assigned }
    });
    return { assigned, left: questions.length - assigned, themes: added };
  });
}

/** Question ids per seed theme (by index), for the questions a seed theme took. */
function seededMembers(result: DiscoveryResult, seedCount: number): Map<number, number[]> {
  const picked = new Map<number, number[]>();
  for (const a of result.assignments) {
    if (a.cluster >= 0 && a.cluster < seedCount)
      picked.set(a.cluster, [...(picked.get(a.cluster) ?? []), Number(a.id)]);
  }
  return picked;
}

/**
 * Groups the cycle's questions at once, on this thread, and accepts the result: for seeding the demo cycle at the
 * first start, before the server listens. Requests go through {@link createRun} and a worker instead.
 */
export async function discoverAndAcceptThemes(
  db: Kysely<Database>,
  input: { cycleId: number; userId: number | null }
): Promise<ClusteringRun> {
  const { run, job } = await createRun(db, { cycleId: input.cycleId, userId: input.userId });
  const started = performance.now();
  const result = discoverThemes(job.questions, job.options);
  const outcome = { result, durationMs: Math.round(performance.now() - started) };
  await storeRunResult(db, run.id, toRunResult(outcome, job.options.seedThemes ?? []));
  return acceptRun(db, { cycleId: input.cycleId, runId: run.id, userId: input.userId });
}
