import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import {
  buildEvidenceBundle,
  type CustodyEntry,
  encodeLeaf,
  keyIdOf,
  signCheckpoint,
  signingKeyFromSeed,
  toBase64,
} from '@jaga/custody';
import { appendLeaf, migrateToLatest, openDatabase } from '@jaga/server';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { logCommand } from './log.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jaga-log-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
});

async function run(...args: string[]): Promise<{ out: string; code: number }> {
  let out = '';
  const stdout = new Writable({
    write(chunk, _encoding, done) {
      out += String(chunk);
      done();
    },
  });
  const program = new Command('jaga').exitOverride().configureOutput({ writeErr: () => {} });
  const log = logCommand({ stdout, stderr: new Writable({ write: (_c, _e, done) => done() }) });
  log.exitOverride();
  for (const sub of log.commands) sub.exitOverride().configureOutput({ writeErr: () => {} });
  program.addCommand(log);
  process.exitCode = undefined;
  await program.parseAsync(['node', 'jaga', 'log', ...args]);
  return { out, code: Number(process.exitCode ?? 0) };
}

describe('jaga log verify-bundle', () => {
  const key = signingKeyFromSeed(new Uint8Array(32).fill(3));
  const content = new TextEncoder().encode('passport scan');
  const sha256 = createHash('sha256').update(content).digest('hex');
  const entry: CustodyEntry = {
    type: 'artefact.upload',
    subject: { kind: 'artefact', id: 'art-9', sha256 },
    at: '2026-11-24T10:00:00.000Z',
  };
  const leaf = encodeLeaf(entry);
  const bundle = buildEvidenceBundle({
    exportedAt: '2026-11-24T10:01:00.000Z',
    log: {
      publicKey: toBase64(key.publicKey),
      checkpoint: signCheckpoint(
        {
          origin: 'jaga.test/log',
          treeSize: 1,
          rootHash: toBase64(leaf.hash),
          timestamp: '2026-11-24T10:00:30.000Z',
        },
        key,
      ),
    },
    artefact: { id: 'art-9', sha256, size: content.length, metadata: { title: 'Passport' } },
    entries: [{ index: 0, leaf: entry, leafHash: toBase64(leaf.hash), inclusionProof: [] }],
  });
  const bundleFile = path.join(dir, 'bundle.json');
  const contentFile = path.join(dir, 'passport.bin');
  fs.writeFileSync(bundleFile, JSON.stringify(bundle));
  fs.writeFileSync(contentFile, content);

  it('verifies a bundle with its content and a pinned key id (exit 0)', async () => {
    const { out, code } = await run(
      'verify-bundle',
      bundleFile,
      '--content',
      contentFile,
      '--key-id',
      keyIdOf(key.publicKey),
    );
    expect(code).toBe(0);
    expect(out).toMatch(/^Evidence bundle verified\./);
    expect(out).toContain('art-9 (content hashed)');
    expect(out).not.toContain('warning');
  });

  it('fails with exit 1 and says why when one content byte changed', async () => {
    const changed = path.join(dir, 'changed.bin');
    fs.writeFileSync(changed, Buffer.from('passport scaN'));
    const { out, code } = await run('verify-bundle', bundleFile, '--content', changed, '--json');
    expect(code).toBe(1);
    const result = JSON.parse(out);
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toMatch(/it was changed/);
  });

  it('refuses a file that is not JSON with a clear message', async () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{"format":');
    await expect(run('verify-bundle', bad)).rejects.toThrow(/bad\.json is not JSON/);
  });
});

describe('jaga log verify', () => {
  // This case is about an embedded data folder; in the PostgreSQL pass DATABASE_URL would win.
  const serverUrl = process.env.DATABASE_URL;
  beforeAll(() => {
    delete process.env.DATABASE_URL;
  });
  afterAll(() => {
    if (serverUrl !== undefined) process.env.DATABASE_URL = serverUrl;
  });

  it('replays a data folder log and reports a changed leaf (exit 1)', async () => {
    const data = path.join(dir, 'data');
    const handle = await openDatabase({ dataDir: data });
    await migrateToLatest(handle.db);
    for (let n = 0; n < 5; n++) {
      await appendLeaf(handle.db, { type: 'case.note', at: `2026-11-24T10:00:0${n}.000Z` });
    }
    await handle.close();

    const ok = await run('verify', '--data', data);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^Custody log verified: 5 entries/);

    const again = await openDatabase({ dataDir: data });
    await again.db
      .updateTable('custody_log_leaves')
      .set({ leaf: '{"at":"2026-11-24T10:00:03.000Z","type":"case.deleted"}' })
      .where('leaf_index', '=', 3)
      .execute();
    await again.close();
    const bad = await run('verify', '--data', data);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('Custody log INCONSISTENT: leaf 3 was changed');
  }, 180_000);
});
