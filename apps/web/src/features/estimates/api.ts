import { type ApiClient, ApiError, apiClient } from '../auth/api.js';

/** TLP levels a list or estimate may carry: RED is not offered for estimates (see docs/estimation.md). */
export const ESTIMATE_TLP_LEVELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT'] as const;
export type EstimateTlp = (typeof ESTIMATE_TLP_LEVELS)[number];

/** Model selection methods the server offers, with what each does, in one line. */
export const ESTIMATE_METHODS = [
  {
    value: 'stepwise',
    label: 'Stepwise (p < 0.02)',
    description:
      'Adds the most significant two-list interaction while p < 0.02 (Chan, Silverman and Vincent 2021); the default.',
  },
  {
    value: 'bic',
    label: 'Lowest BIC',
    description: 'Fits every hierarchical model and keeps the one with the lowest BIC.',
  },
  {
    value: 'aic-stepwise',
    label: 'AIC stepwise',
    description: 'The 2014 Home Office procedure: adds the interaction that lowers AIC most.',
  },
  {
    value: 'main',
    label: 'Main effects only',
    description: 'Assumes the lists are independent: no interactions.',
  },
] as const;
export type EstimateMethod = (typeof ESTIMATE_METHODS)[number]['value'];

/** Limits the server enforces, repeated here so the form can say so before sending. */
export const MAX_ESTIMATE_LISTS = 6;
export const MAX_BOOTSTRAP = 1000;
export const MAX_LIST_RECORDS = 20_000;
export const DEFAULT_THRESHOLD = 0.86;

/** The exact command an agency runs, on its own machine, to turn its records into CLKs. */
export const ENCODE_COMMAND =
  'jaga link encode --normalise --schema victim-lists.json --secret-file secret.txt police.csv > police.json';

interface Ref {
  id: string;
  name: string;
}
interface Person {
  id: string;
  displayName: string;
}

/** An encoded list as the server lists it (never with its CLKs). */
export interface EncodedList {
  id: string;
  name: string;
  records: number;
  bits: number;
  sha256: string;
  tlp: EstimateTlp;
  organisation: Ref;
  createdBy: Person;
  createdAt: string;
}

export interface EstimateInterval {
  level: number;
  low: number;
  /** `null` when the data set no finite upper limit. */
  high: number | null;
  kind: 'bca' | 'profile' | 'wald';
}

/** A stored estimate report (`GET /api/v1/estimates/{id}`). */
export interface Estimate {
  id: string;
  lists: { id: string; code: string; name: string; records: number | null }[];
  observed: number;
  method: string;
  terms: string[];
  model: string;
  estimate: number;
  interval: EstimateInterval;
  warnings: string[];
  histories: { history: number[]; lists: string[]; count: number | string }[];
  minimumCellSize: number;
  linkage: { threshold: number; comparisons: number };
  bootstrap: { replicates: number; seed: number; failed: number } | null;
  tlp: EstimateTlp;
  organisation: Ref;
  createdBy: Person;
  createdAt: string;
  savedReport: {
    savedAt: string;
    savedBy: Person;
    artefacts: { id: string; kind: 'report' | 'table'; filename: string; sha256: string }[];
  } | null;
}

/** One estimate in `GET /api/v1/estimates`. */
export interface EstimateSummary {
  id: string;
  lists: { id: string; code: string; name: string }[];
  observed: number;
  method: string;
  estimate: number;
  interval: EstimateInterval;
  tlp: EstimateTlp;
  saved: boolean;
  organisation: Ref;
  createdBy: Person;
  createdAt: string;
}

export interface SharingGroupRef {
  id: string;
  name: string;
}

/** What `POST /api/v1/estimates` takes. */
export interface RunEstimate {
  lists: string[];
  method: EstimateMethod;
  bootstrap: number;
  seed: number;
  threshold: number;
  tlp?: EstimateTlp;
  groups: string[];
}

/**
 * A failed answer's problems by form field: the server names each as `body/<field>/…` (in its
 * details, or at the start of its message), so the form can show each one next to its input.
 *
 * @example
 * fieldErrors(new ApiError(400, 'x', [{ where: 'body/lists', message: 'an estimate needs at least 2 lists' }]));
 * // { lists: 'an estimate needs at least 2 lists' }
 */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  const field = (where: string) => where.replace(/^body\/?/, '').split('/')[0] ?? '';
  if (Array.isArray(error.details)) {
    for (const item of error.details as { where?: unknown; message?: unknown }[]) {
      if (typeof item?.where !== 'string' || typeof item.message !== 'string') continue;
      const name = field(item.where);
      if (name && !(name in out)) out[name] = item.message;
    }
  }
  const lead = /^(body\/[A-Za-z]+|[a-z][A-Za-z]*)(?:\/[^:\s]*)?(?: [^:]*)?: (.+)$/s.exec(
    error.message,
  );
  if (lead?.[1] && lead[2]) {
    const name = field(lead[1]);
    if (!(name in out)) out[name] = lead[2];
  }
  return out;
}

