import { type Static, Type } from 'typebox';
import { SEED_THEME_LIMITS } from './seed-themes.js';

/** JSON shapes of the API, shared by the Fastify routes (validation, OpenAPI) and the pages (types). */

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Record(Type.String(), Type.Unknown())
  })
});
export type ErrorBody = Static<typeof ErrorBody>;

/** Dates leave the server as ISO strings; the server's own code hands in Date objects. */
export const Timestamp = Type.Unsafe<string | Date>({ type: 'string', format: 'date-time' });

export const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
export const CycleParams = Type.Object({ cycleId: Id });
export const RoundParams = Type.Object({ roundId: Id });

export const RoleSchema = Type.Union([
  Type.Literal('admin'),
  Type.Literal('staff'),
  Type.Literal('director'),
  Type.Literal('committee')
]);

export const UserDto = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema
});
export type UserDto = Static<typeof UserDto>;

export const MeDto = Type.Object({
  user: Type.Union([UserDto, Type.Null()]),
  csrfToken: Type.Union([Type.String(), Type.Null()])
});
export type MeDto = Static<typeof MeDto>;

export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 320 }),
    password: Type.String({ minLength: 1, maxLength: 1024 })
  },
  { additionalProperties: false }
);

export const HealthDto = Type.Object({
  status: Type.Literal('ok'),
  database: Type.Union([Type.Literal('postgresql'), Type.Literal('pglite')]),
  migration: Type.Union([Type.String(), Type.Null()])
});

export const CyclePhaseSchema = Type.Union(
  ['inventory', 'prioritisation', 'concretisation', 'published', 'evaluated'].map((p) => Type.Literal(p))
);
export const CycleDto = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  startsOn: Type.String(),
  endsOn: Type.String(),
  phase: Type.String()
});
export type CycleDto = Static<typeof CycleDto>;

export const SourceKindSchema = Type.Union([
  Type.Literal('vraagpunt'),
  Type.Literal('survey'),
  Type.Literal('focusgroup'),
  Type.Literal('other')
]);
export const SourceDto = Type.Object({
  id: Type.Integer(),
  cycleId: Type.Integer(),
  kind: SourceKindSchema,
  name: Type.String(),
  participantCount: Type.Union([Type.Integer(), Type.Null()]),
  questionCount: Type.Integer()
});
export type SourceDto = Static<typeof SourceDto>;

export const NewSourceBody = Type.Object(
  {
    kind: SourceKindSchema,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    participantCount: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 100000 }), Type.Null()]))
  },
  { additionalProperties: false }
);

export const CommitteeDto = Type.Object({
  id: Type.Integer(),
  cycleId: Type.Integer(),
  kind: Type.Union([Type.Literal('scientific'), Type.Literal('user')]),
  name: Type.String(),
  maxMembers: Type.Integer(),
  members: Type.Array(
    Type.Object({
      userId: Type.Integer(),
      name: Type.String(),
      email: Type.String(),
      membership: Type.Union([Type.Literal('member'), Type.Literal('chair'), Type.Literal('observer')])
    })
  )
});
export type CommitteeDto = Static<typeof CommitteeDto>;

export const RejectedRowDto = Type.Object({
  row: Type.Integer(),
  column: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  reason: Type.String()
});

export const COLUMN_ROLES = [
  'text',
  'level',
  'role',
  'date',
  'respondent',
  'name',
  'email',
  'phone',
  'ip',
  'consent',
  'ignore'
] as const;
export const ColumnRoleSchema = Type.Union([
  Type.Literal('text'),
  Type.Literal('level'),
  Type.Literal('role'),
  Type.Literal('date'),
  Type.Literal('respondent'),
  Type.Literal('name'),
  Type.Literal('email'),
  Type.Literal('phone'),
  Type.Literal('ip'),
  Type.Literal('consent'),
  Type.Literal('ignore')
]);
export const MappingDto = Type.Object(
  {
    columns: Type.Array(
      Type.Object({ column: Type.String(), role: ColumnRoleSchema }, { additionalProperties: false }),
      { maxItems: 20000 }
    )
  },
  { additionalProperties: false }
);
export type MappingDto = Static<typeof MappingDto>;
export const ImportBatchDto = Type.Object({
  id: Type.Integer(),
  sourceId: Type.Integer(),
  sourceName: Type.String(),
  fileName: Type.String(),
  sha256: Type.String(),
  format: Type.String(),
  encoding: Type.String(),
  delimiter: Type.String(),
  headerRows: Type.Integer(),
  mapping: MappingDto,
  textColumns: Type.Array(Type.String()),
  sizeBytes: Type.Integer(),
  rowCount: Type.Integer(),
  questionCount: Type.Integer(),
  duplicateCount: Type.Integer(),
  cellsSplit: Type.Integer(),
  rejected: Type.Array(RejectedRowDto),
  createdAt: Timestamp
});
export type ImportBatchDto = Static<typeof ImportBatchDto>;

const ProgressKey = Type.String({ pattern: '^[A-Za-z0-9-]{8,64}$' });

export const ImportQuery = Type.Object(
  {
    sourceId: Id,
    fileName: Type.String({ minLength: 1, maxLength: 255 }),
    textColumn: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 1000 }), { maxItems: 100 })),
    encoding: Type.Optional(
      Type.Union(['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252'].map((e) => Type.Literal(e)))
    ),
    delimiter: Type.Optional(Type.Union([',', ';', '\t', '|'].map((d) => Type.Literal(d)))),
    /** A confirmed column mapping, as JSON (MappingDto). */
    mapping: Type.Optional(Type.String({ maxLength: 200000 })),
    split: Type.Optional(Type.Boolean()),
    /** A key of the uploader's choosing under which the import's progress can be read, and the import stopped. */
    progress: Type.Optional(ProgressKey)
  },
  { additionalProperties: false }
);

