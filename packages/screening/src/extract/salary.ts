import type { Language, PayPeriod, SalarySelector, Span } from '../types.js';
import { PERIODS_PER_MONTH, USD_RATES } from './rates.js';

// Currency words and symbols, longest first within each alternation so `US$` wins over `$`.
const CURRENCY_BEFORE =
  'US\\$|USD|USDT|S\\$|HK\\$|RM|Rp\\.?|IDR|VND|PHP|Php|₱|THB|฿|MYR|RMB|CNY|¥|￥|€|EUR|₹|Rs\\.?|INR|SGD|AED|MMK|KHR|៛|LAK|MXN|\\$';
const CURRENCY_AFTER =
  'USDT|USD|US\\$|dollars?|đô|U|u|美金|美元|刀|VND|vnđ|vnd|₫|đồng|dong|đ|บาท|baht|THB|฿|pesos?|PHP|php|ringgit|RM|MYR|rupiah|IDR|元|块|人民币|RMB|CNY|泰铢|比索|ដុល្លារ|ဒေါ်လာ|ကျပ်|रुपये|रुपए|INR|kip|LAK|riel|KHR|៛|euros?|EUR|€|MXN|AED|SGD|\\$';
// Longest first within shared prefixes (`triệu` before `tr`); a Latin multiplier must end the word.
const MULTIPLIER =
  '(?:triệu|trieu|tr|juta|jt|ribu|rb|million|mil|mn|lakh|lac|crore|k|K|M|w|W)(?![a-zA-Z])|万|萬|千|ล้าน|แสน|หมื่น|พัน|သိန်း';
const NUMBER = '\\d{1,3}(?:[.,\\s]\\d{3}){1,4}(?:[.,]\\d{1,2})?|\\d{1,9}(?:[.,]\\d{1,2})?';
const RANGE = '\\s?(?:-|–|~|～|to|until|đến|den|hingga|sampai|至|到|ถึง|a|hanggang)\\s?';

// Bounded, single-optional whitespace between fixed alternations: linear-time on any input.
// Sticky: it is tried only where a salary can start (see salaryMatches).
const SALARY = new RegExp(
  `(?:(${CURRENCY_BEFORE})\\s?)?(${NUMBER})\\s?(${MULTIPLIER})?(?:${RANGE}(?:(?:${CURRENCY_BEFORE})\\s?)?(${NUMBER})\\s?(${MULTIPLIER})?)?(?:\\s?(${CURRENCY_AFTER})(?![\\p{L}]))?(?:\\+|\\s?\\+)?`,
  'uy',
);
// A match starts with a digit or with a currency from CURRENCY_BEFORE (at most 4 characters)
// and one optional space, so its first digit is at most SALARY_LEAD characters in.
const SALARY_LEAD = 5;
// First characters of the CURRENCY_BEFORE alternatives (all below U+10000).
const CURRENCY_FIRST = (() => {
  const table = new Uint8Array(0x10000);
  for (const alternative of CURRENCY_BEFORE.split('|'))
    table[alternative.replace(/^\\/, '').charCodeAt(0)] = 1;
  return table;
})();

// Finds the next ASCII digit (a native scan is much faster than a loop over characters).
const DIGIT = /[0-9]/g;

/**
 * The matches of SALARY in `text`, as a global scan would find them (leftmost first, each
 * starting where the previous one ended), but tried only at digits and at currency signs up to
 * SALARY_LEAD characters before a digit: no other position can start a match, so the text
 * between numbers is never scanned by the pattern.
 */
function salaryMatches(text: string): RegExpExecArray[] {
  const matches: RegExpExecArray[] = [];
  let from = 0;
  while (from < text.length) {
    DIGIT.lastIndex = from;
    if (!DIGIT.test(text)) break;
    const digit = DIGIT.lastIndex - 1;
    let match: RegExpExecArray | null = null;
    for (let start = Math.max(from, digit - SALARY_LEAD); start <= digit && !match; start++) {
      if (start < digit && CURRENCY_FIRST[text.charCodeAt(start)] === 0) continue;
      SALARY.lastIndex = start;
      match = SALARY.exec(text);
    }
    if (!match) {
      from = digit + 1;
      continue;
    }
    matches.push(match);
    from = match.index + Math.max(1, match[0].length);
  }
  return matches;
}

