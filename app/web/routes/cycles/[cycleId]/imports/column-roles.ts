import type { COLUMN_ROLES } from '$shared/schemas';

export type ColumnRole = (typeof COLUMN_ROLES)[number];
export interface MappedColumn {
  column: string;
  role: ColumnRole;
}

/**
 * Per role whether its cells are personal data: the server keeps those apart from the
 * questions, for staff only. A Record, so a role added to the schema must be listed here.
 */
const PERSONAL: Record<ColumnRole, boolean> = {
  text: false,
  level: false,
  role: false,
  date: false,
  respondent: false,
  name: true,
  email: true,
  phone: true,
  ip: true,
  consent: true,
  ignore: false
};

export const ROLES = Object.keys(PERSONAL) as ColumnRole[];

export function isPersonal(role: ColumnRole): boolean {
  return PERSONAL[role];
}

/** The encodings and delimiters the API accepts (ImportQuery), with the key of their name. */
export const ENCODINGS = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export const DELIMITERS = [
  { value: ',', name: 'comma' },
  { value: ';', name: 'semicolon' },
  { value: '\t', name: 'tab' },
  { value: '|', name: 'pipe' }
] as const;
