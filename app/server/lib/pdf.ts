import type PDFKit from 'pdfkit';

// The 14 standard PDF fonts need no embedding but only know WinAnsi (Windows-1252): Latin-1 plus these.
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const REPLACEMENTS: Record<string, string> = {
  '≤': '<=',
  '≥': '>=',
  '→': '->',
  '←': '<-',
  '−': '-',
  '‐': '-',
  '‑': '-',
  '′': "'",
  '″': '"',
  '\u00a0': ' ',
  '\u202f': ' ',
  '\u2009': ' '
};

/** Text the standard fonts can show: accents kept, other characters replaced by their nearest plain form. */
export function winAnsi(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0)!;
    if (ch === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRA.has(ch)) {
      out += REPLACEMENTS[ch] ?? ch;
    } else if (REPLACEMENTS[ch] !== undefined) {
      out += REPLACEMENTS[ch];
    } else {
      // "ő" becomes "o", "ł" stays unknown: the base letter where there is one, else a question mark.
      const base = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      out += base !== ch && [...base].every((c) => c.codePointAt(0)! < 0x100) ? base : '?';
    }
  }
  return out;
}

export const PDF_MARGIN = 56;

export interface PdfDocument {
  doc: PDFKit.PDFDocument;
  /** The text width between the margins. */
  width: number;
  /** Numbers the pages ("Pagina 1 van 3"), ends the document and gives its bytes. */
  finish(): Promise<Buffer>;
}

/** An A4 document in Dutch with the standard Helvetica fonts (nothing to embed), pages kept for numbering. */
export async function startPdf(info: { title: string; subject: string }): Promise<PdfDocument> {
  // Loaded on the first download only.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margin: PDF_MARGIN,
    bufferPages: true,
    info: { Title: winAnsi(info.title), Creator: 'Kennisagenda Werkbank', Subject: info.subject },
    lang: 'nl-BE',
    displayTitle: true
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * PDF_MARGIN;
  const finish = () => {
    const { start, count } = doc.bufferedPageRange();
    for (let i = start; i < start + count; i++) {
      doc.switchToPage(i);
      // Writing inside the bottom margin would otherwise open a new page.
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc
        .font('Helvetica')
        .fontSize(9)
        .fillColor('#444444')
        .text(`Pagina ${i + 1} van ${count}`, PDF_MARGIN, doc.page.height - PDF_MARGIN / 2 - 9, {
          width,
          align: 'center'
        });
      doc.page.margins.bottom = bottom;
    }
    doc.end();
    return done;
  };
  return { doc, width, finish };
}
