import { createHash } from 'node:crypto';
import { canonicalJson } from '@jaga/custody';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import {
  cursorTime,
  decodeCursor,
  encodeCursor,
  isUuidLike,
  pageOf,
} from '../../http/pagination.js';
import type { Actor } from '../auth/actor.js';
import { appendLeaf } from '../log/custody-log.js';
import { presentNotice, slaStatusOf } from './notices.presenter.js';
import {
  countReadableNotices,
  findPlatform,
  findReadableNotice,
  insertDelivery,
  insertNotice,
  isTrustedFlaggerOn,
  listDeliveries,
  listReadableNotices,
  type NoticeCursor,
  type NoticeRow,
} from './notices.repository.js';
import {
  type AppealNoticeBody,
  type CloseNoticeBody,
  type CreateNoticeBody,
  type DecideNoticeBody,
  DEFAULT_RESPONSE_HOURS,
  DEFAULT_TRUSTED_FLAGGER_HOURS,
  type ListNoticesQuery,
  type NoticeBody,
  type NoticeStatus,
  type Outcome,
  type UpdateNoticeBody,
} from './notices.schema.js';

/** What the notice service works with. */
export interface NoticeDeps {
  db: Kysely<Database>;
  now: () => number;
  /** How long a platform's webhook may take to answer, in milliseconds. */
  webhookTimeoutMs: number;
}

/** 5 seconds: the default webhook timeout. */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5000;

/** The one answer for a missing and for an unreadable notice: ids cannot be probed. */
export const noticeNotFound = (id: string) => new AppError('not_found', `No notice with id ${id}.`);

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
const actorRef = (actor: Actor) => ({ userId: actor.userId, organisationId: actor.organisationId });

/** A 400 that names the field, so a form can show the message beside it. */
export function fieldError(where: string, message: string): AppError {
  return new AppError('bad_request', `${where}: ${message}`, [{ where, message }]);
}

/** SHA-256 of the DSA Art 16 content of a notice, as its custody leaves bind it (never by value). */
export function noticeContentDigest(row: NoticeRow): string {
  return sha256Hex(
    canonicalJson({
      platformOrganisationId: row.platformOrganisationId,
      category: row.category,
      keywords: row.keywords,
      urls: row.urls,
      postId: row.postId,
      explanation: row.explanation,
      notifierName: row.notifierName,
      notifierEmail: row.notifierEmail,
      goodFaith: row.goodFaith,
      tlp: row.tlp,
    }),
  );
}

function requireWriter(actor: Actor): void {
  if (actor.role === 'viewer') {
    throw new AppError('forbidden', 'Viewers may read notices but not write or act on them.');
  }
}

async function requirePlatform(db: Kysely<Database> | Transaction<Database>, id: string) {
  const platform = await findPlatform(db, id);
  if (!platform || platform.type !== 'platform') {
    throw fieldError(
      'body/platformOrganisationId',
      `no platform organisation has id ${id}; see GET /api/v1/platforms for the platforms on this hub.`,
    );
  }
  return platform;
}

/**
 * Creates a draft notice of the actor's organisation and appends its `notice.create` leaf.
 *
 * @example
 * const notice = await createNotice(deps, actor, { platformOrganisationId, category, urls, … });
 */
export async function createNotice(
  deps: NoticeDeps,
  actor: Actor,
  body: CreateNoticeBody,
): Promise<NoticeBody> {
  requireWriter(actor);
  await requirePlatform(deps.db, body.platformOrganisationId);
  const at = new Date(deps.now());
  const id = await deps.db.transaction().execute(async (trx) => {
    const newId = await insertNotice(trx, {
      organisationId: actor.organisationId,
      createdBy: actor.userId,
      tlp: body.tlp,
      platformOrganisationId: body.platformOrganisationId,
      category: body.category,
      keywords: [...new Set(body.keywords)],
      urls: [...new Set(body.urls)],
      postId: body.postId,
      explanation: body.explanation,
      notifierName: body.notifierName,
      notifierEmail: body.notifierEmail.toLowerCase(),
      goodFaith: body.goodFaith,
      at,
    });
    const row = await findReadableNotice(trx, actor, newId);
    if (!row) throw new Error('A new notice is not readable by its creator');
    await appendLeaf(trx, {
      type: 'notice.create',
      actor: actorRef(actor),
      subject: { kind: 'notice', id: newId },
      at: at.toISOString(),
      details: {
        platformOrganisationId: row.platformOrganisationId,
        contentSha256: noticeContentDigest(row),
      },
    });
    return newId;
  });
  return getNotice(deps, actor, id);
}

