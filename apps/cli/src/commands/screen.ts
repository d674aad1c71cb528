import type { Readable, Writable } from 'node:stream';
import {
  createScreener,
  defaultThresholds,
  type Post,
  ScreeningInputError,
  type ScreeningResult,
  type Thresholds,
} from '@jaga/screening';
import { Command, InvalidArgumentError, Option } from 'commander';
import { parse as parseCsv } from 'csv-parse/sync';
import { CliError } from '../lib/errors.js';
import { readInputText } from '../lib/input.js';
import { createProgress } from '../lib/progress.js';

/** Streams the command reads and writes; tests pass their own. */
export interface ScreenIo {
  stdin?: Readable;
  stdout?: Writable;
  stderr?: NodeJS.WriteStream;
}

/** Input formats `jaga screen` reads. */
export type ScreenInputFormat = 'auto' | 'jsonl' | 'csv' | 'text';

interface ScreenFlags {
  input: ScreenInputFormat;
  table?: boolean;
  label?: number;
  review?: number;
  remove?: number;
  helpLine?: string;
  lang?: string;
  maxLength: number;
}

/** One input record: a post to screen, or the reason it could not be read. */
export type ScreenRecord =
  | { readonly kind: 'post'; readonly post: Post }
  | { readonly kind: 'error'; readonly id: string | number | null; readonly error: string };

/** One output line: a screening result or a per-record error. */
export type ScreenLine =
  ScreeningResult | { readonly id: string | number | null; readonly error: string };

const PROGRESS_FROM = 2_000;

/**
 * `jaga screen [FILE|-]`: screens job ads and recruitment posts for signs of recruitment into scam
 * centres. Reads JSON Lines (`{"id","text", optional "title","location","url","lang"}`), CSV with a
 * `text` column, or plain text (one post per blank-line-separated block); writes one JSON line per
 * input record, in input order. A record that cannot be screened gets `{"id","error"}` and the
 * command exits with code 2 once everything else is done.
 *
 * @example
 * program.addCommand(screenCommand());
 * // jaga screen posts.jsonl > results.jsonl
 * // cat ad.txt | jaga screen --table
 */
export function screenCommand(io: ScreenIo = {}): Command {
  return new Command('screen')
    .description(
      'screen job ads and recruitment posts for signs of recruitment into scam centres (JSON Lines out)',
    )
    .argument('[file]', 'JSON Lines, CSV with a text column, or plain text (- or none for stdin)')
    .addOption(
      new Option('-i, --input <format>', 'input format (auto: by file extension, then by content)')
        .choices(['auto', 'jsonl', 'csv', 'text'])
        .default('auto'),
    )
    .option('--table', 'print a readable table instead of JSON Lines')
    .option(
      '--label <risk>',
      `risk from which a post gets a warning label (default ${defaultThresholds.label})`,
      probability('--label'),
    )
    .option(
      '--review <risk>',
      `risk from which a post goes to review (default ${defaultThresholds.review})`,
      probability('--review'),
    )
    .option(
      '--remove <risk>',
      `risk from which removal is recommended (default ${defaultThresholds.remove})`,
      probability('--remove'),
    )
    .option('--help-line <text>', 'help line ending every warning label (e.g. a hotline)')
    .option('--lang <tag>', 'language of posts that do not say theirs (default: detect per post)')
    .option(
      '--max-length <chars>',
      'longest post accepted, in characters',
      positiveInteger('--max-length'),
      200_000,
    )
    .action(async (file: string | undefined, flags: ScreenFlags) => {
      const stdout = io.stdout ?? process.stdout;
      const stderr = io.stderr ?? process.stderr;
      const text = await readInputText(file, io.stdin ?? process.stdin);
      const format = flags.input === 'auto' ? detectFormat(file, text) : flags.input;
      const records = parseRecords(text, format, file ?? 'stdin', flags.lang);
      const thresholds = resolveThresholds(flags);
      const screener = createScreener({
        thresholds,
        maxLength: flags.maxLength,
        ...(flags.helpLine === undefined ? {} : { helpLine: flags.helpLine }),
      });
      const progress = createProgress({
        total: records.length,
        label: 'posts',
        stream: stderr,
        minTotal: PROGRESS_FROM,
      });
      const lines: ScreenLine[] = [];
      let failed = 0;
      let buffer = '';
      for (const record of records) {
        const line = screenRecord(screener.screen, record);
        if ('error' in line) failed++;
        if (flags.table) lines.push(line);
        else {
          buffer += `${JSON.stringify(line)}\n`;
          if (buffer.length > 65_536) {
            stdout.write(buffer);
            buffer = '';
          }
        }
        progress.increment();
      }
      progress.stop();
      stdout.write(flags.table ? formatTable(lines) : buffer);
      if (failed > 0) {
        throw new CliError(
          `${failed} of ${records.length} record${records.length === 1 ? '' : 's'} could not be screened (see their "error" lines)`,
          2,
        );
      }
    });
}

