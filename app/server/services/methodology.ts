import type { Kysely } from 'kysely';
import { findCycle } from '../../../db/queries/cycles.js';
import {
  acceptedRuns,
  confirmedDuplicates,
  curationStepCounts,
  importBatches,
  latestPublication,
  outOfScopeReasons,
  questionsPerSource,
  questionsPerSourceAndLevel,
  questionStatusCounts,
  raterDecisionCounts,
  roundCommitteeFacts,
  roundConflictCounts,
  themeFacts
} from '../../../db/queries/methodology.js';
import { listCriteria, listRounds, type Round } from '../../../db/queries/rounds.js';
import type { Database } from '../../../db/schema.js';
import type { MethodologyDto, MethodologyRoundDto } from '../../shared/methodology.js';
import type { RoundAnalyticsDto } from '../../shared/schemas.js';
import { notFound } from '../errors.js';
import { roundAnalytics } from './analytics.js';

const EMAIL = /[^\s@<>()"',;]+@[^\s@<>()"',;]+\.[a-z]{2,}/gi;
/** Free text staff typed (reasons, justifications, file names) may hold an address: the report never shows one. */
const withoutEmail = (text: string) => text.replace(EMAIL, '[…]');

/** A closed rating round's final figures, with the analytics' default settings. */
async function finalFigures(db: Kysely<Database>, round: Round): Promise<RoundAnalyticsDto | null> {
  if (round.kind !== 'rating' || round.status !== 'closed') return null;
  return roundAnalytics(db, round.id, {}, 'staff');
}

function roundSection(
  round: Round,
  parts: {
    committees: MethodologyRoundDto['committees'];
    criteria: { name: string; weight: number }[];
    conflicts: MethodologyRoundDto['conflicts'];
    decisions: { decision: string; raters: number }[];
    analytics: RoundAnalyticsDto | null;
    previous: { round: Round; analytics: RoundAnalyticsDto | null } | null;
  }
): MethodologyRoundDto {
  const { analytics } = parts;
  const committeeName = new Map(parts.committees.map((c) => [c.committeeId, c.name]));
  const criterionName = new Map((analytics?.criteria ?? []).map((c) => [c.id, c.name]));
  const decided = (decision: string) => parts.decisions.find((d) => d.decision === decision)?.raters ?? 0;
  let unusual: MethodologyRoundDto['unusual'] = null;
  if (analytics) {
    const reasons = new Map<string, number>();
    for (const rater of analytics.raters) {
      for (const kind of new Set(rater.flags.map((f) => f.kind))) reasons.set(kind, (reasons.get(kind) ?? 0) + 1);
    }
    unusual = {
      flagged: analytics.raters.filter((r) => r.flags.length > 0).length,
      reasons: [...reasons].map(([kind, raters]) => ({ kind, raters })).sort((a, b) => a.kind.localeCompare(b.kind)),
      kept: decided('kept'),
      revised: decided('revised'),
      excluded: decided('excluded')
    };
  }
  let changes: MethodologyRoundDto['changes'] = null;
  if (analytics && parts.previous?.analytics) {
    const before = new Map(parts.previous.analytics.themes.map((t) => [t.themeId, t.combinedRank]));
    changes = analytics.themes
      .filter((t) => before.has(t.themeId) && before.get(t.themeId) !== t.combinedRank)
      .map((t) => ({ themeName: t.name, previousRank: before.get(t.themeId) ?? null, rank: t.combinedRank }));
  }
  return {
    roundId: round.id,
    name: round.name,
    kind: round.kind,
    scaleKind: round.scaleKind,
    scaleMin: round.scaleMin,
    scaleMax: round.scaleMax,
    status: round.status,
    openedAt: round.openedAt,
    closedAt: round.closedAt,
    previousRoundName: parts.previous?.round.name ?? null,
    themes: round.themeCount ?? 0,
    committees: parts.committees,
    criteria: parts.criteria,
    agreement: (analytics?.agreement ?? []).map((a) => ({
      committeeName: committeeName.get(a.committeeId) ?? '',
      criterionName: criterionName.get(a.criterionId) ?? '',
      alpha: a.alpha,
      lower: a.lower,
      upper: a.upper,
      kendallW: a.kendallW,
      raters: a.raters,
      units: a.units
    })),
    conflicts: parts.conflicts,
    unusual,
    changes
  };
}

/**
 * The methodology report of a cycle, computed now from the data: nothing in it is typed in. Rounds that are drafts
 * are left out (nobody took part yet); agreement, unusual raters and changes only for closed rating rounds.
 */
export async function methodologyReport(db: Kysely<Database>, cycleId: number, now: Date): Promise<MethodologyDto> {
  const cycle = await findCycle(db, cycleId);
  if (!cycle) throw notFound('Cycle', cycleId);
  const [sources, bySourceAndLevel, status, batches, duplicates, reasons, steps, runs, themes, publication] =
    await Promise.all([
      questionsPerSource(db, cycleId),
      questionsPerSourceAndLevel(db, cycleId),
      questionStatusCounts(db, cycleId),
      importBatches(db, cycleId),
      confirmedDuplicates(db, cycleId),
      outOfScopeReasons(db, cycleId),
      curationStepCounts(db, cycleId),
      acceptedRuns(db, cycleId),
      themeFacts(db, cycleId),
      latestPublication(db, cycleId)
    ]);
  const byLevel = new Map<string, number>();
  for (const row of bySourceAndLevel) byLevel.set(row.level, (byLevel.get(row.level) ?? 0) + row.questions);
  const stepsOf = (kind: string) => steps.find((s) => s.kind === kind)?.steps ?? 0;

  const rounds = (await listRounds(db, cycleId)).filter((r) => r.status !== 'draft').sort((a, b) => a.id - b.id);
  const figures = new Map<number, RoundAnalyticsDto | null>();
  for (const round of rounds) figures.set(round.id, await finalFigures(db, round));
  const roundSections: MethodologyRoundDto[] = [];
  for (const round of rounds) {
    const previousRound = rounds.find((r) => r.id === round.previousRoundId) ?? null;
    roundSections.push(
      roundSection(round, {
        committees: await roundCommitteeFacts(db, round.id),
        criteria: (await listCriteria(db, round.id)).map(({ name, weight }) => ({ name, weight })),
        conflicts: await roundConflictCounts(db, round.id),
        decisions: await raterDecisionCounts(db, round.id),
        analytics: figures.get(round.id) ?? null,
        previous: previousRound && { round: previousRound, analytics: figures.get(previousRound.id) ?? null }
      })
    );
  }

  return {
    cycle: { id: cycle.id, name: cycle.name, startsOn: cycle.startsOn, endsOn: cycle.endsOn },
    generatedAt: now,
    questions: {
      ...status,
      bySource: sources,
      byLevel: [...byLevel].map(([level, questions]) => ({ level, questions })),
      bySourceAndLevel
    },
    focusGroups: sources.filter((s) => s.kind === 'focusgroup'),
    cleaning: {
      batches: batches.map((b) => ({ ...b, fileName: withoutEmail(b.fileName) })),
      duplicatesConfirmed: duplicates,
      outOfScopeReasons: reasons.map((r) => ({ ...r, reason: withoutEmail(r.reason) })),
      curationSteps: steps
    },
    themes: {
      runs: runs.map((run) => ({
        runId: run.runId,
        method: run.method,
        k: run.k,
        silhouette: run.metrics?.silhouette ?? null,
        unassigned: run.metrics?.unassigned ?? null,
        questions: run.questions,
        seedThemes: run.seedThemes.length,
        acceptedAt: run.acceptedAt
      })),
      merges: stepsOf('merge'),
      splits: stepsOf('split'),
      moves: stepsOf('move') + stepsOf('move_unassigned'),
      total: themes.total,
      overarching: themes.overarching,
      adHoc: themes.adHoc.map((a) => ({ name: a.name, justification: withoutEmail(a.justification) }))
    },
    rounds: roundSections,
    decision: publication
  };
}
