import { toBase64 } from '@jaga/custody';
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { requireActor } from '../auth/actor.js';
import {
  checkpointResponse,
  consistencyQuery,
  entryParams,
  entryResponse,
  inclusionQuery,
  proofResponse,
  publicKeyResponse,
} from './log.schema.js';
import {
  type CustodyEvidence,
  checkpointIfGrown,
  consistencyProof,
  currentCheckpoint,
  custodyEvidence,
  getEntry,
  inclusionProof,
} from './log.service.js';
import { type LogSigner, loadOrCreateSigner, publicKeyPem } from './log.signer.js';

export interface LogRoutesOptions {
  db: Kysely<Database>;
  /** Holds the signing key; `undefined` keeps an in-memory key (tests). */
  dataDir?: string | undefined;
  /** A ready key, instead of the one in `dataDir`. */
  signer?: LogSigner;
  now: () => number;
  /** How often a checkpoint is signed when the log has grown; 0 turns the timer off. */
  checkpointIntervalMs?: number;
}

const tags = ['custody log'];

/** What other modules use of the log, on `app.custodyLog` (the evidence export). */
export interface CustodyLogHandle {
  readonly signer: LogSigner;
  /** The log part of an evidence bundle about one record; see {@link custodyEvidence}. */
  evidence(subjectId: string): Promise<CustodyEvidence>;
}

declare module 'fastify' {
  interface FastifyInstance {
    custodyLog: CustodyLogHandle;
  }
}

const logPlugin: FastifyPluginAsyncZod<LogRoutesOptions> = async (app, options) => {
  const { db, now } = options;
  const signer = options.signer ?? loadOrCreateSigner(options.dataDir);
  app.decorate('custodyLog', {
    signer,
    evidence: (subjectId: string) => custodyEvidence(db, signer, subjectId, now),
  } satisfies CustodyLogHandle);
  const interval = options.checkpointIntervalMs ?? 60_000;
  if (interval > 0) {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      checkpointIfGrown(db, signer, now)
        .catch((error: unknown) => app.log.error({ err: error }, 'custody log checkpoint failed'))
        .finally(() => {
          running = false;
        });
    }, interval);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  }

  app.get(
    '/api/v1/log/checkpoint',
    {
      schema: {
        tags,
        summary: 'The latest signed checkpoint (tree head); signs a new one if the log has grown',
        response: { 200: checkpointResponse },
      },
    },
    async () => currentCheckpoint(db, signer, now),
  );

  app.get(
    '/api/v1/log/public-key',
    {
      schema: {
        tags,
        summary: 'The Ed25519 public key that signs checkpoints',
        response: { 200: publicKeyResponse },
      },
    },
    async () => ({
      algorithm: 'Ed25519' as const,
      publicKey: toBase64(signer.key.publicKey),
      keyId: signer.keyId,
      origin: signer.origin,
      pem: publicKeyPem(signer.key.publicKey),
    }),
  );

  app.get(
    '/api/v1/log/entries/:index',
    {
      schema: {
        tags,
        summary: 'One log entry and its leaf hash',
        params: entryParams,
        response: { 200: entryResponse },
      },
    },
    async (request) => {
      requireActor(request);
      return (await getEntry(db, request.params.index)) as {
        index: number;
        leaf: Record<string, unknown>;
        leafHash: string;
      };
    },
  );

  app.get(
    '/api/v1/log/proof/inclusion',
    {
      schema: {
        tags,
        summary: 'RFC 9162 inclusion proof of entry `index` in the tree of `treeSize` entries',
        querystring: inclusionQuery,
        response: { 200: proofResponse },
      },
    },
    async (request) => {
      requireActor(request);
      return inclusionProof(db, request.query.index, request.query.treeSize);
    },
  );

  app.get(
    '/api/v1/log/proof/consistency',
    {
      schema: {
        tags,
        summary: 'RFC 9162 consistency proof between the trees of `from` and `to` entries',
        querystring: consistencyQuery,
        response: { 200: proofResponse },
      },
    },
    async (request) => consistencyProof(db, request.query.from, request.query.to),
  );
};

/**
 * The custody log API: signed checkpoints, the public key and consistency proofs are public (they
 * hold hashes only, for witnesses and auditors); entries and inclusion proofs need a signed-in
 * user or an API token. Also gives every later plugin `app.custodyLog` for evidence exports.
 */
export const logRoutes = fp(logPlugin, { name: 'custody-log' });
