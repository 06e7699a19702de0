/**
 * `npm run eval:themes -- FILE.csv [--seed-themes THEMES.csv] [--seed-examples FILE.csv] [--k auto|N]`
 *
 * Measures theme discovery on a labelled CSV (`id,question|text,theme[,dup_of]`):
 * - without seeds: NMI, ARI, BCubed precision/recall/F1 and purity of the discovered themes against the labels;
 *   unassigned questions ("niet toegewezen") count as one group, as staff see them;
 * - with `--seed-themes` (`theme,description`): accuracy and macro-F1 of the seed theme each question gets (a
 *   question left for a new theme or unassigned counts as wrong);
 * - with `--seed-examples`: the same, seeded with labelled example questions (`text|question,theme`); when the
 *   examples are FILE itself, by 5-fold cross-validation (each fold predicted from the other four);
 * - where `dup_of` is filled in: precision and recall of the duplicate pairs found.
 */
import { realpathSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  accuracy,
  ari,
  bcubed,
  discoverThemes,
  duplicatePairs,
  findDuplicates,
  macroF1,
  nmi,
  pairPrecisionRecall,
  purity,
  type SeedTheme
} from '../analysis/index.js';
import { pickColumn, readCsvRecords } from '../app/cli/question-csv.js';

const FOLDS = 5;

interface Row {
  id: string;
  text: string;
  theme: string;
  dupOf: string | null;
}

async function readLabelled(file: string): Promise<Row[]> {
  const { header, records } = await readCsvRecords(file);
  const text = pickColumn(file, header, 'question', ['text']);
  pickColumn(file, header, 'id');
  pickColumn(file, header, 'theme');
  return records.map((r) => ({ id: r.id!, text: r[text]!, theme: r.theme!, dupOf: r.dup_of?.trim() || null }));
}

async function readSeedThemes(file: string): Promise<SeedTheme[]> {
  return (await readCsvRecords(file)).records.map((r, i) => {
    if (!r.theme) throw new Error(`${file}: row ${i + 2} has no theme name`);
    return { name: r.theme, description: r.description ?? '' };
  });
}

const fixed = (x: number) => x.toFixed(3);

function seededScores(rows: readonly Row[], seeds: readonly SeedTheme[], k: number | 'auto') {
  const result = discoverThemes(rows, { seedThemes: seeds, k });
  const byId = new Map(result.assignments.map((a) => [a.id, a.cluster]));
  return rows.map((row) => {
    const cluster = byId.get(row.id)!;
    return cluster >= 0 && cluster < seeds.length ? seeds[cluster]!.name : '(geen)';
  });
}

/** Folds by a fixed hash of the id, so they do not depend on row order. */
function foldOf(id: string): number {
  let hash = 2166136261;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 16777619) >>> 0;
  return hash % FOLDS;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'seed-themes': { type: 'string' }, 'seed-examples': { type: 'string' }, k: { type: 'string' } }
  });
  const file = positionals[0];
  if (!file)
    throw new Error('Usage: npm run eval:themes -- FILE.csv [--seed-themes THEMES.csv] [--seed-examples FILE.csv]');
  const k = values.k === undefined || values.k === 'auto' ? 'auto' : Number(values.k);
  if (k !== 'auto' && !(Number.isInteger(k) && k > 0)) throw new Error(`--k must be auto or a positive integer`);
  const rows = await readLabelled(file);
  const truth = rows.map((r) => r.theme);
  console.log(`file ${file}`);
  console.log(`questions ${rows.length}, labels ${new Set(truth).size}`);

  const descriptions = values['seed-themes'] ? await readSeedThemes(values['seed-themes']) : null;
  const examplesFile = values['seed-examples'];
  if (!descriptions && !examplesFile) {
    const started = performance.now();
    const result = discoverThemes(rows, { k });
    const seconds = (performance.now() - started) / 1000;
    const byId = new Map(result.assignments.map((a) => [a.id, a.cluster]));
    const predicted = rows.map((r) => byId.get(r.id)!);
    const b = bcubed(truth, predicted);
    console.log(`mode unsupervised, k ${k === 'auto' ? `auto → ${result.k}` : result.k}`);
    console.log(`unassigned ${result.metrics.unassigned}`);
    console.log(`NMI ${fixed(nmi(truth, predicted))}`);
    console.log(`ARI ${fixed(ari(truth, predicted))}`);
    console.log(`BCubed precision ${fixed(b.precision)} recall ${fixed(b.recall)} F1 ${fixed(b.f1)}`);
    console.log(`purity ${fixed(purity(truth, predicted))}`);
    console.log(`seconds ${seconds.toFixed(2)}`);
    for (const theme of result.themes) console.log(`  theme ${theme.cluster} (${theme.size}): ${theme.label}`);
  } else {
    let predicted: string[];
    let mode: string;
    if (examplesFile) {
      const sameFile = realpathSync(examplesFile) === realpathSync(file);
      const themes = [...new Set(truth)].sort();
      const describe = (name: string) => descriptions?.find((d) => d.name === name)?.description ?? '';
      const seedsFrom = (examples: readonly { text: string; theme: string }[]): SeedTheme[] =>
        [...new Set([...themes, ...examples.map((e) => e.theme)])].map((name) => ({
          name,
          description: describe(name),
          examples: examples.filter((e) => e.theme === name).map((e) => e.text)
        }));
      if (sameFile) {
        mode = `seeded with examples, ${FOLDS}-fold cross-validation`;
        const byId = new Map<string, string>();
        for (let fold = 0; fold < FOLDS; fold++) {
          const test = rows.filter((r) => foldOf(r.id) === fold);
          const train = rows.filter((r) => foldOf(r.id) !== fold);
          const labels = seededScores(test, seedsFrom(train), k);
          test.forEach((r, i) => byId.set(r.id, labels[i]!));
        }
        predicted = rows.map((r) => byId.get(r.id)!);
      } else {
        mode = 'seeded with examples';
        const { header, records: data } = await readCsvRecords(examplesFile);
        const column = pickColumn(examplesFile, header, 'text', ['question']);
        predicted = seededScores(rows, seedsFrom(data.map((r) => ({ text: r[column]!, theme: r.theme! }))), k);
      }
      if (descriptions) mode += ' and descriptions';
    } else {
      mode = 'seeded with theme names and descriptions';
      predicted = seededScores(rows, descriptions!, k);
    }
    console.log(`mode ${mode}`);
    console.log(`accuracy ${fixed(accuracy(truth, predicted))}`);
    console.log(`macro-F1 ${fixed(macroF1(truth, predicted))}`);
  }

  if (rows.some((r) => r.dupOf !== null)) {
    const links = findDuplicates(rows.map((r) => r.text));
    const duplicateOf = rows.map(() => null as string | null);
    for (const link of links) duplicateOf[link.index] = rows[link.duplicateOf]!.id;
    const ids = rows.map((r) => r.id);
    const scores = pairPrecisionRecall(
      duplicatePairs(
        ids,
        rows.map((r) => r.dupOf)
      ),
      duplicatePairs(ids, duplicateOf)
    );
    console.log(
      `duplicates precision ${fixed(scores.precision)} recall ${fixed(scores.recall)} (pairs found ${scores.predicted}, labelled ${scores.actual})`
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
