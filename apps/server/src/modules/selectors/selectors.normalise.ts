import { createHmac } from 'node:crypto';
import { extractCrypto, extractEmails, extractPhones, type ScreeningResult } from '@jaga/screening';

/** The kinds of selector the graph links records by. */
export const SELECTOR_TYPES = ['phone', 'handle', 'wallet', 'url', 'domain', 'email'] as const;
export type SelectorType = (typeof SELECTOR_TYPES)[number];

/** Messaging platforms a handle can belong to (those the screening engine recognises). */
export const HANDLE_PLATFORMS = [
  'telegram',
  'whatsapp',
  'line',
  'wechat',
  'zalo',
  'signal',
  'viber',
] as const;

/** Chains whose addresses are checked (Base58Check, Bech32/Bech32m, EIP-55). */
export const WALLET_CHAINS = ['BTC', 'ETH', 'TRON'] as const;

/**
 * A selector in its one normal form: the key that makes the same phone, handle or wallet written
 * two ways one node of the graph. `qualifier` is the platform of a handle and the chain of a wallet.
 */
export interface NormalisedSelector {
  readonly type: SelectorType;
  readonly qualifier: string;
  readonly value: string;
  /** ISO 3166-1 alpha-2 of a phone number. */
  readonly country: string | null;
}

/** A selector as a caller writes it, before normalisation. */
export interface SelectorInput {
  readonly type: string;
  readonly value: string;
  /** Platform of a handle (telegram by default). */
  readonly platform?: string | undefined;
  /** Chain of a wallet; recognised from the address when absent. */
  readonly chain?: string | undefined;
  /** Country whose local format a phone number without `+` is written in (ISO 3166-1 alpha-2). */
  readonly country?: string | undefined;
}

/** A selector that cannot be normalised; the message says what is wrong and how to write it. */
export class SelectorInputError extends Error {
  override readonly name = 'SelectorInputError';
}

const CHAIN_ALIASES: Record<string, (typeof WALLET_CHAINS)[number]> = {
  btc: 'BTC',
  bitcoin: 'BTC',
  eth: 'ETH',
  ethereum: 'ETH',
  erc20: 'ETH',
  tron: 'TRON',
  trx: 'TRON',
  trc20: 'TRON',
};

// Domains shared by millions of unrelated posts: linking posts through them would tie every
// recruiter to every other (MISP's warning lists solve the same over-correlation).
const COMMON_DOMAINS = new Set([
  't.me',
  'telegram.me',
  'telegram.dog',
  'wa.me',
  'whatsapp.com',
  'api.whatsapp.com',
  'chat.whatsapp.com',
  'line.me',
  'lin.ee',
  'zalo.me',
  'signal.me',
  'signal.group',
  'viber.me',
  'invite.viber.com',
  'u.wechat.com',
  'weixin.qq.com',
  'facebook.com',
  'm.facebook.com',
  'fb.com',
  'fb.me',
  'instagram.com',
  'tiktok.com',
  'x.com',
  'twitter.com',
  'linkedin.com',
  'youtube.com',
  'youtu.be',
  'google.com',
  'forms.gle',
  'docs.google.com',
  'bit.ly',
  'tinyurl.com',
  'gmail.com',
  'yahoo.com',
  'outlook.com',
  'hotmail.com',
]);

const MESSAGING_LINK_DOMAINS = new Set([
  't.me',
  'telegram.me',
  'telegram.dog',
  'wa.me',
  'api.whatsapp.com',
  'chat.whatsapp.com',
  'whatsapp.com',
  'line.me',
  'lin.ee',
  'zalo.me',
  'signal.me',
  'signal.group',
  'viber.me',
  'invite.viber.com',
  'u.wechat.com',
  'weixin.qq.com',
]);

const COUNTRY = /^[A-Z]{2}$/;

function phone(value: string, country: string | undefined): NormalisedSelector {
  const trimmed = value.trim();
  const region = country?.trim().toUpperCase();
  if (region !== undefined && !COUNTRY.test(region)) {
    throw new SelectorInputError(
      `country ${JSON.stringify(country)} is not an ISO 3166-1 alpha-2 code such as KH or TH`,
    );
  }
  // `00855…` is how many people write international numbers.
  const written = trimmed.replace(/^00(?=[1-9])/, '+');
  const found = extractPhones(written, region as Parameters<typeof extractPhones>[1]);
  const digits = written.replace(/\D/g, '');
  const match = found.find((p) => p.text.replace(/\D/g, '') === digits);
  if (!match) {
    throw new SelectorInputError(
      written.startsWith('+') || region
        ? `phone ${JSON.stringify(value)} is not a valid number${region ? ` in ${region}` : ''}; write it in international form such as +855 96 812 0000`
        : `phone ${JSON.stringify(value)} has no country: write it with its country code (+855 96 812 0000) or give the country it is written in (country: "KH")`,
    );
  }
  return { type: 'phone', qualifier: '', value: match.e164, country: match.country };
}

