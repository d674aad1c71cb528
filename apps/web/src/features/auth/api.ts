/** Roles as the API spells them, most powerful first. */
export const USER_ROLES = [
  'admin',
  'analyst',
  'investigator',
  'moderator',
  'consular-officer',
  'platform-reviewer',
  'viewer',
] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const ORGANISATION_TYPES = [
  'law-enforcement',
  'prosecution',
  'consular',
  'platform',
  'ngo',
  'regional-body',
  'research',
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export interface User {
  id: string;
  organisationId: string;
  email: string;
  displayName: string;
  role: UserRole;
  totpEnabled: boolean;
  disabled: boolean;
  isDemo: boolean;
  createdAt: string;
}

export interface Organisation {
  id: string;
  name: string;
  type: OrganisationType;
  country: string;
  isDemo: boolean;
  createdAt: string;
}

/** The signed-in user, as `GET /api/v1/me` answers. */
export interface Me {
  user: User;
  organisation: Organisation;
  via: 'session' | 'token';
  scopes: string[];
  csrfToken?: string;
}

/** A failed API answer, with the server's own words and details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * The CSRF token the sign-in left in the readable `jaga_csrf` cookie.
 *
 * @example
 * readCsrf('a=1; jaga_csrf=abc'); // 'abc'
 */
export function readCsrf(cookies: string): string | undefined {
  for (const part of cookies.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'jaga_csrf') return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

const SAFE = new Set(['GET', 'HEAD']);

/**
 * JSON calls to the API with the session cookie, and the CSRF token on every write.
 *
 * @example
 * const me = await apiClient().get<Me>('/api/v1/me');
 */
export function apiClient(fetcher: typeof fetch = fetch, cookies = () => document.cookie) {
  async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (!SAFE.has(method)) {
      const token = readCsrf(cookies());
      if (token) headers['x-csrf-token'] = token;
    }
    let response: Response;
    try {
      response = await fetcher(url, {
        method,
        headers,
        credentials: 'include',
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new ApiError(0, 'Cannot reach the Jaga server; check the connection and try again.');
    }
    if (response.status === 204) return undefined as T;
    const parsed: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const error = (parsed as { error?: { message?: unknown; details?: unknown } } | null)?.error;
      const message =
        typeof error?.message === 'string' && error.message !== ''
          ? error.message
          : `The server answered HTTP ${response.status}.`;
      throw new ApiError(response.status, message, error?.details);
    }
    return parsed as T;
  }
  return {
    get: <T>(url: string) => call<T>('GET', url),
    post: <T>(url: string, body?: unknown) => call<T>('POST', url, body),
    patch: <T>(url: string, body?: unknown) => call<T>('PATCH', url, body),
    delete: <T>(url: string, body?: unknown) => call<T>('DELETE', url, body),
  };
}
export type ApiClient = ReturnType<typeof apiClient>;

/** Whether a failed sign-in asks for the authenticator code. */
export function needsTotp(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    (error.details as { totpRequired?: boolean } | undefined)?.totpRequired === true
  );
}
