import type { SelectorRow } from './selectors.repository.js';
import type { SelectorBody } from './selectors.schema.js';

/**
 * A stored selector as the API shows it: the qualifier named as what it is (a handle's platform,
 * a wallet's chain).
 *
 * @example
 * presentSelector(row); // { id, type: 'handle', value: 'hr_kh', platform: 'telegram', keyedHash }
 */
export function presentSelector(row: SelectorRow): SelectorBody {
  return {
    id: row.id,
    type: row.type as SelectorBody['type'],
    value: row.value,
    ...(row.type === 'handle' ? { platform: row.qualifier } : {}),
    ...(row.type === 'wallet' ? { chain: row.qualifier } : {}),
    ...(row.country ? { country: row.country } : {}),
    keyedHash: row.keyedHash,
  };
}
