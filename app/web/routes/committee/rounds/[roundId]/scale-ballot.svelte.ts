import type { BallotCriterionDto, BallotThemeDto } from '$shared/schemas';
import { Autosave } from './autosave.svelte';

/** A member's answer on one criterion: a score, or "weet ik niet". */
export type Answer = number | 'dont-know';

type Send = (body: Record<string, unknown>) => Promise<void>;

const keyOf = (themeId: number, criterionId: number) => `${themeId}:${criterionId}`;
const toAnswer = (value: number | null | undefined): Answer | undefined =>
  value === undefined ? undefined : value === null ? 'dont-know' : value;

/**
 * A member's answers while they rate on a scale: every choice is saved at once (the last one wins); in a Delphi
 * round a score that differs from the member's earlier one waits for a reason; comments are saved as they are typed.
 */
export class ScaleBallot {
  #chosen = $state<Record<string, Answer>>({});
  #saved = $state<Record<string, Answer>>({});
  #reasons = $state<Record<string, string>>({});
  #comments = $state<Record<number, string>>({});
  #savedComments: Record<number, string> = {};
  #earlier: Record<string, Answer> = {};
  #commentTimers: Record<number, ReturnType<typeof setTimeout>> = {};
  readonly autosave = new Autosave();
  readonly #themeIds: number[];
  readonly #criterionIds: number[];
  readonly #saveScore: Send;
  readonly #saveComment: (themeId: number, comment: string) => Promise<void>;

  constructor(
    themes: BallotThemeDto[],
    criteria: BallotCriterionDto[],
    saveScore: Send,
    saveComment: (themeId: number, comment: string) => Promise<void>
  ) {
    this.#themeIds = themes.filter((t) => t.conflict === null).map((t) => t.id);
    this.#criterionIds = criteria.map((c) => c.id);
    this.#saveScore = saveScore;
    this.#saveComment = saveComment;
    for (const theme of themes) {
      for (const criterion of criteria) {
        const key = keyOf(theme.id, criterion.id);
        const answer = toAnswer(theme.scores[criterion.id]);
        if (answer !== undefined) this.#chosen[key] = this.#saved[key] = answer;
        const reason = theme.reasons[criterion.id];
        if (reason) this.#reasons[key] = reason;
        const own = theme.previous[criterion.id]?.own;
        if (own) this.#earlier[key] = toAnswer(own.value)!;
      }
      this.#comments[theme.id] = this.#savedComments[theme.id] = theme.comment ?? '';
    }
  }

  answer(themeId: number, criterionId: number): Answer | undefined {
    return this.#chosen[keyOf(themeId, criterionId)];
  }

  reason(themeId: number, criterionId: number): string {
    return this.#reasons[keyOf(themeId, criterionId)] ?? '';
  }

  comment(themeId: number): string {
    return this.#comments[themeId] ?? '';
  }

  /** Delphi: the chosen answer differs from the member's own in the round before. */
  changedSinceEarlier(themeId: number, criterionId: number): boolean {
    const key = keyOf(themeId, criterionId);
    const earlier = this.#earlier[key];
    return earlier !== undefined && this.#chosen[key] !== undefined && this.#chosen[key] !== earlier;
  }

  /** Themes (without a conflict) with a stored answer on every criterion. */
  get answered(): number {
    return this.#themeIds.filter((themeId) =>
      this.#criterionIds.every((criterionId) => this.#saved[keyOf(themeId, criterionId)] !== undefined)
    ).length;
  }

  get total(): number {
    return this.#themeIds.length;
  }

  choose(themeId: number, criterionId: number, answer: Answer): Promise<boolean> {
    this.#chosen[keyOf(themeId, criterionId)] = answer;
    return this.#send(themeId, criterionId);
  }

  setReason(themeId: number, criterionId: number, reason: string): void {
    this.#reasons[keyOf(themeId, criterionId)] = reason;
  }

  /** Saves the chosen answer with its reason (when the member leaves the reason field or presses save). */
  saveReason(themeId: number, criterionId: number): Promise<boolean> {
    return this.#send(themeId, criterionId);
  }

  #send(themeId: number, criterionId: number): Promise<boolean> {
    const key = keyOf(themeId, criterionId);
    const group = String(themeId);
    const answer = this.#chosen[key];
    if (answer === undefined) return Promise.resolve(false);
    const changed = this.changedSinceEarlier(themeId, criterionId);
    const reason = this.reason(themeId, criterionId).trim();
    if (changed && reason === '') {
      this.autosave.hold(group, key);
      return Promise.resolve(false);
    }
    const body: Record<string, unknown> = { themeId, criterionId };
    if (answer === 'dont-know') body.dontKnow = true;
    else body.value = answer;
    if (changed) body.reason = reason;
    return this.autosave.save(group, key, async () => {
      await this.#saveScore(body);
      this.#saved[key] = answer;
    });
  }

  /** Keeps the typed comment and saves it shortly after the member stops typing. */
  typeComment(themeId: number, comment: string): void {
    this.#comments[themeId] = comment;
    clearTimeout(this.#commentTimers[themeId]);
    this.#commentTimers[themeId] = setTimeout(() => void this.saveComment(themeId), 1_000);
  }

  saveComment(themeId: number): Promise<boolean> {
    clearTimeout(this.#commentTimers[themeId]);
    const comment = this.#comments[themeId] ?? '';
    const key = `${themeId}:comment`;
    if (comment.trim() === (this.#savedComments[themeId] ?? '').trim()) return Promise.resolve(true);
    return this.autosave.save(String(themeId), key, async () => {
      await this.#saveComment(themeId, comment);
      this.#savedComments[themeId] = comment;
    });
  }
}
