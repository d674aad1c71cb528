export { chapman } from './lincoln-petersen.js';
export {
  type ClkSet,
  clkBytes,
  clkSetFromBytes,
  popcount32,
  setBitIndices,
} from './linkage/bits.js';
export { type ClkEncoder, clkSetFromJson, clkToBase64, createClkEncoder } from './linkage/clk.js';
export { formatFieldValue } from './linkage/field-value.js';
export { deriveFeatureKeys, type FeatureKeys } from './linkage/keys.js';
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
