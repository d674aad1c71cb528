import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { type AuditContext, audited } from './audit.js';
import { checkTotp, newTotpSecret } from './totp.js';

/**
 * Starts two-step sign-in for a user: stores a pending secret and returns it with its
 * `otpauth://` URI. It takes effect only once {@link confirmTotp} sees a valid code.
 *
 * @example
 * const { uri } = await beginTotp(db, actor.userId, actor.email);
 */
export async function beginTotp(
  db: Kysely<Database>,
  userId: string,
  email: string,
): Promise<{ secret: string; uri: string }> {
  const user = await db
    .selectFrom('users')
    .select('totp_enabled_at')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  if (user.totp_enabled_at) {
    throw new AppError(
      'conflict',
      'Two-step sign-in is already on; turn it off first to change it.',
    );
  }
  const enrolment = newTotpSecret(email);
  await db
    .updateTable('users')
    .set({ totp_secret: enrolment.secret })
    .where('id', '=', userId)
    .execute();
  return enrolment;
}

/** Turns two-step sign-in on once the user proves their app shows the right code. */
export async function confirmTotp(
  db: Kysely<Database>,
  userId: string,
  code: string,
  audit: AuditContext,
): Promise<void> {
  const now = audit.at;
  const user = await db
    .selectFrom('users')
    .select(['totp_secret', 'totp_enabled_at'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  if (user.totp_enabled_at) throw new AppError('conflict', 'Two-step sign-in is already on.');
  if (!user.totp_secret) {
    throw new AppError('conflict', 'Start enrolment first with POST /api/v1/me/totp.');
  }
  if (!checkTotp(user.totp_secret, code, now)) {
    throw new AppError(
      'bad_request',
      'body/code: this is not the current code of the enrolled secret.',
    );
  }
  await audited(
    db,
    audit,
    () => ({ type: 'user.totp-enable', subject: { kind: 'user', id: userId } }),
    (trx) =>
      trx.updateTable('users').set({ totp_enabled_at: now }).where('id', '=', userId).execute(),
  );
}

/** Turns two-step sign-in off; needs a current code, so a stolen session alone cannot. */
export async function disableTotp(
  db: Kysely<Database>,
  userId: string,
  code: string,
  audit: AuditContext,
): Promise<void> {
  const now = audit.at;
  const user = await db
    .selectFrom('users')
    .select(['totp_secret', 'totp_enabled_at'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  if (!user.totp_enabled_at || !user.totp_secret) {
    throw new AppError('conflict', 'Two-step sign-in is not on for this account.');
  }
  if (!checkTotp(user.totp_secret, code, now)) {
    throw new AppError('bad_request', 'body/code: wrong or expired code.');
  }
  await audited(
    db,
    audit,
    () => ({ type: 'user.totp-disable', subject: { kind: 'user', id: userId } }),
    (trx) =>
      trx
        .updateTable('users')
        .set({ totp_secret: null, totp_enabled_at: null })
        .where('id', '=', userId)
        .execute(),
  );
}
