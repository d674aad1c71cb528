import { z } from 'zod';
import { pageCursor } from '../../http/schema-fragments.js';

/** Why a flagged post was a false positive; counted by reason in the screening evaluation. */
export const DISMISS_REASONS = [
  'legitimate-job',
  'not-recruitment',
  'news-or-awareness',
  'duplicate',
  'other',
] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];

/** The label a decided post carries in the labelled-data export. */
export const LABELS = ['confirmed', 'false-positive'] as const;
export type Label = (typeof LABELS)[number];

/** Most posts one bulk decision (a campaign) may cover. */
export const MAX_BULK_POSTS = 200;

const reason = z.enum(DISMISS_REASONS, {
  error: (issue) =>
    `${issue.input === undefined ? 'is required to dismiss' : `${JSON.stringify(issue.input)} is not a reason`}: use one of ${DISMISS_REASONS.join(', ')}`,
});

const organisationId = z
  .uuid({
    error:
      'must be the id of an investigating organisation (a UUID); see GET /api/v1/moderation/escalation-targets',
  })
  .describe('The investigating organisation (law enforcement or prosecution) to escalate to');

const escalationNote = z
  .string({ error: 'must be text' })
  .trim()
  .min(10, 'must say why the post needs investigating (at least 10 characters)')
  .max(2000, 'must be at most 2000 characters');

export const postParams = z.object({ id: z.uuid({ error: 'must be a post id (a UUID)' }) });

export const confirmBody = z.object({}).strict().nullish().describe('No fields');
export const dismissBody = z
  .object({ reason })
  .strict()
  .describe('Why screening was wrong about the post');
export const escalateBody = z
  .object({ organisationId, note: escalationNote })
  .strict()
  .describe('The organisation to escalate to, and why');

export const bulkBody = z
  .object({
    action: z.enum(['confirm', 'dismiss', 'escalate'], {
      error: 'must be confirm, dismiss or escalate',
    }),
    postIds: z
      .array(z.uuid({ error: 'must be a post id (a UUID)' }))
      .min(1, 'give at least one post id')
      .max(MAX_BULK_POSTS, `holds at most ${MAX_BULK_POSTS} posts per request`)
      .describe('The posts of the campaign, e.g. a post and its near-duplicates'),
    reason: reason.optional().describe('Required to dismiss'),
    organisationId: organisationId.optional().describe('Required to escalate'),
    note: escalationNote.optional().describe('Required to escalate'),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.action === 'dismiss' && body.reason === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        message: `is required to dismiss: use one of ${DISMISS_REASONS.join(', ')}`,
      });
    }
    if (body.action === 'escalate') {
      if (body.organisationId === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['organisationId'],
          message: 'is required to escalate (see GET /api/v1/moderation/escalation-targets)',
        });
      }
      if (body.note === undefined) {
        ctx.addIssue({ code: 'custom', path: ['note'], message: 'is required to escalate' });
      }
    }
    if (body.action !== 'dismiss' && body.reason !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'only a dismissal has a reason' });
    }
    if (body.action !== 'escalate' && body.organisationId !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['organisationId'],
        message: 'only an escalation has an organisation',
      });
    }
  })
  .describe('One decision over several posts, such as every post of a campaign');
export type BulkBody = z.infer<typeof bulkBody>;

export const decidedPost = z.object({
  id: z.uuid(),
  status: z
    .enum(['actioned', 'dismissed', 'reviewed'])
    .describe('actioned: confirmed; dismissed: false positive; reviewed: escalated'),
  label: z.enum(LABELS).nullable().describe('null for an escalation (no final label)'),
  previousStatus: z.string(),
});
export type DecidedPost = z.infer<typeof decidedPost>;

export const decisionResult = z.object({
  items: z.array(decidedPost),
  escalatedTo: z
    .object({ id: z.uuid(), name: z.string(), recipients: z.number().int() })
    .optional()
    .describe('For an escalation: the organisation and how many of its users can now read'),
});
export type DecisionResult = z.infer<typeof decisionResult>;

export const campaignBody = z
  .object({
    items: z.array(
      z.object({
        id: z.uuid(),
        similarity: z.number().describe('1 for the post itself'),
        source: z.string(),
        risk: z.number(),
        decision: z.string(),
        status: z.string(),
        excerpt: z.string(),
        firstSeenAt: z.string(),
        organisation: z.object({ id: z.uuid(), name: z.string() }),
        decidable: z
          .boolean()
          .describe('Whether you may decide on it: your organisation submitted it'),
      }),
    ),
  })
  .describe('A post and the posts of its campaign you may read, most similar first');
export type CampaignBody = z.infer<typeof campaignBody>;

const STATUSES = ['new', 'reviewed', 'actioned', 'dismissed'] as const;

export const queueQuery = z
  .object({
    status: z
      .string()
      .max(100)
      .default('new')
      .transform((text, ctx) => {
        const list = [
          ...new Set(
            text
              .split(',')
              .map((v) => v.trim())
              .filter(Boolean),
          ),
        ];
        const bad = list.filter((v) => !(STATUSES as readonly string[]).includes(v));
        if (bad.length > 0 || list.length === 0) {
          ctx.addIssue({
            code: 'custom',
            message: `${bad.join(', ') || 'nothing'} is not a status; use one or more of ${STATUSES.join(', ')}, comma-separated`,
          });
          return z.NEVER;
        }
        return list;
      })
      .describe('`new` (to review, the default), `reviewed` (escalated), `actioned`, `dismissed`'),
    scope: z
      .enum(['mine', 'all'], { error: 'must be mine or all' })
      .default('mine')
      .describe(
        '`mine`: posts your organisation submitted (you decide on them); `all`: every post you may read',
      ),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: pageCursor,
  })
  .strict();
export type QueueQuery = z.infer<typeof queueQuery>;

export const escalationTargets = z.object({
  items: z.array(
    z.object({ id: z.uuid(), name: z.string(), type: z.string(), country: z.string() }),
  ),
});

export const labelsQuery = z
  .object({
    label: z.enum(LABELS, { error: `must be ${LABELS.join(' or ')}` }).optional(),
    since: z.iso
      .datetime({ offset: true, error: 'must be an ISO 8601 time such as 2026-12-01T00:00:00Z' })
      .optional()
      .describe('Only labels recorded at or after this time'),
  })
  .strict();
export type LabelsQuery = z.infer<typeof labelsQuery>;

/** One line of the labelled-data export. */
export interface LabelRecord {
  postId: string;
  label: Label;
  reason: DismissReason | null;
  labelledAt: string;
  labelledBy: { organisationId: string };
  /** The custody-log leaf that recorded the decision, for proof. */
  leafIndex: number;
  source: string;
  language: string;
  text: string;
  risk: number;
  decision: string;
  indicators: string[];
  fingerprint: string;
  tlp: string;
}
