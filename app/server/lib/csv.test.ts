import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.js';

describe('toCsv', () => {
  it.each([
    { description: 'plain cells', rows: [['a', 1]], expected: 'x,y\r\na,1' },
    { description: 'commas and quotes are quoted', rows: [['a,b', 'say "hi"']], expected: 'x,y\r\n"a,b","say ""hi"""' },
    { description: 'formula starts are neutralised', rows: [['=SUM(A1)', '@cmd']], expected: "x,y\r\n'=SUM(A1),'@cmd" },
    { description: 'null is empty', rows: [[null, undefined]], expected: 'x,y\r\n,' },
    { description: 'a tab or CR start is neutralised', rows: [['\t=1', '\r=1']], expected: 'x,y\r\n\'\t=1,"\'\r=1"' },
    { description: 'negative numbers stay numbers', rows: [[-0.25, '-0.25']], expected: "x,y\r\n-0.25,'-0.25" }
  ])('$description', ({ rows, expected }) => {
    expect(toCsv(['x', 'y'], rows)).toBe('\uFEFF' + expected);
  });
});