export const ProgressParams = Type.Object({ key: ProgressKey });

export const ImportProgressDto = Type.Object({
  bytes: Type.Integer(),
  rows: Type.Integer(),
  questions: Type.Integer(),
  state: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed'), Type.Literal('cancelled')])
});
export type ImportProgressDto = Static<typeof ImportProgressDto>;

export const ImportPreviewDto = Type.Object({
  format: Type.String(),
  encoding: Type.Union([Type.String(), Type.Null()]),
  delimiter: Type.Union([Type.String(), Type.Null()]),
  headerRows: Type.Integer(),
  columns: Type.Array(Type.String()),
  mapping: MappingDto,
  textColumns: Type.Array(Type.String()),
  rows: Type.Integer(),
  questions: Type.Integer(),
  cellsSplit: Type.Integer(),
  personalRows: Type.Integer(),
  participantCount: Type.Union([Type.Integer(), Type.Null()]),
  preview: Type.Array(Type.Object({ row: Type.Integer(), cells: Type.Array(Type.String()) })),
  rejected: Type.Array(RejectedRowDto),
  sample: Type.Array(Type.Object({ row: Type.Integer(), column: Type.String(), text: Type.String() }))
});
export type ImportPreviewDto = Static<typeof ImportPreviewDto>;

export const BatchParams = Type.Object({ cycleId: Id, batchId: Id });

export const QuestionDto = Type.Object({
  id: Type.Integer(),
  text: Type.String(),
  sourceId: Type.Integer(),
  sourceName: Type.String(),
  sourceKind: SourceKindSchema,
  fileName: Type.String(),
  rowNumber: Type.Integer(),
  columnName: Type.String(),
  level: Type.String(),
  askerRole: Type.Union([Type.String(), Type.Null()]),
  askedOn: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  themeId: Type.Union([Type.Integer(), Type.Null()])
});
export type QuestionDto = Static<typeof QuestionDto>;

export const ThemeDto = Type.Object({
  id: Type.Integer(),
  cycleId: Type.Integer(),
  runId: Type.Union([Type.Integer(), Type.Null()]),
  name: Type.String(),
  description: Type.String(),
  keywords: Type.Array(Type.String()),
  representativeQuestionIds: Type.Array(Type.Integer()),
  isOverarching: Type.Boolean(),
  /** Active questions in the theme; a confirmed duplicate counts once, through its original. */
  questionCount: Type.Integer(),
  /** Confirmed duplicates among the theme's questions (not in questionCount, still listed). */
  duplicates: Type.Integer()
});
export type ThemeDto = Static<typeof ThemeDto>;

export const ClusteringRunStatusSchema = Type.Union([
  Type.Literal('running'),
  Type.Literal('done'),
  Type.Literal('failed'),
  Type.Literal('accepted'),
  Type.Literal('discarded')
]);
export const KRequestSchema = Type.Union([Type.Integer({ minimum: 1, maximum: 200 }), Type.Literal('auto')]);

export const ProposedThemeDto = Type.Object({
  cluster: Type.Integer(),
  label: Type.String(),
  description: Type.String(),
  keywords: Type.Array(Type.String()),
  size: Type.Integer(),
  /** The seed theme this theme continues; null for a theme the run found itself. */
  seedName: Type.Union([Type.String(), Type.Null()]),
  /** The questions nearest the theme's centre, most typical first (at most three). */
  representatives: Type.Array(Type.Object({ id: Type.Integer(), text: Type.String() }))
});
export type ProposedThemeDto = Static<typeof ProposedThemeDto>;

/** A theme discovery run: its parameters, its progress while it runs, and its proposal once it is done. */
export const ClusteringRunDto = Type.Object({
  id: Type.Integer(),
  cycleId: Type.Integer(),
  method: Type.String(),
  status: ClusteringRunStatusSchema,
  /** While running: waiting for a worker, grouping, or storing the result. */
  phase: Type.Union([Type.Literal('queued'), Type.Literal('grouping'), Type.Literal('storing'), Type.Null()]),
  error: Type.Union([Type.Literal('failed'), Type.Literal('interrupted'), Type.Null()]),
  errorDetail: Type.Union([Type.String(), Type.Null()]),
  kRequested: Type.Union([Type.Integer(), Type.Literal('auto')]),
  seed: Type.Integer(),
  seedSource: Type.Union([Type.Literal('none'), Type.Literal('list'), Type.Literal('current')]),
  seedThemes: Type.Array(
    Type.Object({ name: Type.String(), description: Type.String(), exampleCount: Type.Integer() })
  ),
  questionCount: Type.Integer(),
  /** Known once done: the number of themes proposed, seed themes included. */
  k: Type.Union([Type.Integer(), Type.Null()]),
  metrics: Type.Union([
    Type.Object({
      inertia: Type.Number(),
      silhouette: Type.Union([Type.Number(), Type.Null()]),
      unassigned: Type.Integer(),
      /** The silhouette per number of new themes tried, when that number was chosen automatically. */
      kCandidates: Type.Array(Type.Object({ k: Type.Integer(), silhouette: Type.Union([Type.Number(), Type.Null()]) }))
    }),
    Type.Null()
  ]),
  durationMs: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Timestamp,
  finishedAt: Type.Union([Timestamp, Type.Null()]),
  decidedAt: Type.Union([Timestamp, Type.Null()]),
  /** The proposed themes, seed themes first; empty until the run is done. */
  themes: Type.Array(ProposedThemeDto)
});
export type ClusteringRunDto = Static<typeof ClusteringRunDto>;

export const RunParams = Type.Object({ cycleId: Id, runId: Id });

