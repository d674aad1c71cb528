import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { type ChainId, normalizeAddress, parseChain } from './chains.js';
import { createCsvReader } from './csv.js';
import type { RejectedRow } from './transfer-graph.js';

/**
 * GraphSense confidence taxonomy (`confidence.csv`): id → level 0–100.
 *
 * @example
 * CONFIDENCE_LEVELS.web_crawl; // 20
 */
export const CONFIDENCE_LEVELS: Readonly<Record<string, number>> = {
  override: 100,
  ownership: 100,
  ledger_immanent: 100,
  manual_transaction: 90,
  service_api: 70,
  forensic_investigation: 70,
  authority_data: 60,
  trusted_provider: 50,
  service_data: 50,
  forensic: 50,
  untrusted_transaction: 40,
  web_crawl: 20,
  heuristic: 10,
  unknown: 5,
};

/** One attribution of an address. */
export interface Label {
  readonly chain: ChainId;
  /** Normalised address. */
  readonly address: string;
  readonly label: string;
  /** Main category (GraphSense concept such as `exchange`), or undefined if none is given. */
  readonly category: string | undefined;
  /** All categories: the main one, tag concepts and the actor's categories. */
  readonly categories: readonly string[];
  /** GraphSense confidence id and its level. */
  readonly confidence: string;
  readonly confidenceLevel: number;
  readonly source: string;
  readonly actor: string | undefined;
  /** Where the label was read from. */
  readonly origin: { readonly file: string; readonly line: number };
}

/** An actor from a GraphSense ActorPack. */
export interface Actor {
  readonly id: string;
  readonly label: string;
  readonly categories: readonly string[];
}

/** Result of reading one label file. */
export interface LabelFileResult {
  readonly labels: Label[];
  readonly rejected: RejectedRow[];
  /** Entries for chains Jaga does not trace (BTC, LTC…), counted by currency. */
  readonly skippedByCurrency: Record<string, number>;
}

function lineAt(counter: LineCounter, offset: number | undefined): number {
  return offset === undefined ? 0 : counter.linePos(offset).line;
}

function confidenceLevel(id: string): number | undefined {
  return CONFIDENCE_LEVELS[id];
}

/** Maps a TagPack currency (and the address shape when the currency is a token) to a chain. */
function chainForCurrency(currency: string, address: string): ChainId | undefined {
  const c = currency.trim().toUpperCase();
  if (c === 'ETH') return 'eth';
  if (c === 'TRX') return 'tron';
  if (c === 'BEP20' || c === 'BNB' || c === 'BSC') return 'bsc';
  if (['USDT', 'USDC', 'DAI', 'WETH', 'TUSD'].includes(c)) {
    if (address.startsWith('0x')) return 'eth';
    if (address.startsWith('T') || address.startsWith('41')) return 'tron';
    return 'tron'; // fails TRON validation below with a clear reason
  }
  return parseChain(c);
}

/**
 * Reads a GraphSense ActorPack (YAML with an `actors:` list) into a map by actor id.
 *
 * @example
 * const actors = parseActorPack(yamlText);
 * actors.get('binance')?.categories; // ['exchange', …]
 */
export function parseActorPack(text: string): Map<string, Actor> {
  const doc = parseDocument(text, { version: '1.1' });
  if (doc.errors.length > 0) {
    throw new Error(`ActorPack is not valid YAML: ${doc.errors[0]?.message ?? ''}`);
  }
  const actors = new Map<string, Actor>();
  const list = doc.toJS().actors as unknown;
  if (!Array.isArray(list)) throw new Error('ActorPack has no "actors:" list');
  for (const entry of list as Array<Record<string, unknown>>) {
    const id = entry.id;
    if (typeof id !== 'string' && typeof id !== 'number') continue;
    const categories = Array.isArray(entry.categories) ? entry.categories.map(String) : [];
    actors.set(String(id), { id: String(id), label: String(entry.label ?? id), categories });
  }
  return actors;
}

