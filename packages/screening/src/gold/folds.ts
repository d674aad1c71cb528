/**
 * FNV-1a hash of a string, used to order items reproducibly without a random generator.
 */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * Assigns every item to one of `k` folds so that each stratum (e.g. language × label) is spread
 * evenly: fold sizes within a stratum differ by at most one. The assignment depends only on the ids,
 * the strata and the seed, never on input order, so results are reproducible.
 *
 * @returns a map from item id to fold index in `[0, k)`
 * @throws RangeError when `k` is not an integer ≥ 2 or ids repeat
 * @example
 * const folds = stratifiedFolds(items, 5, (i) => i.id, (i) => `${i.lang}/${i.label}`);
 * folds.get('en-r001'); // 0…4
 */
export function stratifiedFolds<T>(
  items: readonly T[],
  k: number,
  idOf: (item: T) => string,
  stratumOf: (item: T) => string,
  seed = 'jaga',
): Map<string, number> {
  if (!Number.isInteger(k) || k < 2) {
    throw new RangeError(`stratifiedFolds: k must be an integer ≥ 2, got ${k}`);
  }
  const strata = new Map<string, string[]>();
  for (const item of items) {
    const stratum = stratumOf(item);
    const ids = strata.get(stratum) ?? [];
    ids.push(idOf(item));
    strata.set(stratum, ids);
  }
  const folds = new Map<string, number>();
  // Start each stratum at a different fold so small strata do not all pile into fold 0.
  let offset = 0;
  for (const stratum of [...strata.keys()].sort()) {
    const ids = (strata.get(stratum) ?? [])
      .map((id) => ({ id, key: fnv1a(`${seed}:${id}`) }))
      .sort((a, b) => a.key - b.key || (a.id < b.id ? -1 : 1));
    for (const [index, { id }] of ids.entries()) {
      if (folds.has(id)) {
        throw new RangeError(`stratifiedFolds: id "${id}" appears more than once`);
      }
      folds.set(id, (offset + index) % k);
    }
    offset = (offset + ids.length) % k;
  }
  return folds;
}
