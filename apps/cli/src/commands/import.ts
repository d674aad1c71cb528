import fs from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import {
  AppError,
  findIngestActor,
  type IngestResult,
  ingestPosts,
  MAX_INGEST_BATCH,
  migrateToLatest,
  openDatabase,
  StartupError,
} from '@jaga/server';
import { Command, InvalidArgumentError, Option } from 'commander';
import { parse as parseCsv } from 'csv-parse';
import { CliError } from '../lib/errors.js';
import { openInput } from '../lib/input.js';
import { createProgress } from '../lib/progress.js';
import { configFrom } from '../lib/server-config.js';

/** Streams `jaga import` reads and writes; tests pass their own. */
export interface ImportIo {
  stdin?: Readable;
  /** One JSON line per imported post: `{line, id, created, risk, decision}`. */
  stdout?: Writable;
  /** Per-line errors `{line, error}` as JSON Lines, the progress bar and the summary. */
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** The database and account posts are imported into. */
export interface IngestDatabase {
  db: Parameters<typeof ingestPosts>[0];
  actor: Parameters<typeof ingestPosts>[1];
  kind: 'pglite' | 'postgres';
  location: string;
  close(): Promise<void>;
}

/**
 * Opens and migrates the configured database (the embedded one in `data`, or `DATABASE_URL`)
 * and finds the account posts are stored as, turning a busy data folder or an unknown account into
 * one clear line.
 *
 * @example
 * const target = await openIngestDatabase('.jaga/data', 'analyst@ngo.example', 'jaga import posts');
 */
export async function openIngestDatabase(
  data: string | undefined,
  email: string,
  command: string,
): Promise<IngestDatabase> {
  const config = configFrom({ dataDir: data });
  let handle: Awaited<ReturnType<typeof openDatabase>>;
  try {
    handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (error) {
    if (error instanceof StartupError && /in use/.test(error.message)) {
      throw new CliError(
        `${error.message} The embedded database belongs to one process at a time: stop jaga serve or the other ${command} first, or use PostgreSQL (DATABASE_URL), where the server and several importers and workers run side by side.`,
      );
    }
    throw error;
  }
  try {
    await migrateToLatest(handle.db);
    const actor = await findIngestActor(handle.db, email);
    return {
      db: handle.db,
      actor,
      kind: handle.kind,
      location: handle.location,
      close: handle.close,
    };
  } catch (error) {
    await handle.close();
    if (error instanceof AppError) throw new CliError(`--as: ${error.message}`, 2);
    throw error;
  }
}

/** Input formats `jaga import posts` reads. */
export type ImportFormat = 'jsonl' | 'csv';

/** One record of the input: a post object and where it came from, or why it could not be read. */
export type ImportRecord =
  | { readonly line: number; readonly post: Record<string, unknown> }
  | { readonly line: number; readonly error: string };

/** CSV columns and the post field each fills (several spellings of the same field). */
const CSV_FIELDS: Record<string, string> = {
  source: 'source',
  externalid: 'externalId',
  external_id: 'externalId',
  id: 'externalId',
  text: 'text',
  url: 'url',
  postedat: 'postedAt',
  posted_at: 'postedAt',
  language: 'language',
  lang: 'language',
  location: 'location',
  country: 'country',
  tlp: 'tlp',
  groups: 'groups',
};

/**
 * Reads JSON Lines, one post object per line (the fields of `POST /api/v1/posts`), yielding each
 * with its 1-based line number; a line that is not a JSON object yields an error instead.
 *
 * @example
 * for await (const record of readJsonLines(stream)) console.log(record.line);
 */
export async function* readJsonLines(
  input: AsyncIterable<string | Buffer>,
): AsyncGenerator<ImportRecord> {
  let rest = '';
  let line = 0;
  const parseLine = (raw: string): ImportRecord | undefined => {
    line++;
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return {
        line,
        error: `not valid JSON (${(error as Error).message}); each line must be one JSON object such as {"source":"facebook","text":"…"}`,
      };
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return {
        line,
        error: 'expected a JSON object (one post) such as {"source":"facebook","text":"…"}',
      };
    }
    return { line, post: value as Record<string, unknown> };
  };
  for await (const chunk of input) {
    rest += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    const lines = rest.split('\n');
    rest = lines.pop() ?? '';
    for (const raw of lines) {
      const record = parseLine(raw.replace(/\r$/, ''));
      if (record) yield record;
    }
  }
  if (rest !== '') {
    const record = parseLine(rest.replace(/\r$/, ''));
    if (record) yield record;
  }
}

/**
 * Reads CSV with a header row: `text` is required; `source`, `externalId` (or `external_id`, `id`),
 * `url`, `postedAt`, `language`, `location`, `country`, `tlp` and `groups` (separated by `;`) are
 * optional, other columns are ignored. Yields each row's post with the line it starts on.
 *
 * @example
 * for await (const record of readCsv(stream, 'posts.csv')) console.log(record.line);
 */
export async function* readCsv(input: Readable, name: string): AsyncGenerator<ImportRecord> {
  const parser = input.pipe(
    parseCsv({
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }),
  );
  let columns: (string | undefined)[] | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (columns === undefined) {
        columns = record.map((h) => CSV_FIELDS[h.trim().toLowerCase()]);
        if (!columns.includes('text')) {
          throw new CliError(
            `${name}: the CSV has no "text" column (columns: ${record.join(', ')}); name the post text column "text"`,
            2,
          );
        }
        continue;
      }
      const post: Record<string, unknown> = {};
      let country: string | undefined;
      record.forEach((value, i) => {
        const field = columns?.[i];
        if (field === undefined || value === '') return;
        if (field === 'country') country = value;
        else if (field === 'groups') {
          post.groups = value
            .split(';')
            .map((g) => g.trim())
            .filter(Boolean);
        } else post[field] = value;
      });
      if (country !== undefined) {
        post.location =
          typeof post.location === 'string' ? { name: post.location, country } : { country };
      }
      // `info.lines` is where the record ends; a quoted field may span lines, so count back.
      const inner = record.reduce((n, value) => n + (value.match(/\n/g)?.length ?? 0), 0);
      yield { line: info.lines - inner, post };
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${name}: not a readable CSV file (${(error as Error).message})`, 2);
  }
  if (columns === undefined) {
    throw new CliError(`${name} is empty: expected a header row with a "text" column`, 2);
  }
}

interface ImportFlags {
  as: string;
  input: 'auto' | ImportFormat;
  source?: string;
  tlp?: string;
  batch: number;
  data?: string;
}

/**
 * The input format from the file name (`.jsonl`, `.ndjson`, `.csv`) or, for other names and
 * standard input, from the first character (`{` → JSON Lines, otherwise CSV).
 *
 * @example
 * importFormat('posts.csv', ''); // 'csv'
 */
export function importFormat(file: string | undefined, firstText: string): ImportFormat {
  const extension = file?.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (extension === 'jsonl' || extension === 'ndjson') return 'jsonl';
  if (extension === 'csv') return 'csv';
  return firstText
    .replace(/^\uFEFF/, '')
    .trimStart()
    .startsWith('{')
    ? 'jsonl'
    : 'csv';
}

/** Splits off the stream's first chunk (to detect the format) and gives back the whole stream. */
async function peek(stream: Readable): Promise<{ first: string; whole: Readable }> {
  const iterator = stream[Symbol.asyncIterator]();
  const head = await iterator.next();
  const firstChunk: Buffer | undefined = head.done
    ? undefined
    : typeof head.value === 'string'
      ? Buffer.from(head.value)
      : (head.value as Buffer);
  const whole = Readable.from(
    (async function* () {
      if (firstChunk) yield firstChunk;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value as Buffer;
      }
    })(),
  );
  return { first: firstChunk?.toString('utf8', 0, Math.min(firstChunk.length, 4096)) ?? '', whole };
}

/** Counts the lines of a file in one streaming pass, for the progress bar's total. */
async function countLines(file: string): Promise<number> {
  let lines = 0;
  let last = 10;
  for await (const chunk of fs.createReadStream(file)) {
    const bytes = chunk as Buffer;
    for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) lines++;
    last = bytes[bytes.length - 1] ?? last;
  }
  return last === 10 ? lines : lines + 1;
}

/**
 * `jaga import posts FILE`: screens posts from a JSON Lines or CSV file and stores them with their
 * selectors and sightings, as `POST /api/v1/posts` does, in batches of one transaction each. A
 * line that cannot be imported is reported as `{"line","error"}` on stderr and the rest are
 * imported; the command then exits with code 2. Importing the same file again adds nothing.
 *
 * @example
 * program.addCommand(importCommand());
 * // jaga import posts feed.jsonl --as analyst@ngo.example > imported.jsonl
 */
export function importCommand(io: ImportIo = {}): Command {
  const command = new Command('import').description(
    'import records into the hub: posts and ads from platform exports',
  );
  command
    .command('posts')
    .description(
      'screen and store posts from JSON Lines or CSV (one post per line/row); JSON Lines of the stored posts out',
    )
    .argument(
      '[file]',
      'JSON Lines (the fields of POST /api/v1/posts) or CSV with a text column; - or none for stdin',
    )
    .requiredOption(
      '--as <email>',
      'the account the posts are stored as (an analyst or investigator; its organisation owns them)',
    )
    .addOption(
      new Option('-i, --input <format>', 'input format (auto: by file extension, then by content)')
        .choices(['auto', 'jsonl', 'csv'])
        .default('auto'),
    )
    .option('--source <source>', 'source of posts that do not name theirs (e.g. facebook)')
    .option('--tlp <level>', 'TLP of posts that do not give theirs (default AMBER)')
    .option(
      '--batch <n>',
      `posts stored per transaction (1–${MAX_INGEST_BATCH})`,
      batchSize,
      MAX_INGEST_BATCH,
    )
    .option(
      '-d, --data <dir>',
      'data folder of the embedded database (env JAGA_DATA, default ./.jaga/data); DATABASE_URL for PostgreSQL',
    )
    .action(async (file: string | undefined, flags: ImportFlags) => {
      const stdout = io.stdout ?? process.stdout;
      const stderr = io.stderr ?? process.stderr;
      const name = file === undefined || file === '-' ? 'stdin' : file;
      const opened = openInput(file, io.stdin ?? process.stdin);
      const target = await openIngestDatabase(flags.data, flags.as, 'jaga import posts');
      try {
        const { first, whole } = await peek(opened);
        const format = flags.input === 'auto' ? importFormat(file, first) : flags.input;
        const records = format === 'jsonl' ? readJsonLines(whole) : readCsv(whole, name);
        const total =
          name !== 'stdin' && stderr.isTTY
            ? Math.max(0, (await countLines(name)) - (format === 'csv' ? 1 : 0))
            : 0;
        const progress = createProgress({
          total,
          label: 'lines',
          stream: stderr as NodeJS.WriteStream,
          minTotal: 1,
        });
        const counts = { created: 0, existing: 0, failed: 0 };
        const fail = (line: number, error: string) => {
          counts.failed++;
          stderr.write(`${JSON.stringify({ line, error })}\n`);
        };
        // Unreadable records wait in the batch too, so errors and results come out in line order.
        let batch: ImportRecord[] = [];
        let lastLine = 0;
        const flush = async () => {
          if (batch.length === 0) return;
          const posts = batch.filter((b) => 'post' in b);
          const results: IngestResult[] =
            posts.length > 0
              ? await ingestPosts(
                  target.db,
                  target.actor,
                  posts.map((b) => b.post),
                )
              : [];
          let out = '';
          let next = 0;
          for (const record of batch) {
            if ('error' in record) {
              fail(record.line, record.error);
              continue;
            }
            const result = results[next++];
            if (!result) continue;
            if ('error' in result) {
              fail(record.line, result.error.message.replace(/^posts\[\d+\]: /, ''));
              continue;
            }
            if (result.created) counts.created++;
            else counts.existing++;
            out += `${JSON.stringify({
              line: record.line,
              id: result.id,
              created: result.created,
              risk: result.screening.risk,
              decision: result.screening.decision,
            })}\n`;
          }
          stdout.write(out);
          batch = [];
          progress.update(lastLine);
        };
        for await (const record of records) {
          lastLine = record.line;
          if ('error' in record) {
            batch.push(record);
            continue;
          }
          const post = { ...record.post };
          if (post.source === undefined && flags.source !== undefined) post.source = flags.source;
          if (post.tlp === undefined && flags.tlp !== undefined) post.tlp = flags.tlp;
          batch.push({ line: record.line, post });
          if (batch.length >= flags.batch) await flush();
        }
        await flush();
        progress.stop();
        const imported = counts.created + counts.existing;
        stderr.write(
          `jaga: ${imported} post${imported === 1 ? '' : 's'} from ${name} stored (${counts.created} new, ${counts.existing} already stored) in ${target.kind === 'pglite' ? `the embedded database in ${target.location}` : `PostgreSQL at ${target.location}`}\n`,
        );
        if (counts.failed > 0) {
          throw new CliError(
            `${counts.failed} of ${imported + counts.failed} record${imported + counts.failed === 1 ? '' : 's'} could not be imported (see the {"line","error"} lines above); the others are stored`,
            2,
          );
        }
      } finally {
        await target.close();
      }
    });
  return command;
}

function batchSize(value: string): number {
  const n = Number(value);
  if (!/^[1-9]\d*$/.test(value) || n > MAX_INGEST_BATCH) {
    throw new InvalidArgumentError(
      `--batch must be a whole number from 1 to ${MAX_INGEST_BATCH}, got '${value}'`,
    );
  }
  return n;
}
