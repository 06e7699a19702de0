import { type Static, Type } from 'typebox';

/** Schemas of the knowledge route of a theme, its outputs, ad-hoc themes and the end-of-cycle evaluation (issue 8). */

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const Count = Type.Integer({ minimum: 0 });
/** A calendar day; the service checks that it exists and lies within reason. */
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const EVIDENCE_STATUSES = ['unchecked', 'enough', 'too_little'] as const;
export type EvidenceStatus = (typeof EVIDENCE_STATUSES)[number];
export const OUTPUT_KINDS = ['guide', 'valorisation', 'research'] as const;
export type OutputKind = (typeof OUTPUT_KINDS)[number];
export const OUTPUT_STATUSES = ['planned', 'in_progress', 'delivered', 'cancelled'] as const;
export type OutputStatus = (typeof OUTPUT_STATUSES)[number];

export const EvidenceStatusSchema = Type.Union([
  Type.Literal('unchecked'),
  Type.Literal('enough'),
  Type.Literal('too_little')
]);
export const OutputKindSchema = Type.Union([
  Type.Literal('guide'),
  Type.Literal('valorisation'),
  Type.Literal('research')
]);
export const OutputStatusSchema = Type.Union([
  Type.Literal('planned'),
  Type.Literal('in_progress'),
  Type.Literal('delivered'),
  Type.Literal('cancelled')
]);

export const OUTPUT_TITLE_MAX = 300;
export const ROUTE_NOTE_MAX = 5000;

/**
 * When the planned output does not fit what is known: too little knowledge usually calls for commissioned research,
 * enough knowledge for a guide or another valorisation product. A mismatch is allowed (staff may have reasons) but
 * flagged. No planned output, or no check yet: nothing to flag.
 */
export type RouteWarning = 'too_little_without_research' | 'enough_with_research';
export function routeWarning(evidence: EvidenceStatus, planned: OutputKind | null): RouteWarning | null {
  if (planned === null) return null;
  if (evidence === 'too_little' && planned !== 'research') return 'too_little_without_research';
  if (evidence === 'enough' && planned === 'research') return 'enough_with_research';
  return null;
}
export const RouteWarningSchema = Type.Union([
  Type.Literal('too_little_without_research'),
  Type.Literal('enough_with_research'),
  Type.Null()
]);

export const OutputDto = Type.Object({
  id: Type.Integer(),
  themeId: Type.Integer(),
  kind: OutputKindSchema,
  title: Type.String(),
  url: Type.Union([Type.String(), Type.Null()]),
  status: OutputStatusSchema,
  plannedOn: Type.Union([Type.String(), Type.Null()]),
  deliveredOn: Type.Union([Type.String(), Type.Null()]),
  /** The theme's questions the output answers. */
  questionIds: Type.Array(Type.Integer()),
  coveredQuestionCount: Count
});
export type OutputDto = Static<typeof OutputDto>;

/** A theme of the cycle with its route and outputs. */
export const ThemeRouteDto = Type.Object({
  themeId: Type.Integer(),
  name: Type.String(),
  isOverarching: Type.Boolean(),
  isAdHoc: Type.Boolean(),
  adHocJustification: Type.Union([Type.String(), Type.Null()]),
  /** Active questions; a confirmed duplicate counts once, through its original. */
  questionCount: Count,
  /** Of those, the ones a non-cancelled output covers. */
  coveredCount: Count,
  evidenceStatus: EvidenceStatusSchema,
  plannedOutput: Type.Union([OutputKindSchema, Type.Null()]),
  note: Type.String(),
  warning: RouteWarningSchema,
  outputs: Type.Array(OutputDto)
});
export type ThemeRouteDto = Static<typeof ThemeRouteDto>;

export const CycleRoutesDto = Type.Object({ cycleId: Type.Integer(), themes: Type.Array(ThemeRouteDto) });
export type CycleRoutesDto = Static<typeof CycleRoutesDto>;

