import Papa from 'papaparse';

// A cell that starts like a formula is run by spreadsheets; a leading apostrophe keeps it text.
const FORMULA_START = /^[=+\-@\t\r]/;

function safeCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** CSV with a header row, CRLF line ends (RFC 4180) and a UTF-8 BOM so Excel reads the accents. */
export function toCsv(headers: string[], rows: unknown[][]): string {
  return '\uFEFF' + Papa.unparse({ fields: headers, data: rows.map((r) => r.map(safeCell)) }, { newline: '\r\n' });
}
