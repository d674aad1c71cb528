import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A file received in full into the store's staging area, not yet visible under its hash. */
export interface StagedFile {
  readonly sha256: string;
  readonly sizeBytes: number;
  /** Moves the file into place under its hash (a no-op if those bytes are already stored). */
  commit(): Promise<void>;
  /** Deletes the staged file; safe to call after `commit` or twice. */
  discard(): Promise<void>;
}

/** Bytes came in beyond the store's limit; nothing of them was kept. */
export class FileTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`File is larger than the limit of ${limitBytes} bytes`);
    this.name = 'FileTooLargeError';
  }
}

/**
 * Where artefact bytes live. Files are content-addressed by SHA-256, so identical evidence is stored
 * once and a stored file's name says what its bytes must hash to. The disk store is the one in use;
 * an S3-compatible store can implement the same interface.
 */
export interface ArtefactStore {
  /**
   * Streams `source` into staging while hashing it. Rejects with {@link FileTooLargeError} (leaving
   * nothing behind) when more than `limitBytes` arrive, or when `isTruncated()` says the upstream
   * parser cut the stream at its own limit.
   */
  stage(source: Readable, limitBytes: number, isTruncated?: () => boolean): Promise<StagedFile>;
  /** A stream of the stored bytes, or `undefined` when no file has that hash. */
  open(sha256: string): Promise<Readable | undefined>;
  /** SHA-256 (hex) of the stored bytes as they are now, or `undefined` when missing. */
  hashStored(sha256: string): Promise<string | undefined>;
}

/** A day: staged files older than this were left by a crash mid-upload. */
const STALE_STAGING_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes staged files that a crash (power loss, SIGKILL) left mid-upload. Only old ones: another
 * node sharing the folder may be receiving a file right now.
 */
function removeStaleStaging(staging: string, now = Date.now()): void {
  let names: string[];
  try {
    names = fs.readdirSync(staging);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.endsWith('.part')) continue;
    const file = path.join(staging, name);
    try {
      if (now - fs.statSync(file).mtimeMs > STALE_STAGING_MS) fs.rmSync(file, { force: true });
    } catch {
      // Gone already, or not ours to remove: leave it.
    }
  }
}

/**
 * The artefact store on the local disk, under `<dataDir>/artefacts`: staged files in `staging/`,
 * stored files in `sha256/<first two hex digits>/<hash>`. Staging and storage share one file
 * system, so a staged file appears in place by an atomic rename, complete or not at all.
 *
 * @example
 * const store = diskArtefactStore('/var/lib/jaga');
 * const staged = await store.stage(stream, 100 * 1024 * 1024);
 * await staged.commit();
 */
export function diskArtefactStore(
  dataDir: string,
): ArtefactStore & { pathOf(sha256: string): string } {
  const root = path.join(dataDir, 'artefacts');
  const staging = path.join(root, 'staging');
  const pathOf = (sha256: string) => {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`Not a SHA-256 hex digest: ${sha256}`);
    return path.join(root, 'sha256', sha256.slice(0, 2), sha256);
  };

  removeStaleStaging(staging);

  return {
    pathOf,

    async stage(source, limitBytes, isTruncated = () => false) {
      await fsp.mkdir(staging, { recursive: true });
      const temporary = path.join(staging, `${randomBytes(12).toString('hex')}.part`);
      const hash = createHash('sha256');
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          size += chunk.length;
          if (size > limitBytes) {
            callback(new FileTooLargeError(limitBytes));
            return;
          }
          hash.update(chunk);
          callback(null, chunk);
        },
      });
      try {
        await pipeline(source, meter, fs.createWriteStream(temporary, { flags: 'wx' }));
        if (isTruncated()) throw new FileTooLargeError(limitBytes);
      } catch (error) {
        await fsp.rm(temporary, { force: true });
        throw error;
      }
      const sha256 = hash.digest('hex');
      let done = false;
      return {
        sha256,
        sizeBytes: size,
        async commit() {
          if (done) return;
          const target = pathOf(sha256);
          await fsp.mkdir(path.dirname(target), { recursive: true });
          if (fs.existsSync(target)) {
            await fsp.rm(temporary, { force: true });
          } else {
            // Stored evidence is never written again: read-only guards against slips.
            await fsp.chmod(temporary, 0o444);
            await fsp.rename(temporary, target);
          }
          done = true;
        },
        async discard() {
          if (done) return;
          await fsp.rm(temporary, { force: true });
          done = true;
        },
      };
    },

    async open(sha256) {
      const file = pathOf(sha256);
      try {
        const handle = await fsp.open(file, 'r');
        return handle.createReadStream();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },

    async hashStored(sha256) {
      const stream = await this.open(sha256);
      if (!stream) return undefined;
      const hash = createHash('sha256');
      for await (const chunk of stream) hash.update(chunk as Buffer);
      return hash.digest('hex');
    },
  };
}
