import { describe, expect, it } from 'vitest';
import { decode } from './decode.js';
import type { Encoding } from './table.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

function utf16(text: string, order: 'le' | 'be'): Uint8Array {
  const bytes = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const [first, second] = order === 'le' ? [unit & 0xff, unit >> 8] : [unit >> 8, unit & 0xff];
    bytes[2 * i] = first;
    bytes[2 * i + 1] = second;
  }
  return bytes;
}

const bytes = (...parts: (Uint8Array | number[])[]) => new Uint8Array(parts.flatMap((p) => Array.from(p)));

describe('decode', () => {
  it.each<{
    description: string;
    input: Uint8Array;
    forced?: Encoding;
    expected: { text: string; encoding: Encoding };
  }>([
    {
      description: 'plain UTF-8',
      input: utf8('vraag;niveau\r\nWat is één?;lager'),
      expected: { text: 'vraag;niveau\r\nWat is één?;lager', encoding: 'utf-8' }
    },
    {
      description: 'UTF-8 with a BOM, which is stripped',
      input: bytes([0xef, 0xbb, 0xbf], utf8('vraag\nHoe?')),
      expected: { text: 'vraag\nHoe?', encoding: 'utf-8-bom' }
    },
    {
      description: 'UTF-16 LE with a BOM (Excel "Unicode text")',
      input: utf16('\uFEFFvraag\tniveau\r\nWaarom één?\tlager', 'le'),
      expected: { text: 'vraag\tniveau\r\nWaarom één?\tlager', encoding: 'utf-16le' }
    },
    {
      description: 'UTF-16 BE with a BOM',
      input: utf16('\uFEFFvraag\nZorgcoördinator ’s avonds', 'be'),
      expected: { text: 'vraag\nZorgcoördinator ’s avonds', encoding: 'utf-16be' }
    },
    {
      description: 'Windows-1252 bytes: 0x92 and 0x91 quotes, 0xF6, 0x80 euro sign',
      input: bytes(utf8('collega'), [0x92], utf8('s '), [0x91], utf8('co'), [0xf6], utf8('p '), [0x80]),
      expected: { text: 'collega’s ‘coöp €', encoding: 'windows-1252' }
    },
    {
      // Oracle: Python's bytes(range(0x80, 0xa0)).decode('cp1252') for the 27 defined bytes; the WHATWG
      // Encoding Standard maps the other five (0x81, 0x8D, 0x8F, 0x90, 0x9D) to the same code point.
      description: 'every Windows-1252 byte from 0x80 to 0x9F',
      input: bytes(Array.from({ length: 32 }, (_, i) => 0x80 + i)),
      expected: {
        text: '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8DŽ\x8F\x90‘’“”•–—˜™š›œ\x9DžŸ',
        encoding: 'windows-1252'
      }
    },
    {
      description: 'one invalid byte in otherwise UTF-8 text: the whole file is read as Windows-1252',
      input: bytes(utf8('één '), [0xeb, 0x5f], utf8(' twee')),
      expected: { text: 'Ã©Ã©n ë_ twee', encoding: 'windows-1252' }
    },
    {
      description: 'UTF-8 cut in the middle of a character is not UTF-8',
      input: bytes(utf8('caf'), [0xc3]),
      expected: { text: 'cafÃ', encoding: 'windows-1252' }
    },
    {
      description: 'forced Windows-1252 on valid UTF-8',
      input: utf8('één'),
      forced: 'windows-1252',
      expected: { text: 'Ã©Ã©n', encoding: 'windows-1252' }
    },
    {
      description: 'forced UTF-8 on Windows-1252: replacement characters, no error',
      input: bytes(utf8('co'), [0xf6], utf8('p')),
      forced: 'utf-8',
      expected: { text: 'co\uFFFDp', encoding: 'utf-8' }
    },
    {
      description: 'forced UTF-8 strips a UTF-8 BOM',
      input: bytes([0xef, 0xbb, 0xbf], utf8('vraag')),
      forced: 'utf-8',
      expected: { text: 'vraag', encoding: 'utf-8' }
    },
    {
      description: 'forced UTF-16 LE strips its BOM',
      input: utf16('\uFEFFvraag', 'le'),
      forced: 'utf-16le',
      expected: { text: 'vraag', encoding: 'utf-16le' }
    },
    {
      description: 'forced UTF-16 BE without a BOM',
      input: utf16('vraag', 'be'),
      forced: 'utf-16be',
      expected: { text: 'vraag', encoding: 'utf-16be' }
    },
    {
      description: 'an empty file',
      input: new Uint8Array(),
      expected: { text: '', encoding: 'utf-8' }
    }
  ])('decodes $description', ({ input, forced, expected }) => {
    expect(decode(input, forced)).toEqual(expected);
  });
});
