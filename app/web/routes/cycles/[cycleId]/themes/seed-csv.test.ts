import { describe, expect, it } from 'vitest';
import { decodeSeedFile, parseSeedCsv } from './seed-csv';

describe('parseSeedCsv', () => {
  it('reads theme,description rows, quoted cells with commas included', () => {
    const text = [
      'theme,description',
      'Differentiatie,"Omgaan met verschillen in niveau, tempo en voorkennis."',
      'Huiswerk,Zin en hoeveelheid van taken.',
      ''
    ].join('\r\n');
    expect(parseSeedCsv(text)).toEqual({
      themes: [
        { name: 'Differentiatie', description: 'Omgaan met verschillen in niveau, tempo en voorkennis.' },
        { name: 'Huiswerk', description: 'Zin en hoeveelheid van taken.' }
      ],
      problems: []
    });
  });

  it.each([
    {
      description: 'Dutch headers, semicolons and a BOM',
      text: '\uFEFFThema;Beschrijving\nWiskunde;Rekenen en breuken\n',
      themes: [{ name: 'Wiskunde', description: 'Rekenen en breuken' }]
    },
    {
      description: 'a name column only',
      text: 'theme\nSTEAM\nEvaluatie',
      themes: [
        { name: 'STEAM', description: '' },
        { name: 'Evaluatie', description: '' }
      ]
    },
    {
      description: 'blank lines between rows',
      text: 'theme,description\n\nFeedback,Terugkoppeling\n\n',
      themes: [{ name: 'Feedback', description: 'Terugkoppeling' }]
    }
  ])('reads $description', ({ text, themes }) => {
    expect(parseSeedCsv(text)).toEqual({ themes, problems: [] });
  });

  it.each([
    { description: 'an empty file', text: ' \n\n', problems: [{ code: 'empty' }] },
    { description: 'no theme column', text: 'naam van het thema,uitleg\nA,B', problems: [{ code: 'noThemeColumn' }] },
    { description: 'a header without rows', text: 'theme,description\n', problems: [{ code: 'noRows' }] },
    {
      description: 'rows without a name and repeated names, with their spreadsheet rows',
      text: 'theme,description\nTaal,Lezen\n,Zonder naam\n"Multi\nline",x\n taal ,Nog eens',
      problems: [
        { code: 'unnamed', row: 3 },
        { code: 'duplicate', row: 5, name: 'taal', first: 2 }
      ]
    },
    {
      description: 'a name and a description over the limit',
      text: `theme,description\n${'n'.repeat(201)},ok\nKort,${'d'.repeat(2001)}`,
      problems: [
        { code: 'nameTooLong', row: 2, max: 200 },
        { code: 'descriptionTooLong', row: 3, max: 2000 }
      ]
    },
    {
      description: 'more themes than allowed',
      text: ['theme', ...Array.from({ length: 201 }, (_, i) => `Thema ${i}`)].join('\n'),
      problems: [{ code: 'tooMany', count: 201, max: 200 }]
    }
  ])('reports $description and returns no themes', ({ text, problems }) => {
    expect(parseSeedCsv(text)).toEqual({ themes: [], problems });
  });

  it('keeps parentheses, colons and commas of quoted descriptions', () => {
    const text = [
      'theme,description',
      'Differentiatie,"Omgaan met verschillen (verlengde instructie, verrijking, niveaugroepen)."',
      'buiten scope,"Vragen buiten de opdracht: verloning, statuut."'
    ].join('\n');
    expect(parseSeedCsv(text).themes.map((t) => t.name)).toEqual(['Differentiatie', 'buiten scope']);
  });
});

describe('decodeSeedFile', () => {
  it('reads UTF-8 and falls back to Windows-1252 for bytes that are not UTF-8', () => {
    expect(decodeSeedFile(new TextEncoder().encode('Kleuters en ouders: één thema').buffer)).toBe(
      'Kleuters en ouders: één thema'
    );
    // "Naïef" in Windows-1252: ï is 0xEF.
    expect(decodeSeedFile(new Uint8Array([0x4e, 0x61, 0xef, 0x65, 0x66]).buffer)).toBe('Naïef');
  });
});
