import fs from 'node:fs';
import path from 'node:path';

/**
 * Every file in a data folder's artefact store (blobs and staging), relative to the store: what a
 * test compares before and after a write that must store all or nothing.
 */
export function storedFiles(dataDir: string): string[] {
  const root = path.join(dataDir, 'artefacts');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((name) => fs.statSync(path.join(root, name)).isFile());
}
