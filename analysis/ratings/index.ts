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
