import type { Kysely } from 'kysely';
import { type GroupSummary, summariseScores } from '../../../analysis/stats/delphi.js';
import { writeAudit } from '../../../db/queries/audit.js';
import {
  type BallotCriterion,
  type BallotRound,
  type BallotThemeRow,
  type Declaration,
  deleteDeclaration,
  deleteMemberScores,
  findBallotRound,
  findSubmission,
  firstQuestionsOfThemes,
  insertDeclaration,
  listBallot,
  listBallotCriteria,
  listDeclarations,
  listMemberComments,
  listMemberScores,
  listRoundDeclarations,
  listRoundScores,
  listRoundsForMember,
  listUndeclaredMembers,
  type MemberScore,
  questionsForMasking,
  type QuestionForMasking,
  roundIncludesTheme,
  roundMembership,
  type RoundDeclaration,
  type RoundMember,
  setComment,
  updateDeclarationDescription,
  upsertScore,
  upsertSubmission,
  countFeedbackThemes
} from '../../../db/queries/ballot.js';
import { type FeedbackItem, listMemberFeedback } from '../../../db/queries/feedback.js';
import type { Database, Membership, RoundKind } from '../../../db/schema.js';
import { inTransaction } from '../../../db/transaction.js';
import { AppError, badRequest, conflict, notFound } from '../errors.js';
import { maskContacts } from '../import/personal.js';
import { type Role, STAFF } from '../../shared/roles.js';

/** At most this many questions illustrate a theme; fewer representatives are topped up to the minimum. */
export const QUESTIONS_PER_THEME = 5;
export const MIN_QUESTIONS_PER_THEME = 3;

// ---------------------------------------------------------------------------------------------------------------
// Personal data in question texts

/** What stands where a name, e-mail address or phone number was. */
export const MASK = '[…]';

const PARTICLES = new Set(['van', 'de', 'der', 'den', 'het', 'ter', 'ten', 'te', 'le', 'la', 'du', 'da', 'di', 'von']);
const NAME_WORD = String.raw`\p{Lu}[\p{L}'’-]+`;
const PARTICLE = String.raw`(?:[vV]an|[dD]e|[dD]er|[dD]en|[tT]er|[tT]en|[vV]on)`;
/** A name after the words people introduce or sign with: "Mijn naam is An Peeters", "Groetjes, Jan". */
const INTRODUCED_NAME = new RegExp(
  String.raw`((?:[Mm]ijn naam is|[Ii]k heet|[Gg]roet(?:en|jes)|[Mm]vg|[Mm]et vriendelijke groet(?:en)?|[Vv]riendelijke groet(?:en)?|[Gg]roeten van|[Vv]an de hand van)[,:.]?\s+)(${NAME_WORD}(?:\s+(?:${PARTICLE}\s+){0,2}${NAME_WORD}){0,2})`,
  'gu'
);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A question text as committees see it: e-mail addresses and phone numbers (found as on the rest of the site), the
 * asker's own name (from the personal data of the row the question came from) and names someone introduces or signs
 * with replaced by "[…]".
 * @example maskPersonalData('Mail jan@school.be. Groetjes, Jan Peeters', []) === 'Mail […]. Groetjes, […]'
 */
