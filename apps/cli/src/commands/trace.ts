import type { Writable } from 'node:stream';
import {
  type ChainId,
  type DepositAddress,
  estimateRevenue,
  getTaintModel,
  inferDepositAddresses,
  parseChain,
  parseTimestamp,
  type RevenuePeriod,
  selectAsset,
  type TraceReport,
  traceHopsCsv,
  traceTaint,
} from '@jaga/tracing';
import { Command, InvalidArgumentError, Option } from 'commander';
import { CliError } from '../lib/errors.js';
import { formatDepositsTable, formatRevenueTable, formatTraceTable } from './trace-format.js';
import {
  checkSeeds,
  loadLabels,
  loadTransfers,
  parseAssetDecimals,
  readSeeds,
  reportImport,
  writeRejects,
} from './trace-load.js';

/** Streams the command writes to; tests pass their own. */
export interface TraceIo {
  stdout?: Writable;
  stderr?: NodeJS.WriteStream;
}

interface CommonFlags {
  transfers?: string[];
  labels?: string[];
  asset?: string;
  assetDecimals: string[];
  etherscanChain: string;
  rejects?: string;
  format: 'json' | 'table' | 'csv';
}

interface TraceFlags extends CommonFlags {
  from?: string;
  fromFile?: string;
  taintInflows?: boolean;
  model: string;
  maxHops: number;
  since?: string;
  stopAt?: string;
  hubDegree: number;
  inferDeposits: boolean;
  depositWindow: number;
  depositShare: number;
  paths: number;
}

function positiveInteger(flag: string) {
  return (value: string): number => {
    if (!/^[1-9]\d*$/.test(value))
      throw new InvalidArgumentError(`${flag} must be a whole number ≥ 1, got '${value}'`);
    return Number(value);
  };
}

function share(value: string): number {
  const x = Number(value);
  if (!(x > 0 && x <= 1))
    throw new InvalidArgumentError(`--deposit-share must be in (0, 1], got '${value}'`);
  return x;
}

function hours(value: string): number {
  const x = Number(value);
  if (!(x > 0))
    throw new InvalidArgumentError(
      `--deposit-window must be a positive number of hours, got '${value}'`,
    );
  return x;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function withCommonOptions(cmd: Command): Command {
  return cmd
    .option(
      '--transfers <files...>',
      'transfer CSVs or folders of them (canonical, Etherscan export, TRON TRC-20 export)',
    )
    .option(
      '--labels <files...>',
      'label files or folders: GraphSense TagPacks/ActorPacks (YAML), Etherscan label JSON, label CSV',
    )
    .option('--asset <asset>', 'asset to follow when the data holds several, e.g. tron:USDT or ETH')
    .option(
      '--asset-decimals <chain:SYMBOL=N>',
      'decimals of a token not known to Jaga (repeatable)',
      collect,
      [],
    )
    .option(
      '--etherscan-chain <chain>',
      'chain of Etherscan-style exports (eth, or bsc for BscScan)',
      'eth',
    )
    .option('--rejects <file>', 'write every rejected input row (file, line, reason) to this CSV');
}

function assetChoice(flag: string | undefined): { chain?: ChainId; asset?: string } {
  if (flag === undefined) return {};
  const [a, b] = flag.includes(':') ? flag.split(':') : [undefined, flag];
  if (a === undefined) return { asset: b as string };
  const chain = parseChain(a);
  if (!chain)
    throw new CliError(`--asset ${flag}: unknown chain "${a}" (known: eth, bsc, tron)`, 2);
  return { chain, asset: b as string };
}

async function loadAll(flags: CommonFlags, stderr: NodeJS.WriteStream) {
  if (!flags.transfers || flags.transfers.length === 0) {
    throw new CliError(
      'give the transfer exports with --transfers FILE… (CSV files or folders)',
      2,
    );
  }
  const etherscanChain = parseChain(flags.etherscanChain);
  if (!etherscanChain)
    throw new CliError(`--etherscan-chain ${flags.etherscanChain}: unknown chain (eth or bsc)`, 2);
  const loaded = await loadTransfers(
    flags.transfers,
    { assetDecimals: parseAssetDecimals(flags.assetDecimals), etherscanChain },
    stderr,
  );
  const labels = flags.labels
    ? loadLabels(flags.labels)
    : { labels: undefined, files: [], rejected: [], skipped: [] };
  reportImport(stderr, loaded.report, labels.rejected, labels.skipped);
  const rejected = [...loaded.report.rejected, ...labels.rejected];
  if (flags.rejects) writeRejects(flags.rejects, rejected);
  const input = {
    transfers: loaded.files,
    labels: labels.files,
    transferCount: loaded.report.transfers,
    duplicatesMerged: loaded.report.duplicates,
    failedSkipped: loaded.report.files.reduce((a, f) => a + f.failedSkipped, 0),
    zeroValueSkipped: loaded.report.files.reduce((a, f) => a + f.zeroValueSkipped, 0),
    labelledAddresses: labels.labels?.size ?? 0,
    rejected,
    notes: [...loaded.report.notes, ...labels.skipped],
  };
  return { graph: loaded.graph, labels: labels.labels, input };
}

/**
 * Options of a `trace` subcommand. Commander lets the parent `trace` command claim options it
 * also defines (--from, --format…) wherever they appear, so take each value from whichever of
 * the two commands saw it on the command line, falling back to the subcommand's default.
 */
function subcommandFlags<T>(command: Command): T {
  const parent = command.parent;
  const own = command.opts();
  const merged: Record<string, unknown> = { ...own };
  if (parent) {
    const inherited = parent.opts();
    for (const key of Object.keys(inherited)) {
      if (command.getOptionValueSource(key) === 'cli') continue;
      if (parent.getOptionValueSource(key) === 'cli' && key in own) merged[key] = inherited[key];
      else if (
        parent.getOptionValueSource(key) === 'cli' &&
        !(key in own) &&
        command.options.some((o) => o.attributeName() === key)
      ) {
        merged[key] = inherited[key];
      }
    }
  }
  return merged as T;
}

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError((error as Error).message, 2);
  }
}