function handle(value: string, platform: string | undefined): NormalisedSelector {
  const p = (platform ?? 'telegram').trim().toLowerCase();
  if (!(HANDLE_PLATFORMS as readonly string[]).includes(p)) {
    throw new SelectorInputError(
      `platform ${JSON.stringify(platform)} is not one of ${HANDLE_PLATFORMS.join(', ')}`,
    );
  }
  const raw = value.trim().replace(/^@/, '');
  // A WhatsApp (or Viber, Signal…) "handle" that is a phone number is the phone number.
  if (/^\+?\d[\d \-.]{6,18}\d$/.test(raw)) {
    try {
      return phone(raw.startsWith('+') ? raw : `+${raw}`, undefined);
    } catch {
      // not a number in international form: keep it as a handle
    }
  }
  const normal = raw.toLowerCase();
  if (!/^[\p{L}\p{N}_.+~-]{2,64}$/u.test(normal)) {
    throw new SelectorInputError(
      `handle ${JSON.stringify(value)} is not a ${p} handle (2 to 64 letters, digits, _ . + ~ -, optionally after @)`,
    );
  }
  return { type: 'handle', qualifier: p, value: normal, country: null };
}

function wallet(value: string, chain: string | undefined): NormalisedSelector {
  const address = value.trim();
  let wanted: (typeof WALLET_CHAINS)[number] | undefined;
  if (chain !== undefined) {
    wanted = CHAIN_ALIASES[chain.trim().toLowerCase()];
    if (!wanted) {
      throw new SelectorInputError(
        `chain ${JSON.stringify(chain)} is not one of ${WALLET_CHAINS.join(', ')}`,
      );
    }
  }
  const found = extractCrypto(address).find((c) => c.start === 0 && c.end === address.length);
  if (!found || (wanted && found.chain !== wanted)) {
    throw new SelectorInputError(
      `wallet ${JSON.stringify(value.slice(0, 80))} is not a ${wanted ?? 'BTC, ETH or TRON'} address (check for a missing or mistyped character)`,
    );
  }
  if (found.checksumValid === false) {
    throw new SelectorInputError(
      `wallet ${JSON.stringify(address)} fails its ${found.chain === 'ETH' ? 'EIP-55 mixed-case' : 'Bech32'} checksum: a character is mistyped; copy the address again`,
    );
  }
  const normal =
    found.chain === 'ETH' || /^bc1/i.test(found.address)
      ? found.address.toLowerCase()
      : found.address;
  return { type: 'wallet', qualifier: found.chain, value: normal, country: null };
}

/** Lower-case host without `www.`, or `null` when the text is not a host name. */
function hostName(text: string): string | null {
  const host = text
    .trim()
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/\.$/, '');
  return /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{2,59})$/.test(
    host,
  )
    ? host
    : null;
}

