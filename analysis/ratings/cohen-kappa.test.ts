import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cohenKappa } from './cohen-kappa.js';

interface ReferenceCase {
  id: string;
  data: number[][];
  expected: {
    kappa: number;
    ASE?: number;
    CI95?: [number, number];
    ASE_H0?: number;
    z?: number;
    weighted_linear_kappa?: number;
  };
  tolerance: number;
}

const reference = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../shared/reference-stats.json'), 'utf8')
) as { cases: ReferenceCase[] };
const cases = reference.cases.filter((c) => c.id.startsWith('cohen_'));

/** |actual − expected| within tolerance, or within half a unit of the last printed decimal of expected. */
function closeToPrinted(actual: number, expected: number, tolerance: number): void {
  const decimals = (String(expected).split('.')[1] ?? '').length;
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(tolerance, 0.5 * 10 ** -decimals + 1e-12));
}

describe('cohenKappa against reference-stats.json', () => {
  it('has cases to check', () => expect(cases.length).toBeGreaterThan(0));

  it.each(cases)('$id', ({ data, expected, tolerance }) => {
    const plain = cohenKappa(data);
    closeToPrinted(plain.kappa, expected.kappa, tolerance);
    if (expected.ASE !== undefined) closeToPrinted(plain.ase, expected.ASE, tolerance);
    if (expected.ASE_H0 !== undefined) closeToPrinted(plain.aseH0, expected.ASE_H0, tolerance);
    if (expected.z !== undefined) closeToPrinted(plain.z, expected.z, tolerance);
    expected.CI95?.forEach((bound, i) => closeToPrinted(plain.ci95[i]!, bound, tolerance));
    if (expected.weighted_linear_kappa !== undefined) {
      closeToPrinted(cohenKappa(data, 'linear').kappa, expected.weighted_linear_kappa, tolerance);
    }
  });
});

describe('cohenKappa', () => {
  it.each([
    {
      name: 'perfect agreement',
      table: [
        [5, 0],
        [0, 5]
      ],
      weights: 'none' as const,
      kappa: 1
    },
    // Po = 0.5, Pe = 0.5.
    {
      name: 'chance agreement',
      table: [
        [1, 1],
        [1, 1]
      ],
      weights: 'none' as const,
      kappa: 0
    },
    // With two categories linear weights equal the unweighted ones.
    {
      name: 'two categories, linear',
      table: [
        [20, 5],
        [10, 15]
      ],
      weights: 'linear' as const,
      kappa: 0.4
    }
  ])('$name → $kappa', ({ table, weights, kappa }) => {
    expect(cohenKappa(table, weights).kappa).toBeCloseTo(kappa, 12);
  });

  it('refuses a non-square or empty table', () => {
    expect(() => cohenKappa([[1, 2]])).toThrow(RangeError);
    expect(() => cohenKappa([[1, 2], [3]])).toThrow(RangeError);
    expect(() =>
      cohenKappa([
        [0, 0],
        [0, 0]
      ])
    ).toThrow(RangeError);
  });
});
