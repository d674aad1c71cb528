import { describe, expect, it } from 'vitest';
import { defaultCatalogue } from './catalogue.js';
import { fitCatalogue } from './fit.js';

const risky = [
  'Customer service job in Sihanoukville, free flight, contact Telegram @hr_kh',
  'Typist needed in Bavet, no experience, fly within a week, TG @bavet_hr',
  'Chat job in Myawaddy, high salary, message me on telegram @mm_jobs',
];
const legit = [
  'Registered nurse, public hospital in Manila. Health insurance, annual leave, apply through our website.',
  'Accountant for a bakery in Kuala Lumpur, EPF and SOCSO, walk-in interview at our office.',
  'Barista in Phnom Penh, 8 hours a day, 1 day off per week, employment contract.',
];
const examples = [
  ...risky.map((text) => ({ post: { text }, risky: true })),
  ...legit.map((text) => ({ post: { text }, risky: false })),
];

describe('fitCatalogue', () => {
  it('is deterministic and keeps every weight on the side of its prior', () => {
    const a = fitCatalogue(examples, { iterations: 200 });
    const b = fitCatalogue(examples, { iterations: 200 });
    expect(a).toEqual(b);
    for (const indicator of a.indicators) {
      const prior = defaultCatalogue.prior?.weights[indicator.code] ?? indicator.weight;
      expect(Math.sign(indicator.weight), indicator.code).toBe(Math.sign(prior));
    }
    expect(a.version).toMatch(/\+fit\.6$/);
  });

  it('raises the weight of an indicator seen only in risky posts, and stays near the prior when pulled hard', () => {
    const prior = defaultCatalogue.prior?.weights['channel.telegram'] ?? 0;
    const loose = fitCatalogue(examples, { lambda: 0.01, iterations: 400 });
    const tight = fitCatalogue(examples, { lambda: 1000, iterations: 400 });
    const weight = (c: typeof loose) =>
      c.indicators.find((i) => i.code === 'channel.telegram')?.weight ?? 0;
    expect(weight(loose)).toBeGreaterThan(prior);
    expect(Math.abs(weight(tight) - prior)).toBeLessThan(0.05);
  });

  it('refuses an empty training set', () => {
    expect(() => fitCatalogue([])).toThrow(/at least one labelled post/);
  });
});