export const SeedThemeInput = Type.Object(
  {
    // No minLength: a blank name is refused by the service with its position in the list.
    name: Type.String({ maxLength: SEED_THEME_LIMITS.name }),
    description: Type.Optional(Type.String({ maxLength: SEED_THEME_LIMITS.description })),
    examples: Type.Optional(
      Type.Array(Type.String({ maxLength: SEED_THEME_LIMITS.example }), { maxItems: SEED_THEME_LIMITS.examples })
    )
  },
  { additionalProperties: false }
);
export type SeedThemeInput = Static<typeof SeedThemeInput>;

export const DiscoveryBody = Type.Object(
  {
    /** Number of new themes, or 'auto' (default) to choose it by silhouette. */
    k: Type.Optional(KRequestSchema),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647 })),
    /** Themes known in advance (e.g. from an uploaded file); questions go to them first. */
    seedThemes: Type.Optional(Type.Array(SeedThemeInput, { maxItems: SEED_THEME_LIMITS.themes })),
    /** Seed the run with the current themes (names, descriptions, their questions as examples). */
    seedWithCurrentThemes: Type.Optional(Type.Boolean())
  },
  { additionalProperties: false }
);
export type DiscoveryBody = Static<typeof DiscoveryBody>;

/** The current themes against a run's proposal: what would move where on accepting it. */
export const RunComparisonDto = Type.Object({
  runId: Type.Integer(),
  /** False in a cycle without themes: the proposal is all there is. */
  hasCurrentThemes: Type.Boolean(),
  currentThemes: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), size: Type.Integer() })),
  proposedThemes: Type.Array(
    Type.Object({
      cluster: Type.Integer(),
      label: Type.String(),
      size: Type.Integer(),
      /** The current theme it continues (same name, or most of its questions), or null for a new theme. */
      continuesThemeId: Type.Union([Type.Integer(), Type.Null()])
    })
  ),
  /** Questions per (current theme → proposed theme); null theme = none, cluster -1 = unassigned. */
  cells: Type.Array(
    Type.Object({
      fromThemeId: Type.Union([Type.Integer(), Type.Null()]),
      toCluster: Type.Integer(),
      count: Type.Integer()
    })
  ),
  /** Questions whose theme would change, at most `movesLimit` of them. */
  moves: Type.Array(
    Type.Object({
      questionId: Type.Integer(),
      text: Type.String(),
      fromThemeId: Type.Union([Type.Integer(), Type.Null()]),
      toCluster: Type.Integer()
    })
  ),
  movesLimit: Type.Integer(),
  moved: Type.Integer(),
  stay: Type.Integer(),
  /** Active questions that arrived after the run: unassigned when it is accepted. */
  notInRun: Type.Integer()
});
export type RunComparisonDto = Static<typeof RunComparisonDto>;

export const AssignNewDto = Type.Object({
  assigned: Type.Integer(),
  left: Type.Integer(),
  themes: Type.Array(Type.Object({ themeId: Type.Integer(), name: Type.String(), added: Type.Integer() }))
});
export type AssignNewDto = Static<typeof AssignNewDto>;

/** When a theme has reached consensus: ≥ topShare of the scores in the top third of the scale, IQR ≤ maxIqr. */
export const ConsensusRuleDto = Type.Object(
  { topShare: Type.Number(), maxIqr: Type.Number() },
  { additionalProperties: false }
);
export type ConsensusRuleDto = Static<typeof ConsensusRuleDto>;

export const RoundKindSchema = Type.Union([Type.Literal('rating'), Type.Literal('feedback')]);
export const ScaleKindSchema = Type.Union([Type.Literal('scale'), Type.Literal('ranking')]);

export const RoundStatusSchema = Type.Union([Type.Literal('draft'), Type.Literal('open'), Type.Literal('closed')]);

/** The fields of a round that staff and members both see. */
const roundFields = {
  id: Type.Integer(),
  cycleId: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  /** A rating round scores themes; a feedback round gathers comments per theme (no criteria, no scale). */
  kind: RoundKindSchema,
  /** Scores on scaleMin..scaleMax, or a ranking of the member's top rankTopN themes (1 = most important). */
  scaleKind: ScaleKindSchema,
  scaleMin: Type.Integer(),
  scaleMax: Type.Integer(),
  rankTopN: Type.Union([Type.Integer(), Type.Null()]),
  status: RoundStatusSchema,
  blind: Type.Boolean(),
  /** Planned dates; openedAt and closedAt record when it happened. */
  opensAt: Type.Union([Timestamp, Type.Null()]),
  closesAt: Type.Union([Timestamp, Type.Null()]),
  openedAt: Type.Union([Timestamp, Type.Null()]),
  closedAt: Type.Union([Timestamp, Type.Null()]),
  /** Delphi: the earlier round this one follows. */
  previousRoundId: Type.Union([Type.Integer(), Type.Null()])
};

export const RoundDto = Type.Object({
  ...roundFields,
  consensus: Type.Union([ConsensusRuleDto, Type.Null()]),
  themeCount: Type.Integer(),
  committeeIds: Type.Array(Type.Integer())
});
export type RoundDto = Static<typeof RoundDto>;

