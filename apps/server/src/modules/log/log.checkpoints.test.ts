import { checkpointProblem } from '@jaga/custody';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { appendLeaf } from './custody-log.js';
import { allCheckpoints } from './log.repository.js';
import { logRoutes } from './log.routes.js';
import { presentCheckpoint } from './log.service.js';
import { loadOrCreateSigner } from './log.signer.js';

describe('periodic checkpoints', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('signs a checkpoint on the timer only when the log has grown', async () => {
    const signer = loadOrCreateSigner(undefined);
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    await app.register(logRoutes, {
      db: database.db,
      signer,
      now: Date.now,
      checkpointIntervalMs: 40,
    });
    await app.ready();
    try {
      const waitFor = async (size: number) => {
        for (let i = 0; i < 200; i++) {
          const stored = await allCheckpoints(database.db);
          if (stored.some((checkpoint) => checkpoint.treeSize === size)) return stored;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        throw new Error(`no checkpoint of ${size} entries was signed`);
      };
      await waitFor(0);
      await appendLeaf(database.db, { type: 'case.note', at: new Date().toISOString() });
      await appendLeaf(database.db, { type: 'case.note', at: new Date().toISOString() });
      const stored = await waitFor(2);
      await new Promise((resolve) => setTimeout(resolve, 200));
      // The log did not grow again, so no further checkpoint was signed.
      expect((await allCheckpoints(database.db)).map((c) => c.treeSize)).toEqual(
        stored.map((c) => c.treeSize),
      );
      const latest = stored[stored.length - 1];
      if (!latest) throw new Error('no checkpoint');
      expect(checkpointProblem(presentCheckpoint(latest), signer.key.publicKey)).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
