import { contentUrl, TLP_LEVELS, type TlpLevel } from '../artefacts/api.js';
import { type ApiClient, apiClient } from '../auth/api.js';

export { TLP_LEVELS, type TlpLevel };

/** Taint rules the hub runs, with when to use each (docs/tracing.md, "Taint models"). */
export const TAINT_MODELS = [
  {
    value: 'haircut',
    label: 'Haircut (pro rata)',
    description:
      'Each outflow carries the tainted share of the balance (Barlow Clowes): the fair split between several victims.',
  },
  {
    value: 'fifo',
    label: 'FIFO',
    description:
      'Oldest funds leave first (Clayton’s Case): the default rule for running accounts.',
  },
  {
    value: 'clean-first',
    label: 'Clean first (LIBR)',
    description:
      'The wrongdoer spends their own money first (Re Hallett): the conservative figure for a freezing order.',
  },
  {
    value: 'dirty-first',
    label: 'Dirty first',
    description:
      'Tainted funds leave first: where the money could have gone, not a conservative number.',
  },
  { value: 'lifo', label: 'LIFO', description: 'Newest funds leave first: a sensitivity check.' },
  {
    value: 'poison',
    label: 'Poison',
    description:
      'Any contact taints the whole outflow: exposure screening only; it overstates and does not conserve.',
  },
] as const;
export type TaintModel = (typeof TAINT_MODELS)[number]['value'];

/** The longest path a trace on the hub may follow. */
export const MAX_TRACE_HOPS = 10;

interface Ref {
  id: string;
  name: string;
}
interface Person {
  id: string;
  displayName: string;
}

/** One trace in `GET /api/v1/traces`. */
export interface TraceSummaryItem {
  id: string;
  tlp: TlpLevel;
  model: string;
  chain: string;
  asset: string;
  seeds: number;
  endpoints: number;
  seeded: string;
  reachedEndpoints: string;
  conserved: boolean | null;
  organisation: Ref;
  createdBy: Person;
  createdAt: string;
}

export interface TraceEndpointSummary {
  address: string;
  label: string;
  category: string;
  attribution: 'label' | 'inferred-deposit';
  amount: string;
  hops: number;
}

/** A trace as `GET /api/v1/traces/{id}` answers: summary, inputs and report artefacts. */
export interface Trace {
  id: string;
  tlp: TlpLevel;
  model: string;
  createdAt: string;
  summary: {
    rule: string;
    chain: string;
    asset: string;
    maxHops: number;
    since: string | null;
    stopCategories: string[];
    seeds: number;
    seedsNotFound: string[];
    endpoints: TraceEndpointSummary[];
    totals: {
      seeded: string;
      reachedEndpoints: string;
      held: string;
      unresolved: string;
      conserved: boolean | null;
    };
    hubs: number;
    hops: number;
  };
  input: {
    files: { kind: 'transfers' | 'labels'; filename: string; sha256: string; bytes: number }[];
    transfers: number;
    labelledAddresses: number;
    rejectedTotal: number;
    rejected: { file: string; line: number; reason: string }[];
    notes: string[];
  };
  artefacts: { id: string; kind: 'report' | 'hops'; filename: string; sha256: string }[];
}

/** One outflow of a tainted address, with its arithmetic (the report's `hops`). */
export interface TraceHop {
  step: number;
  hop: number;
  txHash: string;
  block: number;
  time: string;
  from: string;
  to: string;
  amount: string;
  taint: string;
  senderBalance: string;
  senderTaint: string;
  unobservedInflow: string;
  arithmetic: string;
  recipient: 'traced' | 'endpoint' | 'hub' | 'hop-limit' | 'seed' | 'clean';
  source: string;
}

/** The parts of the stored trace report (the JSON artefact) the Money page draws. */
export interface TraceReport {
  model: string;
  asset: string;
  seeds: { address: string; found: boolean; tainted: string; transfers: number }[];
  endpoints: (TraceEndpointSummary & { transfers: number })[];
  hops: TraceHop[];
  totals: Record<string, string | boolean | null>;
}

/** What the run form sends. */
export interface RunTrace {
  transfers: readonly File[];
  labels: readonly File[];
  from: readonly string[];
  model: TaintModel;
  maxHops: number;
  since?: string | undefined;
  stopAt: readonly string[];
  tlp: TlpLevel;
  groups: readonly string[];
  recipients: readonly string[];
}

/**
 * Seeds as typed: one per line, or separated by commas or spaces; blanks dropped, order kept,
 * duplicates removed.
 *
 * @example
 * splitSeeds('0xabc, 0xdef\n0xabc'); // ['0xabc', '0xdef']
 */
export function splitSeeds(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((value) => value.trim())
        .filter((value) => value !== ''),
    ),
  ];
}

/**
 * The multipart body of `POST /api/v1/traces`: fields first, then the files, list fields repeated.
 *
 * @example
 * const body = traceBody({ transfers: [file], labels: [], from: ['0xabc'], model: 'haircut', maxHops: 5, stopAt: [], tlp: 'AMBER', groups: [], recipients: [] });
 */
export function traceBody(run: RunTrace): FormData {
  const body = new FormData();
  body.append('tlp', run.tlp);
  body.append('model', run.model);
  body.append('maxHops', String(run.maxHops));
  if (run.since && run.since.trim() !== '') body.append('since', run.since.trim());
  for (const seed of run.from) body.append('from', seed);
  for (const category of run.stopAt) body.append('stopAt', category);
  for (const group of run.groups) body.append('groups', group);
  for (const recipient of run.recipients) body.append('recipients', recipient);
  for (const file of run.transfers) body.append('transfers', file, file.name);
  for (const file of run.labels) body.append('labels', file, file.name);
  return body;
}

/**
 * The traces calls: stored traces, a new run from uploaded files (multipart) and the report
 * artefact the Money page draws, over the session client.
 *
 * @example
 * const trace = await tracesApi().run(form);
 */
export function tracesApi(client: ApiClient = apiClient()) {
  const api = client.withMessages({
    401: 'Sign in to see traces.',
    413: 'A file is larger than this hub accepts per trace file.',
  });
  return {
    list: (cursor?: string | null) => {
      const query = new URLSearchParams({ limit: '50' });
      if (cursor) query.set('cursor', cursor);
      return api.get<{ items: TraceSummaryItem[]; nextCursor: string | null }>(
        `/api/v1/traces?${query}`,
      );
    },
    get: (id: string) => api.get<Trace>(`/api/v1/traces/${encodeURIComponent(id)}`),
    run: (run: RunTrace) => api.post<Trace>('/api/v1/traces', traceBody(run)),
    /** The stored report artefact (its download is recorded in the custody log). */
    report: (artefactId: string) => api.get<TraceReport>(contentUrl(artefactId)),
    groups: () => api.get<{ items: Ref[] }>('/api/v1/sharing-groups'),
  };
}

export type TracesApi = ReturnType<typeof tracesApi>;

/** `0x1234…cdef`: enough of an address to tell it apart in a chart. */
export function shortAddress(address: string): string {
  return address.length > 14 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}
