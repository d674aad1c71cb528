import { describe, expect, it } from 'vitest';
import { formatFieldValue, normaliseFieldValue } from './field-value.js';
import { type HashedFeature, parseLinkageSchema } from './schema.js';

const base = { version: 3, clkConfig: { l: 1024, kdf: { type: 'HKDF' } } };

function feature(format: unknown, hashing: unknown = {}): HashedFeature {
  const schema = parseLinkageSchema({
    ...base,
    features: [
      {
        identifier: 'x',
        format,
        hashing: {
          comparison: { type: 'ngram', n: 2 },
          strategy: { bitsPerFeature: 100 },
          ...(hashing as object),
        },
      },
    ],
  });
  const f = schema.features[0];
  if (f === undefined || f.ignored) throw new Error('expected a hashed feature');
  return f;
}

describe('parseLinkageSchema', () => {
  it('reads clkhash v3 defaults: blakeHash, SHA256, 64-byte keys, no folding', () => {
    const f = feature({ type: 'string' });
    expect(f.hash).toEqual({ type: 'blakeHash' });
    const schema = parseLinkageSchema({ ...base, features: [{ identifier: 'id', ignored: true }] });
    expect(schema.kdf).toEqual({ hash: 'SHA256', keySize: 64 });
    expect(schema.xorFolds).toBe(0);
  });

  it('says where a schema is wrong and how to fix it', () => {
    expect(() => parseLinkageSchema({ ...base, version: 2, features: [] })).toThrow(
      /version 2 is not supported/,
    );
    expect(() => parseLinkageSchema({ version: 3, features: [] })).toThrow(/clkConfig: is missing/);
    expect(() => feature({ type: 'string' }, { strategy: {} })).toThrow(
      /features\[0\] \("x"\)\.hashing\.strategy: give \{"bitsPerToken": k\}/,
    );
    expect(() => feature({ type: 'text' })).toThrow(/format\.type: must be "string", "integer"/);
    expect(() => feature({ type: 'string' }, { comparison: { type: 'numeric' } })).toThrow(
      /"numeric" comparison is not supported/,
    );
    expect(() =>
      parseLinkageSchema({
        ...base,
        clkConfig: { l: 1000, kdf: { type: 'HKDF' } },
        features: [
          {
            identifier: 'a',
            format: { type: 'string' },
            hashing: { comparison: { type: 'exact' }, strategy: { bitsPerToken: 3 } },
          },
        ],
      }),
    ).toThrow(/power of two/);
  });
});

describe('formatFieldValue', () => {
  it('normalises integers and dates the way clkhash hashes them', () => {
    expect(formatFieldValue(' +0042 ', feature({ type: 'integer' }))).toBe('42');
    expect(formatFieldValue('2/3/1999', feature({ type: 'date', format: '%d/%m/%Y' }))).toBe(
      '19990302',
    );
    expect(formatFieldValue('02 Mar 99', feature({ type: 'date', format: '%d %b %y' }))).toBe(
      '19990302',
    );
  });

  it('replaces a missing-value sentinel without validating it', () => {
    const f = feature(
      { type: 'date', format: '%Y-%m-%d' },
      { missingValue: { sentinel: 'unknown', replaceWith: '' } },
    );
    expect(formatFieldValue('unknown', f)).toBe('');
  });

  it('rejects values that break the format', () => {
    expect(() => formatFieldValue('siti', feature({ type: 'string', case: 'upper' }))).toThrow(
      /must be upper case/,
    );
    expect(() => formatFieldValue('X', feature({ type: 'enum', values: ['M', 'F'] }))).toThrow(
      /not one of "M", "F"/,
    );
    expect(() => formatFieldValue('12a', feature({ type: 'integer' }))).toThrow(
      /not a base-10 integer/,
    );
    expect(() => formatFieldValue('ABC', feature({ type: 'string', pattern: '[A-Z]{2}' }))).toThrow(
      /does not match the pattern/,
    );
    expect(() => formatFieldValue('é', feature({ type: 'string', encoding: 'ascii' }))).toThrow(
      /outside ASCII/,
    );
  });
});

describe('normaliseFieldValue', () => {
  it('tidies whitespace, Unicode form, case and enum spelling', () => {
    expect(
      normaliseFieldValue('  siti \t rahayu ', feature({ type: 'string', case: 'upper' })),
    ).toBe('SITI RAHAYU');
    expect(normaliseFieldValue('Nguye\u0302\u0303n', feature({ type: 'string' }))).toBe(
      'Nguy\u1ec5n',
    );
    expect(normaliseFieldValue('f', feature({ type: 'enum', values: ['F', 'M'] }))).toBe('F');
    expect(normaliseFieldValue(' 1998-04-02 ', feature({ type: 'date', format: '%Y-%m-%d' }))).toBe(
      '1998-04-02',
    );
    // A pattern-checked string keeps its case: the pattern decides what is valid.
    expect(normaliseFieldValue('abc', feature({ type: 'string', pattern: '[a-z]+' }))).toBe('abc');
  });
});
