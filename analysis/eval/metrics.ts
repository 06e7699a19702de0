/**
 * Evaluation metrics for theme discovery: external clustering indices that
 * compare a predicted partition with a reference one, classification scores
 * for seeded runs, and pair scores for duplicate detection. Labels are parallel
 * arrays; clustering indices only look at which items share a label, so label
 * names and their types never have to match between the two sides.
 */

export interface PrecisionRecall {
  precision: number;
  recall: number;
  f1: number;
}

export interface PairScores extends PrecisionRecall {
  truePositives: number;
  /** Distinct unordered pairs predicted. */
  predicted: number;
  /** Distinct unordered pairs in the reference. */
  actual: number;
}

type Label = string | number;

/** Cross-tabulation of two labelings: row = truth class, column = predicted cluster. */
interface Contingency {
  n: number;
  rowSums: number[];
  colSums: number[];
  cells: { row: number; col: number; count: number }[];
}

function checkLengths(truth: readonly unknown[], predicted: readonly unknown[]): void {
  if (truth.length !== predicted.length) {
    throw new RangeError(`truth has ${truth.length} labels but predicted has ${predicted.length}`);
  }
  if (truth.length === 0) throw new RangeError('cannot evaluate empty labelings');
}

function contingency(truth: readonly string[], predicted: readonly Label[]): Contingency {
  checkLengths(truth, predicted);
  const rows = new Map<string, number>();
  const cols = new Map<Label, number>();
  const rowSums: number[] = [];
  const colSums: number[] = [];
  const cellIndex = new Map<string, number>();
  const cells: Contingency['cells'] = [];
  for (let i = 0; i < truth.length; i++) {
    let row = rows.get(truth[i]!);
    if (row === undefined) rows.set(truth[i]!, (row = rowSums.push(0) - 1));
    let col = cols.get(predicted[i]!);
    if (col === undefined) cols.set(predicted[i]!, (col = colSums.push(0) - 1));
    rowSums[row]!++;
    colSums[col]!++;
    const key = `${row},${col}`;
    const cell = cellIndex.get(key);
    if (cell === undefined) cellIndex.set(key, cells.push({ row, col, count: 1 }) - 1);
    else cells[cell]!.count++;
  }
  return { n: truth.length, rowSums, colSums, cells };
}

function entropy(sizes: readonly number[], n: number): number {
  return -sizes.reduce((sum, size) => sum + (size / n) * Math.log(size / n), 0);
}

function harmonicMean(a: number, b: number): number {
  return a + b === 0 ? 0 : (2 * a * b) / (a + b);
}

/**
 * Normalized mutual information, NMI = I(T; P) / ((H(T) + H(P)) / 2), in
 * nats; the arithmetic-mean normalisation of Vinh, Epps & Bailey 2010 and
 * sklearn's `normalized_mutual_info_score` default. 1 when both labelings put
 * everything in one cluster, 0 when only one of them does (as sklearn).
 */
export function nmi(truth: readonly string[], predicted: readonly Label[]): number {
  const { n, rowSums, colSums, cells } = contingency(truth, predicted);
  if (rowSums.length === 1 && colSums.length === 1) return 1;
  if (rowSums.length === 1 || colSums.length === 1) return 0;
  const mutual = cells.reduce(
    (sum, { row, col, count }) => sum + (count / n) * Math.log((n * count) / (rowSums[row]! * colSums[col]!)),
    0
  );
  if (mutual <= 0) return 0;
  return mutual / ((entropy(rowSums, n) + entropy(colSums, n)) / 2);
}

const pairs = (k: number): number => (k * (k - 1)) / 2;

/**
 * Adjusted Rand index (Hubert & Arabie 1985): the share of item pairs on which
 * both labelings agree, corrected for chance so that random labelings score
 * about 0 and can go negative. 1 when the two partitions are identical, also
 * in the degenerate cases (all singletons, one cluster) where the chance
 * correction is 0/0, as sklearn's `adjusted_rand_score`.
 */
export function ari(truth: readonly string[], predicted: readonly Label[]): number {
  const { n, rowSums, colSums, cells } = contingency(truth, predicted);
  const together = cells.reduce((sum, { count }) => sum + pairs(count), 0);
  const truthPairs = rowSums.reduce((sum, size) => sum + pairs(size), 0);
  const predictedPairs = colSums.reduce((sum, size) => sum + pairs(size), 0);
  if (together === truthPairs && together === predictedPairs) return 1;
  const expected = (truthPairs * predictedPairs) / pairs(n);
  return (together - expected) / ((truthPairs + predictedPairs) / 2 - expected);
}

/**
 * BCubed precision and recall (Amigó et al. 2009): per item, the share of its
 * predicted cluster that shares its true class (precision) and the share of
 * its true class that shares its predicted cluster (recall), each averaged
 * over items; F1 is the harmonic mean of the two averages. Unlike purity it
 * penalises both splitting and merging.
 */
export function bcubed(truth: readonly string[], predicted: readonly Label[]): PrecisionRecall {
  const { n, rowSums, colSums, cells } = contingency(truth, predicted);
  let precision = 0;
  let recall = 0;
  for (const { row, col, count } of cells) {
    precision += (count * count) / colSums[col]!;
    recall += (count * count) / rowSums[row]!;
  }
  precision /= n;
  recall /= n;
  return { precision, recall, f1: harmonicMean(precision, recall) };
}

