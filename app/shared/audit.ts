import { type Static, Type } from 'typebox';
import { Id, Timestamp } from './schemas.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A day, YYYY-MM-DD (Brussels time)' });

export const AUDIT_PAGE_SIZE = 50;
export const MAX_AUDIT_PAGE_SIZE = 200;

/** Filters of the audit log; every one optional. The CSV takes the same, without paging. */
export const AuditFilterQuery = Type.Object(
  {
    entity: Type.Optional(Type.String({ maxLength: 100 })),
    action: Type.Optional(Type.String({ maxLength: 100 })),
    actorId: Type.Optional(Id),
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    entityId: Type.Optional(Type.String({ maxLength: 100 }))
  },
  { additionalProperties: false }
);
export type AuditFilterQuery = Static<typeof AuditFilterQuery>;

export const AuditQuery = Type.Object(
  {
    ...AuditFilterQuery.properties,
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_AUDIT_PAGE_SIZE }))
  },
  { additionalProperties: false }
);
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditEntryDto = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  actorId: Type.Union([Type.Integer(), Type.Null()]),
  /** Null: the system (the demo seed, a background job) or a removed account. */
  actorName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  entity: Type.String(),
  entityId: Type.Union([Type.String(), Type.Null()]),
  /** The record before and after, as logged, with e-mail addresses masked. */
  before: Type.Unknown(),
  after: Type.Unknown()
});
export type AuditEntryDto = Static<typeof AuditEntryDto>;

export const AuditPageDto = Type.Object({
  entries: Type.Array(AuditEntryDto),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  facets: Type.Object({
    entities: Type.Array(Type.String()),
    actions: Type.Array(Type.String()),
    actors: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() }))
  })
});
export type AuditPageDto = Static<typeof AuditPageDto>;
