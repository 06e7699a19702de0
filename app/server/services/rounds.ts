import type { Kysely } from 'kysely';
import {
  bordaPoints,
  competitionRanks,
  type ConsensusRule,
  meetsConsensus,
  summariseScores,
  weightedMean
} from '../../../analysis/index.js';
import { writeAudit } from '../../../db/queries/audit.js';
import { findCycle, listCommittees } from '../../../db/queries/cycles.js';
import {
  deleteRound,
  type ExportedScore,
  findRound,
  insertRound,
  listCriteria,
  listFollowingRounds,
  listMemberActivity,
  listRoundSeats,
  listRoundThemes,
  listScoresForExport,
  type Round,
  roundHasAnswers,
  roundScoreValues,
  type RoundSetup,
  setRoundStatus,
  themeScoreTotals,
  updateRound
} from '../../../db/queries/rounds.js';
import { listThemes } from '../../../db/queries/themes.js';
import { inTransaction } from '../../../db/transaction.js';
import type { Database } from '../../../db/schema.js';
import {
  DEFAULT_CONSENSUS,
  DEFAULT_CRITERION,
  MAX_CRITERIA,
  MAX_WEIGHT,
  SCALE_MAXIMA
} from '../../shared/round-setup.js';
import type {
  NewRoundBody,
  RankingDto,
  RoundDetailDto,
  RoundMonitorDto,
  RoundSummaryDto
} from '../../shared/schemas.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { toCsv } from '../lib/csv.js';

export { DEFAULT_CRITERION };

async function roundOr404(db: Kysely<Database>, roundId: number): Promise<Round> {
  const round = await findRound(db, roundId);
  if (!round) throw notFound('Round', roundId);
  return round;
}

function parseDate(value: string | null | undefined): Date | null {
  return value ? new Date(value) : null;
}

function checkCriteria(
  input: NewRoundBody['criteria'],
  scaleKind: 'scale' | 'ranking'
): { name: string; description: string; weight: number }[] {
  const criteria = (input ?? [DEFAULT_CRITERION]).map((c, i) => {
    const position = i + 1;
    const name = c.name.trim();
    if (!name) throw badRequest('criterion_name_required', `Criterion ${position} has no name.`, { position });
    const weight = c.weight ?? 1;
    if (!Number.isFinite(weight) || weight <= 0 || weight > MAX_WEIGHT) {
      throw badRequest(
        'invalid_weight',
        `The weight of criterion ${position} ("${name}") must be more than 0 and at most ${MAX_WEIGHT}.`,
        { position, name, weight, max: MAX_WEIGHT }
      );
    }
    return { name, description: (c.description ?? '').trim(), weight };
  });
  if (criteria.length === 0) throw badRequest('no_criteria', 'A rating round needs at least one criterion.');
  if (criteria.length > MAX_CRITERIA) {
    throw badRequest('too_many_criteria', `A round has at most ${MAX_CRITERIA} criteria.`, { max: MAX_CRITERIA });
  }
  const seen = new Set<string>();
  for (const c of criteria) {
    const key = c.name.toLocaleLowerCase('nl');
    if (seen.has(key))
      throw badRequest('duplicate_criterion', `Two criteria are called "${c.name}".`, { name: c.name });
    seen.add(key);
  }
  if (scaleKind === 'ranking' && criteria.length !== 1) {
    throw badRequest('ranking_one_criterion', 'Members rank the themes on one criterion: give exactly one.', {
      count: criteria.length
    });
  }
  return criteria;
}

function checkConsensus(rule: ConsensusRule, scale: { min: number; max: number }): ConsensusRule {
  const range = scale.max - scale.min;
  if (!(rule.topShare > 0 && rule.topShare <= 1) || !(rule.maxIqr >= 0 && rule.maxIqr <= range)) {
    throw badRequest(
      'invalid_consensus',
      `A consensus rule needs a share above 0 and at most 1 (100 %), and an IQR from 0 to ${range}.`,
      { maxIqr: range }
    );
  }
  return { topShare: rule.topShare, maxIqr: rule.maxIqr };
}

/**
 * Every rule of a round's setup, checked with a message of its own. `opening` says the round opens now, so its
 * planned close must still lie ahead.
 */
