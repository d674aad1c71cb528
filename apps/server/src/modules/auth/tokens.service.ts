import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ApiTokenTable, Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { scopesForRole, TOKEN_SCOPES, type TokenScope } from './actor.js';
import { type AuditContext, audited } from './audit.js';
import { insertToken, revokeToken } from './auth.repository.js';
import type { AuthSettings } from './auth.settings.js';
import { hashSecret, newApiToken } from './credentials.js';

type Db = Kysely<Database> | Transaction<Database>;

const DAY = 86_400_000;

export interface CreateTokenInput {
  userId: string;
  name: string;
  /** Defaults to `['read']`: a token gets only what it is given. */
  scopes?: readonly string[] | undefined;
  /** Defaults to the settings' `defaultTokenDays`. */
  expiresInDays?: number | undefined;
}

/** A new token: `token` is shown once and never stored; `record` is what the database keeps. */
export interface CreatedToken {
  token: string;
  record: Selectable<ApiTokenTable>;
}

/**
 * Issues an API token for a user. Only the SHA-256 of the token is stored; scopes beyond what the
 * user's role allows, or a lifetime beyond the maximum, are refused.
 *
 * @example
 * const { token } = await createApiToken(db, { userId, name: 'ingest script', scopes: ['read', 'write'] }, settings, { actor, at: new Date() });
 */
export async function createApiToken(
  db: Db,
  input: CreateTokenInput,
  settings: Pick<AuthSettings, 'defaultTokenDays' | 'maxTokenDays'>,
  audit: AuditContext,
): Promise<CreatedToken> {
  const now = audit.at;
  const user = await db
    .selectFrom('users')
    .select(['id', 'role', 'disabled_at'])
    .where('id', '=', input.userId)
    .executeTakeFirst();
  if (!user) throw new AppError('not_found', `No user with id ${input.userId}.`);
  if (user.disabled_at) throw new AppError('conflict', 'This user is disabled; enable it first.');

  const scopes = [...new Set(input.scopes ?? ['read'])].sort();
  if (scopes.length === 0) {
    throw new AppError(
      'bad_request',
      `A token needs at least one scope (${TOKEN_SCOPES.join(', ')}).`,
    );
  }
  const allowed: readonly string[] = scopesForRole(user.role);
  for (const scope of scopes) {
    if (!(TOKEN_SCOPES as readonly string[]).includes(scope)) {
      throw new AppError(
        'bad_request',
        `Unknown scope "${scope}"; use one or more of ${TOKEN_SCOPES.join(', ')}.`,
      );
    }
    if (!allowed.includes(scope)) {
      throw new AppError(
        'bad_request',
        `Scope "${scope}" is only for administrators; this user's role is ${user.role}.`,
      );
    }
  }
  const days = input.expiresInDays ?? settings.defaultTokenDays;
  if (!Number.isFinite(days) || days <= 0 || days > settings.maxTokenDays) {
    throw new AppError(
      'bad_request',
      `A token's lifetime must be more than 0 and at most ${settings.maxTokenDays} days (got ${days}).`,
    );
  }
  const name = input.name.trim();
  if (name === '') throw new AppError('bad_request', 'A token needs a name saying what it is for.');

  const token = newApiToken();
  const record = await audited(
    db,
    audit,
    (created: Selectable<ApiTokenTable>) => ({
      type: 'token.create',
      subject: { kind: 'api-token', id: created.id },
      details: {
        userId: created.user_id,
        scopes: created.scopes,
        expiresAt: created.expires_at.toISOString(),
      },
    }),
    (trx) =>
      insertToken(trx, {
        userId: user.id,
        name,
        tokenHash: hashSecret(token),
        prefix: token.slice(0, 12),
        scopes: scopes as TokenScope[],
        createdAt: now,
        expiresAt: new Date(now.getTime() + days * DAY),
      }),
  );
  return { token, record };
}

/**
 * Revokes an API token; it stops working at once. Revoking twice is harmless.
 *
 * @example
 * await revokeApiToken(db, tokenId, { actor, at: new Date() });
 */
export async function revokeApiToken(db: Db, tokenId: string, audit: AuditContext): Promise<void> {
  await audited(
    db,
    audit,
    () => ({ type: 'token.revoke', subject: { kind: 'api-token', id: tokenId } }),
    (trx) => revokeToken(trx, tokenId, audit.at),
  );
}
