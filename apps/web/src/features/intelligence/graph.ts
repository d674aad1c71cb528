import type { Graph, GraphEdge, GraphNode } from './api.js';

/** Kinds of link-chart node, with the colour and shape that tell them apart (not colour alone). */
export const NODE_KINDS = [
  { kind: 'compound', label: 'Compounds', colour: '#c92a2a', shape: 'round-rectangle' },
  {
    kind: 'criminal-organisation',
    label: 'Criminal organisations',
    colour: '#5f3dc4',
    shape: 'diamond',
  },
  { kind: 'persona', label: 'Personas', colour: '#1864ab', shape: 'ellipse' },
  { kind: 'selector', label: 'Selectors', colour: '#2b8a3e', shape: 'triangle' },
] as const;

/** What the link chart shows. Dates are ISO days (YYYY-MM-DD); empty means no bound. */
export interface GraphFilters {
  kinds: ReadonlySet<string>;
  minConfidence: number;
  from: string;
  to: string;
}

export const ALL_KINDS: ReadonlySet<string> = new Set(NODE_KINDS.map((k) => k.kind));

/**
 * Two neighbourhoods as one, for expanding a node: nodes and edges by id, the first graph's root
 * kept, truncated if either was.
 *
 * @example
 * setGraph((shown) => mergeGraphs(shown, await api.graph(clickedId)));
 */
export function mergeGraphs(a: Graph, b: Graph): Graph {
  const nodes = new Map<string, GraphNode>(a.nodes.map((n) => [n.id, n]));
  for (const node of b.nodes) {
    if (!nodes.has(node.id)) nodes.set(node.id, { ...node, root: false });
  }
  const edges = new Map<string, GraphEdge>(a.edges.map((e) => [e.id, e]));
  for (const edge of b.edges) if (!edges.has(edge.id)) edges.set(edge.id, edge);
  return {
    nodes: [...nodes.values()],
    edges: [...edges.values()],
    truncated: a.truncated || b.truncated,
  };
}

/** Whether a relationship was valid at some time in [from, to] (open bounds when empty). */
export function validDuring(
  edge: Pick<GraphEdge, 'validFrom' | 'validTo'>,
  from: string,
  to: string,
) {
  if (from && edge.validTo && edge.validTo < from) return false;
  if (to && edge.validFrom && edge.validFrom > to) return false;
  return true;
}

/**
 * The part of a graph the filters let through: nodes of the chosen kinds, relationships at or
 * above the confidence that were valid in the dates, between shown nodes. A node left without any
 * shown relationship is hidden too, except the root, so the chart never shows orphans whose link
 * was filtered out.
 *
 * @example
 * filterGraph(graph, { kinds: new Set(['compound']), minConfidence: 0.5, from: '', to: '' });
 */
export function filterGraph(graph: Graph, filters: GraphFilters): Graph {
  const kept = new Set(graph.nodes.filter((n) => filters.kinds.has(n.kind)).map((n) => n.id));
  const edges = graph.edges.filter(
    (e) =>
      kept.has(e.source) &&
      kept.has(e.target) &&
      e.confidence >= filters.minConfidence &&
      validDuring(e, filters.from, filters.to),
  );
  const linked = new Set(edges.flatMap((e) => [e.source, e.target]));
  const nodes = graph.nodes.filter((n) => kept.has(n.id) && (n.root || linked.has(n.id)));
  return { nodes, edges, truncated: graph.truncated };
}

/** A Cytoscape.js element definition (the part of its type the chart uses). */
export interface ChartElement {
  group: 'nodes' | 'edges';
  data: Record<string, string | number | boolean>;
}

/**
 * Cytoscape.js elements of a graph: nodes carry their kind (styled by kind), edges their type and
 * confidence (drawn thicker when surer).
 *
 * @example
 * cy.add(chartElements(filterGraph(graph, filters)));
 */
export function chartElements(graph: Graph): ChartElement[] {
  return [
    ...graph.nodes.map((n) => ({
      group: 'nodes' as const,
      data: {
        id: n.id,
        label: n.label,
        kind: n.kind,
        root: n.root === true,
        ...(n.status ? { status: n.status } : {}),
      },
    })),
    ...graph.edges.map((e) => ({
      group: 'edges' as const,
      data: {
        id: e.id,
        source: e.source,
        target: e.target,
        label: `${e.type} (${Math.round(e.confidence * 100)}%)`,
        confidence: e.confidence,
      },
    })),
  ];
}
