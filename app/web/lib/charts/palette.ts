/** Colours the charts share, so a page's charts and their legends agree. */

export const INK = '#1b1f24';
export const GRID = '#c9d1db';
/** A single series: the page's accent. */
export const ACCENT = '#1d4e89';
/** What belongs to no category (questions without a theme on the map): light on purpose, named in legend and table. */
export const NEUTRAL = '#9aa3ad';

/**
 * Colours for categories (the parts of stacked bars, the themes on the map). Paul Tol's "muted" scheme, darkened
 * until each has at least 3:1 contrast against white (WCAG 1.4.11), with a dark orange added; ordered so that
 * neighbours differ most, also for protanopia, deuteranopia and tritanopia (checked with the Machado et al. 2009
 * simulation in CIELAB). Colour is never the only cue: legends, tooltips and tables name every category.
 */
export const CATEGORICAL: readonly string[] = [
  '#332288',
  '#c25400',
  '#2e8b7e',
  '#aa4499',
  '#8a7a1e',
  '#3a8fbf',
  '#882255',
  '#117733',
  '#c04f63'
];

/** The colour of the index-th category; past the palette's end the colours come round again. */
export function categoricalColour(index: number): string {
  return CATEGORICAL[index % CATEGORICAL.length]!;
}