export const CriterionBody = Type.Object(
  {
    name: Type.String({ maxLength: 120 }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    weight: Type.Optional(Type.Number())
  },
  { additionalProperties: false }
);

/**
 * A round's setup. Without criteria a rating round gets the one criterion "Prioriteit"; without a status it
 * opens at once. Limits that have a message of their own (scale, weights, dates…) are checked by the service.
 */
export const NewRoundBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    kind: Type.Optional(RoundKindSchema),
    scaleKind: Type.Optional(ScaleKindSchema),
    scaleMax: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
    rankTopN: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
    criteria: Type.Optional(Type.Array(CriterionBody, { maxItems: 50 })),
    themeIds: Type.Optional(Type.Array(Id, { maxItems: 1000 })),
    committeeIds: Type.Optional(Type.Array(Id, { maxItems: 10 })),
    opensAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
    closesAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
    blind: Type.Optional(Type.Boolean()),
    previousRoundId: Type.Optional(Type.Union([Id, Type.Null()])),
    consensus: Type.Optional(Type.Union([ConsensusRuleDto, Type.Null()])),
    /** 'draft' saves it for later; 'open' (the default) opens it at once. */
    status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('open')]))
  },
  { additionalProperties: false }
);
export type NewRoundBody = Static<typeof NewRoundBody>;

export const CriterionDto = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  weight: Type.Number()
});

/** Scale rounds rank by weighted mean score, ranking rounds by Borda points (N + 1 − rank, summed). */
export const RankingDto = Type.Object({
  round: RoundDto,
  method: Type.Union([Type.Literal('mean'), Type.Literal('borda')]),
  themes: Type.Array(
    Type.Object({
      /** Equal figures share a rank ("1, 2, 2, 4"). */
      rank: Type.Integer(),
      themeId: Type.Integer(),
      name: Type.String(),
      mean: Type.Union([Type.Number(), Type.Null()]),
      points: Type.Union([Type.Number(), Type.Null()]),
      raters: Type.Integer(),
      scores: Type.Integer()
    })
  )
});
export type RankingDto = Static<typeof RankingDto>;

export const ProgressDto = Type.Array(
  Type.Object({ userId: Type.Integer(), name: Type.String(), committeeName: Type.String(), scored: Type.Integer() })
);
export type ProgressDto = Static<typeof ProgressDto>;

/** A round with what it consists of: criteria in their order, themes by name. */
export const RoundDetailDto = Type.Intersect([
  RoundDto,
  Type.Object({
    criteria: Type.Array(CriterionDto),
    themes: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
    previousRoundName: Type.Union([Type.String(), Type.Null()])
  })
]);
export type RoundDetailDto = Static<typeof RoundDetailDto>;

const MonitorState = Type.Union([Type.Literal('submitted'), Type.Literal('started'), Type.Literal('not_started')]);

/** Staff follow a round: per committee and per member who has started and who has submitted. */
export const RoundMonitorDto = Type.Object({
  committees: Type.Array(
    Type.Object({
      committeeId: Type.Integer(),
      name: Type.String(),
      kind: Type.Union([Type.Literal('scientific'), Type.Literal('user')]),
      raters: Type.Integer(),
      submitted: Type.Integer(),
      started: Type.Integer(),
      notStarted: Type.Integer()
    })
  ),
  members: Type.Array(
    Type.Object({
      userId: Type.Integer(),
      name: Type.String(),
      committeeId: Type.Integer(),
      committeeName: Type.String(),
      membership: Type.Union([Type.Literal('member'), Type.Literal('chair')]),
      /** Themes fully answered (every criterion scored or "weet ik niet"; ranked; commented on). */
      answered: Type.Integer(),
      /** Themes the member can answer: the round's themes less recusals (a ranking: at most its top N). */
      total: Type.Integer(),
      recused: Type.Integer(),
      state: MonitorState,
      submittedAt: Type.Union([Timestamp, Type.Null()]),
      lastActivityAt: Type.Union([Timestamp, Type.Null()])
    })
  )
});
export type RoundMonitorDto = Static<typeof RoundMonitorDto>;

const Figure = Type.Union([Type.Number(), Type.Null()]);

/** Delphi figures per theme × criterion; consensus is null where no rule applies (ranking rounds). */
export const RoundSummaryDto = Type.Object({
  roundId: Type.Integer(),
  scaleKind: ScaleKindSchema,
  scaleMin: Type.Integer(),
  scaleMax: Type.Integer(),
  rule: Type.Union([ConsensusRuleDto, Type.Null()]),
  criteria: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), weight: Type.Number() })),
  themes: Type.Array(
    Type.Object({
      themeId: Type.Integer(),
      name: Type.String(),
      /** Consensus on every criterion. */
      consensus: Type.Union([Type.Boolean(), Type.Null()]),
      criteria: Type.Array(
        Type.Object({
          criterionId: Type.Integer(),
          n: Type.Integer(),
          median: Figure,
          q1: Figure,
          q3: Figure,
          iqr: Figure,
          topShare: Figure,
          consensus: Type.Union([Type.Boolean(), Type.Null()])
        })
      )
    })
  )
});
export type RoundSummaryDto = Static<typeof RoundSummaryDto>;

/** Another consensus rule than the round's own, to see which themes it would leave out. */
export const SummaryQuery = Type.Object(
  { topShare: Type.Optional(Type.Number()), maxIqr: Type.Optional(Type.Number()) },
  { additionalProperties: false }
);

export const Ok = Type.Object({ ok: Type.Literal(true) });

/** The 4xx answers every route can give, documented once. */
export const clientErrors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  413: ErrorBody,
  415: ErrorBody
};

export const SplitCellDto = Type.Object({
  rowNumber: Type.Integer(),
  columnName: Type.String(),
  cellText: Type.String(),
  parts: Type.Array(
    Type.Object({ id: Type.Integer(), text: Type.String(), themeId: Type.Union([Type.Integer(), Type.Null()]) })
  )
});
export type SplitCellDto = Static<typeof SplitCellDto>;

export const PersonalRecordDto = Type.Object({
  rowNumber: Type.Integer(),
  name: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  consent: Type.Union([Type.Boolean(), Type.Null()])
});
export type PersonalRecordDto = Static<typeof PersonalRecordDto>;

