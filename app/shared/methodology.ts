import { type Static, type TSchema, Type } from 'typebox';
import { Timestamp } from './schemas.js';

/**
 * The methodology report of a cycle: how the agenda came about, every figure computed from the data at the moment
 * of asking. No personal data: no names or e-mail addresses of askers or members, only counts.
 */

const Count = Type.Integer({ minimum: 0 });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const MethodologySourceDto = Type.Object({
  sourceId: Type.Integer(),
  name: Type.String(),
  kind: Type.String(),
  participants: Nullable(Type.Integer()),
  questions: Count
});

export const MethodologyBatchDto = Type.Object({
  batchId: Type.Integer(),
  sourceName: Type.String(),
  fileName: Type.String(),
  importedAt: Timestamp,
  rows: Count,
  questions: Count,
  rejectedRows: Count,
  cellsSplit: Count,
  duplicatesFound: Count
});

export const MethodologyRunDto = Type.Object({
  runId: Type.Integer(),
  method: Type.String(),
  k: Nullable(Type.Integer()),
  silhouette: Nullable(Type.Number()),
  unassigned: Nullable(Type.Integer()),
  questions: Count,
  seedThemes: Count,
  acceptedAt: Nullable(Timestamp)
});

export const MethodologyRoundDto = Type.Object({
  roundId: Type.Integer(),
  name: Type.String(),
  kind: Type.String(),
  scaleKind: Type.String(),
  scaleMin: Type.Integer(),
  scaleMax: Type.Integer(),
  status: Type.String(),
  openedAt: Nullable(Timestamp),
  closedAt: Nullable(Timestamp),
  previousRoundName: Nullable(Type.String()),
  themes: Count,
  committees: Type.Array(
    Type.Object({
      committeeId: Type.Integer(),
      name: Type.String(),
      kind: Type.String(),
      raters: Count,
      observers: Count,
      submitted: Count
    })
  ),
  criteria: Type.Array(Type.Object({ name: Type.String(), weight: Type.Number() })),
  /** Only for a closed rating round: the final figures. */
  agreement: Type.Array(
    Type.Object({
      committeeName: Type.String(),
      criterionName: Type.String(),
      alpha: Nullable(Type.Number()),
      lower: Nullable(Type.Number()),
      upper: Nullable(Type.Number()),
      kendallW: Nullable(Type.Number()),
      raters: Count,
      units: Count
    })
  ),
  conflicts: Type.Object({
    declaredNone: Count,
    general: Count,
    /** Conflicts on a theme: each is a recusal from that theme. */
    recusals: Count,
    membersRecused: Count
  }),
  unusual: Nullable(
    Type.Object({
      flagged: Count,
      reasons: Type.Array(Type.Object({ kind: Type.String(), raters: Count })),
      kept: Count,
      revised: Count,
      excluded: Count
    })
  ),
  /** A follow-up round: themes whose combined rank moved since the round before. */
  changes: Nullable(
    Type.Array(
      Type.Object({ themeName: Type.String(), previousRank: Nullable(Type.Integer()), rank: Nullable(Type.Integer()) })
    )
  )
});

export const MethodologyDto = Type.Object({
  cycle: Type.Object({ id: Type.Integer(), name: Type.String(), startsOn: Type.String(), endsOn: Type.String() }),
  generatedAt: Timestamp,
  questions: Type.Object({
    total: Count,
    active: Count,
    inThemes: Count,
    unassigned: Count,
    outOfScope: Count,
    duplicates: Count,
    bySource: Type.Array(MethodologySourceDto),
    byLevel: Type.Array(Type.Object({ level: Type.String(), questions: Count })),
    bySourceAndLevel: Type.Array(Type.Object({ sourceId: Type.Integer(), level: Type.String(), questions: Count }))
  }),
  focusGroups: Type.Array(MethodologySourceDto),
  cleaning: Type.Object({
    batches: Type.Array(MethodologyBatchDto),
    duplicatesConfirmed: Count,
    outOfScopeReasons: Type.Array(Type.Object({ reason: Type.String(), questions: Count })),
    curationSteps: Type.Array(Type.Object({ kind: Type.String(), steps: Count }))
  }),
  themes: Type.Object({
    runs: Type.Array(MethodologyRunDto),
    merges: Count,
    splits: Count,
    moves: Count,
    total: Count,
    overarching: Count,
    adHoc: Type.Array(Type.Object({ name: Type.String(), justification: Type.String() }))
  }),
  rounds: Type.Array(MethodologyRoundDto),
  decision: Nullable(
    Type.Object({ number: Type.Integer(), publishedAt: Timestamp, publishedByRole: Nullable(Type.String()) })
  )
});
export type MethodologyDto = Static<typeof MethodologyDto>;
export type MethodologyRoundDto = Static<typeof MethodologyRoundDto>;
