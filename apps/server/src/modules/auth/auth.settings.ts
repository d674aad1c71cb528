/** How sign-in, sessions and tokens behave; every value has a safe default. */
export interface AuthSettings {
  /** A session ends this long after sign-in, whatever happens. */
  sessionMaxAgeMs: number;
  /** A session ends after this long without a request. */
  sessionIdleMs: number;
  /** Failed sign-ins for one e-mail, within `failureWindowMs`, that lock it. */
  maxFailedLogins: number;
  failureWindowMs: number;
  /** How long a locked e-mail stays locked. */
  lockoutMs: number;
  /** Sign-in attempts per minute from one client address, whatever the e-mail. */
  loginAttemptsPerMinutePerAddress: number;
  /** Lifetime of a new API token when none is asked for. */
  defaultTokenDays: number;
  /** Longest lifetime an API token may be given. */
  maxTokenDays: number;
  /**
   * Mark cookies `Secure`. `auto` does so when the request came over HTTPS (as Fastify sees it);
   * set `true` behind a TLS-terminating proxy.
   */
  secureCookies: boolean | 'auto';
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const DEFAULT_AUTH_SETTINGS: Readonly<AuthSettings> = Object.freeze({
  sessionMaxAgeMs: 12 * HOUR,
  sessionIdleMs: 2 * HOUR,
  maxFailedLogins: 5,
  failureWindowMs: 15 * MINUTE,
  lockoutMs: 15 * MINUTE,
  loginAttemptsPerMinutePerAddress: 30,
  defaultTokenDays: 90,
  maxTokenDays: 366,
  secureCookies: 'auto',
});

/**
 * The defaults with the given values over them.
 *
 * @example
 * const settings = authSettings({ lockoutMs: 60_000 });
 */
export function authSettings(overrides: Partial<AuthSettings> = {}): AuthSettings {
  return { ...DEFAULT_AUTH_SETTINGS, ...overrides };
}
