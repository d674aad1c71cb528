export { canonicalJson, canonicalJsonBytes, type JsonValue } from './canonical-json.js';
export {
  type Checkpoint,
  type CheckpointBody,
  checkpointProblem,
  checkpointText,
  keyIdOf,
  type SigningKey,
  signCheckpoint,
  signingKeyFromSeed,
} from './checkpoint.js';
export { type CustodyEntry, custodyEntryProblems } from './custody-entry.js';
export { fromBase64, fromHex, toBase64, toHex } from './encoding.js';
export {
  type BundleEntry,
  type BundleVerification,
  buildEvidenceBundle,
  EVIDENCE_BUNDLE_FORMAT,
  type EvidenceBundle,
  type VerifyBundleOptions,
  verifyEvidenceBundle,
} from './evidence-bundle.js';
export { bytesEqual, emptyRoot, HASH_SIZE, leafHash, nodeHash, sha256Bytes } from './hash.js';
export { type EncodedLeaf, encodeLeaf } from './leaf.js';
export {
  appendSiblings,
  buildProof,
  completedSubtrees,
  consistencyProofRanges,
  inclusionProofRanges,
  type LeafRange,
  MerkleFrontier,
  rangeHash,
  rangeSubtrees,
  type Subtree,
  type SubtreeLookup,
  type SubtreeRef,
  subtreesFor,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';
