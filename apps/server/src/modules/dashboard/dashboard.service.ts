import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Actor } from '../auth/actor.js';
import { openRequestsByDeadline } from '../evidence-requests/evidence-requests.service.js';
import { countNoticesBySla, noticeReadableBy } from '../notices/notices.repository.js';
import { readableBy } from '../sharing/sql-filter.js';
import type { DashboardBody, DashboardQuery } from './dashboard.schema.js';

/** What the dashboard reads from. */
export interface DashboardDeps {
  db: Kysely<Database>;
  now: () => number;
}

const DAY = 86_400_000;

/**
 * The hub's dashboard for one viewer: every figure is computed only from records the viewer may
 * read (notices and evidence requests by their addressed-record rule, posts and compounds by the
 * sharing policy).
 *
 * @example
 * const body = await dashboard(deps, actor, { bucket: 'week' });
 */
export async function dashboard(
  deps: DashboardDeps,
  actor: Actor,
  query: DashboardQuery,
): Promise<DashboardBody> {
  const now = new Date(deps.now());
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 90 * DAY);
  const period = sql<string>`to_char(date_trunc(${query.bucket}, coalesce(p.posted_at, p.first_seen_at) at time zone 'UTC'), 'YYYY-MM-DD')`;
  const flagged = () =>
    deps.db
      .selectFrom('posts as p')
      .where(readableBy(actor, 'p'))
      .where('p.decision', '<>', 'allow')
      .where(
        sql<boolean>`coalesce(p.posted_at, p.first_seen_at) >= ${from.toISOString()}::timestamptz`,
      )
      .where(
        sql<boolean>`coalesce(p.posted_at, p.first_seen_at) < ${to.toISOString()}::timestamptz`,
      );
  const [bySla, open, requests, flaggedRows, compounds] = await Promise.all([
    countNoticesBySla(deps.db, actor, now),
    deps.db
      .selectFrom('notices as n')
      .where(noticeReadableBy(actor))
      .where('n.status', 'in', ['sent', 'acknowledged'])
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow(),
    openRequestsByDeadline(deps, actor),
    // One scan of the posts, grouped by period, language and country; the two series are sums.
    flagged()
      .select([
        period.as('period'),
        'p.language',
        sql<string>`coalesce(p.country, 'unknown')`.as('country'),
        sql<string>`count(*)`.as('count'),
      ])
      .groupBy([sql`1`, sql`2`, sql`3`])
      .execute(),
    deps.db
      .selectFrom('entities as e')
      .where(readableBy(actor, 'e'))
      .where('e.kind', '=', 'compound')
      .select([
        sql<string>`coalesce(e.status, 'unknown')`.as('status'),
        sql<string>`count(*)`.as('count'),
      ])
      .groupBy(sql`1`)
      .execute(),
  ]);
  const byLanguage = new Map<string, { period: string; language: string; count: number }>();
  const byCountry = new Map<string, { period: string; country: string; count: number }>();
  for (const row of flaggedRows) {
    const count = Number(row.count);
    const language = byLanguage.get(`${row.period} ${row.language}`) ?? {
      period: row.period,
      language: row.language,
      count: 0,
    };
    language.count += count;
    byLanguage.set(`${row.period} ${row.language}`, language);
    const country = byCountry.get(`${row.period} ${row.country}`) ?? {
      period: row.period,
      country: row.country,
      count: 0,
    };
    country.count += count;
    byCountry.set(`${row.period} ${row.country}`, country);
  }
  const order = (a: [string, unknown], b: [string, unknown]) =>
    a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
  const languageRows = [...byLanguage.entries()].sort(order).map(([, row]) => row);
  const countryRows = [...byCountry.entries()].sort(order).map(([, row]) => row);
  return {
    generatedAt: now.toISOString(),
    notices: { open: Number(open.count), bySla },
    evidenceRequests: requests,
    flaggedPosts: {
      from: from.toISOString(),
      to: to.toISOString(),
      bucket: query.bucket,
      total: languageRows.reduce((sum, row) => sum + row.count, 0),
      byLanguage: languageRows,
      byCountry: countryRows,
    },
    compounds: {
      total: compounds.reduce((sum, row) => sum + Number(row.count), 0),
      byStatus: Object.fromEntries(compounds.map((row) => [row.status, Number(row.count)])),
    },
  };
}
