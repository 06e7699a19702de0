import { parseArgs } from 'node:util';
import { discoverThemes, type SeedTheme } from '../../analysis/index.js';
import { CliUsageError } from './import-command.js';
import { csvLine, pickColumn, readCsvRecords } from './question-csv.js';

/**
 * `cli cluster FILE.csv [--text-column text] [--id-column id] [--k auto|N] [--seed-themes THEMES.csv]
 * [--seed-examples EXAMPLES.csv]`: prints CSV `id,cluster,label` in file order. Cluster -1 is "niet toegewezen"
 * (empty label); a question assigned to a seed theme carries that theme's name as label.
 */
export async function clusterCommand(args: string[], out: (line: string) => void): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'text-column': { type: 'string' },
      'id-column': { type: 'string' },
      k: { type: 'string' },
      'seed-themes': { type: 'string' },
      'seed-examples': { type: 'string' }
    }
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new CliUsageError('cluster takes exactly one CSV file.');
  const k = parseK(values.k);
  const { header, records } = await readCsvRecords(file);
  const text = pickColumn(file, header, values['text-column'] ?? 'text', values['text-column'] ? [] : ['question']);
  const id = pickColumn(file, header, values['id-column'] ?? 'id');
  const questions = records.map((r) => ({ id: r[id] ?? '', text: r[text] ?? '' }));
  const seen = new Set<string>();
  questions.forEach((q, i) => {
    if (seen.has(q.id)) throw new CliUsageError(`${file}: row ${i + 2}: id "${q.id}" occurs twice.`);
    seen.add(q.id);
  });

  const seedThemes = await readSeeds(values['seed-themes'], values['seed-examples']);
  const result = discoverThemes(questions, { k, seedThemes });
  const byId = new Map(result.assignments.map((a) => [a.id, a.cluster]));
  out(csvLine(['id', 'cluster', 'label']));
  for (const q of questions) {
    const cluster = byId.get(q.id)!;
    out(csvLine([q.id, cluster, cluster >= 0 ? result.themes[cluster]!.label : '']));
  }
}

function parseK(value: string | undefined): number | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  const k = Number(value);
  if (!Number.isInteger(k) || k < 1)
    throw new CliUsageError(`--k must be "auto" or a positive whole number; got "${value}".`);
  return k;
}

/** Seed themes from `theme,description` rows and/or example questions (`text|question,theme`), in file order. */
async function readSeeds(themesFile?: string, examplesFile?: string): Promise<SeedTheme[]> {
  const seeds = new Map<string, { description: string; examples: string[] }>();
  const seed = (name: string) => {
    let found = seeds.get(name);
    if (!found) seeds.set(name, (found = { description: '', examples: [] }));
    return found;
  };
  if (themesFile) {
    const { header, records } = await readCsvRecords(themesFile);
    const theme = pickColumn(themesFile, header, 'theme');
    records.forEach((r, i) => {
      const name = r[theme]?.trim();
      if (!name) throw new CliUsageError(`${themesFile}: row ${i + 2}: the theme has no name.`);
      seed(name).description = r.description ?? '';
    });
  }
  if (examplesFile) {
    const { header, records } = await readCsvRecords(examplesFile);
    const text = pickColumn(examplesFile, header, 'text', ['question']);
    const theme = pickColumn(examplesFile, header, 'theme');
    records.forEach((r, i) => {
      const name = r[theme]?.trim();
      if (!name) throw new CliUsageError(`${examplesFile}: row ${i + 2}: the example has no theme.`);
      if (r[text]?.trim()) seed(name).examples.push(r[text]!);
    });
  }
  return [...seeds].map(([name, { description, examples }]) => ({ name, description, examples }));
}