function screenRecord(screen: (post: Post) => ScreeningResult, record: ScreenRecord): ScreenLine {
  if (record.kind === 'error') return { id: record.id, error: record.error };
  try {
    return screen(record.post);
  } catch (error) {
    if (error instanceof ScreeningInputError) {
      return { id: record.post.id ?? null, error: error.message };
    }
    throw error;
  }
}

function resolveThresholds(flags: ScreenFlags): Thresholds {
  const t = {
    label: flags.label ?? defaultThresholds.label,
    review: flags.review ?? defaultThresholds.review,
    remove: flags.remove ?? defaultThresholds.remove,
  };
  if (!(t.label <= t.review && t.review <= t.remove)) {
    throw new CliError(
      `thresholds must satisfy --label ≤ --review ≤ --remove, got ${t.label}, ${t.review}, ${t.remove}`,
      2,
    );
  }
  return t;
}

/**
 * The input format: by file extension (`.jsonl`, `.ndjson`, `.csv`, `.txt`), otherwise by content
 * (a first line that is a JSON object → JSON Lines; a first line with a `text` column → CSV; else text).
 *
 * @example
 * detectFormat('posts.csv', ''); // 'csv'
 */
export function detectFormat(
  file: string | undefined,
  text: string,
): Exclude<ScreenInputFormat, 'auto'> {
  const extension = file?.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (extension === 'jsonl' || extension === 'ndjson') return 'jsonl';
  if (extension === 'csv') return 'csv';
  if (extension === 'txt') return 'text';
  const first =
    text
      .replace(/^\uFEFF/, '')
      .trimStart()
      .split(/\r?\n/, 1)[0] ?? '';
  if (first.startsWith('{')) return 'jsonl';
  if (/(^|,)\s*"?text"?\s*(,|$)/i.test(first)) return 'csv';
  return 'text';
}

/**
 * Splits the input into records. Records without an id get their 1-based number (line for JSON
 * Lines, row for CSV, block for text) so every output line can be traced back.
 *
 * @example
 * parseRecords('{"id":"a","text":"Hiring"}\n', 'jsonl', 'stdin');
 */
export function parseRecords(
  text: string,
  format: Exclude<ScreenInputFormat, 'auto'>,
  source: string,
  lang?: string,
): ScreenRecord[] {
  const body = text.replace(/^\uFEFF/, '');
  const withLang = (post: Post): Post =>
    lang !== undefined && post.lang === undefined ? { ...post, lang } : post;
  if (format === 'jsonl') return parseJsonLines(body, withLang);
  if (format === 'csv') return parseCsvRecords(body, source, withLang);
  return body
    .split(/\r?\n[ \t]*\r?\n/)
    .map((block) => block.trim())
    .filter((block) => block !== '')
    .map((block, index) => ({ kind: 'post', post: withLang({ id: index + 1, text: block }) }));
}

const POST_FIELDS = ['title', 'location', 'url', 'lang'] as const;

function parseJsonLines(body: string, withLang: (post: Post) => Post): ScreenRecord[] {
  const records: ScreenRecord[] = [];
  body.split(/\r?\n/).forEach((raw, index) => {
    if (raw.trim() === '') return;
    const lineNo = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      records.push({
        kind: 'error',
        id: null,
        error: `line ${lineNo}: not valid JSON (${(error as Error).message}); each line must be one JSON object`,
      });
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      records.push({
        kind: 'error',
        id: null,
        error: `line ${lineNo}: expected a JSON object with a "text" field`,
      });
      return;
    }
    const object = value as Record<string, unknown>;
    const id = typeof object.id === 'string' || typeof object.id === 'number' ? object.id : lineNo;
    if (typeof object.text !== 'string') {
      records.push({
        kind: 'error',
        id,
        error: `line ${lineNo}: "text" must be a string${object.text === undefined ? ' (it is missing)' : ''}`,
      });
      return;
    }
    const post: Record<string, unknown> = { id, text: object.text };
    for (const field of POST_FIELDS) {
      const v = object[field];
      if (v === undefined || v === null) continue;
      if (typeof v !== 'string') {
        records.push({ kind: 'error', id, error: `line ${lineNo}: "${field}" must be a string` });
        return;
      }
      post[field] = v;
    }
    records.push({ kind: 'post', post: withLang(post as unknown as Post) });
  });
  return records;
}

