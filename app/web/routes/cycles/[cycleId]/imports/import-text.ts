import { t, type MessageKey } from '$lib/i18n';
import nl from '$lib/i18n/messages/nl-BE.json';
import type { ColumnRole } from './column-roles';
import { DELIMITERS } from './column-roles';

const known = (key: string): key is MessageKey => key in nl;

/** Names for what the server reports as codes; the code itself when a newer server sends one we lack. */
export function formatName(format: string): string {
  const key = `import.format.${format}`;
  return known(key) ? t(key) : format;
}

export function encodingName(encoding: string): string {
  const key = `import.encoding.${encoding}`;
  return known(key) ? t(key) : encoding;
}

export function delimiterName(delimiter: string): string {
  const name = DELIMITERS.find((d) => d.value === delimiter)?.name;
  return name ? t(`import.delimiter.${name}`) : delimiter;
}

export function roleName(role: ColumnRole): string {
  return t(`import.role.${role}`);
}

export function rejectedText(rejected: { row: number; column?: string | null; reason: string }): string {
  const key = `import.reason.${rejected.reason}`;
  const reason = known(key) ? t(key) : rejected.reason;
  return rejected.column
    ? t('import.rejected.rowColumn', { row: rejected.row, column: rejected.column, reason })
    : t('import.rejected.row', { row: rejected.row, reason });
}
