import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { keyIdOf, type SigningKey, sha256Bytes, signingKeyFromSeed, toHex } from '@jaga/custody';
import { StartupError } from '../../errors.js';

/** The log's Ed25519 key and the names derived from it. */
export interface LogSigner {
  readonly key: SigningKey;
  /** Base64 SHA-256 of the raw public key. */
  readonly keyId: string;
  /** Names this log in every checkpoint, so a signature for one hub never passes for another. */
  readonly origin: string;
}

/** File of the signing key inside the data folder (PKCS #8 PEM, mode 0600). */
export const SIGNING_KEY_FILE = 'custody-log-ed25519.pem';

/**
 * The log's signing key: read from the data folder, or generated there on first start (readable by
 * the owner only). Without a data folder (tests) the key lives in memory for the process.
 *
 * @example
 * const signer = loadOrCreateSigner(config.dataDir);
 */
export function loadOrCreateSigner(dataDir: string | undefined): LogSigner {
  if (!dataDir) return signerFromPem(generatePem());
  const file = path.join(dataDir, SIGNING_KEY_FILE);
  let pem: string;
  try {
    const stat = fs.statSync(file);
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
      throw new StartupError(
        `The custody log signing key ${file} is readable by other users (mode ${(stat.mode & 0o777).toString(8)}). Run "chmod 600 ${file}" and start again.`,
      );
    }
    pem = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    fs.mkdirSync(dataDir, { recursive: true });
    pem = generatePem();
    // `wx`: never overwrite a key another process wrote meanwhile; re-read it instead.
    try {
      fs.writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
    } catch (writeError) {
      if ((writeError as NodeJS.ErrnoException).code !== 'EEXIST') throw writeError;
      pem = fs.readFileSync(file, 'utf8');
    }
  }
  try {
    return signerFromPem(pem);
  } catch (error) {
    throw new StartupError(
      `The custody log signing key ${file} is not an Ed25519 private key in PEM form: ${(error as Error).message}. Restore it from backup; a new key would not match the checkpoints already signed.`,
      { cause: error },
    );
  }
}

function generatePem(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/**
 * The signer in an existing key file, without creating one (for `jaga log verify`).
 *
 * @example
 * const { key } = signerFromPemFile(path.join(dataDir, SIGNING_KEY_FILE));
 */
export function signerFromPemFile(file: string): LogSigner {
  return signerFromPem(fs.readFileSync(file, 'utf8'));
}

function signerFromPem(pem: string): LogSigner {
  const jwk = createPrivateKey(pem).export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || !jwk.d) throw new Error(`key type is ${jwk.crv ?? jwk.kty}`);
  const key = signingKeyFromSeed(new Uint8Array(Buffer.from(jwk.d, 'base64url')));
  return {
    key,
    keyId: keyIdOf(key.publicKey),
    origin: `jaga.custody-log/${toHex(sha256Bytes(key.publicKey)).slice(0, 16)}`,
  };
}

/**
 * The public key as SubjectPublicKeyInfo PEM, for tools such as `openssl pkeyutl -verify`.
 *
 * @example
 * publicKeyPem(signer.key.publicKey); // '-----BEGIN PUBLIC KEY-----\n…'
 */
export function publicKeyPem(publicKey: Uint8Array): string {
  // SPKI prefix for Ed25519 (RFC 8410): SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING }.
  const der = Buffer.concat([
    Buffer.from('302a300506032b6570032100', 'hex'),
    Buffer.from(publicKey),
  ]);
  const body = der.toString('base64');
  return `-----BEGIN PUBLIC KEY-----\n${body}\n-----END PUBLIC KEY-----\n`;
}
