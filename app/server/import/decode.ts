import type { Encoding } from './table.js';

export interface Decoded {
  text: string;
  encoding: Encoding;
}

const BOMS: { encoding: Encoding; bytes: number[] }[] = [
  { encoding: 'utf-8-bom', bytes: [0xef, 0xbb, 0xbf] },
  { encoding: 'utf-16le', bytes: [0xff, 0xfe] },
  { encoding: 'utf-16be', bytes: [0xfe, 0xff] }
];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

/**
 * Windows-1252 for 0x80–0x9F (WHATWG index-windows-1252); every other byte is its own code
 * point. Node's TextDecoder reads 'windows-1252' as Latin-1, turning Excel's ’ (0x92) into a
 * control character (nodejs/node#56542), so this small table does the decoding instead.
 */
const WINDOWS_1252_C1 = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178
];

/** Code units per String.fromCharCode call, well below the engine's argument limit. */
const CHUNK = 8192;

function decodeWindows1252(bytes: Uint8Array): string {
  const units = Uint16Array.from(bytes, (byte) => (byte >= 0x80 && byte < 0xa0 ? WINDOWS_1252_C1[byte - 0x80]! : byte));
  let text = '';
  for (let i = 0; i < units.length; i += CHUNK) text += String.fromCharCode(...units.subarray(i, i + CHUNK));
  return text;
}

/** Decodes with the named encoding, stripping that encoding's BOM; 'utf-8-bom' is UTF-8. */
function decodeAs(bytes: Uint8Array, encoding: Encoding): string {
  if (encoding === 'windows-1252') return decodeWindows1252(bytes);
  return new TextDecoder(encoding === 'utf-8-bom' ? 'utf-8' : encoding).decode(bytes);
}

/**
 * Turns file bytes into text. A byte order mark decides first; without one, bytes that are
 * valid UTF-8 are read as UTF-8, and anything else as Windows-1252, which is what Excel on
 * Windows writes for "CSV" and which can decode every byte. A forced encoding always wins
 * (staff know better than a guess), with replacement characters where bytes do not fit.
 * Line breaks are left as they are: the CSV parser handles CRLF, LF and CR.
 */
export function decode(bytes: Uint8Array, forced?: Encoding): Decoded {
  if (forced) return { text: decodeAs(bytes, forced), encoding: forced };
  const bom = BOMS.find((b) => startsWith(bytes, b.bytes));
  if (bom) return { text: decodeAs(bytes, bom.encoding), encoding: bom.encoding };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

/**
 * Bytes a streamed file is judged on: 1 MiB, the same prefix PapaParse guesses line endings from. A file that
 * is valid UTF-8 there is read as UTF-8 to the end; a later byte that is not UTF-8 stops the import
 * (`EncodingError`) rather than turning into replacement characters or a silent change of encoding.
 */
export const SNIFF_BYTES = 1024 * 1024;

/**
 * The encoding of a file from its first bytes, by the rules of `decode`: a forced encoding, else the byte order
 * mark, else UTF-8 when `head` is valid UTF-8 (a character cut off at the end of an incomplete head does not
 * count against it), else Windows-1252. `complete` says that `head` is the whole file.
 */
export function sniffEncoding(head: Uint8Array, complete: boolean, forced?: Encoding): Encoding {
  if (forced) return forced;
  const bom = BOMS.find((b) => startsWith(head, b.bytes));
  if (bom) return bom.encoding;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !complete });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** Thrown by a streaming decoder that met a byte the chosen encoding cannot read. */
export class EncodingError extends Error {
  constructor(
    readonly encoding: Encoding,
    /** Bytes read before the chunk holding the bad byte. */
    readonly offset: number
  ) {
    super(`Not ${encoding} after byte ${offset}.`);
    this.name = 'EncodingError';
  }
}

export interface StreamDecoder {
  /** Text of `bytes`; a character split between two chunks comes out with the second. */
  write(bytes: Uint8Array): string;
  /** What is left at the end of the file. */
  end(): string;
}

/**
 * Decodes a file chunk by chunk with the same result as `decode` on the whole file, BOM stripped.
 * `strict` (for a sniffed UTF-8 file) throws `EncodingError` on a byte that is not UTF-8.
 */
export function streamDecoder(encoding: Encoding, strict = false): StreamDecoder {
  if (encoding === 'windows-1252') return { write: decodeWindows1252, end: () => '' };
  const decoder = new TextDecoder(encoding === 'utf-8-bom' ? 'utf-8' : encoding, { fatal: strict });
  let offset = 0;
  const guard = (decodeChunk: () => string, length: number): string => {
    try {
      return decodeChunk();
    } catch {
      throw new EncodingError(encoding, offset);
    } finally {
      offset += length;
    }
  };
  return {
    write: (bytes) => guard(() => decoder.decode(bytes, { stream: true }), bytes.byteLength),
    end: () => guard(() => decoder.decode(), 0)
  };
}
