import path from 'node:path';
import { parseDate, parseLevel } from './columns.js';
import { plain } from './personal.js';
import type { Table, TableRow } from './table.js';

const HEADING = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;
const BULLET = /^(?:[-*+•–—◦▪]|\d{1,3}[.)])\s+(.*)$/;
const BOLD_LINE = /^\*\*(.+?)\*\*:?$/;

/** Depth of a "Vragen:" line heading: below every Markdown heading. */
const LINE_HEADING = 7;
/** Depth of a bullet heading ("- Lezen:" above indented bullets): below every other heading. */
const BULLET_HEADING = 8;

/** "Aanwezig: 12 deelnemers", "Deelnemers: 8", "Aantal aanwezigen: 9". */
const COUNT_LABELLED = /^(?:aanwezig(?:en)?|deelnemers|aantal (?:deelnemers|aanwezigen)|participanten)\s*:\s*(\d+)\b/;
/** "12 deelnemers" opening a line. */
const COUNT_LEADING = /^(\d+)\s+(?:deelnemers|aanwezigen|participanten)\b/;
/** "… (8 deelnemers)" anywhere in a line that is not a note, such as a heading or a paragraph. */
const COUNT_ANYWHERE = /(?:^|[\s(:])(\d+)\s+(?:deelnemers|aanwezigen|participanten)\b/;
const DATE_LABEL = /^(?:datum|date|wanneer)\s*:/;
const DATE_IN_TEXT = /\b(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4})\b/;
const MONTHS = [
  ...['januari', 'februari', 'maart', 'april', 'mei', 'juni'],
  ...['juli', 'augustus', 'september', 'oktober', 'november', 'december']
];
const MONTH_DATE = new RegExp(String.raw`\b(\d{1,2}) (${MONTHS.join('|')}) (\d{4})\b`);
/** Labels of bullets under the title that describe the session rather than ask anything: "- Moderator: Hanne". */
const SESSION_LABELS = [
  ...['datum', 'date', 'wanneer', 'tijd', 'uur', 'locatie', 'plaats', 'waar', 'moderator', 'facilitator'],
  ...['begeleiding', 'notities', 'notulist', 'verslag', 'aanwezig', 'aanwezigen', 'afwezig', 'verontschuldigd'],
  ...['deelnemers', 'school', 'scholen', 'organisatie']
];
const SESSION_LABEL = new RegExp(`^(?:${SESSION_LABELS.join('|')})\\s*:`);

type Line =
  | { kind: 'blank' }
  | { kind: 'heading'; depth: number; text: string }
  | { kind: 'bullet'; indent: number; text: string }
  | { kind: 'text'; indent: number; text: string };

interface Heading {
  depth: number;
  indent: number;
  text: string;
}

interface Note {
  row: number;
  indent: number;
  text: string;
  context: Record<string, string>;
}

function indentOf(line: string): number {
  const leading = /^[ \t]*/.exec(line)![0];
  return leading.replace(/\t/g, '    ').length;
}

function classifyLine(raw: string): Line {
  if (raw.trim() === '') return { kind: 'blank' };
  const heading = HEADING.exec(raw);
  if (heading) return { kind: 'heading', depth: heading[1]!.length, text: heading[2]!.trim() };
  const indent = indentOf(raw);
  const bullet = BULLET.exec(raw.trim());
  if (bullet) return { kind: 'bullet', indent, text: bullet[1]!.trim() };
  return { kind: 'text', indent, text: raw.trim() };
}

function participantCount(text: string, anywhere: boolean): number | undefined {
  const value = plain(text);
  const match = COUNT_LABELLED.exec(value) ?? (anywhere ? COUNT_ANYWHERE : COUNT_LEADING).exec(value);
  return match ? Number(match[1]) : undefined;
}

function sessionDate(text: string): string | undefined {
  const value = plain(text);
  if (!DATE_LABEL.test(value)) return undefined;
  const numeric = DATE_IN_TEXT.exec(value);
  if (numeric) return parseDate(numeric[1]) ?? undefined;
  const named = MONTH_DATE.exec(value);
  if (!named) return undefined;
  const month = MONTHS.indexOf(named[2]!) + 1;
  return parseDate(`${named[1]}/${month}/${named[3]}`) ?? undefined;
}

/**
 * Reads focus-group notes (Markdown or plain text) into a one-column table: every bullet (`-`, `*`, `•`, `–`)
 * or numbered item (`1.`, `1)`) is a row, numbered by its line. Indented lines under an item continue it;
 * indented bullets under an item join it on new lines, so splitting can part them again.
 *
 * Headings — `#` lines, a line ending in ":" (or a bold line) above bullets, a bullet ending in ":" above indented
 * bullets — give each row `context.heading` (the nearest one) and `context.level` (the nearest heading that names an
 * education level, else the title, else the file name). A "Datum:" line gives `context.date`; the first line stating a
 * participant count ("Aanwezig: 12 deelnemers", "Deelnemers: 8") gives `facts.participantCount`.
 *
 * Bullets count everywhere except before the first heading and, under a title heading, bullets describing the
 * session ("- Moderator: Hanne"); lines stating the participant count are facts, not notes.
 */