export const QuestionParams = Type.Object({ cycleId: Id, questionId: Id });
export const UndoSplitDto = Type.Object({ questionId: Type.Integer(), text: Type.String() });
export type UndoSplitDto = Static<typeof UndoSplitDto>;

export const DuplicateStatusSchema = Type.Union([
  Type.Literal('proposed'),
  Type.Literal('confirmed'),
  Type.Literal('rejected')
]);
export type DuplicateStatus = Static<typeof DuplicateStatusSchema>;
export const DuplicateParams = Type.Object({ cycleId: Id, linkId: Id });
export const DuplicateQuery = Type.Object({ status: Type.Optional(DuplicateStatusSchema) });
export const DuplicateDecisionBody = Type.Object({ decision: DuplicateStatusSchema }, { additionalProperties: false });

/** One question linked to an original as its duplicate, with the link's state. */
export const DuplicateLinkDto = Type.Object({
  linkId: Type.Integer(),
  id: Type.Integer(),
  text: Type.String(),
  /** 1 for an exact duplicate (equal after normalisation). */
  similarity: Type.Number(),
  exact: Type.Boolean(),
  status: DuplicateStatusSchema,
  decidedAt: Type.Union([Timestamp, Type.Null()])
});
export type DuplicateLinkDto = Static<typeof DuplicateLinkDto>;

/** An original question (the earliest of its group) and the questions linked to it. */
export const DuplicateGroupDto = Type.Object({
  original: Type.Object({ id: Type.Integer(), text: Type.String() }),
  members: Type.Array(DuplicateLinkDto)
});
export type DuplicateGroupDto = Static<typeof DuplicateGroupDto>;

export const DuplicateDetectionDto = Type.Object({
  questionCount: Type.Integer(),
  found: Type.Integer(),
  added: Type.Integer(),
  proposed: Type.Integer(),
  confirmed: Type.Integer(),
  rejected: Type.Integer()
});
export type DuplicateDetectionDto = Static<typeof DuplicateDetectionDto>;

// ── Committees and invitations (issue 6, point 1) ──────────────────────────────────────────────────────────────

export const CommitteeKindSchema = Type.Union([Type.Literal('scientific'), Type.Literal('user')]);
export type CommitteeKind = Static<typeof CommitteeKindSchema>;
export const MembershipSchema = Type.Union([Type.Literal('member'), Type.Literal('chair'), Type.Literal('observer')]);
export type Membership = Static<typeof MembershipSchema>;
export const MEMBERSHIPS: readonly Membership[] = ['member', 'chair', 'observer'];

/** Members and chairs who rate: at most 10 in a scientific committee, 20 in a user committee, unless staff say so. */
export const DEFAULT_MAX_MEMBERS: Record<CommitteeKind, number> = { scientific: 10, user: 20 };
export const DEFAULT_MAX_OBSERVERS = 2;
/** Days an invitation link works, unless staff choose otherwise. */
export const INVITATION_DAYS = 14;
export const PASSWORD_MIN_LENGTH = 12;
/** Bounds the server accepts (and the forms offer). */
export const COMMITTEE_LIMITS = {
  maxMembers: { min: 1, max: 100 },
  maxObservers: { min: 0, max: 20 },
  validDays: { min: 1, max: 90 }
} as const;

/** A whole number within one of the COMMITTEE_LIMITS (bounds included). */
export const withinLimit = (value: number | null, { min, max }: { min: number; max: number }): boolean =>
  value !== null && Number.isInteger(value) && value >= min && value <= max;

export const CommitteeParams = Type.Object({ committeeId: Id });
export const CommitteeMemberParams = Type.Object({ committeeId: Id, userId: Id });
export const InvitationParams = Type.Object({ invitationId: Id });
export const InvitationTokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });

export const InvitationStatusSchema = Type.Union([
  Type.Literal('open'),
  Type.Literal('accepted'),
  Type.Literal('expired'),
  Type.Literal('revoked')
]);
export type InvitationStatus = Static<typeof InvitationStatusSchema>;

export const CommitteeMemberDto = Type.Object({
  userId: Type.Integer(),
  name: Type.String(),
  email: Type.String(),
  membership: MembershipSchema,
  joinedAt: Timestamp
});
export type CommitteeMemberDto = Static<typeof CommitteeMemberDto>;

export const InvitationDto = Type.Object({
  id: Type.Integer(),
  committeeId: Type.Integer(),
  name: Type.String(),
  email: Type.String(),
  membership: MembershipSchema,
  status: InvitationStatusSchema,
  expiresAt: Timestamp,
  createdAt: Timestamp,
  acceptedAt: Type.Union([Timestamp, Type.Null()]),
  revokedAt: Type.Union([Timestamp, Type.Null()]),
  createdByName: Type.Union([Type.String(), Type.Null()])
});
export type InvitationDto = Static<typeof InvitationDto>;

/** A committee as staff manage it: limits, seats taken (open invitations count), members and invitations. */
export const CommitteeOverviewDto = Type.Object({
  id: Type.Integer(),
  cycleId: Type.Integer(),
  kind: CommitteeKindSchema,
  name: Type.String(),
  maxMembers: Type.Integer(),
  maxObservers: Type.Integer(),
  raters: Type.Integer(),
  observers: Type.Integer(),
  openRaterInvitations: Type.Integer(),
  openObserverInvitations: Type.Integer(),
  members: Type.Array(CommitteeMemberDto),
  invitations: Type.Array(InvitationDto)
});
export type CommitteeOverviewDto = Static<typeof CommitteeOverviewDto>;

