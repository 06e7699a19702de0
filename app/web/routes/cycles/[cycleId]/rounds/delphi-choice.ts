import type { RoundSummaryDto } from '$shared/schemas';

/**
 * The themes a follow-up round leaves out by default: those of the cycle that met the consensus rule in the earlier
 * round (on every criterion). Themes the earlier round did not hold, and themes nobody scored, stay in.
 */
export function themesWithConsensus(summary: Pick<RoundSummaryDto, 'themes'>, themeIds: readonly number[]): number[] {
  const agreed = new Set(summary.themes.filter((theme) => theme.consensus === true).map((theme) => theme.themeId));
  return themeIds.filter((id) => agreed.has(id));
}
