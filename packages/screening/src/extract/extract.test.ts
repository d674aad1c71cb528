import { sha256 } from '@noble/hashes/sha2.js';
import { createBase58check } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { FOLD_ALL } from '../fold.js';
import { extractAges, extractTypingSpeeds, NUMBER_CUE_WORDS, type NumberCues } from './ages.js';
import { UNFOLDED_CUE_LETTERS } from './cues.js';
import { eip55Valid, extractCrypto } from './crypto.js';
import { extractPhones } from './phones.js';
import { extractSalaries } from './salary.js';
import { extractEmails, extractHandles, extractUrls, HANDLE_CUE_WORDS } from './web.js';

const base58check = createBase58check(sha256);
const payload = (version: number) =>
  Uint8Array.from([version, ...Array.from({ length: 20 }, (_, i) => i * 7)]);
const TRON_ADDRESS = base58check.encode(payload(0x41));
const BTC_P2PKH = base58check.encode(payload(0x00));

describe('extractPhones', () => {
  it('reads international numbers with their country, however they are spaced', () => {
    const text = 'WA +855 96 123 4567 / +95 9 765 432 109 / 00856 20 5555 1234';
    expect(extractPhones(text).map((p) => [p.country, p.e164])).toEqual([
      ['KH', '+855961234567'],
      ['MM', '+959765432109'],
      ['LA', '+8562055551234'],
    ]);
  });

  it('reads local formats as numbers of the default country, with exact spans', () => {
    const text = 'Hotline: 012.345.678 now';
    const [phone] = extractPhones(text, 'KH');
    expect(phone?.e164).toBe('+85512345678');
    expect(text.slice(phone?.start, phone?.end)).toBe('012.345.678');
  });

  it('reads only international numbers when there is no default country', () => {
    const text = 'Hotline: 012.345.678, (855) 12 345 678 or 00855 12 345 678';
    expect(extractPhones(text).map((p) => [p.text, p.e164])).toEqual([
      ['00855 12 345 678', '+85512345678'],
    ]);
    expect(extractPhones(text, 'KH').map((p) => p.e164)).toEqual([
      '+85512345678',
      '+85512345678',
      '+85512345678',
    ]);
  });
});

describe('web selectors', () => {
  it('finds URLs and bare domains without trailing punctuation', () => {
    const urls = extractUrls('Apply at https://jobs.example.com/cs?id=1, or visit hr-kh.net.');
    expect(urls.map((u) => [u.text, u.domain])).toEqual([
      ['https://jobs.example.com/cs?id=1', 'jobs.example.com'],
      ['hr-kh.net', 'hr-kh.net'],
    ]);
  });

  it('finds e-mails and does not read their domain as a URL', () => {
    const text = 'CV to hr.team@example.co.th';
    expect(extractEmails(text).map((e) => e.domain)).toEqual(['example.co.th']);
    expect(extractUrls(text)).toEqual([]);
  });

  it('finds messaging handles from links, platform names and bare @handles', () => {
    const text =
      'Join t.me/hr_cambodia or wa.me/85512345678. Line ID: job.th88, 微信：abc_123, Zalo 0912345678, or @recruit_kh';
    const handles = extractHandles(text, extractUrls(text));
    expect(handles.map((h) => [h.platform, h.value])).toEqual([
      ['telegram', 'hr_cambodia'],
      ['whatsapp', '85512345678'],
      ['line', 'job.th88'],
      ['wechat', 'abc_123'],
      ['zalo', '0912345678'],
      ['telegram', 'recruit_kh'],
    ]);
    for (const h of handles) expect(text.slice(h.start, h.end)).toBe(h.text);
  });

  it('gives a bare @handle the platform named just before it', () => {
    const text = 'WhatsApp or Signal only: @safe_jobs';
    expect(extractHandles(text, []).map((h) => h.platform)).toEqual(['signal']);
  });
});

describe('extractCrypto', () => {
  it('validates Base58Check for TRON and Bitcoin and drops look-alikes', () => {
    const corrupted = `${TRON_ADDRESS.slice(0, -1)}${TRON_ADDRESS.endsWith('a') ? 'b' : 'a'}`;
    const found = extractCrypto(`USDT TRC20: ${TRON_ADDRESS}, BTC ${BTC_P2PKH}, fake ${corrupted}`);
    expect(found.map((c) => [c.chain, c.address, c.checksumValid])).toEqual([
      ['TRON', TRON_ADDRESS, true],
      ['BTC', BTC_P2PKH, true],
    ]);
  });

  it('checks EIP-55 and Bech32 checksums', () => {
    expect(eip55Valid('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed')).toBe(true);
    expect(eip55Valid('0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed')).toBe(false);
    expect(eip55Valid('0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed')).toBeNull();
    const [bech] = extractCrypto('pay bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4 now');
    expect(bech).toMatchObject({ chain: 'BTC', checksumValid: true });
    const [bad] = extractCrypto('pay bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5 now');
    expect(bad).toMatchObject({ chain: 'BTC', checksumValid: false });
  });
});

