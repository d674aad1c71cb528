import { type CountryCode, type NumberFound, PhoneNumberMatcher } from 'libphonenumber-js';
import type { PhoneSelector } from '../types.js';

/**
 * Finds phone numbers with their country, in international (`+855 12 345 678`, `00855…`) and local
 * formats (`012.345.678`, `0812-3456-7890`); local numbers are read as numbers of `defaultCountry`
 * (the country of the post's language, for instance). Parsing and validation are libphonenumber's.
 *
 * @example
 * extractPhones('WhatsApp +855 96 123 4567')[0]?.country; // 'KH'
 */
export function extractPhones(text: string, defaultCountry?: CountryCode): PhoneSelector[] {
  const found: PhoneSelector[] = [];
  // libphonenumber scans slowly; hand it only the stretches that could hold a number (seven or
  // more digits with the separators numbers are written with), which keeps screening fast.
  let candidates = 0;
  for (const candidate of text.matchAll(CANDIDATE)) {
    // No real post lists hundreds of numbers; a digit soup should not cost seconds.
    if (++candidates > MAX_CANDIDATES) break;
    const offset = candidate.index ?? 0;
    // Amounts grouped in thousands (`20.000.000`, `1,500,000`) are salaries, not numbers to dial
    // (a local number such as `012.345.678` starts with 0).
    if (/^[1-9]\d{0,2}(?:[.,]\d{3})+$/.test(candidate[0])) continue;
    // `00855…` is how many ads write international numbers; libphonenumber reads `+`.
    const window = candidate[0].replace(/^00(?=[1-9])/, '+\u200b');
    // Without a default country only an international number has a country to be read as, and
    // a candidate holds a `+` only at its start: libphonenumber would find nothing here, after
    // trying every group of digits (it rejects each by throwing, which is costly).
    if (!defaultCountry && window.charCodeAt(0) !== 0x2b /* + */) continue;
    for (const hit of withoutStackTraces(() => numbersIn(window, defaultCountry))) {
      let start = hit.startsAt;
      if (window[start] === '\u200b' || window.slice(start - 2, start) === '+\u200b') {
        start = Math.max(0, start - 2);
      }
      const number = hit.number;
      found.push({
        start: offset + start,
        end: offset + hit.endsAt,
        text: text.slice(offset + start, offset + hit.endsAt),
        e164: number.number,
        country: number.country ?? null,
        callingCode: number.countryCallingCode,
      });
    }
  }
  return found;
}

// What libphonenumber's findPhoneNumbersInText finds, from its matcher directly (the function
// only copies its options into a new object for the matcher, a costly copy per candidate).
function numbersIn(window: string, defaultCountry: CountryCode | undefined): NumberFound[] {
  const matcher = new PhoneNumberMatcher(
    window,
    defaultCountry ? { defaultCountry, v2: true } : { v2: true },
  );
  const found: NumberFound[] = [];
  while (matcher.hasNext()) found.push(matcher.next() as NumberFound);
  return found;
}

// libphonenumber rejects a candidate by throwing an error and catching it; in V8 most of that
// cost is capturing a stack trace nobody reads. Errors created while `run` runs carry none; the
// limit is restored before returning, and left alone where the engine has no such setting.
function withoutStackTraces<T>(run: () => T): T {
  const errors = Error as { stackTraceLimit?: number };
  const limit = errors.stackTraceLimit;
  if (typeof limit !== 'number') return run();
  errors.stackTraceLimit = 0;
  try {
    return run();
  } finally {
    errors.stackTraceLimit = limit;
  }
}

// A `+` or digit, then digits and separators, ending in a digit: bounded, linear-time.
// (No look-behind at the start: it would stop the regex engine from skipping ahead to candidates.)
const MAX_CANDIDATES = 200;
const CANDIDATE = /\+?\(?\d[\d \t().-]{5,24}\d(?!\d)/g;