/** Create or change a committee; limits left out take the kind's default (create) or stay as they are (change). */
export const CommitteeBody = Type.Object(
  {
    kind: CommitteeKindSchema,
    name: Type.String({ maxLength: 200 }),
    maxMembers: Type.Optional(Type.Integer()),
    maxObservers: Type.Optional(Type.Integer())
  },
  { additionalProperties: false }
);
export type CommitteeBody = Static<typeof CommitteeBody>;

export const MembershipBody = Type.Object({ membership: MembershipSchema }, { additionalProperties: false });

export const InvitationBody = Type.Object(
  {
    name: Type.String({ maxLength: 200 }),
    email: Type.String({ maxLength: 320 }),
    membership: MembershipSchema,
    validDays: Type.Optional(Type.Integer())
  },
  { additionalProperties: false }
);
export type InvitationBody = Static<typeof InvitationBody>;

export const RenewInvitationBody = Type.Object(
  { validDays: Type.Optional(Type.Integer()) },
  { additionalProperties: false }
);

/** A new invitation link, returned once: only the hash of its token is stored. */
export const InvitationLinkDto = Type.Object({
  invitation: InvitationDto,
  token: Type.String(),
  /** Relative to the site, e.g. /uitnodiging/<token>. */
  path: Type.String()
});
export type InvitationLinkDto = Static<typeof InvitationLinkDto>;

/** What the invitee sees when opening the link. */
export const InvitationPublicDto = Type.Object({
  name: Type.String(),
  email: Type.String(),
  membership: MembershipSchema,
  committeeName: Type.String(),
  committeeKind: CommitteeKindSchema,
  cycleName: Type.String(),
  expiresAt: Timestamp,
  accountExists: Type.Boolean(),
  signedInAsInvitee: Type.Boolean()
});
export type InvitationPublicDto = Static<typeof InvitationPublicDto>;

export const AcceptInvitationBody = Type.Object(
  { password: Type.Optional(Type.String({ maxLength: 1024 })) },
  { additionalProperties: false }
);

export const AcceptedInvitationDto = Type.Object({
  user: UserDto,
  csrfToken: Type.String(),
  committeeId: Type.Integer(),
  created: Type.Boolean()
});
export type AcceptedInvitationDto = Static<typeof AcceptedInvitationDto>;

// ── The ballot: what a committee member does in a round (issue 6, points 3–6 and 8) ───────────────────────────────

export const FeedbackCategorySchema = Type.Union([
  Type.Literal('gaps'),
  Type.Literal('literature'),
  Type.Literal('naming'),
  Type.Literal('fit')
]);
export type FeedbackCategory = Static<typeof FeedbackCategorySchema>;
/** In the order they are asked and shown: gaps, literature suggestions, naming, fit with the mission. */
export const FEEDBACK_CATEGORIES: readonly FeedbackCategory[] = ['gaps', 'literature', 'naming', 'fit'];

/** Longest texts a member can send. */
export const BALLOT_LIMITS = { declaration: 500, comment: 2000, reason: 1000, feedback: 4000 } as const;

/** A round as a member sees it in their list and on their ballot. */
export const MemberRoundDto = Type.Object({
  ...roundFields,
  themeCount: Type.Integer(),
  membership: MembershipSchema,
  /** Open now: answers can be changed (until the round closes, also after the final submit). */
  accepting: Type.Boolean(),
  /** The member has declared their interests (or that they have none). */
  declared: Type.Boolean(),
  submittedAt: Type.Union([Timestamp, Type.Null()]),
  /** Themes answered of those the member can answer (a ranking: places filled of its top N). */
  progress: Type.Object({ done: Type.Integer(), total: Type.Integer() })
});
export type MemberRoundDto = Static<typeof MemberRoundDto>;

export const BallotCriterionDto = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  weight: Type.Number(),
  position: Type.Integer()
});
export type BallotCriterionDto = Static<typeof BallotCriterionDto>;

const BallotFigure = Type.Union([Type.Number(), Type.Null()]);

/** Delphi: the member's own answer in the round before (value null: "weet ik niet") and the group's spread. */
export const DelphiEntryDto = Type.Object({
  own: Type.Union([Type.Object({ value: Type.Union([Type.Integer(), Type.Null()]) }), Type.Null()]),
  /** Null while the round before is still open (blind). */
  group: Type.Union([
    Type.Object({ n: Type.Integer(), median: BallotFigure, q1: BallotFigure, q3: BallotFigure, iqr: BallotFigure }),
    Type.Null()
  ])
});
export type DelphiEntryDto = Static<typeof DelphiEntryDto>;

export const DeclarationDto = Type.Object({
  declaredAt: Timestamp,
  none: Type.Boolean(),
  general: Type.Union([Type.String(), Type.Null()]),
  themes: Type.Array(Type.Object({ themeId: Type.Integer(), description: Type.String(), declaredAt: Timestamp }))
});
export type DeclarationDto = Static<typeof DeclarationDto>;

export const MemberFeedbackDto = Type.Object({
  id: Type.Integer(),
  category: FeedbackCategorySchema,
  text: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  handledAt: Type.Union([Timestamp, Type.Null()])
});
export type MemberFeedbackDto = Static<typeof MemberFeedbackDto>;

export const BallotThemeDto = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  keywords: Type.Array(Type.String()),
  /** 3–5 example questions, personal data masked. */
  questions: Type.Array(Type.Object({ id: Type.Integer(), text: Type.String() })),
  /** Criterion id → the member's score; null for "weet ik niet"; in a ranking round the place (1 = first). */
  scores: Type.Record(Type.String(), Type.Union([Type.Integer(), Type.Null()])),
  /** Criterion id → why the member changed their score since the round before. */
  reasons: Type.Record(Type.String(), Type.String()),
  comment: Type.Union([Type.String(), Type.Null()]),
  /** The member declared a conflict of interest for this theme: they do not rate it. */
  conflict: Type.Union([Type.String(), Type.Null()]),
  /** Criterion id → the round before (Delphi). */
  previous: Type.Record(Type.String(), DelphiEntryDto),
  feedback: Type.Array(MemberFeedbackDto)
});
export type BallotThemeDto = Static<typeof BallotThemeDto>;

