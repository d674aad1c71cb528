import type { Actor } from '../auth/actor.js';
import type { NoticeRow } from './notices.repository.js';
import type { NoticeBody, Outcome, SlaStatus } from './notices.schema.js';

const HOUR = 3_600_000;
const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * How a notice stands against its response-time standard at `now`. Open notices (sent or
 * acknowledged) are `overdue` past their due time, `due-soon` in the last quarter of their
 * response time and `on-time` before; decided ones `met` or `missed` it. Mirrors `slaCondition`.
 *
 * @example
 * slaStatusOf({ status: 'sent', sentAt, dueAt, decidedAt: null }, new Date()); // 'overdue'
 */
export function slaStatusOf(
  row: Pick<NoticeRow, 'status' | 'sentAt' | 'dueAt' | 'decidedAt'>,
  now: Date,
): SlaStatus {
  if (row.status === 'draft' || !row.sentAt || !row.dueAt) return 'not-sent';
  if (row.decidedAt) return row.decidedAt.getTime() <= row.dueAt.getTime() ? 'met' : 'missed';
  const left = row.dueAt.getTime() - now.getTime();
  if (left < 0) return 'overdue';
  return left * 4 <= row.dueAt.getTime() - row.sentAt.getTime() ? 'due-soon' : 'on-time';
}

type Action = NoticeBody['actions'][number];

/** What `actor` may do with the notice now: the notifier's and the platform's next steps. */
export function noticeActions(actor: Actor, row: NoticeRow): Action[] {
  if (actor.role === 'viewer') return [];
  const actions: Action[] = [];
  const notifier = actor.organisationId === row.organisationId;
  const platform = actor.organisationId === row.platformOrganisationId;
  if (notifier && row.status === 'draft') actions.push('edit', 'delete', 'send');
  if (platform && row.status === 'sent') actions.push('acknowledge');
  if (platform && (row.status === 'sent' || row.status === 'acknowledged')) actions.push('decide');
  if (notifier && row.status === 'decided') actions.push('appeal');
  if ((notifier || platform) && (row.status === 'decided' || row.status === 'appealed')) {
    actions.push('close');
  }
  return actions;
}

const json = (text: string | null) =>
  text === null ? null : (JSON.parse(text) as Record<string, unknown>);

/**
 * A notice as `actor` sees it at `now`.
 *
 * @example
 * reply.send(presentNotice(row, actor, new Date()));
 */
export function presentNotice(row: NoticeRow, actor: Actor, now: Date): NoticeBody {
  const status = slaStatusOf(row, now);
  const open = status === 'on-time' || status === 'due-soon' || status === 'overdue';
  return {
    id: row.id,
    status: row.status,
    notifierOrganisation: { id: row.organisationId, name: row.organisationName },
    platform: { id: row.platformOrganisationId, name: row.platformName },
    createdBy: { id: row.createdBy, displayName: row.createdByName },
    tlp: row.tlp,
    category: row.category,
    keywords: row.keywords,
    urls: row.urls,
    postId: row.postId,
    explanation: row.explanation,
    notifierName: row.notifierName,
    notifierEmail: row.notifierEmail,
    goodFaith: row.goodFaith,
    trustedFlagger: row.trustedFlagger,
    sla: {
      status,
      standardHours: row.responseHours,
      dueAt: row.dueAt?.toISOString() ?? null,
      hoursLeft: open && row.dueAt ? round2((row.dueAt.getTime() - now.getTime()) / HOUR) : null,
      hoursToAction:
        row.decidedAt && row.sentAt
          ? round2((row.decidedAt.getTime() - row.sentAt.getTime()) / HOUR)
          : null,
    },
    sentAt: row.sentAt?.toISOString() ?? null,
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    outcome: (row.outcome as Outcome | null) ?? null,
    decision: json(row.decision),
    appealedAt: row.appealedAt?.toISOString() ?? null,
    appeal: json(row.appeal),
    closedAt: row.closedAt?.toISOString() ?? null,
    closing: json(row.closing),
    actions: noticeActions(actor, row),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
