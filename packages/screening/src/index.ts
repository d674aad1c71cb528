export {
  type Catalogue,
  DERIVED_RULES,
  type DerivedRule,
  defaultCatalogue,
  type GazetteerPlace,
  INDICATOR_GROUPS,
  type IndicatorDefinition,
  type IndicatorGroup,
  type LabelLanguage,
  patternProblems,
  validateCatalogue,
} from './catalogue.js';
export {
  extractAges,
  extractTypingSpeeds,
  NUMBER_CUE_WORDS,
  type NumberCues,
} from './extract/ages.js';
export { eip55Valid, extractCrypto } from './extract/crypto.js';
export { extractPhones } from './extract/phones.js';
export { PERIODS_PER_MONTH, USD_RATES } from './extract/rates.js';
export { extractSalaries } from './extract/salary.js';
export { extractEmails, extractHandles, extractUrls } from './extract/web.js';
export { fingerprint, similarity } from './fingerprint.js';
export {
  type DuplicateLabel,
  evaluateFieldLabels,
  type FieldLabel,
  type FieldLabelKind,
  type FieldReport,
  mergeFieldLabels,
  type ParsedFieldLabels,
  parseFieldLabels,
} from './gold/field-labels.js';
export { type FitOptions, fitCatalogue, type LabelledPost } from './fit.js';
export { foldText } from './fold.js';
export { detectLanguage, languageFromTag } from './language.js';
export { type PhraseMatch, PhraseMatcher, type PhraseSpec } from './matcher.js';
export {
  createScreener,
  defaultThresholds,
  extractSelectors,
  type Screener,
  type ScreenerOptions,
  ScreeningInputError,
  type ScreenOptions,
  screenPost,
} from './screener.js';
export { dominantScript, type Script } from './script.js';
export type * from './types.js';
export { warningLabel } from './warning.js';
