import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable, Updateable } from 'kysely';
import { type Database, USER_ROLES, type UserRole, type UserTable } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { type AuditContext, audited } from '../auth/audit.js';
import { clearLoginThrottle, revokeSessionsOfUser } from '../auth/auth.repository.js';
import { normaliseEmail } from '../auth/login.service.js';
import { findOrganisation } from '../organisations/organisations.repository.js';
import { hashPassword } from './password.js';
import {
  countOtherActiveAdmins,
  findUser,
  findUserByEmail,
  insertUser,
  updateUser,
} from './users.repository.js';

/** Shortest password accepted: long passphrases beat complexity rules (NIST SP 800-63B). */
export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 1024;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A strong random password (144 bits, 24 URL-safe characters), for accounts whose first password
 * an administrator hands over.
 *
 * @example
 * const password = generatePassword();
 */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** Refuses passwords that are too short or too long, or the e-mail itself. */
export function checkPassword(password: string, email: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError(
      'bad_request',
      `The password must have at least ${MIN_PASSWORD_LENGTH} characters (got ${password.length}); a few unrelated words make a good one.`,
    );
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new AppError(
      'bad_request',
      `The password must have at most ${MAX_PASSWORD_LENGTH} characters.`,
    );
  }
  if (password.trim().toLowerCase() === email) {
    throw new AppError('bad_request', 'The password must not be the e-mail address.');
  }
}

function checkRole(role: string): UserRole {
  if (!(USER_ROLES as readonly string[]).includes(role)) {
    throw new AppError(
      'bad_request',
      `Unknown role "${role}"; use one of ${USER_ROLES.join(', ')}.`,
    );
  }
  return role as UserRole;
}

export interface CreateUserInput {
  organisationId: string;
  email: string;
  role: string;
  displayName?: string | undefined;
  /** A strong one is generated (and returned once) when absent. */
  password?: string | undefined;
}

/**
 * Creates a user in an organisation. Without a password, one is generated and returned once as
 * `generatedPassword`; only its scrypt hash is stored.
 *
 * @example
 * const { user, generatedPassword } = await createUser(db, { organisationId, email: 'a@agency.example', role: 'analyst' });
 */
export async function createUser(
  db: Kysely<Database>,
  input: CreateUserInput,
  audit: AuditContext,
): Promise<{ user: Selectable<UserTable>; generatedPassword?: string }> {
  const email = normaliseEmail(input.email);
  if (!EMAIL.test(email) || email.length > 320) {
    throw new AppError('bad_request', `"${input.email}" is not an e-mail address.`);
  }
  const role = checkRole(input.role);
  if (!(await findOrganisation(db, input.organisationId))) {
    throw new AppError('bad_request', `No organisation ${input.organisationId}; create it first.`);
  }
  if (await findUserByEmail(db, email)) {
    throw new AppError('conflict', `A user with e-mail ${email} already exists.`);
  }
  const generatedPassword = input.password === undefined ? generatePassword() : undefined;
  const password = input.password ?? (generatedPassword as string);
  checkPassword(password, email);
  const passwordHash = await hashPassword(password);
  const user = await audited(
    db,
    audit,
    (created: Selectable<UserTable>) => ({
      type: 'user.create',
      subject: { kind: 'user', id: created.id },
      details: { organisationId: created.organisation_id, role: created.role },
    }),
    (trx) =>
      insertUser(trx, {
        organisation_id: input.organisationId,
        email,
        display_name: input.displayName?.trim() || email.split('@')[0] || email,
        role,
        password_hash: passwordHash,
      }),
  );
  return generatedPassword ? { user, generatedPassword } : { user };
}

export interface ChangeUserInput {
  role?: string | undefined;
  displayName?: string | undefined;
  disabled?: boolean | undefined;
  organisationId?: string | undefined;
  password?: string | undefined;
}

/**
 * Changes a user's role, name, organisation, password or disabled state. Disabling, moving or
 * re-keying ends their sessions; the node always keeps at least one enabled administrator.
 *
 * @example
 * await changeUser(db, userId, { disabled: true }, { actor, at: new Date() });
 */
export async function changeUser(
  db: Kysely<Database>,
  id: string,
  input: ChangeUserInput,
  audit: AuditContext,
  /** The session making a change to its own user, which stays signed in. */
  keepSessionId?: string,
): Promise<Selectable<UserTable>> {
  const now = audit.at;
  const current = await findUser(db, id);
  if (!current) throw new AppError('not_found', `No user ${id}.`);
  const values: Updateable<UserTable> = {};
  if (input.role !== undefined) values.role = checkRole(input.role);
  if (input.displayName !== undefined) {
    const name = input.displayName.trim();
    if (name === '') throw new AppError('bad_request', 'displayName must not be empty.');
    values.display_name = name;
  }
  if (input.organisationId !== undefined && input.organisationId !== current.organisation_id) {
    if (!(await findOrganisation(db, input.organisationId))) {
      throw new AppError('bad_request', `No organisation ${input.organisationId}.`);
    }
    values.organisation_id = input.organisationId;
  }
  if (input.disabled !== undefined)
    values.disabled_at = input.disabled ? (current.disabled_at ?? now) : null;
  if (input.password !== undefined) {
    checkPassword(input.password, current.email);
    values.password_hash = await hashPassword(input.password);
  }

  const losesAdmin =
    current.role === 'admin' &&
    !current.disabled_at &&
    ((values.role !== undefined && values.role !== 'admin') || values.disabled_at);
  if (losesAdmin && (await countOtherActiveAdmins(db, id)) === 0) {
    throw new AppError(
      'conflict',
      'This is the last enabled administrator; make another user admin first.',
    );
  }
  if (Object.keys(values).length === 0) return current;

  // Field names only: the leaf never carries a password hash or a name.
  const fields = Object.keys(values)
    .map((key) => (key === 'password_hash' ? 'password' : key))
    .sort();
  return audited(
    db,
    audit,
    (updated: Selectable<UserTable>) => ({
      type: 'user.update',
      subject: { kind: 'user', id },
      details: {
        fields,
        ...(values.role ? { role: updated.role } : {}),
        ...(values.organisation_id ? { organisationId: updated.organisation_id } : {}),
        ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
      },
    }),
    async (trx) => {
      const updated = await updateUser(trx, id, values);
      if (!updated) throw new AppError('not_found', `No user ${id}.`);
      if (values.disabled_at || values.organisation_id || values.password_hash || values.role) {
        await revokeSessionsOfUser(trx, id, now, keepSessionId);
      }
      return updated;
    },
  );
}

/** Lifts a sign-in lockout on a user's e-mail before it expires by itself. */
export async function unlockUser(
  db: Kysely<Database>,
  id: string,
  audit: AuditContext,
): Promise<void> {
  const user = await findUser(db, id);
  if (!user) throw new AppError('not_found', `No user ${id}.`);
  await audited(
    db,
    audit,
    () => ({ type: 'user.unlock', subject: { kind: 'user', id } }),
    (trx) => clearLoginThrottle(trx, user.email),
  );
}
