import type { ClkSet } from './bits.js';
import { type CandidateOptions, findCandidates } from './candidates.js';
import { LinkageError } from './linkage-error.js';

/**
 * Options of {@link linkLists}.
 *
 * @example
 * linkLists([a, b, c], { threshold: 0.86, mergeThreshold: 0.5 });
 */
export interface LinkListsOptions extends Omit<CandidateOptions, 'onProgress'> {
  /**
   * When two groups of already-linked records would merge, the share of record pairs across them
   * that must themselves be candidates (default 0.5). Guards against chains A–B, B–C linking A and C
   * that do not resemble each other. It has no effect with two lists.
   */
  readonly mergeThreshold?: number | undefined;
  /** Called with (records compared, records to compare) over all list pairs. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

/**
 * Which person (entity) every record of every list was linked to.
 *
 * @example
 * const linked: LinkedLists = linkLists([a, b], { threshold: 0.86 });
 * linked.entityOf[0]?.[3]; // person of record 3 of list a
 */
export interface LinkedLists {
  /** `entityOf[list][record]`: entity number, 0 … entities − 1. */
  readonly entityOf: readonly Uint32Array[];
  readonly entities: number;
  /** Dice coefficients computed over all list pairs. */
  readonly comparisons: number;
}

/**
 * Links k lists of CLKs into people: candidates from every pair of lists are merged greedily from
 * the most similar down; two groups merge only if they share no list (each person appears at most
 * once per list) and enough of their cross pairs are candidates. With two lists this is exactly
 * greedy one-to-one matching.
 *
 * @example
 * const linked = linkLists([listA, listB, listC], { threshold: 0.8 });
 * linked.entities; // people seen on at least one list
 */
export function linkLists(lists: readonly ClkSet[], options: LinkListsOptions): LinkedLists {
  if (lists.length < 2) {
    throw new LinkageError('invalid-option', `linking needs at least 2 lists, got ${lists.length}`);
  }
  if (lists.length > 30) {
    throw new LinkageError('too-many-lists', `at most 30 lists can be linked, got ${lists.length}`);
  }
  const mergeThreshold = options.mergeThreshold ?? 0.5;
  if (!(mergeThreshold >= 0 && mergeThreshold <= 1)) {
    throw new LinkageError(
      'invalid-option',
      `mergeThreshold must be in [0, 1], got ${mergeThreshold}`,
    );
  }
  const offsets: number[] = [];
  let total = 0;
  for (const list of lists) {
    offsets.push(total);
    total += list.size;
  }
  let work = 0;
  for (let x = 0; x < lists.length; x++) {
    for (let y = x + 1; y < lists.length; y++) work += lists[x]?.size ?? 0;
  }

  // Gather candidates of every list pair as global record ids.
  const sims: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  let done = 0;
  let comparisons = 0;
  for (let x = 0; x < lists.length; x++) {
    for (let y = x + 1; y < lists.length; y++) {
      const a = lists[x] as ClkSet;
      const b = lists[y] as ClkSet;
      const base = done;
      const pairs = findCandidates(a, b, {
        ...options,
        onProgress: (d) => options.onProgress?.(base + d, work),
      });
      done += a.size;
      comparisons += pairs.comparisons;
      for (let k = 0; k < pairs.size; k++) {
        sims.push(pairs.similarity[k] as number);
        from.push((offsets[x] as number) + (pairs.left[k] as number));
        to.push((offsets[y] as number) + (pairs.right[k] as number));
      }
    }
  }
  const listOf = new Uint32Array(total);
  lists.forEach((list, x) => {
    listOf.fill(x, offsets[x], (offsets[x] as number) + list.size);
  });
  const edges = new Set<number>();
  for (let k = 0; k < sims.length; k++) edges.add((from[k] as number) * total + (to[k] as number));
  const hasEdge = (u: number, v: number) =>
    u < v ? edges.has(u * total + v) : edges.has(v * total + u);

  // Union–find with the set of lists and members kept at each root.
  const parent = Uint32Array.from({ length: total }, (_, i) => i);
  const mask = Uint32Array.from(listOf, (x) => 1 << x);
  const members = new Map<number, number[]>();
  const find = (u: number): number => {
    let r = u;
    while (parent[r] !== r) r = parent[r] as number;
    let c = u;
    while (parent[c] !== r) {
      const next = parent[c] as number;
      parent[c] = r;
      c = next;
    }
    return r;
  };
  const order = Array.from({ length: sims.length }, (_, k) => k).sort(
    (p, q) =>
      (sims[q] as number) - (sims[p] as number) ||
      (from[p] as number) - (from[q] as number) ||
      (to[p] as number) - (to[q] as number),
  );
  for (const k of order) {
    const ru = find(from[k] as number);
    const rv = find(to[k] as number);
    if (ru === rv || ((mask[ru] as number) & (mask[rv] as number)) !== 0) continue;
    const mu = members.get(ru) ?? [ru];
    const mv = members.get(rv) ?? [rv];
    if (mu.length * mv.length > 1) {
      let agree = 0;
      for (const u of mu) for (const v of mv) if (hasEdge(u, v)) agree++;
      if (agree < mergeThreshold * mu.length * mv.length) continue;
    }
    parent[rv] = ru;
    mask[ru] = (mask[ru] as number) | (mask[rv] as number);
    members.set(ru, [...mu, ...mv]);
    members.delete(rv);
  }

  const entityOfRoot = new Map<number, number>();
  const entityOf = lists.map((list, x) =>
    Uint32Array.from({ length: list.size }, (_, r) => {
      const root = find((offsets[x] as number) + r);
      let entity = entityOfRoot.get(root);
      if (entity === undefined) {
        entity = entityOfRoot.size;
        entityOfRoot.set(root, entity);
      }
      return entity;
    }),
  );
  return { entityOf, entities: entityOfRoot.size, comparisons };
}
