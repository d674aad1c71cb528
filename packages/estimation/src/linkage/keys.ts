import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { LinkageError } from './linkage-error.js';
import type { LinkageSchema } from './schema.js';

/**
 * The two keys of one schema feature: `[0]` keys BLAKE2b or HMAC-SHA1, `[1]` keys HMAC-MD5.
 *
 * @example
 * const [blakeOrSha1Key, md5Key]: FeatureKeys = deriveFeatureKeys(secret, schema)[1] ?? [];
 */
export type FeatureKeys = readonly [Uint8Array, Uint8Array];

/**
 * Derives the per-feature hashing keys from the secret shared by every agency taking part in a
 * linkage, exactly as clkhash does: HKDF (RFC 5869) over the schema's hash, salt and info yields
 * 2 × (number of features, ignored ones included) keys of `keySize` bytes, taken in order.
 *
 * @example
 * const keys = deriveFeatureKeys(new TextEncoder().encode('a long shared secret'), schema);
 * keys.length === schema.features.length; // true
 */
export function deriveFeatureKeys(secret: Uint8Array, schema: LinkageSchema): FeatureKeys[] {
  if (secret.length === 0) {
    throw new LinkageError(
      'invalid-secret',
      'the linkage secret is empty: every agency must use the same non-empty secret',
    );
  }
  const { hash, salt, info, keySize } = schema.kdf;
  const hashFn = hash === 'SHA512' ? sha512 : sha256;
  const count = 2 * schema.features.length;
  const maxBytes = 255 * hashFn.outputLen;
  if (count * keySize > maxBytes) {
    throw new LinkageError(
      'invalid-schema',
      `linkage schema: HKDF-${hash} can derive at most ${maxBytes} bytes, but ${schema.features.length} features × 2 keys × ${keySize} bytes need ${count * keySize}; use fewer features, a smaller keySize or SHA512`,
    );
  }
  const okm = hkdf(hashFn, secret, salt, info ?? new Uint8Array(0), count * keySize);
  return schema.features.map((_, f): FeatureKeys => {
    const start = 2 * f * keySize;
    return [okm.slice(start, start + keySize), okm.slice(start + keySize, start + 2 * keySize)];
  });
}
