export interface FleissKappa {
  kappa: number;
  /** Mean observed agreement over subjects. */
  po: number;
  /** Agreement expected by chance from the overall category proportions. */
  pe: number;
  /** Asymptotic standard error under H0 κ = 0 (Fleiss, Nee & Landis 1979), as R irr::kappam.fleiss. */
  se: number;
  /** κ / se. */
  z: number;
  /** κ for each category against all others (NaN for a category nobody used). */
  perCategory: number[];
  /** Overall share of ratings per category. */
  proportions: number[];
}

/**
 * Fleiss' kappa from `counts[subject][category]`: how many raters put each subject in each category. Every subject
 * must have the same number of raters (at least 2).
 */
export function fleissKappa(counts: readonly (readonly number[])[]): FleissKappa {
  const subjects = counts.length;
  if (subjects === 0) throw new RangeError("Fleiss' kappa needs at least one subject");
  const categories = counts[0]!.length;
  const raters = counts[0]!.reduce((a, b) => a + b, 0);
  if (raters < 2) throw new RangeError(`Fleiss' kappa needs at least 2 raters per subject, got ${raters}`);
  for (const row of counts) {
    if (row.length !== categories) throw new RangeError('every subject needs a count for every category');
    if (row.some((c) => !Number.isInteger(c) || c < 0)) throw new RangeError('counts must be non-negative integers');
    if (row.reduce((a, b) => a + b, 0) !== raters)
      throw new RangeError('every subject needs the same number of raters');
  }
  const total = subjects * raters;
  const proportions = Array.from({ length: categories }, (_, j) => counts.reduce((s, row) => s + row[j]!, 0) / total);
  const po =
    counts.reduce((s, row) => s + row.reduce((t, c) => t + c * (c - 1), 0) / (raters * (raters - 1)), 0) / subjects;
  const pe = proportions.reduce((s, p) => s + p * p, 0);
  const kappa = (po - pe) / (1 - pe);

  const pq = proportions.map((p) => p * (1 - p));
  const sumPq = pq.reduce((a, b) => a + b, 0);
  const sumPqqp = proportions.reduce((s, p, j) => s + pq[j]! * (1 - 2 * p), 0);
  const se = (Math.sqrt(2 / (total * (raters - 1))) * Math.sqrt(sumPq ** 2 - sumPqqp)) / sumPq;
  const perCategory = proportions.map(
    (_, j) => 1 - counts.reduce((s, row) => s + row[j]! * (raters - row[j]!), 0) / (total * (raters - 1) * pq[j]!)
  );
  return { kappa, po, pe, se, z: kappa / se, perCategory, proportions };
}

/**
 * Turns `codes[subject][rater]` (category labels) into the count table fleissKappa takes; categories are the
 * given list, or the distinct codes in ascending order.
 */
export function countCategories(
  codes: readonly (readonly number[])[],
  categories: readonly number[] = [...new Set(codes.flat())].sort((a, b) => a - b)
): number[][] {
  const index = new Map(categories.map((c, j) => [c, j]));
  return codes.map((row) => {
    const counts = new Array<number>(categories.length).fill(0);
    for (const code of row) {
      const j = index.get(code);
      if (j === undefined) throw new RangeError(`code ${code} is not among the categories`);
      counts[j]!++;
    }
    return counts;
  });
}
