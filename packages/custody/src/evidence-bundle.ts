import { utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from './canonical-json.js';
import { type Checkpoint, checkpointProblem, keyIdOf } from './checkpoint.js';
import { type CustodyEntry, custodyEntryProblems } from './custody-entry.js';
import { fromBase64, toBase64, toHex } from './encoding.js';
import { bytesEqual, HASH_SIZE, leafHash, sha256Bytes } from './hash.js';
import { verifyInclusion } from './merkle.js';

/** The format tag every evidence bundle starts with; bumped on any incompatible change. */
export const EVIDENCE_BUNDLE_FORMAT = 'jaga-evidence-bundle/1';

/** One custody leaf in a bundle, with its proof of inclusion in the bundle's checkpoint. */
export interface BundleEntry {
  index: number;
  leaf: CustodyEntry;
  /** Base64 RFC 9162 leaf hash of the canonical JSON of `leaf`. */
  leafHash: string;
  /** Base64 RFC 9162 inclusion proof in the tree of `checkpoint.treeSize` leaves. */
  inclusionProof: string[];
}

/**
 * An evidence bundle: an artefact, its metadata, its custody leaves with inclusion proofs and the
 * signed checkpoint they lead to. It verifies offline with {@link verifyEvidenceBundle}.
 */
export interface EvidenceBundle {
  format: typeof EVIDENCE_BUNDLE_FORMAT;
  /** ISO 8601 time of export. */
  exportedAt: string;
  log: {
    /** Base64 raw 32-byte Ed25519 public key of the log. */
    publicKey: string;
    checkpoint: Checkpoint;
  };
  artefact: {
    id: string;
    /** Lowercase hex SHA-256 of the content. */
    sha256: string;
    size: number;
    /** What the hub holds about the artefact (title, TLP, legal basis…), as exported. */
    metadata: Record<string, unknown>;
    /** The content in base64; absent when shipped as a separate file. */
    content?: string;
  };
  entries: BundleEntry[];
}

/** Outcome of checking an evidence bundle. */
export interface BundleVerification {
  /** True when every check passed: the bundle proves what it claims. */
  ok: boolean;
  /** What is wrong, one line each with where. */
  problems: string[];
  /** What was not proven but is not wrong (e.g. an unpinned key, no content to hash). */
  warnings: string[];
  /** What was checked, for the report. */
  summary: {
    treeSize?: number;
    checkpointTime?: string;
    keyId?: string;
    entries: number;
    artefactId?: string;
    contentChecked: boolean;
  };
}

export interface VerifyBundleOptions {
  /**
   * Key ids (base64 SHA-256 of the public key) the verifier trusts, e.g. read from the hub's
   * `/api/v1/log/public-key` beforehand or from a court filing. Without them the bundle's own key is
   * used and a warning says the key is not pinned.
   */
  trustedKeyIds?: readonly string[];
  /** The artefact content when it travels beside the bundle. */
  content?: Uint8Array;
}

/**
 * Assembles a bundle; the export endpoint calls it with what the hub holds.
 *
 * @example
 * const bundle = buildEvidenceBundle({ exportedAt, publicKey, checkpoint, artefact, entries });
 */
export function buildEvidenceBundle(input: Omit<EvidenceBundle, 'format'>): EvidenceBundle {
  return { format: EVIDENCE_BUNDLE_FORMAT, ...input };
}

/**
 * Verifies an evidence bundle offline: the checkpoint signature, each leaf's hash and inclusion
 * proof, and the artefact bytes against the SHA-256 its custody leaves record. Never throws on bad
 * input; every problem is listed.
 *
 * @example
 * const result = verifyEvidenceBundle(JSON.parse(text), { trustedKeyIds: [keyId] });
 * if (!result.ok) console.error(result.problems.join('\n'));
 */
export function verifyEvidenceBundle(
  bundle: unknown,
  options: VerifyBundleOptions = {},
): BundleVerification {
  const problems: string[] = [];
  const warnings: string[] = [];
  const summary: BundleVerification['summary'] = { entries: 0, contentChecked: false };
  const done = () => ({ ok: problems.length === 0, problems, warnings, summary });

  if (!isObject(bundle)) {
    problems.push('the bundle must be a JSON object');
    return done();
  }
  if (bundle.format !== EVIDENCE_BUNDLE_FORMAT) {
    problems.push(
      `format must be "${EVIDENCE_BUNDLE_FORMAT}" (got ${JSON.stringify(bundle.format ?? null)}); this verifier reads only that version`,
    );
    return done();
  }

  // The log key and checkpoint.
  const log = bundle.log;
  let root: Uint8Array | undefined;
  let treeSize: number | undefined;
  if (!isObject(log) || !isObject(log.checkpoint) || typeof log.publicKey !== 'string') {
    problems.push('log must be { publicKey: base64, checkpoint: {…} }');
  } else {
    const checkpoint = log.checkpoint as unknown as Checkpoint;
    let publicKey: Uint8Array | undefined;
    try {
      publicKey = fromBase64(log.publicKey, 'log.publicKey');
      if (publicKey.length !== 32) throw new TypeError('log.publicKey must be 32 bytes');
    } catch (error) {
      problems.push((error as Error).message);
    }
    if (publicKey) {
      const keyId = keyIdOf(publicKey);
      summary.keyId = keyId;
      if (options.trustedKeyIds && options.trustedKeyIds.length > 0) {
        if (!options.trustedKeyIds.includes(keyId)) {
          problems.push(
            `log.publicKey (key id ${keyId}) is not one of the trusted keys; the bundle may come from another log`,
          );
        }
      } else {
        warnings.push(
          `the log key was not pinned: compare key id ${keyId} with the one the hub publishes at /api/v1/log/public-key`,
        );
      }
      const problem = checkpointProblem(checkpoint, publicKey);
      if (problem) problems.push(`log.checkpoint: ${problem}`);
      else {
        root = fromBase64(checkpoint.rootHash);
        treeSize = checkpoint.treeSize;
        summary.treeSize = treeSize;
        summary.checkpointTime = checkpoint.timestamp;
      }
    }
  }

  // The artefact.
  const artefact = bundle.artefact;
  let artefactId: string | undefined;
  let artefactSha: string | undefined;
  if (!isObject(artefact) || typeof artefact.id !== 'string') {
    problems.push('artefact must be { id, sha256, size, metadata, content? }');
  } else {
    artefactId = artefact.id;
    summary.artefactId = artefactId;
    if (typeof artefact.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(artefact.sha256)) {
      problems.push('artefact.sha256 must be 64 lowercase hexadecimal digits');
    } else {
      artefactSha = artefact.sha256;
    }
    let content: Uint8Array | undefined = options.content;
    if (typeof artefact.content === 'string') {
      try {
        const embedded = fromBase64(artefact.content, 'artefact.content');
        if (content && !bytesEqual(content, embedded)) {
          problems.push('the content given beside the bundle differs from artefact.content');
        }
        content ??= embedded;
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
    if (content && artefactSha) {
      summary.contentChecked = true;
      const actual = toHex(sha256Bytes(content));
      if (actual !== artefactSha) {
        problems.push(
          `the artefact content has SHA-256 ${actual}, not ${artefactSha} as recorded: it was changed`,
        );
      }
      if (typeof artefact.size === 'number' && artefact.size !== content.length) {
        problems.push(`the artefact content has ${content.length} bytes, not ${artefact.size}`);
      }
    } else if (!content) {
      warnings.push(
        'no artefact content was given: only the custody record was checked, not the bytes',
      );
    }
  }

  // The custody leaves.
  if (!Array.isArray(bundle.entries) || bundle.entries.length === 0) {
    problems.push('entries must be a non-empty array of custody leaves');
    return done();
  }
  let recordsArtefactHash = false;
  bundle.entries.forEach((raw: unknown, i: number) => {
    const where = `entries[${i}]`;
    if (!isObject(raw) || !Number.isSafeInteger(raw.index) || typeof raw.leafHash !== 'string') {
      problems.push(`${where} must be { index, leaf, leafHash, inclusionProof }`);
      return;
    }
    const index = raw.index as number;
    const leafProblems = custodyEntryProblems(raw.leaf, `${where}.leaf`);
    if (leafProblems.length > 0) {
      problems.push(...leafProblems);
      return;
    }
    const leaf = raw.leaf as unknown as CustodyEntry;
    const hash = leafHash(utf8ToBytes(canonicalJson(leaf)));
    if (toBase64(hash) !== raw.leafHash) {
      problems.push(
        `${where} (log index ${index}): the leaf does not hash to leafHash; it was changed`,
      );
      return;
    }
    if (leaf.subject?.id === artefactId && leaf.subject?.sha256 !== undefined) {
      recordsArtefactHash = true;
      if (artefactSha && leaf.subject.sha256 !== artefactSha) {
        problems.push(
          `${where} (log index ${index}) records SHA-256 ${leaf.subject.sha256} for the artefact, not ${artefactSha}`,
        );
      }
    }
    if (root === undefined || treeSize === undefined) return;
    let proof: Uint8Array[];
    try {
      if (!Array.isArray(raw.inclusionProof)) throw new TypeError('not an array');
      proof = raw.inclusionProof.map((h: unknown, j: number) => {
        const bytes = fromBase64(h as string, `${where}.inclusionProof[${j}]`);
        if (bytes.length !== HASH_SIZE)
          throw new TypeError(`${where}.inclusionProof[${j}] is not 32 bytes`);
        return bytes;
      });
    } catch (error) {
      problems.push(
        `${where}.inclusionProof must be an array of base64 hashes (${(error as Error).message})`,
      );
      return;
    }
    if (!verifyInclusion({ leafHash: hash, index, treeSize, proof, rootHash: root })) {
      problems.push(
        `${where} (log index ${index}): the inclusion proof does not lead to the signed root of ${treeSize} entries`,
      );
    }
  });
  summary.entries = bundle.entries.length;
  if (artefactId && !recordsArtefactHash) {
    problems.push(
      `no custody leaf records the SHA-256 of artefact ${artefactId}: the bytes are not bound to the log`,
    );
  }
  return done();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
