import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { appendLeaf } from '../log/custody-log.js';

/** Who did an identity change and when; no actor means an operator at the command line. */
export interface AuditContext {
  actor?: { userId: string; organisationId: string } | undefined;
  at: Date;
}

/**
 * Runs `write` in a transaction (or the caller's) and appends its custody leaf in the same one,
 * so the change and its record commit together. Leaves carry ids and field names only: never
 * passwords, tokens, secrets or e-mail addresses.
 *
 * @example
 * await audited(db, { type: 'organisation.create', ... }, async (trx) => insertOrganisation(trx, values));
 */
export async function audited<T>(
  db: Kysely<Database> | Transaction<Database>,
  audit: AuditContext,
  describe: (result: T) => {
    type: string;
    subject: { kind: string; id: string };
    details?: Record<string, unknown>;
  },
  write: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  const run = async (trx: Transaction<Database>) => {
    const result = await write(trx);
    const event = describe(result);
    await appendLeaf(trx, {
      type: event.type,
      ...(audit.actor
        ? { actor: { userId: audit.actor.userId, organisationId: audit.actor.organisationId } }
        : {}),
      subject: event.subject,
      at: audit.at.toISOString(),
      details: { ...(audit.actor ? {} : { via: 'operator-cli' }), ...event.details },
    });
    return result;
  };
  if (db.isTransaction) return run(db as Transaction<Database>);
  return db.transaction().execute(run);
}

/**
 * The audit context of a request: its actor (if any) and the app clock's time.
 *
 * @example
 * await createUser(db, input, auditOf(request, now));
 */
export function auditOf(
  request: { actor: { userId: string; organisationId: string } | null },
  now: () => number,
): AuditContext {
  const actor = request.actor;
  return {
    ...(actor ? { actor: { userId: actor.userId, organisationId: actor.organisationId } } : {}),
    at: new Date(now()),
  };
}