/**
 * Reads a GraphSense TagPack (YAML): header fields are inherited by every tag unless the tag
 * overrides them; addresses are validated per chain; tags on chains Jaga does not trace are
 * counted, not silently dropped. Actor categories are added when `actors` are given.
 *
 * @example
 * const { labels, rejected } = parseTagPack(yamlText, 'exchange-wallets-binance.yaml');
 */
export function parseTagPack(
  text: string,
  file: string,
  options: { actors?: ReadonlyMap<string, Actor> } = {},
): LabelFileResult {
  const counter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: counter,
    version: '1.1',
    keepSourceTokens: false,
  });
  const rejected: RejectedRow[] = [];
  const labels: Label[] = [];
  const skippedByCurrency: Record<string, number> = {};
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    rejected.push({
      file,
      line: e?.linePos?.[0]?.line ?? 0,
      reason: `not valid YAML (${e?.code ?? 'error'}); the whole file was skipped`,
    });
    return { labels, rejected, skippedByCurrency };
  }
  const root = doc.contents;
  if (!isMap(root)) {
    rejected.push({
      file,
      line: 1,
      reason: 'a TagPack must be a YAML mapping with a "tags:" list',
    });
    return { labels, rejected, skippedByCurrency };
  }
  const header = doc.toJS() as Record<string, unknown>;
  const tagsNode = root.get('tags', true);
  if (!isSeq(tagsNode)) {
    rejected.push({ file, line: 1, reason: 'TagPack has no "tags:" list' });
    return { labels, rejected, skippedByCurrency };
  }
  for (const item of tagsNode.items) {
    const line = lineAt(counter, (item as { range?: [number, number, number] }).range?.[0]);
    if (!isMap(item)) {
      rejected.push({ file, line, reason: 'tag is not a mapping' });
      continue;
    }
    const tag = { ...header, ...(item.toJSON() as Record<string, unknown>) };
    delete tag.tags;
    const get = (k: string): string | undefined =>
      tag[k] === undefined || tag[k] === null ? undefined : String(tag[k]);
    const rawAddress = get('address');
    const currency = get('currency') ?? get('network');
    if (rawAddress === undefined) {
      rejected.push({ file, line, reason: 'tag has no address (tx_hash tags are not supported)' });
      continue;
    }
    if (currency === undefined) {
      rejected.push({ file, line, reason: `tag for ${rawAddress} has no currency` });
      continue;
    }
    const chain = chainForCurrency(currency, rawAddress);
    if (!chain) {
      const key = currency.toUpperCase();
      skippedByCurrency[key] = (skippedByCurrency[key] ?? 0) + 1;
      continue;
    }
    const check = normalizeAddress(chain, rawAddress);
    if (!check.ok) {
      rejected.push({ file, line, reason: `${currency} tag: ${check.reason}` });
      continue;
    }
    const label = get('label');
    if (label === undefined) {
      rejected.push({ file, line, reason: `tag for ${rawAddress} has no label` });
      continue;
    }
    const confidence = get('confidence') ?? 'unknown';
    const level = confidenceLevel(confidence);
    if (level === undefined) {
      rejected.push({
        file,
        line,
        reason: `unknown confidence "${confidence}" (use an id of the GraphSense confidence taxonomy, e.g. service_data)`,
      });
      continue;
    }
    const actor = get('actor');
    const category = get('category');
    const concepts = Array.isArray(tag.concepts) ? tag.concepts.map(String) : [];
    const actorCats = actor ? (options.actors?.get(actor)?.categories ?? []) : [];
    labels.push({
      chain,
      address: check.address,
      label,
      category: category ?? actorCats[0] ?? concepts[0],
      categories: unique([category, ...concepts, ...actorCats, get('abuse')]),
      confidence,
      confidenceLevel: level,
      source: get('source') ?? file,
      actor,
      origin: { file, line },
    });
  }
  return { labels, rejected, skippedByCurrency };
}

