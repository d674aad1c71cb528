import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../auth/actor.js';
import { findPlatform, noticeReadableBy } from './notices.repository.js';
import type {
  TransparencyQuery,
  TransparencyReport,
  TrustedFlaggerReport,
} from './notices.schema.js';
import type { NoticeDeps } from './notices.service.js';
import { trustedFlaggers } from './notices.settings.js';

/**
 * How the report's quantiles are computed: PostgreSQL's `percentile_cont`, linear interpolation
 * between the closest ranks (Hyndman and Fan type 7, as numpy's and R's defaults): for sorted
 * values x₁…xₙ, the q-quantile is at rank h = (n − 1)·q + 1, between x⌊h⌋ and x⌈h⌉.
 */
export const QUANTILE_METHOD =
  'linear interpolation between closest ranks (PostgreSQL percentile_cont; Hyndman-Fan type 7)';

const HOURS_TO_ACTION = sql<number>`extract(epoch from (n.decided_at - n.sent_at)) / 3600.0`;
const round3 = (value: number | string | null) =>
  value === null ? null : Math.round(Number(value) * 1000) / 1000;

function counts(rows: { key: string | null; count: number | string | bigint }[]) {
  return Object.fromEntries(rows.map((row) => [row.key ?? 'pending', Number(row.count)]));
}

/**
 * The transparency report of one platform for notices sent in `[from, to)`, computed only from
 * the notices `actor` may read: counts by outcome and category, median and p90 hours from send to
 * decision ({@link QUANTILE_METHOD}), and the share of notices that were or are overdue at `now`.
 *
 * @example
 * const report = await transparencyReport(deps, actor, { platform, from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z', format: 'json' });
 */
export async function transparencyReport(
  deps: NoticeDeps,
  actor: Actor,
  query: TransparencyQuery,
): Promise<TransparencyReport> {
  const platform = await findPlatform(deps.db, query.platform);
  if (!platform || platform.type !== 'platform') {
    throw new AppError(
      'bad_request',
      `querystring/platform: no platform organisation has id ${query.platform}; see GET /api/v1/platforms.`,
      [{ where: 'querystring/platform', message: 'not a platform organisation' }],
    );
  }
  const now = new Date(deps.now());
  const from = new Date(query.from);
  const to = new Date(query.to);
  const base = () =>
    deps.db
      .selectFrom('notices as n')
      .where(noticeReadableBy(actor))
      .where('n.platform_organisation_id', '=', platform.id)
      .where('n.sent_at', '>=', from)
      .where('n.sent_at', '<', to);
  const [totals, byOutcome, byCategory] = await Promise.all([
    base()
      .select([
        sql<string>`count(*)`.as('notices'),
        sql<string>`count(*) filter (where n.trusted_flagger)`.as('trusted'),
        sql<string>`count(n.decided_at)`.as('decided'),
        sql<number | null>`percentile_cont(0.5) within group (order by ${HOURS_TO_ACTION})`.as(
          'median',
        ),
        sql<number | null>`percentile_cont(0.9) within group (order by ${HOURS_TO_ACTION})`.as(
          'p90',
        ),
        sql<string>`count(*) filter (where n.decided_at > n.due_at or (n.decided_at is null and n.status in ('sent', 'acknowledged') and n.due_at < ${now.toISOString()}::timestamptz))`.as(
          'overdue',
        ),
        sql<string>`count(*) filter (where (n.decision::jsonb ->> 'automatedDecision') in ('fully', 'partially'))`.as(
          'automated',
        ),
        sql<string>`count(n.appealed_at)`.as('appealed'),
        sql<string>`count(*) filter (where (n.closing::jsonb ->> 'appealOutcome') = 'reversed')`.as(
          'reversed',
        ),
      ])
      .executeTakeFirstOrThrow(),
    base()
      .select([sql<string | null>`n.outcome`.as('key'), sql<string>`count(*)`.as('count')])
      .groupBy('n.outcome')
      .execute(),
    base()
      .select([sql<string>`n.category`.as('key'), sql<string>`count(*)`.as('count')])
      .groupBy('n.category')
      .execute(),
  ]);
  const notices = Number(totals.notices);
  const decided = Number(totals.decided);
  const overdue = Number(totals.overdue);
  return {
    platform: { id: platform.id, name: platform.name },
    from: from.toISOString(),
    to: to.toISOString(),
    generatedAt: now.toISOString(),
    notices,
    fromTrustedFlaggers: Number(totals.trusted),
    decided,
    pending: notices - decided,
    byOutcome: counts(byOutcome),
    byCategory: counts(byCategory),
    hoursToAction: {
      median: round3(totals.median),
      p90: round3(totals.p90),
      method: QUANTILE_METHOD,
    },
    overdue,
    overdueShare: notices === 0 ? null : Math.round((overdue / notices) * 10_000) / 10_000,
    automatedDecisions: Number(totals.automated),
    appealed: Number(totals.appealed),
    reversed: Number(totals.reversed),
  };
}

