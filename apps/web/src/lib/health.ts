/** What the health indicator shows. */
export type HealthState =
  | { kind: 'checking' }
  | { kind: 'ok'; version: string; database: string }
  | { kind: 'degraded'; reason: string }
  | { kind: 'unreachable'; reason: string };

/**
 * Turns the answer of `GET /health` (or the failure to get one) into the indicator's state.
 *
 * @example
 * healthStateFrom(200, { status: 'ok', version: '0.1.0', database: { kind: 'pglite', ok: true } });
 */
export function healthStateFrom(status: number | 'network-error', body: unknown): HealthState {
  if (status === 'network-error') {
    return { kind: 'unreachable', reason: 'The server did not answer. Is `jaga serve` running?' };
  }
  const health = body as {
    status?: string;
    version?: string;
    database?: { kind?: string; ok?: boolean };
  } | null;
  if (status === 200 && health?.status === 'ok') {
    return {
      kind: 'ok',
      version: health.version ?? 'unknown',
      database: health.database?.kind === 'postgres' ? 'PostgreSQL' : 'embedded database',
    };
  }
  if (health?.database?.ok === false) {
    return { kind: 'degraded', reason: 'The database is not answering.' };
  }
  return { kind: 'degraded', reason: `Health check answered HTTP ${status}.` };
}

/** Asks the server for its health. */
export async function fetchHealth(fetcher: typeof fetch = fetch): Promise<HealthState> {
  try {
    const response = await fetcher('/health', { headers: { accept: 'application/json' } });
    const body = await response.json().catch(() => null);
    return healthStateFrom(response.status, body);
  } catch {
    return healthStateFrom('network-error', null);
  }
}
