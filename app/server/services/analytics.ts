import type { Kysely } from 'kysely';
import {
  ALPHA_SAMPLES,
  analyseRatings,
  buildRatingMatrix,
  type RatingAnalytics,
  type RatingInput,
  type RatingMatrix,
  STABILITY_SAMPLES
} from '../../../analysis/ratings/index.js';
import { listCommittees } from '../../../db/queries/cycles.js';
import { listExcludedRaters } from '../../../db/queries/rater-reviews.js';
import {
  findRound,
  listCriteria,
  listRecusals,
  listRoundAnswers,
  listRoundSeats,
  listRoundThemes,
  type Round
} from '../../../db/queries/rounds.js';
import type { Database } from '../../../db/schema.js';
import type { AnalyticsQuery, RoundAnalyticsDto } from '../../shared/schemas.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { assertResultsVisible } from './rounds.js';

export const DEFAULT_TOP_N = 15;
/** Fixed, so the page shows the same intervals every time it is opened. */
const SEED = 20_240_901;

/**
 * The committee weights of a query ("3:1,4:2"), one per committee of the round in its order; a committee not
 * named keeps weight 1. Unknown committees and all-zero weights are refused.
 */
export function parseWeights(text: string | undefined, committeeIds: readonly number[]): number[] {
  const weights = committeeIds.map(() => 1);
  if (text === undefined || text.trim() === '') return weights;
  for (const part of text.split(',')) {
    const [id, weight] = part.trim().split(':').map(Number) as [number, number];
    const index = committeeIds.indexOf(id);
    if (index < 0) {
      throw badRequest('unknown_committee', `Committee ${id} does not rate in this round.`, { committeeId: id });
    }
    weights[index] = weight;
  }
  if (weights.every((w) => w === 0)) {
    throw badRequest('no_committee_weight', 'Give at least one committee a weight above 0.');
  }
  return weights;
}

interface LoadedRound {
  round: Round;
  matrix: RatingMatrix;
  committees: { id: number; name: string; kind: 'scientific' | 'user' }[];
}

/**
 * A round's answers as a rating matrix. Committees in the order scientific, then user (then by id), so the
 * side-by-side view reads "scientific versus user". A ranking is stored as ranks; the matrix holds Borda points
 * (N + 1 − rank), and a member who ranked anything gives 0 points to every other theme they were not recused from.
 * A rater staff excluded (rater_reviews) keeps their seat but none of their answers: no figure counts them.
 */
async function loadRound(db: Kysely<Database>, roundId: number, role: string): Promise<LoadedRound> {
  const round = await findRound(db, roundId);
  if (!round) throw notFound('Round', roundId);
  if (round.kind === 'feedback') {
    throw conflict('feedback_round', `"${round.name}" is a feedback round: it has no scores to analyse.`);
  }
  if (round.status === 'draft') throw conflict('round_draft', `"${round.name}" is a draft: nobody has rated yet.`);
  assertResultsVisible(round, role);
  const [cycleCommittees, seats, themes, criteria, allAnswers, recusals, excluded] = await Promise.all([
    listCommittees(db, round.cycleId),
    listRoundSeats(db, roundId),
    listRoundThemes(db, roundId),
    listCriteria(db, roundId),
    listRoundAnswers(db, roundId),
    listRecusals(db, roundId),
    listExcludedRaters(db, roundId).then((ids) => new Set(ids))
  ]);
  const answers = allAnswers.filter((a) => !excluded.has(a.userId));
  const committees = cycleCommittees
    .filter((c) => round.committeeIds.includes(c.id))
    .sort((a, b) => (a.kind === b.kind ? a.id - b.id : a.kind === 'scientific' ? -1 : 1))
    .map(({ id, name, kind }) => ({ id, name, kind }));
  const ranking = round.scaleKind === 'ranking';
  const topN = round.rankTopN ?? round.scaleMax;
  let matrixAnswers: RatingInput['answers'] = answers.map((a) => ({
    raterId: a.userId,
    themeId: a.themeId,
    criterionId: a.criterionId,
    value: a.value === null || !ranking ? a.value : topN + 1 - a.value
  }));
  if (ranking) {
    const ranked = new Set(answers.map((a) => `${a.userId}:${a.themeId}`));
    const rankers = new Set(answers.map((a) => a.userId));
    const criterion = criteria[0]!;
    const unranked = [...rankers].flatMap((userId) =>
      themes
        .filter((t) => !ranked.has(`${userId}:${t.id}`))
        .map((t) => ({ raterId: userId, themeId: t.id, criterionId: criterion.id, value: 0 }))
    );
    matrixAnswers = [...matrixAnswers, ...unranked];
  }
  const matrix = buildRatingMatrix({
    scale: ranking ? { min: 0, max: topN } : { min: round.scaleMin, max: round.scaleMax },
    themes,
    criteria,
    committees,
    raters: seats.map((s) => ({ id: s.userId, name: s.name, committeeId: s.committeeId })),
    answers: matrixAnswers,
    recusals: recusals.map((r) => ({ raterId: r.userId, themeId: r.themeId }))
  });
  return { round, matrix, committees };
}

const figure = (value: number | null | undefined): number | null =>
  value === null || value === undefined || Number.isNaN(value) ? null : value;

