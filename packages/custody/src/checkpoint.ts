import { ed25519 } from '@noble/curves/ed25519.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { fromBase64, toBase64 } from './encoding.js';
import { HASH_SIZE, sha256Bytes } from './hash.js';

/**
 * A signed tree head: the log operator's Ed25519 signature over the log's size and root at a time.
 * Hashes, keys and signatures are standard base64.
 */
export interface Checkpoint {
  /** Names the log, so a signature for one log is never taken for another. */
  origin: string;
  treeSize: number;
  rootHash: string;
  /** ISO 8601 UTC time the checkpoint was signed. */
  timestamp: string;
  /** SHA-256 of the raw 32-byte Ed25519 public key. */
  keyId: string;
  signature: string;
}

/** The fields a signature covers. */
export type CheckpointBody = Pick<Checkpoint, 'origin' | 'treeSize' | 'rootHash' | 'timestamp'>;

/**
 * The exact text that is signed, in the C2SP `tlog-checkpoint` layout (origin, size, base64 root,
 * then the time as an extension line), each line ending with a newline.
 *
 * @example
 * checkpointText({ origin: 'jaga.example/log', treeSize: 3, rootHash, timestamp });
 * // 'jaga.example/log\n3\n<root>\ntimestamp 2026-11-24T10:00:00.000Z\n'
 */
export function checkpointText(body: CheckpointBody): string {
  if (!body.origin || /[\n\r]/.test(body.origin)) {
    throw new TypeError('checkpoint origin must be one non-empty line');
  }
  if (!Number.isSafeInteger(body.treeSize) || body.treeSize < 0) {
    throw new TypeError(`checkpoint treeSize must be a whole number ≥ 0 (got ${body.treeSize})`);
  }
  if (fromBase64(body.rootHash, 'checkpoint rootHash').length !== HASH_SIZE) {
    throw new TypeError(`checkpoint rootHash must be ${HASH_SIZE} bytes`);
  }
  if (/[\n\r]/.test(body.timestamp) || Number.isNaN(Date.parse(body.timestamp))) {
    throw new TypeError(`checkpoint timestamp must be an ISO 8601 time (got "${body.timestamp}")`);
  }
  return `${body.origin}\n${body.treeSize}\n${body.rootHash}\ntimestamp ${body.timestamp}\n`;
}

/**
 * The key id of an Ed25519 public key: base64 of the SHA-256 of its 32 raw bytes.
 *
 * @example
 * keyIdOf(publicKey); // 'q1w2…='
 */
export function keyIdOf(publicKey: Uint8Array): string {
  if (publicKey.length !== 32) throw new TypeError('an Ed25519 public key has 32 bytes');
  return toBase64(sha256Bytes(publicKey));
}

/** An Ed25519 key pair as raw bytes (32-byte secret seed, 32-byte public key). */
export interface SigningKey {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
}

/**
 * The key pair of a 32-byte Ed25519 secret seed.
 *
 * @example
 * const key = signingKeyFromSeed(seed);
 */
export function signingKeyFromSeed(secretKey: Uint8Array): SigningKey {
  if (secretKey.length !== 32) throw new TypeError('an Ed25519 secret key has 32 bytes');
  return { secretKey, publicKey: ed25519.getPublicKey(secretKey) };
}

/**
 * Signs a checkpoint body with Ed25519.
 *
 * @example
 * const checkpoint = signCheckpoint({ origin, treeSize, rootHash, timestamp }, key);
 */
export function signCheckpoint(body: CheckpointBody, key: SigningKey): Checkpoint {
  const message = utf8ToBytes(checkpointText(body));
  const signature = ed25519.sign(message, key.secretKey);
  return {
    origin: body.origin,
    treeSize: body.treeSize,
    rootHash: body.rootHash,
    timestamp: body.timestamp,
    keyId: keyIdOf(key.publicKey),
    signature: toBase64(signature),
  };
}

/**
 * Checks a checkpoint's signature with the log's public key; returns the problem, or `undefined`
 * when it is genuine.
 *
 * @example
 * const problem = checkpointProblem(checkpoint, publicKey);
 * if (problem) throw new Error(problem);
 */
export function checkpointProblem(
  checkpoint: Checkpoint,
  publicKey: Uint8Array,
): string | undefined {
  let text: string;
  let signature: Uint8Array;
  try {
    text = checkpointText(checkpoint);
    signature = fromBase64(checkpoint.signature, 'checkpoint signature');
  } catch (error) {
    return (error as Error).message;
  }
  if (publicKey.length !== 32) return 'the log public key must be 32 bytes (raw Ed25519)';
  if (checkpoint.keyId !== keyIdOf(publicKey)) {
    return `checkpoint keyId ${checkpoint.keyId} is not the SHA-256 of the given public key (${keyIdOf(publicKey)})`;
  }
  if (signature.length !== 64) return 'checkpoint signature must be 64 bytes (Ed25519)';
  let valid: boolean;
  try {
    valid = ed25519.verify(signature, utf8ToBytes(text), publicKey);
  } catch {
    valid = false;
  }
  return valid ? undefined : 'checkpoint signature does not verify with the log public key';
}
