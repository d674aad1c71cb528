import { type RawBuilder, type SqlBool, sql } from 'kysely';

/** The part of an actor the SQL filter needs; group membership is looked up in the database. */
export interface SqlPolicyActor {
  readonly userId: string;
  readonly organisationId: string;
}

/**
 * The sharing policy of `policy.ts` (`canRead`) as an SQL condition, for every list, count, search
 * and get. `table` names (or aliases) a table that has the shareable columns `id`, `tlp`,
 * `organisation_id` and `created_by`; its groups and recipients live in `record_sharing_groups` and
 * `record_recipients`, shared by every kind of record.
 *
 * @example
 * const rows = await db
 *   .selectFrom('artefacts')
 *   .selectAll()
 *   .where(readableBy(actor, 'artefacts'))
 *   .execute();
 */
export function readableBy(actor: SqlPolicyActor, table: string): RawBuilder<SqlBool> {
  const column = (name: string) => sql.ref(`${table}.${name}`);
  return sql<SqlBool>`(
    ${column('tlp')} in ('CLEAR', 'GREEN')
    or ${column('created_by')} = ${actor.userId}
    or exists (
      select 1 from record_recipients as policy_recipient
      where policy_recipient.record_id = ${column('id')}
        and policy_recipient.user_id = ${actor.userId}
    )
    or (${column('tlp')} in ('AMBER', 'AMBER+STRICT')
        and ${column('organisation_id')} = ${actor.organisationId})
    or (${column('tlp')} = 'AMBER' and exists (
      select 1 from record_sharing_groups as policy_group
      join sharing_group_members as policy_member on policy_member.group_id = policy_group.group_id
      where policy_group.record_id = ${column('id')}
        and policy_member.organisation_id = ${actor.organisationId}
    ))
  )`;
}
