import type { SharingGroupRow } from './sharing-groups.repository.js';
import type { SharingGroupBody } from './sharing-groups.schema.js';

/**
 * A sharing group as its members see it.
 *
 * @example
 * reply.send(presentSharingGroup(row));
 */
export function presentSharingGroup(row: SharingGroupRow): SharingGroupBody {
  return {
    id: row.id,
    name: row.name,
    managedBy: { id: row.organisationId, name: row.organisationName },
    organisations: row.members,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
