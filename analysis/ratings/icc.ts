import { logGamma } from './kendall-w.js';

const EPS = 1e-15;
const TINY = 1e-300;

function betaContinuedFraction(a: number, b: number, x: number): number {
  // Lentz's method (Numerical Recipes betacf).
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError('beta parameters must be positive');
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(F ≤ f) for F ~ F(df1, df2); degrees of freedom may be fractional. */
export function fCdf(f: number, df1: number, df2: number): number {
  if (f <= 0) return 0;
  if (f === Infinity) return 1;
  return regularizedBeta((df1 * f) / (df1 * f + df2), df1 / 2, df2 / 2);
}

/** The q-quantile of F(df1, df2), by bisection on the CDF (to about 1e-12 relative). */
export function fQuantile(q: number, df1: number, df2: number): number {
  if (!(q > 0 && q < 1)) throw new RangeError(`quantile must lie in (0, 1), got ${q}`);
  let lo = 0;
  let hi = 1;
  while (fCdf(hi, df1, df2) < q) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (fCdf(mid, df1, df2) < q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface MeanSquares {
  /** Between targets (rows), within targets, between judges (columns), residual. */
  bms: number;
  wms: number;
  jms: number;
  ems: number;
  /** Targets and judges. */
  n: number;
  k: number;
}

export interface IccEstimate {
  /** Shrout & Fleiss name, e.g. 'ICC(2,1)'. */
  type: 'ICC(1,1)' | 'ICC(2,1)' | 'ICC(3,1)' | 'ICC(1,k)' | 'ICC(2,k)' | 'ICC(3,k)';
  icc: number;
  /** F test of H0 ICC = 0 with its degrees of freedom and upper-tail p. */
  f: number;
  df1: number;
  df2: number;
  p: number;
  /** 95% confidence interval (Shrout & Fleiss 1979; McGraw & Wong 1996 for ICC(2,·)). */
  ci95: [number, number];
}

function checkRatings(ratings: readonly (readonly number[])[]): { n: number; k: number } {
  const n = ratings.length;
  if (n < 2) throw new RangeError(`ICC needs at least 2 targets, got ${n}`);
  const k = ratings[0]!.length;
  if (k < 2) throw new RangeError(`ICC needs at least 2 judges, got ${k}`);
  for (const row of ratings) {
    if (row.length !== k) throw new RangeError('every judge must rate every target');
    if (row.some((v) => !Number.isFinite(v))) throw new RangeError('ratings must be finite numbers');
  }
  return { n, k };
}

/** The ANOVA mean squares of a complete `ratings[target][judge]` table. */
export function meanSquares(ratings: readonly (readonly number[])[]): MeanSquares {
  const { n, k } = checkRatings(ratings);
  const grand = ratings.flat().reduce((a, b) => a + b, 0) / (n * k);
  const rowMeans = ratings.map((row) => row.reduce((a, b) => a + b, 0) / k);
  const colMeans = ratings[0]!.map((_, j) => ratings.reduce((s, row) => s + row[j]!, 0) / n);
  const total = ratings.flat().reduce((s, v) => s + (v - grand) ** 2, 0);
  const rows = k * rowMeans.reduce((s, m) => s + (m - grand) ** 2, 0);
  const cols = n * colMeans.reduce((s, m) => s + (m - grand) ** 2, 0);
  return {
    bms: rows / (n - 1),
    wms: (total - rows) / (n * (k - 1)),
    jms: cols / (k - 1),
    ems: (total - rows - cols) / ((n - 1) * (k - 1)),
    n,
    k
  };
}

/**
 * The six Shrout & Fleiss (1979) intraclass correlations of `ratings[target][judge]`, in the order
 * ICC(1,1), ICC(2,1), ICC(3,1), ICC(1,k), ICC(2,k), ICC(3,k) (as R psych::ICC and pingouin). ICC(2,1) is McGraw &
 * Wong's ICC(A,1) (two-way, absolute agreement, single rater); ICC(3,1) is their ICC(C,1).
 */
export function shroutFleissIcc(ratings: readonly (readonly number[])[], alpha = 0.05): IccEstimate[] {
  const { bms, wms, jms, ems, n, k } = meanSquares(ratings);
  const upper = 1 - alpha / 2;
  const dfN = n - 1;
  const dfW = n * (k - 1);
  const dfE = (n - 1) * (k - 1);

  const f1 = bms / wms;
  const p1 = 1 - fCdf(f1, dfN, dfW);
  const f1l = f1 / fQuantile(upper, dfN, dfW);
  const f1u = f1 * fQuantile(upper, dfW, dfN);

  const f3 = bms / ems;
  const p3 = 1 - fCdf(f3, dfN, dfE);
  const f3l = f3 / fQuantile(upper, dfN, dfE);
  const f3u = f3 * fQuantile(upper, dfE, dfN);

  const icc2 = (bms - ems) / (bms + (k - 1) * ems + (k * (jms - ems)) / n);
  const fj = jms / ems;
  const v =
    ((k - 1) * (n - 1) * (k * icc2 * fj + n * (1 + (k - 1) * icc2) - k * icc2) ** 2) /
    ((n - 1) * k ** 2 * icc2 ** 2 * fj ** 2 + (n * (1 + (k - 1) * icc2) - k * icc2) ** 2);
  const fl2 = fQuantile(upper, dfN, v);
  const fu2 = fQuantile(upper, v, dfN);
  const l2 = (n * (bms - fl2 * ems)) / (fl2 * (k * jms + (k * n - k - n) * ems) + n * bms);
  const u2 = (n * (fu2 * bms - ems)) / (k * jms + (k * n - k - n) * ems + n * fu2 * bms);

  const single = (f: number): number => (f - 1) / (f + k - 1);
  const average = (f: number): number => 1 - 1 / f;
  const spearmanBrown = (r: number): number => (k * r) / (1 + (k - 1) * r);
  const oneWay = { f: f1, df1: dfN, df2: dfW, p: p1 };
  const twoWay = { f: f3, df1: dfN, df2: dfE, p: p3 };
  return [
    { type: 'ICC(1,1)', icc: (bms - wms) / (bms + (k - 1) * wms), ...oneWay, ci95: [single(f1l), single(f1u)] },
    { type: 'ICC(2,1)', icc: icc2, ...twoWay, ci95: [l2, u2] },
    { type: 'ICC(3,1)', icc: (bms - ems) / (bms + (k - 1) * ems), ...twoWay, ci95: [single(f3l), single(f3u)] },
    { type: 'ICC(1,k)', icc: (bms - wms) / bms, ...oneWay, ci95: [average(f1l), average(f1u)] },
    {
      type: 'ICC(2,k)',
      icc: (bms - ems) / (bms + (jms - ems) / n),
      ...twoWay,
      ci95: [spearmanBrown(l2), spearmanBrown(u2)]
    },
    { type: 'ICC(3,k)', icc: (bms - ems) / bms, ...twoWay, ci95: [average(f3l), average(f3u)] }
  ];
}

/**
 * McGraw & Wong (1996) ICC(A,1), two-way model, absolute agreement, single rater, reported as R irr::icc(model =
 * 'twoway', type = 'agreement') does in pyirr: the coefficient and interval equal Shrout & Fleiss ICC(2,1), while
 * the F test MSR/MSE is referred to F(n − 1, v) with v the Satterthwaite degrees of freedom of the interval.
 */
export function iccAgreementSingle(ratings: readonly (readonly number[])[], alpha = 0.05): IccEstimate {
  const { bms, jms, ems, n, k } = meanSquares(ratings);
  const icc2 = shroutFleissIcc(ratings, alpha)[1]!;
  const fj = jms / ems;
  const r = icc2.icc;
  const v =
    ((k - 1) * (n - 1) * (k * r * fj + n * (1 + (k - 1) * r) - k * r) ** 2) /
    ((n - 1) * k ** 2 * r ** 2 * fj ** 2 + (n * (1 + (k - 1) * r) - k * r) ** 2);
  const f = bms / ems;
  return { ...icc2, f, df1: n - 1, df2: v, p: 1 - fCdf(f, n - 1, v) };
}
