import { isConcept, type TermDocument } from './vectorize.js';

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Readable keywords per theme by class-based TF-IDF (Grootendorst 2022, BERTopic): all of a theme's questions form
 * one document, and term t weighs tf(t, theme) · ln(1 + A / f(t)), A being the mean number of terms per theme and
 * f(t) the frequency of t over all themes — so words frequent in this theme and rare elsewhere come first. Words
 * are shown as most often written in the theme (ties by code unit); a two-word term is kept over the single words it
 * holds, and concept terms are left out (they name the vocabulary, not the questions). Returns up to `count`
 * keywords per theme and at most `maxWords` words in all (a two-word keyword counts two).
 */
export function themeKeywords(
  docs: readonly TermDocument[],
  clusters: readonly number[],
  k: number,
  options: { count?: number; maxWords?: number } = {}
): string[][] {
  const { count = 3, maxWords = 4 } = options;
  const members = Array.from({ length: k }, () => [] as number[]);
  let wordSlots = 0;
  let formSlots = 0;
  docs.forEach((doc, i) => {
    if (clusters[i]! < 0) return;
    members[clusters[i]!]!.push(i);
    wordSlots += doc.terms.length;
    formSlots += doc.surfaces.length;
  });

  // Words (concepts as -1) and written forms of the assigned documents as numbers, theme after theme.
  const terms = new Interner();
  const forms = new FormInterner(terms);
  const wordIds = new Int32Array(wordSlots);
  const formIds = new Int32Array(formSlots);
  const total: number[] = [];
  let wordCount = 0;
  let themesWithWords = 0;
  for (let c = 0, w = 0, f = 0; c < k; c++) {
    const before = wordCount;
    for (const i of members[c]!) {
      for (const term of docs[i]!.terms) {
        const id = isConcept(term) ? -1 : terms.id(term);
        wordIds[w++] = id;
        if (id < 0) continue;
        total[id] = (total[id] ?? 0) + 1;
        wordCount++;
      }
      for (const form of docs[i]!.surfaces) formIds[f++] = forms.id(form);
    }
    if (wordCount > before) themesWithWords++;
  }
  const meanPerTheme = wordCount / Math.max(1, themesWithWords);

  const tf = new Int32Array(terms.size);
  const written = new Int32Array(forms.size);
  // The stem's most written form in theme c, valid where shownIn[stem] is c + 1.
  const shownAs = new Int32Array(terms.size);
  const shownIn = new Int32Array(terms.size);
  const keywords: string[][] = [];
  for (let c = 0, w = 0, f = 0; c < k; c++) {
    const words: number[] = [];
    const writings: number[] = [];
    for (const i of members[c]!) {
      for (const end = w + docs[i]!.terms.length; w < end; w++) {
        const id = wordIds[w]!;
        if (id >= 0 && tf[id]!++ === 0) words.push(id);
      }
      for (const end = f + docs[i]!.surfaces.length; f < end; f++) {
        if (written[formIds[f]!]!++ === 0) writings.push(formIds[f]!);
      }
    }
    for (const form of writings) {
      const stem = forms.stems[form]!;
      const other = shownAs[stem]!;
      const better =
        shownIn[stem] !== c + 1 ||
        written[form]! > written[other]! ||
        (written[form] === written[other] && byCodeUnit(forms.surfaces[form]!, forms.surfaces[other]!) < 0);
      if (better) {
        shownIn[stem] = c + 1;
        shownAs[stem] = form;
      }
    }
    for (const form of writings) written[form] = 0;

    const ranked = words
      // A word met once says nothing about a theme of many questions.
      .filter((id) => tf[id]! >= Math.min(2, members[c]!.length))
      .map((id) => ({ id, term: terms.name(id), weight: tf[id]! * Math.log(1 + meanPerTheme / total[id]!) }))
      .sort((a, b) => b.weight - a.weight || byCodeUnit(a.term, b.term));
    for (const id of words) tf[id] = 0;
    const chosen: string[][] = [];
    let used = 0;
    for (const { id, term } of ranked) {
      const shown = (shownIn[id] === c + 1 ? forms.surfaces[shownAs[id]!]! : term).split(' ');
      if (chosen.some((c) => c.some((s) => shown.includes(s)))) continue;
      if (used + shown.length > maxWords) continue;
      chosen.push(shown);
      used += shown.length;
      if (chosen.length === count || used === maxWords) break;
    }
    keywords.push(chosen.map((parts) => parts.join(' ')));
  }
  return keywords;
}

/** Numbers for strings, in order of first appearance. */
class Interner {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];

  get size(): number {
    return this.names.length;
  }

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }

  name(id: number): string {
    return this.names[id]!;
  }
}

/**
 * Numbers for (stem, surface) pairs, the stem numbered as a term. The analyser shares one object per pair, so most
 * are found by identity; other objects with the same pair get the same number.
 */
class FormInterner {
  private readonly byObject = new Map<object, number>();
  private readonly byPair = new Map<number, Map<string, number>>();
  readonly stems: number[] = [];
  readonly surfaces: string[] = [];

  constructor(private readonly terms: Interner) {}

  get size(): number {
    return this.stems.length;
  }

  id(form: { stem: string; surface: string }): number {
    let id = this.byObject.get(form);
    if (id !== undefined) return id;
    const stem = this.terms.id(form.stem);
    let bySurface = this.byPair.get(stem);
    if (bySurface === undefined) this.byPair.set(stem, (bySurface = new Map()));
    id = bySurface.get(form.surface);
    if (id === undefined) {
      id = this.stems.length;
      bySurface.set(form.surface, id);
      this.stems.push(stem);
      this.surfaces.push(form.surface);
    }
    this.byObject.set(form, id);
    return id;
  }
}
