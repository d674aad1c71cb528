import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  type Actor,
  type ChainId,
  createTransferImporter,
  type ImportReport,
  type LabelFileResult,
  LabelSet,
  normalizeAddress,
  parseActorPack,
  parseChain,
  parseEtherscanLabels,
  parseLabelsCsv,
  parseTagPack,
  type RejectedRow,
  type TransferGraph,
} from '@jaga/tracing';
import { CliError } from '../lib/errors.js';
import { createProgress } from '../lib/progress.js';

/** One input file with its fingerprint, so a report names exactly what it was computed from. */
export interface InputFile {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** Expands folders (recursively, sorted) into files with one of the extensions. */
export function expandPaths(
  paths: readonly string[],
  extensions: readonly string[],
  flag: string,
): string[] {
  const out: string[] = [];
  const walk = (p: string, explicit: boolean): void => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      throw new CliError(`${flag} ${p}: no such file or folder`, 2);
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name), false);
    } else if (explicit || extensions.some((e) => p.toLowerCase().endsWith(e))) {
      out.push(p);
    }
  };
  for (const p of paths) walk(p, true);
  if (out.length === 0)
    throw new CliError(`${flag}: no ${extensions.join('/')} files in ${paths.join(', ')}`, 2);
  return out;
}

/** Parses `--asset-decimals chain:SYMBOL=18` values. */
export function parseAssetDecimals(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) {
    const m = /^([a-z]+):([A-Za-z0-9.]+)=(\d{1,2})$/.exec(v.trim());
    const chain = m ? parseChain(m[1] as string) : undefined;
    if (!m || !chain) {
      throw new CliError(
        `--asset-decimals "${v}": expected chain:SYMBOL=DECIMALS, e.g. tron:BTT=18`,
        2,
      );
    }
    out[`${chain}:${(m[2] as string).toUpperCase()}`] = Number(m[3]);
  }
  return out;
}

/** Loads transfer files (streamed, with a progress bar by bytes on a terminal). */
export async function loadTransfers(
  paths: readonly string[],
  options: { assetDecimals: Record<string, number>; etherscanChain: ChainId },
  stderr: NodeJS.WriteStream,
): Promise<{ graph: TransferGraph; report: ImportReport; files: InputFile[] }> {
  const files = expandPaths(paths, ['.csv'], '--transfers');
  const sizes = files.map((f) => fs.statSync(f).size);
  const total = sizes.reduce((a, b) => a + b, 0);
  const progress = createProgress({
    total,
    label: 'bytes of transfers',
    stream: stderr,
    minTotal: 20_000_000,
  });
  const importer = createTransferImporter({
    assetDecimals: options.assetDecimals,
    etherscanChain: options.etherscanChain,
    capacityHint: Math.max(1024, Math.ceil(total / 120)),
  });
  const inputs: InputFile[] = [];
  let done = 0;
  try {
    for (const file of files) {
      const sink = importer.file(file);
      const hash = createHash('sha256');
      // Large reads, handed over as bytes: the importer splits lines and parses plain rows
      // without making strings.
      const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        hash.update(chunk);
        sink.push(chunk);
        done += chunk.length;
        progress.update(done);
      }
      sink.end();
      inputs.push({ path: file, sha256: hash.digest('hex'), bytes: fs.statSync(file).size });
    }
  } finally {
    progress.stop();
  }
  const { graph, report } = importer.finish();
  return { graph, report, files: inputs };
}

/** Loads label files: TagPacks and ActorPacks (YAML), Etherscan label JSON, label CSV. */
export function loadLabels(paths: readonly string[]): {
  labels: LabelSet;
  files: InputFile[];
  rejected: RejectedRow[];
  skipped: string[];
} {
  const labels = new LabelSet();
  const files = expandPaths(paths, ['.yaml', '.yml', '.json', '.csv'], '--labels');
  const inputs: InputFile[] = [];
  const rejected: RejectedRow[] = [];
  const skipped: string[] = [];
  const texts = files.map((f) => {
    const buf = fs.readFileSync(f);
    inputs.push({
      path: f,
      sha256: createHash('sha256').update(buf).digest('hex'),
      bytes: buf.length,
    });
    return { file: f, text: buf.toString('utf8') };
  });
  // Actor packs first: they give Etherscan slugs and TagPack actors their categories.
  const actors = new Map<string, Actor>();
  const isYaml = (f: string) => /\.ya?ml$/i.test(f);
  for (const { file, text } of texts) {
    if (isYaml(file) && /^actors:/m.test(text)) {
      for (const [id, a] of parseActorPack(text)) actors.set(id, a);
    }
  }
  const skippedCurrencies: Record<string, number> = {};
  for (const { file, text } of texts) {
    let result: LabelFileResult | undefined;
    if (isYaml(file)) {
      if (/^actors:/m.test(text)) continue;
      if (!/^tags:/m.test(text)) {
        skipped.push(`${file}: YAML without a "tags:" list (not a TagPack)`);
        continue;
      }
      result = parseTagPack(text, file, { actors });
    } else if (/\.json$/i.test(file)) {
      result = parseEtherscanLabels(text, file, {
        actors,
        chain: /bscscan/i.test(path.basename(file)) ? 'bsc' : 'eth',
      });
    } else {
      const header = text.slice(0, text.indexOf('\n')).toLowerCase();
      if (!header.includes('address') || !header.includes('label')) {
        skipped.push(`${file}: CSV without address and label columns (not a label file)`);
        continue;
      }
      result = parseLabelsCsv(text, file);
    }
    labels.addAll(result.labels);
    rejected.push(...result.rejected);
    for (const [c, n] of Object.entries(result.skippedByCurrency))
      skippedCurrencies[c] = (skippedCurrencies[c] ?? 0) + n;
  }
  const untraced = Object.entries(skippedCurrencies).sort(([a], [b]) => (a < b ? -1 : 1));
  if (untraced.length > 0) {
    skipped.push(
      `tags on chains Jaga does not trace: ${untraced.map(([c, n]) => `${c} ${n}`).join(', ')}`,
    );
  }
  return { labels, files: inputs, rejected, skipped };
}

