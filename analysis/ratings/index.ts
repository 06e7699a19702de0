export {
  krippendorffAlpha,
  krippendorffAlphaInterval,
  krippendorffDisagreement,
  type AlphaDisagreement,
  type AlphaInterval,
  type AlphaIntervalOptions,
  type AlphaLevel
} from './krippendorff-alpha.js';
export { cohenKappa, type CohenKappa, type KappaWeights } from './cohen-kappa.js';
export { countCategories, fleissKappa, type FleissKappa } from './fleiss-kappa.js';
export {
  fCdf,
  fQuantile,
  iccAgreementSingle,
  meanSquares,
  regularizedBeta,
  shroutFleissIcc,
  type IccEstimate,
  type MeanSquares
} from './icc.js';
export {
  averageRanks,
  chiSquareSurvival,
  kendallW,
  kendallWTest,
  logGamma,
  regularizedGammaQ,
  type KendallWTest
} from './kendall-w.js';
export {
  Answer,
  buildRatingMatrix,
  combineCommitteeRanks,
  committeeScores,
  rankScores,
  withoutRaters,
  type AnswerKind,
  type RatingInput,
  type RatingMatrix
} from './rating-matrix.js';
export {
  ALPHA_SAMPLES,
  analyseRatings,
  STABILITY_SAMPLES,
  type Agreement,
  type AnalyticsOptions,
  type RatingAnalytics,
  type ThemeMove
} from './round-analytics.js';
export { cellStatistics, chnriScore, themeScores, type CellStatistics, type ThemeScore } from './descriptives.js';
export { compareCommittees, spearman, type CommitteeComparison, type ThemeGap } from './committee-comparison.js';
export {
  unusualRaters,
  type OutlierScore,
  type RaterDeviation,
  type RaterFlag,
  type RaterFlagKind,
  type UnusualRaters
} from './unusual-raters.js';
export { rankStability, type StabilityOptions, type ThemeStability } from './rank-stability.js';
