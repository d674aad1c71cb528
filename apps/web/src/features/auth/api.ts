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
 * What a call sends: a `FormData` goes as is (multipart, with the boundary the browser sets);
 * any other value goes as JSON.
 */
export type ApiBody = FormData | object | string | number | boolean | null;

/**
 * Words for statuses the server may answer without a message of its own (a proxy's 413, a bare
 * 401), by status; the server's own message always comes first.
 */
export type StatusMessages = Readonly<Partial<Record<number, string>>>;

/** Calls to the Jaga API; every failure is an {@link ApiError}. */
export interface ApiClient {
  get<T>(url: string): Promise<T>;
  post<T>(url: string, body?: ApiBody): Promise<T>;
  patch<T>(url: string, body?: ApiBody): Promise<T>;
  delete<T>(url: string, body?: ApiBody): Promise<T>;
  /**
   * The same client (same fetch, same cookies) that explains these statuses in a feature's
   * words when the server gives none.
   *
   * @example
   * const estimates = apiClient().withMessages({ 401: 'Sign in to see estimates.' });
   */
  withMessages(messages: StatusMessages): ApiClient;
}

/**
 * Calls to the API with the session cookie, and the CSRF token on every write: JSON or multipart
 * bodies, the server's own error message and details in an {@link ApiError}.
 *
 * @example
 * const me = await apiClient().get<Me>('/api/v1/me');
 * const tests = apiClient(fakeFetch, () => 'jaga_csrf=abc');
 */
export function apiClient(
  fetcher: typeof fetch = fetch,
  cookies = () => document.cookie,
): ApiClient {
  async function call<T>(
    messages: StatusMessages,
    method: string,
    url: string,
    body?: ApiBody,
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const multipart = body instanceof FormData;
    if (body !== undefined && !multipart) headers['content-type'] = 'application/json';
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
        ...(body !== undefined ? { body: multipart ? body : JSON.stringify(body) } : {}),
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
          : (messages[response.status] ?? `The server answered HTTP ${response.status}.`);
      throw new ApiError(response.status, message, error?.details);
    }
    return parsed as T;
  }
  function client(messages: StatusMessages): ApiClient {
    return {
      get: (url) => call(messages, 'GET', url),
      post: (url, body) => call(messages, 'POST', url, body),
      patch: (url, body) => call(messages, 'PATCH', url, body),
      delete: (url, body) => call(messages, 'DELETE', url, body),
      withMessages: (more) => client({ ...messages, ...more }),
    };
  }
  return client({});
}

/** Whether a failed sign-in asks for the authenticator code. */
export function needsTotp(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    (error.details as { totpRequired?: boolean } | undefined)?.totpRequired === true
  );
}