const PERIOD_AFTER: ReadonlyArray<readonly [RegExp, PayPeriod]> = [
  [
    /^\s?(?:\/|per|a|an|each|mỗi|một|setiap|se|sa|kada|al|por|प्रति|一个|每个?)?\s?(?:month|months|mo|mth|monthly|bulan|bln|tháng|thang|เดือน|月|buwan|mes|mensual|महीना|महीने|माह|ខែ|လ)(?![a-z])/iu,
    'month',
  ],
  [
    /^\s?(?:\/|per|a|an|each|mỗi|một|setiap|se|sa|kada|al|por|प्रति|每)?\s?(?:day|days|daily|hari|ngày|ngay|วัน|天|日|araw|día|dia|diario|दिन|ថ្ងៃ|ရက်)(?![a-z])/iu,
    'day',
  ],
  [
    /^\s?(?:\/|per|a|an|each|mỗi|một|setiap|se|sa|kada|al|por|प्रति|每)?\s?(?:week|weeks|weekly|wk|minggu|tuần|tuan|สัปดาห์|周|週|linggo|semana|सप्ताह|हफ्ता)(?![a-z])/iu,
    'week',
  ],
  [
    /^\s?(?:\/|per|a|an|each|mỗi|một|setiap|se|sa|kada|al|por|प्रति|每)?\s?(?:year|years|yearly|annum|annual|yr|tahun|năm|nam|ปี|年|taon|año|anual|साल|वर्ष)(?![a-z])/iu,
    'year',
  ],
  [
    /^\s?(?:\/|per|an|a|each|mỗi|một|setiap|se|sa|kada|al|por|प्रति|每)?\s?(?:hour|hours|hr|hrs|hourly|jam|giờ|gio|ชั่วโมง|小时|時|oras|hora|घंटा|घंटे)(?![a-z])/iu,
    'hour',
  ],
];

const PERIOD_BEFORE: ReadonlyArray<readonly [RegExp, PayPeriod]> = [
  [
    /(?:月薪|底薪|月入|月收入|每月|monthly|lương tháng|gaji bulanan|sebulan|เงินเดือน|ប្រាក់ខែ|လစာ|मासिक|sueldo mensual|buwanang)\s?[:：]?\s?$/iu,
    'month',
  ],
  [/(?:日薪|日结|daily|lương ngày|gaji harian|ค่าแรงรายวัน|arawang)\s?[:：]?\s?$/iu, 'day'],
  [/(?:年薪|annual|yearly|lương năm|gaji tahunan)\s?[:：]?\s?$/iu, 'year'],
  [/(?:时薪|hourly)\s?[:：]?\s?$/iu, 'hour'],
];

const SALARY_CONTEXT =
  /(?:salary|salaries|pay|paid|wage|income|earn|earning|commission|bonus|gaji|pendapatan|penghasilan|upah|lương|luong|thu nhập|thu nhap|thưởng|เงินเดือน|รายได้|ค่าจ้าง|sahod|sweldo|kita|sueldo|salario|ingreso|薪|工资|收入|底薪|提成|佣金|ប្រាក់ខែ|ប្រាក់ចំណូល|လစာ|ဝင်ငွေ|वेतन|सैलरी|तनख्वाह|कमाई|आय)/iu;

const CURRENCY_CODES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(?:US\$|USD|USDT|\$|U|u|dollars?|đô|美金|美元|刀|ដុល្លារ|ဒေါ်လာ)$/i, 'USD'],
  [/^(?:VND|vnđ|₫|đồng|dong|đ)$/i, 'VND'],
  [/^(?:THB|฿|บาท|baht|泰铢)$/i, 'THB'],
  [/^(?:PHP|Php|₱|pesos?|比索)$/i, 'PHP'],
  [/^(?:RM|MYR|ringgit)$/i, 'MYR'],
  [/^(?:Rp\.?|IDR|rupiah)$/i, 'IDR'],
  [/^(?:RMB|CNY|¥|￥|元|块|人民币)$/i, 'CNY'],
  [/^(?:€|EUR|euros?)$/i, 'EUR'],
  [/^(?:₹|Rs\.?|INR|रुपये|रुपए)$/i, 'INR'],
  [/^(?:S\$|SGD)$/i, 'SGD'],
  [/^HK\$$/i, 'HKD'],
  [/^AED$/i, 'AED'],
  [/^(?:MMK|ကျပ်)$/i, 'MMK'],
  [/^(?:KHR|៛|riel)$/i, 'KHR'],
  [/^(?:LAK|kip)$/i, 'LAK'],
  [/^MXN$/i, 'MXN'],
];

