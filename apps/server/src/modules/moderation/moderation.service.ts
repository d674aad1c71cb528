import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, UserRole } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { decodeCursor, encodeCursor, isUuidLike, pageOf } from '../../http/pagination.js';
import type { Actor } from '../auth/actor.js';
import { appendLeaf } from '../log/custody-log.js';
import { excerpt, presentPostSummary } from '../posts/posts.presenter.js';
import type { PostSummary } from '../posts/posts.schema.js';
import { findReadablePost, nearDuplicatePosts } from '../posts/posts.repository.js';
import { CAMPAIGN_MAX_DISTANCE } from '../posts/posts.service.js';
import { canChangeSharing } from '../sharing/policy.js';
import {
  addRecipients,
  escalationRecipients,
  findOrganisation,
  flaggedPosts,
  INVESTIGATING_TYPES,
  investigatingOrganisations,
  labelledPosts,
  lockReadablePosts,
  notifyOrganisation,
  setPostStatus,
} from './moderation.repository.js';
import type {
  CampaignBody,
  DecidedPost,
  DecisionResult,
  DismissReason,
  Label,
  LabelRecord,
  LabelsQuery,
  QueueQuery,
} from './moderation.schema.js';

/** What the moderation service needs. */
export interface ModerationDeps {
  db: Kysely<Database>;
  now: () => number;
}

/** A decision on flagged posts. */
export type Decision =
  | { action: 'confirm' }
  | { action: 'dismiss'; reason: DismissReason }
  | { action: 'escalate'; organisationId: string; note: string };

/** Roles that review flagged posts: reviewers, trusted-flagger moderators, analysts, investigators. */
export const MODERATING_ROLES: readonly UserRole[] = [
  'admin',
  'analyst',
  'investigator',
  'moderator',
  'platform-reviewer',
];

const STATUS_OF = { confirm: 'actioned', dismiss: 'dismissed', escalate: 'reviewed' } as const;
const LABEL_OF: Record<Decision['action'], Label | null> = {
  confirm: 'confirmed',
  dismiss: 'false-positive',
  escalate: null,
};

const actorRef = (actor: Actor) => ({ userId: actor.userId, organisationId: actor.organisationId });

/**
 * Records one decision on one post or on several (a campaign), all or nothing: every post must be
 * readable by the actor (else 404 naming it) and owned by the actor's organisation (else 403), in
 * one transaction with one `moderation.<action>` custody leaf per post.
 *
 * - confirm: status `actioned`, label `confirmed`.
 * - dismiss: status `dismissed`, label `false-positive` with its reason; kept as labelled data.
 * - escalate: status `reviewed`; the investigators and analysts of the chosen law-enforcement or
 *   prosecution organisation become named recipients (a `post.sharing-change` leaf each) and the
 *   organisation gets a notification.
 *
 * A later decision replaces an earlier one (the log keeps both).
 *
 * @example
 * await decide(deps, actor, [postId], { action: 'dismiss', reason: 'legitimate-job' });
 */
