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
  const [bySla, open, requests, byLanguage, byCountry, compounds] = await Promise.all([
    countNoticesBySla(deps.db, actor, now),
    deps.db
      .selectFrom('notices as n')
      .where(noticeReadableBy(actor))
      .where('n.status', 'in', ['sent', 'acknowledged'])
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow(),
    openRequestsByDeadline(deps, actor),
    flagged()
      .select([period.as('period'), 'p.language', sql<string>`count(*)`.as('count')])
      .groupBy([sql`1`, 'p.language'])
      .orderBy(sql`1`)
      .orderBy('p.language')
      .execute(),
    flagged()
      .select([
        period.as('period'),
        sql<string>`coalesce(p.country, 'unknown')`.as('country'),
        sql<string>`count(*)`.as('count'),
      ])
      .groupBy([sql`1`, sql`2`])
      .orderBy(sql`1`)
      .orderBy(sql`2`)
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
  const languageRows = byLanguage.map((row) => ({
    period: row.period,
    language: row.language,
    count: Number(row.count),
  }));
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
      byCountry: byCountry.map((row) => ({
        period: row.period,
        country: row.country,
        count: Number(row.count),
      })),
    },
    compounds: {
      total: compounds.reduce((sum, row) => sum + Number(row.count), 0),
      byStatus: Object.fromEntries(compounds.map((row) => [row.status, Number(row.count)])),
    },
  };
}