export function readNotes(fileName: string, text: string): Table {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map(classifyLine);
  // Index of the next non-blank line after each line, so lookahead stays linear.
  const nextIndex: number[] = [];
  for (let i = lines.length - 1, next = -1; i >= 0; i--) {
    nextIndex[i] = next;
    if (lines[i]!.kind !== 'blank') next = i;
  }
  const nextFilled = (i: number): Line | undefined => lines[nextIndex[i]!];

  // Line headings: a line ending in ":" or a bold line, with bullets right under it.
  lines.forEach((line, i) => {
    if (line.kind !== 'text' || line.indent > 3 || nextFilled(i)?.kind !== 'bullet') return;
    const bold = BOLD_LINE.exec(line.text);
    if (bold || line.text.endsWith(':')) {
      lines[i] = { kind: 'heading', depth: LINE_HEADING, text: (bold?.[1] ?? line.text).replace(/:$/, '').trim() };
    }
  });

  const firstFilled = lines.findIndex((l) => l.kind !== 'blank');
  const first = lines[firstFilled];
  const titleIndex = first?.kind === 'heading' && first.depth === 1 ? firstFilled : -1;
  const title = first?.kind === 'heading' || first?.kind === 'text' ? first.text : '';
  const headingIndexes = lines.flatMap((l, i) => (l.kind === 'heading' ? [i] : []));
  const metadataEnd = headingIndexes[0] ?? 0;
  const titleBlockEnd = headingIndexes.find((i) => i > titleIndex) ?? lines.length;
  const fromFileName = path.basename(fileName, path.extname(fileName)).replace(/[-_.]+/g, ' ');

  const rows: TableRow[] = [];
  const stack: Heading[] = [];
  const facts: Table['facts'] = {};
  let date: string | undefined;
  let note: Note | null = null;

  const close = () => {
    if (note) rows.push({ row: note.row, cells: [note.text], context: note.context });
    note = null;
  };
  const contextHere = (): Record<string, string> => {
    const context: Record<string, string> = {};
    const nearest = stack[stack.length - 1];
    if (nearest) context.heading = nearest.text;
    const named = [...stack.map((h) => h.text).reverse(), title, fromFileName]
      .map((t) => parseLevel(t))
      .find((l) => l !== 'onbekend');
    if (named) context.level = named;
    if (date) context.date = date;
    return context;
  };
  const readFacts = (lineText: string, anywhere: boolean): boolean => {
    date ??= sessionDate(lineText);
    const count = participantCount(lineText, anywhere);
    if (count !== undefined) facts.participantCount ??= count;
    return count !== undefined;
  };

  lines.forEach((line, i) => {
    if (line.kind === 'blank') return;
    if (line.kind === 'heading') {
      close();
      readFacts(line.text, true);
      while (stack.length > 0 && stack[stack.length - 1]!.depth >= line.depth) stack.pop();
      stack.push({ depth: line.depth, indent: -1, text: line.text });
      return;
    }
    if (line.kind === 'text') {
      if (note && line.indent > note.indent) note.text += ` ${line.text}`;
      else {
        close();
        readFacts(line.text, true);
      }
      return;
    }
    while (stack.length > 0 && stack[stack.length - 1]!.depth === BULLET_HEADING) {
      if (stack[stack.length - 1]!.indent < line.indent) break;
      stack.pop();
    }
    const next = nextFilled(i);
    if (line.text.endsWith(':') && next?.kind === 'bullet' && next.indent > line.indent) {
      close();
      stack.push({ depth: BULLET_HEADING, indent: line.indent, text: line.text.replace(/:$/, '').trim() });
      return;
    }
    const underTitle = titleIndex >= 0 && i > titleIndex && i < titleBlockEnd;
    if (i < metadataEnd || (underTitle && SESSION_LABEL.test(plain(line.text)))) {
      close();
      readFacts(line.text, true);
      return;
    }
    if (readFacts(line.text, false)) {
      close();
      return;
    }
    if (note && line.indent > note.indent) {
      note.text += `\n- ${line.text}`;
      return;
    }
    close();
    if (line.text !== '') note = { row: i + 1, indent: line.indent, text: line.text, context: contextHere() };
  });
  close();

  return {
    format: 'notes',
    encoding: null,
    delimiter: null,
    headerRows: 0,
    columns: ['vraag'],
    rows,
    unreadable: [],
    facts
  };
}
