import type ExcelJS from 'exceljs';
import { badRequest } from '../errors.js';
import { readHeader } from './formats.js';
import type { Table } from './table.js';

export interface SheetRecords {
  sheetName: string;
  /** Rows with their spreadsheet row numbers; empty rows are left out. */
  records: { row: number; cells: string[] }[];
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().replace('T00:00:00.000Z', '');
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
  }
  return String(value);
}

/** Reads the first worksheet of an .xlsx file into text cells. */
export async function readXlsxRecords(fileName: string, bytes: Uint8Array): Promise<SheetRecords> {
  // Loaded for the first workbook only: a large library that CSV imports never need.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    throw badRequest('unreadable_file', `${fileName} is not a readable Excel (.xlsx) file.`, { fileName });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw badRequest('no_rows', `${fileName} has no worksheet.`, { fileName });
  const records: SheetRecords['records'] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellText(cell.value).trim();
    });
    const filled = Array.from(cells, (c) => c ?? '');
    if (filled.some((c) => c !== '')) records.push({ row: rowNumber, cells: filled });
  });
  return { sheetName: sheet.name, records };
}

/**
 * Reads an .xlsx export into a table. The header tells the survey tool as for CSV (Microsoft
 * Forms exports .xlsx by default); an unrecognised sheet is a generic 'xlsx' table.
 */
export async function readXlsx(fileName: string, bytes: Uint8Array): Promise<Table> {
  const { records } = await readXlsxRecords(fileName, bytes);
  const header = readHeader(records.map((r) => r.cells));
  const rows = records.slice(header.headerRows).map(({ row, cells }) => ({
    row,
    cells: header.columns.map((_, i) => cells[i] ?? '')
  }));
  return {
    format: header.format === 'csv' ? 'xlsx' : header.format,
    encoding: null,
    delimiter: null,
    headerRows: header.headerRows,
    columns: header.columns,
    rows,
    unreadable: [],
    facts: {}
  };
}
