import { LinkageError } from './linkage-error.js';
import type { FieldFormat, HashedFeature, TextEncodingName } from './schema.js';

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function invalid(message: string): never {
  throw new LinkageError('invalid-record', message);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Parses a date with a strptime format and returns it as `YYYYMMDD`, as clkhash hashes dates. */
function formatDate(value: string, format: string): string {
  const parts: string[] = [];
  const fields: string[] = [];
  for (let i = 0; i < format.length; i++) {
    const c = format[i] ?? '';
    if (c !== '%') {
      parts.push(/\s/.test(c) ? '\\s+' : escapeRegExp(c));
      continue;
    }
    const d = format[++i];
    switch (d) {
      case 'Y':
        parts.push('(\\d{4})');
        break;
      case 'y':
      case 'm':
      case 'd':
      case 'H':
      case 'M':
      case 'S':
        parts.push('(\\d{1,2})');
        break;
      case 'b':
      case 'B':
        parts.push('([A-Za-z]+)');
        break;
      case '%':
        parts.push('%');
        continue;
      default:
        throw new LinkageError(
          'invalid-schema',
          `date format "${format}": directive %${d ?? ''} is not supported (use %Y, %y, %m, %d, %b, %B, %H, %M, %S)`,
        );
    }
    fields.push(d);
  }
  const match = new RegExp(`^${parts.join('')}$`).exec(value);
  if (!match) invalid(`"${value}" does not match the date format "${format}"`);
  let year: number | undefined;
  let month = 1;
  let day = 1;
  fields.forEach((d, k) => {
    const text = match[k + 1] ?? '';
    const num = Number(text);
    if (d === 'Y') year = num;
    else if (d === 'y') year = num < 69 ? 2000 + num : 1900 + num;
    else if (d === 'm') month = num;
    else if (d === 'd') day = num;
    else if (d === 'b' || d === 'B') {
      const lower = text.toLowerCase();
      const index = MONTHS.findIndex((m) => (d === 'B' ? m === lower : m.slice(0, 3) === lower));
      if (index < 0) invalid(`"${value}": "${text}" is not an English month name`);
      month = index + 1;
    }
  });
  const y = year ?? 1900;
  const probe = new Date(Date.UTC(2000, month - 1, day));
  probe.setUTCFullYear(y);
  if (month < 1 || month > 12 || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    invalid(`"${value}" is not a real calendar date (format "${format}")`);
  }
  return `${String(y).padStart(4, '0')}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
}

function checkEncodable(value: string, encoding: TextEncodingName): void {
  if (encoding === 'ascii' && Array.from(value).some((c) => (c.codePointAt(0) ?? 0) > 0x7f)) {
    invalid(`"${value}" has characters outside ASCII, but the schema says "encoding": "ascii"`);
  }
  if (/[\uD800-\uDFFF]/.test(value.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) {
    invalid(`"${value}" contains a lone surrogate and cannot be encoded as ${encoding}`);
  }
}

function formatRegular(value: string, format: FieldFormat): string {
  checkEncodable(value, format.encoding);
  switch (format.type) {
    case 'string': {
      if (format.pattern !== undefined) {
        if (!new RegExp(`^(?:${format.pattern})$`).test(value)) {
          invalid(`"${value}" does not match the pattern ${JSON.stringify(format.pattern)}`);
        }
        return value;
      }
      const length = Array.from(value).length;
      if (format.minLength !== undefined && length < format.minLength) {
        invalid(`"${value}" has ${length} characters; at least ${format.minLength} are required`);
      }
      if (format.maxLength !== undefined && length > format.maxLength) {
        invalid(`"${value}" has ${length} characters; at most ${format.maxLength} are allowed`);
      }
      if (format.case === 'upper' && value.toUpperCase() !== value) {
        invalid(`"${value}" must be upper case (normalise the column before encoding)`);
      }
      if (format.case === 'lower' && value.toLowerCase() !== value) {
        invalid(`"${value}" must be lower case (normalise the column before encoding)`);
      }
      return value;
    }
    case 'integer': {
      // Python int(): surrounding whitespace, a sign and single underscores between digits.
      const trimmed = value.trim();
      if (!/^[+-]?\d+(?:_\d+)*$/.test(trimmed)) invalid(`"${value}" is not a base-10 integer`);
      const n = BigInt(trimmed.replaceAll('_', ''));
      if (format.minimum !== undefined && n < BigInt(format.minimum)) {
        invalid(`${n} is below the minimum ${format.minimum}`);
      }
      if (format.maximum !== undefined && n > BigInt(format.maximum)) {
        invalid(`${n} is above the maximum ${format.maximum}`);
      }
      return n.toString();
    }
    case 'date':
      return formatDate(value, format.format);
    case 'enum':
      if (!format.values.includes(value)) {
        invalid(
          `"${value}" is not one of ${format.values.map((v) => JSON.stringify(v)).join(', ')}`,
        );
      }
      return value;
  }
}

/**
 * Validates one raw field value against its feature's format and returns the text that is
 * tokenised, as clkhash does: a missing-value sentinel becomes its replacement, integers are
 * written without sign noise or leading zeros, dates become `YYYYMMDD`. Throws a
 * {@link LinkageError} (`invalid-record`) saying what is wrong with the value.
 *
 * @example
 * formatFieldValue('+0042', integerFeature); // '42'
 * formatFieldValue('1990-07-01', dobFeature); // '19900701' with format "%Y-%m-%d"
 */
export function formatFieldValue(value: string, feature: HashedFeature): string {
  if (feature.missingValue !== undefined && value === feature.missingValue.sentinel) {
    return feature.missingValue.replaceWith;
  }
  return formatRegular(value, feature.format);
}

/**
 * Tidies a raw value the way agencies agree to before encoding, so that different data-entry
 * habits do not break links: Unicode NFC, surrounding whitespace removed, inner runs of whitespace
 * made one space; string features put in the schema's case; an enum value matched to the schema's
 * spelling when they differ only in case. Every agency must apply the same preparation (Jaga's
 * `--normalise`, or the same steps before clkhash), or their CLKs will not match.
 *
 * @example
 * normaliseFieldValue('  siti   rahayu ', upperCaseNameFeature); // 'SITI RAHAYU'
 * normaliseFieldValue('f', sexFeature); // 'F' when the enum is ["F", "M", "X"]
 */
export function normaliseFieldValue(value: string, feature: HashedFeature): string {
  const tidy = value.normalize('NFC').trim().replace(/\s+/gu, ' ');
  const format = feature.format;
  if (format.type === 'string' && format.pattern === undefined) {
    if (format.case === 'upper') return tidy.toUpperCase();
    if (format.case === 'lower') return tidy.toLowerCase();
  }
  if (format.type === 'enum' && !format.values.includes(tidy)) {
    const same = format.values.filter((v) => v.toLowerCase() === tidy.toLowerCase());
    if (same.length === 1 && same[0] !== undefined) return same[0];
  }
  return tidy;
}
