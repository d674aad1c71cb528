/** TLP 2.0 levels, least to most restricted, as the API spells them. */
export const TLP_LEVELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type TlpLevel = (typeof TLP_LEVELS)[number];

/** What each level means in Jaga, in one line (see docs/sharing.md). */
export const TLP_MEANING: Readonly<Record<TlpLevel, string>> = {
  CLEAR: 'Every user of the hub',
  GREEN: 'Every user of the hub (the community)',
  AMBER: 'Your organisation and the organisations of the sharing groups you choose',
  'AMBER+STRICT': 'Your organisation only (plus named recipients)',
  RED: 'Only you and the named recipients',
};

export interface Ref {
  id: string;
  name: string;
}

export interface Artefact {
  id: string;
  title: string;
  filename: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  tlp: TlpLevel;
  tlpMarkingDefinitionId: string;
  legalBasis: string | null;
  source: string | null;
  acquiredAt: string | null;
  organisation: Ref;
  createdBy: { id: string; displayName: string };
  groups: Ref[];
  recipients: { id: string; email: string; displayName: string }[];
  canChangeSharing: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ArtefactPage {
  items: Artefact[];
  nextCursor: string | null;
}

export interface SharingGroup {
  id: string;
  name: string;
  managedBy: Ref;
  organisations: Ref[];
}

export interface CustodyLeaf {
  index: number;
  leafHash: string;
  leaf: {
    type: string;
    at: string;
    actor?: { userId: string; organisationId: string };
    subject?: { kind: string; id: string; sha256?: string };
    details?: Record<string, unknown>;
  };
}

/** An API answer that was not a success, with the server's own words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * The CSRF token the session sign-in left in the readable `jaga_csrf` cookie; the server wants it
 * back in `X-CSRF-Token` on every write made with the session cookie.
 *
 * @example
 * csrfToken('a=1; jaga_csrf=abc'); // 'abc'
 */
export function csrfToken(cookies: string): string | undefined {
  for (const part of cookies.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'jaga_csrf') return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/**
 * The message to show for a failed answer: the API's `error.message`, or what the status means.
 *
 * @example
 * errorMessage(404, { error: { code: 'not_found', message: 'No artefact with id …' } });
 */
export function errorMessage(status: number, body: unknown): string {
  const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
  if (typeof message === 'string' && message !== '') return message;
  if (status === 401) return 'Sign in to see evidence artefacts.';
  if (status === 413) return 'The file is larger than this hub accepts.';
  return `The server answered HTTP ${status}.`;
}

/** Sizes as people read them: 1.5 MB, 320 KB, 12 bytes. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/** The fields of the upload form. */
export interface UploadForm {
  file: Blob & { name?: string };
  tlp: TlpLevel;
  title?: string;
  legalBasis?: string;
  source?: string;
  /** ISO 8601. */
  acquiredAt?: string;
  groups: readonly string[];
  recipients: readonly string[];
}

/**
 * The multipart body of `POST /api/v1/artefacts`: fields first, so the server knows the TLP level
 * before the bytes stream in.
 *
 * @example
 * const body = uploadBody({ file, tlp: 'AMBER', groups: [groupId], recipients: [] });
 */
export function uploadBody(form: UploadForm): FormData {
  const body = new FormData();
  body.append('tlp', form.tlp);
  for (const [name, value] of [
    ['title', form.title],
    ['legalBasis', form.legalBasis],
    ['source', form.source],
    ['acquiredAt', form.acquiredAt],
  ] as const) {
    if (value && value.trim() !== '') body.append(name, value.trim());
  }
  for (const group of form.groups) body.append('groups', group);
  for (const recipient of form.recipients) body.append('recipients', recipient);
  body.append('file', form.file, form.file.name ?? 'artefact.bin');
  return body;
}

/** The artefact API over `fetch`, with the session cookie and CSRF token. */
export function artefactApi(fetcher: typeof fetch = fetch, cookies = () => document.cookie) {
  async function call<T>(method: string, url: string, body?: BodyInit, json = false): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (json) headers['content-type'] = 'application/json';
    if (method !== 'GET') {
      const token = csrfToken(cookies());
      if (token) headers['x-csrf-token'] = token;
    }
    let response: Response;
    try {
      response = await fetcher(url, { method, headers, body, credentials: 'include' });
    } catch {
      throw new ApiError(0, 'The server did not answer. Is Jaga running?');
    }
    const parsed = await response.json().catch(() => null);
    if (!response.ok) throw new ApiError(response.status, errorMessage(response.status, parsed));
    return parsed as T;
  }
  return {
    list: (cursor?: string | null, tlp?: TlpLevel | null) => {
      const query = new URLSearchParams({ limit: '50' });
      if (cursor) query.set('cursor', cursor);
      if (tlp) query.set('tlp', tlp);
      return call<ArtefactPage>('GET', `/api/v1/artefacts?${query}`);
    },
    get: (id: string) => call<Artefact>('GET', `/api/v1/artefacts/${encodeURIComponent(id)}`),
    custody: (id: string) =>
      call<{ items: CustodyLeaf[] }>('GET', `/api/v1/artefacts/${encodeURIComponent(id)}/custody`),
    groups: () => call<{ items: SharingGroup[] }>('GET', '/api/v1/sharing-groups'),
    upload: (form: UploadForm) => call<Artefact>('POST', '/api/v1/artefacts', uploadBody(form)),
    changeSharing: (
      id: string,
      change: { tlp?: TlpLevel; groups?: string[]; recipients?: string[] },
    ) =>
      call<Artefact>(
        'PATCH',
        `/api/v1/artefacts/${encodeURIComponent(id)}`,
        JSON.stringify(change),
        true,
      ),
  };
}

export type ArtefactApi = ReturnType<typeof artefactApi>;

/** Where the bytes and the evidence bundle of an artefact download from. */
export const contentUrl = (id: string) => `/api/v1/artefacts/${encodeURIComponent(id)}/content`;
export const bundleUrl = (id: string) => `/api/v1/artefacts/${encodeURIComponent(id)}/bundle`;