// Currency assumed when an amount follows a salary word without one: the currency of the
// language's main country, and US dollars in Cambodia, where wages are quoted in dollars.
const LANGUAGE_CURRENCY: Partial<Record<Language, string>> = {
  vi: 'VND',
  id: 'IDR',
  ms: 'MYR',
  th: 'THB',
  tl: 'PHP',
  zh: 'CNY',
  hi: 'INR',
  km: 'USD',
  my: 'MMK',
  lo: 'LAK',
  en: 'USD',
  es: 'USD',
};

function multiplierValue(word: string | undefined): number {
  if (!word) return 1;
  const w = word.toLowerCase();
  if (w === 'k' || w === 'rb' || w === 'ribu' || w === '千' || w === 'พัน') return 1e3;
  // `M` after a rupiah or dong amount is a million; `tr`/`jt` always are.
  if (['jt', 'juta', 'tr', 'triệu', 'trieu', 'million', 'mil', 'mn', 'm', 'ล้าน'].includes(w))
    return 1e6;
  if (w === '万' || w === '萬' || w === 'w' || w === 'หมื่น') return 1e4;
  if (w === 'แสน' || w === 'lakh' || w === 'lac' || w === 'သိန်း') return 1e5;
  if (w === 'crore') return 1e7;
  return 1;
}

function parseNumber(raw: string): number {
  // Plain digits (`18`, `1500`), the usual case, need none of the separator rules below.
  if (ONLY_DIGITS.test(raw)) return Number(raw);
  const compact = raw.replace(/\s/g, '');
  // `1,500` / `1.500` / `20.000.000`: separators before groups of three digits are thousands.
  if (/^\d{1,3}(?:[.,]\d{3})+$/.test(compact)) return Number(compact.replace(/[.,]/g, ''));
  const thousandsThenDecimal = /^(\d{1,3}(?:[.,]\d{3})+)[.,](\d{1,2})$/.exec(compact);
  if (thousandsThenDecimal) {
    return Number(
      `${(thousandsThenDecimal[1] as string).replace(/[.,]/g, '')}.${thousandsThenDecimal[2]}`,
    );
  }
  return Number(compact.replace(',', '.'));
}

const ONLY_DIGITS = /^\d+$/;

function currencyCodeOf(token: string): string | null {
  return CURRENCY_CODES.find(([pattern]) => pattern.test(token))?.[1] ?? null;
}

// The currency code of every token SALARY can capture as a currency (its currency alternatives,
// spelt out: `dollars?` is `dollars` and `dollar`, `Rp\.?` is `Rp.` and `Rp`), so a salary looks
// its currency up once instead of testing CURRENCY_CODES in turn.
const CODE_OF_TOKEN: ReadonlyMap<string, string | null> = (() => {
  const tokens = new Map<string, string | null>();
  for (const alternative of `${CURRENCY_BEFORE}|${CURRENCY_AFTER}`.split('|')) {
    const literal = alternative.replace(/\\([$.])/g, '$1');
    const spellings = literal.endsWith('.?')
      ? [literal.slice(0, -1), literal.slice(0, -2)]
      : literal.endsWith('s?')
        ? [literal.slice(0, -1), literal.slice(0, -2)]
        : [literal];
    for (const token of spellings) tokens.set(token, currencyCodeOf(token));
  }
  return tokens;
})();

function currencyCode(token: string | undefined): string | null {
  if (!token) return null;
  const code = CODE_OF_TOKEN.get(token);
  return code === undefined ? currencyCodeOf(token) : code;
}

