/** The files the importer reads: CSV and TSV of any survey tool, Excel workbooks, focus-group notes. */
export const ACCEPT = '.csv,.tsv,.txt,.md,.xlsx';
const EXTENSIONS = ACCEPT.split(',');

/** The content types the API takes as a raw body; anything else goes as octet-stream. */
const UPLOAD_TYPES = new Set([
  'text/csv',
  'text/plain',
  'text/markdown',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
]);

export function isImportable(fileName: string): boolean {
  const name = fileName.toLowerCase();
  return EXTENSIONS.some((extension) => name.endsWith(extension));
}

export function uploadType(file: { type: string }): string {
  return UPLOAD_TYPES.has(file.type) ? file.type : 'application/octet-stream';
}
