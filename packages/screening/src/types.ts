/** A half-open span `[start, end)` of UTF-16 code units into the post's text, with the text it covers. */
export interface Span {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /**
   * The post field the offsets point into when it is not `text`: evidence and selectors found in
   * the title or location carry `field: 'title'` or `field: 'location'`.
   */
  readonly field?: 'title' | 'location';
}

/** A post or job ad to screen. Only `text` is required. */
export interface Post {
  /** The caller's identifier, echoed in the result. */
  readonly id?: string | number;
  readonly text: string;
  readonly title?: string;
  readonly location?: string;
  readonly url?: string;
  /** A language hint (BCP 47, e.g. `vi`, `zh-CN`, `fil`); detection is used when absent or unknown. */
  readonly lang?: string;
}

/** Languages the engine detects and writes warning labels in (ISO 639-1 where one exists). */
export type Language =
  | 'en'
  | 'id'
  | 'ms'
  | 'vi'
  | 'th'
  | 'tl'
  | 'zh'
  | 'km'
  | 'my'
  | 'hi'
  | 'es'
  | 'lo'
  | 'ja'
  | 'ko'
  | 'ru'
  | 'ar'
  | 'und';

/** A phone number found in the text, parsed with its country. */
export interface PhoneSelector extends Span {
  /** E.164, e.g. `+85512345678`. */
  readonly e164: string;
  /** ISO 3166-1 alpha-2 country of the number, when known. */
  readonly country: string | null;
  readonly callingCode: string;
}

/** Messaging platforms recruiters move conversations to. */
export type MessagingPlatform =
  'telegram' | 'whatsapp' | 'line' | 'wechat' | 'zalo' | 'signal' | 'viber';

/** A messaging handle, invite link or account id. */
export interface HandleSelector extends Span {
  readonly platform: MessagingPlatform;
  /** The handle as the platform knows it (`@name` without `@`, or a phone number for wa.me links). */
  readonly value: string;
}

/** A URL or bare domain. */
export interface UrlSelector extends Span {
  readonly url: string;
  /** Lower-cased host name without `www.`. */
  readonly domain: string;
}

/** An e-mail address. */
export interface EmailSelector extends Span {
  readonly address: string;
  readonly domain: string;
}

/** Chains whose addresses the extractor recognises. */
export type Chain = 'BTC' | 'ETH' | 'TRON';

/** A cryptocurrency address. */
export interface CryptoSelector extends Span {
  readonly chain: Chain;
  readonly address: string;
  /**
   * `true` when the address passes its checksum (Base58Check, Bech32/Bech32m, EIP-55);
   * `null` when the format defines none (all-lower-case or all-upper-case ETH addresses).
   */
  readonly checksumValid: boolean | null;
}

/** How often a salary is paid. */
export type PayPeriod = 'hour' | 'day' | 'week' | 'month' | 'year';

/** A salary, normalised to US dollars per month with the static rate table in `rates.ts`. */
export interface SalarySelector extends Span {
  readonly min: number;
  readonly max: number;
  /** ISO 4217 code (USDT counts as `USD`). */
  readonly currency: string;
  /** The stated period; `month` when the ad states none. */
  readonly period: PayPeriod;
  /** Whether `period` was stated in the ad (`false`: assumed monthly). */
  readonly periodStated: boolean;
  readonly usdPerMonth: { readonly min: number; readonly max: number };
}

/** An age requirement (`18-30`, `under 35`, `tuổi 20-35`). */
export interface AgeSelector extends Span {
  readonly min: number | null;
  readonly max: number | null;
}

/** A typing-speed requirement, in words per minute (Chinese characters per minute for `字/分`). */
export interface TypingSpeedSelector extends Span {
  readonly perMinute: number;
  readonly unit: 'wpm' | 'cpm';
}

/** Kind of place in the hotspot gazetteer. */
export type PlaceKind = 'hotspot' | 'city' | 'country' | 'transit';

/** A place from the gazetteer of scam-centre hotspots and transit points. */
export interface PlaceSelector extends Span {
  /** Stable gazetteer id, e.g. `kh-sihanoukville`. */
  readonly id: string;
  readonly name: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  readonly kind: PlaceKind;
}

/** Everything extracted from one post. */
export interface Selectors {
  readonly phones: PhoneSelector[];
  readonly handles: HandleSelector[];
  readonly urls: UrlSelector[];
  readonly emails: EmailSelector[];
  readonly crypto: CryptoSelector[];
  readonly salaries: SalarySelector[];
  readonly ages: AgeSelector[];
  readonly typingSpeeds: TypingSpeedSelector[];
  readonly places: PlaceSelector[];
}

/** What the engine recommends a platform does with a post. */
export type Decision = 'allow' | 'label' | 'review' | 'remove';

/** Risk thresholds: a post whose risk reaches a threshold gets that decision (the highest one reached). */
export interface Thresholds {
  readonly label: number;
  readonly review: number;
  readonly remove: number;
}

/** One indicator found in a post, with the evidence a moderator can check. */
export interface IndicatorHit {
  readonly code: string;
  readonly label: string;
  /** The log-odds this indicator added to the score (after group damping). */
  readonly weight: number;
  readonly evidence: Span[];
}

/** A warning label to show beside the post. */
export interface WarningLabel {
  readonly language: Language;
  readonly text: string;
}

/** The engine's answer for one post (the shape of `jaga screen` output lines). */
export interface ScreeningResult {
  readonly id: string | number | null;
  /** Calibrated probability that the post recruits into a scam centre or trades workers, in [0, 1]. */
  readonly risk: number;
  readonly decision: Decision;
  readonly language: Language;
  /**
   * Every indicator found, strongest first, also for `allow` (so evaluations can measure each one);
   * indicators of legitimate ads carry negative weights.
   */
  readonly indicators: IndicatorHit[];
  readonly selectors: Selectors;
  readonly warning: WarningLabel | null;
  /** 64-bit SimHash of the normalised text, 16 hex digits; compare with `similarity`. */
  readonly fingerprint: string;
}
