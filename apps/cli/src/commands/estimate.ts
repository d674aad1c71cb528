import type { Readable, Writable } from 'node:stream';
import {
  type EstimateOptions,
  estimatePopulation,
  type IntervalKind,
  isRSeed,
  MseError,
  type MseEstimate,
  type MseMethod,
  parseCaptureCsv,
} from '@jaga/estimation';
import { Command, InvalidArgumentError, Option } from 'commander';
import { CliError } from '../lib/errors.js';
import { readInputText } from '../lib/input.js';
import { createProgress, type Progress } from '../lib/progress.js';

/** Streams the command reads and writes; tests pass their own. */
export interface EstimateIo {
  stdin?: Readable;
  stdout?: Writable;
  stderr?: NodeJS.WriteStream;
}

interface EstimateFlags {
  method: MseMethod;
  pthresh?: number;
  maxOrder?: number;
  terms?: string;
  bootstrap: number;
  seed: number;
  topModels?: number;
  level: number;
  interval?: IntervalKind;
  format: 'json' | 'table';
}

/**
 * `jaga estimate FILE.csv`: multiple systems estimation of the total number of victims, observed
 * and unobserved, from a capture-history count table.
 *
 * @example
 * program.addCommand(estimateCommand());
 * // jaga estimate counts.csv --method stepwise --bootstrap 1000 --seed 1234
 */
export function estimateCommand(io: EstimateIo = {}): Command {
  return new Command('estimate')
    .description(
      'estimate the total population (observed + unobserved) from overlapping lists by log-linear multiple systems estimation',
    )
    .argument(
      '[file]',
      'CSV whose header names the lists then `count`; each row a 0/1 history and its count (- or none for stdin)',
    )
    .addOption(
      new Option('-m, --method <method>', 'model selection')
        .choices(['stepwise', 'bic', 'aic-stepwise', 'main', 'fixed'])
        .default('stepwise'),
    )
    .option(
      '--pthresh <p>',
      'p-value threshold (stepwise default 0.02, aic-stepwise default 0.05)',
      probability('--pthresh'),
    )
    .option(
      '--max-order <k>',
      'highest interaction order for --method bic (default by number of lists)',
      positiveInteger('--max-order'),
    )
    .option('--terms <list>', 'interactions of --method fixed, e.g. "LA:NG,PF:NCA"')
    .option(
      '--bootstrap <n>',
      'bootstrap replicates for a BCa interval (0 = none; 1000 recommended)',
      nonNegativeInteger('--bootstrap'),
      0,
    )
    .option(
      '--seed <s>',
      "seed of the bootstrap random stream (R's set.seed: the same seed gives R's resamples)",
      seed,
      1234,
    )
    .option(
      '--top-models <k>',
      'for --method bic with --bootstrap: best models re-ranked in each sample (default 20 for 4 lists, 100 for 5-6)',
      positiveInteger('--top-models'),
    )
    .option('--level <l>', 'interval coverage', probability('--level'), 0.95)
    .addOption(
      new Option(
        '--interval <kind>',
        'interval without bootstrap: profile likelihood or Wald (default profile)',
      ).choices(['profile', 'wald']),
    )
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['json', 'table'])
        .default('json'),
    )
    .action(async (file: string | undefined, flags: EstimateFlags) => {
      const stdout = io.stdout ?? process.stdout;
      const stdin = io.stdin ?? process.stdin;
      if (file === undefined && (stdin as { isTTY?: boolean }).isTTY) {
        throw new CliError('give a capture-history CSV file, or pipe one to standard input', 2);
      }
      const text = await readInputText(file, stdin);
      const result = runEstimate(
        text,
        flags,
        io.stderr ?? process.stderr,
        file === undefined || file === '-' ? 'stdin' : file,
      );
      stdout.write(flags.format === 'table' ? formatTable(result) : `${JSON.stringify(result)}\n`);
    });
}

