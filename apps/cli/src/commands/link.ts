import fs from 'node:fs';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import {
  type BitBlockingOptions,
  type ClkSet,
  captureHistories,
  captureHistoriesCsv,
  clkSetFromJson,
  clkToBase64,
  createClkEncoder,
  findCandidates,
  greedyMatch,
  LinkageError,
  type LinkageSchema,
  linkLists,
  parseLinkageSchema,
} from '@jaga/estimation';
import { Command, InvalidArgumentError, Option } from 'commander';
import { parse as parseCsv } from 'csv-parse/sync';
import { CliError } from '../lib/errors.js';
import { readInputText } from '../lib/input.js';
import { createProgress } from '../lib/progress.js';

/**
 * Dice threshold documented for the Jaga victim-list schema (see docs/estimation.md, "Linkage
 * benchmark"): precision ≥ 0.99 and recall ≥ 0.95 on synthetic lists with realistic errors.
 */
export const DEFAULT_LINK_THRESHOLD = 0.86;

/** Streams the command reads and writes; tests pass their own. */
export interface LinkIo {
  stdin?: Readable;
  stdout?: Writable;
  stderr?: NodeJS.WriteStream;
}

interface BlockingFlags {
  blocking?: boolean;
  blockingProjections: number;
  blockingBits: number;
  seed: number;
}

/**
 * `jaga link`: privacy-preserving record linkage. Each agency encodes its own list into CLKs with
 * the shared schema and secret (`encode`); whoever links sees only the CLKs (`match`,
 * `histories`) and produces the capture-history counts `jaga estimate` reads.
 *
 * @example
 * program.addCommand(linkCommand());
 * // jaga link encode --schema schema.json --secret-file secret.txt victims.csv > police.json
 * // jaga link histories police.json ngo.json consulate.json > counts.csv
 */
export function linkCommand(io: LinkIo = {}): Command {
  const link = new Command('link').description(
    'privacy-preserving record linkage of agency lists with Bloom-filter encodings (CLKs, compatible with clkhash/anonlink)',
  );
  link.addCommand(encodeCommand(io));
  link.addCommand(matchCommand(io));
  link.addCommand(historiesCommand(io));
  return link;
}

function encodeCommand(io: LinkIo): Command {
  return new Command('encode')
    .description(
      'encode a CSV of personal records into CLKs ({"clks": [...]} JSON, as clkhash writes); names never leave the agency',
    )
    .argument(
      '[records]',
      'CSV with one column per schema feature, in schema order (- or none for stdin)',
    )
    .requiredOption(
      '--schema <file>',
      'linkage schema (clkhash version 3 JSON) shared by all agencies',
    )
    .requiredOption(
      '--secret-file <file>',
      'file holding the secret shared by all agencies (one trailing newline is ignored); never printed',
    )
    .option('--no-header', 'the CSV has no header row (otherwise the header must match the schema)')
    .option(
      '--normalise',
      'tidy values first: Unicode NFC, trimmed, single spaces, the schema case, enum spelling (every agency must do the same)',
    )
    .option('-o, --output <file>', 'write the CLKs to this file instead of standard output')
    .action(
      async (
        file: string | undefined,
        flags: {
          schema: string;
          secretFile: string;
          header: boolean;
          normalise?: boolean;
          output?: string;
        },
      ) => {
        const stderr = io.stderr ?? process.stderr;
        const schema = readSchema(flags.schema);
        const secret = readSecret(flags.secretFile, stderr);
        const source = file === undefined || file === '-' ? 'stdin' : file;
        const rows = readRecords(
          await readInputText(file, io.stdin ?? process.stdin),
          source,
          schema,
          flags.header,
        );
        const encoder = wrap(
          () => createClkEncoder(schema, secret, { normalise: flags.normalise === true }),
          flags.schema,
        );
        secret.fill(0);
        const progress = createProgress({
          total: rows.length,
          label: 'records',
          stream: stderr,
          minTotal: 2000,
        });
        const clks: string[] = [];
        try {
          for (const row of rows) {
            try {
              clks.push(clkToBase64(encoder.encode(row.values)));
            } catch (error) {
              if (error instanceof LinkageError) {
                throw new CliError(`${source} line ${row.line}: ${error.message}`, 2);
              }
              throw error;
            }
            progress.increment();
          }
        } finally {
          progress.stop();
        }
        const json = `${JSON.stringify({ clks })}\n`;
        if (flags.output === undefined) (io.stdout ?? process.stdout).write(json);
        else writeFile(flags.output, json);
      },
    );
}

