import type { Kysely } from 'kysely';
import { writeAudit } from '../../../db/queries/audit.js';
import { findCycle, listCommittees } from '../../../db/queries/cycles.js';
import {
  findRound,
  insertRound,
  listCriteria,
  rankThemes,
  type RankedTheme,
  type Round,
  roundIncludesTheme,
  roundMembership,
  setRoundStatus,
  upsertScore
} from '../../../db/queries/rounds.js';
import { listThemes } from '../../../db/queries/themes.js';
import { inTransaction } from '../../../db/transaction.js';
import type { Database } from '../../../db/schema.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../errors.js';
import { toCsv } from '../lib/csv.js';

export const DEFAULT_CRITERION = {
  name: 'Prioriteit',
  description: 'Hoe dringend heeft het onderwijsveld kennis over dit thema nodig?',
  weight: 1
};

export async function openRound(
  db: Kysely<Database>,
  input: {
    cycleId: number;
    name: string;
    scaleMax: number;
    themeIds?: number[];
    committeeIds?: number[];
    userId: number | null;
    now: Date;
  }
): Promise<Round> {
  if (!(await findCycle(db, input.cycleId))) throw notFound('Cycle', input.cycleId);
  const themes = await listThemes(db, input.cycleId);
  const committees = await listCommittees(db, input.cycleId);
  const themeIds = input.themeIds ?? themes.map((t) => t.id);
  const committeeIds = input.committeeIds ?? committees.map((c) => c.id);
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
  return inTransaction(db, async (trx) => {
    const id = await insertRound(trx, {
      cycleId: input.cycleId,
      name: input.name.trim(),
      scaleMin: 1,
      scaleMax: input.scaleMax,
      themeIds: [...new Set(themeIds)],
      committeeIds: [...new Set(committeeIds)],
      criteria: [DEFAULT_CRITERION],
      createdBy: input.userId,
      openedAt: input.now
    });
    const round = (await findRound(trx, id))!;
    await writeAudit(trx, {
      actorId: input.userId,
      action: 'round.open',
      entity: 'rating_round',
      entityId: id,
      after: round
    });
    return round;
  });
}

export async function closeRound(
  db: Kysely<Database>,
  roundId: number,
  userId: number | null,
  now: Date
): Promise<Round> {
  return inTransaction(db, async (trx) => {
    const round = await findRound(trx, roundId);
    if (!round) throw notFound('Round', roundId);
    if (round.status === 'closed') throw conflict('round_closed', `Round "${round.name}" is already closed.`);
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

/** The rules of rating, enforced here whatever the page allows. */
export async function saveScore(
  db: Kysely<Database>,
  input: { roundId: number; userId: number; themeId: number; criterionId?: number; value: number; now: Date }
): Promise<void> {
  const round = await findRound(db, input.roundId);
  if (!round) throw notFound('Round', input.roundId);
  const membership = await roundMembership(db, input.roundId, input.userId);
  if (membership === null) throw forbidden('You are not a member of a committee in this round.');
  if (membership === 'observer') throw forbidden('Observers read along but do not rate.');
  if (round.status !== 'open')
    throw new AppError(409, 'round_not_open', `Round "${round.name}" is not open for scores.`);
  if (!Number.isInteger(input.value) || input.value < round.scaleMin || input.value > round.scaleMax) {
    throw badRequest('off_scale', `A score must be a whole number from ${round.scaleMin} to ${round.scaleMax}.`, {
      min: round.scaleMin,
      max: round.scaleMax,
      value: input.value
    });
  }
  if (!(await roundIncludesTheme(db, input.roundId, input.themeId))) {
    throw badRequest('unknown_theme', `Theme ${input.themeId} is not part of this round.`, { themeId: input.themeId });
  }
  const criteria = await listCriteria(db, input.roundId);
  const criterion = input.criterionId === undefined ? criteria[0] : criteria.find((c) => c.id === input.criterionId);
  if (!criterion || (input.criterionId === undefined && criteria.length > 1)) {
    throw badRequest('unknown_criterion', "Name one of the round's criteria.", { criteria: criteria.map((c) => c.id) });
  }
  await inTransaction(db, async (trx) => {
    const { previous } = await upsertScore(trx, {
      roundId: input.roundId,
      themeId: input.themeId,
      criterionId: criterion.id,
      userId: input.userId,
      value: input.value,
      at: input.now
    });
    await writeAudit(trx, {
      actorId: input.userId,
      action: previous === null ? 'score.create' : 'score.update',
      entity: 'score',
      entityId: `${input.roundId}/${input.themeId}/${criterion.id}/${input.userId}`,
      before: previous === null ? undefined : { value: previous },
      after: { value: input.value }
    });
  });
}

export async function ranking(
  db: Kysely<Database>,
  roundId: number,
  role: string
): Promise<{ round: Round; themes: RankedTheme[] }> {
  const round = await findRound(db, roundId);
  if (!round) throw notFound('Round', roundId);
  // Staff monitor open rounds; the director sees results once the round is closed.
  if (role === 'director' && round.status !== 'closed') {
    throw conflict('round_open', `Round "${round.name}" is still open; its ranking is shown once staff close it.`);
  }
  return { round, themes: await rankThemes(db, roundId) };
}

export function rankingCsv(themes: RankedTheme[]): string {
  return toCsv(
    ['rank', 'theme_id', 'theme', 'mean_score', 'raters'],
    themes.map((t, i) => [i + 1, t.themeId, t.name, t.mean === null ? '' : t.mean.toFixed(2), t.raters])
  );
}
