import type { Kysely } from 'kysely';
import { auditFacets, type AuditFilter, listAudit } from '../../../db/queries/audit.js';
import type { Database } from '../../../db/schema.js';
import { AUDIT_PAGE_SIZE, type AuditFilterQuery, type AuditPageDto, type AuditQuery } from '../../shared/audit.js';
import { badRequest } from '../errors.js';
import { toCsv } from '../lib/csv.js';

/** The CSV holds at most this many entries: narrow the filter for more. */
export const MAX_AUDIT_CSV_ROWS = 100_000;

const EMAIL = /[^\s@<>()"',;:{}[\]]+@[^\s@<>()"',;:{}[\]]+\.[a-z]{2,}/gi;

/**
 * Records as logged may hold an e-mail address (an invitation, a new account, a question's text): the log view
 * shows who did what, not how to reach anyone, so every address is masked.
 */
export function maskEmails(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(EMAIL, '[…]');
  if (Array.isArray(value)) return value.map(maskEmails);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskEmails(v)]));
  }
  return value;
}

function checkFilter(query: AuditFilterQuery): AuditFilter {
  if (query.from && query.to && query.from > query.to) {
    throw badRequest('from_after_to', `The start day (${query.from}) lies after the end day (${query.to}).`, {
      from: query.from,
      to: query.to
    });
  }
  for (const day of [query.from, query.to]) {
    if (day && Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
      throw badRequest('invalid_day', `"${day}" is not a day of the calendar.`, { day });
    }
  }
  const text = (value: string | undefined) => value?.trim() || undefined;
  return {
    entity: text(query.entity),
    action: text(query.action),
    actorId: query.actorId,
    from: query.from,
    to: query.to,
    entityId: text(query.entityId)
  };
}

export async function auditPage(db: Kysely<Database>, query: AuditQuery): Promise<AuditPageDto> {
  const filter = checkFilter(query);
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? AUDIT_PAGE_SIZE;
  const [{ rows, total }, facets] = await Promise.all([
    listAudit(db, filter, { limit: pageSize, offset: (page - 1) * pageSize }),
    auditFacets(db)
  ]);
  return {
    entries: rows.map((row) => ({ ...row, before: maskEmails(row.before), after: maskEmails(row.after) })),
    total,
    page,
    pageSize,
    facets
  };
}

export async function auditCsv(db: Kysely<Database>, query: AuditFilterQuery): Promise<string> {
  const { rows } = await listAudit(db, checkFilter(query), { limit: MAX_AUDIT_CSV_ROWS, offset: 0 });
  const json = (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(maskEmails(value)));
  return toCsv(
    ['id', 'at', 'actor', 'action', 'entity', 'entity_id', 'before', 'after'],
    rows.map((r) => [
      r.id,
      r.at.toISOString(),
      r.actorName ?? '',
      r.action,
      r.entity,
      r.entityId ?? '',
      json(r.before),
      json(r.after)
    ])
  );
}