function parseCsvRecords(
  body: string,
  source: string,
  withLang: (post: Post) => Post,
): ScreenRecord[] {
  const records: ScreenRecord[] = [];
  let header: string[] | undefined;
  let textColumn = -1;
  const column = (name: string) => header?.findIndex((h) => h.trim().toLowerCase() === name) ?? -1;
  try {
    parseCsv(body, {
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        records.push({
          kind: 'error',
          id: null,
          error: `${source} line ${error?.lines ?? '?'}: unreadable CSV record (${error?.message ?? 'unknown error'})`,
        });
        return undefined;
      },
      on_record: (record: string[], context) => {
        if (header === undefined) {
          header = record;
          textColumn = column('text');
          if (textColumn < 0) {
            throw new CliError(
              `${source}: the CSV has no "text" column (columns: ${record.join(', ')}); name the post text column "text"`,
              2,
            );
          }
          return null;
        }
        const rowNo = records.length + 1;
        const get = (name: string) => {
          const i = column(name);
          const v = i < 0 ? undefined : record[i];
          return v === undefined || v === '' ? undefined : v;
        };
        const text = record[textColumn];
        if (text === undefined) {
          records.push({
            kind: 'error',
            id: get('id') ?? rowNo,
            error: `${source} line ${context.lines}: the record has no value in the "text" column`,
          });
          return null;
        }
        const post: Record<string, unknown> = { id: get('id') ?? rowNo, text };
        for (const field of POST_FIELDS) {
          const v = get(field);
          if (v !== undefined) post[field] = v;
        }
        records.push({ kind: 'post', post: withLang(post as unknown as Post) });
        return null;
      },
    });
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${source}: not a readable CSV file (${(error as Error).message})`, 2);
  }
  if (header === undefined)
    throw new CliError(`${source} is empty: expected a header with a "text" column`, 2);
  return records;
}

/**
 * A readable table of results: id, decision, risk, language and the strongest indicators.
 *
 * @example
 * process.stdout.write(formatTable(lines));
 */
export function formatTable(lines: readonly ScreenLine[]): string {
  const rows: string[][] = [['ID', 'DECISION', 'RISK', 'LANG', 'WHY (strongest indicators)']];
  for (const line of lines) {
    if ('error' in line) {
      rows.push([String(line.id ?? '-'), 'ERROR', '', '', line.error]);
      continue;
    }
    const why = line.indicators
      .filter((i) => i.weight > 0)
      .slice(0, 3)
      .map((i) => i.label)
      .join('; ');
    rows.push([
      String(line.id ?? '-'),
      line.decision,
      line.risk.toFixed(2),
      line.language,
      why || '-',
    ]);
  }
  const widths = [0, 1, 2, 3].map((c) =>
    Math.min(24, Math.max(...rows.map((r) => (r[c] ?? '').length))),
  );
  return `${rows
    .map((r) =>
      r
        .map((cell, c) => (c < 4 ? cell.slice(0, widths[c]).padEnd(widths[c] ?? 0) : cell))
        .join('  '),
    )
    .join('\n')}\n`;
}

function probability(flag: string) {
  return (value: string): number => {
    const x = Number(value);
    if (!(x >= 0 && x <= 1)) {
      throw new InvalidArgumentError(`${flag} must be a risk between 0 and 1, got '${value}'`);
    }
    return x;
  };
}

function positiveInteger(flag: string) {
  return (value: string): number => {
    if (!/^[1-9]\d*$/.test(value)) {
      throw new InvalidArgumentError(`${flag} must be a whole number ≥ 1, got '${value}'`);
    }
    return Number(value);
  };
}
