import { isConcept, type TermDocument } from './vectorize.js';

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The most frequent way a stem was written in these documents (ties by code unit). */
function surfaceForms(docs: readonly TermDocument[]): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const doc of docs) {
    for (const { stem, surface } of doc.surfaces) {
      let forms = counts.get(stem);
      if (!forms) counts.set(stem, (forms = new Map()));
      forms.set(surface, (forms.get(surface) ?? 0) + 1);
    }
  }
  const best = new Map<string, string>();
  for (const [stem, forms] of counts) {
    best.set(stem, [...forms].sort(([a, x], [b, y]) => y - x || byCodeUnit(a, b))[0]![0]);
  }
  return best;
}

/**
 * Readable keywords per theme by class-based TF-IDF (Grootendorst 2022, BERTopic): all of a theme's questions form
 * one document, and term t weighs tf(t, theme) · ln(1 + A / f(t)), A being the mean number of terms per theme and
 * f(t) the frequency of t over all themes — so words frequent in this theme and rare elsewhere come first. Words
 * are shown as most often written in the theme; a two-word term is kept over the single words it holds, and
 * concept terms are left out (they name the vocabulary, not the questions). Returns up to `count` keywords per theme
 * and at most `maxWords` words in all (a two-word keyword counts two).
 */
export function themeKeywords(
  docs: readonly TermDocument[],
  clusters: readonly number[],
  k: number,
  options: { count?: number; maxWords?: number } = {}
): string[][] {
  const { count = 3, maxWords = 4 } = options;
  const perTheme = Array.from({ length: k }, () => new Map<string, number>());
  const total = new Map<string, number>();
  const members = Array.from({ length: k }, () => [] as TermDocument[]);
  let termCount = 0;
  docs.forEach((doc, i) => {
    const c = clusters[i]!;
    if (c < 0) return;
    members[c]!.push(doc);
    for (const term of doc.terms) {
      if (isConcept(term)) continue;
      perTheme[c]!.set(term, (perTheme[c]!.get(term) ?? 0) + 1);
      total.set(term, (total.get(term) ?? 0) + 1);
      termCount++;
    }
  });
  const meanPerTheme = termCount / Math.max(1, perTheme.filter((m) => m.size > 0).length);

  return perTheme.map((counts, c) => {
    const forms = surfaceForms(members[c]!);
    const ranked = [...counts]
      // A word met once says nothing about a theme of many questions.
      .filter(([, tf]) => tf >= Math.min(2, members[c]!.length))
      .map(([term, tf]) => ({ term, weight: tf * Math.log(1 + meanPerTheme / total.get(term)!) }))
      .sort((a, b) => b.weight - a.weight || byCodeUnit(a.term, b.term));
    const chosen: string[][] = [];
    let words = 0;
    for (const { term } of ranked) {
      const shown = (forms.get(term) ?? term).split(' ');
      if (chosen.some((c) => c.some((s) => shown.includes(s)))) continue;
      if (words + shown.length > maxWords) continue;
      chosen.push(shown);
      words += shown.length;
      if (chosen.length === count || words === maxWords) break;
    }
    return chosen.map((parts) => parts.join(' '));
  });
}
