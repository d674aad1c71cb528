import { utf8ToBytes } from '@noble/hashes/utils.js';
import { base64 } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { setBitIndices } from './bits.js';
import { clkSetFromJson, clkToBase64, createClkEncoder } from './clk.js';
import { LinkageError } from './linkage-error.js';
import { parseLinkageSchema } from './schema.js';

const secret = utf8ToBytes('correct horse battery staple');

function schemaJson(overrides: Record<string, unknown> = {}) {
  return {
    version: 3,
    clkConfig: { l: 1024, kdf: { type: 'HKDF', hash: 'SHA256', keySize: 64 }, ...overrides },
    features: [
      { identifier: 'id', ignored: true },
      {
        identifier: 'givenName',
        format: { type: 'string', encoding: 'utf-8' },
        hashing: { comparison: { type: 'ngram', n: 2 }, strategy: { bitsPerFeature: 200 } },
      },
      {
        identifier: 'familyName',
        format: { type: 'string', encoding: 'utf-8' },
        hashing: {
          comparison: { type: 'ngram', n: 2 },
          strategy: { bitsPerToken: 15 },
          hash: { type: 'doubleHash' },
        },
      },
      {
        identifier: 'dateOfBirth',
        format: { type: 'date', format: '%Y-%m-%d' },
        hashing: {
          comparison: { type: 'ngram', n: 1, positional: true },
          strategy: { bitsPerToken: 40 },
          hash: { type: 'blakeHash' },
        },
      },
    ],
  };
}

describe('createClkEncoder', () => {
  // Golden CLKs from an independent Python implementation of clkhash 0.18's construction
  // (hashlib HKDF/HMAC/BLAKE2b, struct '32H'), covering blake and double hashing, both bit
  // strategies, positional unigrams, an ignored column, date normalisation, salt/info and folding.
  it('matches clkhash CLKs bit for bit', () => {
    const encoder = createClkEncoder(parseLinkageSchema(schemaJson()), secret);
    expect(clkToBase64(encoder.encode(['7', 'SITI NURHALIZA', 'Rahayu', '1998-04-02']))).toBe(
      'foJoNw9XCgxA/jHdRYTfwpKHo8WnACzjJuxvzamLBkjuMSjotOZ7C5D381QCGHIYJoB9WtX7HVTpSGoQXCQnAXGiYz++iLji6p+wmUUDJClmKlLSCRV8B5i/MCRCIjO4ijSciXGIZG1tQFFeMlSeAJ8iuDLpE3ABucPPVHCF/HI=',
    );
  });

  it('matches clkhash with HKDF salt and info, non-ASCII names and one XOR fold', () => {
    const schema = parseLinkageSchema(
      schemaJson({
        l: 512,
        xorFolds: 1,
        kdf: {
          type: 'HKDF',
          salt: base64.encode(utf8ToBytes('jaga-salt')),
          info: base64.encode(utf8ToBytes('jaga')),
        },
      }),
    );
    const encoder = createClkEncoder(schema, secret);
    expect(clkToBase64(encoder.encode(['7', 'Nguyễn Thị Lan', 'Trần', '1998-04-02']))).toBe(
      'HusTODm43H69sJT83aBaDEt+GrpVTn9JBwgzT+TXBLpPy+/ef70W3ZU6vsV3nTKmKXDqPqGof3ayo0roPbiRXw==',
    );
  });

  it('ignores the ignored column and depends on the secret', () => {
    const schema = parseLinkageSchema(schemaJson());
    const encoder = createClkEncoder(schema, secret);
    const a = encoder.encode(['1', 'Maria', 'Santos', '2001-12-31']);
    expect(encoder.encode(['999', 'Maria', 'Santos', '2001-12-31'])).toEqual(a);
    const other = createClkEncoder(schema, utf8ToBytes('another secret'));
    expect(other.encode(['1', 'Maria', 'Santos', '2001-12-31'])).not.toEqual(a);
  });

  it('names the feature and the problem for an invalid value', () => {
    const encoder = createClkEncoder(parseLinkageSchema(schemaJson()), secret);
    expect(() => encoder.encode(['1', 'Maria', 'Santos', '2001-02-30'])).toThrow(
      /feature "dateOfBirth": "2001-02-30" is not a real calendar date/,
    );
    expect(() => encoder.encode(['1', 'Maria', 'Santos'])).toThrow(/3 values but the schema has 4/);
  });

  it('rejects an empty secret', () => {
    expect(() => createClkEncoder(parseLinkageSchema(schemaJson()), new Uint8Array(0))).toThrow(
      LinkageError,
    );
  });
});

describe('clkSetFromJson', () => {
  it('round-trips encoded lists and keeps popcounts', () => {
    const encoder = createClkEncoder(parseLinkageSchema(schemaJson()), secret);
    const clk = encoder.encode(['1', 'Maria', 'Santos', '2001-12-31']);
    const set = clkSetFromJson({ clks: [clkToBase64(clk)] });
    expect(set.size).toBe(1);
    expect(set.bits).toBe(1024);
    expect(set.popcounts[0]).toBe(setBitIndices(clk).length);
  });

  it('explains malformed input', () => {
    expect(() => clkSetFromJson([], 'a.json')).toThrow(/a.json: expected a JSON object \{"clks"/);
    expect(() => clkSetFromJson({ clks: ['AAAA', 'AA=='] }, 'a.json')).toThrow(
      /clks\[1\] has 8 bits but clks\[0\] has 24/,
    );
    expect(() => clkSetFromJson({ clks: ['%%%'] }, 'a.json')).toThrow(
      /clks\[0\] is not valid base64/,
    );
  });
});
