import { type Static, Type } from 'typebox';
import { QuestionDto, SourceKindSchema, Timestamp } from './schemas.js';

/** Schemas of theme curation (issue 5): the theme board, a theme's questions, and the curation steps. */

const Id = Type.Integer({ minimum: 1 });
const Count = Type.Integer({ minimum: 0 });

export const CountBySource = Type.Array(Type.Object({ kind: SourceKindSchema, count: Count }));
export const CountByLevel = Type.Array(Type.Object({ level: Type.String(), count: Count }));
const QuestionSnippet = Type.Object({ id: Type.Integer(), text: Type.String() });

/** One theme on the board. `version` goes back with every change to it (optimistic concurrency). */
export const ThemeCardDto = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  keywords: Type.Array(Type.String()),
  /** Active questions; a confirmed duplicate counts once, through its original. */
  size: Count,
  duplicates: Count,
  version: Type.Integer(),
  locked: Type.Boolean(),
  isOverarching: Type.Boolean(),
  /** Added mid-cycle for an urgent need (with a justification, on the routes page). */
  isAdHoc: Type.Boolean(),
  /** A rating round includes the theme: no merge, split or delete; moving its questions needs confirmation. */
  inRound: Type.Boolean(),
  bySource: CountBySource,
  byLevel: CountByLevel,
  /** Up to 3 representative questions (the discovery's, else the theme's first). */
  representatives: Type.Array(QuestionSnippet)
});
export type ThemeCardDto = Static<typeof ThemeCardDto>;

/** A bin that is always shown, so no question disappears: "niet toegewezen" or "buiten scope". */
const BinDto = Type.Object({
  count: Count,
  bySource: CountBySource,
  byLevel: CountByLevel,
  sample: Type.Array(QuestionSnippet)
});

/**
 * What a step did, as data a page can put in its own language: a `kind` (rename, describe, lock, unlock,
 * overarching, not_overarching, merge, split, recluster, move, move_unassigned, out_of_scope, in_scope, delete) with
 * its names and counts. Lists (merged themes; the themes and bins — `fromBins`: unassigned, out_of_scope — questions
 * came from) are arrays.
 */
export const CurationStepPart = Type.Object({
  kind: Type.String(),
  params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Array(Type.String())]))
});
export type CurationStepPart = Static<typeof CurationStepPart>;

/** One curation step in the history; the newest step not yet undone can be undone. */
export const CurationStepDto = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  /** In English, for the audit log and API clients. */
  summary: Type.String(),
  /** The same as data; one part per change (an edit may rename and lock at once); empty for older steps. */
  parts: Type.Array(CurationStepPart),
  at: Timestamp,
  actorName: Type.Union([Type.String(), Type.Null()]),
  undone: Type.Boolean()
});
export type CurationStepDto = Static<typeof CurationStepDto>;

export const ThemeBoardDto = Type.Object({
  cycleId: Type.Integer(),
  themes: Type.Array(ThemeCardDto),
  unassigned: BinDto,
  outOfScope: BinDto,
  /** The latest steps, newest first (at most 20). */
  history: Type.Array(CurationStepDto)
});
export type ThemeBoardDto = Static<typeof ThemeBoardDto>;

