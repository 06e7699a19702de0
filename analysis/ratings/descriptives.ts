import { quantileSorted } from '../stats/delphi.js';
import { Answer, committeeScores, type RatingMatrix, withoutRaters } from './rating-matrix.js';

// Read once: transpiled modules (vitest, tsx) can turn every `Answer.x` in a hot loop into a getter call.
const { score: SCORE, dontKnow: DONT_KNOW, recused: RECUSED } = Answer;

/** What one committee said on one theme and criterion. */
export interface CellStatistics {
  /** Scores counted. */
  n: number;
  mean: number | null;
  /** Sample SD (n − 1); null below 2 scores. */
  sd: number | null;
  /** Median and quartiles by type-7 interpolation ({@link quantileSorted}); null without scores. */
  median: number | null;
  q1: number | null;
  q3: number | null;
  iqr: number | null;
  /** Count of scores per scale point, index 0 = scale.min … scale.max (scores are integers on the scale). */
  distribution: number[];
  dontKnow: number;
  recused: number;
  /** Seats with no answer at all on the cell. */
  unanswered: number;
  /** Share (0–1) of scores within one point of the median (|v − median| ≤ 1); null without scores. */
  withinOne: number | null;
}

/** The seat indices of each committee. */
function seatsByCommittee(matrix: RatingMatrix): number[][] {
  const seats = matrix.committees.map((): number[] => []);
  matrix.raters.forEach((rater, r) => seats[rater.committee]!.push(r));
  return seats;
}

/** The statistics of one cell from its scores, already sorted ascending, and its answer counts. */
function describe(
  sorted: readonly number[],
  distribution: number[],
  dontKnow: number,
  recused: number,
  unanswered: number
): CellStatistics {
  const n = sorted.length;
  let mean: number | null = null;
  let sd: number | null = null;
  let median: number | null = null;
  let q1: number | null = null;
  let q3: number | null = null;
  let withinOne: number | null = null;
  if (n > 0) {
    let sum = 0;
    for (const v of sorted) sum += v;
    mean = sum / n;
    // Two passes (mean first, then squared deviations) keep the SD exact for the small integers of a scale.
    let squares = 0;
    for (const v of sorted) squares += (v - mean) ** 2;
    if (n > 1) sd = Math.sqrt(squares / (n - 1));
    median = quantileSorted(sorted, 0.5);
    q1 = quantileSorted(sorted, 0.25);
    q3 = quantileSorted(sorted, 0.75);
    let near = 0;
    for (const v of sorted) if (Math.abs(v - median) <= 1) near++;
    withinOne = near / n;
  }
  const iqr = q1 === null ? null : q3! - q1;
  return { n, mean, sd, median, q1, q3, iqr, distribution, dontKnow, recused, unanswered, withinOne };
}

/**
 * Descriptive statistics per committee × theme × criterion, counting only the committee's own raters: the
 * scores' mean, sample SD, type-7 median and quartiles, their distribution over the scale points, how many seats
 * said "weet ik niet", were recused or left the cell empty, and the share of scores within one point of the
 * median (e.g. scores 2, 4, 4, 5: median 4, withinOne 0.75). Result index (k · T + t) · C + c.
 */
export function cellStatistics(matrix: RatingMatrix): CellStatistics[] {
  const T = matrix.themes.length;
  const C = matrix.criteria.length;
  const K = matrix.committees.length;
  const { values, answers, scale } = matrix;
  const points = Math.round(scale.max - scale.min) + 1;
  const seats = seatsByCommittee(matrix);
  const result = new Array<CellStatistics>(K * T * C);
  // One scratch array for every cell (only the result objects are allocated per cell), kept sorted by insertion:
  // a cell holds a committee's few dozen scores, where that beats calling Array.prototype.sort per cell.
  const scores: number[] = [];
  for (let k = 0; k < K; k++) {
    for (let t = 0; t < T; t++) {
      for (let c = 0; c < C; c++) {
        scores.length = 0;
        const distribution = new Array<number>(points).fill(0);
        let dontKnow = 0;
        let recused = 0;
        let unanswered = 0;
        for (const r of seats[k]!) {
          const i = (r * T + t) * C + c;
          const answer = answers[i];
          if (answer === SCORE) {
            const v = values[i]!;
            let j = scores.length;
            for (; j > 0 && scores[j - 1]! > v; j--) scores[j] = scores[j - 1]!;
            scores[j] = v;
            distribution[Math.round(v - scale.min)]!++;
          } else if (answer === DONT_KNOW) dontKnow++;
          else if (answer === RECUSED) recused++;
          else unanswered++;
        }
        result[(k * T + t) * C + c] = describe(scores, distribution, dontKnow, recused, unanswered);
      }
    }
  }
  return result;
}

