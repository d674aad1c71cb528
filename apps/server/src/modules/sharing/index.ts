// The one sharing policy, for every read path of every feature.
export { canChangeSharing, canRead, type PolicyActor, type ShareableRecord } from './policy.js';
export {
  loadPolicyActor,
  loadRecordSharing,
  type RecordSharing,
  replaceRecordSharing,
} from './sharing.repository.js';
export { readableBy, type SqlPolicyActor } from './sql-filter.js';
export {
  isTlpLevel,
  TLP_2_EXTENSION_DEFINITION_ID,
  TLP_LEVELS,
  TLP_MARKING_DEFINITION_IDS,
  type TlpLevel,
  tlpFromMarkingDefinitionId,
} from './tlp.js';
