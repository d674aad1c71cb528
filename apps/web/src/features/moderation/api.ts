import type { TlpLevel } from '../artefacts/api.js';
import { type ApiClient, apiClient } from '../auth/api.js';

/** Screening decisions as the API spells them. */
export type ScreeningDecision = 'allow' | 'label' | 'review' | 'remove';

/** A post in `GET /api/v1/posts`. */
export interface PostSummary {
  id: string;
  source: string;
  externalId: string | null;
  url: string | null;
  excerpt: string;
  language: string;
  location: string | null;
  country: string | null;
  postedAt: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  risk: number;
  decision: ScreeningDecision;
  status: string;
  fingerprint: string;
  tlp: TlpLevel;
  organisation: { id: string; name: string };
  isDemo: boolean;
}

export interface PostPage {
  items: PostSummary[];
  total: number;
  nextCursor: string | null;
}

/** A half-open span of UTF-16 code units into the post's text. */
export interface EvidenceSpan {
  start: number;
  end: number;
  text: string;
  /** Set when the span points into another field (title, location), not the text. */
  field?: string;
}

export interface Indicator {
  code: string;
  label: string;
  weight: number;
  evidence: EvidenceSpan[];
}

/** A post as `GET /api/v1/posts/{id}` answers. */
export interface PostDetail extends PostSummary {
  text: string;
  screening: {
    risk: number;
    decision: ScreeningDecision;
    language: string;
    indicators: Indicator[];
    warning: { language: string; text: string } | null;
  };
  selectors: {
    id: string;
    type: string;
    value: string;
    platform?: string;
    chain?: string;
    country?: string;
    earlierSightings: { postId: string; seenAt: string; source: string }[];
  }[];
  nearDuplicates: {
    id: string;
    similarity: number;
    source: string;
    firstSeenAt: string;
    risk: number;
    excerpt: string;
  }[];
}

/** One post of a campaign, for a bulk decision. */
export interface CampaignPost {
  id: string;
  similarity: number;
  source: string;
  risk: number;
  decision: string;
  status: string;
  excerpt: string;
  firstSeenAt: string;
  organisation: { id: string; name: string };
  decidable: boolean;
}

/** Why a flagged post was a false positive, with what each means to a reviewer. */
export const DISMISS_REASONS = [
  { value: 'legitimate-job', label: 'A legitimate job ad' },
  { value: 'not-recruitment', label: 'Not recruitment at all' },
  { value: 'news-or-awareness', label: 'News or an awareness warning' },
  { value: 'duplicate', label: 'A duplicate already handled' },
  { value: 'other', label: 'Other' },
] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number]['value'];

export type ModerationAction = 'confirm' | 'dismiss' | 'escalate';

export interface DecisionResult {
  items: { id: string; status: string; label: string | null; previousStatus: string }[];
  escalatedTo?: { id: string; name: string; recipients: number };
}

export interface Organisation {
  id: string;
  name: string;
  type: string;
  country: string;
}

export interface Platform {
  id: string;
  name: string;
}

/** Queue filters: what a reviewer works through. */
export const QUEUE_VIEWS = [
  { value: 'new', label: 'To review' },
  { value: 'reviewed', label: 'Escalated' },
  { value: 'actioned,dismissed', label: 'Decided' },
] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number]['value'];

/** `mine`: posts the user's organisation submitted (it decides on them); `all`: every readable one. */
export type QueueScope = 'mine' | 'all';

/**
 * The moderation calls: the queue of flagged posts (review and remove decisions, riskiest first),
 * a post with its evidence, its campaign, decisions one by one or in bulk, and a draft notice.
 *
 * @example
 * const page = await moderationApi().queue('new');
 */
export function moderationApi(client: ApiClient = apiClient()) {
  const post = (id: string) => `/api/v1/moderation/posts/${encodeURIComponent(id)}`;
  return {
    queue: (view: QueueView, scope: QueueScope = 'mine', cursor?: string | null) => {
      const query = new URLSearchParams({ status: view, scope, limit: '50' });
      if (cursor) query.set('cursor', cursor);
      return client.get<PostPage>(`/api/v1/moderation/queue?${query}`);
    },
    post: (id: string) => client.get<PostDetail>(`/api/v1/posts/${encodeURIComponent(id)}`),
    campaign: (id: string) => client.get<{ items: CampaignPost[] }>(`${post(id)}/campaign`),
    confirm: (id: string) => client.post<DecisionResult>(`${post(id)}/confirm`),
    dismiss: (id: string, reason: DismissReason) =>
      client.post<DecisionResult>(`${post(id)}/dismiss`, { reason }),
    escalate: (id: string, organisationId: string, note: string) =>
      client.post<DecisionResult>(`${post(id)}/escalate`, { organisationId, note }),
    bulk: (
      action: ModerationAction,
      postIds: string[],
      extra: { reason?: DismissReason; organisationId?: string; note?: string } = {},
    ) => client.post<DecisionResult>('/api/v1/moderation/bulk', { action, postIds, ...extra }),
    escalationTargets: () =>
      client.get<{ items: Organisation[] }>('/api/v1/moderation/escalation-targets'),
    platforms: () => client.get<{ items: Platform[] }>('/api/v1/platforms'),
    draftNotice: (body: {
      platformOrganisationId: string;
      urls: string[];
      postId: string;
      explanation: string;
      notifierName: string;
      notifierEmail: string;
    }) =>
      client.post<{ id: string }>('/api/v1/notices', {
        ...body,
        category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
        keywords: ['KEYWORD_HUMAN_TRAFFICKING'],
      }),
  };
}
export type ModerationApi = ReturnType<typeof moderationApi>;

/** Where the labelled data (confirmations and false positives) downloads as JSON Lines. */
export const LABELS_URL = '/api/v1/moderation/labels';
