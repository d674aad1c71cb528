import { createHash } from 'node:crypto';
import {
  buildEvidenceBundle,
  type Checkpoint,
  type CustodyEntry,
  canonicalJson,
  checkpointProblem,
  fromBase64,
  verifyEvidenceBundle,
} from '@jaga/custody';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor, type TestActor } from '../../../test/auth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createApp } from '../../app.js';
import { appendLeaf } from './custody-log.js';

// An independent RFC 9162 verifier on node:crypto, written from the RFC text (§2.1.3.2, §2.1.4.2).
const sha = (...parts: Uint8Array[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
};
const node = (l: Uint8Array, r: Uint8Array) => sha(Uint8Array.of(1), l, r);
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
/** RFC 9162 MTH over leaf hashes, straight from the recursive definition. */
const naiveRoot = (hashes: Uint8Array[]): Uint8Array => {
  if (hashes.length === 0) return sha();
  if (hashes.length === 1) return hashes[0] as Uint8Array;
  let k = 1;
  while (k * 2 < hashes.length) k *= 2;
  return node(naiveRoot(hashes.slice(0, k)), naiveRoot(hashes.slice(k)));
};

function rfcVerifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  path: Uint8Array[],
  root: Uint8Array,
) {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = node(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = node(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && same(r, root);
}

function rfcVerifyConsistency(
  first: number,
  second: number,
  firstHash: Uint8Array,
  secondHash: Uint8Array,
  proof: Uint8Array[],
) {
  if (first === second) return proof.length === 0 && same(firstHash, secondHash);
  if (proof.length === 0) return false;
  const path = (first & (first - 1)) === 0 ? [firstHash, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn >>= 1;
    sn >>= 1;
  }
  let fr = path[0] as Uint8Array;
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = node(c, fr);
      sr = node(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = node(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && same(fr, firstHash) && same(sr, secondHash);
}

const entry = (n: number): CustodyEntry => ({
  type: n % 2 === 0 ? 'artefact.upload' : 'artefact.read',
  actor: { userId: 'u-1', organisationId: 'o-1' },
  subject: {
    kind: 'artefact',
    id: `a-${n}`,
    sha256: createHash('sha256').update(`${n}`).digest('hex'),
  },
  at: new Date(Date.UTC(2026, 10, 24, 9, 0, n)).toISOString(),
});

describe('custody log API', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let alice: TestActor;
  let clock = Date.UTC(2026, 10, 24, 12, 0, 0);
  const get = (url: string, auth = true) =>
    app.inject({ method: 'GET', url, headers: auth ? alice.authHeader : {} });

  beforeAll(async () => {
    database = await createTestDatabase();
    alice = await createTestActor(database.db, { organisation: { name: 'Log test org' } });
    app = await createApp({
      db: database.db,
      databaseKind: database.kind,
      version: 'test',
      now: () => clock,
    });
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('serves signed checkpoints, entries and proofs that an independent RFC 9162 verifier accepts', async () => {
    const keyResponse = await get('/api/v1/log/public-key', false);
    expect(keyResponse.statusCode).toBe(200);
    const key = keyResponse.json();
    const publicKey = fromBase64(key.publicKey);
    expect(key.keyId).toBe(createHash('sha256').update(publicKey).digest('base64'));
    expect(key.pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);

    const empty = (await get('/api/v1/log/checkpoint', false)).json() as Checkpoint;
    expect(empty.treeSize).toBe(0);

    const total = 21;
    for (let n = 0; n < total; n++) await appendLeaf(database.db, entry(n));
    clock += 1000;
    const checkpoint = (await get('/api/v1/log/checkpoint', false)).json() as Checkpoint;
    expect(checkpoint.treeSize).toBe(total);
    expect(checkpoint.timestamp).toBe(new Date(clock).toISOString());
    expect(checkpointProblem(checkpoint, publicKey)).toBeUndefined();
    expect(checkpointProblem({ ...checkpoint, treeSize: total - 1 }, publicKey)).toMatch(
      /does not verify/,
    );

    const leafHashes: Uint8Array[] = [];
    for (let n = 0; n < total; n++) {
      const response = await get(`/api/v1/log/entries/${n}`);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.leaf).toEqual(entry(n));
      const recomputed = sha(Uint8Array.of(0), Buffer.from(canonicalJson(body.leaf), 'utf8'));
      expect(Buffer.from(recomputed).toString('base64')).toBe(body.leafHash);
      leafHashes.push(recomputed);
    }
    const root = fromBase64(checkpoint.rootHash);
    expect(same(root, naiveRoot(leafHashes))).toBe(true);
    for (const [index, size] of [
      [0, 21],
      [20, 21],
      [13, 21],
      [7, 8],
      [5, 13],
      [0, 1],
    ] as const) {
      const response = await get(`/api/v1/log/proof/inclusion?index=${index}&treeSize=${size}`);
      expect(response.statusCode).toBe(200);
      const hashes = (response.json().hashes as string[]).map((h) => fromBase64(h));
      const sizeRoot = naiveRoot(leafHashes.slice(0, size));
      const leaf = leafHashes[index] as Uint8Array;
      expect(rfcVerifyInclusion(leaf, index, size, hashes, sizeRoot)).toBe(true);
      const other = leafHashes[(index + 1) % size] as Uint8Array;
      if (size > 1) expect(rfcVerifyInclusion(other, index, size, hashes, sizeRoot)).toBe(false);
    }

    // Consistency of an older signed checkpoint with the newer one.
    await database.db.deleteFrom('custody_log_checkpoints').execute();
    await database.db.updateTable('custody_log_state').set({ tree_size: 13 }).execute();
    const at13 = (await get('/api/v1/log/checkpoint', false)).json() as Checkpoint;
    await database.db.updateTable('custody_log_state').set({ tree_size: total }).execute();
    const olderRoot = fromBase64(at13.rootHash);
    expect(at13.treeSize).toBe(13);
    expect(same(olderRoot, naiveRoot(leafHashes.slice(0, 13)))).toBe(true);
    const consistency = await get(`/api/v1/log/proof/consistency?from=13&to=${total}`, false);
    expect(consistency.statusCode).toBe(200);
    const proof = (consistency.json().hashes as string[]).map((h) => fromBase64(h));
    expect(rfcVerifyConsistency(13, total, olderRoot, root, proof)).toBe(true);
    expect(rfcVerifyConsistency(13, total, root, root, proof)).toBe(false);
  });

  it('answers bad or out-of-range requests with a 400 that says what to fix, and 404 for no entry', async () => {
    const tooBig = await get('/api/v1/log/proof/inclusion?index=0&treeSize=999');
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().error.message).toMatch(/treeSize=999 is larger than the log/);
    const outside = await get('/api/v1/log/proof/inclusion?index=5&treeSize=5');
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.message).toMatch(/index must be smaller than treeSize/);
    const notNumber = await get('/api/v1/log/proof/inclusion?index=x&treeSize=5');
    expect(notNumber.statusCode).toBe(400);
    expect(notNumber.json().error.message).toMatch(/querystring\/index/);
    const backwards = await get('/api/v1/log/proof/consistency?from=5&to=3', false);
    expect(backwards.statusCode).toBe(400);
    expect((await get('/api/v1/log/entries/999')).statusCode).toBe(404);
    expect((await get('/api/v1/log/entries/-1')).statusCode).toBe(400);
  });

  it('gives the export the custody evidence of one record, which verifies offline', async () => {
    await appendLeaf(database.db, { ...entry(3), type: 'artefact.export' });
    const evidence = await app.custodyLog.evidence('a-3');
    expect(evidence.entries.map((e) => e.leaf.type)).toEqual(['artefact.read', 'artefact.export']);
    const content = new TextEncoder().encode('3');
    const bundle = buildEvidenceBundle({
      exportedAt: new Date(clock).toISOString(),
      log: { publicKey: evidence.publicKey, checkpoint: evidence.checkpoint },
      artefact: {
        id: 'a-3',
        sha256: createHash('sha256').update(content).digest('hex'),
        size: 1,
        metadata: {},
      },
      entries: evidence.entries,
    });
    const keyId = (await get('/api/v1/log/public-key', false)).json().keyId;
    const result = verifyEvidenceBundle(JSON.parse(JSON.stringify(bundle)), {
      trustedKeyIds: [keyId],
      content,
    });
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(
      verifyEvidenceBundle(bundle, { trustedKeyIds: [keyId], content: new Uint8Array([52]) }).ok,
    ).toBe(false);
  });

  it('shows entries and inclusion proofs to signed-in callers only', async () => {
    expect((await get('/api/v1/log/entries/0', false)).statusCode).toBe(401);
    expect((await get('/api/v1/log/proof/inclusion?index=0&treeSize=1', false)).statusCode).toBe(
      401,
    );
  });
});