/** A member's ballot: the round, its criteria, its themes and their own answers; never anybody else's. */
export const BallotDto = Type.Object({
  round: MemberRoundDto,
  criteria: Type.Array(BallotCriterionDto),
  declaration: Type.Union([DeclarationDto, Type.Null()]),
  previousRound: Type.Union([
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      scaleMin: Type.Integer(),
      scaleMax: Type.Integer(),
      closed: Type.Boolean()
    }),
    Type.Null()
  ]),
  themes: Type.Array(BallotThemeDto)
});
export type BallotDto = Static<typeof BallotDto>;

/** One score: a whole number on the round's scale, or "weet ik niet" (dontKnow, no value). */
export const ScoreBody = Type.Object(
  {
    themeId: Id,
    criterionId: Type.Optional(Id),
    // No nulls in request bodies: the server's validator would turn null into 0 or "" (coerceTypes).
    value: Type.Optional(Type.Number()),
    dontKnow: Type.Optional(Type.Boolean()),
    /** Required in a Delphi round when the score differs from the member's earlier one. */
    reason: Type.Optional(Type.String({ maxLength: BALLOT_LIMITS.reason }))
  },
  { additionalProperties: false }
);

export const SavedScoreDto = Type.Object({
  value: Type.Union([Type.Integer(), Type.Null()]),
  dontKnow: Type.Boolean(),
  reason: Type.Union([Type.String(), Type.Null()])
});

/** A ranking round: the member's top N, first place first. */
export const BallotRankingBody = Type.Object(
  { themeIds: Type.Array(Id, { maxItems: 1000 }) },
  { additionalProperties: false }
);

/** An empty comment removes it. */
export const BallotCommentBody = Type.Object(
  { themeId: Id, comment: Type.String({ maxLength: BALLOT_LIMITS.comment }) },
  { additionalProperties: false }
);

/** No interests to declare (none), or a general interest and/or conflicts on themes, each briefly described. */
export const DeclarationBody = Type.Object(
  {
    none: Type.Boolean(),
    general: Type.Optional(Type.String({ maxLength: BALLOT_LIMITS.declaration })),
    themes: Type.Array(
      Type.Object(
        { themeId: Id, description: Type.String({ maxLength: BALLOT_LIMITS.declaration }) },
        { additionalProperties: false }
      ),
      { maxItems: 1000 }
    )
  },
  { additionalProperties: false }
);

export const SubmissionDto = Type.Object({ submittedAt: Timestamp });

export const RoundInCycleParams = Type.Object({ cycleId: Id, roundId: Id });

const StaffRoundRefDto = Type.Object({
  id: Type.Integer(),
  cycleId: Type.Integer(),
  name: Type.String(),
  status: RoundStatusSchema,
  kind: RoundKindSchema
});

/** Staff see every declaration of interests in a round, and who has not declared yet. */
export const RoundConflictsDto = Type.Object({
  round: StaffRoundRefDto,
  declarations: Type.Array(
    Type.Object({
      id: Type.Integer(),
      userId: Type.Integer(),
      memberName: Type.String(),
      committees: Type.Array(Type.String()),
      kind: Type.Union([Type.Literal('none'), Type.Literal('general'), Type.Literal('theme')]),
      themeId: Type.Union([Type.Integer(), Type.Null()]),
      themeName: Type.Union([Type.String(), Type.Null()]),
      description: Type.String(),
      declaredAt: Timestamp
    })
  ),
  undeclared: Type.Array(
    Type.Object({ userId: Type.Integer(), name: Type.String(), committees: Type.Array(Type.String()) })
  )
});
export type RoundConflictsDto = Static<typeof RoundConflictsDto>;

export const FeedbackParams = Type.Object({ feedbackId: Id });

export const FeedbackBody = Type.Object(
  {
    themeId: Id,
    category: FeedbackCategorySchema,
    text: Type.String({ maxLength: BALLOT_LIMITS.feedback })
  },
  { additionalProperties: false }
);

export const FeedbackChangeBody = Type.Object(
  { category: FeedbackCategorySchema, text: Type.String({ maxLength: BALLOT_LIMITS.feedback }) },
  { additionalProperties: false }
);

export const FeedbackHandledBody = Type.Object({ handled: Type.Boolean() }, { additionalProperties: false });

/** A feedback item as its author sees it, plus the theme and who wrote and handled it. */
export const StaffFeedbackItemDto = Type.Object({
  ...MemberFeedbackDto.properties,
  themeId: Type.Integer(),
  authorName: Type.String(),
  handledByName: Type.Union([Type.String(), Type.Null()])
});
export type StaffFeedbackItemDto = Static<typeof StaffFeedbackItemDto>;

/** Staff read a feedback round per theme and category. */
export const RoundFeedbackDto = Type.Object({
  round: StaffRoundRefDto,
  themes: Type.Array(
    Type.Object({
      themeId: Type.Integer(),
      name: Type.String(),
      counts: Type.Object({
        gaps: Type.Integer(),
        literature: Type.Integer(),
        naming: Type.Integer(),
        fit: Type.Integer()
      }),
      unhandled: Type.Integer(),
      items: Type.Array(StaffFeedbackItemDto)
    })
  )
});
export type RoundFeedbackDto = Static<typeof RoundFeedbackDto>;

