/** What a group of scores on one theme and criterion looks like to a Delphi panel. */
export interface GroupSummary {
  /** Scores counted ("weet ik niet" and recusals are not scores). */
  n: number;
  median: number | null;
  /** First and third quartile and their distance; null without scores. */
  q1: number | null;
  q3: number | null;
  iqr: number | null;
  /** Share (0–1) of the scores in the top third of the scale; null without scores. */
  topShare: number | null;
}

/** When a theme has reached consensus: enough scores in the top third of the scale and a narrow spread. */
export interface ConsensusRule {
  /** Least share (0–1) of scores in the top third of the scale, e.g. 0.7. */
  topShare: number;
  /** Largest interquartile range, e.g. 1. */
  maxIqr: number;
}

export interface Scale {
  min: number;
  max: number;
}

/**
 * The q-quantile of sorted values by linear interpolation between order statistics (Hyndman & Fan type 7, the
 * default of R and of spreadsheet QUARTILE.INC), so staff can check a figure in Excel.
 */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no values');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must lie in [0, 1], got ${q}`);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/**
 * Scores in the top third of the scale: at or above max − (max − min) / 3, so 7–9 on a 1–9 scale (as in the
 * RAND/UCLA appropriateness method) and 4–5 on a 1–5 scale.
 */
export function inTopThird(value: number, scale: Scale): boolean {
  return value >= scale.max - (scale.max - scale.min) / 3 - 1e-9;
}

export function summariseScores(values: readonly number[], scale: Scale): GroupSummary {
  if (values.length === 0) return { n: 0, median: null, q1: null, q3: null, iqr: null, topShare: null };
  const sorted = [...values].sort((a, b) => a - b);
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  return {
    n: sorted.length,
    median: quantileSorted(sorted, 0.5),
    q1,
    q3,
    iqr: q3 - q1,
    topShare: sorted.filter((v) => inTopThird(v, scale)).length / sorted.length
  };
}

/** Whether a summary meets the rule; a theme nobody scored has no consensus. */
export function meetsConsensus(summary: GroupSummary, rule: ConsensusRule): boolean {
  return summary.n > 0 && summary.topShare! >= rule.topShare - 1e-9 && summary.iqr! <= rule.maxIqr + 1e-9;
}
