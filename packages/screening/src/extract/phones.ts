import { type CountryCode, findPhoneNumbersInText } from 'libphonenumber-js';
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
  // `00855…` is how many ads write international numbers; libphonenumber reads `+`.
  const normalised = text.replace(/(?<![\d+])00(?=[1-9]\d{1,3}[\s.-]?\d)/g, '+\u200b');
  const found: PhoneSelector[] = [];
  const options = defaultCountry ? { defaultCountry } : undefined;
  for (const hit of findPhoneNumbersInText(normalised, options)) {
    const number = hit.number;
    let start = hit.startsAt;
    if (normalised[start] === '\u200b' || normalised.slice(start - 2, start) === '+\u200b') {
      start = Math.max(0, start - 2);
    }
    const end = hit.endsAt;
    found.push({
      start,
      end,
      text: text.slice(start, end),
      e164: number.number,
      country: number.country ?? null,
      callingCode: number.countryCallingCode,
    });
  }
  return found;
}
