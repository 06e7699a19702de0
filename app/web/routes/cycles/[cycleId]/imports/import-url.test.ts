import { describe, expect, it } from 'vitest';
import { importUrl } from './import-url';

describe('importUrl', () => {
  it.each([
    {
      description: 'names source and file',
      input: { sourceId: '3', fileName: 'vragen.csv' },
      expected: '/api/cycles/1/imports?sourceId=3&fileName=vragen.csv'
    },
    {
      description: 'escapes spaces and accents in the file name',
      input: { sourceId: '3', fileName: 'focusgroep één.csv' },
      expected: '/api/cycles/1/imports?sourceId=3&fileName=focusgroep+%C3%A9%C3%A9n.csv'
    },
    {
      description: 'adds a chosen encoding and delimiter, escaping the semicolon',
      input: { sourceId: '3', fileName: 'a.csv', encoding: 'windows-1252', delimiter: ';' },
      expected: '/api/cycles/1/imports?sourceId=3&fileName=a.csv&encoding=windows-1252&delimiter=%3B'
    },
    {
      description: 'sends a tab as %09',
      input: { sourceId: '3', fileName: 'a.tsv', delimiter: '\t' },
      expected: '/api/cycles/1/imports?sourceId=3&fileName=a.tsv&delimiter=%09'
    },
    {
      description: 'leaves out empty choices',
      input: { sourceId: '3', fileName: 'a.csv', encoding: '', delimiter: '' },
      expected: '/api/cycles/1/imports?sourceId=3&fileName=a.csv'
    }
  ])('$description', ({ input, expected }) => {
    expect(importUrl(1, input)).toBe(expected);
  });

  it('sends the mapping as JSON that reads back the same', () => {
    const mapping = { columns: [{ column: 'Uw vraag', role: 'text' }] };
    const url = new URL(importUrl(7, { sourceId: '2', fileName: 'a.csv', mapping }, 'preview'), 'http://x');
    expect(url.pathname).toBe('/api/cycles/7/imports/preview');
    expect(JSON.parse(url.searchParams.get('mapping')!)).toEqual(mapping);
  });
});
