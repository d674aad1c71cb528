import { z } from 'zod';

const base64 = z.string().describe('standard base64');
const count = (what: string) =>
  z.coerce
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(0, `${what} must be 0 or more`)
    .max(Number.MAX_SAFE_INTEGER, `${what} is too large`);

export const checkpointResponse = z.object({
  origin: z.string(),
  treeSize: z.number().int(),
  rootHash: base64,
  timestamp: z.string().describe('ISO 8601 time of signing'),
  keyId: base64.describe('SHA-256 of the raw Ed25519 public key'),
  signature: base64.describe(
    'Ed25519 signature over the checkpoint text (see docs/custody-log.md)',
  ),
});

export const publicKeyResponse = z.object({
  algorithm: z.literal('Ed25519'),
  publicKey: base64.describe('the raw 32-byte Ed25519 public key'),
  keyId: base64,
  origin: z.string(),
  pem: z.string().describe('the same key as SubjectPublicKeyInfo PEM'),
});

export const entryParams = z.object({ index: count('index') });

export const entryResponse = z.object({
  index: z.number().int(),
  leaf: z
    .record(z.string(), z.unknown())
    .describe('the custody entry; its RFC 8785 form is hashed'),
  leafHash: base64,
});

export const inclusionQuery = z.object({ index: count('index'), treeSize: count('treeSize') });
export const consistencyQuery = z.object({ from: count('from'), to: count('to') });

export const proofResponse = z.object({ hashes: z.array(base64) });
