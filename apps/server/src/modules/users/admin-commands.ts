import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { type AuthSettings, DEFAULT_AUTH_SETTINGS } from '../auth/auth.settings.js';
import { normaliseEmail } from '../auth/login.service.js';
import { createApiToken, revokeApiToken } from '../auth/tokens.service.js';
import { presentOrganisation } from '../organisations/organisations.presenter.js';
import {
  findOrganisation,
  findOrganisationByName,
} from '../organisations/organisations.repository.js';
import type { OrganisationBody } from '../organisations/organisations.schema.js';
import { createOrganisation } from '../organisations/organisations.service.js';
import { presentUser } from './users.presenter.js';
import { findUserByEmail } from './users.repository.js';
import type { UserBody } from './users.schema.js';
import { createUser } from './users.service.js';

// Operator commands (`jaga admin …`) on an open database, with the same checks as the API.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Creates an organisation for `jaga admin create-org`.
 *
 * @example
 * const org = await adminCreateOrganisation(db, { name: 'Demo NGO', type: 'ngo', country: 'KH' });
 */
export async function adminCreateOrganisation(
  db: Kysely<Database>,
  input: { name: string; type: string; country: string },
): Promise<OrganisationBody> {
  return presentOrganisation(await createOrganisation(db, input, { at: new Date() }));
}

/**
 * Creates a user in the organisation named (or with the id) `organisation`, for
 * `jaga admin create-user`. Without a password one is generated and returned once.
 *
 * @example
 * const { user, generatedPassword } = await adminCreateUser(db, { organisation: 'Demo NGO', email: 'a@ngo.example', role: 'analyst' });
 */
export async function adminCreateUser(
  db: Kysely<Database>,
  input: {
    organisation: string;
    email: string;
    role: string;
    displayName?: string | undefined;
    password?: string | undefined;
  },
): Promise<{ user: UserBody; organisation: OrganisationBody; generatedPassword?: string }> {
  const org =
    (UUID.test(input.organisation) ? await findOrganisation(db, input.organisation) : undefined) ??
    (await findOrganisationByName(db, input.organisation.trim()));
  if (!org) {
    throw new AppError(
      'not_found',
      `No organisation named "${input.organisation}"; create it first with jaga admin create-org.`,
    );
  }
  const { user, generatedPassword } = await createUser(
    db,
    {
      organisationId: org.id,
      email: input.email,
      role: input.role,
      displayName: input.displayName,
      password: input.password,
    },
    { at: new Date() },
  );
  return {
    user: presentUser(user),
    organisation: presentOrganisation(org),
    ...(generatedPassword ? { generatedPassword } : {}),
  };
}

/**
 * Issues an API token for the user with `email`, for `jaga admin create-token`.
 *
 * @example
 * const { token } = await adminCreateToken(db, { email: 'a@ngo.example', scopes: ['read'] }, new Date());
 */
export async function adminCreateToken(
  db: Kysely<Database>,
  input: {
    email: string;
    name?: string | undefined;
    scopes?: readonly string[] | undefined;
    expiresInDays?: number | undefined;
  },
  now: Date,
  settings: Pick<AuthSettings, 'defaultTokenDays' | 'maxTokenDays'> = DEFAULT_AUTH_SETTINGS,
): Promise<{ token: string; id: string; scopes: string[]; expiresAt: string; email: string }> {
  const email = normaliseEmail(input.email);
  const user = await findUserByEmail(db, email);
  if (!user) throw new AppError('not_found', `No user with e-mail ${email}.`);
  const { token, record } = await createApiToken(
    db,
    {
      userId: user.id,
      name: input.name ?? `created by an operator on ${now.toISOString().slice(0, 10)}`,
      scopes: input.scopes,
      expiresInDays: input.expiresInDays,
    },
    settings,
    { at: now },
  );
  return {
    token,
    id: record.id,
    scopes: record.scopes,
    expiresAt: record.expires_at.toISOString(),
    email,
  };
}

/**
 * Revokes an API token by its id, for `jaga admin revoke-token`.
 *
 * @example
 * await adminRevokeToken(db, tokenId, new Date());
 */
export async function adminRevokeToken(db: Kysely<Database>, id: string, now: Date): Promise<void> {
  if (!UUID.test(id)) throw new AppError('bad_request', `"${id}" is not a token id (a UUID).`);
  const found = await db
    .selectFrom('api_tokens')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!found) throw new AppError('not_found', `No API token ${id}.`);
  await revokeApiToken(db, id, { at: now });
}
