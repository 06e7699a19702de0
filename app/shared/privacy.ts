import { type Static, type TSchema, Type } from 'typebox';
import { Timestamp } from './schemas.js';

/** What stands in stored text where a person's name, e-mail address or phone number was erased. */
export const ERASED_MARK = '[verwijderd]';

const Email = Type.String({ minLength: 3, maxLength: 320 });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const PersonQuery = Type.Object({ email: Email }, { additionalProperties: false });
export type PersonQuery = Static<typeof PersonQuery>;

export const EraseBody = Type.Object(
  {
    email: Email,
    /** Erasure cannot be undone: the caller says so explicitly. */
    confirm: Type.Literal(true)
  },
  { additionalProperties: false }
);
export type EraseBody = Static<typeof EraseBody>;

const AskedQuestion = Type.Object({
  id: Type.Integer(),
  text: Type.String(),
  column: Type.String(),
  askedOn: Nullable(Type.String()),
  level: Type.String(),
  role: Nullable(Type.String()),
  status: Type.String()
});

/** One row of an imported file with the asker's personal data, and the questions it gave. */
const AskerRecord = Type.Object({
  cycle: Type.String(),
  source: Type.String(),
  fileName: Type.String(),
  importedAt: Timestamp,
  rowNumber: Type.Integer(),
  name: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  consent: Nullable(Type.Boolean()),
  questions: Type.Array(AskedQuestion)
});

/** A question of someone else's row whose text holds the person's e-mail address. */
const Mention = Type.Object({
  id: Type.Integer(),
  cycle: Type.String(),
  source: Type.String(),
  fileName: Type.String(),
  rowNumber: Type.Integer(),
  text: Type.String()
});

const Account = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  email: Type.String(),
  role: Type.String(),
  createdAt: Timestamp,
  disabled: Type.Boolean()
});

const RoundTheme = { roundId: Type.Integer(), round: Type.String(), themeId: Type.Integer(), theme: Type.String() };

export const PersonExportDto = Type.Object({
  email: Type.String(),
  exportedAt: Timestamp,
  summary: Type.Object({
    askerRecords: Type.Integer(),
    questions: Type.Integer(),
    mentions: Type.Integer(),
    account: Type.Integer(),
    memberships: Type.Integer(),
    invitations: Type.Integer(),
    declarations: Type.Integer(),
    scores: Type.Integer(),
    comments: Type.Integer(),
    feedback: Type.Integer(),
    raterReviews: Type.Integer(),
    auditEntries: Type.Integer(),
    vraagpunt: Type.Integer()
  }),
  askerRecords: Type.Array(AskerRecord),
  /** Questions sent through the Vraagpunt form with this address, as they stand in the inbox. */
  vraagpunt: Type.Array(
    Type.Object({
      id: Type.Integer(),
      receivedAt: Timestamp,
      text: Type.String(),
      name: Nullable(Type.String()),
      email: Nullable(Type.String()),
      status: Type.String()
    })
  ),
  mentions: Type.Array(Mention),
  account: Nullable(Account),
  memberships: Type.Array(
    Type.Object({ cycle: Type.String(), committee: Type.String(), membership: Type.String(), joinedAt: Timestamp })
  ),
  invitations: Type.Array(
    Type.Object({
      id: Type.Integer(),
      cycle: Type.String(),
      committee: Type.String(),
      name: Type.String(),
      email: Type.String(),
      membership: Type.String(),
      createdAt: Timestamp,
      status: Type.Union([
        Type.Literal('open'),
        Type.Literal('accepted'),
        Type.Literal('revoked'),
        Type.Literal('expired')
      ])
    })
  ),
  declarations: Type.Array(
    Type.Object({
      roundId: Type.Integer(),
      round: Type.String(),
      kind: Type.String(),
      theme: Nullable(Type.String()),
      description: Type.String(),
      declaredAt: Timestamp
    })
  ),
  scores: Type.Array(
    Type.Object({
      ...RoundTheme,
      criterion: Type.String(),
      value: Nullable(Type.Number()),
      dontKnow: Type.Boolean(),
      reason: Nullable(Type.String()),
      updatedAt: Timestamp
    })
  ),
  comments: Type.Array(Type.Object({ ...RoundTheme, comment: Type.String(), updatedAt: Timestamp })),
  feedback: Type.Array(
    Type.Object({ ...RoundTheme, category: Type.String(), text: Type.String(), createdAt: Timestamp })
  ),
  raterReviews: Type.Array(
    Type.Object({
      roundId: Type.Integer(),
      round: Type.String(),
      decision: Type.String(),
      note: Type.String(),
      decidedAt: Timestamp
    })
  ),
  /** Entries the person made, and entries about them (their account, memberships, invitations, questions). */
  audit: Type.Array(
    Type.Object({
      id: Type.Integer(),
      at: Timestamp,
      action: Type.String(),
      entity: Type.String(),
      entityId: Nullable(Type.String()),
      byThisPerson: Type.Boolean(),
      before: Type.Unknown(),
      after: Type.Unknown()
    })
  )
});
export type PersonExportDto = Static<typeof PersonExportDto>;

export const EraseResultDto = Type.Object({
  /** What was erased, in counts; the same numbers the audit log records (without the address). */
  erased: Type.Object({
    askerRecords: Type.Integer(),
    questions: Type.Integer(),
    mentions: Type.Integer(),
    accounts: Type.Integer(),
    sessions: Type.Integer(),
    invitations: Type.Integer(),
    declarations: Type.Integer(),
    texts: Type.Integer(),
    auditEntries: Type.Integer(),
    vraagpunt: Type.Integer()
  }),
  summary: Type.String()
});
export type EraseResultDto = Static<typeof EraseResultDto>;