async function checkSetup(
  db: Kysely<Database>,
  cycleId: number,
  input: NewRoundBody,
  context: { now: Date; roundId?: number }
): Promise<RoundSetup> {
  const name = input.name.trim();
  if (!name) throw badRequest('name_required', 'Give the round a name.');
  const kind = input.kind ?? 'rating';

  const themes = await listThemes(db, cycleId);
  const committees = await listCommittees(db, cycleId);
  const themeIds = [...new Set(input.themeIds ?? themes.map((t) => t.id))];
  const committeeIds = [...new Set(input.committeeIds ?? committees.map((c) => c.id))];
  if (themeIds.length === 0)
    throw badRequest('no_themes', 'A round needs at least one theme. Group the questions into themes first.');
  if (committeeIds.length === 0) throw badRequest('no_committees', 'A round needs at least one committee.');
  const unknownTheme = themeIds.find((id) => !themes.some((t) => t.id === id));
  if (unknownTheme !== undefined)
    throw badRequest('unknown_theme', `Theme ${unknownTheme} is not a theme of this cycle.`, { themeId: unknownTheme });
  const unknownCommittee = committeeIds.find((id) => !committees.some((c) => c.id === id));
  if (unknownCommittee !== undefined) {
    throw badRequest('unknown_committee', `Committee ${unknownCommittee} is not a committee of this cycle.`, {
      committeeId: unknownCommittee
    });
  }

  const opensAt = parseDate(input.opensAt);
  const closesAt = parseDate(input.closesAt);
  if (opensAt && closesAt && closesAt <= opensAt) {
    throw badRequest('closes_before_opens', 'The planned close must come after the planned opening.');
  }
  if (closesAt && closesAt <= context.now) {
    throw badRequest('closes_in_past', 'The planned close lies in the past. Choose a later date.');
  }

  const common = {
    name,
    description: (input.description ?? '').trim(),
    kind,
    blind: input.blind ?? true,
    opensAt,
    closesAt,
    themeIds,
    committeeIds
  };

  if (kind === 'feedback') {
    const scaleFields = (['scaleKind', 'scaleMax', 'rankTopN', 'previousRoundId', 'consensus'] as const).filter(
      (field) => input[field] !== undefined && input[field] !== null
    );
    if (scaleFields.length > 0 || (input.criteria && input.criteria.length > 0)) {
      throw badRequest(
        'feedback_no_scale',
        'A feedback round gathers comments per theme: it has no criteria, scale, ranking, earlier round or consensus rule.',
        { fields: input.criteria?.length ? [...scaleFields, 'criteria'] : scaleFields }
      );
    }
    return {
      ...common,
      scaleKind: 'scale',
      scaleMin: 1,
      scaleMax: 5,
      rankTopN: null,
      previousRoundId: null,
      consensus: null,
      criteria: []
    };
  }

  const scaleKind = input.scaleKind ?? 'scale';
  const criteria = checkCriteria(input.criteria, scaleKind);

  if (scaleKind === 'ranking') {
    if (input.previousRoundId) {
      throw badRequest('delphi_needs_scale', 'A follow-up (Delphi) round scores on a scale, not as a ranking.');
    }
    if (input.consensus)
      throw badRequest('consensus_needs_scale', 'A consensus rule applies to a scale, not a ranking.');
    if (input.scaleMax !== undefined) {
      throw badRequest('scale_for_ranking', 'A ranking has no scale maximum: give the number of themes to rank.');
    }
    const topN = input.rankTopN;
    if (topN === undefined) {
      throw badRequest('rank_top_n_required', 'Say how many themes each member ranks (the top N).');
    }
    if (topN < 2) throw badRequest('invalid_rank_top_n', 'Members rank at least 2 themes.', { min: 2 });
    if (topN > themeIds.length) {
      throw badRequest('rank_top_n_too_large', `Members cannot rank a top ${topN} of ${themeIds.length} themes.`, {
        rankTopN: topN,
        max: themeIds.length
      });
    }
    return {
      ...common,
      scaleKind,
      scaleMin: 1,
      scaleMax: topN,
      rankTopN: topN,
      previousRoundId: null,
      consensus: null,
      criteria
    };
  }

  if (input.rankTopN !== undefined) {
    throw badRequest('rank_top_n_for_scale', 'Only a ranking has a top N; a scale round scores every theme.');
  }
  let previous: Round | null = null;
  if (input.previousRoundId) {
    previous = await findRound(db, input.previousRoundId);
    if (!previous || previous.cycleId !== cycleId || previous.id === context.roundId) {
      throw badRequest(
        'unknown_previous_round',
        `Round ${input.previousRoundId} is not an earlier round of this cycle.`,
        { previousRoundId: input.previousRoundId }
      );
    }
    if (previous.kind !== 'rating') {
      throw badRequest('previous_not_rating', `"${previous.name}" is a feedback round: it has no scores to follow.`, {
        name: previous.name
      });
    }
    if (previous.status !== 'closed') {
      throw badRequest(
        'previous_not_closed',
        `"${previous.name}" is not closed yet: a follow-up round builds on final figures.`,
        { name: previous.name }
      );
    }
    if (previous.scaleKind !== 'scale') {
      throw badRequest('delphi_needs_scale', 'A follow-up (Delphi) round follows a round scored on a scale.');
    }
  }
  const scaleMax = input.scaleMax ?? previous?.scaleMax ?? 5;
  if (!(SCALE_MAXIMA as readonly number[]).includes(scaleMax)) {
    throw badRequest('invalid_scale', `A scale runs from 1 to ${SCALE_MAXIMA.join(' or 1 to ')}.`, {
      scaleMax,
      allowed: [...SCALE_MAXIMA]
    });
  }
  if (previous && previous.scaleMax !== scaleMax) {
    throw badRequest(
      'previous_scale_differs',
      `A follow-up round uses the scale of "${previous.name}": 1 to ${previous.scaleMax}.`,
      { name: previous.name, min: previous.scaleMin, max: previous.scaleMax }
    );
  }
  const scale = { min: 1, max: scaleMax };
  return {
    ...common,
    scaleKind,
    scaleMin: scale.min,
    scaleMax: scale.max,
    rankTopN: null,
    previousRoundId: previous?.id ?? null,
    consensus: checkConsensus(input.consensus ?? DEFAULT_CONSENSUS, scale),
    criteria
  };
}