/** How a group of raters judged one theme over all criteria. */
export interface ThemeScore {
  /** Weighted score (as committeeScores): per-criterion means combined by weight; null if nobody scored. */
  weighted: number | null;
  /** The weighted score as a share of the scale's range, 0–100 ({@link chnriScore}); null if nobody scored. */
  chnri: number | null;
  /** Raters who scored the theme on at least one criterion. */
  raters: number;
  /** Raters recused from the theme. */
  recused: number;
  /** "Weet ik niet" answers on the theme (over criteria). */
  dontKnow: number;
}

/**
 * The research priority score of the CHNRI method (Rudan et al. 2008): the weighted score as a percentage of the
 * maximum possible, (weighted − min) / (max − min) · 100. CHNRI scores its answers 0 / 0.5 / 1 and reports the
 * share of the maximum; on a 1–5 scale the floor means "not at all", so it maps to 0 rather than to 20.
 * Example: 4 on a 1–5 scale → 75.
 * @throws RangeError when the scale has no range.
 */
export function chnriScore(weighted: number, scale: { min: number; max: number }): number {
  if (!(scale.max > scale.min)) throw new RangeError(`scale ${scale.min}–${scale.max} has no range`);
  return ((weighted - scale.min) / (scale.max - scale.min)) * 100;
}

/** ThemeScore per committee × theme (index k · T + t) of the matrix. */
function scoreThemes(matrix: RatingMatrix): ThemeScore[] {
  const T = matrix.themes.length;
  const C = matrix.criteria.length;
  const K = matrix.committees.length;
  const weighted = committeeScores(matrix);
  const raters = new Uint32Array(K * T);
  const recused = new Uint32Array(K * T);
  const dontKnow = new Uint32Array(K * T);
  const { answers } = matrix;
  matrix.raters.forEach((rater, r) => {
    for (let t = 0; t < T; t++) {
      const j = rater.committee * T + t;
      let scored = false;
      let isRecused = false;
      for (let i = (r * T + t) * C, end = i + C; i < end; i++) {
        const answer = answers[i];
        if (answer === SCORE) scored = true;
        else if (answer === RECUSED) isRecused = true;
        else if (answer === DONT_KNOW) dontKnow[j]!++;
      }
      if (scored) raters[j]!++;
      if (isRecused) recused[j]!++;
    }
  });
  return Array.from({ length: K * T }, (_, j) => {
    const score = weighted[j]!;
    const known = score === score;
    return {
      weighted: known ? score : null,
      chnri: known ? chnriScore(score, matrix.scale) : null,
      raters: raters[j]!,
      recused: recused[j]!,
      dontKnow: dontKnow[j]!
    };
  });
}

/**
 * The matrix as one committee of people: a member's seats in several committees carry the same answers
 * (buildRatingMatrix copies them to every seat), so the first seat stands for the person and the others go.
 */
function pooledView(matrix: RatingMatrix): RatingMatrix {
  const people = new Set<number>();
  const repeats = new Set<number>();
  matrix.raters.forEach((rater, r) => (people.has(rater.id) ? repeats.add(r) : people.add(rater.id)));
  const view = withoutRaters(matrix, repeats);
  return {
    ...view,
    committees: [{ id: 0, name: 'pooled' }],
    raters: view.raters.map((rater) => ({ ...rater, committee: 0 }))
  };
}

/**
 * Per theme its weighted score, CHNRI score and who answered: per committee × theme (index k · T + t, the
 * committee's own raters) and pooled over every rater of the round (index t). In the pooled figures a person
 * who sits in two committees counts once, so their scores weigh as much as anyone's.
 */
export function themeScores(matrix: RatingMatrix): { perCommittee: ThemeScore[]; pooled: ThemeScore[] } {
  return { perCommittee: scoreThemes(matrix), pooled: scoreThemes(pooledView(matrix)) };
}
