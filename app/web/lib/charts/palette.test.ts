import { describe, expect, it } from 'vitest';
import { ACCENT, CATEGORICAL, categoricalColour, INK } from './palette';

/** WCAG 2.x contrast ratio: relative luminance of sRGB, (L1 + 0.05) / (L2 + 0.05). */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

describe('contrast', () => {
  // Outside oracles: WebAIM's contrast checker gives 21:1, 4.54:1 and 1:1.
  const cases = [
    { description: 'black on white', colour: '#000000', expected: 21 },
    { description: 'the lightest grey passing AA text', colour: '#767676', expected: 4.54 },
    { description: 'white on white', colour: '#ffffff', expected: 1 }
  ];
  it.each(cases)('$description', ({ colour, expected }) => {
    expect(contrast(colour, '#ffffff')).toBeCloseTo(expected, 2);
  });
});

describe('chart palette', () => {
  it('has at least 8 different colours', () => {
    expect(new Set(CATEGORICAL.map((c) => c.toLowerCase())).size).toBeGreaterThanOrEqual(8);
    expect(CATEGORICAL).toHaveLength(new Set(CATEGORICAL).size);
  });

  it('gives each colour at least 3:1 against white, the chart background (WCAG 1.4.11)', () => {
    for (const colour of [...CATEGORICAL, ACCENT, INK]) {
      expect(contrast(colour, '#ffffff'), colour).toBeGreaterThanOrEqual(3);
    }
  });

  it('comes round again past its end', () => {
    expect(categoricalColour(CATEGORICAL.length)).toBe(CATEGORICAL[0]);
    expect(categoricalColour(1)).toBe(CATEGORICAL[1]);
  });
});
