import path from 'node:path';
import { z } from 'zod';

/** Everything the server needs to start, parsed once at boot. */
export interface Config {
  readonly port: number;
  readonly host: string;
  /** PGlite folder and artefact store; ignored for the database when `databaseUrl` is set. */
  readonly dataDir: string;
  /** Real PostgreSQL when set; embedded PGlite under `dataDir` otherwise. */
  readonly databaseUrl: string | undefined;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Seed the clearly-labelled demo dataset on start. */
  readonly demo: boolean;
  /**
   * Behind a TLS-terminating proxy: trust its X-Forwarded-* headers, so the client's address and
   * HTTPS are seen (session cookies then carry the Secure flag).
   */
  readonly trustProxy: boolean;
  /** Largest evidence artefact accepted, in bytes. */
  readonly maxUploadBytes: number;
  /** Published estimate cells below this count are shown as `<N`, never exactly. */
  readonly minCellSize: number;
}

/** Values given on the command line; they win over the environment. */
export interface ConfigOverrides {
  port?: string | number | undefined;
  host?: string | undefined;
  dataDir?: string | undefined;
  demo?: boolean | undefined;
}

const postgresUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
}, 'must look like postgres://user@host:5432/database');

const schema = z.object({
  port: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535'),
  host: z.string().min(1),
  dataDir: z.string().min(1),
  databaseUrl: postgresUrl.optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  demo: z.boolean(),
  maxUploadMb: z.coerce
    .number({ error: 'must be a number of megabytes' })
    .positive('must be more than 0')
    .max(102_400, 'must be at most 102400 (100 GB)'),
  minCellSize: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1'),
  trustProxy: z
    .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
    .transform((v) => v === 'true' || v === '1'),
});

/** Where each setting comes from, used to say how to fix a bad value. */
const SOURCES: Record<keyof typeof schema.shape, string> = {
  port: '--port or PORT',
  host: 'HOST',
  dataDir: '--data or JAGA_DATA',
  databaseUrl: 'DATABASE_URL',
  logLevel: 'LOG_LEVEL',
  demo: '--demo',
  trustProxy: 'TRUST_PROXY',
  maxUploadMb: 'JAGA_MAX_UPLOAD_MB',
  minCellSize: 'JAGA_MIN_CELL_SIZE',
};

/** A configuration that cannot work; `problems` lists every bad setting, one line each. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads the configuration from the environment and command-line overrides, listing every problem at
 * once. The only place that reads `process.env`-shaped input; callers pass it in.
 *
 * @example
 * const config = loadConfig(process.env, { port: '8080' });
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  overrides: ConfigOverrides = {},
  cwd: string = process.cwd(),
): Config {
  const empty = (value: string | undefined) => (value === '' ? undefined : value);
  const raw = {
    port: overrides.port ?? empty(env.PORT) ?? 3000,
    host: overrides.host ?? empty(env.HOST) ?? '127.0.0.1',
    dataDir: path.resolve(cwd, overrides.dataDir ?? empty(env.JAGA_DATA) ?? '.jaga/data'),
    databaseUrl: empty(env.DATABASE_URL),
    logLevel: empty(env.LOG_LEVEL) ?? 'info',
    demo: overrides.demo ?? false,
    trustProxy: empty(env.TRUST_PROXY) ?? 'false',
    maxUploadMb: empty(env.JAGA_MAX_UPLOAD_MB) ?? 100,
    minCellSize: empty(env.JAGA_MIN_CELL_SIZE) ?? 5,
  };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const key = String(issue.path[0]) as keyof typeof raw;
        const shown = key === 'databaseUrl' ? redactUrl(String(raw.databaseUrl)) : raw[key];
        return `${SOURCES[key] ?? key} ${issue.message} (got "${String(shown)}")`;
      }),
    );
  }
  const { maxUploadMb, ...settings } = parsed.data;
  return Object.freeze({
    ...settings,
    databaseUrl: settings.databaseUrl,
    maxUploadBytes: Math.round(maxUploadMb * 1024 * 1024),
  });
}

/** The URL with any password replaced, safe to print. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return value.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}
