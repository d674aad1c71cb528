import { base64 } from '@scure/base';
import { LinkageError } from './linkage-error.js';

/**
 * Text encodings clkhash accepts for turning tokens into bytes.
 *
 * @example
 * const encoding: TextEncodingName = 'utf-8';
 */
export type TextEncodingName = 'ascii' | 'utf-8' | 'utf-16' | 'utf-32';

/**
 * How a field's value is checked and normalised before tokenising (clkhash `format`).
 *
 * @example
 * const dob: FieldFormat = { type: 'date', encoding: 'utf-8', format: '%Y-%m-%d' };
 */
export type FieldFormat =
  | {
      readonly type: 'string';
      readonly encoding: TextEncodingName;
      readonly case: 'upper' | 'lower' | 'mixed';
      readonly minLength?: number;
      readonly maxLength?: number;
      /** Source of the regular expression the whole value must match, when given. */
      readonly pattern?: string;
    }
  | {
      readonly type: 'integer';
      readonly encoding: TextEncodingName;
      readonly minimum?: number;
      readonly maximum?: number;
    }
  | { readonly type: 'date'; readonly encoding: TextEncodingName; readonly format: string }
  | {
      readonly type: 'enum';
      readonly encoding: TextEncodingName;
      readonly values: readonly string[];
    };

/**
 * How a value becomes tokens (clkhash `comparison`).
 *
 * @example
 * const bigrams: Comparison = { type: 'ngram', n: 2, positional: false };
 */
export type Comparison =
  | { readonly type: 'ngram'; readonly n: number; readonly positional: boolean }
  | { readonly type: 'exact' };

/**
 * How many bits each token sets: a fixed k, or a budget spread over the field's tokens.
 *
 * @example
 * const budget: BitStrategy = { kind: 'bitsPerFeature', bits: 300 };
 */
export type BitStrategy =
  | { readonly kind: 'bitsPerToken'; readonly bits: number }
  | { readonly kind: 'bitsPerFeature'; readonly bits: number };

/**
 * Which keyed hash places a token's bits.
 *
 * @example
 * const mode: HashMode = { type: 'doubleHash', preventSingularity: true };
 */
export type HashMode =
  | { readonly type: 'blakeHash' }
  | { readonly type: 'doubleHash'; readonly preventSingularity: boolean };

/**
 * A hashed field of a linkage schema.
 *
 * @example
 * const name = parseLinkageSchema(json).features[1] as HashedFeature;
 */
export interface HashedFeature {
  readonly identifier: string;
  readonly ignored: false;
  readonly format: FieldFormat;
  readonly comparison: Comparison;
  readonly strategy: BitStrategy;
  readonly hash: HashMode;
  /** A value equal to `sentinel` is not validated and is hashed as `replaceWith`. */
  readonly missingValue?: { readonly sentinel: string; readonly replaceWith: string };
}

/**
 * A column that is read but not hashed (it still takes its share of derived keys).
 *
 * @example
 * const id: IgnoredFeature = { identifier: 'id', ignored: true };
 */
export interface IgnoredFeature {
  readonly identifier: string;
  readonly ignored: true;
}

/**
 * A linkage schema (clkhash schema v3), parsed and checked.
 *
 * @example
 * const schema: LinkageSchema = parseLinkageSchema(JSON.parse(schemaText));
 */
