import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

const SELECTOR_KEY = 'selector-hmac';
const cache = new WeakMap<object, Promise<Uint8Array>>();

async function load(db: Kysely<Database>): Promise<Uint8Array> {
  const read = () =>
    db
      .selectFrom('hub_secrets')
      .select('secret')
      .where('name', '=', SELECTOR_KEY)
      .executeTakeFirst();
  const found = await read();
  if (found) return new Uint8Array(found.secret);
  // Two nodes starting at once both try; the first insert wins and both read the same secret.
  await db
    .insertInto('hub_secrets')
    .values({ name: SELECTOR_KEY, secret: randomBytes(32) })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const created = await read();
  if (!created) throw new Error('The hub secret for selector hashes could not be stored');
  return new Uint8Array(created.secret);
}

/**
 * The hub's secret key for keyed selector hashes (HMAC-SHA-256), created on first use and kept in
 * the database, so every node of the hub and every restart hashes alike. Call it on the root
 * `db`, outside a transaction.
 *
 * @example
 * const secret = await selectorSecret(db);
 */
export function selectorSecret(db: Kysely<Database>): Promise<Uint8Array> {
  let secret = cache.get(db);
  if (!secret) {
    secret = load(db);
    secret.catch(() => cache.delete(db));
    cache.set(db, secret);
  }
  return secret;
}
