import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { CliUsageError } from './import-command.js';

export type CsvRecord = Record<string, string>;

/** Reads a UTF-8 CSV file with a header row (BOM stripped); a missing file or broken CSV is a usage error. */
export async function readCsvRecords(file: string): Promise<{ header: string[]; records: CsvRecord[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new CliUsageError(`Cannot read ${file}: no such file.`);
  }
  const parsed = Papa.parse<CsvRecord>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: 'greedy' });
  const broken = parsed.errors[0];
  if (broken) throw new CliUsageError(`${file}: row ${(broken.row ?? 0) + 2}: ${broken.message}.`);
  return { header: parsed.meta.fields ?? [], records: parsed.data };
}

/** The column named, or the first of `fallbacks` present, refusing with the columns found when there is none. */
export function pickColumn(file: string, header: readonly string[], wanted: string, fallbacks: string[] = []): string {
  const column = [wanted, ...fallbacks].find((name) => header.includes(name));
  if (!column) {
    throw new CliUsageError(`${file} has no column "${wanted}"; columns found: ${header.join(', ') || '(none)'}.`);
  }
  return column;
}

/** One CSV line (RFC 4180): a field with a comma, quote or line break is quoted, quotes doubled. */
export function csvLine(fields: readonly (string | number)[]): string {
  return fields
    .map((field) => {
      const text = String(field);
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',');
}
