import { parseArgs } from 'node:util';
import { findDuplicates } from '../../analysis/dedup/find-duplicates.js';
import { CliUsageError } from './import-command.js';
import { csvLine, pickColumn, readCsvRecords } from './question-csv.js';

/**
 * `cli dedup FILE.csv [--text-column text] [--id-column id]`: prints CSV `id,duplicate_of`, one row per row of the
 * file, in file order. `duplicate_of` is empty, or the id of the first row (in file order) of the group of exact and
 * near-duplicate questions the row belongs to (see findDuplicates). Without --text-column the text is read from
 * "text", or from "question" when there is no "text" column.
 */
export async function dedupCommand(args: string[], out: (line: string) => void): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { 'text-column': { type: 'string' }, 'id-column': { type: 'string' } }
    });
  } catch (error) {
    throw new CliUsageError(`dedup: ${(error as Error).message}`);
  }
  const { values, positionals } = parsed;
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new CliUsageError('dedup takes exactly one CSV file.');
  const { header, records } = await readCsvRecords(file);
  const text = pickColumn(file, header, values['text-column'] ?? 'text', values['text-column'] ? [] : ['question']);
  const id = pickColumn(file, header, values['id-column'] ?? 'id');
  const ids = records.map((r) => r[id] ?? '');
  const seen = new Set<string>();
  ids.forEach((rowId, i) => {
    if (seen.has(rowId)) throw new CliUsageError(`${file}: row ${i + 2}: id "${rowId}" occurs twice.`);
    seen.add(rowId);
  });

  const duplicateOf = new Map(
    findDuplicates(records.map((r) => r[text] ?? '')).map((link) => [link.index, link.duplicateOf])
  );
  out(csvLine(['id', 'duplicate_of']));
  ids.forEach((rowId, i) => {
    const first = duplicateOf.get(i);
    out(csvLine([rowId, first === undefined ? '' : ids[first]!]));
  });
}
