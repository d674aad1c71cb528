import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { hashPassword, verifyPassword } from '../users/password.js';
import { type AuditContext, audited } from './audit.js';
import {
  clearLoginThrottle,
  findLoginThrottle,
  insertSession,
  pruneLoginThrottle,
  recordLoginFailure,
  revokeSession,
} from './auth.repository.js';
import type { AuthSettings } from './auth.settings.js';
import { hashSecret, randomSecret } from './credentials.js';
import { checkTotp } from './totp.js';

export interface LoginInput {
  email: string;
  password: string;
  /** The 6-digit code of the user's authenticator app, when they enabled TOTP. */
  totp?: string | undefined;
  userAgent?: string | undefined;
}

/** A new session: the cookie value is returned once and stored only as a hash. */
export interface LoginOutcome {
  userId: string;
  sessionSecret: string;
  csrfToken: string;
  expiresAt: Date;
}

// Compared against when the e-mail is unknown, so a wrong address takes as long as a wrong password.
let decoyHash: Promise<string> | undefined;
const decoy = () => {
  decoyHash ??= hashPassword(randomSecret());
  return decoyHash;
};

/** Normalises a typed e-mail the way accounts are stored. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function lockedError(until: Date, now: Date): AppError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new AppError(
    'rate_limited',
    `Too many failed sign-ins for this e-mail: it is locked until ${until.toISOString()} (in ${Math.ceil(seconds / 60)} min). Try again then, or ask an administrator.`,
    { retryAfterSeconds: seconds, lockedUntil: until.toISOString() },
  );
}

/**
 * Checks an e-mail and password (and TOTP code when enabled) and opens a session. Every failure
 * counts towards the e-mail's lockout, whether or not the account exists, and answers the same
 * "wrong e-mail or password" so the answer does not tell who has an account.
 *
 * @example
 * const { sessionSecret, csrfToken } = await login(db, { email, password }, settings, new Date());
 */
export async function login(
  db: Kysely<Database>,
  input: LoginInput,
  settings: AuthSettings,
  now: Date,
): Promise<LoginOutcome> {
  const email = normaliseEmail(input.email);
  const throttle = await findLoginThrottle(db, email);
  if (throttle?.lockedUntil && throttle.lockedUntil.getTime() > now.getTime()) {
    throw lockedError(throttle.lockedUntil, now);
  }

  const user = await db
    .selectFrom('users')
    .select([
      'id',
      'organisation_id',
      'password_hash',
      'disabled_at',
      'totp_secret',
      'totp_enabled_at',
    ])
    .where('email', '=', email)
    .executeTakeFirst();
  const passwordOk = await verifyPassword(input.password, user?.password_hash ?? (await decoy()));

  if (user && passwordOk && user.totp_enabled_at && user.totp_secret) {
    if (!input.totp) {
      throw new AppError(
        'unauthenticated',
        'This account uses two-step sign-in: send the 6-digit code from your authenticator app as "totp".',
        { totpRequired: true },
      );
    }
    if (!checkTotp(user.totp_secret, input.totp, now)) {
      await fail(db, email, settings, now);
    }
  } else if (!user || !passwordOk) {
    await fail(db, email, settings, now);
  }
  if (!user) throw new Error('unreachable: fail() throws');
  if (user.disabled_at) {
    throw new AppError('unauthenticated', 'This account is disabled; ask an administrator.');
  }

  await clearLoginThrottle(db, email);
  const sessionSecret = randomSecret();
  const csrfToken = randomSecret();
  const expiresAt = new Date(now.getTime() + settings.sessionMaxAgeMs);
  await audited(
    db,
    { actor: { userId: user.id, organisationId: user.organisation_id }, at: now },
    (session: { id: string }) => ({
      type: 'session.start',
      subject: { kind: 'session', id: session.id },
    }),
    (trx) =>
      insertSession(trx, {
        userId: user.id,
        tokenHash: hashSecret(sessionSecret),
        csrfToken,
        createdAt: now,
        expiresAt,
        userAgent: input.userAgent?.slice(0, 300) ?? null,
      }),
  );
  return { userId: user.id, sessionSecret, csrfToken, expiresAt };
}

async function fail(
  db: Kysely<Database>,
  email: string,
  settings: AuthSettings,
  now: Date,
): Promise<never> {
  const lockedUntil = new Date(now.getTime() + settings.lockoutMs);
  const windowStart = new Date(now.getTime() - settings.failureWindowMs);
  await pruneLoginThrottle(db, windowStart, now);
  const outcome = await recordLoginFailure(
    db,
    email,
    now,
    windowStart,
    settings.maxFailedLogins,
    lockedUntil,
  );
  if (outcome.lockedUntil) throw lockedError(outcome.lockedUntil, now);
  const left = settings.maxFailedLogins - outcome.failures;
  throw new AppError(
    'unauthenticated',
    `Wrong e-mail, password or code. ${left} more failed attempt${left === 1 ? '' : 's'} will lock this e-mail for ${Math.round(settings.lockoutMs / 60_000)} min.`,
  );
}

/**
 * Ends a session (sign-out); its cookie stops working at once.
 *
 * @example
 * await endSession(db, request.authSession.id, auditOf(request, now));
 */
export async function endSession(
  db: Kysely<Database>,
  sessionId: string,
  audit: AuditContext,
): Promise<void> {
  await audited(
    db,
    audit,
    () => ({ type: 'session.end', subject: { kind: 'session', id: sessionId } }),
    (trx) => revokeSession(trx, sessionId, audit.at),
  );
}
