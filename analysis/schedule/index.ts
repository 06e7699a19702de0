export {
  type BrokenDependency,
  checkTimeline,
  type OverCapacity,
  type PlacedTheme,
  type TimelineFlags
} from './check-timeline.js';
export {
  compareByPriority,
  type PlacementReason,
  type ProposalInput,
  type ProposedPlacement,
  proposeTimeline,
  type ReasonParams,
  type ScheduleDependency,
  type ScheduleTheme,
  type ScheduleYear,
  type TimelineProposal
} from './propose-timeline.js';