/** Sets up a round: saved as a draft, or opened at once (the default). */
export async function createRound(
  db: Kysely<Database>,
  input: { cycleId: number; body: NewRoundBody; userId: number | null; now: Date }
): Promise<Round> {
  if (!(await findCycle(db, input.cycleId))) throw notFound('Cycle', input.cycleId);
  const status = input.body.status ?? 'open';
  const setup = await checkSetup(db, input.cycleId, input.body, { now: input.now });
  return inTransaction(db, async (trx) => {
    const id = await insertRound(trx, {
      ...setup,
      cycleId: input.cycleId,
      status,
      createdBy: input.userId,
      now: input.now
    });
    const round = (await findRound(trx, id))!;
    await writeAudit(trx, {
      actorId: input.userId,
      action: status === 'open' ? 'round.open' : 'round.create',
      entity: 'rating_round',
      entityId: id,
      after: { ...round, criteria: setup.criteria, themeIds: setup.themeIds }
    });
    return round;
  });
}

/** Changes a draft's setup; with status 'open' it opens it in the same step. */
export async function updateDraft(
  db: Kysely<Database>,
  input: { roundId: number; body: NewRoundBody; userId: number | null; now: Date }
): Promise<Round> {
  return inTransaction(db, async (trx) => {
    const before = await roundOr404(trx, input.roundId);
    if (before.status !== 'draft') {
      throw conflict('round_not_draft', `Round "${before.name}" is no longer a draft: its setup is fixed.`);
    }
    const beforeCriteria = await listCriteria(trx, input.roundId);
    const beforeThemes = (await listRoundThemes(trx, input.roundId)).map((t) => t.id);
    const setup = await checkSetup(trx, before.cycleId, input.body, { now: input.now, roundId: input.roundId });
    await updateRound(trx, input.roundId, setup);
    const updated = (await findRound(trx, input.roundId))!;
    await writeAudit(trx, {
      actorId: input.userId,
      action: 'round.update',
      entity: 'rating_round',
      entityId: input.roundId,
      before: { ...before, criteria: beforeCriteria, themeIds: beforeThemes },
      after: { ...updated, criteria: setup.criteria, themeIds: setup.themeIds }
    });
    if (input.body.status !== 'open') return updated;
    await setRoundStatus(trx, input.roundId, 'open', input.now);
    const after = (await findRound(trx, input.roundId))!;
    await writeAudit(trx, {
      actorId: input.userId,
      action: 'round.open',
      entity: 'rating_round',
      entityId: input.roundId,
      before: updated,
      after
    });
    return after;
  });
}

