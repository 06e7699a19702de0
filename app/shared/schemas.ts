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

export const RoundDto = Type.Object({
  id: Type.Integer(),
  cycleId: Type.Integer(),
  name: Type.String(),
  scaleMin: Type.Integer(),
  scaleMax: Type.Integer(),
  status: Type.Union([Type.Literal('draft'), Type.Literal('open'), Type.Literal('closed')]),
  blind: Type.Boolean(),
  openedAt: Type.Union([Timestamp, Type.Null()]),
  closedAt: Type.Union([Timestamp, Type.Null()]),
  themeCount: Type.Integer(),
  committeeIds: Type.Array(Type.Integer())
});
export type RoundDto = Static<typeof RoundDto>;

export const NewRoundBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    scaleMax: Type.Optional(Type.Integer({ minimum: 2, maximum: 10 })),
    themeIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 1000 })),
    committeeIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 10 }))
  },
  { additionalProperties: false }
);

export const MemberRoundDto = Type.Intersect([
  RoundDto,
  Type.Object({ membership: Type.Union([Type.Literal('member'), Type.Literal('chair'), Type.Literal('observer')]) })
]);
export type MemberRoundDto = Static<typeof MemberRoundDto>;

export const CriterionDto = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  weight: Type.Number()
});

export const BallotDto = Type.Object({
  round: MemberRoundDto,
  criteria: Type.Array(CriterionDto),
  themes: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      description: Type.String(),
      keywords: Type.Array(Type.String()),
      scores: Type.Record(Type.String(), Type.Integer())
    })
  )
});
export type BallotDto = Static<typeof BallotDto>;

export const ScoreBody = Type.Object(
  {
    themeId: Id,
    criterionId: Type.Optional(Id),
    value: Type.Integer({ minimum: 0, maximum: 100 })
  },
  { additionalProperties: false }
);

export const RankingDto = Type.Object({
  round: RoundDto,
  themes: Type.Array(
    Type.Object({
      themeId: Type.Integer(),
      name: Type.String(),
      mean: Type.Union([Type.Number(), Type.Null()]),
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
