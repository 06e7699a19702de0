import { ApiError } from '$lib/api-error';
import { errorText } from '$lib/errors';
import { type MessageKey, t } from '$lib/i18n';
import type { QuestionDto } from '$shared/schemas';

/** Which questions the page shows: a theme's, or one of the two bins. */
export type TargetKind = 'theme' | 'unassigned' | 'out_of_scope';
export interface Target {
  kind: TargetKind;
  /** The API's `theme` value. */
  api: string;
}

export interface QuestionFilters {
  q: string;
  sourceKind: QuestionDto['sourceKind'] | '';
  level: string;
  role: string;
}

/** A theme (or "niet toegewezen") questions can be moved to. */
export interface MoveTarget {
  /** Null: "niet toegewezen". */
  themeId: number | null;
  name: string;
  size: number;
  inRound: boolean;
}

/** The page's own path for a theme or a bin. */
export function pagePath(cycleId: number, theme: number | 'unassigned' | 'out-of-scope'): string {
  return `/cycles/${cycleId}/board/${theme}`;
}

/** The ids a drag carries, as text (what a drop zone reads back). */
export function encodeIds(ids: readonly number[]): string {
  return ids.join(',');
}

export function decodeIds(text: string): number[] {
  return text
    .split(',')
    .map((part) => Number(part.trim()))
    .filter((id) => Number.isInteger(id) && id > 0);
}

/** The refusals of curation this page meets, in the page's language; others as the shared error texts give them. */
const PROBLEMS = {
  theme_in_round: 'themePage.error.theme_in_round',
  split_all: 'themePage.error.split_all',
  too_few_questions: 'themePage.error.too_few_questions',
  split_failed: 'themePage.error.split_failed',
  question_is_duplicate: 'themePage.error.question_is_duplicate',
  not_out_of_scope: 'themePage.error.not_out_of_scope',
  already_undone: 'themePage.error.already_undone',
  not_latest_step: 'themePage.error.not_latest_step',
  changed_since: 'themePage.error.changed_since'
} as const satisfies Record<string, MessageKey>;

export function problemText(err: unknown): string {
  if (err instanceof ApiError && err.code in PROBLEMS) {
    const params = Object.fromEntries(
      Object.entries(err.details).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.join(', ') : String(value)
      ])
    );
    return t(PROBLEMS[err.code as keyof typeof PROBLEMS], params);
  }
  return errorText(err);
}