/** Opens a draft: members can answer from now on. */
export async function openDraft(
  db: Kysely<Database>,
  roundId: number,
  userId: number | null,
  now: Date
): Promise<Round> {
  return inTransaction(db, async (trx) => {
    const round = await roundOr404(trx, roundId);
    if (round.status !== 'draft') {
      throw conflict('round_not_draft', `Round "${round.name}" is not a draft: it was opened already.`);
    }
    if (round.closesAt && round.closesAt <= now) {
      throw badRequest('closes_in_past', 'The planned close lies in the past. Edit the draft and choose a later date.');
    }
    await setRoundStatus(trx, roundId, 'open', now);
    const opened = (await findRound(trx, roundId))!;
    await writeAudit(trx, {
      actorId: userId,
      action: 'round.open',
      entity: 'rating_round',
      entityId: roundId,
      before: round,
      after: opened
    });
    return opened;
  });
}

export async function closeRound(
  db: Kysely<Database>,
  roundId: number,
  userId: number | null,
  now: Date
): Promise<Round> {
  return inTransaction(db, async (trx) => {
    const round = await roundOr404(trx, roundId);
    if (round.status === 'closed') throw conflict('round_closed', `Round "${round.name}" is already closed.`);
    if (round.status === 'draft') {
      throw conflict('round_draft', `Round "${round.name}" is a draft: open it before closing it, or delete it.`);
    }
    await setRoundStatus(trx, roundId, 'closed', now);
    const closed = (await findRound(trx, roundId))!;
    await writeAudit(trx, {
      actorId: userId,
      action: 'round.close',
      entity: 'rating_round',
      entityId: roundId,
      before: round,
      after: closed
    });
    return closed;
  });
}

/**
 * Deletes a round nobody has answered in: a draft, or a round opened by mistake. Once a member scored, declared,
 * commented or submitted, the round stays (scores keep their provenance).
 */
export async function removeRound(db: Kysely<Database>, roundId: number, userId: number | null): Promise<void> {
  await inTransaction(db, async (trx) => {
    const round = await roundOr404(trx, roundId);
    if (await roundHasAnswers(trx, roundId)) {
      throw conflict(
        'round_has_answers',
        `Members already answered in "${round.name}": the round stays, so their answers keep their place.`
      );
    }
    const following = await listFollowingRounds(trx, roundId);
    if (following.length > 0) {
      throw conflict('round_followed', `"${following[0]!.name}" follows this round: delete that round first.`, {
        name: following[0]!.name
      });
    }
    const criteria = await listCriteria(trx, roundId);
    const themeIds = (await listRoundThemes(trx, roundId)).map((t) => t.id);
    await deleteRound(trx, roundId);
    await writeAudit(trx, {
      actorId: userId,
      action: 'round.delete',
      entity: 'rating_round',
      entityId: roundId,
      before: { ...round, criteria, themeIds }
    });
  });
}

export async function roundDetail(db: Kysely<Database>, roundId: number): Promise<RoundDetailDto> {
  const round = await roundOr404(db, roundId);
  const previous = round.previousRoundId === null ? null : await findRound(db, round.previousRoundId);
  return {
    ...round,
    criteria: await listCriteria(db, roundId),
    themes: await listRoundThemes(db, roundId),
    previousRoundName: previous?.name ?? null
  };
}

/**
 * Delphi figures of a round per theme × criterion: n, median, quartiles (type 7), IQR and the share in the top
 * third of the scale, from analysis/stats/delphi.ts. On a scale a theme meets consensus when it meets the rule on
 * every criterion (a weighted mean would hide a criterion the panel disagrees on). The rule is the round's own
 * unless another is given (staff trying a rule while they set up a follow-up round).
 *
 * Ranking rounds: the figures describe the Borda points (N + 1 − rank) of the members who ranked the theme, on a
 * scale of 1 to N; no consensus rule applies.
 *
 * No access checks: routes decide who sees which round's figures.
 */