function url(value: string): NormalisedSelector {
  const text = value.trim();
  let parsed: URL;
  try {
    parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw new SelectorInputError(`url ${JSON.stringify(value.slice(0, 200))} is not a URL`);
  }
  const host = hostName(parsed.hostname);
  if (!host || !/^https?:$/.test(parsed.protocol)) {
    throw new SelectorInputError(
      `url ${JSON.stringify(value.slice(0, 200))} is not an http(s) URL with a host name`,
    );
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  return { type: 'url', qualifier: '', value: `${host}${path}${parsed.search}`, country: null };
}

function domain(value: string): NormalisedSelector {
  const host = hostName(value);
  if (!host) {
    throw new SelectorInputError(
      `domain ${JSON.stringify(value.slice(0, 200))} is not a domain name such as example.com`,
    );
  }
  return { type: 'domain', qualifier: '', value: host, country: null };
}

function email(value: string): NormalisedSelector {
  const text = value.trim();
  const found = extractEmails(text)[0];
  if (!found || found.start !== 0 || found.end !== text.length) {
    throw new SelectorInputError(
      `email ${JSON.stringify(value.slice(0, 200))} is not an e-mail address`,
    );
  }
  return { type: 'email', qualifier: '', value: text.toLowerCase(), country: null };
}

/**
 * Normalises a selector as a user or source wrote it: phones to E.164 with their country, handles
 * lower-cased per platform, wallets checked against their checksum (ETH and Bech32 lower-cased),
 * URLs and domains without scheme, `www.` or trailing slash, e-mails lower-cased.
 *
 * @throws SelectorInputError saying what is wrong and how to write it.
 * @example
 * normaliseSelector({ type: 'phone', value: '096812 0000', country: 'KH' });
 * // { type: 'phone', qualifier: '', value: '+855968120000', country: 'KH' }
 */
export function normaliseSelector(input: SelectorInput): NormalisedSelector {
  if (typeof input.value !== 'string' || input.value.trim() === '') {
    throw new SelectorInputError('value is empty');
  }
  if (input.value.length > 2000) {
    throw new SelectorInputError('value is longer than 2,000 characters');
  }
  switch (input.type) {
    case 'phone':
      return phone(input.value, input.country);
    case 'handle':
      return handle(input.value, input.platform);
    case 'wallet':
      return wallet(input.value, input.chain);
    case 'url':
      return url(input.value);
    case 'domain':
      return domain(input.value);
    case 'email':
      return email(input.value);
    default:
      throw new SelectorInputError(
        `type ${JSON.stringify(input.type)} is not one of ${SELECTOR_TYPES.join(', ')}`,
      );
  }
}

/** The key of a normalised selector, unique across types: `type:qualifier:value`. */
export function selectorKey(s: Pick<NormalisedSelector, 'type' | 'qualifier' | 'value'>): string {
  return `${s.type}:${s.qualifier}:${s.value}`;
}

/**
 * HMAC-SHA-256 of the selector's key under the hub secret, in hex. Two hubs, or two
 * organisations, can match selectors by this hash without showing each other the value.
 *
 * @example
 * keyedHash(secret, { type: 'phone', qualifier: '', value: '+855968120000' });
 */
export function keyedHash(
  secret: Uint8Array,
  s: Pick<NormalisedSelector, 'type' | 'qualifier' | 'value'>,
): string {
  return createHmac('sha256', secret).update(selectorKey(s)).digest('hex');
}

/**
 * The selectors of a screened post, normalised and without duplicates: phones (also the local
 * numbers of `country` the engine could not place), handles, wallets that pass their checksum,
 * URLs and their domains (not those of messaging links and large platforms, which would link
 * unrelated posts), and e-mails. Wallets failing their checksum are left out: the address was
 * mistyped, and linking on a typo links nothing real.
 *
 * @example
 * selectorsOfScreening(screener.screen({ text }), text, 'KH');
 */
export function selectorsOfScreening(
  result: ScreeningResult,
  text: string,
  country: string | null,
): NormalisedSelector[] {
  const found = new Map<string, NormalisedSelector>();
  const add = (make: () => NormalisedSelector) => {
    try {
      const s = make();
      found.set(selectorKey(s), s);
    } catch (error) {
      if (!(error instanceof SelectorInputError)) throw error;
    }
  };
  const s = result.selectors;
  for (const p of s.phones) {
    found.set(selectorKey({ type: 'phone', qualifier: '', value: p.e164 }), {
      type: 'phone',
      qualifier: '',
      value: p.e164,
      country: p.country,
    });
  }
  if (country) {
    // Numbers written the local way ("096812 0000") are read as numbers of the post's country.
    const taken = [...s.crypto, ...s.urls, ...s.emails];
    for (const p of extractPhones(text, country as Parameters<typeof extractPhones>[1])) {
      if (taken.some((t) => !t.field && p.start < t.end && t.start < p.end)) continue;
      found.set(selectorKey({ type: 'phone', qualifier: '', value: p.e164 }), {
        type: 'phone',
        qualifier: '',
        value: p.e164,
        country: p.country,
      });
    }
  }
  for (const h of s.handles) add(() => handle(h.value, h.platform));
  for (const c of s.crypto) {
    if (c.checksumValid === false) continue;
    add(() => wallet(c.address, c.chain));
  }
  for (const u of s.urls) {
    if (!MESSAGING_LINK_DOMAINS.has(u.domain)) add(() => url(u.url));
    if (!COMMON_DOMAINS.has(u.domain)) add(() => domain(u.domain));
  }
  for (const e of s.emails) add(() => email(e.address));
  return [...found.values()];
}