export async function decide(
  deps: ModerationDeps,
  actor: Actor,
  postIds: readonly string[],
  decision: Decision,
): Promise<DecisionResult> {
  if (!MODERATING_ROLES.includes(actor.role)) {
    throw new AppError(
      'forbidden',
      `Your role (${actor.role}) may read flagged posts but not decide on them; reviewers, moderators, analysts and investigators do.`,
    );
  }
  const ids = [...new Set(postIds.map((id) => id.toLowerCase()))];
  let target: { id: string; name: string; recipients: string[] } | undefined;
  if (decision.action === 'escalate') {
    const organisation = await findOrganisation(deps.db, decision.organisationId);
    if (
      !organisation ||
      !(INVESTIGATING_TYPES as readonly string[]).includes(organisation.type) ||
      organisation.id === actor.organisationId
    ) {
      throw new AppError(
        'bad_request',
        `organisationId: no other investigating organisation (law enforcement or prosecution) has id ${decision.organisationId}; see GET /api/v1/moderation/escalation-targets.`,
      );
    }
    const recipients = await escalationRecipients(deps.db, organisation.id);
    if (recipients.length === 0) {
      throw new AppError(
        'bad_request',
        `organisationId: ${organisation.name} has no active investigator or analyst to receive the post; ask its administrator to add one.`,
      );
    }
    target = { id: organisation.id, name: organisation.name, recipients };
  }
  const at = new Date(deps.now());
  const status = STATUS_OF[decision.action];
  const items = await deps.db.transaction().execute(async (trx) => {
    const posts = await lockReadablePosts(trx, actor, ids);
    const found = new Map(posts.map((p) => [p.id, p]));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) {
      throw new AppError(
        'not_found',
        `No post with id ${missing.join(', ')}; nothing was changed.`,
      );
    }
    const others = posts.filter((p) => p.organisationId !== actor.organisationId);
    if (others.length > 0) {
      const owners = [...new Set(others.map((p) => p.organisationName))].join(', ');
      throw new AppError(
        'forbidden',
        `Post ${others.map((p) => p.id).join(', ')} belongs to ${owners}: only its users decide on it. Nothing was changed.`,
      );
    }
    if (target) {
      const locked = posts.filter((p) => !canChangeSharing(actor, p));
      if (locked.length > 0) {
        throw new AppError(
          'forbidden',
          `Post ${locked.map((p) => p.id).join(', ')} is RED: only the user who submitted it may share it with another organisation. Nothing was changed.`,
        );
      }
      await addRecipients(trx, ids, target.recipients);
    }
    await setPostStatus(trx, ids, status, at);
    const decided: DecidedPost[] = [];
    for (const id of ids) {
      const post = found.get(id);
      if (!post) continue;
      if (target && decision.action === 'escalate') {
        await notifyOrganisation(
          trx,
          target.id,
          'moderation.escalated',
          `A flagged post was escalated to you for investigation. Note: "${decision.note}"`,
          id,
          at,
        );
        await appendLeaf(trx, {
          type: 'post.sharing-change',
          actor: actorRef(actor),
          subject: { kind: 'post', id },
          at: at.toISOString(),
          details: { escalatedTo: target.id, addedRecipientIds: target.recipients },
        });
      }
      await appendLeaf(trx, {
        type: `moderation.${decision.action}`,
        actor: actorRef(actor),
        subject: { kind: 'post', id },
        at: at.toISOString(),
        details: {
          previousStatus: post.status,
          status,
          ...(LABEL_OF[decision.action] ? { label: LABEL_OF[decision.action] } : {}),
          ...(decision.action === 'dismiss' ? { reason: decision.reason } : {}),
          ...(target ? { organisationId: target.id } : {}),
          ...(ids.length > 1 ? { bulk: ids.length } : {}),
        },
      });
      decided.push({ id, status, label: LABEL_OF[decision.action], previousStatus: post.status });
    }
    return decided;
  });
  return {
    items,
    ...(target
      ? { escalatedTo: { id: target.id, name: target.name, recipients: target.recipients.length } }
      : {}),
  };
}

// The queue is riskiest first: a page starts after the (risk, id) of the previous one's last post.
const encodeRiskCursor = (at: { risk: number; id: string }): string =>
  encodeCursor([at.risk, at.id]);

const decodeRiskCursor = (cursor: string): { risk: number; id: string } =>
  decodeCursor(cursor, ([risk, id]) =>
    typeof risk === 'number' && isUuidLike(id) ? { risk, id } : undefined,
  );

/**
 * The moderation queue: posts screening sent to review or removal, riskiest first, in the given
 * statuses; by default only those the actor's organisation submitted (the ones its reviewers
 * decide on), or every one the actor may read with `scope: 'all'`.
 *
 * @example
 * await moderationQueue(deps, actor, { status: ['new'], scope: 'mine', limit: 50 });
 */
export async function moderationQueue(
  deps: ModerationDeps,
  actor: Actor,
  query: QueueQuery,
): Promise<{ items: PostSummary[]; total: number; nextCursor: string | null }> {
  const { rows, total } = await flaggedPosts(
    deps.db,
    actor,
    {
      statuses: query.status,
      organisationId: query.scope === 'mine' ? actor.organisationId : undefined,
    },
    { limit: query.limit + 1, after: query.cursor ? decodeRiskCursor(query.cursor) : undefined },
  );
  const { page, nextCursor } = pageOf(rows, query.limit, encodeRiskCursor);
  return { items: page.map(presentPostSummary), total, nextCursor };
}