/**
 * One notice the actor may read (its notifier organisation, or the platform once sent), or 404.
 *
 * @example
 * const notice = await getNotice(deps, actor, id);
 */
export async function getNotice(deps: NoticeDeps, actor: Actor, id: string): Promise<NoticeBody> {
  const row = await findReadableNotice(deps.db, actor, id);
  if (!row) throw noticeNotFound(id);
  return presentNotice(row, actor, new Date(deps.now()));
}

// The sort is part of the cursor: a cursor of one order means nothing in the other.
function encodeNoticeCursor(row: NoticeRow, sort: 'newest' | 'due'): string {
  const at = sort === 'due' ? row.dueAt : row.createdAt;
  return encodeCursor([sort, at?.toISOString(), row.id]);
}

function decodeNoticeCursor(cursor: string, sort: 'newest' | 'due'): NoticeCursor {
  return decodeCursor(
    cursor,
    ([kind, at, id]) => {
      const time = cursorTime(at);
      return kind === sort && time && isUuidLike(id) ? { sort, at: time, id } : undefined;
    },
    () =>
      fieldError(
        'querystring/cursor',
        'not a cursor of this list; pass the nextCursor of the previous page as is, with the same sort.',
      ),
  );
}

/**
 * A page of the notices the actor may read, newest first, with the total matching the filters.
 *
 * @example
 * const { items, total, nextCursor } = await listNotices(deps, actor, { limit: 50, sla: 'overdue' });
 */
export async function listNotices(
  deps: NoticeDeps,
  actor: Actor,
  query: ListNoticesQuery,
): Promise<{ items: NoticeBody[]; total: number; nextCursor: string | null }> {
  const now = new Date(deps.now());
  const filters = {
    status: query.status,
    sla: query.sla,
    platform: query.platform,
    direction: query.direction,
    sentOnly: query.sort === 'due',
  };
  const [rows, total] = await Promise.all([
    listReadableNotices(deps.db, actor, filters, {
      now,
      limit: query.limit + 1,
      sort: query.sort,
      after: query.cursor ? decodeNoticeCursor(query.cursor, query.sort) : undefined,
    }),
    countReadableNotices(deps.db, actor, filters, now),
  ]);
  const { page, nextCursor } = pageOf(rows, query.limit, (last) =>
    encodeNoticeCursor(last, query.sort),
  );
  return { items: page.map((row) => presentNotice(row, actor, now)), total, nextCursor };
}

type Party = 'notifier' | 'platform' | 'either';

const DONE = {
  edit: 'edited',
  delete: 'deleted',
  send: 'sent',
  acknowledge: 'acknowledged',
  decide: 'decided',
  appeal: 'appealed',
  close: 'closed',
} as const;

const ACTION_RULES: Record<
  'edit' | 'delete' | 'send' | 'acknowledge' | 'decide' | 'appeal' | 'close',
  { from: readonly NoticeStatus[]; party: Party }
> = {
  edit: { from: ['draft'], party: 'notifier' },
  delete: { from: ['draft'], party: 'notifier' },
  send: { from: ['draft'], party: 'notifier' },
  acknowledge: { from: ['sent'], party: 'platform' },
  decide: { from: ['sent', 'acknowledged'], party: 'platform' },
  appeal: { from: ['decided'], party: 'notifier' },
  close: { from: ['decided', 'appealed'], party: 'either' },
};