function matchCommand(io: LinkIo): Command {
  const command = new Command('match')
    .description(
      'link two encoded lists one-to-one (greedy, most similar first) and print the pairs: a,b,similarity with 0-based record numbers',
    )
    .argument('<a>', 'CLK JSON of the first list')
    .argument('<b>', 'CLK JSON of the second list')
    .option(
      '-t, --threshold <t>',
      `minimum Dice similarity of a link (documented for the Jaga victim-list schema: ${DEFAULT_LINK_THRESHOLD})`,
      threshold,
      DEFAULT_LINK_THRESHOLD,
    )
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['csv', 'json']).default('csv'),
    );
  return addBlockingOptions(command).action(
    (
      a: string,
      b: string,
      flags: BlockingFlags & { threshold: number; format: 'csv' | 'json' },
    ) => {
      const stderr = io.stderr ?? process.stderr;
      const listA = readClks(a);
      const listB = readClks(b);
      const progress = createProgress({
        total: listA.size,
        label: `records of ${path.basename(a)}`,
        stream: stderr,
        minTotal: 500,
      });
      let matches: ReturnType<typeof greedyMatch>;
      let comparisons: number;
      try {
        const pairs = wrap(
          () =>
            findCandidates(listA, listB, {
              threshold: flags.threshold,
              blocking: blockingOf(flags),
              onProgress: (done) => progress.update(done),
            }),
          `${a} and ${b}`,
        );
        comparisons = pairs.comparisons;
        matches = greedyMatch(pairs).sort((x, y) => x.left - y.left);
      } finally {
        progress.stop();
      }
      const stdout = io.stdout ?? process.stdout;
      if (flags.format === 'json') {
        stdout.write(
          `${JSON.stringify({ threshold: flags.threshold, sizes: [listA.size, listB.size], comparisons, matches: matches.map((m) => ({ a: m.left, b: m.right, similarity: m.similarity })) })}\n`,
        );
      } else {
        const lines = [
          'a,b,similarity',
          ...matches.map((m) => `${m.left},${m.right},${m.similarity.toFixed(6)}`),
        ];
        stdout.write(`${lines.join('\n')}\n`);
      }
      stderr.write(
        `jaga: ${matches.length} links between ${listA.size} and ${listB.size} records at threshold ${flags.threshold}\n`,
      );
    },
  );
}

function historiesCommand(io: LinkIo): Command {
  const command = new Command('histories')
    .description(
      'link k encoded lists and print the capture-history counts (header: list names then count) that `jaga estimate` reads',
    )
    .argument('<lists...>', 'CLK JSON files, one per agency list (at least 2)')
    .option(
      '-t, --threshold <t>',
      `minimum Dice similarity of a link (documented for the Jaga victim-list schema: ${DEFAULT_LINK_THRESHOLD})`,
      threshold,
      DEFAULT_LINK_THRESHOLD,
    )
    .option(
      '--names <names>',
      'comma-separated list names for the header (default: file names without extension)',
    )
    .option(
      '--merge-threshold <share>',
      'with 3+ lists, share of cross pairs that must be similar before two linked groups merge',
      share,
      0.5,
    );
  return addBlockingOptions(command).action(
    (
      files: string[],
      flags: BlockingFlags & { threshold: number; names?: string; mergeThreshold: number },
    ) => {
      if (files.length < 2) throw new CliError('give at least 2 CLK files to link', 2);
      const names =
        flags.names === undefined
          ? files.map((f) => path.basename(f).replace(/\.[^.]*$/, ''))
          : flags.names.split(',').map((n) => n.trim());
      if (names.length !== files.length) {
        throw new CliError(`--names has ${names.length} names for ${files.length} files`, 2);
      }
      const lists = files.map(readClks);
      const stderr = io.stderr ?? process.stderr;
      const total = lists.reduce((sum, list, x) => sum + list.size * (lists.length - 1 - x), 0);
      const progress = createProgress({
        total,
        label: 'records compared',
        stream: stderr,
        minTotal: 500,
      });
      try {
        const linked = wrap(
          () =>
            linkLists(lists, {
              threshold: flags.threshold,
              mergeThreshold: flags.mergeThreshold,
              blocking: blockingOf(flags),
              onProgress: (done) => progress.update(done),
            }),
          files.join(', '),
        );
        progress.stop();
        const table = wrap(() => captureHistories(linked, names), '--names');
        (io.stdout ?? process.stdout).write(captureHistoriesCsv(table));
        stderr.write(
          `jaga: ${linked.entities} people across ${lists.length} lists at threshold ${flags.threshold}\n`,
        );
      } finally {
        progress.stop();
      }
    },
  );
}

function addBlockingOptions(command: Command): Command {
  return command
    .option('--blocking', 'compare only records sharing a bit block (faster, may miss a few links)')
    .option('--blocking-projections <g>', 'number of random bit projections', positiveInteger, 20)
    .option('--blocking-bits <r>', 'bits per projection (1-24)', positiveInteger, 8)
    .option('--seed <s>', 'seed of the blocking projections', nonNegativeInteger, 1);
}

