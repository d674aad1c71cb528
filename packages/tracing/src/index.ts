export { formatUnits, toBaseUnits } from './amount.js';
export {
  type AddressCheck,
  CHAINS,
  type ChainId,
  type ChainInfo,
  DEFAULT_ASSET_DECIMALS,
  normalizeAddress,
  parseChain,
  toChecksumAddress,
} from './chains.js';
export { type CsvReader, createCsvReader } from './csv.js';
export {
  compareDecimal,
  DEFAULT_STOP_CATEGORIES,
  type DepositAddress,
  type DepositInferenceOptions,
  exchangeName,
  inferDepositAddresses,
  type SweepEvidence,
} from './deposits.js';
export {
  CANONICAL_HEADER,
  createTransferImporter,
  detectFormat,
  type FileImportReport,
  type ImportReport,
  parseTimestamp,
  type TransferFileSink,
  type TransferFormat,
  type TransferImporter,
  type TransferImporterOptions,
} from './import-transfers.js';
export {
  type Actor,
  CONFIDENCE_LEVELS,
  LABELS_CSV_HEADER,
  type Label,
  type LabelFileResult,
  LabelSet,
  parseActorPack,
  parseEtherscanLabels,
  parseLabelsCsv,
  parseTagPack,
} from './labels.js';
export { getTaintModel, TAINT_MODELS } from './models/index.js';
export { fifoModel, lifoModel } from './models/queue-models.js';
export {
  cleanFirstModel,
  dirtyFirstModel,
  haircutModel,
  poisonModel,
} from './models/scalar-models.js';
export type { AccountState, Lot, TaintModel, TaintModelName } from './models/taint-model.js';
export { type UtxoInput, type UtxoModelName, utxoTaint } from './models/utxo-models.js';
export { traceHopsCsv } from './report-csv.js';
export {
  estimateRevenue,
  type RevenueBucket,
  type RevenueOptions,
  type RevenuePeriod,
  type RevenueReport,
} from './revenue.js';
export { selectAsset } from './select-asset.js';
export {
  type PathStep,
  type TraceEndpoint,
  type TraceHop,
  type TraceOptions,
  type TracePath,
  type TraceReport,
  type TraceTotals,
  traceTaint,
} from './trace.js';
export {
  type AssetInfo,
  type RejectedRow,
  type Transfer,
  TransferGraph,
  TransferGraphBuilder,
  type TransferSource,
} from './transfer-graph.js';