/** How reliability is measured: Krippendorff's alpha at a level of measurement. */
export const AlphaLevelSchema = Type.Union([
  Type.Literal('nominal'),
  Type.Literal('ordinal'),
  Type.Literal('interval'),
  Type.Literal('ratio')
]);

/** Choices on the analytics page; each has a default. */
export const AnalyticsQuery = Type.Object(
  {
    /** How many themes count as the top when rank stability is estimated (default 15). */
    topN: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    /** Committee weights in the combined ranking, as "committeeId:weight,…" (default: equal). */
    weights: Type.Optional(Type.String({ pattern: '^\\s*\\d+:\\d+(\\.\\d+)?\\s*(,\\s*\\d+:\\d+(\\.\\d+)?\\s*)*$' })),
    /** Level of measurement for alpha (default ordinal: scores on a rating scale are ordered categories). */
    level: Type.Optional(AlphaLevelSchema)
  },
  { additionalProperties: false }
);
export type AnalyticsQuery = Static<typeof AnalyticsQuery>;

const Count = Type.Integer({ minimum: 0 });

/** A theme's figures in one committee, or pooled over everyone who rated. */
const ThemeScoreDto = Type.Object({
  /** Per-criterion means combined by the criteria's weights. */
  weighted: Figure,
  /** CHNRI-style research priority score: the weighted score as a share of the scale, 0–100. */
  chnri: Figure,
  raters: Count,
  recused: Count,
  dontKnow: Count
});

/** Everything the analytics page shows for one round; themes in combined order, best first. */
export const RoundAnalyticsDto = Type.Object({
  round: RoundDto,
  scaleMin: Type.Integer(),
  scaleMax: Type.Integer(),
  topN: Type.Integer(),
  level: AlphaLevelSchema,
  /** Bootstrap resamples behind alpha's intervals and behind rank stability. */
  alphaSamples: Type.Integer(),
  stabilitySamples: Type.Integer(),
  committees: Type.Array(
    Type.Object({
      committeeId: Type.Integer(),
      name: Type.String(),
      kind: CommitteeKindSchema,
      weight: Type.Number(),
      /** Seats in the committee; raters = seats with at least one score. */
      seats: Count,
      raters: Count
    })
  ),
  criteria: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), weight: Type.Number() })),
  themes: Type.Array(
    Type.Object({
      themeId: Type.Integer(),
      name: Type.String(),
      /** Weighted mean of the theme's rank in each committee (lower is better). */
      combinedValue: Figure,
      combinedRank: Type.Union([Type.Integer(), Type.Null()]),
      /** Share of bootstrap resamples (over raters) that put the theme in the top N. */
      topNShare: Figure,
      rankLow: Figure,
      rankHigh: Figure,
      pooled: ThemeScoreDto,
      committees: Type.Array(
        Type.Intersect([
          Type.Object({ committeeId: Type.Integer(), rank: Type.Union([Type.Integer(), Type.Null()]) }),
          ThemeScoreDto
        ])
      )
    })
  ),
  cells: Type.Array(
    Type.Object({
      themeId: Type.Integer(),
      committeeId: Type.Integer(),
      criterionId: Type.Integer(),
      n: Count,
      mean: Figure,
      sd: Figure,
      median: Figure,
      q1: Figure,
      q3: Figure,
      iqr: Figure,
      /** Scores per scale point, from scaleMin up (a ranking: Borda points, 0 = not in the member's top N). */
      distribution: Type.Array(Count),
      dontKnow: Count,
      recused: Count,
      unanswered: Count,
      /** Share of scores within one point of the median. */
      withinOne: Figure
    })
  ),
  agreement: Type.Array(
    Type.Object({
      committeeId: Type.Integer(),
      criterionId: Type.Integer(),
      alpha: Figure,
      lower: Figure,
      upper: Figure,
      /** Kendall's W of the members' rankings (ranking rounds). */
      kendallW: Figure,
      raters: Count,
      units: Count
    })
  ),
  raters: Type.Array(
    Type.Object({
      userId: Type.Integer(),
      name: Type.String(),
      committeeId: Type.Integer(),
      scores: Count,
      meanAbsDeviation: Figure,
      robustZ: Figure,
      correlation: Figure,
      flags: Type.Array(
        Type.Object({
          kind: Type.Union([
            Type.Literal('deviation'),
            Type.Literal('negative_correlation'),
            Type.Literal('straight_lining')
          ]),
          value: Type.Number(),
          threshold: Type.Number(),
          cells: Count
        })
      ),
      outliers: Type.Array(
        Type.Object({
          themeId: Type.Integer(),
          criterionId: Type.Integer(),
          value: Type.Number(),
          low: Type.Number(),
          high: Type.Number()
        })
      ),
      /** The combined ranking without this rater (flagged raters only): themes whose rank changes. */
      whatIf: Type.Union([
        Type.Array(
          Type.Object({
            themeId: Type.Integer(),
            before: Type.Union([Type.Integer(), Type.Null()]),
            after: Type.Union([Type.Integer(), Type.Null()])
          })
        ),
        Type.Null()
      ])
    })
  ),
  /** The first two committees side by side (null with fewer than two committees). */
  comparison: Type.Union([
    Type.Object({
      committeeA: Type.Integer(),
      committeeB: Type.Integer(),
      rankCorrelation: Figure,
      themes: Type.Array(
        Type.Object({
          themeId: Type.Integer(),
          scoreA: Type.Number(),
          scoreB: Type.Number(),
          rankA: Type.Integer(),
          rankB: Type.Integer(),
          rankGap: Type.Integer(),
          scoreGap: Type.Number()
        })
      )
    }),
    Type.Null()
  ])
});
export type RoundAnalyticsDto = Static<typeof RoundAnalyticsDto>;
