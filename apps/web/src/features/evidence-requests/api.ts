import { type CustodyLeaf, type UploadForm, uploadBody } from '../artefacts/api.js';
import { type ApiClient, apiClient } from '../auth/api.js';
import type { Platform } from '../notices/api.js';

/** The status path of an evidence request, as the API spells it. */
export const REQUEST_STATUSES = [
  'draft',
  'validated',
  'issued',
  'acknowledged',
  'objection-window',
  'preserved',
  'produced',
  'partial',
  'cannot-comply',
  'withdrawn',
  'closed',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const STATUS_LABELS: Readonly<Record<RequestStatus, string>> = {
  draft: 'Draft',
  validated: 'Validated',
  issued: 'Issued',
  acknowledged: 'Acknowledged',
  'objection-window': 'Objection window',
  preserved: 'Preserved',
  produced: 'Produced',
  partial: 'Partly produced',
  'cannot-comply': 'Cannot comply',
  withdrawn: 'Withdrawn',
  closed: 'Closed',
};

/** Data categories of EU e-evidence (Reg. 2023/1543 Art 3). */
export const DATA_CATEGORIES = [
  { value: 'subscriber', label: 'Subscriber data' },
  { value: 'ip-identification', label: 'IP addresses for identification' },
  { value: 'traffic', label: 'Traffic data' },
  { value: 'content', label: 'Content data' },
] as const;

export const SELECTOR_TYPES = [
  { value: 'phone', label: 'Phone number' },
  { value: 'email', label: 'E-mail' },
  { value: 'username', label: 'Username or handle' },
  { value: 'account-id', label: 'Account id' },
  { value: 'url', label: 'URL' },
  { value: 'ip-address', label: 'IP address' },
  { value: 'crypto-address', label: 'Crypto address' },
  { value: 'domain', label: 'Domain' },
  { value: 'other', label: 'Other' },
] as const;

/** Reg. 2023/1543 Annex III reasons a provider cannot comply. */
export const CANNOT_COMPLY_REASONS = [
  { value: 'incomplete', label: 'Incomplete' },
  { value: 'manifest-error', label: 'Manifest error' },
  { value: 'impossibility', label: 'Impossible (data not held)' },
  { value: 'force-majeure', label: 'Force majeure' },
  { value: 'third-country-conflict', label: 'Conflict with third-country law' },
  { value: 'immunity', label: 'Immunities or privileges' },
] as const;

export const REQUEST_TLP_LEVELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT'] as const;
export type RequestTlp = (typeof REQUEST_TLP_LEVELS)[number];

interface Ref {
  id: string;
  name: string;
}

export interface Target {
  selectorType: string;
  value: string;
  from: string;
  to: string;
}

export interface Deadline {
  rule: string;
  kind: string;
  label: string;
  source: string;
  hours: number;
  due: string | null;
  live?: boolean;
  overdue?: boolean;
}

/** An evidence request as `GET /api/v1/evidence-requests/{id}` answers. */
export interface EvidenceRequest {
  id: string;
  status: RequestStatus;
  issuingOrganisation: Ref;
  platform: Ref;
  createdBy: { id: string; displayName: string };
  tlp: string;
  instrument: string;
  instrumentLabel: string;
  dataCategories: string[];
  targets: Target[];
  legalBasis: string;
  issuingAuthority: string;
  validatingAuthority: string | null;
  offence: string | null;
  reference: string | null;
  emergency: boolean;
  deadlines: Required<Deadline>[];
  nextDeadline: Required<Deadline> | null;
  preservationExtended: boolean;
  cannotComplyReason: string | null;
  note: string | null;
  artefacts: { id: string; filename: string; sha256: string; sizeBytes: number; addedAt: string }[];
  timeline: Record<string, string | null>;
  actions: string[];
  createdAt: string;
  updatedAt: string;
}

export interface RequestPage {
  items: EvidenceRequest[];
  total: number;
  nextCursor: string | null;
}

export interface Instrument {
  id: string;
  label: string;
  clocks: {
    rule: string;
    kind: string;
    label: string;
    hours: number;
    source: string;
    when: string;
  }[];
}

export interface Reminder {
  request: {
    id: string;
    status: RequestStatus;
    instrument: string;
    reference: string | null;
    platform: Ref;
    issuingOrganisation: Ref;
    emergency: boolean;
  };
  deadline: Required<Deadline>;
  hoursLeft: number;
}

/** What `POST /api/v1/evidence-requests` takes. */
export interface RequestDraft {
  platformOrganisationId: string;
  instrument: string;
  dataCategories: string[];
  targets: Target[];
  legalBasis: string;
  issuingAuthority: string;
  validatingAuthority: string | null;
  offence: string | null;
  reference: string | null;
  emergency: boolean;
  tlp: RequestTlp;
}

/**
 * Requests in the order their next clock runs out: overdue and earliest first, then those with
 * no running clock (drafts, finished ones, instruments without a statutory clock), newest first.
 *
 * @example
 * byDeadline(page.items)[0]; // the request whose deadline comes first
 */
export function byDeadline(items: readonly EvidenceRequest[]): EvidenceRequest[] {
  const due = (item: EvidenceRequest) =>
    item.nextDeadline?.due ? Date.parse(item.nextDeadline.due) : Number.POSITIVE_INFINITY;
  return [...items].sort(
    (a, b) => due(a) - due(b) || Date.parse(b.createdAt) - Date.parse(a.createdAt),
  );
}

/** The steps a request has been through, in order, from its timeline. */
export function requestTimeline(request: EvidenceRequest): { label: string; at: string }[] {
  const steps: [string, string][] = [
    ['validatedAt', 'Validated'],
    ['issuedAt', 'Issued to the provider; the clocks started'],
    ['acknowledgedAt', 'Receipt confirmed by the provider'],
    ['objectionWindowAt', 'Enforcing state notified: objection window open'],
    ['preservedAt', 'Data preserved'],
    ['preservationExtendedAt', 'Preservation extended'],
    ['producedAt', request.status === 'partial' ? 'Data partly produced' : 'Data produced'],
    ['cannotComplyAt', 'Provider cannot comply'],
    ['withdrawnAt', 'Withdrawn'],
    ['closedAt', 'Closed'],
  ];
  const out = [{ label: 'Drafted', at: request.createdAt }];
  for (const [key, label] of steps) {
    const at = request.timeline[key];
    if (at) out.push({ label, at });
  }
  return out.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/**
 * A date-only or local date-time input as the ISO 8601 time the API wants, or `null` when it is
 * not a time at all.
 *
 * @example
 * isoFromInput('2026-09-01'); // '2026-09-01T00:00:00.000Z'
 */
export function isoFromInput(value: string): string | null {
  const text = value.trim();
  if (text === '') return null;
  const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

const id = (value: string) => encodeURIComponent(value);
const base = '/api/v1/evidence-requests';

/**
 * The evidence-request calls over the session client; uploads of produced data reuse the
 * artefacts' multipart body.
 *
 * @example
 * const { items } = await evidenceRequestsApi().list();
 */
export function evidenceRequestsApi(client: ApiClient = apiClient()) {
  // Only an upload carries a body a proxy may refuse as too large without saying why.
  const uploads = client.withMessages({ 413: 'The file is larger than this hub accepts.' });
  return {
    list: (cursor?: string | null, status?: RequestStatus | null) => {
      const query = new URLSearchParams({ limit: '200' });
      if (cursor) query.set('cursor', cursor);
      if (status) query.set('status', status);
      return client.get<RequestPage>(`${base}?${query}`);
    },
    reminders: (withinHours = 72) =>
      client.get<{ items: Reminder[] }>(`${base}/reminders?withinHours=${withinHours}`),
    platforms: () => client.get<{ items: Platform[] }>('/api/v1/platforms'),
    instruments: () => client.get<{ items: Instrument[] }>(`${base}/instruments`),
    preview: (body: { instrument: string; dataCategories: string[]; emergency: boolean }) =>
      client.post<{ issuedAt: string; deadlines: Deadline[] }>(`${base}/deadline-preview`, body),
    get: (requestId: string) => client.get<EvidenceRequest>(`${base}/${id(requestId)}`),
    create: (draft: RequestDraft) => client.post<EvidenceRequest>(base, draft),
    remove: (requestId: string) => client.delete<void>(`${base}/${id(requestId)}`),
    /** A step of the status path: validate, issue, acknowledge, preserve, withdraw, close… */
    step: (requestId: string, action: string, body: Record<string, unknown> = {}) =>
      client.post<EvidenceRequest>(`${base}/${id(requestId)}/${action}`, body),
    custody: (requestId: string) =>
      client.get<{ items: CustodyLeaf[] }>(`${base}/${id(requestId)}/custody`),
    /** Uploads produced data as an artefact attached to the request (multipart, with CSRF). */
    upload: (requestId: string, form: UploadForm) =>
      uploads.post<EvidenceRequest>(`${base}/${id(requestId)}/artefacts`, uploadBody(form)),
  };
}
export type EvidenceRequestsApi = ReturnType<typeof evidenceRequestsApi>;
