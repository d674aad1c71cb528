import type { CandidatePairs } from './candidates.js';

/**
 * One accepted link between record `left` of list A and record `right` of list B.
 *
 * @example
 * const [best]: Match[] = greedyMatch(pairs);
 */
export interface Match {
  readonly left: number;
  readonly right: number;
  readonly similarity: number;
}

/**
 * Greedy one-to-one matching (anonlink's greedy solver for two parties): walk the candidate pairs
 * from the most to the least similar and accept a pair when neither record is matched yet.
 * Expects the order {@link findCandidates} returns.
 *
 * @example
 * const matches = greedyMatch(findCandidates(listA, listB, { threshold: 0.8 }));
 * matches[0]; // { left: 12, right: 40, similarity: 0.97 }
 */
export function greedyMatch(pairs: CandidatePairs): Match[] {
  const usedLeft = new Set<number>();
  const usedRight = new Set<number>();
  const matches: Match[] = [];
  for (let k = 0; k < pairs.size; k++) {
    const left = pairs.left[k] as number;
    const right = pairs.right[k] as number;
    if (usedLeft.has(left) || usedRight.has(right)) continue;
    usedLeft.add(left);
    usedRight.add(right);
    matches.push({ left, right, similarity: pairs.similarity[k] as number });
  }
  return matches;
}
