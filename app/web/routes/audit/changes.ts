/** What changed between a logged record's before and after, one short line per field, for the table. */
export interface Change {
  field: string;
  before: string;
  after: string;
}

const MAX = 60;

function short(value: unknown): string {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Fields whose value differs (or, for a creation or removal, every field); other shapes as one whole line. */
export function changes(before: unknown, after: unknown): Change[] {
  const b = before ?? undefined;
  const a = after ?? undefined;
  if ((b === undefined || isRecord(b)) && (a === undefined || isRecord(a))) {
    const fields = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
    return fields
      .filter((field) => JSON.stringify(b?.[field]) !== JSON.stringify(a?.[field]))
      .map((field) => ({ field, before: short(b?.[field]), after: short(a?.[field]) }));
  }
  return [{ field: '', before: short(b), after: short(a) }];
}
