import { type Kysely, type RawBuilder, type SqlBool, sql, type Transaction } from 'kysely';
import { keysetAfter } from '../../db/keyset.js';
import type { Database } from '../../db/schema.js';
import type { SqlPolicyActor } from '../sharing/sql-filter.js';
import type { TlpLevel } from '../sharing/tlp.js';
import { addressedReadableBy } from './notices.policy.js';
import type { NoticeStatus, SlaStatus } from './notices.schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A notice row with the names the API shows beside the ids. */
export interface NoticeRow {
  id: string;
  organisationId: string;
  organisationName: string;
  createdBy: string;
  createdByName: string;
  tlp: TlpLevel;
  platformOrganisationId: string;
  platformName: string;
  status: NoticeStatus;
  category: string;
  keywords: string[];
  urls: string[];
  postId: string | null;
  explanation: string;
  notifierName: string;
  notifierEmail: string;
  goodFaith: boolean;
  trustedFlagger: boolean;
  responseHours: number | null;
  sentAt: Date | null;
  dueAt: Date | null;
  acknowledgedAt: Date | null;
  decidedAt: Date | null;
  outcome: string | null;
  decision: string | null;
  appealedAt: Date | null;
  appeal: string | null;
  closedAt: Date | null;
  closing: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The condition of a notice the addressed platform may see: anything but a draft. */
export const DELIVERED = sql<SqlBool>`n.status <> 'draft'`;

/** The notices `actor` may read, as an SQL condition on alias `n`. */
export const noticeReadableBy = (actor: SqlPolicyActor) =>
  addressedReadableBy(actor, 'n', DELIVERED);

function selectNotices(db: Db) {
  return db
    .selectFrom('notices as n')
    .innerJoin('organisations as o', 'o.id', 'n.organisation_id')
    .innerJoin('organisations as p', 'p.id', 'n.platform_organisation_id')
    .innerJoin('users as u', 'u.id', 'n.created_by')
    .selectAll('n')
    .select([
      'o.name as organisation_name',
      'p.name as platform_name',
      'u.display_name as creator_name',
    ]);
}

type Selected = Awaited<ReturnType<ReturnType<typeof selectNotices>['execute']>>[number];

const time = (value: Date | string | null) => (value === null ? null : new Date(value));

function toRow(row: Selected): NoticeRow {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    createdBy: row.created_by,
    createdByName: row.creator_name,
    tlp: row.tlp as TlpLevel,
    platformOrganisationId: row.platform_organisation_id,
    platformName: row.platform_name,
    status: row.status as NoticeStatus,
    category: row.category,
    keywords: row.keywords,
    urls: row.urls,
    postId: row.post_id,
    explanation: row.explanation,
    notifierName: row.notifier_name,
    notifierEmail: row.notifier_email,
    goodFaith: row.good_faith,
    trustedFlagger: row.trusted_flagger,
    responseHours: row.response_hours,
    sentAt: time(row.sent_at),
    dueAt: time(row.due_at),
    acknowledgedAt: time(row.acknowledged_at),
    decidedAt: time(row.decided_at),
    outcome: row.outcome,
    decision: row.decision,
    appealedAt: time(row.appealed_at),
    appeal: row.appeal,
    closedAt: time(row.closed_at),
    closing: row.closing,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** One notice the actor may read (locked for update when asked), or `undefined`. */
export async function findReadableNotice(
  db: Db,
  actor: SqlPolicyActor,
  id: string,
  forUpdate = false,
): Promise<NoticeRow | undefined> {
  let query = selectNotices(db).where('n.id', '=', id).where(noticeReadableBy(actor));
  if (forUpdate) query = query.forUpdate('n');
  const row = await query.executeTakeFirst();
  return row && toRow(row);
}

/**
 * The SLA status of notices as an SQL condition on alias `n`, at time `now`. Mirrors
 * `slaStatusOf` in the presenter: open notices are overdue past `due_at` and due soon in the last
 * quarter of their response time; decided ones met or missed it.
 */
export function slaCondition(sla: SlaStatus, now: Date): RawBuilder<SqlBool> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const open = sql`n.status in ('sent', 'acknowledged')`;
  switch (sla) {
    case 'not-sent':
      return sql<SqlBool>`n.status = 'draft'`;
    case 'overdue':
      return sql<SqlBool>`(${open} and n.due_at < ${at})`;
    case 'due-soon':
      return sql<SqlBool>`(${open} and n.due_at >= ${at} and (n.due_at - ${at}) * 4 <= (n.due_at - n.sent_at))`;
    case 'on-time':
      return sql<SqlBool>`(${open} and (n.due_at - ${at}) * 4 > (n.due_at - n.sent_at))`;
    case 'met':
      return sql<SqlBool>`(n.decided_at is not null and n.decided_at <= n.due_at)`;
    case 'missed':
      return sql<SqlBool>`(n.decided_at is not null and n.decided_at > n.due_at)`;
  }
}

/** Filters of the notice list. */
export interface NoticeFilters {
  status?: NoticeStatus | undefined;
  sla?: SlaStatus | undefined;
  platform?: string | undefined;
  direction?: 'sent' | 'received' | undefined;
  /** Only notices that have been sent (have a due time). */
  sentOnly?: boolean | undefined;
}

function filtered(db: Db, actor: SqlPolicyActor, filters: NoticeFilters, now: Date) {
  let query = db.selectFrom('notices as n').where(noticeReadableBy(actor));
  if (filters.status) query = query.where('n.status', '=', filters.status);
  if (filters.platform) query = query.where('n.platform_organisation_id', '=', filters.platform);
  if (filters.sla) query = query.where(slaCondition(filters.sla, now));
  if (filters.sentOnly) query = query.where('n.due_at', 'is not', null);
  if (filters.direction === 'sent')
    query = query.where('n.organisation_id', '=', actor.organisationId);
  if (filters.direction === 'received') {
    query = query.where('n.platform_organisation_id', '=', actor.organisationId);
  }
  return query;
}

/**
 * Where a page starts: after this (time, id) in the list's order — `created_at` descending for
 * the newest-first list, `due_at` ascending for the most-urgent-first one.
 */
export interface NoticeCursor {
  sort: 'newest' | 'due';
  at: Date;
  id: string;
}

/** A page of the notices the actor may read, newest first or most urgent (earliest due) first. */
export async function listReadableNotices(
  db: Db,
  actor: SqlPolicyActor,
  filters: NoticeFilters,
  options: {
    now: Date;
    limit: number;
    sort: 'newest' | 'due';
    after?: NoticeCursor | undefined;
  },
): Promise<NoticeRow[]> {
  let ids = filtered(db, actor, filters, options.now).select('n.id').limit(options.limit);
  ids =
    options.sort === 'due'
      ? ids.orderBy('n.due_at', 'asc').orderBy('n.id', 'asc')
      : ids.orderBy('n.created_at', 'desc').orderBy('n.id', 'desc');
  if (options.after) {
    ids = ids.where(
      options.sort === 'due'
        ? keysetAfter('n', options.after, { column: 'due_at', order: 'asc' })
        : keysetAfter('n', options.after),
    );
  }
  const page = (await ids.execute()).map((row) => row.id);
  if (page.length === 0) return [];
  const rows = await selectNotices(db).where('n.id', 'in', page).execute();
  const byId = new Map(rows.map((row) => [row.id, toRow(row)]));
  return page.map((id) => byId.get(id)).filter((row): row is NoticeRow => row !== undefined);
}

/** How many notices the actor may read match the filters. */
export async function countReadableNotices(
  db: Db,
  actor: SqlPolicyActor,
  filters: NoticeFilters,
  now: Date,
): Promise<number> {
  const row = await filtered(db, actor, filters, now)
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Readable notices by SLA status at `now` (drafts excluded), for the dashboard. */
export async function countNoticesBySla(
  db: Db,
  actor: SqlPolicyActor,
  now: Date,
): Promise<Record<Exclude<SlaStatus, 'not-sent'>, number>> {
  const condition = (sla: SlaStatus) =>
    sql<number>`count(*) filter (where ${slaCondition(sla, now)})`;
  const row = await db
    .selectFrom('notices as n')
    .where(noticeReadableBy(actor))
    .where('n.status', '<>', 'draft')
    .select([
      condition('on-time').as('on_time'),
      condition('due-soon').as('due_soon'),
      condition('overdue').as('overdue'),
      condition('met').as('met'),
      condition('missed').as('missed'),
    ])
    .executeTakeFirstOrThrow();
  return {
    'on-time': Number(row.on_time),
    'due-soon': Number(row.due_soon),
    overdue: Number(row.overdue),
    met: Number(row.met),
    missed: Number(row.missed),
  };
}

/** Inserts a draft notice; returns its id. */
export async function insertNotice(
  db: Db,
  notice: {
    organisationId: string;
    createdBy: string;
    tlp: string;
    platformOrganisationId: string;
    category: string;
    keywords: string[];
    urls: string[];
    postId: string | null;
    explanation: string;
    notifierName: string;
    notifierEmail: string;
    goodFaith: boolean;
    at: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('notices')
    .values({
      organisation_id: notice.organisationId,
      created_by: notice.createdBy,
      tlp: notice.tlp,
      platform_organisation_id: notice.platformOrganisationId,
      status: 'draft',
      category: notice.category,
      keywords: notice.keywords,
      urls: notice.urls,
      post_id: notice.postId,
      explanation: notice.explanation,
      notifier_name: notice.notifierName,
      notifier_email: notice.notifierEmail,
      good_faith: notice.goodFaith,
      created_at: notice.at,
      updated_at: notice.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A platform organisation with its response-time standard, if it has set one. */
export interface PlatformRow {
  id: string;
  name: string;
  country: string;
  type: string;
  responseHours: number | null;
  trustedFlaggerHours: number | null;
  webhookUrl: string | null;
}

function selectPlatforms(db: Db) {
  return db
    .selectFrom('organisations as o')
    .leftJoin('platform_settings as s', 's.organisation_id', 'o.id')
    .select([
      'o.id',
      'o.name',
      'o.country',
      'o.type',
      's.response_hours',
      's.trusted_flagger_hours',
      's.webhook_url',
    ]);
}

type PlatformSelected = Awaited<ReturnType<ReturnType<typeof selectPlatforms>['execute']>>[number];
const toPlatform = (row: PlatformSelected): PlatformRow => ({
  id: row.id,
  name: row.name,
  country: row.country,
  type: row.type,
  responseHours: row.response_hours,
  trustedFlaggerHours: row.trusted_flagger_hours,
  webhookUrl: row.webhook_url,
});

/** An organisation (of any type) with its platform settings, or `undefined`. */
export async function findPlatform(db: Db, id: string): Promise<PlatformRow | undefined> {
  const row = await selectPlatforms(db).where('o.id', '=', id).executeTakeFirst();
  return row && toPlatform(row);
}

/** Every platform organisation, by name. */
export async function listPlatforms(db: Db): Promise<PlatformRow[]> {
  const rows = await selectPlatforms(db)
    .where('o.type', '=', 'platform')
    .orderBy('o.name')
    .execute();
  return rows.map(toPlatform);
}

/** Trusted-flagger status rows, with organisation names; one organisation when `id` is given. */
export async function listTrustedFlaggers(db: Db, id?: string) {
  let query = db
    .selectFrom('trusted_flaggers as t')
    .innerJoin('organisations as o', 'o.id', 't.organisation_id')
    .select(['t.organisation_id', 'o.name', 't.awarded_on', 't.awarded_by', 't.revoked_on'])
    .orderBy('o.name');
  if (id) query = query.where('t.organisation_id', '=', id);
  const rows = await query.execute();
  return rows.map((row) => ({
    organisationId: row.organisation_id,
    name: row.name,
    awardedOn: isoDate(row.awarded_on),
    awardedBy: row.awarded_by,
    revokedOn: row.revoked_on === null ? null : isoDate(row.revoked_on),
  }));
}

/** PostgreSQL `date` values come back as strings or as local-midnight Dates, by driver. */
function isoDate(value: string | Date): string {
  if (typeof value === 'string') return value.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}

/** Whether an organisation held trusted-flagger status on a date (YYYY-MM-DD). */
export async function isTrustedFlaggerOn(db: Db, organisationId: string, day: string) {
  const row = await db
    .selectFrom('trusted_flaggers')
    .select('organisation_id')
    .where('organisation_id', '=', organisationId)
    .where(
      sql<SqlBool>`awarded_on <= ${day}::date and (revoked_on is null or revoked_on > ${day}::date)`,
    )
    .executeTakeFirst();
  return row !== undefined;
}

/** Records a webhook delivery attempt. */
export async function insertDelivery(
  db: Db,
  delivery: {
    noticeId: string;
    url: string;
    at: Date;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
  },
): Promise<string> {
  const row = await db
    .insertInto('notice_webhook_deliveries')
    .values({
      notice_id: delivery.noticeId,
      url: delivery.url,
      attempted_at: delivery.at,
      status_code: delivery.statusCode,
      error: delivery.error,
      duration_ms: delivery.durationMs,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The webhook delivery attempts of a notice, oldest first. */
export async function listDeliveries(db: Db, noticeId: string) {
  const rows = await db
    .selectFrom('notice_webhook_deliveries')
    .selectAll()
    .where('notice_id', '=', noticeId)
    .orderBy('attempted_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    url: row.url,
    attemptedAt: new Date(row.attempted_at).toISOString(),
    statusCode: row.status_code,
    error: row.error,
    durationMs: row.duration_ms,
    ok: row.status_code !== null && row.status_code >= 200 && row.status_code < 300,
  }));
}
