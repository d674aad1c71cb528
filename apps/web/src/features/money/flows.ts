import { shortAddress, type TraceReport } from './api.js';

/** What a node of the flow chart is. */
export type FlowNodeKind =
  'seed' | 'traced' | 'endpoint' | 'hub' | 'hop-limit' | 'returned' | 'other';

export interface FlowNode {
  name: string;
  kind: FlowNodeKind;
  /** Transfers from a seed (0 for seeds); sinks keep the fewest hops that reached them. */
  hop: number;
}

/** The Sankey data: nodes and links by node index, values in the asset's units. */
export interface Flows {
  nodes: FlowNode[];
  links: { source: number; target: number; value: number }[];
  /** Addresses merged into "other" nodes to keep the chart readable. */
  merged: number;
}

/**
 * The tainted flow of a trace as a layered Sankey: seeds, then the addresses reached at each hop,
 * then where taint stopped (endpoints by label, hubs, the hop limit, money back to seeds). An
 * address appears once per hop at which it received taint, so the graph has no cycles even when
 * money goes round. Per hop only the `perHop` addresses that received the most stay separate; the
 * rest become one "other addresses" node, and likewise seeds and endpoints beyond `perHop`.
 *
 * @example
 * const { nodes, links } = traceFlows(report, { perHop: 8 });
 */
export function traceFlows(
  report: Pick<TraceReport, 'hops' | 'endpoints'>,
  options: { perHop?: number } = {},
): Flows {
  const perHop = options.perHop ?? 8;
  const endpointLabel = new Map(
    report.endpoints.map((e) => [e.address.toLowerCase(), `${e.label} (${e.category})`]),
  );
  interface Raw {
    key: string;
    name: string;
    kind: FlowNodeKind;
    hop: number;
    /** The group it competes in for a separate node: a hop level or the sinks. */
    group: string;
    inflow: number;
  }
  const raw = new Map<string, Raw>();
  const node = (key: string, make: () => Omit<Raw, 'key' | 'inflow'>): Raw => {
    let found = raw.get(key);
    if (!found) {
      found = { key, inflow: 0, ...make() };
      raw.set(key, found);
    }
    return found;
  };
  const edges: { from: Raw; to: Raw; value: number }[] = [];
  for (const hop of report.hops) {
    const value = Number(hop.taint);
    if (!(value > 0)) continue;
    const level = hop.hop - 1;
    const from = node(level === 0 ? `seed:${hop.from}` : `at:${level}:${hop.from}`, () =>
      level === 0
        ? { name: shortAddress(hop.from), kind: 'seed', hop: 0, group: 'seeds' }
        : { name: shortAddress(hop.from), kind: 'traced', hop: level, group: `hop:${level}` },
    );
    let to: Raw;
    switch (hop.recipient) {
      case 'endpoint': {
        const label = endpointLabel.get(hop.to.toLowerCase()) ?? shortAddress(hop.to);
        to = node(`endpoint:${label}`, () => ({
          name: label,
          kind: 'endpoint',
          hop: hop.hop,
          group: 'endpoints',
        }));
        break;
      }
      case 'hub':
        to = node(`hub:${hop.to}`, () => ({
          name: `Hub ${shortAddress(hop.to)}`,
          kind: 'hub',
          hop: hop.hop,
          group: 'stops',
        }));
        break;
      case 'hop-limit':
        to = node('hop-limit', () => ({
          name: 'Beyond the hop limit',
          kind: 'hop-limit',
          hop: hop.hop,
          group: 'stops',
        }));
        break;
      case 'seed':
        to = node('returned', () => ({
          name: 'Back to seeds',
          kind: 'returned',
          hop: hop.hop,
          group: 'stops',
        }));
        break;
      default:
        to = node(`at:${hop.hop}:${hop.to}`, () => ({
          name: shortAddress(hop.to),
          kind: 'traced',
          hop: hop.hop,
          group: `hop:${hop.hop}`,
        }));
    }
    to.hop = Math.min(to.hop, hop.hop);
    to.inflow += value;
    edges.push({ from, to, value });
  }
  // Seeds have no inflow: rank them by what they sent.
  for (const edge of edges) if (edge.from.kind === 'seed') edge.from.inflow += edge.value;

  // Keep the largest nodes of each group; merge the rest into one "other" node per group.
  const byGroup = new Map<string, Raw[]>();
  for (const item of raw.values()) {
    const list = byGroup.get(item.group) ?? [];
    list.push(item);
    byGroup.set(item.group, list);
  }
  const target = new Map<string, string>();
  const others = new Map<string, Raw>();
  let merged = 0;
  for (const [group, items] of byGroup) {
    const ranked = [...items].sort((a, b) => b.inflow - a.inflow || a.key.localeCompare(b.key));
    // Sinks of different kinds (hubs, the hop limit, back to seeds) are few: keep them all.
    const keep = group === 'stops' ? ranked.length : perHop;
    for (const [i, item] of ranked.entries()) {
      if (i < keep || ranked.length === keep + 1) {
        target.set(item.key, item.key);
        continue;
      }
      merged += 1;
      const key = `other:${group}`;
      if (!others.has(key)) {
        others.set(key, {
          key,
          name: '',
          kind: 'other',
          hop: item.hop,
          group,
          inflow: 0,
        });
      }
      const other = others.get(key) as Raw;
      other.inflow += item.inflow;
      other.hop = Math.min(other.hop, item.hop);
      target.set(item.key, key);
    }
  }
  for (const other of others.values()) {
    const count = [...target.entries()].filter(
      ([from, to]) => to === other.key && from !== to,
    ).length;
    const what =
      other.group === 'seeds' ? 'seeds' : other.group === 'endpoints' ? 'endpoints' : 'addresses';
    other.name = `${count} other ${what}`;
    raw.set(other.key, other);
  }

  const nodes: FlowNode[] = [];
  const index = new Map<string, number>();
  const indexOf = (key: string) => {
    let i = index.get(key);
    if (i === undefined) {
      const item = raw.get(key) as Raw;
      i = nodes.length;
      nodes.push({ name: item.name, kind: item.kind, hop: item.hop });
      index.set(key, i);
    }
    return i;
  };
  const sums = new Map<string, number>();
  for (const edge of edges) {
    const source = indexOf(target.get(edge.from.key) as string);
    const sink = indexOf(target.get(edge.to.key) as string);
    if (source === sink) continue;
    const key = `${source}>${sink}`;
    sums.set(key, (sums.get(key) ?? 0) + edge.value);
  }
  const links = [...sums.entries()].map(([key, value]) => {
    const [source, sink] = key.split('>').map(Number) as [number, number];
    return { source, target: sink, value };
  });
  return { nodes, links, merged };
}
