import {
  type CustodyEntry,
  canonicalJson,
  fromBase64,
  leafHash,
  MerkleFrontier,
  rangeHash,
  toBase64,
} from '@jaga/custody';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { appendLeaf } from './custody-log.js';
import { currentTreeSize, loadSubtrees } from './log.repository.js';
import { verifyCustodyLog } from './log.verify.js';

const entry = (n: number): CustodyEntry => ({
  type: 'artefact.read',
  actor: { userId: `user-${n}`, organisationId: 'org-a' },
  subject: { kind: 'artefact', id: `artefact-${n % 3}` },
  at: new Date(Date.UTC(2026, 10, 24, 10, 0, n)).toISOString(),
});

describe('appendLeaf', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('stores canonical leaves with consecutive indexes and the subtree hashes of the tree', async () => {
    const frontier = new MerkleFrontier();
    for (let n = 0; n < 13; n++) {
      const appended = await appendLeaf(database.db, entry(n));
      const expected = leafHash(new TextEncoder().encode(canonicalJson(entry(n))));
      expect(appended).toEqual({ index: n, leafHash: toBase64(expected) });
      frontier.push(expected);
    }
    expect(await currentTreeSize(database.db)).toBe(13);
    const row = await database.db
      .selectFrom('custody_log_leaves')
      .select('leaf')
      .where('leaf_index', '=', 4)
      .executeTakeFirstOrThrow();
    expect(row.leaf).toBe(canonicalJson(entry(4)));
    const stored = await loadSubtrees(database.db, [
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    const root = rangeHash({ start: 0, end: 13 }, (ref) => {
      const hash = stored.get(`${ref.level}/${ref.index}`);
      if (!hash) throw new Error(`missing ${ref.level}/${ref.index}`);
      return hash;
    });
    expect(toBase64(root)).toBe(toBase64(frontier.root()));
  });

  it('commits the leaf with the caller transaction, or not at all', async () => {
    const before = await currentTreeSize(database.db);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await appendLeaf(trx, entry(100));
        throw new Error('the recorded write failed');
      }),
    ).rejects.toThrow('the recorded write failed');
    expect(await currentTreeSize(database.db)).toBe(before);
    const appended = await database.db.transaction().execute((trx) => appendLeaf(trx, entry(101)));
    expect(appended.index).toBe(before);
    expect(fromBase64(appended.leafHash)).toHaveLength(32);
  });

  it('refuses an entry that is not a custody entry, naming the field', async () => {
    await expect(
      appendLeaf(database.db, { type: 'artefact.read', at: 'yesterday' } as CustodyEntry),
    ).rejects.toThrow(/entry\.at must be an ISO 8601 time/);
  });

  it('gives parallel writers every index once: log size = acknowledged writes, no gap, no duplicate', async () => {
    const before = await currentTreeSize(database.db);
    const clients = 8;
    const perClient = 60;
    const acknowledged: number[] = [];
    await Promise.all(
      Array.from({ length: clients }, async (_, client) => {
        for (let n = 0; n < perClient; n++) {
          // Some writes fail after appending: their leaves must vanish with them.
          const fails = n % 7 === 3;
          try {
            const { index } = await database.db.transaction().execute(async (trx) => {
              const appended = await appendLeaf(trx, entry(1000 + client * perClient + n));
              if (fails) throw new Error('write refused');
              return appended;
            });
            acknowledged.push(index);
          } catch (error) {
            if (!fails) throw error;
          }
        }
      }),
    );
    const size = await currentTreeSize(database.db);
    expect(size - before).toBe(acknowledged.length);
    expect(new Set(acknowledged).size).toBe(acknowledged.length);
    expect([...acknowledged].sort((a, b) => a - b)).toEqual(
      Array.from({ length: acknowledged.length }, (_, i) => before + i),
    );
    const result = await verifyCustodyLog(database.db);
    expect(result.problem).toBeUndefined();
    expect(result.leavesChecked).toBe(size);
  });
});
