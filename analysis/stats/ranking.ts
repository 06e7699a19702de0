/** The scores of one theme on one criterion, as totals. */
export interface CriterionTotals {
  weight: number;
  /** Scores counted ("weet ik niet" and recusals are not scores). */
  n: number;
  sum: number;
}

/**
 * A theme's weighted mean: per criterion the mean over the members who scored it, then those means combined by
 * the criteria's weights. A criterion nobody scored drops out and the others share its weight, so one missing
 * criterion does not pull a theme down. Null when nobody scored the theme at all.
 *
 * Example: relevance (weight 2) means 4.5, urgency (weight 1) means 3 → (2 · 4.5 + 1 · 3) / 3 = 4.
 */
export function weightedMean(criteria: readonly CriterionTotals[]): number | null {
  let weighted = 0;
  let weights = 0;
  for (const c of criteria) {
    if (c.n === 0) continue;
    weighted += c.weight * (c.sum / c.n);
    weights += c.weight;
  }
  return weights > 0 ? weighted / weights : null;
}

/**
 * Borda points of a theme in a top-N ranking: a member's rank r (1 = most important) earns N + 1 − r points, a
 * theme outside the member's top N earns none (the "modified Borda count", Emerson 2013). From the totals of the
 * ranks: n · (N + 1) − Σ r.
 *
 * Example: top 3, ranked 1st by one member and 3rd by another → 3 + 1 = 4 points.
 */
export function bordaPoints(totals: { n: number; sum: number }, topN: number): number {
  return totals.n * (topN + 1) - totals.sum;
}

/**
 * Standard competition ranks ("1224") of values sorted best first: equal values share the better rank, the next
 * value skips the ranks they took. Nulls (nothing to rank on) share the rank after the last value.
 *
 * Example: [5, 4, 4, 3, null, null] → [1, 2, 2, 4, 5, 5].
 */
export function competitionRanks(sortedBestFirst: readonly (number | null)[]): number[] {
  const ranks: number[] = [];
  sortedBestFirst.forEach((value, i) => {
    const previous = sortedBestFirst[i - 1];
    const tied =
      i > 0 &&
      (value === null
        ? previous === null
        : previous !== null && previous !== undefined && Math.abs(previous - value) < 1e-9);
    ranks.push(tied ? ranks[i - 1]! : i + 1);
  });
  return ranks;
}
