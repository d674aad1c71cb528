import type { Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { Database, UserTable } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertUser(
  db: Db,
  values: Insertable<UserTable>,
): Promise<Selectable<UserTable>> {
  return db.insertInto('users').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findUser(db: Db, id: string): Promise<Selectable<UserTable> | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByEmail(
  db: Db,
  email: string,
): Promise<Selectable<UserTable> | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function listUsers(
  db: Db,
  filter: { organisationId?: string | undefined } = {},
): Promise<Selectable<UserTable>[]> {
  let query = db.selectFrom('users').selectAll().orderBy('email');
  if (filter.organisationId) query = query.where('organisation_id', '=', filter.organisationId);
  return query.execute();
}

export async function updateUser(
  db: Db,
  id: string,
  values: Updateable<UserTable>,
): Promise<Selectable<UserTable> | undefined> {
  return db.updateTable('users').set(values).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Enabled administrators other than `exceptUserId`. */
export async function countOtherActiveAdmins(db: Db, exceptUserId: string): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .where('id', '!=', exceptUserId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
