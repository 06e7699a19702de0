export {
  DEFAULT_SEED,
  defaultK,
  discoverThemes,
  type DiscoveredTheme,
  type DiscoveryOptions,
  type DiscoveryResult,
  type QuestionInput
} from './cluster/discover-themes.js';
export { dotSparseDense, sphericalKMeans, type KMeansOptions, type KMeansResult } from './cluster/kmeans.js';
export { silhouetteCosine } from './cluster/silhouette.js';
export { mulberry32 } from './random.js';
export { DOMAIN_STOPWORDS, DUTCH_STOPWORDS, isStopword } from './text/stopwords-nl.js';
export { buildTfIdf, cosine, norm, type SparseVector, type TfIdfModel, type TfIdfOptions } from './text/tfidf.js';
export { foldAccents, stemDutch, tokenizeDutch, type Token } from './text/tokenize-dutch.js';