export interface LinkageSchema {
  readonly version: 3;
  /** Length of each CLK in bits after folding. */
  readonly l: number;
  readonly xorFolds: number;
  readonly kdf: {
    readonly hash: 'SHA256' | 'SHA512';
    readonly salt?: Uint8Array;
    readonly info?: Uint8Array;
    readonly keySize: number;
  };
  readonly features: readonly (HashedFeature | IgnoredFeature)[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(where: string, message: string): never {
  throw new LinkageError('invalid-schema', `linkage schema ${where}: ${message}`);
}

function optionalInteger(obj: Json, key: string, where: string, min: number): number | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    fail(`${where}.${key}`, `must be an integer ≥ ${min}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function decodeBase64(text: unknown, where: string): Uint8Array {
  if (typeof text !== 'string') fail(where, 'must be a base64 string');
  try {
    return base64.decode(text);
  } catch (cause) {
    throw new LinkageError('invalid-schema', `linkage schema ${where}: not valid base64`, {
      cause,
    });
  }
}

const ENCODINGS: readonly TextEncodingName[] = ['ascii', 'utf-8', 'utf-16', 'utf-32'];

function parseFormat(raw: unknown, where: string): FieldFormat {
  if (!isObject(raw))
    fail(where, 'is missing or not an object (give {"type": "string"} or similar)');
  const encodingRaw = raw.encoding ?? 'utf-8';
  const encoding = String(encodingRaw).toLowerCase().replace('utf8', 'utf-8') as TextEncodingName;
  if (!ENCODINGS.includes(encoding)) {
    fail(
      `${where}.encoding`,
      `must be one of ${ENCODINGS.join(', ')}, got ${JSON.stringify(encodingRaw)}`,
    );
  }
  switch (raw.type) {
    case 'string': {
      const pattern = raw.pattern;
      const caseRaw = raw.case ?? 'mixed';
      if (caseRaw !== 'upper' && caseRaw !== 'lower' && caseRaw !== 'mixed') {
        fail(
          `${where}.case`,
          `must be "upper", "lower" or "mixed", got ${JSON.stringify(caseRaw)}`,
        );
      }
      const minLength = optionalInteger(raw, 'minLength', where, 0);
      const maxLength = optionalInteger(raw, 'maxLength', where, 1);
      if (pattern !== undefined) {
        if (typeof pattern !== 'string') fail(`${where}.pattern`, 'must be a string');
        try {
          new RegExp(pattern);
        } catch (cause) {
          throw new LinkageError(
            'invalid-schema',
            `linkage schema ${where}.pattern: invalid regular expression ${JSON.stringify(pattern)}`,
            { cause },
          );
        }
        if (raw.case !== undefined || minLength !== undefined || maxLength !== undefined) {
          fail(where, 'a "pattern" cannot be combined with "case", "minLength" or "maxLength"');
        }
        return { type: 'string', encoding, case: 'mixed', pattern };
      }
      return {
        type: 'string',
        encoding,
        case: caseRaw,
        ...(minLength === undefined ? {} : { minLength }),
        ...(maxLength === undefined ? {} : { maxLength }),
      };
    }
    case 'integer': {
      const minimum = raw.minimum;
      const maximum = raw.maximum;
      for (const [key, value] of [
        ['minimum', minimum],
        ['maximum', maximum],
      ] as const) {
        if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value))) {
          fail(`${where}.${key}`, `must be an integer, got ${JSON.stringify(value)}`);
        }
      }
      return {
        type: 'integer',
        encoding,
        ...(typeof minimum === 'number' ? { minimum } : {}),
        ...(typeof maximum === 'number' ? { maximum } : {}),
      };
    }
    case 'date': {
      if (typeof raw.format !== 'string' || raw.format === '') {
        fail(`${where}.format`, 'a date needs a strptime format such as "%Y-%m-%d"');
      }
      return { type: 'date', encoding, format: raw.format };
    }
    case 'enum': {
      const values = raw.values;
      if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) {
        fail(`${where}.values`, 'an enum needs "values": an array of strings');
      }
      return { type: 'enum', encoding, values: values as string[] };
    }
    default:
      fail(
        `${where}.type`,
        `must be "string", "integer", "date" or "enum", got ${JSON.stringify(raw.type)}`,
      );
  }
}

function parseHashing(
  raw: unknown,
  where: string,
): Omit<HashedFeature, 'identifier' | 'ignored' | 'format'> {
  if (!isObject(raw))
    fail(where, 'is missing: a hashed feature needs "hashing" (or "ignored": true)');
  let comparison: Comparison;
  const comp = raw.comparison;
  if (comp === undefined && raw.ngram !== undefined) {
    // Schema v2 spelling, still accepted by clkhash when reading v3-like documents.
    comparison = { type: 'ngram', n: Number(raw.ngram), positional: raw.positional === true };
  } else if (!isObject(comp)) {
    fail(`${where}.comparison`, 'is missing: give {"type": "ngram", "n": 2} or {"type": "exact"}');
  } else if (comp.type === 'ngram') {
    const n = comp.n;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      fail(`${where}.comparison.n`, `must be a non-negative integer, got ${JSON.stringify(n)}`);
    }
    comparison = { type: 'ngram', n, positional: comp.positional === true };
  } else if (comp.type === 'exact') {
    comparison = { type: 'exact' };
  } else if (comp.type === 'numeric') {
    throw new LinkageError(
      'unsupported-schema',
      `linkage schema ${where}.comparison: "numeric" comparison is not supported by Jaga; encode the number as a string with an "ngram" or "exact" comparison`,
    );
  } else {
    fail(
      `${where}.comparison.type`,
      `must be "ngram" or "exact", got ${JSON.stringify(comp.type)}`,
    );
  }
  if (comparison.type === 'ngram' && comparison.n === 0) {
    fail(`${where}.comparison.n`, 'must be at least 1');
  }

  const strat = raw.strategy;
  if (!isObject(strat)) {
    fail(`${where}.strategy`, 'is missing: give {"bitsPerToken": k} or {"bitsPerFeature": B}');
  }
  const perToken = strat.bitsPerToken ?? strat.k;
  const perFeature = strat.bitsPerFeature ?? strat.numBits;
  let strategy: BitStrategy;
  if (perToken !== undefined && perFeature !== undefined) {
    fail(`${where}.strategy`, 'give either "bitsPerToken" or "bitsPerFeature", not both');
  } else if (perToken !== undefined) {
    if (typeof perToken !== 'number' || !Number.isInteger(perToken) || perToken < 0) {
      fail(
        `${where}.strategy.bitsPerToken`,
        `must be a non-negative integer, got ${JSON.stringify(perToken)}`,
      );
    }
    strategy = { kind: 'bitsPerToken', bits: perToken };
  } else if (perFeature !== undefined) {
    if (typeof perFeature !== 'number' || !Number.isInteger(perFeature) || perFeature < 0) {
      fail(
        `${where}.strategy.bitsPerFeature`,
        `must be a non-negative integer, got ${JSON.stringify(perFeature)}`,
      );
    }
    strategy = { kind: 'bitsPerFeature', bits: perFeature };
  } else {
    fail(`${where}.strategy`, 'give {"bitsPerToken": k} or {"bitsPerFeature": B}');
  }

  const hashRaw = raw.hash ?? { type: 'blakeHash' };
  let hash: HashMode;
  if (!isObject(hashRaw)) fail(`${where}.hash`, 'must be an object such as {"type": "blakeHash"}');
  if (hashRaw.type === 'blakeHash') {
    hash = { type: 'blakeHash' };
  } else if (hashRaw.type === 'doubleHash') {
    hash = { type: 'doubleHash', preventSingularity: hashRaw.prevent_singularity === true };
  } else {
    fail(
      `${where}.hash.type`,
      `must be "blakeHash" or "doubleHash", got ${JSON.stringify(hashRaw.type)}`,
    );
  }

  const missingRaw = raw.missingValue;
  if (missingRaw === undefined) return { comparison, strategy, hash };
  if (!isObject(missingRaw) || typeof missingRaw.sentinel !== 'string') {
    fail(`${where}.missingValue`, 'needs a string "sentinel" (and optionally "replaceWith")');
  }
  const replaceWith = missingRaw.replaceWith ?? missingRaw.sentinel;
  if (typeof replaceWith !== 'string')
    fail(`${where}.missingValue.replaceWith`, 'must be a string');
  return {
    comparison,
    strategy,
    hash,
    missingValue: { sentinel: missingRaw.sentinel, replaceWith },
  };
}

/**
 * Checks a clkhash linkage schema (version 3, as JSON-parsed) and returns it in a typed form.
 * Every problem names the JSON path and says how to fix it. Base64 salt/info are decoded here.
 *
 * @example
 * const schema = parseLinkageSchema(JSON.parse(schemaJsonText));
 * schema.l; // 1024
 */
export function parseLinkageSchema(raw: unknown): LinkageSchema {
  if (!isObject(raw)) fail('root', 'must be a JSON object');
  if (raw.version !== 3) {
    if (raw.version === 1 || raw.version === 2) {
      throw new LinkageError(
        'unsupported-schema',
        `linkage schema version ${raw.version} is not supported: convert it to version 3 (clkhash "clkutil upgradeschema") and share the new schema with every agency`,
      );
    }
    fail('version', `must be 3, got ${JSON.stringify(raw.version)}`);
  }
  const config = raw.clkConfig;
  if (!isObject(config)) fail('clkConfig', 'is missing: give {"l": 1024, "kdf": {"type": "HKDF"}}');
  const l = config.l;
  if (typeof l !== 'number' || !Number.isInteger(l) || l < 8 || l % 8 !== 0) {
    fail(
      'clkConfig.l',
      `must be a positive multiple of 8 (usually 1024), got ${JSON.stringify(l)}`,
    );
  }
  const xorFolds =
    optionalInteger(config, 'xorFolds', 'clkConfig', 0) ??
    optionalInteger(config, 'xor_folds', 'clkConfig', 0) ??
    0;
  const kdf = config.kdf;
  if (!isObject(kdf) || kdf.type !== 'HKDF') {
    fail('clkConfig.kdf', 'must be {"type": "HKDF", ...}: only HKDF key derivation is defined');
  }
  const kdfHash = kdf.hash ?? 'SHA256';
  if (kdfHash !== 'SHA256' && kdfHash !== 'SHA512') {
    fail('clkConfig.kdf.hash', `must be "SHA256" or "SHA512", got ${JSON.stringify(kdfHash)}`);
  }
  const keySize = optionalInteger(kdf, 'keySize', 'clkConfig.kdf', 1) ?? 64;
  const salt = kdf.salt === undefined ? undefined : decodeBase64(kdf.salt, 'clkConfig.kdf.salt');
  const info = kdf.info === undefined ? undefined : decodeBase64(kdf.info, 'clkConfig.kdf.info');

  const featuresRaw = raw.features;
  if (!Array.isArray(featuresRaw) || featuresRaw.length === 0) {
    fail('features', 'must be a non-empty array of feature objects');
  }
  const seen = new Set<string>();
  const features = featuresRaw.map((f, i): HashedFeature | IgnoredFeature => {
    const where = `features[${i}]`;
    if (!isObject(f) || typeof f.identifier !== 'string') {
      fail(where, 'must be an object with a string "identifier"');
    }
    if (seen.has(f.identifier)) fail(`${where}.identifier`, `"${f.identifier}" appears twice`);
    seen.add(f.identifier);
    const named = `${where} ("${f.identifier}")`;
    if (f.ignored === true) return { identifier: f.identifier, ignored: true };
    const format = parseFormat(f.format, `${named}.format`);
    const hashing = parseHashing(f.hashing, `${named}.hashing`);
    if (hashing.hash.type === 'blakeHash') {
      const hashL = l * 2 ** xorFolds;
      if ((hashL & (hashL - 1)) !== 0) {
        fail(named, `blakeHash needs l × 2^xorFolds to be a power of two, got ${hashL}`);
      }
    }
    return { identifier: f.identifier, ignored: false, format, ...hashing };
  });
  return {
    version: 3,
    l,
    xorFolds,
    kdf: {
      hash: kdfHash,
      keySize,
      ...(salt === undefined ? {} : { salt }),
      ...(info === undefined ? {} : { info }),
    },
    features,
  };
}
