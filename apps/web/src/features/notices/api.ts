import { type ApiClient, ApiError, apiClient } from '../auth/api.js';

/** Where a notice is on its way from the notifier to the platform's final decision. */
export const NOTICE_STATUSES = [
  'draft',
  'sent',
  'acknowledged',
  'decided',
  'appealed',
  'closed',
] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/** How a notice stands against its platform's response-time standard, as the API says it. */
export const SLA_STATUSES = [
  'not-sent',
  'on-time',
  'due-soon',
  'overdue',
  'met',
  'missed',
] as const;
export type SlaStatus = (typeof SLA_STATUSES)[number];

/** Each SLA status in words, for badges and filters. */
export const SLA_LABELS: Readonly<Record<SlaStatus, string>> = {
  'not-sent': 'Not sent',
  'on-time': 'On time',
  'due-soon': 'Due soon',
  overdue: 'Overdue',
  met: 'Decided in time',
  missed: 'Decided late',
};

/** DSA Transparency Database categories (Art 24(5)), with the words people use. */
export const NOTICE_CATEGORIES = [
  { value: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', label: 'Scams and fraud' },
  { value: 'STATEMENT_CATEGORY_VIOLENCE', label: 'Violence' },
  { value: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH', label: 'Illegal or harmful speech' },
  {
    value: 'STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS',
    label: 'Data protection and privacy violations',
  },
  { value: 'STATEMENT_CATEGORY_NON_CONSENSUAL_BEHAVIOUR', label: 'Non-consensual behaviour' },
  { value: 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS', label: 'Protection of minors' },
  { value: 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY', label: 'Risk for public security' },
  {
    value: 'STATEMENT_CATEGORY_UNSAFE_AND_ILLEGAL_PRODUCTS',
    label: 'Unsafe and illegal products',
  },
  {
    value: 'STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS',
    label: 'Intellectual property infringements',
  },
  {
    value: 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC',
    label: 'Other violation of terms and conditions',
  },
] as const;

export const NOTICE_KEYWORDS = [
  { value: 'KEYWORD_HUMAN_TRAFFICKING', label: 'Human trafficking' },
  { value: 'KEYWORD_PHISHING', label: 'Phishing' },
  { value: 'KEYWORD_INAUTHENTIC_ACCOUNTS', label: 'Inauthentic accounts' },
  {
    value: 'KEYWORD_IMPERSONATION_OR_ACCOUNT_HIJACKING',
    label: 'Impersonation or account hijacking',
  },
  { value: 'KEYWORD_OTHER', label: 'Other' },
] as const;

/** Restrictions of visibility (DSA Art 17(1)(a)). */
export const DECISION_VISIBILITY = [
  { value: 'removed', label: 'Removed' },
  { value: 'disabled', label: 'Access disabled' },
  { value: 'demoted', label: 'Demoted' },
  { value: 'age-restricted', label: 'Age-restricted' },
  { value: 'interaction-restricted', label: 'Interaction restricted' },
  { value: 'labelled', label: 'Labelled' },
  { value: 'other', label: 'Other restriction' },
] as const;

/** Outcomes the reports count, in words. */
export const OUTCOME_LABELS: Readonly<Record<string, string>> = {
  removed: 'Removed',
  disabled: 'Access disabled',
  demoted: 'Demoted',
  'age-restricted': 'Age-restricted',
  'interaction-restricted': 'Interaction restricted',
  labelled: 'Labelled',
  other: 'Other restriction',
  'account-terminated': 'Account terminated',
  'account-suspended': 'Account suspended',
  'provision-restricted': 'Service restricted',
  'monetary-restricted': 'Payments restricted',
  'no-action': 'No action',
  pending: 'Not yet decided',
};

/** The label of a category or keyword code; the code itself when unknown. */
export function codeLabel(code: string): string {
  const all: readonly { value: string; label: string }[] = [
    ...NOTICE_CATEGORIES,
    ...NOTICE_KEYWORDS,
  ];
  return all.find((item) => item.value === code)?.label ?? code;
}

export const NOTICE_TLP_LEVELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT'] as const;
export type NoticeTlp = (typeof NOTICE_TLP_LEVELS)[number];

export type NoticeAction =
  'edit' | 'delete' | 'send' | 'acknowledge' | 'decide' | 'appeal' | 'close';

interface Ref {
  id: string;
  name: string;
}

/** A notice as `GET /api/v1/notices/{id}` answers. */
export interface Notice {
  id: string;
  status: NoticeStatus;
  notifierOrganisation: Ref;
  platform: Ref;
  createdBy: { id: string; displayName: string };
  tlp: string;
  category: string;
  keywords: string[];
  urls: string[];
  postId: string | null;
  explanation: string;
  notifierName: string;
  notifierEmail: string;
  goodFaith: boolean;
  trustedFlagger: boolean;
  sla: {
    status: SlaStatus;
    standardHours: number | null;
    dueAt: string | null;
    hoursLeft: number | null;
    hoursToAction: number | null;
  };
  sentAt: string | null;
  acknowledgedAt: string | null;
  decidedAt: string | null;
  outcome: string | null;
  decision: Record<string, unknown> | null;
  appealedAt: string | null;
  appeal: Record<string, unknown> | null;
  closedAt: string | null;
  closing: Record<string, unknown> | null;
  actions: NoticeAction[];
  createdAt: string;
  updatedAt: string;
}

export interface NoticePage {
  items: Notice[];
  total: number;
  nextCursor: string | null;
}

export interface NoticeFilters {
  status?: NoticeStatus | null;
  sla?: SlaStatus | null;
  platform?: string | null;
  direction?: 'sent' | 'received' | null;
  /** `due`: sent notices only, the most urgent (most overdue) first. */
  sort?: 'newest' | 'due' | null;
}

/** What `POST /api/v1/notices` takes. */
export interface NoticeDraft {
  platformOrganisationId: string;
  category: string;
  keywords: string[];
  urls: string[];
  postId: string | null;
  explanation: string;
  notifierName: string;
  notifierEmail: string;
  goodFaith: boolean;
  tlp: NoticeTlp;
}

/** The DSA Art 17 statement of reasons `POST /api/v1/notices/{id}/decide` takes. */
export interface Decision {
  contentId: string;
  visibility: string[];
  monetary: 'suspended' | 'terminated' | 'other' | null;
  provision:
    'partial-suspension' | 'total-suspension' | 'partial-termination' | 'total-termination' | null;
  account: 'suspended' | 'terminated' | null;
  endDate: string | null;
  ground: 'illegal-content' | 'incompatible-content' | null;
  groundReference: string | null;
  groundExplanation: string | null;
  facts: string;
  automatedDetection: boolean;
  automatedDecision: 'fully' | 'partially' | 'not-automated';
  territorialScope: string[];
  redress: string | null;
}

export interface Platform {
  id: string;
  name: string;
  country: string;
  responseHours: number;
  trustedFlaggerHours: number;
  isDefault: boolean;
}

export interface TrustedFlagger {
  organisation: Ref;
  awardedOn: string;
  awardedBy: string;
  revokedOn: string | null;
  active: boolean;
}

export interface TransparencyReport {
  platform: Ref;
  from: string;
  to: string;
  generatedAt: string;
  notices: number;
  fromTrustedFlaggers: number;
  decided: number;
  pending: number;
  byOutcome: Record<string, number>;
  byCategory: Record<string, number>;
  hoursToAction: { median: number | null; p90: number | null; method: string };
  overdue: number;
  overdueShare: number | null;
  automatedDecisions: number;
  appealed: number;
  reversed: number;
}

export interface TrustedFlaggerReport {
  organisation: Ref;
  year: number;
  status: TrustedFlagger | null;
  notices: number;
  byPlatform: {
    platform: Ref;
    notices: number;
    decided: number;
    byOutcome: Record<string, number>;
    medianHoursToAction: number | null;
  }[];
  byCategory: Record<string, number>;
  byOutcome: Record<string, number>;
}

/** A stored post, as the posts list gives it (the flagged ones a notice starts from). */
export interface PostSummary {
  id: string;
  source: string;
  url: string | null;
  excerpt: string;
  language: string;
  country: string | null;
  risk: number;
  decision: 'allow' | 'label' | 'review' | 'remove';
  status: string;
  firstSeenAt: string;
  organisation: Ref;
}

export interface PostDetail extends PostSummary {
  text: string;
  screening: {
    risk: number;
    decision: string;
    indicators: {
      code: string;
      label: string;
      weight: number;
      evidence: { start: number; end: number; text: string }[];
    }[];
  };
}

/**
 * A failed answer's problems by field path: the server names each problem `body/urls/0`, so
 * `urls.0` and (the first for the field) `urls` both map to its message, for the form to show
 * next to the input. Problems outside the body keep their place name (`querystring.cursor`).
 *
 * @example
 * pathErrors(new ApiError(400, 'x', [{ where: 'body/urls/0', message: 'must be an exact http(s) URL' }]));
 * // { 'urls.0': 'must be an exact http(s) URL', urls: 'must be an exact http(s) URL' }
 */
export function pathErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return out;
  for (const item of error.details as { where?: unknown; message?: unknown }[]) {
    if (typeof item?.where !== 'string' || typeof item.message !== 'string') continue;
    const parts = item.where
      .replace(/^body\/?/, '')
      .split('/')
      .filter(Boolean);
    if (parts.length === 0) continue;
    for (let n = parts.length; n >= 1; n--) {
      const key = parts.slice(0, n).join('.');
      if (!(key in out)) out[key] = item.message;
    }
  }
  return out;
}

/**
 * A span of hours as people read it: "3 h 20 min", "2 days 4 h", "45 min".
 *
 * @example
 * formatHours(50.5); // '2 days 2 h'
 */
export function formatHours(hours: number): string {
  const minutes = Math.round(Math.abs(hours) * 60);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  if (h < 48) {
    const m = minutes % 60;
    return m === 0 ? `${h} h` : `${h} h ${m} min`;
  }
  const days = Math.floor(h / 24);
  const rest = h % 24;
  return rest === 0 ? `${days} days` : `${days} days ${rest} h`;
}

/**
 * What a notice's SLA badge says: overdue ones say by how much, open ones how long is left.
 *
 * @example
 * slaText({ status: 'overdue', hoursLeft: -5.5, … }); // 'Overdue by 5 h 30 min'
 */
export function slaText(sla: Notice['sla']): string {
  if (sla.status === 'overdue' && sla.hoursLeft !== null) {
    return `Overdue by ${formatHours(sla.hoursLeft)}`;
  }
  if ((sla.status === 'due-soon' || sla.status === 'on-time') && sla.hoursLeft !== null) {
    return `${SLA_LABELS[sla.status]}: ${formatHours(sla.hoursLeft)} left`;
  }
  if ((sla.status === 'met' || sla.status === 'missed') && sla.hoursToAction !== null) {
    return `${SLA_LABELS[sla.status]} (${formatHours(sla.hoursToAction)})`;
  }
  return SLA_LABELS[sla.status];
}

/** One step of a notice's life, for its timeline. */
export interface TimelineStep {
  status: NoticeStatus;
  label: string;
  at: string;
  detail?: string;
}

/**
 * The steps a notice has been through, in order, from its timestamps.
 *
 * @example
 * noticeTimeline(notice).map((step) => step.label); // ['Drafted', 'Sent', 'Decided: Removed']
 */
export function noticeTimeline(notice: Notice): TimelineStep[] {
  const steps: TimelineStep[] = [
    {
      status: 'draft',
      label: 'Drafted',
      at: notice.createdAt,
      detail: `by ${notice.createdBy.displayName}, ${notice.notifierOrganisation.name}`,
    },
  ];
  if (notice.sentAt) {
    steps.push({
      status: 'sent',
      label: `Sent to ${notice.platform.name}`,
      at: notice.sentAt,
      detail:
        notice.sla.standardHours !== null
          ? `${notice.trustedFlagger ? 'Trusted-flagger priority: ' : ''}decision due within ${formatHours(notice.sla.standardHours)}`
          : undefined,
    });
  }
  if (notice.acknowledgedAt) {
    steps.push({ status: 'acknowledged', label: 'Receipt confirmed', at: notice.acknowledgedAt });
  }
  if (notice.decidedAt) {
    steps.push({
      status: 'decided',
      label: `Decided: ${OUTCOME_LABELS[notice.outcome ?? ''] ?? notice.outcome ?? ''}`,
      at: notice.decidedAt,
      detail:
        notice.sla.hoursToAction !== null
          ? `${formatHours(notice.sla.hoursToAction)} after sending`
          : undefined,
    });
  }
  if (notice.appealedAt) {
    const reason = notice.appeal?.reason;
    steps.push({
      status: 'appealed',
      label: 'Appealed',
      at: notice.appealedAt,
      detail: typeof reason === 'string' ? reason : undefined,
    });
  }
  if (notice.closedAt) {
    const outcome = notice.closing?.appealOutcome;
    const note = notice.closing?.note;
    steps.push({
      status: 'closed',
      label: typeof outcome === 'string' ? `Closed: decision ${outcome}` : 'Closed',
      at: notice.closedAt,
      detail: typeof note === 'string' ? note : undefined,
    });
  }
  return steps;
}

const id = (value: string) => encodeURIComponent(value);

/** Where the transparency report of a platform over [from, to) downloads as CSV. */
export function transparencyCsvUrl(platform: string, from: string, to: string): string {
  return `/api/v1/reports/transparency?${new URLSearchParams({ platform, from, to, format: 'csv' })}`;
}

/** The notices API (and the flagged posts a notice starts from) over the session client. */
export function noticesApi(client: ApiClient = apiClient()) {
  return {
    list: (filters: NoticeFilters, cursor?: string | null, limit = 25) => {
      const query = new URLSearchParams({ limit: String(limit) });
      for (const [key, value] of Object.entries(filters)) if (value) query.set(key, value);
      if (cursor) query.set('cursor', cursor);
      return client.get<NoticePage>(`/api/v1/notices?${query}`);
    },
    get: (noticeId: string) => client.get<Notice>(`/api/v1/notices/${id(noticeId)}`),
    create: (draft: NoticeDraft) => client.post<Notice>('/api/v1/notices', draft),
    update: (noticeId: string, draft: Partial<NoticeDraft>) =>
      client.patch<Notice>(`/api/v1/notices/${id(noticeId)}`, draft),
    remove: (noticeId: string) => client.delete<void>(`/api/v1/notices/${id(noticeId)}`),
    send: (noticeId: string) =>
      client.post<Notice & { webhook: { ok: boolean; error: string | null } | null }>(
        `/api/v1/notices/${id(noticeId)}/send`,
        {},
      ),
    acknowledge: (noticeId: string) =>
      client.post<Notice>(`/api/v1/notices/${id(noticeId)}/acknowledge`, {}),
    decide: (noticeId: string, decision: Decision) =>
      client.post<Notice>(`/api/v1/notices/${id(noticeId)}/decide`, decision),
    appeal: (noticeId: string, reason: string) =>
      client.post<Notice>(`/api/v1/notices/${id(noticeId)}/appeal`, { reason }),
    close: (noticeId: string, body: { appealOutcome?: 'upheld' | 'reversed'; note?: string }) =>
      client.post<Notice>(`/api/v1/notices/${id(noticeId)}/close`, body),
    platforms: () => client.get<{ items: Platform[] }>('/api/v1/platforms'),
    trustedFlaggers: () => client.get<{ items: TrustedFlagger[] }>('/api/v1/trusted-flaggers'),
    transparency: (platform: string, from: string, to: string) =>
      client.get<TransparencyReport>(
        `/api/v1/reports/transparency?${new URLSearchParams({ platform, from, to })}`,
      ),
    trustedFlaggerReport: (year: number) =>
      client.get<TrustedFlaggerReport>(`/api/v1/reports/trusted-flagger?year=${year}`),
    flaggedPosts: (cursor?: string | null) => {
      const query = new URLSearchParams({ decision: 'review,remove', limit: '25' });
      if (cursor) query.set('cursor', cursor);
      return client.get<{ items: PostSummary[]; total: number; nextCursor: string | null }>(
        `/api/v1/posts?${query}`,
      );
    },
    post: (postId: string) => client.get<PostDetail>(`/api/v1/posts/${id(postId)}`),
  };
}
export type NoticesApi = ReturnType<typeof noticesApi>;
