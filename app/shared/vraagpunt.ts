import { type Static, type TSchema, Type } from 'typebox';
import { Id, Timestamp } from './schemas.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Education levels a person can choose on the form, in the form's order; 'onbekend' is "not given". */
export const FORM_LEVELS = [
  'kleuter',
  'lager',
  'secundair',
  'buitengewoon',
  'volwassenen',
  'hoger',
  'meerdere'
] as const;
/** Roles on the form, each with the slug of its message key (stored values hold spaces and accents). */
export const FORM_ROLES = [
  { value: 'leraar', key: 'teacher' },
  { value: 'directie', key: 'principal' },
  { value: 'zorgcoördinator', key: 'careCoordinator' },
  { value: 'pedagogisch begeleider', key: 'counsellor' },
  { value: 'lerarenopleider', key: 'teacherEducator' },
  { value: 'CLB', key: 'clb' },
  { value: 'ouder', key: 'parent' },
  { value: 'anders', key: 'other' }
] as const;

export const QUESTION_MIN_CHARS = 10;
export const QUESTION_MAX_CHARS = 2000;
export const NAME_MAX_CHARS = 200;

/** What the public form needs before it is filled in. */
export const VraagpuntFormDto = Type.Object({
  /** Signed start time: the server refuses a form sent back too fast (a robot) or too late. */
  token: Type.String(),
  /** Contact details are purged this many months after they were sent; null when no term is set. */
  retentionMonths: Nullable(Type.Integer()),
  /** The cycle new questions go to, or null when none takes questions now (they wait for the next). */
  cycleName: Nullable(Type.String())
});
export type VraagpuntFormDto = Static<typeof VraagpuntFormDto>;

// Loose on purpose: the service checks every field and answers with a reason per field, which the page shows beside
// that field; the schema only bounds what is read.
export const SubmissionBody = Type.Object(
  {
    token: Type.String({ maxLength: 200 }),
    text: Type.String({ maxLength: 20_000 }),
    level: Type.Optional(Type.String({ maxLength: 50 })),
    role: Type.Optional(Type.String({ maxLength: 50 })),
    name: Type.Optional(Type.String({ maxLength: 1000 })),
    email: Type.Optional(Type.String({ maxLength: 1000 })),
    consent: Type.Optional(Type.Boolean()),
    /** The honeypot: a field people do not see and robots fill in. */
    website: Type.Optional(Type.String({ maxLength: 1000 })),
    locale: Type.Optional(Type.String({ maxLength: 10 }))
  },
  { additionalProperties: false }
);
export type SubmissionBody = Static<typeof SubmissionBody>;

export const SubmissionReceivedDto = Type.Object({ received: Type.Literal(true) });

export const SUBMISSION_STATUSES = ['new', 'accepted', 'out_of_scope', 'duplicate'] as const;
export const SubmissionStatusSchema = Type.Union([
  Type.Literal('new'),
  Type.Literal('accepted'),
  Type.Literal('out_of_scope'),
  Type.Literal('duplicate')
]);
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export const InboxQuery = Type.Object(
  { status: Type.Optional(SubmissionStatusSchema) },
  { additionalProperties: false }
);

export const SubmissionDto = Type.Object({
  id: Type.Integer(),
  /** Null while it waits for a cycle. */
  cycleId: Nullable(Type.Integer()),
  text: Type.String(),
  level: Type.String(),
  role: Nullable(Type.String()),
  name: Nullable(Type.String()),
  email: Nullable(Type.String()),
  contactConsent: Type.Boolean(),
  status: SubmissionStatusSchema,
  outOfScopeReason: Nullable(Type.String()),
  duplicateOf: Nullable(Type.Object({ id: Type.Integer(), text: Type.String() })),
  questionId: Nullable(Type.Integer()),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Timestamp),
  receivedAt: Timestamp,
  /** For new ones: the cycle's question it most resembles, when it resembles one closely. */
  similar: Nullable(Type.Object({ id: Type.Integer(), text: Type.String(), similarity: Type.Number() }))
});
export type SubmissionDto = Static<typeof SubmissionDto>;

export const InboxDto = Type.Object({
  counts: Type.Object({
    new: Type.Integer(),
    accepted: Type.Integer(),
    out_of_scope: Type.Integer(),
    duplicate: Type.Integer()
  }),
  items: Type.Array(SubmissionDto)
});
export type InboxDto = Static<typeof InboxDto>;

const TriageActionSchema = Type.Union([
  Type.Literal('accept'),
  Type.Literal('out_of_scope'),
  Type.Literal('duplicate'),
  Type.Literal('reopen')
]);
export type TriageAction = Static<typeof TriageActionSchema>;

export const TriageBody = Type.Object(
  {
    ids: Type.Array(Id, { minItems: 1, maxItems: 1000, uniqueItems: true }),
    action: TriageActionSchema,
    /** Why they are out of scope (required for that action). */
    reason: Type.Optional(Type.String({ maxLength: 1000 })),
    /** The cycle's question they repeat (required for "duplicate"). */
    duplicateOf: Type.Optional(Id)
  },
  { additionalProperties: false }
);
export type TriageBody = Static<typeof TriageBody>;

export const TriageResultDto = Type.Object({
  action: TriageActionSchema,
  /** Submissions whose status changed. */
  changed: Type.Array(Type.Integer()),
  /** Accepted ones whose exact text the cycle's Vraagpunt source already held: noted as duplicates of it. */
  repeats: Type.Array(Type.Integer()),
  /** The import batch holding the new questions, when some were accepted. */
  batchId: Nullable(Type.Integer())
});
export type TriageResultDto = Static<typeof TriageResultDto>;
