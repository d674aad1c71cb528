import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { presentOrganisation } from '../organisations/organisations.presenter.js';
import type { OrganisationBody } from '../organisations/organisations.schema.js';
import { presentUser } from '../users/users.presenter.js';
import type { UserBody } from '../users/users.schema.js';

/**
 * A user and their organisation as the API shows them.
 *
 * @example
 * const { user, organisation } = await loadMe(db, actor.userId);
 */
export async function loadMe(
  db: Kysely<Database>,
  userId: string,
): Promise<{ user: UserBody; organisation: OrganisationBody }> {
  const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  const organisation = user
    ? await db
        .selectFrom('organisations')
        .selectAll()
        .where('id', '=', user.organisation_id)
        .executeTakeFirst()
    : undefined;
  if (!user || !organisation) {
    throw new AppError('unauthenticated', 'This account no longer exists.');
  }
  return { user: presentUser(user), organisation: presentOrganisation(organisation) };
}