function toDto(loaded: LoadedRound, result: RatingAnalytics, settings: Settings): RoundAnalyticsDto {
  const { matrix, committees } = loaded;
  const T = matrix.themes.length;
  const C = matrix.criteria.length;
  const themeId = (t: number) => matrix.themes[t]!.id;
  const criterionId = (c: number) => matrix.criteria[c]!.id;
  const committeeId = (k: number) => committees[k]!.id;
  const scored = matrix.raters.map((_, r) => {
    let n = 0;
    for (let i = r * T * C; i < (r + 1) * T * C; i++) if (matrix.values[i] === matrix.values[i]) n++;
    return n;
  });
  const themes = matrix.themes.map((theme, t) => ({
    themeId: theme.id,
    name: theme.name,
    combinedValue: figure(result.combined[t]),
    combinedRank: result.combinedRanks[t] ?? null,
    topNShare: figure(result.stability[t]?.topNShare),
    rankLow: figure(result.stability[t]?.rankLow),
    rankHigh: figure(result.stability[t]?.rankHigh),
    pooled: result.themes.pooled[t]!,
    committees: committees.map((c, k) => ({
      committeeId: c.id,
      rank: result.committeeRanks[k]![t] ?? null,
      ...result.themes.perCommittee[k * T + t]!
    }))
  }));
  themes.sort(
    (a, b) => (a.combinedRank ?? Infinity) - (b.combinedRank ?? Infinity) || a.name.localeCompare(b.name, 'nl') || 0
  );
  const flagsOf = (r: number) => result.unusual.flags.filter((f) => f.rater === r);
  return {
    round: loaded.round,
    scaleMin: matrix.scale.min,
    scaleMax: matrix.scale.max,
    topN: settings.topN,
    level: settings.level,
    alphaSamples: ALPHA_SAMPLES,
    stabilitySamples: STABILITY_SAMPLES,
    committees: committees.map((c, k) => ({
      committeeId: c.id,
      name: c.name,
      kind: c.kind,
      weight: settings.weights[k]!,
      seats: matrix.raters.filter((r) => r.committee === k).length,
      raters: matrix.raters.filter((r, i) => r.committee === k && scored[i]! > 0).length
    })),
    criteria: matrix.criteria.map(({ id, name, weight }) => ({ id, name, weight })),
    themes,
    cells: result.cells.map((cell, i) => {
      const c = i % C;
      const t = Math.floor(i / C) % T;
      const k = Math.floor(i / (C * T));
      return { themeId: themeId(t), committeeId: committeeId(k), criterionId: criterionId(c), ...cell };
    }),
    agreement: result.agreement.map((a) => ({
      committeeId: committeeId(a.committee),
      criterionId: criterionId(a.criterion),
      alpha: figure(a.alpha?.alpha),
      lower: figure(a.alpha?.lower),
      upper: figure(a.alpha?.upper),
      kendallW: a.kendallW,
      raters: a.raters,
      units: a.units
    })),
    raters: matrix.raters.map((rater, r) => {
      const deviation = result.unusual.deviations.find((d) => d.rater === r);
      const moves = result.whatIf.get(r);
      return {
        userId: rater.id,
        name: rater.name,
        committeeId: committeeId(rater.committee),
        scores: scored[r]!,
        meanAbsDeviation: figure(deviation?.meanAbsDeviation),
        robustZ: figure(deviation?.robustZ),
        correlation: figure(deviation?.correlation),
        flags: flagsOf(r).map(({ kind, value, threshold, cells }) => ({ kind, value, threshold, cells })),
        outliers: result.unusual.outliers
          .filter((o) => o.rater === r)
          .map((o) => ({
            themeId: themeId(o.theme),
            criterionId: criterionId(o.criterion),
            value: o.value,
            low: o.low,
            high: o.high
          })),
        whatIf: moves ? moves.map((m) => ({ themeId: themeId(m.theme), before: m.before, after: m.after })) : null
      };
    }),
    comparison: result.comparison && {
      committeeA: committeeId(result.comparison.a),
      committeeB: committeeId(result.comparison.b),
      rankCorrelation: result.comparison.rankCorrelation,
      themes: result.comparison.gaps.map((g) => ({
        themeId: themeId(g.theme),
        scoreA: g.scoreA,
        scoreB: g.scoreB,
        rankA: g.rankA,
        rankB: g.rankB,
        rankGap: g.rankGap,
        scoreGap: g.scoreGap
      }))
    }
  };
}

interface Settings {
  topN: number;
  level: NonNullable<AnalyticsQuery['level']>;
  weights: number[];
}

/**
 * All analytics of a round for staff, and for the director once the round is closed (rounds.ts
 * assertResultsVisible). Rater names are shown: staff must be able to follow up an unusual rater.
 */
export async function roundAnalytics(
  db: Kysely<Database>,
  roundId: number,
  query: AnalyticsQuery,
  role: string
): Promise<RoundAnalyticsDto> {
  const loaded = await loadRound(db, roundId, role);
  const settings: Settings = {
    topN: query.topN ?? Math.min(DEFAULT_TOP_N, loaded.matrix.themes.length),
    level: query.level ?? 'ordinal',
    weights: parseWeights(
      query.weights,
      loaded.committees.map((c) => c.id)
    )
  };
  const result = analyseRatings(loaded.matrix, {
    topN: settings.topN,
    level: settings.level,
    committeeWeights: settings.weights,
    alphaSamples: ALPHA_SAMPLES,
    stabilitySamples: STABILITY_SAMPLES,
    seed: SEED,
    ranking: loaded.round.scaleKind === 'ranking'
  });
  return toDto(loaded, result, settings);
}
