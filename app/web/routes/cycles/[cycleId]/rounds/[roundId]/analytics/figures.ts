import { formatNumber, formatPercent, type MessageKey } from '$lib/i18n';
import type { RoundAnalyticsDto } from '$shared/schemas';

/** The settings as the person typed them, so the form shows them again (even when the API refused them). */
export interface AnalyticsSettings {
  topN: string;
  level: string;
  /** committeeId → weight as typed. */
  weights: Record<number, string>;
}

/** A figure in the page's language; '–' where it could not be computed. */
export function figure(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined) return '–';
  return formatNumber(value, Number.isInteger(value) ? 0 : digits);
}

export function percent(share: number | null | undefined): string {
  return share === null || share === undefined ? '–' : formatPercent(share);
}

/** Names by id, for the tables that refer to themes, committees and criteria by id. */
export function namesOf(analytics: RoundAnalyticsDto) {
  return {
    theme: new Map(analytics.themes.map((theme) => [theme.themeId, theme.name])),
    committee: new Map(analytics.committees.map((committee) => [committee.committeeId, committee.name])),
    criterion: new Map(analytics.criteria.map((criterion) => [criterion.id, criterion.name]))
  };
}
export type Names = ReturnType<typeof namesOf>;

/**
 * Krippendorff's own reading of alpha (Content Analysis, 2004, §11.4): from 0.800 reliable, from 0.667 only
 * for tentative conclusions, below that too weak to rely on.
 */
export function alphaReading(alpha: number | null): MessageKey {
  if (alpha === null) return 'analytics.agreement.unknown';
  if (alpha >= 0.8) return 'analytics.agreement.good';
  if (alpha >= 0.667) return 'analytics.agreement.acceptable';
  return 'analytics.agreement.weak';
}

/** Spearman's rho in words: |rho| ≥ 0.7 strong, ≥ 0.4 moderate, else weak; clearly negative runs against. */
export function correlationReading(rho: number | null): MessageKey {
  if (rho === null) return 'analytics.comparison.unknown';
  if (rho <= -0.4) return 'analytics.comparison.opposite';
  if (rho >= 0.7) return 'analytics.comparison.strong';
  if (rho >= 0.4) return 'analytics.comparison.moderate';
  return 'analytics.comparison.weak';
}