describe('extractSalaries', () => {
  it.each([
    ['Salary $1,500-2,000/month', 'en', 1500, 2000, 'USD', 'month'],
    ['lương 20 triệu/tháng', 'vi', 787, 787, 'VND', 'month'],
    ['Gaji Rp 8.000.000 per bulan', 'id', 491, 491, 'IDR', 'month'],
    ['gaji 8 juta', 'id', 491, 491, 'IDR', 'month'],
    ['月薪1万', 'zh', 1389, 1389, 'CNY', 'month'],
    ['底薪1000U', 'zh', 1000, 1000, 'USD', 'month'],
    ['₱50,000 a month', 'tl', 877, 877, 'PHP', 'month'],
    ['เงินเดือน 30,000 บาท/เดือน', 'th', 909, 909, 'THB', 'month'],
    ['RM 5,000 sebulan', 'ms', 1163, 1163, 'MYR', 'month'],
    ['$50 per day', 'en', 1300, 1300, 'USD', 'day'],
    ['₹80,000 per month', 'hi', 941, 941, 'INR', 'month'],
  ])('%s', (text, language, min, max, currency, period) => {
    const [salary] = extractSalaries(text, language as 'en');
    expect(salary).toMatchObject({ currency, period, usdPerMonth: { min, max } });
  });

  it('ignores bare numbers without a currency or salary word, and excluded spans', () => {
    expect(extractSalaries('Call 2024 room 305', 'en')).toEqual([]);
    const text = 'salary: +855 961234567';
    expect(extractSalaries(text, 'en', [{ start: 8, end: 22, text: '+855 961234567' }])).toEqual(
      [],
    );
  });
});

describe('ages and typing speeds', () => {
  it('reads age ranges, caps and floors', () => {
    expect(extractAges('Age 18–30, female').map((a) => [a.min, a.max])).toEqual([[18, 30]]);
    expect(extractAges('tuổi 20-35').map((a) => [a.min, a.max])).toEqual([[20, 35]]);
    expect(extractAges('35岁以下').map((a) => [a.min, a.max])).toEqual([[null, 35]]);
    expect(extractAges('maksimal 30 tahun').map((a) => [a.min, a.max])).toEqual([[null, 30]]);
    expect(extractAges('Age 18+').map((a) => [a.min, a.max])).toEqual([[18, null]]);
    expect(extractAges('Room 101-305')).toEqual([]);
  });

  it('reads typing speeds', () => {
    expect(extractTypingSpeeds('typing 40 wpm+').map((t) => t.perMinute)).toEqual([40]);
    expect(extractTypingSpeeds('打字速度60字/分').map((t) => [t.perMinute, t.unit])).toEqual([
      [60, 'cpm'],
    ]);
  });
});