/** Which questions: a theme's, the unassigned ones, or those out of scope; searched and filtered. */
export const QuestionListQuery = Type.Object(
  {
    theme: Type.Union([
      Type.String({ pattern: '^[1-9][0-9]*$' }),
      Type.Literal('unassigned'),
      Type.Literal('out_of_scope')
    ]),
    /** Dutch full-text search (PostgreSQL 'dutch' configuration: "lezen" finds "leest"). */
    q: Type.Optional(Type.String({ maxLength: 200 })),
    sourceKind: Type.Optional(SourceKindSchema),
    level: Type.Optional(Type.String({ maxLength: 40 })),
    role: Type.Optional(Type.String({ maxLength: 40 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    offset: Type.Optional(Type.Integer({ minimum: 0 }))
  },
  { additionalProperties: false }
);
export type QuestionListQuery = Static<typeof QuestionListQuery>;

export const CuratedQuestionDto = Type.Intersect([
  QuestionDto,
  Type.Object({
    outOfScopeReason: Type.Union([Type.String(), Type.Null()]),
    /** The original this question is a confirmed duplicate of. */
    duplicateOf: Type.Union([Type.Integer(), Type.Null()])
  })
]);

export const QuestionListDto = Type.Object({
  /** Null for the two bins. */
  theme: Type.Union([ThemeCardDto, Type.Null()]),
  /** Matching questions in all (the page shows `limit` of them). */
  total: Count,
  questions: Type.Array(CuratedQuestionDto)
});
export type QuestionListDto = Static<typeof QuestionListDto>;

/** Questions projected on a plane (2-D map), coloured by theme on the board. */
export const QuestionMapDto = Type.Object({
  points: Type.Array(
    Type.Object({
      questionId: Type.Integer(),
      themeId: Type.Union([Type.Integer(), Type.Null()]),
      x: Type.Number(),
      y: Type.Number()
    })
  )
});
export type QuestionMapDto = Static<typeof QuestionMapDto>;

// ---- Changes. Every change names the versions it was made against; a stale one gets 409 `stale_theme`. ----

export const ThemeParams = Type.Object({ themeId: Id });

/** Rename, describe, lock, mark overarching: any of them at once. */
export const ThemePatchBody = Type.Object(
  {
    version: Type.Integer(),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    locked: Type.Optional(Type.Boolean()),
    isOverarching: Type.Optional(Type.Boolean())
  },
  { additionalProperties: false }
);
export type ThemePatchBody = Static<typeof ThemePatchBody>;

/** Versions of the themes a change touches, by theme id (as a string key: JSON objects). */
const Versions = Type.Record(Type.String({ pattern: '^[1-9][0-9]*$' }), Type.Integer());

export const MergeBody = Type.Object(
  {
    themeIds: Type.Array(Id, { minItems: 2, maxItems: 50 }),
    versions: Versions,
    /** The merged theme's name; the largest theme's name by default. */
    name: Type.Optional(Type.String({ maxLength: 200 }))
  },
  { additionalProperties: false }
);
export type MergeBody = Static<typeof MergeBody>;

/** Split off picked questions into a new theme, or re-cluster the whole theme into `parts` themes. */
export const SplitBody = Type.Object(
  {
    version: Type.Integer(),
    questionIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 10_000 })),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    parts: Type.Optional(Type.Integer({ minimum: 2, maximum: 20 }))
  },
  { additionalProperties: false }
);
export type SplitBody = Static<typeof SplitBody>;

export const MoveBody = Type.Object(
  {
    questionIds: Type.Array(Id, { minItems: 1, maxItems: 10_000 }),
    /** Null: to "niet toegewezen". */
    toThemeId: Type.Union([Id, Type.Null()]),
    /** Versions of the source and target themes. */
    versions: Versions,
    /** Given after the warning that a theme in a rating round changes (409 `theme_in_round`). */
    confirm: Type.Optional(Type.Boolean())
  },
  { additionalProperties: false }
);
export type MoveBody = Static<typeof MoveBody>;

export const ScopeBody = Type.Object(
  {
    questionIds: Type.Array(Id, { minItems: 1, maxItems: 10_000 }),
    /** Required to put questions out of scope; absent to bring them back (to "niet toegewezen"). */
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    versions: Versions,
    confirm: Type.Optional(Type.Boolean())
  },
  { additionalProperties: false }
);
export type ScopeBody = Static<typeof ScopeBody>;

export const UndoBody = Type.Object({ operationId: Id }, { additionalProperties: false });

/** What every change answers: the step taken (for "Ongedaan maken") and the board as it is now. */
export const CurationResultDto = Type.Object({ step: CurationStepDto, board: ThemeBoardDto });
export type CurationResultDto = Static<typeof CurationResultDto>;
