import fs from 'node:fs';
import path from 'node:path';
import { StartupError } from '../errors.js';

/** Exclusive ownership of a data folder by this process. */
export interface DataLock {
  release(): void;
}

const LOCK_FILE = 'jaga.pid';

/**
 * Takes the data folder for this process. PGlite is one process's database: a second process
 * opening the same folder would corrupt it, so it is refused with a clear message. A lock left by a
 * process that died (even by SIGKILL) is detected by its pid and taken over.
 *
 * @example
 * const lock = acquireDataLock('.jaga/data'); // … lock.release();
 */
export function acquireDataLock(dataDir: string): DataLock {
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          fs.rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new StartupError(
          `Data folder ${dataDir} is in use by another Jaga process (pid ${owner}). Stop that process first, or use another folder with --data.`,
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new StartupError(`Could not take the lock on data folder ${dataDir}; try again.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
