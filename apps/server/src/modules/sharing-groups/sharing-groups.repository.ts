import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A sharing group with its members, as stored. */
export interface SharingGroupRow {
  id: string;
  name: string;
  organisationId: string;
  organisationName: string;
  createdAt: Date;
  updatedAt: Date;
  members: { id: string; name: string }[];
}

/**
 * The sharing groups one organisation is a member of (all of them, or those with the given ids),
 * with their members. Groups the organisation is not in are never returned: membership is hidden
 * from non-members.
 */
export async function findGroupsOfMember(
  db: Db,
  organisationId: string,
  ids?: readonly string[],
): Promise<SharingGroupRow[]> {
  if (ids && ids.length === 0) return [];
  let query = db
    .selectFrom('sharing_groups as g')
    .innerJoin('sharing_group_members as mine', (join) =>
      join.onRef('mine.group_id', '=', 'g.id').on('mine.organisation_id', '=', organisationId),
    )
    .innerJoin('organisations as o', 'o.id', 'g.organisation_id')
    .select([
      'g.id',
      'g.name',
      'g.organisation_id',
      'o.name as organisation_name',
      'g.created_at',
      'g.updated_at',
    ])
    .orderBy('g.name')
    .orderBy('g.id');
  if (ids) query = query.where('g.id', 'in', ids);
  const groups = await query.execute();
  if (groups.length === 0) return [];
  const members = await db
    .selectFrom('sharing_group_members as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select(['m.group_id', 'o.id', 'o.name'])
    .where(
      'm.group_id',
      'in',
      groups.map((group) => group.id),
    )
    .orderBy('o.name')
    .execute();
  return groups.map((group) => ({
    id: group.id,
    name: group.name,
    organisationId: group.organisation_id,
    organisationName: group.organisation_name,
    createdAt: new Date(group.created_at),
    updatedAt: new Date(group.updated_at),
    members: members
      .filter((member) => member.group_id === group.id)
      .map((member) => ({ id: member.id, name: member.name })),
  }));
}

/** The ids among `ids` that are organisations of this hub. */
export async function existingOrganisationIds(
  db: Db,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('organisations').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((row) => row.id));
}

/** Inserts a group and its members; returns its id. */
export async function insertGroup(
  db: Db,
  group: {
    name: string;
    organisationId: string;
    createdBy: string;
    members: readonly string[];
    at: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('sharing_groups')
    .values({
      name: group.name,
      organisation_id: group.organisationId,
      created_by: group.createdBy,
      created_at: group.at,
      updated_at: group.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await replaceMembers(db, row.id, group.members, group.at);
  return row.id;
}

/** Replaces the member list of a group. */
export async function replaceMembers(
  db: Db,
  groupId: string,
  members: readonly string[],
  at: Date,
): Promise<void> {
  await db.deleteFrom('sharing_group_members').where('group_id', '=', groupId).execute();
  await db
    .insertInto('sharing_group_members')
    .values(
      [...new Set(members)].map((organisationId) => ({
        group_id: groupId,
        organisation_id: organisationId,
        added_at: at,
      })),
    )
    .execute();
}

/** Renames a group and/or marks it changed. */
export async function touchGroup(db: Db, groupId: string, at: Date, name?: string): Promise<void> {
  await db
    .updateTable('sharing_groups')
    .set({ updated_at: at, ...(name !== undefined ? { name } : {}) })
    .where('id', '=', groupId)
    .execute();
}
