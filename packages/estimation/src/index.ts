export { chapman } from './lincoln-petersen.js';
export {
  type BitBlockingOptions,
  type BitBlocks,
  blockKeys,
  drawBitBlocks,
} from './linkage/bit-blocking.js';
export {
  type ClkSet,
  clkBytes,
  clkSetFromBytes,
  popcount32,
  setBitIndices,
} from './linkage/bits.js';
export {
  type CandidateOptions,
  type CandidatePairs,
  findCandidates,
} from './linkage/candidates.js';
export {
  type CaptureHistoryTable,
  captureHistories,
  captureHistoriesCsv,
} from './linkage/capture-histories.js';
export { type ClkEncoder, clkSetFromJson, clkToBase64, createClkEncoder } from './linkage/clk.js';
export { assertComparable, dice, intersectionCount } from './linkage/dice.js';
export { formatFieldValue, normaliseFieldValue } from './linkage/field-value.js';
export { greedyMatch, type Match } from './linkage/greedy-match.js';
export {
  createIntersectionKernel,
  type IntersectionKernel,
} from './linkage/intersection-kernel.js';
export { deriveFeatureKeys, type FeatureKeys } from './linkage/keys.js';
export { type LinkedLists, type LinkListsOptions, linkLists } from './linkage/link-lists.js';
export { LinkageError, type LinkageErrorCode } from './linkage/linkage-error.js';
export type {
  BitStrategy,
  Comparison,
  FieldFormat,
  HashedFeature,
  HashMode,
  IgnoredFeature,
  LinkageSchema,
  TextEncodingName,
} from './linkage/schema.js';
export { parseLinkageSchema } from './linkage/schema.js';
export {
  bitsPerToken,
  blakeHashToken,
  doubleHashToken,
  encodeToken,
} from './linkage/token-hashing.js';
export { tokenize } from './linkage/tokenize.js';
export {
  type BicCandidate,
  type BicOptions,
  type BicResult,
  bicSelect,
  defaultMaxOrder,
  hierarchicalModels,
  modelGenerators,
} from './mse/bic-selection.js';
export {
  type BcaInterval,
  type BootstrapOptions,
  bcaInterval,
  type PopulationEstimator,
  quantileType8,
  tidyListsOrder,
} from './mse/bootstrap.js';
export {
  type CaptureData,
  captureData,
  type HistoryRow,
  historyLabel,
  MAX_LISTS,
  parseCaptureCsv,
} from './mse/capture-data.js';
export { datasetCaptureData, MSE_DATASETS, type MseDataset } from './mse/datasets.js';
export { MseError, type MseErrorCode } from './mse/errors.js';
export {
  type EstimateOptions,
  estimatePopulation,
  type IntervalKind,
  MSE_METHODS,
  type MseEstimate,
  type MseMethod,
} from './mse/estimate.js';
export {
  type FitModelOptions,
  fitModel,
  type MseFit,
  modelLabel,
  waldInterval,
} from './mse/fit-model.js';
export {
  checkIdentifiability,
  type IdentifiabilityCache,
  type IdentifiabilityCode,
} from './mse/identifiability.js';
export { parseTerm, type Term, termName } from './mse/model.js';
export {
  type ProfileInterval,
  type ProfileOptions,
  profileInterval,
} from './mse/profile-likelihood.js';
export { isRSeed, type RRandom, rRandom } from './mse/r-random.js';
export {
  aicStepwiseSelect,
  listPairs,
  type StepwiseOptions,
  type StepwiseResult,
  type StepwiseStep,
  stepwiseSelect,
  waldPValue,
} from './mse/stepwise.js';
