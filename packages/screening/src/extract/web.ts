import type { EmailSelector, HandleSelector, MessagingPlatform, UrlSelector } from '../types.js';
import { matchesAt, spellings } from './cues.js';

// Every quantifier is bounded and no two adjacent parts can match the same characters, so the
// engines' backtracking stays linear in the input.
const URL_PATTERN =
  /(?<![\w@.])(?:(?:https?:\/\/|www\.)[^\s<>"'`\u3000-\u303f\uff00-\uffef]{1,2000}|(?:[a-z0-9][a-z0-9-]{0,62}\.){1,6}(?:com|net|org|info|biz|io|me|co|cc|xyz|top|vip|club|site|online|shop|app|link|ly|gl|to|kh|mm|la|th|vn|ph|id|my|sg|cn|hk|tw|in|ae|uk|us)(?:\/[^\s<>"'`\u3000-\u303f\uff00-\uffef]{0,2000})?)(?![\w-])/gi;
const EMAIL_PATTERN =
  /(?<![\w.%+-])[a-z0-9._%+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,8}(?![\w-])/gi;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}>'"，。！？；：、）]+$/u;

const LINK_PLATFORMS: ReadonlyArray<readonly [RegExp, MessagingPlatform]> = [
  [/^(?:t\.me|telegram\.me|telegram\.dog)$/, 'telegram'],
  [/^(?:wa\.me|api\.whatsapp\.com|chat\.whatsapp\.com|whatsapp\.com)$/, 'whatsapp'],
  [/^(?:line\.me|lin\.ee)$/, 'line'],
  [/^(?:zalo\.me)$/, 'zalo'],
  [/^(?:signal\.me|signal\.group)$/, 'signal'],
  [/^(?:u\.wechat\.com|weixin\.qq\.com)$/, 'wechat'],
  [/^(?:viber\.me|invite\.viber\.com)$/, 'viber'],
];

// `Telegram: @name`, `TG @name`, `飞机：name`, `Line ID: name`, `微信 name`, `WhatsApp +855…`.
const HANDLE_KEYWORD =
  '(?:telegram|tele|tg|纸飞机|飞机|小飞机|whats ?app|wa|wsp|line ?id|line|ไลน์|wechat|weixin|微信|vx|wx|zalo|signal|viber)';
const KEYWORD_HANDLE = new RegExp(
  `(${HANDLE_KEYWORD.slice(3, -1)})[ \\t]{0,3}(?:id|ID|号)?[ \\t]{0,3}[:：=-]?[ \\t]{0,3}(\\+?\\d[\\d \\-.]{5,18}\\d|@?[A-Za-z0-9_.+~-]{3,40})`,
  'giu',
);
// Anchored, to try it only where a platform name starts (see extractHandles).
const KEYWORD_HANDLE_AT = new RegExp(KEYWORD_HANDLE.source, 'iuy');

/**
 * The platform names a handle after a name starts with (every spelling), for a caller that
 * finds where they occur while reading the text anyway (see extractHandles and cues.ts).
 */
export const HANDLE_CUE_WORDS: readonly string[] = spellings(HANDLE_KEYWORD);
const AT_HANDLE = /(?<![\w@.])@([A-Za-z][A-Za-z0-9_]{3,31})(?![\w@])/g;

function platformOfKeyword(keyword: string): MessagingPlatform {
  const k = keyword.toLowerCase().replace(/\s/g, '');
  if (k === 'telegram' || k === 'tele' || k === 'tg' || k.includes('飞机')) return 'telegram';
  if (k === 'whatsapp' || k === 'wa' || k === 'wsp') return 'whatsapp';
  if (k.startsWith('line') || k === 'ไลน์') return 'line';
  if (k === 'zalo') return 'zalo';
  if (k === 'signal') return 'signal';
  if (k === 'viber') return 'viber';
  return 'wechat';
}

/**
 * Finds URLs and bare domains (`example.com/jobs`), without trailing punctuation.
 *
 * @example
 * extractUrls('Apply: https://t.me/hr_kh.')[0]?.domain; // 't.me'
 */
export function extractUrls(text: string): UrlSelector[] {
  const found: UrlSelector[] = [];
  if (!mayHoldUrl(text)) return found;
  for (const m of text.matchAll(URL_PATTERN)) {
    const start = m.index ?? 0;
    const raw = m[0].replace(TRAILING_PUNCTUATION, '');
    if (raw.length === 0) continue;
    // `name@example.com` is an e-mail, not a URL: the look-behind skips `@`, but not a local part.
    if (text[start - 1] === '@') continue;
    const domain = hostOf(raw);
    if (domain === null) continue;
    found.push({ start, end: start + raw.length, text: raw, url: raw, domain });
  }
  return found;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function isAsciiAlphanumeric(code: number): boolean {
  return isAsciiLetter(code) || (code >= 0x30 && code <= 0x39);
}

/**
 * Whether URL_PATTERN can match anywhere: every match holds `://`, or `www.`, or a dot between a
 * letter, digit or hyphen and the first letter of a top-level domain. Most posts have none of
 * these, and this check costs far less than the pattern's scan.
 */
function mayHoldUrl(text: string): boolean {
  if (text.includes('://')) return true;
  for (let dot = text.indexOf('.'); dot >= 0; dot = text.indexOf('.', dot + 1)) {
    const before = text.charCodeAt(dot - 1);
    if (before === 0x77 || before === 0x57) return true; // the w of www.
    if ((isAsciiAlphanumeric(before) || before === 0x2d) && isAsciiLetter(text.charCodeAt(dot + 1)))
      return true;
  }
  return false;
}

/** Whether EMAIL_PATTERN can match: an `@` between a local-part character and a domain character. */
function mayHoldEmail(text: string): boolean {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    const before = text.charCodeAt(at - 1);
    const after = text.charCodeAt(at + 1);
    const local =
      isAsciiAlphanumeric(before) ||
      before === 0x2e || // .
      before === 0x5f || // _
      before === 0x25 || // %
      before === 0x2b || // +
      before === 0x2d; // -
    if (local && (isAsciiAlphanumeric(after) || after === 0x2d)) return true;
  }
  return false;
}

function hostOf(url: string): string | null {
  const withoutScheme = url.replace(/^https?:\/\//i, '');
  const host = withoutScheme.split(/[/?#:]/, 1)[0]?.toLowerCase() ?? '';
  if (!host.includes('.')) return null;
  return host.replace(/^www\./, '');
}

/**
 * Finds e-mail addresses.
 *
 * @example
 * extractEmails('CV to hr@example.com')[0]?.domain; // 'example.com'
 */
export function extractEmails(text: string): EmailSelector[] {
  const found: EmailSelector[] = [];
  if (!mayHoldEmail(text)) return found;
  for (const m of text.matchAll(EMAIL_PATTERN)) {
    const start = m.index ?? 0;
    const raw = m[0].replace(/[.-]+$/, '');
    const domain = raw.slice(raw.indexOf('@') + 1).toLowerCase();
    found.push({ start, end: start + raw.length, text: raw, address: raw, domain });
  }
  return found;
}

/**
 * Finds messaging handles: platform links (t.me, wa.me, line.me, zalo.me, signal.me), handles after
 * a platform name (`Telegram: @hr_kh`, `飞机：hr_kh`, `Line ID: hr.kh`, `微信 abc123`) and bare
 * `@handles`. A bare `@handle` takes the platform named in the 40 characters before it, and
 * Telegram when none is named: Telegram is where recruiters for scam compounds move conversations.
 * `keywordStarts`, when given, are where the platform names ({@link HANDLE_CUE_WORDS}) occur, found
 * at least as loosely as case-insensitively (see cues.ts): the names are then not scanned for.
 *
 * @example
 * extractHandles('Contact TG @hr_cambodia', [])[0]; // { platform: 'telegram', value: 'hr_cambodia', … }
 */
export function extractHandles(
  text: string,
  urls: readonly UrlSelector[],
  keywordStarts?: readonly number[],
): HandleSelector[] {
  const found: HandleSelector[] = [];
  const taken: Array<readonly [number, number]> = [];
  for (const url of urls) {
    const platform = LINK_PLATFORMS.find(([pattern]) => pattern.test(url.domain))?.[1];
    if (!platform) continue;
    const path = url.url.replace(/^https?:\/\//i, '').replace(/^[^/]+/, '');
    const phone = /[?&]phone=\+?(\d{6,15})/.exec(path)?.[1];
    const value =
      phone ??
      path
        .replace(/^\/+/, '')
        .replace(/^(?:ti\/p\/~?|s\/|\+)/, '')
        .split(/[/?#]/, 1)[0] ??
      '';
    found.push({
      start: url.start,
      end: url.end,
      text: url.text,
      platform,
      value: value || url.domain,
    });
    taken.push([url.start, url.end]);
  }
  // Given where the platform names start (offsets of HANDLE_CUE_WORDS, ascending), the pattern
  // is tried only there; a match cannot start anywhere else.
  const keywordMatches = keywordStarts
    ? matchesAt(KEYWORD_HANDLE_AT, text, keywordStarts)
    : text.matchAll(KEYWORD_HANDLE);
  for (const m of keywordMatches) {
    const keyword = m[1] as string;
    // The keyword must start a word (`tg`, not the end of `mortgage`), checked here rather than
    // with a look-behind that would slow the scan.
    if (/[A-Za-z]/.test(text[(m.index ?? 0) - 1] ?? '')) continue;
    const raw = (m[2] as string).replace(/[.\-~]+$/, '');
    const start = (m.index ?? 0) + m[0].length - (m[2] as string).length;
    const end = start + raw.length;
    if (raw.replace(/^@/, '').length < 3) continue;
    // Without a separator (`Line: x`) the value must look like a handle or number, so that
    // `Signal only` or `line manager` are not read as handles.
    const hasSeparator = /[:：=]/.test(m[0].slice(keyword.length));
    const looksLikeHandle = /^@|^\+?\d[\d \-.]{5,}$|[\d_]/.test(raw);
    if (!hasSeparator && !looksLikeHandle) continue;
    if (
      /^(?:line|wa|tele|tg)$/i.test(keyword) &&
      !hasSeparator &&
      !raw.startsWith('@') &&
      !/^\+?\d/.test(raw)
    ) {
      continue;
    }
    if (/^(?:https?|www)/i.test(raw)) continue;
    if (overlaps(taken, start, end)) continue;
    const value = /^\+?\d[\d \-.]+$/.test(raw) ? raw.replace(/[^\d+]/g, '') : raw.replace(/^@/, '');
    found.push({ start, end, text: raw, platform: platformOfKeyword(keyword), value });
    taken.push([start, end]);
  }
  if (!text.includes('@')) return found.sort((a, b) => a.start - b.start);
  for (const m of text.matchAll(AT_HANDLE)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (overlaps(taken, start, end)) continue;
    // The platform named earlier in the same clause, if any.
    const before =
      text
        .slice(Math.max(0, start - 40), start)
        .split(/[,;\n|/。，；]/)
        .pop() ?? '';
    const named = [
      ...before.matchAll(
        /(telegram|tele|tg|飞机|whats ?app|wa|line|ไลน์|wechat|微信|zalo|signal|viber)/giu,
      ),
    ].pop();
    const platform = named ? platformOfKeyword(named[1] as string) : 'telegram';
    found.push({ start, end, text: m[0], platform, value: m[1] as string });
    taken.push([start, end]);
  }
  return found.sort((a, b) => a.start - b.start);
}

function overlaps(
  taken: ReadonlyArray<readonly [number, number]>,
  start: number,
  end: number,
): boolean {
  return taken.some(([s, e]) => start < e && s < end);
}
