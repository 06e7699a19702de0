import { type Static, Type } from 'typebox';
import { Timestamp } from './schemas.js';

/** Schemas of the timeline (issue 8): school years with a capacity, where each theme sits and why. */

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const Count = Type.Integer({ minimum: 0 });
/** A school year is named by its first day, 1 September. */
export const SchoolYearStart = Type.String({ pattern: '^\\d{4}-09-01$' });

/**
 * Why a theme sits where it does, as data a page puts in its own language (codes: overarching, pinned, priority,
 * after_dependency, capacity, no_capacity, no_later_year, dependency_unplaced, dependency_cycle, manual; see
 * analysis/schedule/propose-timeline.ts for their params).
 */
export const PlacementReasonDto = Type.Object({
  code: Type.String(),
  params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Null(), Type.Array(Type.String())]))
});
export type PlacementReasonDto = Static<typeof PlacementReasonDto>;

export const BrokenDependencyDto = Type.Object({
  themeId: Type.Integer(),
  afterThemeId: Type.Integer(),
  /** before / same_year ("after" means a strictly later school year) / unplaced_prerequisite. */
  reason: Type.Union([Type.Literal('before'), Type.Literal('same_year'), Type.Literal('unplaced_prerequisite')])
});
export type BrokenDependencyDto = Static<typeof BrokenDependencyDto>;

export const TimelineThemeDto = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  size: Count,
  /** Rank in the combined ranking of the priority source; null: unranked. */
  rank: Type.Union([Type.Integer(), Type.Null()]),
  isOverarching: Type.Boolean(),
  isAdHoc: Type.Boolean(),
  /** The school year (its first day); null: not placed (or, overarching: every year). */
  year: Type.Union([Type.String(), Type.Null()]),
  pinned: Type.Boolean(),
  position: Type.Integer(),
  /** null: never placed, neither by a proposal nor by hand. */
  reason: Type.Union([PlacementReasonDto, Type.Null()]),
  /** The dependencies of this theme the timeline breaks. */
  broken: Type.Array(BrokenDependencyDto)
});
export type TimelineThemeDto = Static<typeof TimelineThemeDto>;

export const SchoolYearDto = Type.Object({
  startsOn: Type.String(),
  endsOn: Type.String(),
  capacity: Count,
  /** Its themes, in their order on the timeline. */
  themes: Type.Array(TimelineThemeDto)
});
export type SchoolYearDto = Static<typeof SchoolYearDto>;

export const DependencyDto = Type.Object({
  themeId: Type.Integer(),
  afterThemeId: Type.Integer(),
  themeName: Type.String(),
  afterThemeName: Type.String()
});
export type DependencyDto = Static<typeof DependencyDto>;

export const TimelineDto = Type.Object({
  cycleId: Type.Integer(),
  /** The closed rating round whose combined ranking gives the priority; null: none, themes ordered by size. */
  prioritySource: Type.Union([
    Type.Object({ roundId: Type.Integer(), name: Type.String(), closedAt: Type.Union([Timestamp, Type.Null()]) }),
    Type.Null()
  ]),
  years: Type.Array(SchoolYearDto),
  overarching: Type.Array(TimelineThemeDto),
  /** Not placed, in priority order. */
  unplaced: Type.Array(TimelineThemeDto),
  dependencies: Type.Array(DependencyDto),
  flags: Type.Object({
    overCapacity: Type.Array(Type.Object({ year: Type.String(), count: Count, capacity: Count })),
    brokenDependencies: Type.Array(BrokenDependencyDto)
  }),
  /** Themes placed by hand but not pinned: a new proposal moves them (the page asks first). */
  manualUnpinned: Count
});
export type TimelineDto = Static<typeof TimelineDto>;

export const PlacementBody = Type.Object(
  {
    /** The school year's first day, or null: take the theme off the timeline ("niet ingepland"). */
    year: Type.Union([SchoolYearStart, Type.Null()]),
    /** Place within the year, 0 = first; default: last. */
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
    /** Default true: a manual placement survives the next proposal. */
    pinned: Type.Optional(Type.Boolean())
  },
  { additionalProperties: false }
);
export type PlacementBody = Static<typeof PlacementBody>;

export const CapacityBody = Type.Object(
  { capacity: Type.Integer({ minimum: 0, maximum: 1000 }) },
  { additionalProperties: false }
);
export const SchoolYearParams = Type.Object({ cycleId: Id, startsOn: SchoolYearStart });

export const DependencyBody = Type.Object({ themeId: Id, afterThemeId: Id }, { additionalProperties: false });
export type DependencyBody = Static<typeof DependencyBody>;
export const DependencyParams = Type.Object({ cycleId: Id, themeId: Id, afterThemeId: Id });