/** The CLKs read from an encoded-list file, ready to upload, or why the file is not one. */
export type ParsedClkFile =
  { ok: true; clks: string[]; bits: number } | { ok: false; error: string };

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Reads the `{"clks": [...]}` file that `jaga link encode` (or clkhash) writes, in the browser, so
 * that only the CLKs are sent; a CSV of names or any other file is refused here, before anything
 * leaves the machine.
 *
 * @example
 * parseClkFile('{"clks": ["…base64…"]}'); // { ok: true, clks: [...], bits: 1024 }
 */
export function parseClkFile(text: string): ParsedClkFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {
      ok: false,
      error:
        'This file is not the JSON that "jaga link encode" writes. Never upload the records themselves: encode them on your own machine first (command above) and choose the .json it writes.',
    };
  }
  const clks = (parsed as { clks?: unknown } | null)?.clks;
  if (!Array.isArray(clks)) {
    return {
      ok: false,
      error: 'This JSON has no "clks" list; choose the file "jaga link encode" wrote.',
    };
  }
  if (clks.length === 0) return { ok: false, error: 'The file holds no CLKs.' };
  if (clks.length > MAX_LIST_RECORDS) {
    return {
      ok: false,
      error: `The file holds ${clks.length.toLocaleString('en-US')} CLKs; the hub takes at most ${MAX_LIST_RECORDS.toLocaleString('en-US')} per list.`,
    };
  }
  let length = -1;
  for (const [i, clk] of clks.entries()) {
    if (typeof clk !== 'string' || clk === '' || !BASE64.test(clk)) {
      return {
        ok: false,
        error: `Entry ${i + 1} is not a CLK (base64 of a Bloom filter); the file may hold plain records. Encode them first.`,
      };
    }
    if (length < 0) length = clk.length;
    else if (clk.length !== length) {
      return {
        ok: false,
        error: `Entry ${i + 1} has a different length from entry 1: every CLK of a list comes from the same schema.`,
      };
    }
  }
  const first = clks[0] as string;
  const bytes = (first.length / 4) * 3 - (first.endsWith('==') ? 2 : first.endsWith('=') ? 1 : 0);
  return { ok: true, clks: clks as string[], bits: bytes * 8 };
}

/** Formats an estimate figure as people count it: whole people, with thousands separated. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** The interval in words: `95% BCa interval 131 – 248`, or `… 131 – no finite upper limit`. */
export function describeInterval(interval: EstimateInterval): string {
  const kind = { bca: 'BCa bootstrap', profile: 'profile-likelihood', wald: 'Wald' }[interval.kind];
  const high = interval.high === null ? 'no finite upper limit' : formatCount(interval.high);
  return `${Math.round(interval.level * 100)}% ${kind} interval ${formatCount(interval.low)} – ${high}`;
}

/**
 * A capture-history cell as published: an exact count, `< 5` for a cell below the minimum cell
 * size, or `suppressed` for the cell hidden so that a lone small one cannot be worked out.
 */
export function publishedCount(count: number | string): string {
  if (typeof count === 'number') return count.toLocaleString('en-US');
  const small = /^<\s*(\d+)$/.exec(count);
  return small ? `< ${small[1]}` : count;
}

/**
 * The estimates calls: encoded lists, runs and their stored reports, over the session client.
 *
 * @example
 * const { items } = await estimatesApi().lists();
 */
export function estimatesApi(client: ApiClient = apiClient()) {
  const api = client.withMessages({ 401: 'Sign in to see estimates.' });
  const estimate = (id: string) => `/api/v1/estimates/${encodeURIComponent(id)}`;
  return {
    lists: () => api.get<{ items: EncodedList[] }>('/api/v1/estimates/lists'),
    uploadList: (list: { name: string; tlp: EstimateTlp; groups: string[]; clks: string[] }) =>
      api.post<EncodedList>('/api/v1/estimates/lists', list),
    estimates: (cursor?: string | null) => {
      const query = new URLSearchParams({ limit: '50' });
      if (cursor) query.set('cursor', cursor);
      return api.get<{ items: EstimateSummary[]; nextCursor: string | null }>(
        `/api/v1/estimates?${query}`,
      );
    },
    run: (body: RunEstimate) => api.post<Estimate>('/api/v1/estimates', body),
    get: (id: string) => api.get<Estimate>(estimate(id)),
    saveReport: (id: string) => api.post<Estimate>(`${estimate(id)}/report`),
    groups: () => api.get<{ items: SharingGroupRef[] }>('/api/v1/sharing-groups'),
  };
}

export type EstimatesApi = ReturnType<typeof estimatesApi>;
