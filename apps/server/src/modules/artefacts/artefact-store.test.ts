import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { diskArtefactStore, FileTooLargeError } from './artefact-store.js';

describe('diskArtefactStore', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jaga-store-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const chunks = (count: number, size: number) =>
    Readable.from(Array.from({ length: count }, (_, i) => Buffer.alloc(size, i)));

  it('stages while hashing and stores identical bytes once', async () => {
    const store = diskArtefactStore(dataDir);
    const first = await store.stage(Readable.from([Buffer.from('same bytes')]), 1024);
    const second = await store.stage(Readable.from([Buffer.from('same bytes')]), 1024);
    expect(first.sha256).toBe(second.sha256);
    await first.commit();
    await second.commit();
    expect(fs.readFileSync(store.pathOf(first.sha256), 'utf8')).toBe('same bytes');
    expect(fs.readdirSync(path.join(dataDir, 'artefacts', 'staging'))).toEqual([]);
    expect(await store.hashStored(first.sha256)).toBe(first.sha256);
  });

  it('stops a stream that passes the limit and leaves no file behind', async () => {
    const store = diskArtefactStore(dataDir);
    await expect(store.stage(chunks(10, 1000), 5000)).rejects.toBeInstanceOf(FileTooLargeError);
    expect(fs.readdirSync(path.join(dataDir, 'artefacts', 'staging'))).toEqual([]);
    const exact = await store.stage(chunks(5, 1000), 5000);
    expect(exact.sizeBytes).toBe(5000);
    await exact.discard();
    expect(fs.readdirSync(path.join(dataDir, 'artefacts', 'staging'))).toEqual([]);
  });

  it('clears staged files a crash left long ago, not fresh ones', () => {
    const staging = path.join(dataDir, 'artefacts', 'staging');
    const old = path.join(staging, 'old.part');
    const fresh = path.join(staging, 'fresh.part');
    fs.writeFileSync(old, 'half an upload');
    fs.writeFileSync(fresh, 'an upload in progress');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    fs.utimesSync(old, twoDaysAgo, twoDaysAgo);
    diskArtefactStore(dataDir);
    expect(fs.readdirSync(staging)).toEqual(['fresh.part']);
    fs.rmSync(fresh);
  });
});
