import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fCdf, fQuantile, iccAgreementSingle, meanSquares, regularizedBeta, shroutFleissIcc } from './icc.js';

interface ReferenceCase {
  id: string;
  data: number[][];
  expected: Record<string, unknown>;
  tolerance: number;
}

const reference = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../shared/reference-stats.json'), 'utf8')
) as { cases: ReferenceCase[] };
const byId = (id: string): ReferenceCase => reference.cases.find((c) => c.id === id)!;

/**
 * |actual − expected| within the case's tolerance, or within half a unit of the last decimal the source printed
 * (F values are published with 1–2 decimals, coarser than the case tolerance; see the report).
 */
function closeToPrinted(actual: number, expected: number, tolerance: number, printedDecimals?: number): void {
  const slack = printedDecimals === undefined ? 0 : 0.5 * 10 ** -printedDecimals + 1e-12;
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(tolerance, slack));
}

describe('reference-stats.json has only the ICC cases checked here', () => {
  it('lists them', () => {
    expect(reference.cases.filter((c) => c.id.startsWith('icc_')).map((c) => c.id)).toEqual([
      'icc_shrout_fleiss_1979_table2',
      'icc_irr_anxiety_twoway_agreement_single'
    ]);
  });
});

describe('shroutFleissIcc: Shrout & Fleiss (1979) Table 2', () => {
  const { data, expected, tolerance } = byId('icc_shrout_fleiss_1979_table2');
  const e = expected as {
    F: { ICC1: number; ICC2_ICC3: number };
    df1: number;
    df2: { ICC1: number; ICC2_ICC3: number };
    p: { ICC1: number; ICC2_ICC3: number };
    CI95_lower: number[];
    CI95_upper: number[];
  } & Record<string, number>;
  const results = shroutFleissIcc(data);

  it.each(results.map((r, i) => ({ ...r, i })))('$type', ({ type, icc, f, df1, df2, p, ci95, i }) => {
    const oneWay = type.startsWith('ICC(1');
    expect(Math.abs(icc - e[type]!)).toBeLessThanOrEqual(tolerance);
    closeToPrinted(f, oneWay ? e.F.ICC1 : e.F.ICC2_ICC3, tolerance, 1);
    expect(df1).toBe(e.df1);
    expect(df2).toBe(oneWay ? e.df2.ICC1 : e.df2.ICC2_ICC3);
    expect(Math.abs(p - (oneWay ? e.p.ICC1 : e.p.ICC2_ICC3))).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(ci95[0] - e.CI95_lower[i]!)).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(ci95[1] - e.CI95_upper[i]!)).toBeLessThanOrEqual(tolerance);
  });

  it('has the published mean squares', () => {
    const ms = meanSquares(data);
    expect(ms.bms).toBeCloseTo(11.241667, 6);
    expect(ms.wms).toBeCloseTo(6.263889, 6);
    expect(ms.jms).toBeCloseTo(32.486111, 6);
    expect(ms.ems).toBeCloseTo(1.019444, 6);
  });
});

describe('iccAgreementSingle: irr::icc(anxiety, twoway, agreement)', () => {
  const { data, expected, tolerance } = byId('icc_irr_anxiety_twoway_agreement_single');
  const e = expected as { ICC: number; F: number; df1: number; df2: number; p: number; CI95: [number, number] };
  const result = iccAgreementSingle(data);

  it.each([
    { name: 'ICC', actual: result.icc, want: e.ICC, printed: undefined },
    { name: 'F', actual: result.f, want: e.F, printed: 2 },
    { name: 'df2', actual: result.df2, want: e.df2, printed: 1 },
    { name: 'p', actual: result.p, want: e.p, printed: undefined },
    { name: 'CI95 lower', actual: result.ci95[0], want: e.CI95[0], printed: undefined },
    { name: 'CI95 upper', actual: result.ci95[1], want: e.CI95[1], printed: undefined }
  ])('$name', ({ actual, want, printed }) => {
    closeToPrinted(actual, want, tolerance, printed);
  });

  it('has df1 = n − 1', () => expect(result.df1).toBe(e.df1));
});

describe('shroutFleissIcc', () => {
  it('refuses fewer than two targets or judges and ragged input', () => {
    expect(() => shroutFleissIcc([[1, 2]])).toThrow(RangeError);
    expect(() => shroutFleissIcc([[1], [2]])).toThrow(RangeError);
    expect(() => shroutFleissIcc([[1, 2], [3]])).toThrow(RangeError);
  });
});

describe('F distribution helpers', () => {
  // F(2, d) has the closed form P(F ≤ f) = 1 − (1 + 2f/d)^(−d/2).
  it.each([
    { f: 0.5, df2: 3 },
    { f: 3.7, df2: 15 },
    { f: 11, df2: 7.5 }
  ])('pf($f, 2, $df2) matches the closed form', ({ f, df2 }) => {
    expect(fCdf(f, 2, df2)).toBeCloseTo(1 - (1 + (2 * f) / df2) ** (-df2 / 2), 12);
    expect(fCdf(1 / f, df2, 2)).toBeCloseTo((1 + (2 * f) / df2) ** (-df2 / 2), 12);
  });

  it.each([
    { q: 0.975, df1: 5, df2: 15 },
    { q: 0.975, df1: 19, df2: 39.746 },
    { q: 0.5, df1: 4, df2: 4 }
  ])('qf($q, $df1, $df2) inverts pf', ({ q, df1, df2 }) => {
    expect(fCdf(fQuantile(q, df1, df2), df1, df2)).toBeCloseTo(q, 10);
  });

  it('has qf(0.5, d, d) = 1, I_x(1, 1) = x and I_x(a, b) = 1 − I_{1−x}(b, a)', () => {
    expect(fQuantile(0.5, 7, 7)).toBeCloseTo(1, 10);
    expect(regularizedBeta(0.3, 1, 1)).toBeCloseTo(0.3, 13);
    expect(regularizedBeta(0.2, 2.5, 4)).toBeCloseTo(1 - regularizedBeta(0.8, 4, 2.5), 13);
  });
});
