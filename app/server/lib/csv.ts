import Papa from 'papaparse';

// A cell that starts like a formula is run by spreadsheets; a leading apostrophe keeps it text.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A value as a spreadsheet cell that cannot run as a formula (OWASP, "CSV injection"): text starting with = + - @,
 * a tab or a carriage return gets a leading apostrophe. Anything else is left as it is: a number such as -0.25 is
 * no formula, and stays a number for whoever analyses the file. CSV and XLSX exports both use it, so a value reads
 * the same in either; in an XLSX file the text would not run as it is, but it would once edited or saved as CSV.
 */
export function safeCell<T>(value: T): T | string {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'number' ? String(value) : safeCell(String(value));
}

/** CSV with a header row, CRLF line ends (RFC 4180) and a UTF-8 BOM so Excel reads the accents. */
export function toCsv(headers: string[], rows: unknown[][]): string {
  return '\uFEFF' + Papa.unparse({ fields: headers, data: rows.map((r) => r.map(csvCell)) }, { newline: '\r\n' });
}
