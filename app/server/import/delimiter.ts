import { DELIMITERS, type Delimiter } from './table.js';

/** Enough records to see a pattern; a header plus a screenful of answers. */
const SAMPLE_RECORDS = 20;

/** Stands for a record whose quoting is malformed when split on the candidate delimiter. */
const MALFORMED = -1;

/**
 * How many times `delimiter` separates fields in each of the first records, read the way
 * PapaParse will read them: a quote opens a quoted cell only at the start of a cell, `""`
 * inside it is a literal quote, and delimiters and line breaks inside quoted cells do not
 * count. A quoted cell followed by anything but the delimiter or a line break makes the
 * record MALFORMED: the sign of a wrong delimiter (`"a;b";"c"` split on commas).
 * Blank lines are skipped.
 */
function delimiterCounts(text: string, delimiter: Delimiter, maxRecords = SAMPLE_RECORDS): number[] {
  const counts: number[] = [];
  let count = 0;
  let cellStart = true;
  let inQuotes = false;
  let afterQuotes = false;
  let malformed = false;
  let blank = true;
  const endRecord = () => {
    if (!blank) counts.push(malformed ? MALFORMED : count);
    count = 0;
    cellStart = true;
    afterQuotes = false;
    malformed = false;
    blank = true;
  };
  for (let i = 0; i < text.length && counts.length < maxRecords; i++) {
    const char = text[i];
    if (inQuotes) {
      if (char === '"') {
        if (text[i + 1] === '"') i++;
        else {
          inQuotes = false;
          afterQuotes = true;
        }
      }
      continue;
    }
    if (char === '\r' || char === '\n') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      continue;
    }
    blank = false;
    if (char === delimiter) {
      count++;
      cellStart = true;
      afterQuotes = false;
    } else {
      if (afterQuotes) malformed = true;
      if (char === '"' && cellStart) inQuotes = true;
      cellStart = false;
    }
  }
  if (counts.length < maxRecords) endRecord();
  return counts;
}

interface Score {
  delimiter: Delimiter;
  /** Share of the records that have the most common non-zero count; malformed ones count against it. */
  consistency: number;
  /** That most common count: more fields per record wins a tie. */
  fields: number;
}

function score(text: string, delimiter: Delimiter): Score | null {
  const counts = delimiterCounts(text, delimiter);
  const frequency = new Map<number, number>();
  for (const c of counts) if (c > 0) frequency.set(c, (frequency.get(c) ?? 0) + 1);
  let fields = 0;
  let records = 0;
  for (const [c, n] of frequency) {
    if (n > records || (n === records && c > fields)) [fields, records] = [c, n];
  }
  return records === 0 ? null : { delimiter, consistency: records / counts.length, fields };
}

/**
 * Picks the delimiter that splits the first records into the same number of fields most
 * consistently; ties go to the delimiter that splits into more fields, then to the order
 * `, ; \t |`. A comma that occurs in free text varies from record to record, so a
 * semicolon file full of prose still reads as semicolons. Without any candidate the file
 * is one column, and a comma is as good as any.
 */
export function detectDelimiter(text: string): Delimiter {
  let best: Score | null = null;
  for (const delimiter of DELIMITERS) {
    const candidate = score(text, delimiter);
    if (
      candidate &&
      (!best ||
        candidate.consistency > best.consistency ||
        (candidate.consistency === best.consistency && candidate.fields > best.fields))
    ) {
      best = candidate;
    }
  }
  return best?.delimiter ?? ',';
}
