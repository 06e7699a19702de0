import type { Kysely } from 'kysely';
import { discoverThemes } from '../../../analysis/cluster/discover-themes.js';
import { writeAudit } from '../../../db/queries/audit.js';
import { findCycle } from '../../../db/queries/cycles.js';
import { listActiveQuestionTexts } from '../../../db/queries/questions.js';
import { type ClusteringRun, replaceThemesWithRun, themeIdsInRounds } from '../../../db/queries/themes.js';
import { inTransaction } from '../../../db/transaction.js';
import type { Database } from '../../../db/schema.js';
import { badRequest, conflict, notFound } from '../errors.js';

export const DEFAULT_SEED = 42;

/** Groups the cycle's active questions into themes (TF-IDF + k-means) and makes those the cycle's themes. */
export async function runThemeDiscovery(
  db: Kysely<Database>,
  input: { cycleId: number; k?: number; seed?: number; userId: number | null }
): Promise<ClusteringRun> {
  if (!(await findCycle(db, input.cycleId))) throw notFound('Cycle', input.cycleId);
  return inTransaction(db, async (trx) => {
    const rated = await themeIdsInRounds(trx, input.cycleId);
    if (rated.length > 0) {
      throw conflict(
        'themes_in_round',
        'The themes are already in a rating round; grouping again would detach their scores.',
        { themeIds: rated }
      );
    }
    const questions = await listActiveQuestionTexts(trx, input.cycleId);
    if (questions.length === 0) {
      throw badRequest('no_questions', 'This cycle has no questions yet. Import questions first.');
    }
    if (input.k !== undefined && input.k > questions.length) {
      throw badRequest('k_too_large', `Asked for ${input.k} themes but there are only ${questions.length} questions.`, {
        k: input.k,
        questions: questions.length
      });
    }
    const seed = input.seed ?? DEFAULT_SEED;
    const started = performance.now();
    const result = discoverThemes(
      questions.map((q) => ({ id: String(q.id), text: q.text })),
      { k: input.k, seed }
    );
    const durationMs = Math.round(performance.now() - started);
    const members = new Map<number, number[]>();
    for (const { id, cluster } of result.assignments) {
      if (cluster >= 0) members.set(cluster, [...(members.get(cluster) ?? []), Number(id)]);
    }
    const run = await replaceThemesWithRun(
      trx,
      {
        cycleId: input.cycleId,
        method: 'tfidf-kmeans',
        params: { k: input.k ?? 'auto' },
        seed,
        k: result.k,
        metrics: {
          inertia: result.metrics.inertia,
          silhouette: result.metrics.silhouette,
          unassigned: result.assignments.filter((a) => a.cluster < 0).length
        },
        durationMs,
        createdBy: input.userId
      },
      result.themes.map((theme) => ({
        name: theme.label,
        keywords: theme.keywords,
        questionIds: members.get(theme.cluster) ?? [],
        representativeQuestionIds: theme.representativeIds.map(Number)
      }))
    );
    await writeAudit(trx, {
      actorId: input.userId,
      action: 'themes.discover',
      entity: 'clustering_run',
      entityId: run.id,
      after: { k: run.k, seed, themes: result.themes.map((t) => t.label) }
    });
    return run;
  });
}
