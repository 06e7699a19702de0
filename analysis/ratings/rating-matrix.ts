import { competitionRanks } from '../stats/ranking.js';

/** What a rater gave on one theme and criterion. */
export const Answer = {
  /** Nothing: not answered (yet). */
  none: 0,
  score: 1,
  /** "Weet ik niet": answered, but not a score. */
  dontKnow: 2,
  /** Declared a conflict of interest for the theme: may not score it. */
  recused: 3
} as const;
export type AnswerKind = (typeof Answer)[keyof typeof Answer];

export interface MatrixTheme {
  id: number;
  name: string;
}
export interface MatrixCriterion {
  id: number;
  name: string;
  weight: number;
}
export interface MatrixCommittee {
  id: number;
  name: string;
}
/** One rater's seat: a member who sits in two committees of the round is two raters. */
export interface MatrixRater {
  id: number;
  name: string;
  /** Index into `committees`. */
  committee: number;
}

/**
 * Every answer of a rating round as dense arrays, cell (r, t, c) at index (r · T + t) · C + c. Values are on the
 * round's scale; a top-N ranking is stored as Borda points (N + 1 − rank, 0 for a theme left out of the top N),
 * so "higher is better" holds for both kinds of round.
 */
export interface RatingMatrix {
  scale: { min: number; max: number };
  themes: readonly MatrixTheme[];
  criteria: readonly MatrixCriterion[];
  committees: readonly MatrixCommittee[];
  raters: readonly MatrixRater[];
  /** The score, NaN where the answer is not a score. */
  values: Float64Array;
  /** The {@link Answer} per cell. */
  answers: Uint8Array;
}

export interface RatingInput {
  scale: { min: number; max: number };
  themes: readonly MatrixTheme[];
  criteria: readonly MatrixCriterion[];
  committees: readonly MatrixCommittee[];
  raters: readonly { id: number; name: string; committeeId: number }[];
  /** Scores and "weet ik niet" answers by rater (user) id; a rater id in two committees answers in both. */
  answers: readonly { raterId: number; themeId: number; criterionId: number; value: number | null }[];
  /** Themes a rater declared a conflict for. */
  recusals: readonly { raterId: number; themeId: number }[];
}

/**
 * Builds the dense matrix of a round. Answers of people who hold no seat, or on themes or criteria outside the
 * round, are ignored (the round's setup decides what counts). A recusal overrides any answer on that theme.
 * @throws RangeError when a score lies outside the scale.
 */
export function buildRatingMatrix(input: RatingInput): RatingMatrix {
  const T = input.themes.length;
  const C = input.criteria.length;
  const committeeIndex = new Map(input.committees.map((c, i) => [c.id, i]));
  const raters: MatrixRater[] = [];
  const seatsOf = new Map<number, number[]>();
  for (const r of input.raters) {
    const committee = committeeIndex.get(r.committeeId);
    if (committee === undefined) continue;
    seatsOf.set(r.id, [...(seatsOf.get(r.id) ?? []), raters.length]);
    raters.push({ id: r.id, name: r.name, committee });
  }
  const themeIndex = new Map(input.themes.map((t, i) => [t.id, i]));
  const criterionIndex = new Map(input.criteria.map((c, i) => [c.id, i]));
  const values = new Float64Array(raters.length * T * C).fill(NaN);
  const answers = new Uint8Array(raters.length * T * C);
  for (const a of input.answers) {
    const t = themeIndex.get(a.themeId);
    const c = criterionIndex.get(a.criterionId);
    if (t === undefined || c === undefined) continue;
    if (a.value !== null && !(a.value >= input.scale.min && a.value <= input.scale.max)) {
      throw new RangeError(`score ${a.value} lies outside the scale ${input.scale.min}–${input.scale.max}`);
    }
    for (const r of seatsOf.get(a.raterId) ?? []) {
      const i = (r * T + t) * C + c;
      answers[i] = a.value === null ? Answer.dontKnow : Answer.score;
      values[i] = a.value ?? NaN;
    }
  }
  for (const { raterId, themeId } of input.recusals) {
    const t = themeIndex.get(themeId);
    if (t === undefined) continue;
    for (const r of seatsOf.get(raterId) ?? []) {
      const start = (r * T + t) * C;
      answers.fill(Answer.recused, start, start + C);
      values.fill(NaN, start, start + C);
    }
  }
  return {
    scale: input.scale,
    themes: input.themes,
    criteria: input.criteria,
    committees: input.committees,
    raters,
    values,
    answers
  };
}