// The extractors skip their patterns where a cheap check shows no match can start; these cases
// sit at the edges of those checks.
describe('extractors where the cheap checks decide', () => {
  it('finds a salary whose currency stands up to five characters before the digits', () => {
    const salaries = extractSalaries('Pay: USDT 1500 a month, or Rp. 8.000.000', 'en');
    expect(salaries.map((s) => [s.text, s.currency])).toEqual([
      ['USDT 1500 a month', 'USD'],
      ['Rp. 8.000.000', 'IDR'],
    ]);
  });

  it('finds ages after an age word and before a years word, far into a long post', () => {
    const padding = 'Our office is near the river. '.repeat(40);
    const ages = extractAges(`${padding}Age: 18-30. ${padding}Applicants under 35 years old.`);
    expect(ages.map((a) => [a.min, a.max])).toEqual([
      [18, 30],
      [null, 35],
    ]);
    expect(extractAges('Visit our agency page for messages.')).toEqual([]);
  });

  it('finds typing speeds only with a number before the unit, or after 打字', () => {
    expect(extractTypingSpeeds('typing 40 wpm+, words matter').map((t) => t.perMinute)).toEqual([
      40,
    ]);
    expect(extractTypingSpeeds('打字速度60字/分').map((t) => [t.perMinute, t.unit])).toEqual([
      [60, 'cpm'],
    ]);
    expect(extractTypingSpeeds('kata kunci, words, từ khoá')).toEqual([]);
  });

  it('finds the same ages and speeds from cues as by scanning for their words', () => {
    // Cues as a folding matcher finds them: every occurrence of a cue word, folded.
    const fold = (text: string) =>
      Array.from(text, (char) => String.fromCharCode(FOLD_ALL[char.charCodeAt(0)] ?? 0)).join('');
    const cuesOf = (text: string): NumberCues => {
      const folded = fold(text);
      const starts = (words: readonly string[]) =>
        [
          ...new Set(
            words.flatMap((word) => {
              const found: number[] = [];
              for (
                let at = folded.indexOf(fold(word));
                at >= 0;
                at = folded.indexOf(fold(word), at + 1)
              )
                found.push(at);
              return found;
            }),
          ),
        ].sort((a, b) => a - b);
      return {
        age: starts(NUMBER_CUE_WORDS.age),
        years: starts(NUMBER_CUE_WORDS.years),
        under: starts(NUMBER_CUE_WORDS.under),
        speed: starts(NUMBER_CUE_WORDS.speed),
        typing: starts(NUMBER_CUE_WORDS.typing),
      };
    };
    let found = 0;
    for (const text of [
      'AGE: 18-30, typing 40 WPM+',
      'Độ tuổi 20 - 35, nữ; tốc độ 30 từ/phút',
      'Applicants under 35 years old; 18 - 35 tahun; 35岁以下; 打字速度60字/分',
      'agency page message 1990 years; 25 y.o. or 30yo',
      'Usia maksimal 30 tahun, không quá 35 tuổi, 123岁以下, age under 40; 1240 wpm or 45wpm',
    ]) {
      const cues = cuesOf(text);
      expect(extractAges(text, cues)).toEqual(extractAges(text));
      expect(extractTypingSpeeds(text, cues)).toEqual(extractTypingSpeeds(text));
      found += extractAges(text).length + extractTypingSpeeds(text).length;
    }
    expect(found).toBe(13);
  });

  it('finds the same handles from platform-name cues as by scanning for the names', () => {
    const fold = (text: string) =>
      Array.from(text, (char) => String.fromCharCode(FOLD_ALL[char.charCodeAt(0)] ?? 0)).join('');
    for (const text of [
      'Join t.me/hr_cambodia. Line ID: job.th88, 微信：abc_123, Zalo 0912345678, or @recruit_kh',
      'WHATSAPP +855 96 123 4567; towards the mortgage, tg: @hr_kh, WeChat ID = hr.kh2',
      'Signal only. Viber: 0961234567 / whats app +66 81 204 7736 / 飞机 @kk_hr',
    ]) {
      const folded = fold(text);
      const starts = [
        ...new Set(
          HANDLE_CUE_WORDS.flatMap((word) => {
            const found: number[] = [];
            const key = fold(word);
            for (let at = folded.indexOf(key); at >= 0; at = folded.indexOf(key, at + 1))
              found.push(at);
            return found;
          }),
        ),
      ].sort((a, b) => a - b);
      const urls = extractUrls(text);
      const handles = extractHandles(text, urls);
      expect(extractHandles(text, urls, starts)).toEqual(handles);
      expect(handles.length).toBeGreaterThan(2);
    }
  });

  it('has cue words folding finds wherever the patterns match, but for the listed letters', () => {
    // The patterns match case-insensitively; a letter they take for a cue word's letter must
    // fold to it, or cues found by folding would miss a match.
    const letters = new Set(
      [...Object.values(NUMBER_CUE_WORDS).flat(), ...HANDLE_CUE_WORDS].join(''),
    );
    const missed: string[] = [];
    for (const letter of letters) {
      const same = new RegExp(`[${letter.replace(/[\\\]^-]/g, '\\$&')}]`, 'iu');
      for (let code = 0; code < 0x10000; code++) {
        if (code >= 0xd800 && code <= 0xdfff) continue;
        const char = String.fromCharCode(code);
        if (same.test(char) && FOLD_ALL[code] !== FOLD_ALL[letter.charCodeAt(0)]) missed.push(char);
      }
    }
    expect(missed).toEqual([...UNFOLDED_CUE_LETTERS]);
  });

  it('reads a short Bech32 address when a long run elsewhere passes the first check', () => {
    const bech32 = 'bc1qar0srrr7xf';
    const text = `Deposit ${bech32} (ref ${'A1'.repeat(13)})`;
    expect(extractCrypto(text).map((c) => [c.chain, c.address])).toEqual([['BTC', bech32]]);
    expect(extractCrypto(`Deposit ${bech32} today`)).toEqual([]);
  });

  it('finds URLs and e-mails written in capitals or right after punctuation', () => {
    expect(extractUrls('See WWW.Example.COM/jobs').map((u) => u.domain)).toEqual(['example.com']);
    expect(extractUrls('no links here: 3.5 hours, e.g.')).toEqual([]);
    expect(extractEmails('(HR@Example.com)').map((e) => e.address)).toEqual(['HR@Example.com']);
    expect(extractEmails('ping @hr_kh or @ me')).toEqual([]);
  });
});
