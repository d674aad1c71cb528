import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { CliError } from './errors.js';

/**
 * Opens FILE, or standard input for `-` (or no file), as a stream, with a clear error for a missing
 * or unreadable file.
 *
 * @example
 * const stream = openInput(file ?? '-', process.stdin);
 */
export function openInput(file: string | undefined, stdin: Readable): Readable {
  if (file === undefined || file === '-') return stdin;
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) throw new CliError(`${file} is a folder; give a file`, 2);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      2,
    );
  }
  return fs.createReadStream(file);
}

/** Reads the whole of FILE (or stdin for `-`) as UTF-8 text. */
export async function readInputText(file: string | undefined, stdin: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of openInput(file, stdin)) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
