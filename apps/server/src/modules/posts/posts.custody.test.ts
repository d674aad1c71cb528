import type { CustodyEntry } from '@jaga/custody';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { appendLeaf } from '../log/custody-log.js';
import { rootAt } from '../log/log.service.js';
import { appendLeaves } from './posts.custody.js';

const entry = (i: number): CustodyEntry => ({
  type: 'post.ingest',
  actor: {
    userId: '00000000-0000-4000-8000-000000000001',
    organisationId: '00000000-0000-4000-8000-000000000002',
  },
  subject: { kind: 'post', id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` },
  at: new Date(Date.UTC(2026, 11, 3, 0, 0, i)).toISOString(),
  details: { n: i },
});

describe('appendLeaves', () => {
  let one: TestDatabase;
  let batch: TestDatabase;
  beforeAll(async () => {
    [one, batch] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([one?.drop(), batch?.drop()]);
  });

  const dump = async (t: TestDatabase) => ({
    leaves: (
      await t.db
        .selectFrom('custody_log_leaves')
        .select(['leaf_index', 'leaf', 'leaf_hash', 'subject_id'])
        .orderBy('leaf_index')
        .execute()
    ).map((r) => ({
      ...r,
      leaf_index: Number(r.leaf_index),
      leaf_hash: Buffer.from(r.leaf_hash).toString('hex'),
    })),
    nodes: (
      await t.db
        .selectFrom('custody_log_nodes')
        .select(['level', 'node_index', 'hash'])
        .orderBy('level')
        .orderBy('node_index')
        .execute()
    ).map((r) => ({
      ...r,
      node_index: Number(r.node_index),
      hash: Buffer.from(r.hash).toString('hex'),
    })),
  });

  it('stores exactly the leaves and subtrees that appending one at a time stores', async () => {
    // Batches of uneven sizes starting at every kind of position (odd, even, powers of two).
    const sizes = [1, 2, 5, 1, 8, 13, 3, 31, 64, 7];
    let n = 0;
    for (const size of sizes) {
      const entries = Array.from({ length: size }, (_, i) => entry(n + i));
      for (const e of entries) await appendLeaf(one.db, e);
      const first = await batch.db.transaction().execute((trx) => appendLeaves(trx, entries));
      expect(first).toBe(n);
      n += size;
      expect(await rootAt(batch.db, n)).toEqual(await rootAt(one.db, n));
    }
    expect(await dump(batch)).toEqual(await dump(one));
  });

  it('leaves nothing behind when its transaction rolls back', async () => {
    const before = await dump(batch);
    await expect(
      batch.db.transaction().execute(async (trx) => {
        await appendLeaves(trx, [entry(1000), entry(1001)]);
        throw new Error('the records failed');
      }),
    ).rejects.toThrow('the records failed');
    expect(await dump(batch)).toEqual(before);
  });
});
