import type { Readable, Writable } from 'node:stream';
import {
  AppError,
  adminCreateOrganisation,
  adminCreateToken,
  adminCreateUser,
  adminRevokeToken,
  migrateToLatest,
  openDatabase,
  StartupError,
} from '@jaga/server';
import { Command, InvalidArgumentError } from 'commander';
import { CliError } from '../lib/errors.js';
import { configFrom } from '../lib/server-config.js';

/** The open database an admin operation works on. */
type AdminDb = Parameters<typeof adminCreateOrganisation>[0];

/** Where `jaga admin` reads and writes; the process's own streams by default. */
export interface AdminIo {
  stdin?: Readable & { isTTY?: boolean };
  /** Receives only the value a script wants (an id, a password, a token). */
  stdout?: Writable;
  /** Receives the explanation for the person at the terminal. */
  stderr?: Writable;
  now?: () => Date;
}

const DATA_OPTION = [
  '-d, --data <dir>',
  'data folder of the embedded database (env JAGA_DATA, default ./.jaga/data); DATABASE_URL for PostgreSQL',
] as const;

/**
 * `jaga admin`: operator commands that create organisations, users and API tokens directly in the
 * database `jaga serve` uses (the embedded one in `--data`, or `DATABASE_URL`).
 *
 * @example
 * program.addCommand(adminCommand());
 */
export function adminCommand(io: AdminIo = {}): Command {
  const stdout = () => io.stdout ?? process.stdout;
  const stderr = () => io.stderr ?? process.stderr;
  const now = () => io.now?.() ?? new Date();
  const admin = new Command('admin').description(
    "create organisations, users and API tokens (on a stopped server's data folder, or PostgreSQL)",
  );

  admin
    .command('create-org')
    .description('create an organisation; prints its id')
    .requiredOption('--name <name>', 'unique name, e.g. "Royal Thai Police ATPD"')
    .requiredOption(
      '--type <type>',
      'law-enforcement, prosecution, consular, platform, ngo, regional-body or research',
    )
    .requiredOption('--country <CC>', 'ISO 3166-1 two-letter country code, e.g. TH')
    .option(...DATA_OPTION)
    .action(async (flags: { name: string; type: string; country: string; data?: string }) => {
      const org = await withDatabase(flags.data, (db) => adminCreateOrganisation(db, flags));
      stderr().write(`Created organisation "${org.name}" (${org.type}, ${org.country}). Its id:\n`);
      stdout().write(`${org.id}\n`);
    });

  admin
    .command('create-user')
    .description('create a user; prints a generated password once unless --password-stdin')
    .requiredOption('--org <name>', 'organisation name (or id)')
    .requiredOption('--email <email>', 'sign-in e-mail address')
    .requiredOption(
      '--role <role>',
      'admin, analyst, investigator, moderator, consular-officer, platform-reviewer or viewer',
    )
    .option('--name <display name>', 'name shown in the app (default: the part before @)')
    .option('--password-stdin', 'read the password from standard input (at least 12 characters)')
    .option(...DATA_OPTION)
    .action(
      async (flags: {
        org: string;
        email: string;
        role: string;
        name?: string;
        passwordStdin?: boolean;
        data?: string;
      }) => {
        const password = flags.passwordStdin
          ? await readPassword(io.stdin ?? process.stdin)
          : undefined;
        const created = await withDatabase(flags.data, (db) =>
          adminCreateUser(db, {
            organisation: flags.org,
            email: flags.email,
            role: flags.role,
            displayName: flags.name,
            password,
          }),
        );
        const who = `${created.user.email} (${created.user.role}, ${created.organisation.name})`;
        if (created.generatedPassword) {
          stderr().write(
            `Created user ${who}. Their password, shown only now; hand it over safely:\n`,
          );
          stdout().write(`${created.generatedPassword}\n`);
        } else {
          stderr().write(`Created user ${who} with the password given. Their id:\n`);
          stdout().write(`${created.user.id}\n`);
        }
      },
    );

  admin
    .command('create-token')
    .description('create an API token for a user; prints it once (only its hash is kept)')
    .requiredOption('--email <email>', 'the user the token acts as')
    .option(
      '--scope <scope...>',
      'read, write and/or admin (repeatable or comma-separated; default read)',
      collectScopes,
    )
    .option('--name <name>', 'what the token is for, shown in token lists')
    .option(
      '--expires-in-days <days>',
      'lifetime in days (default 90, at most 366)',
      positiveNumber,
    )
    .option(...DATA_OPTION)
    .action(
      async (flags: {
        email: string;
        scope?: string[];
        name?: string;
        expiresInDays?: number;
        data?: string;
      }) => {
        const created = await withDatabase(flags.data, (db) =>
          adminCreateToken(
            db,
            {
              email: flags.email,
              name: flags.name,
              scopes: flags.scope,
              expiresInDays: flags.expiresInDays,
            },
            now(),
          ),
        );
        stderr().write(
          `API token ${created.id} for ${created.email}, scopes ${created.scopes.join(', ')}, expires ${created.expiresAt}.\n` +
            'It is shown only now; send it as "Authorization: Bearer <token>":\n',
        );
        stdout().write(`${created.token}\n`);
      },
    );

  admin
    .command('revoke-token')
    .description('revoke an API token by its id; it stops working at once')
    .requiredOption('--id <id>', 'the token id printed by create-token or listed by the API')
    .option(...DATA_OPTION)
    .action(async (flags: { id: string; data?: string }) => {
      await withDatabase(flags.data, (db) => adminRevokeToken(db, flags.id, now()));
      stderr().write(`Revoked API token ${flags.id}.\n`);
    });

  return admin;
}

/**
 * Opens and migrates the configured database, runs one operation and closes it, turning a busy
 * data folder and rejected input into one clear line.
 */
async function withDatabase<T>(
  data: string | undefined,
  run: (db: AdminDb) => Promise<T>,
): Promise<T> {
  const config = configFrom({ dataDir: data });
  let handle: Awaited<ReturnType<typeof openDatabase>>;
  try {
    handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (error) {
    if (error instanceof StartupError && /in use/.test(error.message)) {
      throw new CliError(
        `${error.message} The embedded database belongs to one process at a time: stop jaga serve, run this command, then start it again (with PostgreSQL via DATABASE_URL the server can keep running).`,
      );
    }
    throw error;
  }
  try {
    await migrateToLatest(handle.db);
    return await run(handle.db);
  } catch (error) {
    if (error instanceof AppError) {
      throw new CliError(error.message, error.code === 'bad_request' ? 2 : 1);
    }
    throw error;
  } finally {
    await handle.close();
  }
}

async function readPassword(stdin: Readable & { isTTY?: boolean }): Promise<string> {
  if (stdin.isTTY) {
    throw new CliError(
      '--password-stdin reads a password piped in (e.g. from a password manager), not typed at the terminal; leave it out to have a strong password generated.',
      2,
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  // One trailing newline is what `echo` and most password managers add; it is not part of it.
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (password === '') throw new CliError('--password-stdin: standard input was empty.', 2);
  return password;
}

function collectScopes(value: string, previous: string[] | undefined): string[] {
  const scopes = value
    .split(',')
    .map((scope) => scope.trim())
    .filter(Boolean);
  return [...(previous ?? []), ...scopes];
}

function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new InvalidArgumentError('must be a positive number of days');
  }
  return number;
}
