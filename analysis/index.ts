export { chooseK, maxK, type KCandidate } from './cluster/choose-k.js';
export {
  DEFAULT_SEED,
  discoverThemes,
  MIN_SIMILARITY,
  MIN_THEME_SIZE,
  type DiscoveredTheme,
  type DiscoveryOptions,
  type DiscoveryResult,
  type QuestionAssignment,
  type QuestionInput,
  type SeedTheme
} from './cluster/discover-themes.js';
export { dotSparseDense, sphericalKMeans, type KMeansOptions, type KMeansResult } from './cluster/kmeans.js';
export { themeKeywords } from './cluster/label-themes.js';
export { assignToSeeds, type SeedVectors } from './cluster/seeded-themes.js';
export { silhouetteCosine } from './cluster/silhouette.js';
export { buildVectorSpace, type TermDocument, type VectorSpace } from './cluster/vectorize.js';
export { findDuplicates, normaliseForDuplicates, type DuplicateLink } from './dedup/find-duplicates.js';
export { accuracy, ari, bcubed, duplicatePairs, macroF1, nmi, pairPrecisionRecall, purity } from './eval/metrics.js';
export { mulberry32 } from './random.js';
export { DOMAIN_STOPWORDS, DUTCH_STOPWORDS, isStopword } from './text/stopwords-nl.js';
export { buildTfIdf, cosine, norm, type SparseVector, type TfIdfModel, type TfIdfOptions } from './text/tfidf.js';
export { foldAccents, stemDutch, tokenizeDutch, type Token } from './text/tokenize-dutch.js';
export {
  inTopThird,
  meetsConsensus,
  quantileSorted,
  summariseScores,
  type ConsensusRule,
  type GroupSummary,
  type Scale
} from './stats/delphi.js';
export { bordaPoints, competitionRanks, weightedMean, type CriterionTotals } from './stats/ranking.js';