/**
 * Runs one step of a notice's life in a transaction: the notice is locked, the actor's party and
 * the notice's status checked (403 and 409 with what is possible instead), then `apply` writes
 * and the step's custody leaf is appended.
 */
async function step(
  deps: NoticeDeps,
  actor: Actor,
  id: string,
  action: keyof typeof ACTION_RULES,
  apply: (
    trx: Transaction<Database>,
    row: NoticeRow,
    at: Date,
  ) => Promise<Record<string, unknown> | undefined>,
): Promise<NoticeRow | undefined> {
  requireWriter(actor);
  const rule = ACTION_RULES[action];
  const at = new Date(deps.now());
  return deps.db.transaction().execute(async (trx) => {
    const row = await findReadableNotice(trx, actor, id, true);
    if (!row) throw noticeNotFound(id);
    const notifier = actor.organisationId === row.organisationId;
    const platform = actor.organisationId === row.platformOrganisationId;
    const allowed =
      rule.party === 'either'
        ? notifier || platform
        : rule.party === 'notifier'
          ? notifier
          : platform;
    if (!allowed) {
      throw new AppError(
        'forbidden',
        rule.party === 'platform'
          ? `Only users of ${row.platformName}, the platform this notice is addressed to, may ${action} it.`
          : `Only users of ${row.organisationName}, which sent this notice, may ${action} it.`,
      );
    }
    if (!rule.from.includes(row.status)) {
      throw new AppError(
        'conflict',
        `Notice ${id} is ${row.status}; it can be ${DONE[action]} only when ${rule.from.join(' or ')}.`,
        { status: row.status, allowedFrom: rule.from },
      );
    }
    const details = await apply(trx, row, at);
    await appendLeaf(trx, {
      type: `notice.${action}`,
      actor: actorRef(actor),
      subject: { kind: 'notice', id },
      at: at.toISOString(),
      details: { fromStatus: row.status, ...details },
    });
    return action === 'delete' ? undefined : findReadableNotice(trx, actor, id);
  });
}

/**
 * Changes fields of a draft notice (409 once sent) and appends a `notice.edit` leaf.
 *
 * @example
 * await updateNotice(deps, actor, id, { urls: ['https://example.com/p/1'] });
 */
