import type { Selectable } from 'kysely';
import type { UserTable } from '../../db/schema.js';
import { isoTime } from './iso-time.js';
import type { UserBody } from './users.schema.js';

/**
 * A user as the API shows it: never the password hash or the TOTP secret.
 *
 * @example
 * reply.send(presentUser(row));
 */
export function presentUser(row: Selectable<UserTable>): UserBody {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    totpEnabled: row.totp_enabled_at !== null,
    disabled: row.disabled_at !== null,
    isDemo: row.is_demo,
    createdAt: isoTime(row.created_at),
  };
}