export async function summariseRound(
  db: Kysely<Database>,
  roundId: number,
  options: { rule?: ConsensusRule } = {}
): Promise<RoundSummaryDto> {
  const round = await roundOr404(db, roundId);
  if (round.kind === 'feedback') {
    throw conflict('feedback_round', `"${round.name}" is a feedback round: it has no scores.`);
  }
  const ranking = round.scaleKind === 'ranking';
  const scale = { min: round.scaleMin, max: round.scaleMax };
  const rule = ranking ? null : checkConsensus(options.rule ?? round.consensus ?? DEFAULT_CONSENSUS, scale);
  const criteria = await listCriteria(db, roundId);
  const cells = await roundScoreValues(db, roundId);
  const themes = new Map<number, RoundSummaryDto['themes'][number]>();
  for (const cell of cells) {
    let theme = themes.get(cell.themeId);
    if (!theme) {
      theme = { themeId: cell.themeId, name: cell.themeName, consensus: rule ? true : null, criteria: [] };
      themes.set(cell.themeId, theme);
    }
    const values = ranking ? cell.values.map((rank) => round.scaleMax + 1 - rank) : cell.values;
    const summary = summariseScores(values, scale);
    const consensus = rule ? meetsConsensus(summary, rule) : null;
    if (rule && !consensus) theme.consensus = false;
    theme.criteria.push({ criterionId: cell.criterionId, ...summary, consensus });
  }
  return {
    roundId,
    scaleKind: round.scaleKind,
    scaleMin: round.scaleMin,
    scaleMax: round.scaleMax,
    rule,
    criteria: criteria.map(({ id, name, weight }) => ({ id, name, weight })),
    themes: [...themes.values()]
  };
}

/** The consensus rule from a query string: both parts or neither (the round's own rule). */
export function ruleFromQuery(query: { topShare?: number; maxIqr?: number }): ConsensusRule | undefined {
  if (query.topShare === undefined && query.maxIqr === undefined) return undefined;
  if (query.topShare === undefined || query.maxIqr === undefined) {
    throw badRequest('invalid_consensus', 'Give both parts of a consensus rule: topShare and maxIqr.');
  }
  return { topShare: query.topShare, maxIqr: query.maxIqr };
}

/** The director sees a round's results once staff closed it; staff see them all along (they monitor). */
export function assertResultsVisible(round: Round, role: string): void {
  if (role === 'director' && round.status !== 'closed') {
    throw conflict('round_open', `Round "${round.name}" is still open; its results are shown once staff close it.`);
  }
}

export async function resultsRound(db: Kysely<Database>, roundId: number, role: string): Promise<Round> {
  const round = await roundOr404(db, roundId);
  assertResultsVisible(round, role);
  return round;
}

/**
 * Who has answered how much: per member the themes fully answered of those they can answer, the final submit and
 * the latest change, and per committee how many submitted, started or did not start yet.
 */
export async function monitorRound(db: Kysely<Database>, roundId: number): Promise<RoundMonitorDto> {
  const round = await roundOr404(db, roundId);
  const [seats, activity, criteria, themes, committees] = await Promise.all([
    listRoundSeats(db, roundId),
    listMemberActivity(db, roundId),
    listCriteria(db, roundId),
    listRoundThemes(db, roundId),
    listCommittees(db, round.cycleId)
  ]);
  const inRound = new Set(themes.map((t) => t.id));
  const activityOf = new Map(activity.map((a) => [a.userId, a]));
  const needed = Math.max(1, criteria.length);
  const members = seats.map((seat) => {
    const a = activityOf.get(seat.userId);
    const recusedIds = new Set((a?.recusedThemeIds ?? []).filter((id) => inRound.has(id)));
    const answerable = themes.length - recusedIds.size;
    let answered: number;
    let total: number;
    if (round.kind === 'feedback') {
      answered = a?.feedbackThemes ?? 0;
      total = themes.length;
    } else {
      answered = (a?.answeredPerTheme ?? []).filter(
        (t) => inRound.has(t.themeId) && !recusedIds.has(t.themeId) && t.criteria >= needed
      ).length;
      total = round.scaleKind === 'ranking' ? Math.min(round.rankTopN ?? answerable, answerable) : answerable;
    }
    const state: 'submitted' | 'started' | 'not_started' = a?.submittedAt
      ? 'submitted'
      : a?.lastActivityAt
        ? 'started'
        : 'not_started';
    return {
      userId: seat.userId,
      name: seat.name,
      committeeId: seat.committeeId,
      committeeName: seat.committeeName,
      membership: seat.membership,
      answered,
      total,
      recused: recusedIds.size,
      state,
      submittedAt: a?.submittedAt ?? null,
      lastActivityAt: a?.lastActivityAt ?? null
    };
  });
  return {
    committees: committees
      .filter((c) => round.committeeIds.includes(c.id))
      .map((c) => {
        const own = members.filter((m) => m.committeeId === c.id);
        return {
          committeeId: c.id,
          name: c.name,
          kind: c.kind,
          raters: own.length,
          submitted: own.filter((m) => m.state === 'submitted').length,
          started: own.filter((m) => m.state === 'started').length,
          notStarted: own.filter((m) => m.state === 'not_started').length
        };
      }),
    members
  };
}

