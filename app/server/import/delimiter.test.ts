import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { detectDelimiter } from './delimiter.js';
import type { Delimiter } from './table.js';

/** A semicolon file whose questions are full of commas, as Dutch prose is. */
const SEMICOLONS_WITH_COMMAS =
  'vraag;niveau\n' +
  'Hoe, wanneer en waarom geven we feedback, en hoe vaak?;lager\n' +
  'Wat werkt, concreet, bij begrijpend lezen, in de klas, met anderstaligen?;secundair\n';

describe('detectDelimiter', () => {
  it.each<{ description: string; input: string; expected: Delimiter }>([
    { description: 'commas', input: 'a,b,c\n1,2,3\n4,5,6\n', expected: ',' },
    { description: 'semicolons', input: 'a;b;c\r\n1;2;3\r\n4;5;6', expected: ';' },
    { description: 'tabs', input: 'vraag\tniveau\nHoe, wat?\tlager\n', expected: '\t' },
    { description: 'pipes', input: 'vraag|niveau\nHoe, wat; waarom?|lager\n', expected: '|' },
    { description: 'semicolons with many commas in the text', input: SEMICOLONS_WITH_COMMAS, expected: ';' },
    {
      description: 'semicolons, with commas and semicolons inside quoted cells',
      input: '"a;b";"c,d,e"\n"f;g";"h,i,j"\n',
      expected: ';'
    },
    {
      description: 'semicolons, with a multi-line quoted cell full of commas',
      input: 'id;vraag\n1;"Hallo,\nik heb, een vraag, over, lezen"\n2;kort\n',
      expected: ';'
    },
    { description: 'a tie in consistency: more fields per record wins', input: 'a;b;c,d\n1;2;3,4\n', expected: ';' },
    { description: 'a full tie: the order , ; tab |', input: 'a,b;c\n1,2;3\n', expected: ',' },
    { description: 'one column: a comma', input: 'vraag\nHoe?\nWaarom?\n', expected: ',' },
    { description: 'an empty text', input: '', expected: ',' },
    {
      description: 'only the first 20 records count',
      input: 'a;b\n' + '1;2\n'.repeat(19) + 'x,y,z,w,v\n'.repeat(50),
      expected: ';'
    }
  ])('finds $description', ({ input, expected }) => {
    expect(detectDelimiter(input)).toBe(expected);
  });

  it("does better than PapaParse's own guess on semicolons with commas in the text", () => {
    expect(Papa.parse(SEMICOLONS_WITH_COMMAS).meta.delimiter).toBe(',');
    expect(detectDelimiter(SEMICOLONS_WITH_COMMAS)).toBe(';');
  });
});
