import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** API tokens start with this, so a leaked one is easy to recognise in logs and secret scanners. */
export const API_TOKEN_PREFIX = 'jaga_';

/**
 * A fresh random secret (256 bits, base64url). Secrets this strong need no slow KDF: a fast hash
 * at rest is enough, since nobody can guess the input.
 *
 * @example
 * const cookieValue = randomSecret();
 */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A new API token: `jaga_` followed by 256 random bits. */
export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomSecret()}`;
}

/**
 * The SHA-256 of a token or session secret, hex: what the database stores instead of the secret.
 *
 * @example
 * const stored = hashSecret(newApiToken());
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares two strings in constant time for their length. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