export function maskPersonalData(text: string, names: readonly (string | null)[]): string {
  let masked = maskContacts(text).replaceAll('[e-mail]', MASK).replaceAll('[telefoon]', MASK);
  const words = new Set<string>();
  const fullNames: string[] = [];
  for (const name of names) {
    const trimmed = name?.trim();
    if (!trimmed) continue;
    fullNames.push(trimmed);
    for (const part of trimmed.split(/[\s,]+/)) {
      if ([...part].length >= 3 && /\p{L}/u.test(part) && !PARTICLES.has(part.toLowerCase())) words.add(part);
    }
  }
  // Whole names first, so "Jan Peeters" becomes one mask rather than two.
  for (const phrase of [...fullNames.sort((a, b) => b.length - a.length), ...words]) {
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(phrase)}(?![\\p{L}\\p{N}])`, 'giu');
    masked = masked.replace(pattern, MASK);
  }
  masked = masked.replace(INTRODUCED_NAME, (_, lead: string) => `${lead}${MASK}`);
  return masked.replace(/\[…\](?:\s+\[…\])+/gu, MASK);
}

/**
 * Question texts as a role may read them: staff and admins as written (they hold the askers' personal data anyway);
 * everyone else — the director included — without contact details or the names people sign or introduce with.
 */
export function questionTextFor(role: string): (text: string) => string {
  return STAFF.includes(role as Role) ? (text) => text : (text) => maskPersonalData(text, []);
}

// ---------------------------------------------------------------------------------------------------------------
// Rules

/** Whether a round takes changes now: open, and within its planned dates when it has them. */
export function acceptsChanges(round: Pick<BallotRound, 'status' | 'opensAt' | 'closesAt'>, now: Date): boolean {
  if (round.status !== 'open') return false;
  if (round.opensAt && now < new Date(round.opensAt)) return false;
  if (round.closesAt && now >= new Date(round.closesAt)) return false;
  return true;
}

const notRoundMember = () =>
  new AppError(403, 'not_round_member', 'You are not a member of a committee in this round.');

async function memberRound(
  db: Kysely<Database>,
  roundId: number,
  userId: number
): Promise<{ round: BallotRound; membership: Membership }> {
  const round = await findBallotRound(db, roundId);
  if (!round || round.status === 'draft') throw notFound('Round', roundId);
  const membership = await roundMembership(db, roundId, userId);
  if (!membership) throw notRoundMember();
  return { round, membership };
}

/** The round, when the user may change their answers in it now; otherwise the reason why not. */
export async function raterRound(
  db: Kysely<Database>,
  roundId: number,
  userId: number,
  now: Date,
  kind: RoundKind | null
): Promise<BallotRound> {
  const { round, membership } = await memberRound(db, roundId, userId);
  if (membership === 'observer') {
    throw new AppError(403, 'observer_cannot_rate', 'Observers read along but do not rate or comment.');
  }
  if (!acceptsChanges(round, now)) {
    throw conflict('round_not_open', `Round "${round.name}" is not open: answers can no longer be changed.`, {
      closesAt: round.closesAt
    });
  }
  if (kind === 'rating' && round.kind !== 'rating') {
    throw conflict(
      'no_scores_in_feedback_round',
      `Round "${round.name}" gathers feedback per theme; it takes no scores.`
    );
  }
  if (kind === 'feedback' && round.kind !== 'feedback') {
    throw conflict('not_feedback_round', `Round "${round.name}" is a rating round; it takes no theme feedback.`);
  }
  return round;
}

async function requireDeclaration(db: Kysely<Database>, roundId: number, userId: number): Promise<Declaration[]> {
  const declarations = await listDeclarations(db, roundId, userId);
  if (declarations.length === 0) {
    throw conflict(
      'declaration_required',
      'Declare your interests in this round first (or that you have none); then the ballot opens.'
    );
  }
  return declarations;
}

export async function requireThemeInRound(db: Kysely<Database>, roundId: number, themeId: number): Promise<void> {
  if (!(await roundIncludesTheme(db, roundId, themeId))) {
    throw badRequest('unknown_theme', `Theme ${themeId} is not part of this round.`, { themeId });
  }
}

/**
 * Refuses an answer on a theme the member declared a conflict for, and records the refusal (the recusal) in the
 * audit log, outside any transaction so that it stays when the request fails.
 */
async function refuseIfConflicted(
  db: Kysely<Database>,
  declarations: readonly Declaration[],
  attempt: { roundId: number; userId: number; themeId: number; what: string; detail?: unknown }
): Promise<void> {
  const declared = declarations.find((d) => d.kind === 'theme' && d.themeId === attempt.themeId);
  if (!declared) return;
  await writeAudit(db, {
    actorId: attempt.userId,
    action: 'recusal',
    entity: 'score',
    entityId: `${attempt.roundId}/${attempt.themeId}/${attempt.userId}`,
    after: { refused: attempt.what, themeId: attempt.themeId, conflict: declared.description, detail: attempt.detail }
  });
  throw conflict(
    'conflict_of_interest',
    `You declared a conflict of interest for theme ${attempt.themeId}: you do not rate it.`,
    { themeId: attempt.themeId }
  );
}

function resolveCriterion(criteria: readonly BallotCriterion[], criterionId: number | undefined): BallotCriterion {
  const criterion = criterionId === undefined ? criteria[0] : criteria.find((c) => c.id === criterionId);
  if (!criterion || (criterionId === undefined && criteria.length > 1)) {
    throw badRequest('unknown_criterion', "Name one of the round's criteria.", { criteria: criteria.map((c) => c.id) });
  }
  return criterion;
}

const sameAnswer = (a: { value: number | null; dontKnow: boolean }, b: { value: number | null; dontKnow: boolean }) =>
  a.dontKnow === b.dontKnow && a.value === b.value;

// ---------------------------------------------------------------------------------------------------------------
// Delphi: the round before

export interface DelphiEntry {
  /** The member's own answer in the round before; null when they gave none. */
  own: { value: number | null } | null;
  /** The group's summary of that round (scores only, "weet ik niet" left out); null while that round is open. */
  group: Pick<GroupSummary, 'n' | 'median' | 'q1' | 'q3' | 'iqr'> | null;
}

/** Pairs each criterion with the earlier round's criterion of the same name, else the one in the same place. */
export function matchCriteria(
  current: readonly Pick<BallotCriterion, 'id' | 'name'>[],
  previous: readonly Pick<BallotCriterion, 'id' | 'name'>[]
): Map<number, number> {
  const key = (name: string) => name.trim().toLocaleLowerCase('nl');
  const byName = new Map(previous.map((c) => [key(c.name), c.id]));
  const taken = new Set<number>();
  const result = new Map<number, number>();
  for (const c of current) {
    const id = byName.get(key(c.name));
    if (id !== undefined && !taken.has(id)) {
      result.set(c.id, id);
      taken.add(id);
    }
  }
  current.forEach((c, i) => {
    const fallback = previous[i];
    if (!result.has(c.id) && fallback && !taken.has(fallback.id)) {
      result.set(c.id, fallback.id);
      taken.add(fallback.id);
    }
  });
  return result;
}

interface PreviousRound {
  round: BallotRound;
  /** Current criterion id → the earlier round's criterion id. */
  criteria: Map<number, number>;
  scores: Awaited<ReturnType<typeof listRoundScores>>;
}

async function previousRound(
  db: Kysely<Database>,
  round: BallotRound,
  criteria: readonly BallotCriterion[]
): Promise<PreviousRound | null> {
  if (round.previousRoundId === null || round.scaleKind !== 'scale') return null;
  const previous = await findBallotRound(db, round.previousRoundId);
  if (!previous || previous.scaleKind !== 'scale' || previous.kind !== 'rating') return null;
  return {
    round: previous,
    criteria: matchCriteria(criteria, await listBallotCriteria(db, previous.id)),
    scores: await listRoundScores(db, previous.id)
  };
}

function delphiEntry(
  previous: PreviousRound,
  userId: number,
  themeId: number,
  criterionId: number
): DelphiEntry | null {
  const earlierId = previous.criteria.get(criterionId);
  if (earlierId === undefined) return null;
  const answers = previous.scores.filter((s) => s.themeId === themeId && s.criterionId === earlierId);
  const mine = answers.find((s) => s.userId === userId);
  // Blind: the group's scores are shown once the earlier round is closed.
  let group: DelphiEntry['group'] = null;
  if (previous.round.status === 'closed') {
    const values = answers.filter((s) => !s.dontKnow && s.value !== null).map((s) => s.value!);
    const { n, median, q1, q3, iqr } = summariseScores(values, {
      min: previous.round.scaleMin,
      max: previous.round.scaleMax
    });
    group = { n, median, q1, q3, iqr };
  }
  return { own: mine ? { value: mine.dontKnow ? null : mine.value } : null, group };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

export interface BallotQuestion {
  id: number;
  text: string;
}

/** Up to five questions per theme, its representatives first, personal data masked. */
async function themeQuestions(
  db: Kysely<Database>,
  themes: readonly BallotThemeRow[]
): Promise<Map<number, BallotQuestion[]>> {
  const wanted = themes.flatMap((t) => t.representativeQuestionIds.slice(0, QUESTIONS_PER_THEME));
  const found = new Map((await questionsForMasking(db, wanted)).map((q) => [q.id, q]));
  const result = new Map<number, QuestionForMasking[]>();
  for (const theme of themes) {
    result.set(
      theme.id,
      theme.representativeQuestionIds
        .slice(0, QUESTIONS_PER_THEME)
        .flatMap((id) => (found.get(id)?.themeId === theme.id ? [found.get(id)!] : []))
    );
  }
  const short = themes.filter((t) => result.get(t.id)!.length < MIN_QUESTIONS_PER_THEME).map((t) => t.id);
  for (const question of await firstQuestionsOfThemes(db, short, MIN_QUESTIONS_PER_THEME * 2)) {
    const list = result.get(question.themeId!)!;
    if (list.length < MIN_QUESTIONS_PER_THEME && !list.some((q) => q.id === question.id)) list.push(question);
  }
  return new Map(
    [...result].map(([themeId, list]) => [
      themeId,
      list.map((q) => ({ id: q.id, text: maskPersonalData(q.text, [q.askerName]) }))
    ])
  );
}

/** Themes the member has answered completely (every criterion scored or "weet ik niet"; ranked, in a ranking). */
function completedThemes(
  round: BallotRound,
  criteria: readonly BallotCriterion[],
  scores: readonly MemberScore[],
  conflicted: ReadonlySet<number>
): Set<number> {
  const byTheme = new Map<number, Set<number>>();
  for (const s of scores) {
    if (conflicted.has(s.themeId)) continue;
    byTheme.set(s.themeId, (byTheme.get(s.themeId) ?? new Set()).add(s.criterionId));
  }
  if (round.scaleKind === 'ranking') return new Set(byTheme.keys());
  return new Set(
    [...byTheme].filter(([, answered]) => criteria.every((c) => answered.has(c.id))).map(([themeId]) => themeId)
  );
}

export const rankingSize = (round: BallotRound) => round.rankTopN ?? round.scaleMax;

export interface MemberProgressInRound {
  /** Themes answered completely (rating), ranked (ranking) or commented on (feedback). */
  done: number;
  /** Themes to answer: those without a declared conflict; in a ranking, the N places to fill. */
  total: number;
}

async function progressIn(
  db: Kysely<Database>,
  round: BallotRound,
  userId: number,
  criteria: readonly BallotCriterion[],
  declarations: readonly Declaration[]
): Promise<MemberProgressInRound> {
  if (round.kind === 'feedback') {
    return { done: await countFeedbackThemes(db, round.id, userId), total: round.themeCount };
  }
  const conflicted = new Set(declarations.flatMap((d) => (d.kind === 'theme' ? [d.themeId!] : [])));
  const eligible = round.themeCount - conflicted.size;
  const done = completedThemes(round, criteria, await listMemberScores(db, round.id, userId), conflicted).size;
  return { done, total: round.scaleKind === 'ranking' ? Math.min(rankingSize(round), eligible) : eligible };
}

export interface MemberRound extends BallotRound {
  membership: Membership;
  accepting: boolean;
  declared: boolean;
  submittedAt: Date | null;
  progress: MemberProgressInRound;
}

export async function memberRounds(db: Kysely<Database>, userId: number, now: Date): Promise<MemberRound[]> {
  const rounds = await listRoundsForMember(db, userId);
  const result: MemberRound[] = [];
  for (const round of rounds) {
    const declarations = await listDeclarations(db, round.id, userId);
    const criteria = await listBallotCriteria(db, round.id);
    result.push({
      ...round,
      accepting: acceptsChanges(round, now),
      declared: declarations.length > 0,
      submittedAt: await findSubmission(db, round.id, userId),
      progress:
        round.membership === 'observer'
          ? { done: 0, total: round.themeCount }
          : await progressIn(db, round, userId, criteria, declarations)
    });
  }
  return result;
}

export interface DeclarationView {
  declaredAt: Date;
  none: boolean;
  general: string | null;
  themes: { themeId: number; description: string; declaredAt: Date }[];
}

export function declarationView(declarations: readonly Declaration[]): DeclarationView | null {
  if (declarations.length === 0) return null;
  return {
    declaredAt: new Date(Math.min(...declarations.map((d) => new Date(d.declaredAt).getTime()))),
    none: declarations.some((d) => d.kind === 'none'),
    general: declarations.find((d) => d.kind === 'general')?.description ?? null,
    themes: declarations
      .filter((d) => d.kind === 'theme')
      .map((d) => ({ themeId: d.themeId!, description: d.description, declaredAt: d.declaredAt }))
  };
}

export interface BallotView {
  round: MemberRound;
  criteria: BallotCriterion[];
  declaration: DeclarationView | null;
  previousRound: { id: number; name: string; scaleMin: number; scaleMax: number; closed: boolean } | null;
  themes: {
    id: number;
    name: string;
    description: string;
    keywords: string[];
    questions: BallotQuestion[];
    /** Criterion id → value; null for "weet ik niet". In a ranking round: the place (1 = first). */
    scores: Record<string, number | null>;
    /** Criterion id → why the member changed their score since the round before. */
    reasons: Record<string, string>;
    comment: string | null;
    /** The member's declared conflict on this theme: they do not rate it. */
    conflict: string | null;
    /** Criterion id → the member's earlier answer and the group's summary (Delphi). */
    previous: Record<string, DelphiEntry>;
    feedback: Omit<FeedbackItem, 'roundId' | 'userId' | 'themeId'>[];
  }[];
}

/** What a member (or observer) sees of a round: the themes, the criteria, their own answers, and nobody else's. */
export async function getBallot(db: Kysely<Database>, roundId: number, userId: number, now: Date): Promise<BallotView> {
  const { round, membership } = await memberRound(db, roundId, userId);
  const rater = membership !== 'observer';
  const criteria = await listBallotCriteria(db, roundId);
  const themes = await listBallot(db, roundId);
  const questions = await themeQuestions(db, themes);
  const declarations = rater ? await listDeclarations(db, roundId, userId) : [];
  const scores = rater ? await listMemberScores(db, roundId, userId) : [];
  const comments = rater ? await listMemberComments(db, roundId, userId) : [];
  const feedback = rater && round.kind === 'feedback' ? await listMemberFeedback(db, roundId, userId) : [];
  const previous = rater ? await previousRound(db, round, criteria) : null;
  const declaration = declarationView(declarations);

  return {
    round: {
      ...round,
      membership,
      accepting: acceptsChanges(round, now),
      declared: declarations.length > 0,
      submittedAt: rater ? await findSubmission(db, roundId, userId) : null,
      progress: rater
        ? await progressIn(db, round, userId, criteria, declarations)
        : { done: 0, total: round.themeCount }
    },
    criteria,
    declaration,
    previousRound: previous && {
      id: previous.round.id,
      name: previous.round.name,
      scaleMin: previous.round.scaleMin,
      scaleMax: previous.round.scaleMax,
      closed: previous.round.status === 'closed'
    },
    themes: themes.map((theme) => {
      const mine = scores.filter((s) => s.themeId === theme.id);
      const delphi: Record<string, DelphiEntry> = {};
      if (previous) {
        for (const c of criteria) {
          const entry = delphiEntry(previous, userId, theme.id, c.id);
          if (entry) delphi[c.id] = entry;
        }
      }
      return {
        id: theme.id,
        name: theme.name,
        description: theme.description,
        keywords: theme.keywords,
        questions: questions.get(theme.id) ?? [],
        scores: Object.fromEntries(mine.map((s) => [s.criterionId, s.dontKnow ? null : s.value])),
        reasons: Object.fromEntries(mine.flatMap((s) => (s.reason ? [[s.criterionId, s.reason]] : []))),
        comment: comments.find((c) => c.themeId === theme.id)?.comment ?? null,
        conflict: declaration?.themes.find((d) => d.themeId === theme.id)?.description ?? null,
        previous: delphi,
        feedback: feedback
          .filter((f) => f.themeId === theme.id)
          .map(({ id, category, text, createdAt, updatedAt, handledAt }) => ({
            id,
            category,
            text,
            createdAt,
            updatedAt,
            handledAt
          }))
      };
    })
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Changing

/** The rules of rating, enforced here whatever the page allows. */
export async function saveScore(
  db: Kysely<Database>,
  input: {
    roundId: number;
    userId: number;
    themeId: number;
    criterionId?: number;
    value?: number;
    dontKnow?: boolean;
    reason?: string;
    now: Date;
  }
): Promise<{ value: number | null; dontKnow: boolean; reason: string | null }> {
  const round = await raterRound(db, input.roundId, input.userId, input.now, 'rating');
  if (round.scaleKind === 'ranking') {
    throw conflict('ranking_round', `Round "${round.name}" ranks themes: send your whole ranking instead of scores.`);
  }
  const declarations = await requireDeclaration(db, round.id, input.userId);
  await requireThemeInRound(db, round.id, input.themeId);
  const dontKnow = input.dontKnow === true;
  await refuseIfConflicted(db, declarations, {
    roundId: round.id,
    userId: input.userId,
    themeId: input.themeId,
    what: 'score',
    detail: { criterionId: input.criterionId ?? null, value: input.value ?? null, dontKnow }
  });
  const criterion = resolveCriterion(await listBallotCriteria(db, round.id), input.criterionId);

  let value: number | null = null;
  if (dontKnow) {
    if (input.value !== undefined) {
      throw badRequest('dont_know_with_value', 'Send either a score or "weet ik niet", not both.');
    }
  } else {
    const v = input.value;
    if (v === undefined || !Number.isInteger(v) || v < round.scaleMin || v > round.scaleMax) {
      throw badRequest(
        'off_scale',
        `A score must be a whole number from ${round.scaleMin} to ${round.scaleMax}, or "weet ik niet".`,
        { min: round.scaleMin, max: round.scaleMax, value: v ?? null }
      );
    }
    value = v;
  }

  // Delphi: a score that differs from the member's own score in the round before needs a reason.
  let reason: string | null = null;
  const previous = await previousRound(db, round, await listBallotCriteria(db, round.id));
  const earlier = previous && delphiEntry(previous, input.userId, input.themeId, criterion.id)?.own;
  if (earlier && !sameAnswer({ value: earlier.value, dontKnow: earlier.value === null }, { value, dontKnow })) {
    reason = input.reason?.trim() || null;
    if (!reason) {
      throw badRequest(
        'reason_required',
        'Your score differs from your score in the round before: say briefly why you changed it.',
        { previous: earlier.value }
      );
    }
  }

  return inTransaction(db, async (trx) => {
    const { previous: before } = await upsertScore(trx, {
      roundId: round.id,
      themeId: input.themeId,
      criterionId: criterion.id,
      userId: input.userId,
      value,
      dontKnow,
      reason,
      at: input.now
    });
    await writeAudit(trx, {
      actorId: input.userId,
      action: before === null ? 'score.create' : 'score.update',
      entity: 'score',
      entityId: `${round.id}/${input.themeId}/${criterion.id}/${input.userId}`,
      before: before ?? undefined,
      after: { value, dontKnow, reason }
    });
    return { value, dontKnow, reason };
  });
}

/** A ranking round: the member's top N, first place first; replaces their earlier ranking. */
export async function saveRanking(
  db: Kysely<Database>,
  input: { roundId: number; userId: number; themeIds: number[]; now: Date }
): Promise<void> {
  const round = await raterRound(db, input.roundId, input.userId, input.now, 'rating');
  if (round.scaleKind !== 'ranking') {
    throw conflict('not_ranking_round', `Round "${round.name}" scores themes on a scale; it takes no ranking.`);
  }
  const declarations = await requireDeclaration(db, round.id, input.userId);
  const size = rankingSize(round);
  if (input.themeIds.length > size) {
    throw badRequest('ranking_too_long', `Rank at most ${size} themes.`, { max: size });
  }
  if (new Set(input.themeIds).size !== input.themeIds.length) {
    throw badRequest('ranking_duplicate', 'A theme can have only one place in your ranking.');
  }
  for (const themeId of input.themeIds) await requireThemeInRound(db, round.id, themeId);
  for (const themeId of input.themeIds) {
    await refuseIfConflicted(db, declarations, {
      roundId: round.id,
      userId: input.userId,
      themeId,
      what: 'ranking',
      detail: { place: input.themeIds.indexOf(themeId) + 1 }
    });
  }
  const criterion = resolveCriterion(await listBallotCriteria(db, round.id), undefined);
  await inTransaction(db, async (trx) => {
    const before = await deleteMemberScores(trx, round.id, input.userId);
    for (const [i, themeId] of input.themeIds.entries()) {
      await upsertScore(trx, {
        roundId: round.id,
        themeId,
        criterionId: criterion.id,
        userId: input.userId,
        value: i + 1,
        dontKnow: false,
        reason: null,
        at: input.now
      });
    }
    await writeAudit(trx, {
      actorId: input.userId,
      action: 'ranking.update',
      entity: 'score',
      entityId: `${round.id}/${input.userId}`,
      before: { themeIds: rankedThemeIds(before) },
      after: { themeIds: input.themeIds }
    });
  });
}

const rankedThemeIds = (scores: readonly MemberScore[]) =>
  [...scores].sort((a, b) => (a.value ?? 0) - (b.value ?? 0)).map((s) => s.themeId);

/** A member's comment on a theme; an empty comment removes it. */
export async function saveComment(
  db: Kysely<Database>,
  input: { roundId: number; userId: number; themeId: number; comment: string; now: Date }
): Promise<void> {
  const round = await raterRound(db, input.roundId, input.userId, input.now, 'rating');
  const declarations = await requireDeclaration(db, round.id, input.userId);
  await requireThemeInRound(db, round.id, input.themeId);
  await refuseIfConflicted(db, declarations, {
    roundId: round.id,
    userId: input.userId,
    themeId: input.themeId,
    what: 'comment'
  });
  const comment = input.comment.trim() || null;
  await inTransaction(db, async (trx) => {
    const before = await setComment(trx, { ...input, roundId: round.id, comment, at: input.now });
    if (before === comment) return;
    await writeAudit(trx, {
      actorId: input.userId,
      action:
        comment === null
          ? 'ballot_comment.delete'
          : before === null
            ? 'ballot_comment.create'
            : 'ballot_comment.update',
      entity: 'ballot_comment',
      entityId: `${round.id}/${input.themeId}/${input.userId}`,
      before: before === null ? undefined : { comment: before },
      after: comment === null ? undefined : { comment }
    });
  });
}

export interface DeclarationInput {
  none: boolean;
  /** Left out when there is no general interest. */
  general?: string;
  themes: { themeId: number; description: string }[];
}

/**
 * Sets the member's declaration in a round: none, or a general interest and/or conflicts per theme. A new conflict
 * on a theme removes the member's earlier scores and comment on it; a withdrawn conflict is recorded. All audited.
 */
export async function declareInterests(
  db: Kysely<Database>,
  input: DeclarationInput & { roundId: number; userId: number; now: Date }
): Promise<DeclarationView> {
  const round = await raterRound(db, input.roundId, input.userId, input.now, 'rating');
  const general = input.general?.trim() || null;
  if (input.general !== undefined && general === null) {
    throw badRequest('description_required', 'Describe your general interest briefly.', { themeId: null });
  }
  const themes = input.themes.map((t) => ({ themeId: t.themeId, description: t.description.trim() }));
  const missing = themes.find((t) => t.description === '');
  if (missing) {
    throw badRequest('description_required', 'Describe each conflict of interest briefly.', {
      themeId: missing.themeId
    });
  }
  if (new Set(themes.map((t) => t.themeId)).size !== themes.length) {
    throw badRequest('duplicate_conflict', 'Declare each theme once.');
  }
  if (input.none && (general !== null || themes.length > 0)) {
    throw badRequest('none_with_conflicts', 'Declare either that you have no interests to declare, or your interests.');
  }
  if (!input.none && general === null && themes.length === 0) {
    throw badRequest('declaration_empty', 'Declare an interest, or that you have none.');
  }
  for (const t of themes) await requireThemeInRound(db, round.id, t.themeId);

  return inTransaction(db, async (trx) => {
    const existing = await listDeclarations(trx, round.id, input.userId);
    const audit = (action: string, before?: unknown, after?: unknown) =>
      writeAudit(trx, {
        actorId: input.userId,
        action,
        entity: 'conflict_declaration',
        entityId: `${round.id}/${input.userId}`,
        before,
        after
      });
    const desired = [
      ...(input.none ? [{ kind: 'none' as const, themeId: null, description: '' }] : []),
      ...(general !== null ? [{ kind: 'general' as const, themeId: null, description: general }] : []),
      ...themes.map((t) => ({ kind: 'theme' as const, ...t }))
    ];
    const same = (d: Declaration, w: (typeof desired)[number]) => d.kind === w.kind && d.themeId === w.themeId;

    for (const old of existing.filter((d) => !desired.some((w) => same(d, w)))) {
      await deleteDeclaration(trx, old.id);
      await audit('conflict.withdraw', { kind: old.kind, themeId: old.themeId, description: old.description });
    }
    for (const wanted of desired) {
      const old = existing.find((d) => same(d, wanted));
      if (old) {
        if (old.description !== wanted.description) {
          await updateDeclarationDescription(trx, old.id, wanted.description);
          await audit(
            'conflict.update',
            { kind: old.kind, themeId: old.themeId, description: old.description },
            { kind: wanted.kind, themeId: wanted.themeId, description: wanted.description }
          );
        }
        continue;
      }
      await insertDeclaration(trx, { roundId: round.id, userId: input.userId, ...wanted, at: input.now });
      await audit('conflict.declare', undefined, wanted);
      if (wanted.kind !== 'theme') continue;
      // A member does not rate a theme they have a conflict for: earlier answers on it go.
      const removed = await deleteMemberScores(trx, round.id, input.userId, wanted.themeId);
      const comment = await setComment(trx, {
        roundId: round.id,
        themeId: wanted.themeId,
        userId: input.userId,
        comment: null,
        at: input.now
      });
      if (removed.length > 0 || comment !== null) {
        await writeAudit(trx, {
          actorId: input.userId,
          action: 'score.recuse',
          entity: 'score',
          entityId: `${round.id}/${wanted.themeId}/${input.userId}`,
          before: { scores: removed, comment },
          after: { conflict: wanted.description }
        });
      }
      if (removed.length > 0 && round.scaleKind === 'ranking') {
        await closeRankingGaps(trx, round, input.userId, input.now);
      }
    }
    return declarationView(await listDeclarations(trx, round.id, input.userId))!;
  });
}

/** After a ranked theme is withdrawn, the places below move up: 1, 3, 4 becomes 1, 2, 3. */
async function closeRankingGaps(db: Kysely<Database>, round: BallotRound, userId: number, now: Date): Promise<void> {
  const remaining = (await listMemberScores(db, round.id, userId)).sort((a, b) => (a.value ?? 0) - (b.value ?? 0));
  for (const [i, score] of remaining.entries()) {
    if (score.value === i + 1) continue;
    await upsertScore(db, {
      ...score,
      roundId: round.id,
      userId,
      value: i + 1,
      dontKnow: false,
      reason: null,
      at: now
    });
  }
}

/** The member's final submit: every theme they may rate answered. Changes stay allowed until the round closes. */
export async function submitBallot(
  db: Kysely<Database>,
  input: { roundId: number; userId: number; now: Date }
): Promise<{ submittedAt: Date }> {
  const round = await raterRound(db, input.roundId, input.userId, input.now, null);
  if (round.kind === 'rating') {
    const declarations = await requireDeclaration(db, round.id, input.userId);
    const criteria = await listBallotCriteria(db, round.id);
    const progress = await progressIn(db, round, input.userId, criteria, declarations);
    if (progress.done < progress.total) {
      throw conflict(
        'ballot_incomplete',
        `${progress.total - progress.done} theme(s) still need an answer ("weet ik niet" counts as one).`,
        { missing: progress.total - progress.done }
      );
    }
  }
  return inTransaction(db, async (trx) => {
    const before = await findSubmission(trx, round.id, input.userId);
    await upsertSubmission(trx, round.id, input.userId, input.now);
    await writeAudit(trx, {
      actorId: input.userId,
      action: 'round.submit',
      entity: 'rating_round',
      entityId: round.id,
      before: before === null ? undefined : { submittedAt: before },
      after: { submittedAt: input.now }
    });
    return { submittedAt: input.now };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Staff

export async function roundConflicts(
  db: Kysely<Database>,
  cycleId: number,
  roundId: number
): Promise<{
  round: Pick<BallotRound, 'id' | 'cycleId' | 'name' | 'status' | 'kind'>;
  declarations: RoundDeclaration[];
  undeclared: RoundMember[];
}> {
  const round = await findBallotRound(db, roundId);
  if (!round || round.cycleId !== cycleId) throw notFound('Round', roundId);
  return {
    round: { id: round.id, cycleId: round.cycleId, name: round.name, status: round.status, kind: round.kind },
    declarations: await listRoundDeclarations(db, roundId),
    undeclared: round.kind === 'rating' ? await listUndeclaredMembers(db, roundId) : []
  };
}
