import { describe, expect, it } from 'vitest';
import { defaultCatalogue } from './catalogue.js';
import { createScreener, defaultThresholds, ScreeningInputError, screenPost } from './screener.js';
import type { ScreeningResult } from './types.js';

const SCAM_EN =
  'URGENT HIRING in Sihanoukville! Customer service / typist, no experience needed. Salary $1,500/month, ' +
  'free flight + visa + accommodation. Fly within a week. Age 18-30. Contact Telegram @hr_kh_jobs';
const LEGIT_EN =
  'Front Desk Agent, Grand Riverside Hotel, Bangkok. Requirements: two years of hotel experience and good English. ' +
  'Benefits: health insurance, annual leave, social security. Apply through our website careers page.';

function allEvidence(result: ScreeningResult) {
  return result.indicators.flatMap((i) => i.evidence.map((e) => ({ code: i.code, ...e })));
}

describe('screenPost', () => {
  it('flags a typical scam-compound recruitment post with evidence a moderator can check', () => {
    const result = screenPost({ id: 'a1', text: SCAM_EN });
    expect(result.id).toBe('a1');
    expect(result.language).toBe('en');
    expect(result.decision).not.toBe('allow');
    expect(result.risk).toBeGreaterThan(0.6);
    const codes = result.indicators.map((i) => i.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'destination.hotspot',
        'role.customer_service_typist',
        'package.free_travel',
        'pressure.fast_departure',
        'channel.telegram',
      ]),
    );
    for (const e of allEvidence(result)) expect(SCAM_EN.slice(e.start, e.end)).toBe(e.text);
    expect(result.selectors.places[0]).toMatchObject({ id: 'kh-sihanoukville', kind: 'hotspot' });
    expect(result.warning?.language).toBe('en');
    expect(result.warning?.text).toMatch(/scam/);
  });

  it('allows an ordinary hotel job with statutory benefits', () => {
    const result = screenPost({ text: LEGIT_EN });
    expect(result.decision).toBe('allow');
    expect(result.warning).toBeNull();
    expect(result.indicators.some((i) => i.weight < 0)).toBe(true);
  });

  it('screens posts in scripts without spaces', () => {
    const th = screenPost({
      text: 'รับสมัครแอดมิน ทำงานที่ปอยเปต งานง่าย รายได้ดี บินฟรี ไม่ต้องมีประสบการณ์ ทักเทเลแกรม @job888',
    });
    expect(th.language).toBe('th');
    expect(th.decision).not.toBe('allow');
    expect(th.warning?.language).toBe('th');
    const zh = screenPost({
      text: '西港园区高薪招聘客服，包吃包住，包机票，月薪1万，无需经验，加飞机 @abc123',
    });
    expect(zh.language).toBe('zh');
    expect(['review', 'remove']).toContain(zh.decision);
  });

  it('treats victim-trading posts as the most serious', () => {
    const result = screenPost({
      text: '出售员工 10人，每人 8000U，会英语，可以直接转公司。联系飞机 @seller01',
    });
    expect(result.indicators.map((i) => i.code)).toEqual(
      expect.arrayContaining(['trading.selling_workers', 'trading.price_per_person']),
    );
    expect(result.decision).toBe('remove');
  });

  it('does not count a promise of no fees as a fee request', () => {
    const result = screenPost({ text: 'Licensed agency. No placement fee. Apply at our office.' });
    expect(result.indicators.map((i) => i.code)).not.toContain('money.upfront_fee');
    const asked = screenPost({ text: 'Pay the placement fee first, then we book your flight.' });
    expect(asked.indicators.map((i) => i.code)).toContain('money.upfront_fee');
  });

  it.each([
    ['NO - placement fee', false],
    ['Zero: placement fee', false],
    ['Khong placement fee', false],
    ['placement fee', true],
    ['piano placement fee', true],
    ['casino placement fee', true],
    ['Not now, placement fee', true],
    ['免 placement fee', false],
    ['a very long preamble, no placement fee', false],
    ['Khong\u200b placement fee', false],
    ['Kho\u0302ng placement fee', false],
    ['n\u200bo placement fee', false],
    ['pia\u200bno placement fee', true],
  ])('reads a negation just before a fee phrase: %j counts the fee: %s', (text, counted) => {
    const codes = screenPost({ text }).indicators.map((i) => i.code);
    expect(codes.includes('money.upfront_fee')).toBe(counted);
  });

  it('applies configured thresholds', () => {
    const post = { text: 'Customer service job in Cambodia, contact Telegram @hr_kh' };
    const { risk } = screenPost(post);
    expect(risk).toBeGreaterThan(0);
    expect(risk).toBeLessThan(1);
    expect(screenPost(post, { thresholds: { label: risk, review: 1, remove: 1 } }).decision).toBe(
      'label',
    );
    expect(screenPost(post, { thresholds: { label: 0, review: 0, remove: risk } }).decision).toBe(
      'remove',
    );
    const above = Math.min(1, risk + 0.001);
    expect(
      screenPost(post, { thresholds: { label: above, review: above, remove: above } }).decision,
    ).toBe('allow');
    expect(() => screenPost(post, { thresholds: { label: 0.8, review: 0.5 } })).toThrow(
      /label ≤ review ≤ remove/,
    );
    expect(defaultThresholds.label).toBeLessThan(defaultThresholds.review);
  });

  it('writes the configured help line', () => {
    const result = screenPost({ text: SCAM_EN }, { helpLine: 'Call the hotline 1300.' });
    expect(result.warning?.text.endsWith('Call the hotline 1300.')).toBe(true);
  });

  it('screens title and location and says which field the evidence is in', () => {
    const result = screenPost({
      text: 'Customer service staff needed.',
      title: 'Free flight!',
      location: 'Myawaddy',
    });
    const evidence = allEvidence(result);
    expect(evidence).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'title', text: 'Free flight' })]),
    );
    expect(evidence).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'location', text: 'Myawaddy' })]),
    );
  });

  it('uses a valid language hint and falls back to detection otherwise', () => {
    expect(screenPost({ text: SCAM_EN, lang: 'fil-PH' }).language).toBe('tl');
    expect(screenPost({ text: SCAM_EN, lang: 'xx' }).language).toBe('en');
  });

  it('rejects empty, binary and oversized input with a specific message', () => {
    expect(() => screenPost({ text: '   ' })).toThrow(ScreeningInputError);
    expect(() => screenPost({ text: '   ' })).toThrow(/text is empty/);
    expect(() => screenPost({ text: '\u0000\u0001\u0002abc\ufffd\ufffd' })).toThrow(
      /binary data or text in a wrong encoding/,
    );
    expect(() => screenPost({ text: 'a'.repeat(11) }, { maxLength: 10 })).toThrow(
      /11 characters long; the limit is 10/,
    );
    expect(() => screenPost({ text: 42 } as never)).toThrow(/text must be a string/);
  });
});

describe('createScreener', () => {
  it('validates a custom catalogue up front', () => {
    const broken = {
      ...defaultCatalogue,
      indicators: [{ ...defaultCatalogue.indicators[0], code: 'Bad Code', sources: ['nowhere'] }],
    } as never;
    expect(() => createScreener({ catalogue: broken })).toThrow(
      /code must look like group\.name[\s\S]*unknown source "nowhere"/,
    );
  });

  it('scores with a custom catalogue', () => {
    const catalogue = {
      ...defaultCatalogue,
      bias: -2,
      indicators: [
        {
          code: 'role.test_phrase',
          group: 'role' as const,
          label: 'Test phrase',
          weight: 4,
          sources: ['jaga-hypothesis'],
          phrases: { en: ['purple elephant'] },
        },
      ],
    };
    const screener = createScreener({ catalogue });
    expect(screener.screen({ text: 'A purple elephant job' }).risk).toBeCloseTo(
      1 / (1 + Math.exp(-2)),
      3,
    );
    expect(screener.screen({ text: 'A grey elephant job' }).decision).toBe('allow');
  });
});
