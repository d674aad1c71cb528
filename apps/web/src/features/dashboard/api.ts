import { type ApiClient, apiClient } from '../auth/api.js';

export type Bucket = 'day' | 'week' | 'month';

/** `GET /api/v1/dashboard`: every figure counts only records the viewer may read. */
export interface Dashboard {
  generatedAt: string;
  notices: {
    open: number;
    bySla: { 'on-time': number; 'due-soon': number; overdue: number; met: number; missed: number };
  };
  evidenceRequests: {
    open: number;
    overdue: number;
    within24h: number;
    within7d: number;
    later: number;
    noDeadline: number;
  };
  flaggedPosts: {
    from: string;
    to: string;
    bucket: Bucket;
    total: number;
    byLanguage: { period: string; language: string; count: number }[];
    byCountry: { period: string; country: string; count: number }[];
  };
  compounds: { total: number; byStatus: Record<string, number> };
}

/** One period of a stacked series: its label and a count per series key. */
export type SeriesRow = { period: string } & Record<string, number | string>;

/**
 * Turns `(period, key, count)` rows into one row per period with a column per key, keeping the
 * `top` keys with most posts and adding the rest up as `other`, so the chart stays readable.
 *
 * @example
 * pivotSeries([{ period: '2026-11-30', key: 'en', count: 3 }, { period: '2026-11-30', key: 'vi', count: 1 }], 5);
 * // { rows: [{ period: '2026-11-30', en: 3, vi: 1 }], keys: ['en', 'vi'] }
 */
export function pivotSeries(
  items: readonly { period: string; key: string; count: number }[],
  top = 6,
): { rows: SeriesRow[]; keys: string[] } {
  const totals = new Map<string, number>();
  for (const item of items) totals.set(item.key, (totals.get(item.key) ?? 0) + item.count);
  const ranked = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key]) => key);
  const kept = new Set(ranked.slice(0, top));
  const keys = ranked.length > top ? [...ranked.slice(0, top), 'other'] : ranked;
  const byPeriod = new Map<string, SeriesRow>();
  for (const item of items) {
    const row = byPeriod.get(item.period) ?? { period: item.period };
    const key = kept.has(item.key) ? item.key : 'other';
    row[key] = ((row[key] as number | undefined) ?? 0) + item.count;
    byPeriod.set(item.period, row);
  }
  const rows = [...byPeriod.values()].sort((a, b) => a.period.localeCompare(b.period));
  for (const row of rows) for (const key of keys) row[key] ??= 0;
  return { rows, keys };
}

/** The dashboard API over the session client. */
export function dashboardApi(client: ApiClient = apiClient()) {
  return {
    get: (bucket: Bucket = 'week') =>
      client.get<Dashboard>(`/api/v1/dashboard?${new URLSearchParams({ bucket })}`),
  };
}
export type DashboardApi = ReturnType<typeof dashboardApi>;
