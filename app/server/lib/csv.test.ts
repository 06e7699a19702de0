import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.js';

describe('toCsv', () => {
  it.each([
    { description: 'plain cells', rows: [['a', 1]], expected: 'x,y\r\na,1' },
    { description: 'commas and quotes are quoted', rows: [['a,b', 'say "hi"']], expected: 'x,y\r\n"a,b","say ""hi"""' },
    { description: 'formula starts are neutralised', rows: [['=SUM(A1)', '@cmd']], expected: "x,y\r\n'=SUM(A1),'@cmd" },
    { description: 'null is empty', rows: [[null, undefined]], expected: 'x,y\r\n,' }
  ])('$description', ({ rows, expected }) => {
    expect(toCsv(['x', 'y'], rows)).toBe('\uFEFF' + expected);
  });
});