export const RouteBody = Type.Object(
  {
    evidenceStatus: EvidenceStatusSchema,
    plannedOutput: Type.Union([OutputKindSchema, Type.Null()]),
    note: Type.Optional(Type.String({ maxLength: ROUTE_NOTE_MAX }))
  },
  { additionalProperties: false }
);
export type RouteBody = Static<typeof RouteBody>;

/** What recording a route answers: the route as stored, and whether its planned output fits the evidence. */
export const RouteAnswerDto = Type.Object({
  themeId: Type.Integer(),
  evidenceStatus: EvidenceStatusSchema,
  plannedOutput: Type.Union([OutputKindSchema, Type.Null()]),
  note: Type.String(),
  warning: RouteWarningSchema
});
export type RouteAnswerDto = Static<typeof RouteAnswerDto>;

export const OutputParams = Type.Object({ outputId: Id });

/** An output, whole: POST adds it to a theme, PUT replaces one. */
export const OutputBody = Type.Object(
  {
    kind: OutputKindSchema,
    // No minLength: a blank title is refused by the service with its own code.
    title: Type.String({ maxLength: OUTPUT_TITLE_MAX }),
    url: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
    status: Type.Optional(OutputStatusSchema),
    plannedOn: Type.Optional(Type.Union([Day, Type.Null()])),
    deliveredOn: Type.Optional(Type.Union([Day, Type.Null()])),
    /** The theme's questions the output answers. */
    questionIds: Type.Optional(Type.Array(Id, { maxItems: 10_000 })),
    /** Covers every active question the theme has now (questions added later are not covered by it). */
    coversAll: Type.Optional(Type.Boolean())
  },
  { additionalProperties: false }
);
export type OutputBody = Static<typeof OutputBody>;

export const AdHocThemeBody = Type.Object(
  {
    name: Type.String({ maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    justification: Type.String({ maxLength: 5000 }),
    /** Questions from "niet toegewezen" to put in the new theme. */
    questionIds: Type.Optional(Type.Array(Id, { maxItems: 10_000 }))
  },
  { additionalProperties: false }
);
export type AdHocThemeBody = Static<typeof AdHocThemeBody>;

export const AdHocThemeDto = Type.Object({
  themeId: Type.Integer(),
  name: Type.String(),
  justification: Type.String(),
  movedQuestions: Count
});
export type AdHocThemeDto = Static<typeof AdHocThemeDto>;

/** The end-of-cycle evaluation: which themes got which outputs, and how many of their questions those cover. */
export const EvaluationDto = Type.Object({
  cycleId: Type.Integer(),
  themes: Type.Array(
    Type.Object({
      themeId: Type.Integer(),
      name: Type.String(),
      isOverarching: Type.Boolean(),
      isAdHoc: Type.Boolean(),
      evidenceStatus: EvidenceStatusSchema,
      plannedOutput: Type.Union([OutputKindSchema, Type.Null()]),
      questionCount: Count,
      coveredCount: Count,
      /** coveredCount / questionCount; null for a theme without questions. */
      coveredShare: Type.Union([Type.Number(), Type.Null()]),
      outputs: Type.Array(OutputDto)
    })
  ),
  totals: Type.Object({
    themes: Count,
    /** Themes with at least one output that is not cancelled. */
    themesWithOutput: Count,
    questions: Count,
    covered: Count,
    coveredShare: Type.Union([Type.Number(), Type.Null()]),
    /** Outputs per kind and status, every combination listed (zeros too). */
    outputs: Type.Array(Type.Object({ kind: OutputKindSchema, status: OutputStatusSchema, count: Count }))
  }),
  /** Themes with no output, or only cancelled ones. */
  themesWithoutOutput: Type.Array(Type.Object({ themeId: Type.Integer(), name: Type.String() }))
});
export type EvaluationDto = Static<typeof EvaluationDto>;