/**
 * Themes of a rating round ranked. On a scale: by weighted mean (per criterion the mean over the members who
 * scored, the criteria combined by weight; "weet ik niet" is no score). A ranking round: by Borda points, a member's
 * rank r in a top N earning N + 1 − r. Equal figures share a rank; then by name.
 */
export async function ranking(db: Kysely<Database>, roundId: number, role: string): Promise<RankingDto> {
  const round = await roundOr404(db, roundId);
  if (round.kind === 'feedback') {
    throw conflict('feedback_round', `"${round.name}" is a feedback round: it has no scores to rank.`);
  }
  assertResultsVisible(round, role);
  const borda = round.scaleKind === 'ranking';
  const figures = (await themeScoreTotals(db, roundId)).map((t) => {
    const totals = t.criteria.reduce((acc, c) => ({ n: acc.n + c.n, sum: acc.sum + c.sum }), { n: 0, sum: 0 });
    return {
      themeId: t.themeId,
      name: t.name,
      mean: borda ? null : weightedMean(t.criteria),
      points: borda ? bordaPoints(totals, round.rankTopN ?? round.scaleMax) : null,
      raters: t.raters,
      scores: t.scores
    };
  });
  const key = (f: (typeof figures)[number]) => (borda ? f.points : f.mean);
  // Stable: equal figures keep the query's order by name.
  figures.sort((a, b) => (key(b) ?? -Infinity) - (key(a) ?? -Infinity));
  const ranks = competitionRanks(figures.map(key));
  return {
    round,
    method: borda ? 'borda' : 'mean',
    themes: figures.map((f, i) => ({ rank: ranks[i]!, ...f }))
  };
}

export function rankingCsv(result: RankingDto): string {
  if (result.method === 'borda') {
    return toCsv(
      ['rank', 'theme_id', 'theme', 'borda_points', 'raters'],
      result.themes.map((t) => [t.rank, t.themeId, t.name, t.points ?? 0, t.raters])
    );
  }
  return toCsv(
    ['rank', 'theme_id', 'theme', 'mean_score', 'raters'],
    result.themes.map((t) => [t.rank, t.themeId, t.name, t.mean === null ? '' : t.mean.toFixed(2), t.raters])
  );
}

/** Every raw score of a round, one row per member × theme × criterion ("weet ik niet": no value, dont_know true). */
export async function scoresCsv(db: Kysely<Database>, roundId: number): Promise<{ round: Round; csv: string }> {
  const round = await roundOr404(db, roundId);
  const rows: ExportedScore[] = await listScoresForExport(db, roundId);
  return {
    round,
    csv: toCsv(
      [
        'round_id',
        'round',
        'committee',
        'member_id',
        'member',
        'theme_id',
        'theme',
        'criterion',
        'value',
        'dont_know',
        'reason',
        'updated_at'
      ],
      rows.map((r) => [
        r.roundId,
        r.roundName,
        r.committees,
        r.userId,
        r.memberName,
        r.themeId,
        r.themeName,
        r.criterion,
        r.value ?? '',
        r.dontKnow ? 'true' : 'false',
        r.reason ?? '',
        new Date(r.updatedAt).toISOString()
      ])
    )
  };
}
