import Papa from 'papaparse';
import { SEED_THEME_LIMITS } from '$shared/seed-themes';
import type { SeedThemeInput } from '$shared/schemas';

/** What is wrong with a seed-theme file; `row` is the row a spreadsheet shows (the header is row 1). */
export type SeedCsvProblem =
  | { code: 'empty' }
  | { code: 'noThemeColumn' }
  | { code: 'noRows' }
  | { code: 'tooMany'; count: number; max: number }
  | { code: 'unnamed'; row: number }
  | { code: 'duplicate'; row: number; name: string; first: number }
  | { code: 'nameTooLong'; row: number; max: number }
  | { code: 'descriptionTooLong'; row: number; max: number };

const NAME_COLUMNS = ['theme', 'thema', 'name', 'naam'];
const DESCRIPTION_COLUMNS = ['description', 'beschrijving', 'omschrijving'];

/** The file's text: UTF-8 (with or without BOM), or Windows-1252 when the bytes are not UTF-8 (Excel's CSV). */
export function decodeSeedFile(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

const clean = (value: string | undefined) => (value ?? '').replace(/\s+/g, ' ').trim();

/** The delimiter the header row uses most: the header holds column names, not quoted text. */
function headerDelimiter(text: string): string {
  const header = text.trimStart().split(/\r\n|\n|\r/, 1)[0] ?? '';
  const count = (d: string) => header.split(d).length - 1;
  return [',', ';', '\t', '|'].reduce((best, d) => (count(d) > count(best) ? d : best));
}

/**
 * Reads a seed-theme list, `theme,description` with a header row (Dutch headers `thema,beschrijving` too; the
 * delimiter is detected), into the seed themes the API takes. Every problem is reported with its row, so staff
 * can fix the file in one go; when there is any, no themes are returned.
 */
export function parseSeedCsv(text: string): { themes: SeedThemeInput[]; problems: SeedCsvProblem[] } {
  const body = text.replace(/^\uFEFF/, '');
  const records = Papa.parse<string[]>(body, { delimiter: headerDelimiter(body), skipEmptyLines: false }).data;
  const rows = records.map((cells, index) => ({ row: index + 1, cells })).filter((r) => r.cells.some((c) => c.trim()));
  const header = rows.shift();
  if (!header) return { themes: [], problems: [{ code: 'empty' }] };
  const columns = header.cells.map((c) => clean(c).toLowerCase());
  const nameAt = columns.findIndex((c) => NAME_COLUMNS.includes(c));
  const descriptionAt = columns.findIndex((c) => DESCRIPTION_COLUMNS.includes(c));
  if (nameAt < 0) return { themes: [], problems: [{ code: 'noThemeColumn' }] };
  if (rows.length === 0) return { themes: [], problems: [{ code: 'noRows' }] };

  const problems: SeedCsvProblem[] = [];
  if (rows.length > SEED_THEME_LIMITS.themes) {
    problems.push({ code: 'tooMany', count: rows.length, max: SEED_THEME_LIMITS.themes });
  }
  const seen = new Map<string, number>();
  const themes = rows.map(({ row, cells }) => {
    const name = clean(cells[nameAt]);
    const description = descriptionAt >= 0 ? clean(cells[descriptionAt]) : '';
    if (!name) problems.push({ code: 'unnamed', row });
    else if (name.length > SEED_THEME_LIMITS.name)
      problems.push({ code: 'nameTooLong', row, max: SEED_THEME_LIMITS.name });
    const first = seen.get(name.toLowerCase());
    if (name && first !== undefined) problems.push({ code: 'duplicate', row, name, first });
    else if (name) seen.set(name.toLowerCase(), row);
    if (description.length > SEED_THEME_LIMITS.description) {
      problems.push({ code: 'descriptionTooLong', row, max: SEED_THEME_LIMITS.description });
    }
    return { name, description };
  });
  return problems.length > 0 ? { themes: [], problems } : { themes, problems };
}
