import { type ApiClient, apiClient } from '../auth/api.js';

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

/**
 * The artefact calls over the session client: the list, one artefact with its custody log, an
 * upload (multipart, fields before the file) and a change of its sharing.
 *
 * @example
 * const artefact = await artefactApi().upload({ file, tlp: 'AMBER', groups: [], recipients: [] });
 */
export function artefactApi(client: ApiClient = apiClient()) {
  const api = client.withMessages({
    401: 'Sign in to see evidence artefacts.',
    413: 'The file is larger than this hub accepts.',
  });
  const artefact = (id: string) => `/api/v1/artefacts/${encodeURIComponent(id)}`;
  return {
    list: (cursor?: string | null, tlp?: TlpLevel | null) => {
      const query = new URLSearchParams({ limit: '50' });
      if (cursor) query.set('cursor', cursor);
      if (tlp) query.set('tlp', tlp);
      return api.get<ArtefactPage>(`/api/v1/artefacts?${query}`);
    },
    get: (id: string) => api.get<Artefact>(artefact(id)),
    custody: (id: string) => api.get<{ items: CustodyLeaf[] }>(`${artefact(id)}/custody`),
    groups: () => api.get<{ items: SharingGroup[] }>('/api/v1/sharing-groups'),
    upload: (form: UploadForm) => api.post<Artefact>('/api/v1/artefacts', uploadBody(form)),
    changeSharing: (
      id: string,
      change: { tlp?: TlpLevel; groups?: string[]; recipients?: string[] },
    ) => api.patch<Artefact>(artefact(id), change),
  };
}

export type ArtefactApi = ReturnType<typeof artefactApi>;

/** Where the bytes and the evidence bundle of an artefact download from. */
export const contentUrl = (id: string) => `/api/v1/artefacts/${encodeURIComponent(id)}/content`;
export const bundleUrl = (id: string) => `/api/v1/artefacts/${encodeURIComponent(id)}/bundle`;
