import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';
import { keyIdOf, signCheckpoint, signingKeyFromSeed } from './checkpoint.js';
import type { CustodyEntry } from './custody-entry.js';
import { toBase64, toHex } from './encoding.js';
import {
  buildEvidenceBundle,
  type EvidenceBundle,
  verifyEvidenceBundle,
} from './evidence-bundle.js';
import { leafHash, sha256Bytes } from './hash.js';
import { encodeLeaf } from './leaf.js';
import { buildProof, inclusionProofRanges, MerkleFrontier, type SubtreeRef } from './merkle.js';

const key = signingKeyFromSeed(new Uint8Array(32).fill(7));
const content = new TextEncoder().encode('screenshot of a recruitment post, PNG bytes…');
const sha = toHex(sha256Bytes(content));

function makeBundle(): EvidenceBundle {
  const entries: CustodyEntry[] = [];
  for (let n = 0; n < 11; n++) {
    const ours = n === 2 || n === 7;
    entries.push({
      type: n === 2 ? 'artefact.upload' : 'artefact.read',
      actor: { userId: `u-${n}`, organisationId: 'o-1' },
      subject: ours
        ? { kind: 'artefact', id: 'art-1', sha256: sha }
        : { kind: 'artefact', id: `art-${n + 10}` },
      at: `2026-11-24T10:00:${String(n).padStart(2, '0')}.000Z`,
    });
  }
  const hashes = entries.map((entry) => encodeLeaf(entry).hash);
  const frontier = new MerkleFrontier();
  const nodes = new Map<string, Uint8Array>();
  hashes.forEach((hash, i) => {
    nodes.set(`0/${i}`, hash);
    for (const node of frontier.push(hash)) nodes.set(`${node.level}/${node.index}`, node.hash);
  });
  const lookup = (ref: SubtreeRef) => nodes.get(`${ref.level}/${ref.index}`) as Uint8Array;
  const checkpoint = signCheckpoint(
    {
      origin: 'jaga.test/log',
      treeSize: 11,
      rootHash: toBase64(frontier.root()),
      timestamp: '2026-11-24T11:00:00.000Z',
    },
    key,
  );
  return buildEvidenceBundle({
    exportedAt: '2026-11-24T11:00:01.000Z',
    log: { publicKey: toBase64(key.publicKey), checkpoint },
    artefact: {
      id: 'art-1',
      sha256: sha,
      size: content.length,
      metadata: { title: 'Recruitment post', tlp: 'AMBER' },
      content: toBase64(content),
    },
    entries: [2, 7].map((index) => ({
      index,
      leaf: entries[index] as CustodyEntry,
      leafHash: toBase64(hashes[index] as Uint8Array),
      inclusionProof: buildProof(inclusionProofRanges(index, 11), lookup).map(toBase64),
    })),
  });
}

const trusted = { trustedKeyIds: [keyIdOf(key.publicKey)] };
const clone = (bundle: EvidenceBundle) => JSON.parse(JSON.stringify(bundle)) as EvidenceBundle;

