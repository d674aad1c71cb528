import { createHash } from 'node:crypto';
import type { CustodyEntry } from '@jaga/custody';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { appendLeaf } from './custody-log.js';
import { createCheckpoint } from './log.service.js';
import { loadOrCreateSigner } from './log.signer.js';
import { verifyCustodyLog } from './log.verify.js';

const signer = loadOrCreateSigner(undefined);
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const entry = (n: number): CustodyEntry => ({
  type: 'artefact.read',
  actor: { userId: `u-${n % 4}`, organisationId: 'o-1' },
  subject: { kind: 'artefact', id: `a-${n % 5}`, sha256: sha(`content ${n % 5}`) },
  at: new Date(Date.UTC(2026, 10, 24, 8, 0, n)).toISOString(),
});

describe('verifyCustodyLog', () => {
  let database: TestDatabase;
  const options = () => ({ publicKey: signer.key.publicKey, batchSize: 16 });

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  beforeEach(async () => {
    const db = database.db;
    await db.deleteFrom('custody_log_leaves').execute();
    await db.deleteFrom('custody_log_nodes').execute();
    await db.deleteFrom('custody_log_checkpoints').execute();
    await db.updateTable('custody_log_state').set({ tree_size: 0 }).execute();
    for (let n = 0; n < 40; n++) {
      await appendLeaf(db, entry(n));
      if (n === 24) await createCheckpoint(db, signer, () => Date.UTC(2026, 10, 24, 9));
    }
    await createCheckpoint(db, signer, () => Date.UTC(2026, 10, 24, 10));
  });

  it('accepts an untouched log, replaying every leaf and checkpoint', async () => {
    const result = await verifyCustodyLog(database.db, options());
    expect(result.problem).toBeUndefined();
    expect(result).toMatchObject({
      ok: true,
      leavesChecked: 40,
      treeSize: 40,
      checkpointsChecked: 2,
    });
  });

  it('reports a leaf changed in the database, at its index', async () => {
    await database.db
      .updateTable('custody_log_leaves')
      .set({ leaf: sql`replace(leaf, 'u-1', 'u-9')` })
      .where('leaf_index', '=', 21)
      .execute();
    const result = await verifyCustodyLog(database.db, options());
    expect(result.ok).toBe(false);
    expect(result.problem).toBe(
      'leaf 21 was changed: its content no longer hashes to its stored leaf hash',
    );
  });

  it('reports a leaf rewritten together with its hash and subtree hashes, by the signed checkpoint', async () => {
    const changed = { ...entry(3), actor: { userId: 'someone-else', organisationId: 'o-1' } };
    const { canonicalJson, leafHash } = await import('@jaga/custody');
    const text = canonicalJson(changed);
    await database.db
      .updateTable('custody_log_leaves')
      .set({ leaf: text, leaf_hash: Buffer.from(leafHash(new TextEncoder().encode(text))) })
      .where('leaf_index', '=', 3)
      .execute();
    const result = await verifyCustodyLog(database.db, options());
    expect(result.problem).toMatch(/^the stored subtree hash over leaves 2–3 differs/);
    // Rebuild every subtree hash as a careful forger would: the signed checkpoint still catches it.
    await database.db.deleteFrom('custody_log_nodes').execute();
    const { MerkleFrontier } = await import('@jaga/custody');
    const frontier = new MerkleFrontier();
    const leaves = await database.db
      .selectFrom('custody_log_leaves')
      .select('leaf_hash')
      .orderBy('leaf_index')
      .execute();
    for (const row of leaves) {
      for (const node of frontier.push(row.leaf_hash)) {
        await database.db
          .insertInto('custody_log_nodes')
          .values({ level: node.level, node_index: node.index, hash: Buffer.from(node.hash) })
          .execute();
      }
    }
    const forged = await verifyCustodyLog(database.db, options());
    expect(forged.problem).toMatch(
      /^checkpoint of 25 entries .* leaves before index 25 were changed after it was signed/,
    );
  });

  it('reports a missing leaf and a log cut short', async () => {
    await database.db.deleteFrom('custody_log_leaves').where('leaf_index', '=', 30).execute();
    expect((await verifyCustodyLog(database.db, options())).problem).toBe(
      'leaf 30 is missing (the next stored leaf is 31)',
    );
    await database.db.deleteFrom('custody_log_leaves').where('leaf_index', '>=', 30).execute();
    expect((await verifyCustodyLog(database.db, options())).problem).toBe(
      'the log holds 40 entries but only 30 leaves are stored',
    );
  });

  it('reports a checkpoint signature that does not verify', async () => {
    await database.db
      .updateTable('custody_log_checkpoints')
      .set({ signed_at: '2026-11-24T09:30:00.000Z' })
      .where('tree_size', '=', 25)
      .execute();
    expect((await verifyCustodyLog(database.db, options())).problem).toBe(
      'checkpoint of 25 entries: checkpoint signature does not verify with the log public key',
    );
  });

  it('reports an artefact whose recorded SHA-256 or stored bytes changed', async () => {
    const org = await database.db
      .insertInto('organisations')
      .values({ name: `Verify org ${Date.now()}`, type: 'ngo', country: 'KH' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const user = await database.db
      .insertInto('users')
      .values({
        organisation_id: org.id,
        email: `verify-${Date.now()}@test.jaga.example`,
        display_name: 'Verifier',
        role: 'investigator',
        password_hash: 'x',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const artefact = await database.db
      .insertInto('artefacts')
      .values({
        organisation_id: org.id,
        created_by: user.id,
        tlp: 'AMBER',
        title: 'Job ad',
        filename: 'ad.png',
        media_type: 'image/png',
        size_bytes: 9,
        sha256: sha('content 0'),
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendLeaf(database.db, {
      type: 'artefact.upload',
      subject: { kind: 'artefact', id: artefact.id, sha256: sha('content 0') },
      at: new Date().toISOString(),
    });
    const files = new Map([[sha('content 0'), sha('content 0')]]);
    const hashStored = async (digest: string) => files.get(digest);
    expect((await verifyCustodyLog(database.db, { ...options(), hashStored })).ok).toBe(true);

    files.set(sha('content 0'), sha('content 0, one byte changed'));
    expect((await verifyCustodyLog(database.db, { ...options(), hashStored })).problem).toMatch(
      new RegExp(`^artefact ${artefact.id}: the stored bytes now hash to .* the file was changed$`),
    );
    await database.db
      .updateTable('artefacts')
      .set({ sha256: sha('other') })
      .where('id', '=', artefact.id)
      .execute();
    expect((await verifyCustodyLog(database.db, options())).problem).toMatch(
      /now claims SHA-256 .* its record was changed$/,
    );
    await database.db.deleteFrom('artefacts').where('id', '=', artefact.id).execute();
  });
});