/**
 * `jaga trace`: follow tainted money from seed addresses or transactions to exchanges under a
 * named taint rule, with per-hop arithmetic; `jaga trace revenue` and `jaga trace deposits`.
 *
 * @example
 * program.addCommand(traceCommand());
 * // jaga trace --transfers txs/ --labels packs/ --from-file scam.txt --model fifo
 */
export function traceCommand(io: TraceIo = {}): Command {
  const out = () => io.stdout ?? process.stdout;
  const err = () => io.stderr ?? process.stderr;
  const trace = withCommonOptions(
    new Command('trace').description(
      'follow tainted money from seed addresses or transactions to labelled exchanges and services, showing each hop’s arithmetic',
    ),
  )
    .option('--from <seeds>', 'seed addresses or transaction hashes, comma-separated')
    .option('--from-file <file>', 'file of seed addresses or transaction hashes, one per line')
    .option(
      '--taint-inflows',
      'the seed addresses are scam wallets: taint the payments they receive from outside the set (victims) and trace the wallets under the rule, instead of tainting everything they send',
    )
    .option(
      '--model <models>',
      'taint rule: haircut, fifo, lifo, poison, clean-first (= libr), dirty-first; several comma-separated give one JSON line each',
      'haircut',
    )
    .option('--max-hops <n>', 'longest path followed from a seed', positiveInteger('--max-hops'), 5)
    .option(
      '--since <iso>',
      'ignore seed outflows before this time (ISO 8601 with zone, or unix seconds)',
    )
    .option(
      '--stop-at <categories>',
      'label categories where taint stops (default: exchange and every service category)',
    )
    .option(
      '--hub-degree <n>',
      'stop at unlabelled addresses with this many outgoing transfers',
      positiveInteger('--hub-degree'),
      1000,
    )
    .option('--no-infer-deposits', 'do not treat inferred exchange deposit addresses as endpoints')
    .option('--deposit-window <hours>', 'sweep window for deposit-address inference', hours, 72)
    .option(
      '--deposit-share <share>',
      'share of inflow a deposit address must sweep to one exchange',
      share,
      0.8,
    )
    .option('--paths <n>', 'paths listed per endpoint', positiveInteger('--paths'), 3)
    .addOption(
      new Option('-f, --format <format>', 'output: json, table, or csv (per-hop arithmetic)')
        .choices(['json', 'table', 'csv'])
        .default('json'),
    )
    .action(async (flags: TraceFlags) => {
      const seedInputs = readSeeds(flags.from, flags.fromFile);
      const models = flags.model.split(',').map((m) => guard(() => getTaintModel(m)));
      const since =
        flags.since === undefined ? undefined : guard(() => parseTimestamp(flags.since as string));
      const stopCategories = flags.stopAt
        ?.split(',')
        .map((s) => s.trim().toLowerCase())
        .filter((s) => s !== '');
      const { graph, labels, input } = await loadAll(flags, err());
      const choice = assetChoice(flags.asset);
      const asset = guard(() => selectAsset(graph, choice));
      const seeds = checkSeeds(seedInputs, asset.chain);
      for (const r of seeds.rejected) err().write(`  rejected ${r.file}:${r.line}: ${r.reason}\n`);
      let deposits: DepositAddress[] = [];
      if (flags.inferDeposits && labels) {
        deposits = guard(() =>
          inferDepositAddresses(graph, labels, {
            ...choice,
            windowSeconds: Math.round(flags.depositWindow * 3600),
            minShare: flags.depositShare,
          }),
        );
      }
      const seedSet = new Set(seeds.addresses.map((a) => a.toLowerCase()));
      const reports: TraceReport[] = models.map((model) =>
        guard(() =>
          traceTaint(graph, {
            ...choice,
            model,
            ...(flags.taintInflows
              ? { seedInflowsOf: seeds.addresses }
              : { seeds: seeds.addresses }),
            seedTransactions: seeds.transactions,
            ...(since === undefined ? {} : { since }),
            maxHops: flags.maxHops,
            ...(stopCategories ? { stopCategories } : {}),
            hubDegree: flags.hubDegree,
            ...(labels ? { labels } : {}),
            deposits: deposits.filter((d) => !seedSet.has(d.address.toLowerCase())),
            pathsPerEndpoint: flags.paths,
          }),
        ),
      );
      const missing = reports[0]?.seeds.filter((s) => !s.found).length ?? 0;
      if (missing > 0)
        err().write(`jaga: ${missing} seed addresses never appear in the transfers\n`);
      const stdout = out();
      for (const report of reports) {
        if (flags.format === 'csv') stdout.write(traceHopsCsv(report));
        else if (flags.format === 'table') stdout.write(formatTraceTable(report));
        else
          stdout.write(
            `${JSON.stringify({ ...report, input: { ...input, rejectedSeeds: seeds.rejected } })}\n`,
          );
      }
    });

  trace.addCommand(
    withCommonOptions(
      new Command('revenue').description(
        'external inflow of a set of scam addresses by period, without counting transfers between them, with distinct payers',
      ),
    )
      .option('--from <addresses>', 'scam addresses, comma-separated')
      .option('--from-file <file>', 'file of scam addresses, one per line')
      .addOption(
        new Option('--period <period>', 'bucket size')
          .choices(['day', 'week', 'month', 'year', 'all'])
          .default('month'),
      )
      .option('--since <iso>', 'start (ISO 8601 or unix seconds)')
      .option('--until <iso>', 'end, exclusive (ISO 8601 or unix seconds)')
      .addOption(
        new Option('-f, --format <format>', 'output')
          .choices(['json', 'table', 'csv'])
          .default('json'),
      )
      .action(async (_opts: unknown, command: Command) => {
        const flags = subcommandFlags<
          CommonFlags & {
            from?: string;
            fromFile?: string;
            period: RevenuePeriod;
            since?: string;
            until?: string;
          }
        >(command);
        const seedInputs = readSeeds(flags.from, flags.fromFile);
        const { graph, input } = await loadAll(flags, err());
        const choice = assetChoice(flags.asset);
        const seeds = checkSeeds(seedInputs, guard(() => selectAsset(graph, choice)).chain);
        for (const r of seeds.rejected)
          err().write(`  rejected ${r.file}:${r.line}: ${r.reason}\n`);
        const report = guard(() =>
          estimateRevenue(graph, seeds.addresses, {
            ...choice,
            period: flags.period,
            ...(flags.since === undefined ? {} : { since: parseTimestamp(flags.since) }),
            ...(flags.until === undefined ? {} : { until: parseTimestamp(flags.until) }),
          }),
        );
        const stdout = out();
        if (flags.format === 'table') stdout.write(formatRevenueTable(report));
        else if (flags.format === 'csv') {
          stdout.write(
            `period,inflow,transfers,payers\n${report.periods.map((p) => `${p.period},${p.inflow},${p.transfers},${p.payers}`).join('\n')}\n`,
          );
        } else
          stdout.write(
            `${JSON.stringify({ ...report, input: { ...input, rejectedSeeds: seeds.rejected } })}\n`,
          );
      }),
  );

  trace.addCommand(
    withCommonOptions(
      new Command('deposits').description(
        'find probable exchange deposit addresses: unlabelled addresses that sweep most of their inflow to one exchange’s hot wallets',
      ),
    )
      .option('--deposit-window <hours>', 'sweep window', hours, 72)
      .option('--deposit-share <share>', 'share of inflow swept to one exchange', share, 0.8)
      .addOption(
        new Option('-f, --format <format>', 'output')
          .choices(['json', 'table', 'csv'])
          .default('json'),
      )
      .action(async (_opts: unknown, command: Command) => {
        const flags = subcommandFlags<
          CommonFlags & { depositWindow: number; depositShare: number }
        >(command);
        const { graph, labels, input } = await loadAll(flags, err());
        if (!labels)
          throw new CliError('jaga trace deposits needs --labels with exchange hot wallets', 2);
        const deposits = guard(() =>
          inferDepositAddresses(graph, labels, {
            ...assetChoice(flags.asset),
            windowSeconds: Math.round(flags.depositWindow * 3600),
            minShare: flags.depositShare,
          }),
        );
        const stdout = out();
        if (flags.format === 'table') stdout.write(formatDepositsTable(deposits));
        else if (flags.format === 'csv') {
          stdout.write(
            `address,exchange,inflow,swept,share,sweeps,confidence\n${deposits.map((d) => `${d.address},${d.exchange},${d.inflow},${d.swept},${d.share},${d.sweeps},${d.confidence}`).join('\n')}\n`,
          );
        } else stdout.write(`${JSON.stringify({ deposits, input })}\n`);
      }),
  );
  return trace;
}
