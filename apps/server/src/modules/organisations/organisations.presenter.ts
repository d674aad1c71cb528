import type { Selectable } from 'kysely';
import type { OrganisationTable } from '../../db/schema.js';
import { isoTime } from '../users/iso-time.js';
import type { OrganisationBody } from './organisations.schema.js';

/**
 * An organisation as the API shows it.
 *
 * @example
 * reply.send(presentOrganisation(row));
 */
export function presentOrganisation(row: Selectable<OrganisationTable>): OrganisationBody {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    country: row.country,
    isDemo: row.is_demo,
    createdAt: isoTime(row.created_at),
  };
}
