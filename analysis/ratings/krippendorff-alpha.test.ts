import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  krippendorffAlpha,
  krippendorffAlphaInterval,
  krippendorffDisagreement,
  type AlphaLevel
} from './krippendorff-alpha.js';

/** /work/shared/reference-stats.json, next to the project: `../shared/` from the project root. */
const REFERENCE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/reference-stats.json');

interface ReferenceCase {
  id: string;
  level: AlphaLevel;
  layout: string;
  data: (number | string | null)[][];
  expected: Record<string, number>;
  tolerance: number;
  tolerances?: Record<string, number>;
}

const cases = (JSON.parse(readFileSync(REFERENCE, 'utf8')) as { cases: ReferenceCase[] }).cases.filter(
  (c) => c.id.startsWith('krippendorff_') || c.id.startsWith('hayes_krippendorff_')
);

/**
 * A case's data as `data[rater][unit]` of numbers: transposed when the layout is units × observers, and string
 * categories (nominal only) coded by their sorted order.
 */
function asRaterByUnit(c: ReferenceCase): (number | null)[][] {
  const raterRows = /^observers x units/.test(c.layout);
  if (!raterRows && !/^units x observers/.test(c.layout)) throw new Error(`${c.id}: unknown layout ${c.layout}`);
  const rows = raterRows ? c.data : c.data[0]!.map((_, j) => c.data.map((row) => row[j]!));
  const labels = [...new Set(rows.flat().filter((v): v is string => typeof v === 'string'))].sort();
  if (labels.length > 0 && c.level !== 'nominal') throw new Error(`${c.id}: string ratings need the nominal level`);
  return rows.map((row) => row.map((v) => (typeof v === 'string' ? labels.indexOf(v) : v)));
}

describe('krippendorffAlpha against published reference cases', () => {
  it('finds the krippendorff reference cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(9);
  });

  it.each(cases)('$id ($level)', (c) => {
    const result = krippendorffDisagreement(asRaterByUnit(c), c.level);
    const checked = (['alpha', 'Do', 'De'] as const).filter((key) => c.expected[key] !== undefined);
    expect(checked).toContain('alpha');
    for (const key of checked) {
      const tolerance = c.tolerances?.[key] ?? c.tolerance;
      expect(
        Math.abs(result[key] - c.expected[key]!),
        `${key}: ${result[key]} vs ${c.expected[key]}`
      ).toBeLessThanOrEqual(tolerance + 1e-12);
    }
    expect(krippendorffAlpha(asRaterByUnit(c), c.level)).toBe(result.alpha);
  });
});

describe('krippendorffAlpha on small tables', () => {
  const levels: AlphaLevel[] = ['nominal', 'ordinal', 'interval', 'ratio'];
  it.each([
    {
      name: 'perfect agreement',
      data: [
        [1, 2, 3, 4],
        [1, 2, 3, 4],
        [1, 2, 3, 4]
      ],
      expected: 1
    },
    {
      name: 'perfect agreement with missing values',
      data: [
        [1, 2, null, 4],
        [1, 2, 3, null],
        [null, 2, 3, 4]
      ],
      expected: 1
    },
    {
      name: 'a lone rating drops out',
      data: [
        [1, 2, 5],
        [1, 2, null]
      ],
      expected: 1
    }
  ])('$name → $expected at every level', ({ data, expected }) => {
    for (const level of levels) expect(krippendorffAlpha(data, level)).toBeCloseTo(expected, 12);
  });

  it.each([
    // By hand: o_12 = o_21 = 2, n = 4, so Do = 4/4 = 1 and De = 2·(2·2)/(4·3) = 2/3; alpha = 1 − 3/2.
    {
      name: 'systematic disagreement (nominal)',
      data: [
        [1, 2],
        [2, 1]
      ],
      level: 'nominal' as const,
      expected: -0.5
    },
    {
      name: 'identical values everywhere',
      data: [
        [3, 3],
        [3, 3]
      ],
      level: 'interval' as const,
      expected: NaN
    }
  ])('$name → $expected', ({ data, level, expected }) => {
    const alpha = krippendorffAlpha(data, level);
    if (Number.isNaN(expected)) expect(alpha).toBeNaN();
    else expect(alpha).toBeCloseTo(expected, 12);
  });

  it.each([
    {
      name: 'ragged rows',
      data: [
        [1, 2, 3],
        [1, 2]
      ],
      message: /ragged/
    },
    {
      name: 'no pairable values',
      data: [
        [1, null],
        [null, 2]
      ],
      message: /no pairable values/
    },
    { name: 'no data at all', data: [], message: /no pairable values/ },
    {
      name: 'a non-finite rating',
      data: [
        [1, NaN],
        [1, 2]
      ],
      message: /finite/
    }
  ])('refuses $name', ({ data, message }) => {
    expect(() => krippendorffAlpha(data, 'nominal')).toThrow(RangeError);
    expect(() => krippendorffAlpha(data, 'nominal')).toThrow(message);
  });

  it('refuses negative ratings at the ratio level', () => {
    expect(() =>
      krippendorffAlpha(
        [
          [-1, 2],
          [-1, 2]
        ],
        'ratio'
      )
    ).toThrow(RangeError);
  });
});

describe('krippendorffAlphaInterval', () => {
  const hayes = cases.find((c) => c.id.startsWith('hayes_krippendorff_'))!;
  const data = asRaterByUnit(hayes);

  it.each([
    { level: 'nominal' as const, seed: 1 },
    { level: 'ordinal' as const, seed: 42 },
    { level: 'interval' as const, seed: 7 },
    { level: 'ratio' as const, seed: 2024 }
  ])('$level, seed $seed: contains the point estimate and repeats for the seed', ({ level, seed }) => {
    const interval = krippendorffAlphaInterval(data, level, { samples: 500, seed });
    expect(interval.alpha).toBe(krippendorffAlpha(data, level));
    expect(interval.lower).toBeLessThanOrEqual(interval.alpha);
    expect(interval.upper).toBeGreaterThanOrEqual(interval.alpha);
    expect(interval.lower).toBeLessThan(interval.upper);
    expect(interval.samples).toBe(500);
    expect(krippendorffAlphaInterval(data, level, { samples: 500, seed })).toEqual(interval);
  });

  it('differs for another seed and refuses bad options', () => {
    const a = krippendorffAlphaInterval(data, 'ordinal', { samples: 200, seed: 1 });
    const b = krippendorffAlphaInterval(data, 'ordinal', { samples: 200, seed: 2 });
    expect([a.lower, a.upper]).not.toEqual([b.lower, b.upper]);
    expect(() => krippendorffAlphaInterval(data, 'ordinal', { samples: 0, seed: 1 })).toThrow(RangeError);
    expect(() => krippendorffAlphaInterval(data, 'ordinal', { seed: 1, confidence: 1 })).toThrow(RangeError);
  });
});