/** A seed as given, with where it came from for error messages. */
export interface SeedInput {
  readonly value: string;
  readonly where: string;
}

/** Reads seeds from `--from a,b` and `--from-file F` (one per line, # comments). */
export function readSeeds(from: string | undefined, fromFile: string | undefined): SeedInput[] {
  const items: SeedInput[] = [];
  if (from) for (const v of from.split(',')) items.push({ value: v.trim(), where: '--from' });
  if (fromFile) {
    let text: string;
    try {
      text = fs.readFileSync(fromFile, 'utf8');
    } catch {
      throw new CliError(`--from-file ${fromFile}: cannot read the file`, 2);
    }
    text.split(/\r?\n/).forEach((line, i) => {
      items.push({ value: line.replace(/#.*/, '').trim(), where: `${fromFile}:${i + 1}` });
    });
  }
  const seeds = items.filter((s) => s.value !== '');
  if (seeds.length === 0)
    throw new CliError('give seeds with --from ADDR,… or --from-file FILE', 2);
  return seeds;
}

/**
 * Splits seeds into addresses and transaction hashes for a chain; invalid addresses (bad
 * checksums, wrong chain) are returned as rejected rows with their line, not silently dropped.
 */
export function checkSeeds(
  seeds: readonly SeedInput[],
  chain: ChainId,
): { addresses: string[]; transactions: string[]; rejected: RejectedRow[] } {
  const addresses: string[] = [];
  const transactions: string[] = [];
  const rejected: RejectedRow[] = [];
  for (const s of seeds) {
    if (/^(0x)?[0-9a-fA-F]{64}$/.test(s.value)) {
      transactions.push(s.value);
      continue;
    }
    const check = normalizeAddress(chain, s.value);
    if (check.ok) addresses.push(check.address);
    else {
      const colon = s.where.lastIndexOf(':');
      const file = colon > 0 ? s.where.slice(0, colon) : s.where;
      const line = colon > 0 ? Number(s.where.slice(colon + 1)) : 0;
      rejected.push({ file, line, reason: `seed ${check.reason}` });
    }
  }
  return { addresses, transactions, rejected };
}

/** Writes a short import summary to stderr: counts and the first rejected rows. */
export function reportImport(
  stderr: NodeJS.WritableStream,
  report: ImportReport,
  labelRejected: readonly RejectedRow[],
  skipped: readonly string[],
): void {
  const failed = report.files.reduce((a, f) => a + f.failedSkipped, 0);
  const zero = report.files.reduce((a, f) => a + f.zeroValueSkipped, 0);
  stderr.write(
    `jaga: loaded ${report.transfers} transfers (${report.addresses} addresses) from ${report.files.length} files; ${report.duplicates} duplicates merged, ${failed} failed and ${zero} zero-value transactions skipped, ${report.rejected.length} rows rejected\n`,
  );
  const rows = [...report.rejected, ...labelRejected];
  for (const r of rows.slice(0, 10)) stderr.write(`  rejected ${r.file}:${r.line}: ${r.reason}\n`);
  if (rows.length > 10)
    stderr.write(
      `  … ${rows.length - 10} more rejected rows: see "input.rejected" in the JSON report or --rejects FILE\n`,
    );
  for (const s of skipped) stderr.write(`  note: ${s}\n`);
  for (const n of report.notes) stderr.write(`  note: ${n}\n`);
}

/** Writes all rejected rows to a CSV file. */
export function writeRejects(file: string, rows: readonly RejectedRow[]): void {
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  fs.writeFileSync(
    file,
    `file,line,reason\n${rows.map((r) => `${quote(r.file)},${r.line},${quote(r.reason)}`).join('\n')}\n`,
  );
}
