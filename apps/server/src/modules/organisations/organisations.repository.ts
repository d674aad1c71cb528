import type { Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { Database, OrganisationTable, OrganisationType } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertOrganisation(
  db: Db,
  values: { name: string; type: OrganisationType; country: string },
): Promise<Selectable<OrganisationTable>> {
  return db.insertInto('organisations').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function listOrganisations(db: Db): Promise<Selectable<OrganisationTable>[]> {
  return db.selectFrom('organisations').selectAll().orderBy('name').execute();
}

export async function findOrganisation(
  db: Db,
  id: string,
): Promise<Selectable<OrganisationTable> | undefined> {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findOrganisationByName(
  db: Db,
  name: string,
): Promise<Selectable<OrganisationTable> | undefined> {
  return db
    .selectFrom('organisations')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();
}

export async function updateOrganisation(
  db: Db,
  id: string,
  values: Updateable<OrganisationTable>,
): Promise<Selectable<OrganisationTable> | undefined> {
  return db
    .updateTable('organisations')
    .set(values)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}