const csvCell = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * The transparency report as CSV: one `section,key,value` row per figure.
 *
 * @example
 * reply.type('text/csv').send(transparencyCsv(report));
 */
export function transparencyCsv(report: TransparencyReport): string {
  const rows: [string, string, string | number | null][] = [
    ['platform', 'id', report.platform.id],
    ['platform', 'name', report.platform.name],
    ['period', 'from', report.from],
    ['period', 'to', report.to],
    ['period', 'generatedAt', report.generatedAt],
    ['notices', 'total', report.notices],
    ['notices', 'fromTrustedFlaggers', report.fromTrustedFlaggers],
    ['notices', 'decided', report.decided],
    ['notices', 'pending', report.pending],
    ['notices', 'overdue', report.overdue],
    ['notices', 'overdueShare', report.overdueShare],
    ['notices', 'automatedDecisions', report.automatedDecisions],
    ['notices', 'appealed', report.appealed],
    ['notices', 'reversed', report.reversed],
    ['hoursToAction', 'median', report.hoursToAction.median],
    ['hoursToAction', 'p90', report.hoursToAction.p90],
    ['hoursToAction', 'method', report.hoursToAction.method],
    ...Object.entries(report.byOutcome).map(
      ([key, value]) => ['byOutcome', key, value] as [string, string, number],
    ),
    ...Object.entries(report.byCategory).map(
      ([key, value]) => ['byCategory', key, value] as [string, string, number],
    ),
  ];
  return `section,key,value\r\n${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/**
 * The DSA Art 22(3) annual report of the actor's organisation as a notifier: its notices sent in
 * `year` by platform, category and action taken (only those the actor may read).
 *
 * @example
 * const report = await trustedFlaggerReport(deps, actor, 2026);
 */
export async function trustedFlaggerReport(
  deps: NoticeDeps,
  actor: Actor,
  year: number,
): Promise<TrustedFlaggerReport> {
  const db: Kysely<Database> = deps.db;
  const from = new Date(Date.UTC(year, 0, 1));
  const to = new Date(Date.UTC(year + 1, 0, 1));
  const base = () =>
    db
      .selectFrom('notices as n')
      .where(noticeReadableBy(actor))
      .where('n.organisation_id', '=', actor.organisationId)
      .where('n.sent_at', '>=', from)
      .where('n.sent_at', '<', to);
  const [org, status, perPlatform, perPlatformOutcome, byCategory, byOutcome] = await Promise.all([
    db
      .selectFrom('organisations')
      .select(['id', 'name'])
      .where('id', '=', actor.organisationId)
      .executeTakeFirstOrThrow(),
    trustedFlaggers(deps, actor.organisationId),
    base()
      .innerJoin('organisations as p', 'p.id', 'n.platform_organisation_id')
      .select([
        'p.id',
        'p.name',
        sql<string>`count(*)`.as('notices'),
        sql<string>`count(n.decided_at)`.as('decided'),
        sql<number | null>`percentile_cont(0.5) within group (order by ${HOURS_TO_ACTION})`.as(
          'median',
        ),
      ])
      .groupBy(['p.id', 'p.name'])
      .orderBy('p.name')
      .execute(),
    base()
      .select([
        'n.platform_organisation_id as platform',
        sql<string | null>`n.outcome`.as('key'),
        sql<string>`count(*)`.as('count'),
      ])
      .groupBy(['n.platform_organisation_id', 'n.outcome'])
      .execute(),
    base()
      .select([sql<string>`n.category`.as('key'), sql<string>`count(*)`.as('count')])
      .groupBy('n.category')
      .execute(),
    base()
      .select([sql<string | null>`n.outcome`.as('key'), sql<string>`count(*)`.as('count')])
      .groupBy('n.outcome')
      .execute(),
  ]);
  return {
    organisation: { id: org.id, name: org.name },
    year,
    status: status.items[0] ?? null,
    notices: perPlatform.reduce((sum, row) => sum + Number(row.notices), 0),
    byPlatform: perPlatform.map((row) => ({
      platform: { id: row.id, name: row.name },
      notices: Number(row.notices),
      decided: Number(row.decided),
      byOutcome: counts(perPlatformOutcome.filter((r) => r.platform === row.id)),
      medianHoursToAction: round3(row.median),
    })),
    byCategory: counts(byCategory),
    byOutcome: counts(byOutcome),
  };
}