export async function updateNotice(
  deps: NoticeDeps,
  actor: Actor,
  id: string,
  body: UpdateNoticeBody,
): Promise<NoticeBody> {
  if (body.platformOrganisationId) await requirePlatform(deps.db, body.platformOrganisationId);
  await step(deps, actor, id, 'edit', async (trx, _row, at) => {
    await trx
      .updateTable('notices')
      .set({
        ...(body.platformOrganisationId !== undefined
          ? { platform_organisation_id: body.platformOrganisationId }
          : {}),
        ...(body.category !== undefined ? { category: body.category } : {}),
        ...(body.keywords !== undefined ? { keywords: [...new Set(body.keywords)] } : {}),
        ...(body.urls !== undefined ? { urls: [...new Set(body.urls)] } : {}),
        ...(body.postId !== undefined ? { post_id: body.postId } : {}),
        ...(body.explanation !== undefined ? { explanation: body.explanation } : {}),
        ...(body.notifierName !== undefined ? { notifier_name: body.notifierName } : {}),
        ...(body.notifierEmail !== undefined
          ? { notifier_email: body.notifierEmail.toLowerCase() }
          : {}),
        ...(body.goodFaith !== undefined ? { good_faith: body.goodFaith } : {}),
        ...(body.tlp !== undefined ? { tlp: body.tlp } : {}),
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
    const updated = await findReadableNotice(trx, actor, id);
    return { contentSha256: updated ? noticeContentDigest(updated) : null };
  });
  return getNotice(deps, actor, id);
}

/**
 * Deletes a draft notice (409 once sent); the `notice.delete` leaf keeps its content hash.
 *
 * @example
 * await deleteNotice(deps, actor, id);
 */
export async function deleteNotice(deps: NoticeDeps, actor: Actor, id: string): Promise<void> {
  await step(deps, actor, id, 'delete', async (trx, row) => {
    await trx.deleteFrom('notices').where('id', '=', id).execute();
    return { contentSha256: noticeContentDigest(row) };
  });
}

/** The result of pushing a sent notice to its platform's webhook. */
export interface WebhookResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

/**
 * Sends a draft: checks it is DSA Art 16-complete, fixes its due time from the platform's
 * standard (the trusted-flagger standard when the notifier held that status on the day), then
 * pushes it to the platform's webhook if it has one (after the send is committed: a platform that
 * is down does not stop a notice from being sent; every attempt is recorded).
 *
 * @example
 * const { webhook, ...notice } = await sendNotice(deps, actor, id);
 */
export async function sendNotice(
  deps: NoticeDeps,
  actor: Actor,
  id: string,
): Promise<NoticeBody & { webhook: WebhookResult | null }> {
  let webhookUrl: string | null = null;
  await step(deps, actor, id, 'send', async (trx, row, at) => {
    if (!row.goodFaith) {
      throw fieldError(
        'body/goodFaith',
        'confirm that the notice is accurate and complete in good faith (DSA Art 16(2)(d)) before sending it.',
      );
    }
    const platform = await findPlatform(trx, row.platformOrganisationId);
    if (!platform || platform.type !== 'platform') {
      throw fieldError(
        'body/platformOrganisationId',
        `${row.platformName} is no longer a platform organisation; address the notice to another.`,
      );
    }
    const trusted = await isTrustedFlaggerOn(
      trx,
      row.organisationId,
      at.toISOString().slice(0, 10),
    );
    const hours = trusted
      ? (platform.trustedFlaggerHours ?? DEFAULT_TRUSTED_FLAGGER_HOURS)
      : (platform.responseHours ?? DEFAULT_RESPONSE_HOURS);
    const dueAt = new Date(at.getTime() + hours * 3_600_000);
    await trx
      .updateTable('notices')
      .set({
        status: 'sent',
        sent_at: at,
        due_at: dueAt,
        response_hours: hours,
        trusted_flagger: trusted,
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
    webhookUrl = platform.webhookUrl;
    return {
      toStatus: 'sent',
      platformOrganisationId: row.platformOrganisationId,
      contentSha256: noticeContentDigest(row),
      trustedFlagger: trusted,
      responseHours: hours,
      dueAt: dueAt.toISOString(),
    };
  });
  const webhook = webhookUrl ? await deliverWebhook(deps, id, webhookUrl) : null;
  return { ...(await getNotice(deps, actor, id)), webhook };
}

/**
 * POSTs a sent notice to a platform webhook with a timeout, and records the attempt (with its
 * custody leaf). Never throws for the platform's failures: they are recorded and returned.
 *
 * @example
 * const result = await deliverWebhook(deps, noticeId, 'https://platform.example/jaga');
 */
export async function deliverWebhook(
  deps: NoticeDeps,
  id: string,
  url: string,
): Promise<WebhookResult> {
  // Read as the platform reads it: the webhook speaks to the platform.
  const row = await deps.db
    .selectFrom('notices as n')
    .select('n.platform_organisation_id')
    .where('n.id', '=', id)
    .executeTakeFirstOrThrow();
  const notice = await findReadableNotice(
    deps.db,
    {
      userId: '00000000-0000-0000-0000-000000000000',
      organisationId: row.platform_organisation_id,
    },
    id,
  );
  if (!notice) throw noticeNotFound(id);
  const payload = {
    type: 'notice.sent',
    notice: webhookView(notice, new Date(deps.now())),
  };
  const at = new Date(deps.now());
  const started = performance.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Jaga notices' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(deps.webhookTimeoutMs),
      redirect: 'error',
    });
    statusCode = response.status;
    await response.body?.cancel();
    if (!response.ok) error = `the webhook answered HTTP ${response.status}`;
  } catch (cause) {
    const name = (cause as Error).name;
    error =
      name === 'TimeoutError' || name === 'AbortError'
        ? `no answer within ${deps.webhookTimeoutMs} ms`
        : `could not reach the webhook: ${((cause as Error & { cause?: Error }).cause ?? (cause as Error)).message}`;
  }
  const durationMs = Math.round(performance.now() - started);
  await deps.db.transaction().execute(async (trx) => {
    const deliveryId = await insertDelivery(trx, {
      noticeId: id,
      url,
      at,
      statusCode,
      error,
      durationMs,
    });
    await appendLeaf(trx, {
      type: 'notice.webhook-delivery',
      subject: { kind: 'notice', id },
      at: at.toISOString(),
      details: { deliveryId, statusCode, ok: error === null },
    });
  });
  return { ok: error === null, statusCode, error };
}

/** What a platform's webhook receives: the notice as the platform sees it, with where to act. */
function webhookView(row: NoticeRow, now: Date) {
  const body = presentNotice(
    row,
    {
      userId: '00000000-0000-0000-0000-000000000000',
      organisationId: row.platformOrganisationId,
      role: 'platform-reviewer',
      email: '',
      via: 'token',
      scopes: [],
    },
    now,
  );
  return {
    ...body,
    links: {
      self: `/api/v1/notices/${row.id}`,
      acknowledge: `/api/v1/notices/${row.id}/acknowledge`,
      decide: `/api/v1/notices/${row.id}/decide`,
    },
  };
}

/**
 * The webhook delivery attempts of a notice the actor may read.
 *
 * @example
 * const { items } = await webhookDeliveriesOf(deps, actor, id);
 */
export async function webhookDeliveriesOf(deps: NoticeDeps, actor: Actor, id: string) {
  const row = await findReadableNotice(deps.db, actor, id);
  if (!row) throw noticeNotFound(id);
  return { items: await listDeliveries(deps.db, id) };
}

/**
 * Pushes a sent notice to its platform's webhook again (either party may ask).
 *
 * @example
 * const result = await redeliverWebhook(deps, actor, id);
 */
export async function redeliverWebhook(
  deps: NoticeDeps,
  actor: Actor,
  id: string,
): Promise<WebhookResult> {
  requireWriter(actor);
  const row = await findReadableNotice(deps.db, actor, id);
  if (!row) throw noticeNotFound(id);
  if (
    actor.organisationId !== row.organisationId &&
    actor.organisationId !== row.platformOrganisationId
  ) {
    throw new AppError('forbidden', 'Only the notifier or the platform may push a notice again.');
  }
  if (row.status === 'draft') {
    throw new AppError('conflict', `Notice ${id} is a draft; send it first.`);
  }
  const platform = await findPlatform(deps.db, row.platformOrganisationId);
  if (!platform?.webhookUrl) {
    throw new AppError(
      'conflict',
      `${row.platformName} has no webhook; it reads notices through the API.`,
    );
  }
  return deliverWebhook(deps, id, platform.webhookUrl);
}

/**
 * The platform confirms receipt of a sent notice (DSA Art 16(4)).
 *
 * @example
 * await acknowledgeNotice(deps, platformUser, id);
 */
export async function acknowledgeNotice(
  deps: NoticeDeps,
  actor: Actor,
  id: string,
): Promise<NoticeBody> {
  await step(deps, actor, id, 'acknowledge', async (trx, _row, at) => {
    await trx
      .updateTable('notices')
      .set({ status: 'acknowledged', acknowledged_at: at, updated_at: at })
      .where('id', '=', id)
      .execute();
    return { toStatus: 'acknowledged' };
  });
  return getNotice(deps, actor, id);
}

const OUTCOME_ORDER: readonly Outcome[] = [
  'removed',
  'disabled',
  'account-terminated',
  'account-suspended',
  'provision-restricted',
  'monetary-restricted',
  'age-restricted',
  'interaction-restricted',
  'demoted',
  'labelled',
  'other',
];

/**
 * The one outcome a decision is counted under: its strongest restriction, or `no-action`.
 *
 * @example
 * outcomeOf({ visibility: ['labelled', 'demoted'], account: null, provision: null, monetary: null }); // 'demoted'
 */
export function outcomeOf(
  decision: Pick<DecideNoticeBody, 'visibility' | 'account' | 'provision' | 'monetary'>,
): Outcome {
  const found = new Set<Outcome>(decision.visibility);
  if (decision.account)
    found.add(decision.account === 'terminated' ? 'account-terminated' : 'account-suspended');
  if (decision.provision) found.add('provision-restricted');
  if (decision.monetary) found.add('monetary-restricted');
  return OUTCOME_ORDER.find((outcome) => found.has(outcome)) ?? 'no-action';
}

/**
 * The platform records its decision with a DSA Art 17 statement of reasons.
 *
 * @example
 * await decideNotice(deps, platformUser, id, { contentId: 'p-123', visibility: ['removed'], … });
 */
export async function decideNotice(
  deps: NoticeDeps,
  actor: Actor,
  id: string,
  body: DecideNoticeBody,
): Promise<NoticeBody> {
  const outcome = outcomeOf(body);
  await step(deps, actor, id, 'decide', async (trx, row, at) => {
    const decision = {
      ...body,
      sourceType: row.trustedFlagger ? 'SOURCE_TRUSTED_FLAGGER' : 'SOURCE_ARTICLE_16',
      category: row.category,
      keywords: row.keywords,
    };
    const text = JSON.stringify(decision);
    await trx
      .updateTable('notices')
      .set({
        status: 'decided',
        decided_at: at,
        decided_by: actor.userId,
        outcome,
        decision: text,
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
    return {
      toStatus: 'decided',
      outcome,
      decisionSha256: sha256Hex(canonicalJson(decision)),
      slaStatus: slaStatusOf({ ...row, decidedAt: at }, at),
    };
  });
  return getNotice(deps, actor, id);
}

/**
 * The notifier appeals a decision (DSA Art 20 complaint).
 *
 * @example
 * await appealNotice(deps, actor, id, { reason: 'The post is still recruiting…' });
 */
export async function appealNotice(
  deps: NoticeDeps,
  actor: Actor,
  id: string,
  body: AppealNoticeBody,
): Promise<NoticeBody> {
  await step(deps, actor, id, 'appeal', async (trx, _row, at) => {
    const appeal = { reason: body.reason, by: actor.userId };
    await trx
      .updateTable('notices')
      .set({ status: 'appealed', appealed_at: at, appeal: JSON.stringify(appeal), updated_at: at })
      .where('id', '=', id)
      .execute();
    return { toStatus: 'appealed', appealSha256: sha256Hex(canonicalJson(appeal)) };
  });
  return getNotice(deps, actor, id);
}

/**
 * Closes a decided or appealed notice; an appealed one needs the appeal's outcome.
 *
 * @example
 * await closeNotice(deps, platformUser, id, { appealOutcome: 'upheld' });
 */
export async function closeNotice(
  deps: NoticeDeps,
  actor: Actor,
  id: string,
  body: CloseNoticeBody,
): Promise<NoticeBody> {
  await step(deps, actor, id, 'close', async (trx, row, at) => {
    if (row.status === 'appealed' && !body.appealOutcome) {
      throw fieldError(
        'body/appealOutcome',
        'say whether the appealed decision was upheld or reversed.',
      );
    }
    if (row.status === 'decided' && body.appealOutcome) {
      throw fieldError(
        'body/appealOutcome',
        'this notice was not appealed; leave appealOutcome out.',
      );
    }
    const closing = {
      appealOutcome: body.appealOutcome ?? null,
      note: body.note ?? null,
      by: actor.userId,
    };
    await trx
      .updateTable('notices')
      .set({ status: 'closed', closed_at: at, closing: JSON.stringify(closing), updated_at: at })
      .where('id', '=', id)
      .execute();
    return { toStatus: 'closed', appealOutcome: closing.appealOutcome };
  });
  return getNotice(deps, actor, id);
}