function blockingOf(flags: BlockingFlags): BitBlockingOptions | undefined {
  if (flags.blocking !== true) return undefined;
  return {
    projections: flags.blockingProjections,
    bitsPerProjection: flags.blockingBits,
    seed: flags.seed,
  };
}

/** Runs a library call and turns a {@link LinkageError} into a one-line CLI error naming `where`. */
function wrap<T>(run: () => T, where: string): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof LinkageError) {
      const invalidInput = error.code !== 'too-many-lists';
      throw new CliError(`${where}: ${error.message}`, invalidInput ? 2 : 1);
    }
    throw error;
  }
}

function readFile(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : (error as Error).message;
    throw new CliError(`cannot read the ${what} ${file}: ${reason}`, 2);
  }
}

function writeFile(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (error) {
    throw new CliError(`cannot write ${file}: ${(error as Error).message}`, 1);
  }
}

function parseJson(text: string, file: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(
      `${file} is not valid JSON (${(error as Error).message}); expected the ${what}`,
      2,
    );
  }
}

function readSchema(file: string): LinkageSchema {
  const raw = parseJson(readFile(file, 'linkage schema').toString('utf8'), file, 'linkage schema');
  return wrap(() => parseLinkageSchema(raw), file);
}

/**
 * The secret's bytes. Only its length is ever reported; the caller zeroes the buffer once the keys
 * are derived.
 */
function readSecret(file: string, stderr: NodeJS.WriteStream): Uint8Array {
  let bytes = new Uint8Array(readFile(file, 'secret file'));
  if (bytes.at(-1) === 0x0a) bytes = bytes.subarray(0, bytes.at(-2) === 0x0d ? -2 : -1);
  if (bytes.length === 0) {
    throw new CliError(
      `the secret file ${file} is empty: agree one long random secret with the other agencies`,
      2,
    );
  }
  if (bytes.length < 16) {
    stderr.write(
      `jaga: warning: the secret is only ${bytes.length} bytes; a short secret lets anyone holding the CLKs guess names by trial encoding (use 16+ random bytes)\n`,
    );
  }
  return bytes;
}

function readClks(file: string): ClkSet {
  const raw = parseJson(
    readFile(file, 'CLK list').toString('utf8'),
    file,
    '{"clks": [...]} written by jaga link encode',
  );
  return wrap(() => clkSetFromJson(raw, file), file);
}

interface RecordRow {
  readonly line: number;
  readonly values: string[];
}

function readRecords(
  text: string,
  source: string,
  schema: LinkageSchema,
  header: boolean,
): RecordRow[] {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, csv-parse returns each record with its source line numbers.
    parsed = parseCsv(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof parsed;
  } catch (error) {
    throw new CliError(`${source}: not a readable CSV file (${(error as Error).message})`, 2);
  }
  const identifiers = schema.features.map((f) => f.identifier);
  let rows = parsed;
  if (header) {
    const first = parsed[0]?.record.map((h) => h.trim());
    if (first === undefined)
      throw new CliError(`${source} is empty: expected a header and records`, 2);
    if (first.join(',') !== identifiers.join(',')) {
      throw new CliError(
        `${source}: the header (${first.join(', ')}) does not match the schema features (${identifiers.join(', ')}); reorder the columns or pass --no-header`,
        2,
      );
    }
    rows = parsed.slice(1);
  }
  return rows.map(({ record, info }) => {
    if (record.length !== identifiers.length) {
      throw new CliError(
        `${source} line ${info.lines}: ${record.length} columns, but the schema has ${identifiers.length} features (${identifiers.join(', ')})`,
        2,
      );
    }
    return { line: info.lines, values: record };
  });
}

function threshold(value: string): number {
  const x = Number(value);
  if (!(x > 0 && x <= 1))
    throw new InvalidArgumentError(`must be a Dice similarity in (0, 1], got '${value}'`);
  return x;
}

function share(value: string): number {
  const x = Number(value);
  if (!(x >= 0 && x <= 1))
    throw new InvalidArgumentError(`must be between 0 and 1, got '${value}'`);
  return x;
}

function positiveInteger(value: string): number {
  const x = Number(value);
  if (!Number.isInteger(x) || x < 1)
    throw new InvalidArgumentError(`must be a positive integer, got '${value}'`);
  return x;
}

function nonNegativeInteger(value: string): number {
  const x = Number(value);
  if (!Number.isInteger(x) || x < 0)
    throw new InvalidArgumentError(`must be a non-negative integer, got '${value}'`);
  return x;
}
