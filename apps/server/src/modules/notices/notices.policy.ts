import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { canRead, type PolicyActor, type ShareableRecord } from '../sharing/policy.js';
import { readableBy, type SqlPolicyActor } from '../sharing/sql-filter.js';

/**
 * A record addressed to another organisation (a notice or an evidence request): shareable like
 * any record, plus its addressee and whether it has been sent to that addressee yet.
 */
export interface AddressedRecord extends ShareableRecord {
  addresseeOrganisationId: string;
  /** False while the record is a draft (or, for evidence requests, not yet issued). */
  delivered: boolean;
}

/**
 * Who may read an addressed record: whoever the one sharing policy lets read it (the owning
 * organisation at AMBER, its sharing groups, named recipients…), and the addressee organisation
 * once the record is delivered to it. The addressee is a party to the record, not a recipient of
 * the owner's intelligence: it never sees a draft, and it sees only records addressed to it.
 *
 * @example
 * canReadAddressed(platformReviewer, { ...notice, addresseeOrganisationId: platformOrgId, delivered: true }); // true
 */
export function canReadAddressed(actor: PolicyActor, record: AddressedRecord): boolean {
  if (record.delivered && record.addresseeOrganisationId === actor.organisationId) return true;
  return canRead(actor, record);
}

/**
 * {@link canReadAddressed} as an SQL condition on `table`, which has the shareable columns and
 * `platform_organisation_id`; `delivered` is the SQL condition of a delivered record.
 *
 * @example
 * db.selectFrom('notices as n').where(addressedReadableBy(actor, 'n', sql`n.status <> 'draft'`));
 */
export function addressedReadableBy(
  actor: SqlPolicyActor,
  table: string,
  delivered: RawBuilder<SqlBool>,
): RawBuilder<SqlBool> {
  return sql<SqlBool>`(
    (${sql.ref(`${table}.platform_organisation_id`)} = ${actor.organisationId} and ${delivered})
    or ${readableBy(actor, table)}
  )`;
}