describe('verifyEvidenceBundle', () => {
  it('accepts an untouched bundle from a trusted key and says what it checked', () => {
    const result = verifyEvidenceBundle(JSON.parse(JSON.stringify(makeBundle())), trusted);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.summary).toMatchObject({
      treeSize: 11,
      entries: 2,
      artefactId: 'art-1',
      contentChecked: true,
    });
    expect(result.warnings).toEqual([]);
  });

  it('reports one changed content byte', () => {
    const bundle = clone(makeBundle());
    const bytes = content.slice();
    bytes[3] = (bytes[3] as number) ^ 1;
    bundle.artefact.content = toBase64(bytes);
    const result = verifyEvidenceBundle(bundle, trusted);
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toMatch(/content has SHA-256 .* not .* it was changed/);
  });

  it('reports a changed leaf, a recomputed leaf hash, and a swapped artefact hash', () => {
    const changed = clone(makeBundle());
    (changed.entries[0] as { leaf: CustodyEntry }).leaf.actor = {
      userId: 'someone-else',
      organisationId: 'o-1',
    };
    expect(verifyEvidenceBundle(changed, trusted).problems.join('\n')).toMatch(
      /entries\[0\] \(log index 2\): the leaf does not hash to leafHash/,
    );
    const rehashed = clone(changed);
    const entry = rehashed.entries[0] as EvidenceBundle['entries'][number];
    entry.leafHash = toBase64(leafHash(new TextEncoder().encode(canonicalJson(entry.leaf))));
    expect(verifyEvidenceBundle(rehashed, trusted).problems.join('\n')).toMatch(
      /inclusion proof does not lead to the signed root/,
    );
    const swapped = clone(makeBundle());
    const other = new TextEncoder().encode('another file');
    swapped.artefact.content = toBase64(other);
    swapped.artefact.sha256 = toHex(sha256Bytes(other));
    swapped.artefact.size = other.length;
    expect(verifyEvidenceBundle(swapped, trusted).problems.join('\n')).toMatch(
      /records SHA-256 .* for the artefact, not/,
    );
  });

  it('reports a forged checkpoint and a key that is not the trusted one', () => {
    const forged = clone(makeBundle());
    forged.log.checkpoint.treeSize = 12;
    expect(verifyEvidenceBundle(forged, trusted).problems.join('\n')).toMatch(
      /signature does not verify/,
    );
    const otherKey = signingKeyFromSeed(new Uint8Array(32).fill(9));
    const resigned = clone(makeBundle());
    resigned.log.publicKey = toBase64(otherKey.publicKey);
    resigned.log.checkpoint = signCheckpoint(resigned.log.checkpoint, otherKey);
    const result = verifyEvidenceBundle(resigned, trusted);
    expect(result.problems.join('\n')).toMatch(/not one of the trusted keys/);
    expect(verifyEvidenceBundle(resigned).warnings.join('\n')).toMatch(/was not pinned/);
  });

  it('checks content given beside the bundle, and warns when there is none', () => {
    const bundle = clone(makeBundle());
    delete bundle.artefact.content;
    const without = verifyEvidenceBundle(bundle, trusted);
    expect(without.ok).toBe(true);
    expect(without.summary.contentChecked).toBe(false);
    expect(without.warnings.join('\n')).toMatch(/no artefact content was given/);
    expect(verifyEvidenceBundle(bundle, { ...trusted, content }).summary.contentChecked).toBe(true);
    expect(verifyEvidenceBundle(bundle, { ...trusted, content: content.slice(1) }).ok).toBe(false);
  });

  it('explains malformed bundles instead of throwing', () => {
    expect(verifyEvidenceBundle(null).problems).toEqual(['the bundle must be a JSON object']);
    expect(verifyEvidenceBundle({ format: 'other/9' }).problems[0]).toMatch(
      /format must be "jaga-evidence-bundle\/1"/,
    );
    const broken = clone(makeBundle()) as unknown as { entries: unknown[] };
    broken.entries = [
      { index: 2, leaf: { type: 'x', at: 'soon' }, leafHash: 'AA==', inclusionProof: [] },
    ];
    expect(verifyEvidenceBundle(broken, trusted).problems.join('\n')).toMatch(
      /entries\[0\]\.leaf\.at must be an ISO 8601 time/,
    );
  });
});

describe('canonicalJson', () => {
  it('writes RFC 8785 form: sorted keys, no spaces, ECMAScript numbers, minimal escapes', () => {
    expect(
      canonicalJson({ b: [1e21, 0.1, -0, 1.5e-7], a: 'é\u2028"\n', c: { z: null, y: true } }),
    ).toBe('{"a":"é\u2028\\"\\n","b":[1e+21,0.1,0,1.5e-7],"c":{"y":true,"z":null}}');
    // Keys sort by UTF-16 code units, so an astral character sorts before U+FB33.
    expect(canonicalJson({ '\ufb33': 1, '\ud83d\ude00': 2 })).toBe('{"\ud83d\ude00":2,"\ufb33":1}');
  });

  it('refuses what JSON cannot carry, saying where', () => {
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow(/\$\.a\[1\] is NaN/);
    expect(() => canonicalJson({ when: new Date(0) })).toThrow(/\$\.when is a Date/);
    expect(() => canonicalJson({ s: 'x\ud800' })).toThrow(/lone UTF-16 surrogate/);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => canonicalJson(cycle)).toThrow(/cycle/);
  });
});
