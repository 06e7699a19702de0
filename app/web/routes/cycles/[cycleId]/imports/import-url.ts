/** What staff chose for a file; everything but the file itself travels in the query string. */
export interface ImportChoice {
  sourceId: string;
  fileName: string;
  encoding?: string;
  delimiter?: string;
  /** A mapping staff confirmed; without it the server proposes one. */
  mapping?: { columns: { column: string; role: string }[] };
  /** A key under which the server reports the import's progress. */
  progress?: string;
}

/** The upload address of a preview or an import: the file is the body. */
export function importUrl(cycleId: number, choice: ImportChoice, step: 'preview' | 'import' = 'import'): string {
  const query = new URLSearchParams({ sourceId: choice.sourceId, fileName: choice.fileName });
  if (choice.encoding) query.set('encoding', choice.encoding);
  if (choice.delimiter) query.set('delimiter', choice.delimiter);
  if (choice.mapping) query.set('mapping', JSON.stringify(choice.mapping));
  if (choice.progress) query.set('progress', choice.progress);
  return `/api/cycles/${cycleId}/imports${step === 'preview' ? '/preview' : ''}?${query}`;
}
