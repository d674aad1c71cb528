import { utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { clkSetFromBytes } from './bits.js';
import { findCandidates } from './candidates.js';
import { createClkEncoder } from './clk.js';
import { greedyMatch } from './greedy-match.js';
import { linkLists } from './link-lists.js';
import { parseLinkageSchema } from './schema.js';
import { syntheticLinkageLists, VICTIM_LIST_SCHEMA } from './test/synthetic-population.js';

/** The threshold documented for the victim-list schema (docs/estimation.md, "Linkage benchmark"). */
const DOCUMENTED_THRESHOLD = 0.86;

describe('linkage accuracy on synthetic agency lists with realistic errors', () => {
  const { a, b, truth } = syntheticLinkageLists({
    sizeA: 1500,
    sizeB: 1500,
    overlap: 750,
    seed: 2024,
  });
  const encoder = createClkEncoder(
    parseLinkageSchema(VICTIM_LIST_SCHEMA),
    utf8ToBytes('secret agreed by the agencies for this test'),
  );
  const listA = clkSetFromBytes(a.map((r) => encoder.encode(r)));
  const listB = clkSetFromBytes(b.map((r) => encoder.encode(r)));
  const isTrue = new Set(truth.map(([i, j]) => `${i},${j}`));

  it('reaches precision ≥ 0.99 and recall ≥ 0.95 at the documented threshold', () => {
    const matches = greedyMatch(findCandidates(listA, listB, { threshold: DOCUMENTED_THRESHOLD }));
    const correct = matches.filter((m) => isTrue.has(`${m.left},${m.right}`)).length;
    expect(correct / matches.length).toBeGreaterThanOrEqual(0.99);
    expect(correct / truth.length).toBeGreaterThanOrEqual(0.95);
  });

  it('counts the overlap in the two-list capture histories', () => {
    const linked = linkLists([listA, listB], { threshold: DOCUMENTED_THRESHOLD });
    const both = linked.entityOf[0]?.filter((e) => linked.entityOf[1]?.includes(e)).length ?? 0;
    expect(both).toBeGreaterThanOrEqual(0.95 * truth.length);
    expect(both).toBeLessThanOrEqual(1.01 * truth.length);
  });
});
