import { type Static, Type } from 'typebox';
import { Id, Timestamp } from './schemas.js';

/**
 * The published knowledge agenda: what the public page, its exports and /agenda.json show. It holds no personal
 * data and nothing of the raters: themes, where they sit on the timeline, and their route. The README documents it
 * field by field ("Gepubliceerde kennisagenda").
 */

const OutputKind = Type.Union([Type.Literal('guide'), Type.Literal('valorisation'), Type.Literal('research')]);
const OutputStatus = Type.Union([
  Type.Literal('planned'),
  Type.Literal('in_progress'),
  Type.Literal('delivered'),
  Type.Literal('cancelled')
]);
const EvidenceStatus = Type.Union([Type.Literal('unchecked'), Type.Literal('enough'), Type.Literal('too_little')]);
const VersionStatus = Type.Union([
  Type.Literal('proposed'),
  Type.Literal('approved'),
  Type.Literal('rejected'),
  Type.Literal('published')
]);

export const AgendaOutputDto = Type.Object({
  kind: OutputKind,
  title: Type.String(),
  url: Type.Union([Type.String(), Type.Null()]),
  status: OutputStatus
});
export type AgendaOutputDto = Static<typeof AgendaOutputDto>;

export const AgendaThemeDto = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  keywords: Type.Array(Type.String()),
  /** Active questions behind the theme (duplicates and out-of-scope questions not counted). */
  questionCount: Type.Integer({ minimum: 0 }),
  isAdHoc: Type.Boolean(),
  adHocJustification: Type.Union([Type.String(), Type.Null()]),
  evidenceStatus: EvidenceStatus,
  plannedOutput: Type.Union([OutputKind, Type.Null()]),
  outputs: Type.Array(AgendaOutputDto)
});
export type AgendaThemeDto = Static<typeof AgendaThemeDto>;

export const AgendaSchoolYearDto = Type.Object({
  startsOn: Type.String({ format: 'date' }),
  endsOn: Type.String({ format: 'date' }),
  /** "2024–2025" (with an en dash). */
  label: Type.String(),
  /** In alphabetical order (Dutch collation). */
  themes: Type.Array(AgendaThemeDto)
});
export type AgendaSchoolYearDto = Static<typeof AgendaSchoolYearDto>;

export const AgendaDto = Type.Object({
  cycle: Type.Object({
    id: Type.Integer(),
    name: Type.String(),
    startsOn: Type.String({ format: 'date' }),
    endsOn: Type.String({ format: 'date' })
  }),
  /** Null in a preview or a proposal that is not published yet. */
  version: Type.Union([
    Type.Object({
      number: Type.Integer({ minimum: 1 }),
      publishedAt: Timestamp,
      approvedAt: Type.Union([Timestamp, Type.Null()])
    }),
    Type.Null()
  ]),
  schoolYears: Type.Array(AgendaSchoolYearDto),
  /** Themes that span every school year, in alphabetical order. */
  overarching: Type.Array(AgendaThemeDto)
});
export type AgendaDto = Static<typeof AgendaDto>;

/** Where a theme sits in an agenda: the school year's label, or null for an overarching theme. */
export const AgendaThemeRef = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  year: Type.Union([Type.String(), Type.Null()])
});
export type AgendaThemeRef = Static<typeof AgendaThemeRef>;

export const AgendaChangesDto = Type.Object({
  added: Type.Array(AgendaThemeRef),
  removed: Type.Array(AgendaThemeRef),
  moved: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      from: Type.Union([Type.String(), Type.Null()]),
      to: Type.Union([Type.String(), Type.Null()])
    })
  ),
  renamed: Type.Array(Type.Object({ id: Type.Integer(), from: Type.String(), to: Type.String() }))
});
export type AgendaChangesDto = Static<typeof AgendaChangesDto>;

export const AgendaPreviewDto = Type.Object({
  agenda: AgendaDto,
  /** The published version the changes are counted against; null before the first publication. */
  againstNumber: Type.Union([Type.Integer(), Type.Null()]),
  changes: AgendaChangesDto,
  /** Themes of the cycle on no school year and not overarching: they stay out of the agenda. */
  notPlaced: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() }))
});
export type AgendaPreviewDto = Static<typeof AgendaPreviewDto>;

const Person = Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()]);

export const AgendaVersionDto = Type.Object({
  id: Type.Integer(),
  cycleId: Type.Integer(),
  number: Type.Union([Type.Integer(), Type.Null()]),
  status: VersionStatus,
  themeCount: Type.Integer(),
  proposalNote: Type.String(),
  proposedBy: Person,
  proposedAt: Timestamp,
  reviewNote: Type.String(),
  reviewedBy: Person,
  reviewedAt: Type.Union([Timestamp, Type.Null()]),
  publishedBy: Person,
  publishedAt: Type.Union([Timestamp, Type.Null()])
});
export type AgendaVersionDto = Static<typeof AgendaVersionDto>;

export const AgendaVersionListDto = Type.Object({ versions: Type.Array(AgendaVersionDto) });
export type AgendaVersionListDto = Static<typeof AgendaVersionListDto>;

/** What the public page needs: the version asked for (null: nothing published yet) and every published one. */
export const PublicAgendaDto = Type.Object({
  agenda: Type.Union([AgendaDto, Type.Null()]),
  latestNumber: Type.Union([Type.Integer(), Type.Null()]),
  versions: Type.Array(Type.Object({ number: Type.Integer(), publishedAt: Timestamp }))
});
export type PublicAgendaDto = Static<typeof PublicAgendaDto>;

export const NoteBody = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 4000 })) },
  { additionalProperties: false }
);
export const ProposalParams = Type.Object({ id: Id });
export const VersionNumberParams = Type.Object({ number: Type.Integer({ minimum: 1, maximum: 2147483647 }) });

/** "2024–2025" for the school year that starts on 1 September 2024. */
export function schoolYearLabel(startsOn: string): string {
  const year = Number(startsOn.slice(0, 4));
  return `${year}–${year + 1}`;
}
