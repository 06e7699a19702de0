/** Average ranks (1-based) of values; tied values share the mean of the ranks they occupy. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.v === order[start]!.v) end++;
    const rank = (start + end) / 2 + 1;
    for (let j = start; j <= end; j++) ranks[order[j]!.i] = rank;
    start = end + 1;
  }
  return ranks;
}

/** Σ (t³ − t) over the groups of tied values. */
function tieSum(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let sum = 0;
  for (const t of counts.values()) sum += t ** 3 - t;
  return sum;
}

function checkScores(scores: readonly (readonly number[])[]): { m: number; n: number } {
  const m = scores.length;
  if (m < 2) throw new RangeError(`Kendall's W needs at least 2 raters, got ${m}`);
  const n = scores[0]!.length;
  if (n < 2) throw new RangeError(`Kendall's W needs at least 2 items, got ${n}`);
  for (const row of scores) {
    if (row.length !== n) throw new RangeError('every rater must score every item');
    if (row.some((v) => !Number.isFinite(v))) throw new RangeError('scores must be finite numbers');
  }
  return { m, n };
}

/**
 * Kendall's coefficient of concordance W for `scores[rater][item]`, with tie correction:
 * W = 12 S / (m²(n³ − n) − m Σ T_j), T_j = Σ (t³ − t) over rater j's ties (as R irr::kendall(correct = TRUE)).
 * NaN when every rater gives every item the same score (no ranking to agree on).
 */
export function kendallW(scores: readonly (readonly number[])[]): number {
  const { m, n } = checkScores(scores);
  const rankSums = new Array<number>(n).fill(0);
  let ties = 0;
  for (const row of scores) {
    averageRanks(row).forEach((r, i) => (rankSums[i] = rankSums[i]! + r));
    ties += tieSum(row);
  }
  const mean = (m * (n + 1)) / 2;
  const s = rankSums.reduce((acc, r) => acc + (r - mean) ** 2, 0);
  const denominator = m * m * (n ** 3 - n) - m * ties;
  return denominator === 0 ? Number.NaN : (12 * s) / denominator;
}

export interface KendallWTest {
  w: number;
  /** Friedman's chi-square m(n − 1)W. */
  chiSquare: number;
  df: number;
  /** Upper-tail chi-square probability (large-sample approximation). */
  p: number;
}

/** Kendall's W with its chi-square test of H0 "no concordance" (chi-square = m(n − 1)W on n − 1 df). */
export function kendallWTest(scores: readonly (readonly number[])[]): KendallWTest {
  const { m, n } = checkScores(scores);
  const w = kendallW(scores);
  const chiSquare = m * (n - 1) * w;
  const df = n - 1;
  return { w, chiSquare, df, p: chiSquareSurvival(chiSquare, df) };
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7), about 15 significant digits. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const EPS = 1e-15;
const TINY = 1e-300;

/** Regularized upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a): series for x < a + 1, else continued fraction. */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0)) throw new RangeError(`gamma shape must be positive, got ${a}`);
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let k = 1; k < 1000; k++) {
      term *= x / (a + k);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    return 1 - sum * Math.exp(logPrefix);
  }
  // Lentz's method on the continued fraction for Γ(a, x).
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(logPrefix) * h;
}

/** P(X ≥ x) for X ~ chi-square with df degrees of freedom. */
export function chiSquareSurvival(x: number, df: number): number {
  return regularizedGammaQ(df / 2, x / 2);
}
