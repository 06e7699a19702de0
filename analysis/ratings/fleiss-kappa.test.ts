import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countCategories, fleissKappa } from './fleiss-kappa.js';

interface ReferenceCase {
  id: string;
  layout: string;
  data: number[][];
  expected: { kappa: number; Po?: number; Pe?: number; z?: number; per_category_kappa?: number[] };
  tolerance: number;
  tolerances?: { Po?: number; Pe?: number; z?: number; per_category_kappa?: number };
}

const reference = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../shared/reference-stats.json'), 'utf8')
) as { cases: ReferenceCase[] };
const cases = reference.cases.filter((c) => c.id.startsWith('fleiss_'));

describe('fleissKappa against reference-stats.json', () => {
  it('has cases to check', () => expect(cases.length).toBeGreaterThan(0));

  // 'exact_kappa_conger' (Conger 1980) is not implemented and not checked.
  it.each(cases)('$id', ({ layout, data, expected, tolerance, tolerances = {} }) => {
    const counts = layout.startsWith('count table') ? data : countCategories(data);
    const result = fleissKappa(counts);
    expect(Math.abs(result.kappa - expected.kappa)).toBeLessThanOrEqual(tolerance);
    if (expected.Po !== undefined) expect(Math.abs(result.po - expected.Po)).toBeLessThanOrEqual(tolerances.Po!);
    if (expected.Pe !== undefined) expect(Math.abs(result.pe - expected.Pe)).toBeLessThanOrEqual(tolerances.Pe!);
    if (expected.z !== undefined) expect(Math.abs(result.z - expected.z)).toBeLessThanOrEqual(tolerances.z!);
    expected.per_category_kappa?.forEach((k, j) =>
      expect(Math.abs(result.perCategory[j]! - k)).toBeLessThanOrEqual(tolerances.per_category_kappa!)
    );
  });
});

describe('fleissKappa', () => {
  it.each([
    {
      name: 'unanimous on varied categories',
      counts: [
        [3, 0],
        [0, 3],
        [3, 0]
      ],
      kappa: 1
    },
    // Po = 1/3 for every subject, Pe = 1/2.
    {
      name: 'split 2–1 everywhere, balanced',
      counts: [
        [2, 1],
        [1, 2]
      ],
      kappa: -1 / 3
    }
  ])('$name → $kappa', ({ counts, kappa }) => {
    expect(fleissKappa(counts).kappa).toBeCloseTo(kappa, 12);
  });

  it('refuses unequal rater numbers, ragged rows and a single rater', () => {
    expect(() =>
      fleissKappa([
        [2, 1],
        [1, 1]
      ])
    ).toThrow(RangeError);
    expect(() => fleissKappa([[2, 1], [3]])).toThrow(RangeError);
    expect(() => fleissKappa([[1, 0]])).toThrow(RangeError);
  });
});

describe('countCategories', () => {
  it.each([
    {
      codes: [
        [1, 1, 2],
        [3, 2, 2]
      ],
      categories: undefined,
      expected: [
        [2, 1, 0],
        [0, 2, 1]
      ]
    },
    { codes: [[2, 2]], categories: [1, 2, 3], expected: [[0, 2, 0]] }
  ])('$codes → $expected', ({ codes, categories, expected }) => {
    expect(countCategories(codes, categories)).toEqual(expected);
  });

  it('refuses a code outside the categories', () => {
    expect(() => countCategories([[4]], [1, 2])).toThrow(RangeError);
  });
});
