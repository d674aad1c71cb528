import type { TlpLevel } from '../artefacts/api.js';
import { type ApiClient, apiClient } from '../auth/api.js';

export const SELECTOR_TYPES = ['phone', 'handle', 'wallet', 'url', 'domain', 'email'] as const;
export type SelectorType = (typeof SELECTOR_TYPES)[number];

export interface Selector {
  id: string;
  type: SelectorType;
  value: string;
  platform?: string;
  chain?: string;
  country?: string;
  keyedHash: string;
}

/** `GET /api/v1/selectors/{id}`: what a selector links to, with hints of what one may not read. */
export interface SelectorView {
  selector: Selector;
  /** In a post, or in the report of a trace (its wallets). */
  sightings: (
    | {
        kind: 'post';
        postId: string;
        seenAt: string;
        source: string;
        risk: number;
        decision: string;
        tlp: string;
        excerpt: string;
      }
    | {
        kind: 'trace';
        traceId: string;
        seenAt: string;
        source: 'trace';
        tlp: string;
        excerpt: string;
      }
  )[];
  totalSightings: number;
  linkedEntities: {
    id: string;
    kind: string;
    name: string;
    country: string | null;
    status: string | null;
    relationship: { id: string; type: string; confidence: number };
  }[];
  linkedSelectors: (Selector & { posts: number; traces: number; entities: number })[];
  hints: { hintId: string; tlp: string; organisations: number; message: string }[];
}

export interface StatusEntry {
  status: string;
  since: string;
  note: string | null;
  source: string | null;
}

/** An entity of the intelligence graph: a compound, criminal organisation or persona. */
export interface Entity {
  id: string;
  kind: 'compound' | 'criminal-organisation' | 'persona';
  name: string;
  aliases: string[];
  description: string | null;
  country: string | null;
  adminArea: string | null;
  geometry: unknown;
  status: string | null;
  history: StatusEntry[];
  relocatedTo: { id: string; name: string } | null;
  supply: { kind: string; supplyingCountry: string; supplier?: string; note?: string }[];
  sources: string[];
  tlp: TlpLevel;
  organisation: { id: string; name: string };
  isDemo: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface GraphNode {
  id: string;
  /** compound, criminal-organisation, persona or selector. */
  kind: string;
  label: string;
  root?: boolean;
  status?: string | null;
  country?: string | null;
  selectorType?: string;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  type: string;
  confidence: number;
  validFrom: string | null;
  validTo: string | null;
}

/** `GET /api/v1/entities/{id}/graph`. */
export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  truncated: boolean;
}

export type Position = [number, number];
export type Geometry =
  { type: 'Point'; coordinates: Position } | { type: 'Polygon'; coordinates: Position[][] };

export interface CompoundProperties {
  id: string;
  name: string;
  aliases: string[];
  status: string | null;
  country: string | null;
  adminArea: string | null;
  history: StatusEntry[];
  relocatedTo: { id: string; name: string; point: Position | null } | null;
  supply: Entity['supply'];
  tlp: string;
  organisation: string;
  isDemo: boolean;
}

/** `GET /api/v1/compounds`: GeoJSON of the readable compounds that have a location. */
export interface CompoundCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; id: string; geometry: Geometry; properties: CompoundProperties }[];
}

/** `GET /api/v1/search`. */
export interface SearchResult {
  query: string;
  posts: {
    id: string;
    source: string;
    excerpt: string;
    risk: number;
    decision: string;
    firstSeenAt: string;
    score: number;
  }[];
  entities: {
    id: string;
    kind: string;
    name: string;
    aliases: string[];
    country: string | null;
    status: string | null;
    score: number;
  }[];
  selectors: {
    id: string;
    type: string;
    value: string;
    platform?: string;
    chain?: string;
    country?: string;
    score: number;
  }[];
}

/**
 * The intelligence calls: search, selectors, entities with their link-chart neighbourhood, the
 * compound map, and asking the holders of hidden records for access.
 *
 * @example
 * const graph = await intelligenceApi().graph(id, 1);
 */
export function intelligenceApi(client: ApiClient = apiClient()) {
  const id = (value: string) => encodeURIComponent(value);
  return {
    search: (q: string) =>
      client.get<SearchResult>(`/api/v1/search?${new URLSearchParams({ q, limit: '20' })}`),
    selector: (selectorId: string) =>
      client.get<SelectorView>(`/api/v1/selectors/${id(selectorId)}`),
    entity: (entityId: string) => client.get<Entity>(`/api/v1/entities/${id(entityId)}`),
    graph: (entityId: string, depth = 1) =>
      client.get<Graph>(`/api/v1/entities/${id(entityId)}/graph?depth=${depth}`),
    compounds: () => client.get<CompoundCollection>('/api/v1/compounds'),
    requestAccess: (hintId: string, reason: string) =>
      client.post<unknown>('/api/v1/access-requests', { hintId, reason }),
  };
}
export type IntelligenceApi = ReturnType<typeof intelligenceApi>;

/** How a selector reads: `telegram:@hr_kh`, `TRON:T…`, `+85512…`. */
export function selectorText(s: {
  type: string;
  value: string;
  platform?: string;
  chain?: string;
}): string {
  if (s.type === 'handle') return `${s.platform ?? 'handle'}:${s.value}`;
  if (s.type === 'wallet') return `${s.chain ?? 'wallet'}:${s.value}`;
  return s.value;
}