function runEstimate(
  text: string,
  flags: EstimateFlags,
  stderr: NodeJS.WriteStream,
  source: string,
): MseEstimate {
  if (flags.method === 'fixed' && flags.terms === undefined) {
    throw new CliError('--method fixed needs --terms, e.g. --terms "LA:NG,PF:NCA"', 2);
  }
  if (flags.terms !== undefined && flags.method !== 'fixed') {
    throw new CliError('--terms applies to --method fixed only', 2);
  }
  if (flags.maxOrder !== undefined && flags.method !== 'bic') {
    throw new CliError('--max-order applies to --method bic only', 2);
  }
  if (flags.topModels !== undefined && (flags.method !== 'bic' || flags.bootstrap === 0)) {
    throw new CliError('--top-models applies to --method bic with --bootstrap only', 2);
  }
  if (flags.interval !== undefined && flags.bootstrap > 0) {
    throw new CliError(
      '--interval chooses the interval without bootstrap; with --bootstrap the interval is BCa',
      2,
    );
  }
  let progress: Progress | undefined;
  let phase: string | undefined;
  const options: EstimateOptions = {
    method: flags.method,
    level: flags.level,
    ...(flags.pthresh === undefined ? {} : { pThreshold: flags.pthresh }),
    ...(flags.maxOrder === undefined ? {} : { maxOrder: flags.maxOrder }),
    ...(flags.terms === undefined
      ? {}
      : {
          terms: flags.terms
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== ''),
        }),
    ...(flags.interval === undefined ? {} : { interval: flags.interval }),
    ...(flags.bootstrap > 0
      ? {
          bootstrap: {
            replicates: flags.bootstrap,
            seed: flags.seed,
            ...(flags.topModels === undefined ? {} : { topModels: flags.topModels }),
          },
        }
      : {}),
    onProgress: (name, done, total) => {
      if (name !== phase) {
        progress?.stop();
        phase = name;
        progress = createProgress({
          total,
          label: name === 'bootstrap' ? 'bootstrap and jackknife fits' : 'models',
          stream: stderr,
          minTotal: 50,
        });
      }
      progress?.update(done);
    },
  };
  try {
    return estimatePopulation(parseCaptureCsv(text), options);
  } catch (error) {
    if (error instanceof MseError) {
      throw new CliError(`${source}: ${error.message}`, error.code === 'invalid-input' ? 2 : 1);
    }
    throw error;
  } finally {
    progress?.stop();
  }
}

/** A short human-readable report of an estimate. */
export function formatTable(result: MseEstimate): string {
  const round = (x: number) => Math.round(x).toLocaleString('en-US');
  const { interval } = result;
  const kindName = { bca: 'bootstrap BCa', profile: 'profile likelihood', wald: 'Wald' }[
    interval.kind
  ];
  const rows: [string, string][] = [
    ['Lists', result.lists.join(', ')],
    ['Observed', round(result.observed)],
    ['Method', result.method],
    ['Model', result.details.model],
    ['Estimate', round(result.estimate)],
    [
      `${Number((interval.level * 100).toFixed(2))}% interval`,
      `${round(interval.low)} to ${interval.high === null ? 'no finite limit' : round(interval.high)} (${kindName})`,
    ],
    ['Unobserved', round(result.details.darkFigure)],
    ['AIC / BIC', `${result.details.aic.toFixed(2)} / ${result.details.bic.toFixed(2)}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  let out = rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
  if (result.warnings.length > 0) {
    out += `\nWarnings:\n${result.warnings.map((w) => `  - ${w}`).join('\n')}`;
  }
  return `${out}\n`;
}

function probability(flag: string) {
  return (value: string): number => {
    const x = Number(value);
    if (!(x > 0 && x < 1))
      throw new InvalidArgumentError(`${flag} must be between 0 and 1, got '${value}'`);
    return x;
  };
}

function nonNegativeInteger(flag: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) {
      throw new InvalidArgumentError(`${flag} must be a whole number ≥ 0, got '${value}'`);
    }
    return Number(value);
  };
}

/** A seed R's `set.seed` takes (0 … 2^32 − 1 here), refused before any model is fitted. */
function seed(value: string): number {
  const x = Number(value);
  if (!/^\d+$/.test(value) || !isRSeed(x)) {
    throw new InvalidArgumentError(
      `--seed must be a whole number from 0 to ${2 ** 32 - 1}, got '${value}'`,
    );
  }
  return x;
}

function positiveInteger(flag: string) {
  return (value: string): number => {
    if (!/^[1-9]\d*$/.test(value)) {
      throw new InvalidArgumentError(`${flag} must be a whole number ≥ 1, got '${value}'`);
    }
    return Number(value);
  };
}