/** The matrix without some raters (the "what if" view), everything else unchanged. */
export function withoutRaters(matrix: RatingMatrix, raterIndices: ReadonlySet<number>): RatingMatrix {
  const cells = matrix.themes.length * matrix.criteria.length;
  const kept = matrix.raters.map((_, r) => r).filter((r) => !raterIndices.has(r));
  const values = new Float64Array(kept.length * cells);
  const answers = new Uint8Array(kept.length * cells);
  kept.forEach((r, k) => {
    values.set(matrix.values.subarray(r * cells, (r + 1) * cells), k * cells);
    answers.set(matrix.answers.subarray(r * cells, (r + 1) * cells), k * cells);
  });
  return { ...matrix, raters: kept.map((r) => matrix.raters[r]!), values, answers };
}

/**
 * Per committee × theme the weighted score: per criterion the mean of the scores, then those means combined by
 * the criteria's weights (a criterion nobody scored drops out and the others share its weight, as in
 * analysis/stats/ranking.ts `weightedMean`). NaN where nobody in the committee scored the theme.
 *
 * `multiplicity[r]` counts rater r that many times (a bootstrap resample); every rater once when omitted.
 * Result index: committee · T + theme.
 */
export function committeeScores(matrix: RatingMatrix, multiplicity?: ArrayLike<number>): Float64Array {
  const T = matrix.themes.length;
  const C = matrix.criteria.length;
  const K = matrix.committees.length;
  const sums = new Float64Array(K * T * C);
  const counts = new Float64Array(K * T * C);
  const { values } = matrix;
  matrix.raters.forEach((rater, r) => {
    const times = multiplicity ? multiplicity[r]! : 1;
    if (times === 0) return;
    const base = rater.committee * T * C;
    const offset = r * T * C;
    for (let i = 0; i < T * C; i++) {
      const v = values[offset + i]!;
      if (v === v) {
        sums[base + i]! += times * v;
        counts[base + i]! += times;
      }
    }
  });
  const scores = new Float64Array(K * T);
  for (let k = 0; k < K; k++) {
    for (let t = 0; t < T; t++) {
      let weighted = 0;
      let weights = 0;
      for (let c = 0; c < C; c++) {
        const i = (k * T + t) * C + c;
        if (counts[i] === 0) continue;
        const w = matrix.criteria[c]!.weight;
        weighted += (w * sums[i]!) / counts[i]!;
        weights += w;
      }
      scores[k * T + t] = weights > 0 ? weighted / weights : NaN;
    }
  }
  return scores;
}

/**
 * Standard competition ranks ("1224") of scores, highest first when `higherIsBetter`; NaN (no score) shares the
 * rank after the last score.
 */
export function rankScores(scores: ArrayLike<number>, higherIsBetter: boolean): number[] {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const x = scores[a]!;
    const y = scores[b]!;
    if (x !== x) return y !== y ? a - b : 1;
    if (y !== y) return -1;
    return higherIsBetter ? y - x : x - y;
  });
  const sorted = order.map((i) => {
    const v = scores[i]!;
    return v === v ? (higherIsBetter ? v : -v) : null;
  });
  const ranks = competitionRanks(sorted);
  const result = new Array<number>(n);
  order.forEach((i, position) => (result[i] = ranks[position]!));
  return result;
}

/** How the committees' rankings make one: per theme the weighted mean of its rank in each committee (JLA). */
export interface CombineOptions {
  /** Weight per committee (by index); equal when omitted. A committee of weight 0 does not count. */
  committeeWeights?: readonly number[];
}

/**
 * The combined ranking of the themes, James Lind Alliance style: each committee ranks the themes on its own
 * weighted score, then a theme's combined value is the weighted mean of its committee ranks (lower is better),
 * over the committees that scored it. A theme no committee scored has NaN. Returns the combined values (not yet
 * ranked) per theme.
 */
export function combineCommitteeRanks(
  matrix: RatingMatrix,
  scores: Float64Array,
  options: CombineOptions = {}
): Float64Array {
  const T = matrix.themes.length;
  const K = matrix.committees.length;
  const weights = options.committeeWeights ?? matrix.committees.map(() => 1);
  const combined = new Float64Array(T);
  const weightSums = new Float64Array(T);
  for (let k = 0; k < K; k++) {
    const w = weights[k] ?? 0;
    if (w === 0) continue;
    const committee = scores.subarray(k * T, (k + 1) * T);
    const ranks = rankScores(committee, true);
    for (let t = 0; t < T; t++) {
      if (committee[t] !== committee[t]) continue;
      combined[t]! += w * ranks[t]!;
      weightSums[t]! += w;
    }
  }
  for (let t = 0; t < T; t++) combined[t] = weightSums[t]! > 0 ? combined[t]! / weightSums[t]! : NaN;
  return combined;
}