function unique(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined && v !== ''))];
}

/**
 * Header of the simple label CSV.
 *
 * @example
 * `${LABELS_CSV_HEADER}\ntron,T…,Huobi 12,exchange,service_data,https://…`;
 */
export const LABELS_CSV_HEADER = 'chain,address,label,category,confidence,source';

/**
 * Reads the simple label CSV `chain,address,label,category,confidence,source`; confidence is a
 * GraphSense confidence id (e.g. `forensic_investigation`) or a level 0–100.
 *
 * @example
 * parseLabelsCsv('chain,address,label,category,confidence,source\n' +
 *   'tron,TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t,Tether USDT,token,ownership,https://tether.to', 'own.csv');
 */
export function parseLabelsCsv(text: string, file: string): LabelFileResult {
  const labels: Label[] = [];
  const rejected: RejectedRow[] = [];
  const columns = LABELS_CSV_HEADER.split(',');
  let idx: number[] | undefined;
  const reader = createCsvReader(
    (f, line) => {
      if (!idx) {
        const norm = f.map((h) => h.trim().toLowerCase());
        const found = columns.map((c) => norm.indexOf(c));
        const missing = columns.filter((_, i) => (found[i] as number) < 0);
        if (missing.length > 0) {
          rejected.push({
            file,
            line,
            reason: `header lacks ${missing.join(', ')}; expected "${LABELS_CSV_HEADER}"; the whole file was skipped`,
          });
          idx = [];
          return;
        }
        idx = found;
        return;
      }
      if (idx.length === 0) return;
      const v = (i: number): string => (f[idx?.[i] as number] ?? '').trim();
      const chain = parseChain(v(0));
      if (!chain) {
        rejected.push({ file, line, reason: `unknown chain "${v(0)}" (known: eth, bsc, tron)` });
        return;
      }
      const check = normalizeAddress(chain, v(1));
      if (!check.ok) {
        rejected.push({ file, line, reason: check.reason });
        return;
      }
      if (v(2) === '') {
        rejected.push({ file, line, reason: 'empty label' });
        return;
      }
      const conf = v(4) || 'unknown';
      let level = confidenceLevel(conf);
      if (level === undefined && /^\d{1,3}$/.test(conf) && Number(conf) <= 100)
        level = Number(conf);
      if (level === undefined) {
        rejected.push({
          file,
          line,
          reason: `confidence "${conf}" is neither a GraphSense confidence id nor a level 0-100`,
        });
        return;
      }
      const category = v(3) === '' ? undefined : v(3).toLowerCase();
      labels.push({
        chain,
        address: check.address,
        label: v(2),
        category,
        categories: unique([category]),
        confidence: conf,
        confidenceLevel: level,
        source: v(5) || file,
        actor: undefined,
        origin: { file, line },
      });
    },
    (message, line) => rejected.push({ file, line, reason: message }),
  );
  reader.push(text);
  reader.end();
  return { labels, rejected, skippedByCurrency: {} };
}

/**
 * Reads an Etherscan label-cloud scrape (`{ "<address>": { "name": "Binance 14", "labels":
 * ["binance"] } }`). A slug becomes a category only through a GraphSense actor of that id
 * whose label appears in the entry's name (so the generic slug `blockchain` does not make a
 * contract an exchange). Confidence is `web_crawl`.
 *
 * @example
 * parseEtherscanLabels(jsonText, 'etherscan_combinedAllLabels.json', { actors });
 */
