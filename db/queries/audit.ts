import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';

export interface AuditEntry {
  actorId: number | null;
  action: string;
  entity: string;
  entityId: string | number | null;
  before?: unknown;
  after?: unknown;
}

export async function writeAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId === null ? null : String(entry.entityId),
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after)
    })
    .execute();
}

export interface AuditFilter {
  entity?: string;
  action?: string;
  actorId?: number;
  /** Days (YYYY-MM-DD) in Brussels time, both included. */
  from?: string;
  to?: string;
  /** Part of the entity id, e.g. a round's id or "12/" for everything under round 12. */
  entityId?: string;
}

export interface AuditRow {
  id: number;
  at: Date;
  actorId: number | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

function filtered(db: Kysely<Database>, filter: AuditFilter) {
  let query = db.selectFrom('audit_log as a').leftJoin('users as u', 'u.id', 'a.actor_id');
  if (filter.entity) query = query.where('a.entity', '=', filter.entity);
  if (filter.action) query = query.where('a.action', '=', filter.action);
  if (filter.actorId !== undefined) query = query.where('a.actor_id', '=', filter.actorId);
  if (filter.from)
    query = query.where('a.at', '>=', sql<Date>`(${filter.from}::date)::timestamp at time zone 'Europe/Brussels'`);
  if (filter.to) {
    query = query.where('a.at', '<', sql<Date>`(${filter.to}::date + 1)::timestamp at time zone 'Europe/Brussels'`);
  }
  if (filter.entityId) {
    const pattern = `%${filter.entityId.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where('a.entity_id', 'ilike', pattern);
  }
  return query;
}

/** A page of the audit log, newest first, with the total under the filter. */
export async function listAudit(
  db: Kysely<Database>,
  filter: AuditFilter,
  page: { limit: number; offset: number }
): Promise<{ rows: AuditRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    filtered(db, filter)
      .select([
        'a.id',
        'a.at',
        'a.actor_id as actorId',
        'u.name as actorName',
        'a.action',
        'a.entity',
        'a.entity_id as entityId',
        'a.before',
        'a.after'
      ])
      .orderBy('a.at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    filtered(db, filter)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ]);
  return { rows, total: Number(count.n) };
}

/** What the filters can choose from: the kinds of record and actions logged, and who acted. */
export async function auditFacets(
  db: Kysely<Database>
): Promise<{ entities: string[]; actions: string[]; actors: { id: number; name: string }[] }> {
  const [entities, actions, actors] = await Promise.all([
    db.selectFrom('audit_log').select('entity').distinct().orderBy('entity').execute(),
    db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute(),
    db
      .selectFrom('users')
      .select(['id', 'name'])
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('audit_log')
            .select(sql`1`.as('one'))
            .whereRef('audit_log.actor_id', '=', 'users.id')
        )
      )
      .orderBy('name')
      .orderBy('id')
      .execute()
  ]);
  return { entities: entities.map((e) => e.entity), actions: actions.map((a) => a.action), actors };
}