/** Most posts of a campaign listed for a bulk decision (the bulk limit). */
export const MAX_CAMPAIGN_POSTS = 200;

/**
 * A post and the readable posts of its campaign (fingerprints within the campaign distance), each
 * with its owner, status and whether the actor may decide on it: what a bulk decision can cover.
 * 404 when the post does not exist or the actor may not read it.
 *
 * @example
 * const { items } = await campaignOf(deps, actor, postId);
 */
export async function campaignOf(
  deps: ModerationDeps,
  actor: Actor,
  id: string,
): Promise<CampaignBody> {
  const post = await findReadablePost(deps.db, actor, id);
  if (!post) throw new AppError('not_found', `No post with id ${id}.`);
  const others = await nearDuplicatePosts(deps.db, actor, post.fingerprint, {
    maxDistance: CAMPAIGN_MAX_DISTANCE,
    excludeId: id,
    limit: MAX_CAMPAIGN_POSTS - 1,
  });
  const mayDecide = MODERATING_ROLES.includes(actor.role);
  return {
    items: [{ ...post, distance: 0 }, ...others].map((row) => ({
      id: row.id,
      similarity: 1 - row.distance / 64,
      source: row.source,
      risk: row.risk,
      decision: row.decision,
      status: row.status,
      excerpt: excerpt(row.text, 200),
      firstSeenAt: row.firstSeenAt.toISOString(),
      organisation: { id: row.organisationId, name: row.organisationName },
      decidable: mayDecide && row.organisationId === actor.organisationId,
    })),
  };
}

/**
 * The organisations a flagged post can be escalated to: law enforcement and prosecution, other than
 * the actor's own.
 *
 * @example
 * const { items } = await escalationTargets(deps, actor);
 */
export async function escalationTargets(deps: ModerationDeps, actor: Actor) {
  return { items: await investigatingOrganisations(deps.db, actor.organisationId) };
}

interface DecisionLeaf {
  type: string;
  at: string;
  actor?: { organisationId: string };
  details?: { label?: Label; reason?: DismissReason; status?: string };
}

/**
 * The labelled data of moderation as JSON Lines, for the screening evaluation: every post the
 * actor may read whose latest decision is a confirmation or a dismissal, oldest decision first,
 * with its text, the engine's risk, decision and indicators, and the label from the custody log.
 * The export itself is custody-logged (count and SHA-256 of the body).
 *
 * @example
 * const { body, count } = await exportLabels(deps, actor, { label: 'false-positive' });
 */
export async function exportLabels(
  deps: ModerationDeps,
  actor: Actor,
  query: LabelsQuery,
): Promise<{ body: string; count: number }> {
  const since = query.since ? Date.parse(query.since) : undefined;
  const rows = await labelledPosts(deps.db, actor);
  const records: LabelRecord[] = [];
  for (const row of rows) {
    const leaf = JSON.parse(row.leaf) as DecisionLeaf;
    const label = leaf.details?.label;
    if (label !== 'confirmed' && label !== 'false-positive') continue;
    // A status changed since by other means (PATCH /api/v1/posts/{id}) voids the label.
    if (leaf.details?.status !== row.status) continue;
    if (query.label && label !== query.label) continue;
    if (since !== undefined && Date.parse(leaf.at) < since) continue;
    const screening = JSON.parse(row.screening) as { indicators?: { code: string }[] };
    records.push({
      postId: row.id,
      label,
      reason: leaf.details?.reason ?? null,
      labelledAt: leaf.at,
      labelledBy: { organisationId: leaf.actor?.organisationId ?? '' },
      leafIndex: row.leafIndex,
      source: row.source,
      language: row.language,
      text: row.text,
      risk: row.risk,
      decision: row.decision,
      indicators: (screening.indicators ?? []).map((i) => i.code),
      fingerprint: row.fingerprint,
      tlp: row.tlp,
    });
  }
  const body = records.map((r) => `${JSON.stringify(r)}\n`).join('');
  await appendLeaf(deps.db, {
    type: 'moderation.labels-export',
    actor: actorRef(actor),
    at: new Date(deps.now()).toISOString(),
    details: {
      count: records.length,
      sha256: createHash('sha256').update(body).digest('hex'),
      ...(query.label ? { label: query.label } : {}),
      ...(query.since ? { since: query.since } : {}),
    },
  });
  return { body, count: records.length };
}