export function parseEtherscanLabels(
  text: string,
  file: string,
  options: { chain?: ChainId; actors?: ReadonlyMap<string, Actor>; source?: string } = {},
): LabelFileResult {
  const chain = options.chain ?? 'eth';
  const labels: Label[] = [];
  const rejected: RejectedRow[] = [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    rejected.push({
      file,
      line: 0,
      reason: `not valid JSON (${(error as Error).message}); the whole file was skipped`,
    });
    return { labels, rejected, skippedByCurrency: {} };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    rejected.push({ file, line: 0, reason: 'expected a JSON object keyed by address' });
    return { labels, rejected, skippedByCurrency: {} };
  }
  let entry = 0;
  for (const [raw, value] of Object.entries(data as Record<string, unknown>)) {
    entry++;
    // JSON has no line numbers per key: the entry's position (1-based) is reported instead.
    const check = normalizeAddress(chain, raw);
    if (!check.ok) {
      rejected.push({ file, line: entry, reason: `entry ${entry}: ${check.reason}` });
      continue;
    }
    const v = value as { name?: unknown; labels?: unknown };
    const name = typeof v?.name === 'string' ? v.name.trim() : '';
    const slugs = Array.isArray(v?.labels) ? v.labels.map(String) : [];
    const categories: string[] = [];
    let actorId: string | undefined;
    for (const slug of slugs) {
      const actor = options.actors?.get(slug);
      if (!actor) continue;
      const lowerName = name.toLowerCase();
      if (
        lowerName.includes(actor.label.toLowerCase()) ||
        lowerName.includes(actor.id.toLowerCase())
      ) {
        actorId ??= actor.id;
        categories.push(...actor.categories);
      }
    }
    if (name === '' && categories.length === 0) continue; // bare slugs such as airdrop-hunter say nothing usable
    labels.push({
      chain,
      address: check.address,
      label: name || slugs.join(', '),
      category: categories[0],
      categories: unique([...categories, ...slugs.map((s) => `etherscan:${s}`)]),
      confidence: 'web_crawl',
      confidenceLevel: CONFIDENCE_LEVELS.web_crawl as number,
      source: options.source ?? file,
      actor: actorId,
      origin: { file, line: entry },
    });
  }
  return { labels, rejected, skippedByCurrency: {} };
}

/**
 * All labels, looked up by chain and address. When several labels exist for one address, the
 * one with the highest confidence wins; ties go to the label that has a category, then to the
 * alphabetically first label, so the choice never depends on file order.
 *
 * @example
 * const set = new LabelSet();
 * set.addAll(parseTagPack(text, 'binance.yaml').labels);
 * set.best('eth', '0xbe0eb53f46cd790cd13851d5eff43d12404d33e8')?.label;
 */
export class LabelSet {
  private readonly byKey = new Map<string, Label[]>();

  /** Adds labels. */
  addAll(labels: Iterable<Label>): void {
    for (const l of labels) {
      const key = `${l.chain}:${l.address}`;
      const list = this.byKey.get(key);
      if (list) {
        list.push(l);
        list.sort(compareLabels);
      } else this.byKey.set(key, [l]);
    }
  }

  /** Number of labelled addresses. */
  get size(): number {
    return this.byKey.size;
  }

  /** All labels of an address, best first. */
  get(chain: ChainId, address: string): readonly Label[] {
    return this.byKey.get(`${chain}:${address}`) ?? [];
  }

  /** The best label of an address. */
  best(chain: ChainId, address: string): Label | undefined {
    return this.byKey.get(`${chain}:${address}`)?.[0];
  }

  /** Every labelled address, in a stable order. */
  *entries(): IterableIterator<[string, readonly Label[]]> {
    for (const key of [...this.byKey.keys()].sort()) yield [key, this.byKey.get(key) as Label[]];
  }
}

function compareLabels(a: Label, b: Label): number {
  return (
    b.confidenceLevel - a.confidenceLevel ||
    Number(b.category !== undefined) - Number(a.category !== undefined) ||
    (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) ||
    (a.origin.file < b.origin.file ? -1 : a.origin.file > b.origin.file ? 1 : 0) ||
    a.origin.line - b.origin.line
  );
}
