import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { keyedHash, type NormalisedSelector, selectorKey } from './selectors.normalise.js';

/** A stored selector as records that name it list it: its id, type, value and qualifier. */
export interface SelectorRef {
  id: string;
  type: string;
  value: string;
  platform?: string;
  chain?: string;
  country?: string;
}

/** A stored selector row as a {@link SelectorRef}: the qualifier named as platform or chain. */
export function selectorRef(row: {
  id: string;
  type: string;
  qualifier: string;
  value: string;
  country: string | null;
}): SelectorRef {
  return {
    id: row.id,
    type: row.type,
    value: row.value,
    ...(row.type === 'handle' ? { platform: row.qualifier } : {}),
    ...(row.type === 'wallet' ? { chain: row.qualifier } : {}),
    ...(row.country ? { country: row.country } : {}),
  };
}

/**
 * Inserts the selectors not stored yet, each with its keyed hash for blind matching, and returns
 * every one of them by `selectorKey`. The one upsert of selectors: post ingestion and traces use it.
 * Pass them in `selectorKey` order so concurrent writers lock new selectors alike.
 *
 * @example
 * const refs = await upsertSelectors(trx, await selectorSecret(db), [normaliseSelector(input)]);
 */
export async function upsertSelectors(
  trx: Transaction<Database>,
  secret: Uint8Array,
  selectors: readonly NormalisedSelector[],
): Promise<Map<string, SelectorRef>> {
  const found = new Map<string, SelectorRef>();
  // Chunks keep each statement's parameters well under PostgreSQL's limit of 65,535.
  for (let start = 0; start < selectors.length; start += 1000) {
    const chunk = selectors.slice(start, start + 1000);
    await trx
      .insertInto('selectors')
      .values(
        chunk.map((s) => ({
          type: s.type,
          qualifier: s.qualifier,
          value: s.value,
          country: s.country,
          keyed_hash: keyedHash(secret, s),
        })),
      )
      .onConflict((oc) => oc.columns(['type', 'qualifier', 'value']).doNothing())
      .execute();
    const rows = await trx
      .selectFrom('selectors')
      .select(['id', 'type', 'qualifier', 'value', 'country'])
      .where((eb) =>
        eb.or(
          chunk.map((s) =>
            eb.and([
              eb('type', '=', s.type),
              eb('qualifier', '=', s.qualifier),
              eb('value', '=', s.value),
            ]),
          ),
        ),
      )
      .execute();
    for (const row of rows) found.set(selectorKey(row as NormalisedSelector), selectorRef(row));
  }
  return found;
}
