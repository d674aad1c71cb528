import type { Selectable } from 'kysely';
import type { ApiTokenTable } from '../../db/schema.js';
import type { TokenBody } from './auth.schema.js';

/**
 * An API token as listed: never the token or its hash.
 *
 * @example
 * reply.send({ items: rows.map(presentToken) });
 */
export function presentToken(row: Selectable<ApiTokenTable>): TokenBody {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  };
}