// Characters that glue an amount to what precedes it: ASCII letters and digits, `.` and `,`.
const GLUE = (() => {
  const table = new Uint8Array(0x10000);
  for (const code of [0x2c, 0x2e]) table[code] = 1;
  for (let code = 0x30; code <= 0x39; code++) table[code] = 1;
  for (let code = 0x41; code <= 0x5a; code++) table[code] = 1;
  for (let code = 0x61; code <= 0x7a; code++) table[code] = 1;
  return table;
})();

/**
 * Finds salaries (`$1,500/month`, `USD 1000-1500`, `lương 20 triệu/tháng`, `gaji 8 juta`, `月薪1万`,
 * `底薪1000U`, `₱50,000 a month`, `30,000 บาท/เดือน`) and normalises them to US dollars a month with
 * the static table in `rates.ts`. An amount counts as a salary when it has a currency, or follows a
 * salary word with a multiplier or a value of at least 100; spans inside `exclude` (phone numbers)
 * are skipped, and amounts outside 20–200,000 USD a month are dropped as misreadings.
 *
 * @example
 * extractSalaries('Salary $1,500-2,000/month', 'en')[0]?.usdPerMonth; // { min: 1500, max: 2000 }
 */
export function extractSalaries(
  text: string,
  language: Language,
  exclude: readonly Span[] = [],
): SalarySelector[] {
  const found: SalarySelector[] = [];
  for (const m of salaryMatches(text)) {
    const start = m.index;
    // An amount glued to a word or another number (`abc123`, `1.2.3`) is not a salary.
    if (start > 0 && GLUE[text.charCodeAt(start - 1)] === 1) continue;
    let matched = m[0];
    const curBefore = m[1];
    const n1 = m[2];
    const mul1 = m[3];
    const n2 = m[4];
    const mul2 = m[5];
    const curAfter = m[6];
    if (!n1) continue;
    if (exclude.some((span) => start < span.end && span.start < start + matched.length)) continue;
    const explicit = currencyCode(curBefore) ?? currencyCode(curAfter);
    const hasMultiplier = Boolean(mul1 || mul2);
    const low = parseNumber(n1) * multiplierValue(mul1 ?? mul2);
    const high = n2 ? parseNumber(n2) * multiplierValue(mul2 ?? mul1) : low;
    if (!Number.isFinite(low) || !Number.isFinite(high) || low <= 0) continue;
    if (!explicit && !hasMultiplier && low < 100) continue;
    // A lone `U`/`u`/`đ` or `$` after a number counts; a lone letter before does not (`U 18`).
    // Without a currency, a salary word must come shortly before the amount. (Checked last: the
    // cheaper tests above rule out most numbers, such as ages and hours.)
    if (!explicit && !SALARY_CONTEXT.test(text.slice(Math.max(0, start - 30), start))) continue;
    const currency = explicit ?? LANGUAGE_CURRENCY[language] ?? 'USD';
    matched = matched.replace(/\s+$/, '');
    let end = start + matched.length;
    let period: PayPeriod = 'month';
    let periodStated = false;
    const after = text.slice(end, end + 24);
    for (const [pattern, candidate] of PERIOD_AFTER) {
      const p = pattern.exec(after);
      if (p) {
        period = candidate;
        periodStated = true;
        end += p[0].length;
        break;
      }
    }
    if (!periodStated) {
      const shortBefore = text.slice(Math.max(0, start - 16), start);
      for (const [pattern, candidate] of PERIOD_BEFORE) {
        if (pattern.test(shortBefore)) {
          period = candidate;
          periodStated = true;
          break;
        }
      }
    }
    const rate = USD_RATES[currency] ?? 1;
    const factor = PERIODS_PER_MONTH[period] / rate;
    const usdMin = Math.round(Math.min(low, high) * factor);
    const usdMax = Math.round(Math.max(low, high) * factor);
    if (usdMin < 20 || usdMax > 200_000) continue;
    found.push({
      start,
      end,
      text: text.slice(start, end),
      min: Math.min(low, high),
      max: Math.max(low, high),
      currency,
      period,
      periodStated,
      usdPerMonth: { min: usdMin, max: usdMax },
    });
  }
  return found;
}
