export type KappaWeights = 'none' | 'linear';

export interface CohenKappa {
  kappa: number;
  /** Observed and chance-expected (weighted) agreement. */
  po: number;
  pe: number;
  /**
   * Asymptotic standard error (Fleiss, Cohen & Everitt 1969), as SAS PROC FREQ prints it; the 95% interval is
   * κ ± 1.96·ase.
   */
  ase: number;
  ci95: [number, number];
  /** Standard error under H0 κ = 0 and the test statistic κ / aseH0. */
  aseH0: number;
  z: number;
}

const Z_975 = 1.959963984540054;

/**
 * Cohen's kappa from a square contingency table `table[rater1][rater2]` of counts, unweighted or with linear
 * (Cicchetti–Allison) agreement weights 1 − |i − j| / (k − 1).
 */
export function cohenKappa(table: readonly (readonly number[])[], weights: KappaWeights = 'none'): CohenKappa {
  const k = table.length;
  if (k < 2) throw new RangeError(`Cohen's kappa needs at least 2 categories, got ${k}`);
  if (table.some((row) => row.length !== k)) throw new RangeError('the contingency table must be square');
  if (table.some((row) => row.some((c) => !(c >= 0) || !Number.isFinite(c)))) {
    throw new RangeError('counts must be finite and non-negative');
  }
  const n = table.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);
  if (n === 0) throw new RangeError("Cohen's kappa needs at least one rated pair");
  const w = (i: number, j: number): number => (weights === 'linear' ? 1 - Math.abs(i - j) / (k - 1) : i === j ? 1 : 0);
  const p = table.map((row) => row.map((c) => c / n));
  const rows = p.map((row) => row.reduce((a, b) => a + b, 0));
  const cols = p[0]!.map((_, j) => p.reduce((s, row) => s + row[j]!, 0));
  const indices = [...Array(k).keys()];

  let po = 0;
  let pe = 0;
  for (const i of indices) {
    for (const j of indices) {
      po += w(i, j) * p[i]![j]!;
      pe += w(i, j) * rows[i]! * cols[j]!;
    }
  }
  const kappa = (po - pe) / (1 - pe);

  // Weighted means of the weights per row and column category (w̄_i. and w̄_.j of Fleiss, Cohen & Everitt).
  const rowW = indices.map((i) => indices.reduce((s, j) => s + cols[j]! * w(i, j), 0));
  const colW = indices.map((j) => indices.reduce((s, i) => s + rows[i]! * w(i, j), 0));
  let sum = 0;
  let sumH0 = 0;
  for (const i of indices) {
    for (const j of indices) {
      sum += p[i]![j]! * (w(i, j) * (1 - pe) - (rowW[i]! + colW[j]!) * (1 - po)) ** 2;
      sumH0 += rows[i]! * cols[j]! * (w(i, j) - (rowW[i]! + colW[j]!)) ** 2;
    }
  }
  const ase = Math.sqrt(Math.max(0, sum - (po * pe - 2 * pe + po) ** 2) / (n * (1 - pe) ** 4));
  const aseH0 = Math.sqrt(Math.max(0, sumH0 - pe ** 2) / (n * (1 - pe) ** 2));
  return {
    kappa,
    po,
    pe,
    ase,
    ci95: [kappa - Z_975 * ase, kappa + Z_975 * ase],
    aseH0,
    z: kappa / aseH0
  };
}
