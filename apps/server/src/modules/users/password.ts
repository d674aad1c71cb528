import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

// scrypt is memory-hard (N·r·128 bytes = 32 MiB here), built into Node, and standard (RFC 7914).
const COST_LOG2 = 15;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

const scryptOptions = (costLog2: number, r: number, p: number): ScryptOptions => ({
  N: 2 ** costLog2,
  r,
  p,
  maxmem: 2 ** costLog2 * r * 128 * 2,
});

/**
 * Hashes a password with scrypt into a self-describing string
 * `scrypt$ln=15,r=8,p=1$<salt b64>$<hash b64>`, so parameters can be raised later.
 *
 * @example
 * const stored = await hashPassword('correct horse battery staple');
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, scryptOptions(COST_LOG2, BLOCK_SIZE, PARALLELISM));
  return `scrypt$ln=${COST_LOG2},r=${BLOCK_SIZE},p=${PARALLELISM}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Checks a password against a stored hash in constant time; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = /^scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(
    stored,
  );
  if (!match) return false;
  const [, ln, r, p, salt, hash] = match;
  const expected = Buffer.from(hash ?? '', 'base64');
  const key = await derive(
    password,
    Buffer.from(salt ?? '', 'base64'),
    scryptOptions(Number(ln), Number(r), Number(p)),
  );
  return key.length === expected.length && timingSafeEqual(key, expected);
}