/**
 * Purity (Zhao & Karypis 2001; Manning, Raghavan & Schütze 2008, §16.3): the
 * share of items that belong to their cluster's majority class. Trivially 1
 * for singletons, so read it next to a metric that penalises splitting.
 */
export function purity(truth: readonly string[], predicted: readonly Label[]): number {
  const { n, colSums, cells } = contingency(truth, predicted);
  const majority = new Array<number>(colSums.length).fill(0);
  for (const { col, count } of cells) majority[col] = Math.max(majority[col]!, count);
  return majority.reduce((sum, count) => sum + count, 0) / n;
}

/**
 * Share of items whose predicted label equals the true one, compared as
 * strings (so 3 matches '3'); for seeded runs where labels carry meaning.
 */
export function accuracy(truth: readonly string[], predicted: readonly Label[]): number {
  checkLengths(truth, predicted);
  return truth.filter((label, i) => label === String(predicted[i])).length / truth.length;
}

/**
 * Macro-averaged F1 over the classes present in `truth` (labels compared as
 * strings): every class weighs the same however small, a class never
 * predicted scores 0, and predictions outside truth's classes (e.g. an
 * "unassigned" label) only count as misses. Equals sklearn's
 * `f1_score(truth, predicted, labels=unique(truth), average='macro', zero_division=0)`.
 */
export function macroF1(truth: readonly string[], predicted: readonly Label[]): number {
  checkLengths(truth, predicted);
  const counts = new Map<string, { actual: number; predicted: number; correct: number }>();
  for (const label of truth) {
    const entry = counts.get(label) ?? { actual: 0, predicted: 0, correct: 0 };
    entry.actual++;
    counts.set(label, entry);
  }
  predicted.forEach((raw, i) => {
    const entry = counts.get(String(raw));
    if (!entry) return;
    entry.predicted++;
    if (truth[i] === String(raw)) entry.correct++;
  });
  let total = 0;
  for (const { actual, predicted: claimed, correct } of counts.values()) total += (2 * correct) / (actual + claimed);
  return total / counts.size;
}

function pairKey([a, b]: readonly [string, string]): string {
  return JSON.stringify(a < b ? [a, b] : [b, a]);
}

/**
 * Precision and recall of predicted duplicate pairs against reference pairs,
 * both taken as sets of unordered pairs. Precision is 1 when nothing is
 * predicted (no false claims were made) and recall is 1 when there is nothing
 * to find, so an empty prediction on data without duplicates scores 1.
 */
export function pairPrecisionRecall(
  truthPairs: readonly (readonly [string, string])[],
  predictedPairs: readonly (readonly [string, string])[]
): PairScores {
  const actual = new Set(truthPairs.map(pairKey));
  const predicted = new Set(predictedPairs.map(pairKey));
  const truePositives = [...predicted].filter((key) => actual.has(key)).length;
  const precision = predicted.size === 0 ? 1 : truePositives / predicted.size;
  const recall = actual.size === 0 ? 1 : truePositives / actual.size;
  return {
    precision,
    recall,
    f1: harmonicMean(precision, recall),
    truePositives,
    predicted: predicted.size,
    actual: actual.size
  };
}

/**
 * All unordered pairs within each duplicate group, where groups are the
 * transitive closure of "duplicate of" links (a→b, b→c puts a, b and c in one
 * group), found with union-find. Each pair is ordered [smaller, larger] and
 * the list is sorted, so the output does not depend on input order.
 */
export function duplicatePairs(ids: readonly string[], duplicateOf: readonly (string | null)[]): [string, string][] {
  if (ids.length !== duplicateOf.length) {
    throw new RangeError(`ids has ${ids.length} entries but duplicateOf has ${duplicateOf.length}`);
  }
  const index = new Map<string, number>();
  ids.forEach((id, i) => {
    if (index.has(id)) throw new RangeError(`duplicate id ${JSON.stringify(id)}`);
    index.set(id, i);
  });
  const parent = ids.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!; // path halving
      i = parent[i]!;
    }
    return i;
  };
  duplicateOf.forEach((target, i) => {
    if (target === null) return;
    const j = index.get(target);
    if (j === undefined)
      throw new RangeError(`${JSON.stringify(ids[i])} is a duplicate of unknown id ${JSON.stringify(target)}`);
    parent[find(i)] = find(j);
  });
  const groups = new Map<number, string[]>();
  ids.forEach((id, i) => {
    const root = find(i);
    const members = groups.get(root);
    if (members) members.push(id);
    else groups.set(root, [id]);
  });
  const result: [string, string][] = [];
  for (const members of groups.values()) {
    const sorted = members.sort(compare);
    for (let a = 0; a < sorted.length; a++) {
      for (let b = a + 1; b < sorted.length; b++) result.push([sorted[a]!, sorted[b]!]);
    }
  }
  return result.sort((x, y) => compare(x[0], y[0]) || compare(x[1], y[1]));
}

/** Code-unit order, independent of locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
