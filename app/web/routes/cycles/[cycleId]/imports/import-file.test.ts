import { describe, expect, it } from 'vitest';
import { isImportable, uploadType } from './import-file';

describe('isImportable', () => {
  it.each([
    { name: 'vragen.csv', expected: true },
    { name: 'EXPORT.XLSX', expected: true },
    { name: 'focusgroep.md', expected: true },
    { name: 'notities.txt', expected: true },
    { name: 'tabs.tsv', expected: true },
    { name: 'oud.xls', expected: false },
    { name: 'verslag.pdf', expected: false },
    { name: 'csv', expected: false }
  ])('$name → $expected', ({ name, expected }) => {
    expect(isImportable(name)).toBe(expected);
  });
});

describe('uploadType', () => {
  it.each([
    { type: 'text/csv', expected: 'text/csv' },
    {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      expected: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    },
    { type: 'text/tab-separated-values', expected: 'application/octet-stream' },
    { type: '', expected: 'application/octet-stream' }
  ])('"$type" → $expected', ({ type, expected }) => {
    expect(uploadType({ type })).toBe(expected);
  });
});
