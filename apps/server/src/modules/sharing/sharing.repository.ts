import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { PolicyActor } from './policy.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The actor as the pure policy needs it: with the sharing groups of their organisation.
 *
 * @example
 * const reader = await loadPolicyActor(db, requireActor(request));
 * if (!canRead(reader, record)) throw notFound();
 */
export async function loadPolicyActor(
  db: Db,
  actor: { userId: string; organisationId: string },
): Promise<PolicyActor> {
  const rows = await db
    .selectFrom('sharing_group_members')
    .select('group_id')
    .where('organisation_id', '=', actor.organisationId)
    .execute();
  return {
    userId: actor.userId,
    organisationId: actor.organisationId,
    sharingGroupIds: rows.map((row) => row.group_id),
  };
}

/** Who one record is released to, beyond its TLP level and owner. */
export interface RecordSharing {
  sharingGroupIds: string[];
  recipientIds: string[];
}

/**
 * The sharing groups and named recipients of several records at once, keyed by record id (records
 * with neither get empty lists).
 *
 * @example
 * const sharing = await loadRecordSharing(db, ['0b7c…']);
 */
export async function loadRecordSharing(
  db: Db,
  recordIds: readonly string[],
): Promise<Map<string, RecordSharing>> {
  const result = new Map<string, RecordSharing>();
  for (const id of recordIds) result.set(id, { sharingGroupIds: [], recipientIds: [] });
  if (recordIds.length === 0) return result;
  const [groups, recipients] = await Promise.all([
    db
      .selectFrom('record_sharing_groups')
      .select(['record_id', 'group_id'])
      .where('record_id', 'in', recordIds)
      .orderBy('group_id')
      .execute(),
    db
      .selectFrom('record_recipients')
      .select(['record_id', 'user_id'])
      .where('record_id', 'in', recordIds)
      .orderBy('user_id')
      .execute(),
  ]);
  for (const row of groups) result.get(row.record_id)?.sharingGroupIds.push(row.group_id);
  for (const row of recipients) result.get(row.record_id)?.recipientIds.push(row.user_id);
  return result;
}

/**
 * Replaces the sharing groups and/or recipients of a record; a list left `undefined` is kept.
 *
 * @example
 * await replaceRecordSharing(trx, artefactId, { sharingGroupIds: [groupId] });
 */
export async function replaceRecordSharing(
  db: Db,
  recordId: string,
  sharing: { sharingGroupIds?: readonly string[]; recipientIds?: readonly string[] },
): Promise<void> {
  if (sharing.sharingGroupIds) {
    await db.deleteFrom('record_sharing_groups').where('record_id', '=', recordId).execute();
    const unique = [...new Set(sharing.sharingGroupIds)];
    if (unique.length > 0) {
      await db
        .insertInto('record_sharing_groups')
        .values(unique.map((groupId) => ({ record_id: recordId, group_id: groupId })))
        .execute();
    }
  }
  if (sharing.recipientIds) {
    await db.deleteFrom('record_recipients').where('record_id', '=', recordId).execute();
    const unique = [...new Set(sharing.recipientIds)];
    if (unique.length > 0) {
      await db
        .insertInto('record_recipients')
        .values(unique.map((userId) => ({ record_id: recordId, user_id: userId })))
        .execute();
    }
  }
}
