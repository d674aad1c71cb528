import { describe, expect, it } from 'vitest';
import { fingerprint, similarity } from './fingerprint.js';

const BASE =
  'URGENT HIRING in Sihanoukville! Customer service and typist positions, no experience needed. Salary $1,500 per month, ' +
  'free flight, visa and accommodation provided. Fly within a week. Contact our HR team on Telegram for details.';

describe('fingerprint and similarity', () => {
  it('gives 16 hex digits, identical for identical normalised text', () => {
    expect(fingerprint(BASE)).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint(BASE.toUpperCase())).toBe(fingerprint(BASE));
  });

  it('keeps re-posts with small edits close together', () => {
    const edited = BASE.replace('$1,500', '$1,800')
      .replace('Sihanoukville!', 'Sihanoukville!!')
      .replace('HR team', 'team');
    expect(similarity(fingerprint(BASE), fingerprint(edited))).toBeGreaterThanOrEqual(0.85);
  });

  it('keeps unrelated posts apart', () => {
    const other =
      'Registered nurse wanted for a public hospital in Manila. Three years of ward experience, PRC licence, ' +
      'SSS, PhilHealth and Pag-IBIG benefits, walk-in interview at the HR office every Monday.';
    expect(similarity(fingerprint(BASE), fingerprint(other))).toBeLessThan(0.8);
  });

  it('works for scripts without spaces', () => {
    const a = '西港高薪招聘客服，包吃包住，包机票，月薪一万，会打字即可，联系飞机';
    const b = '西港高薪招聘客服！包吃包住，包机票，月薪一万二，会打字即可，联系飞机';
    expect(similarity(fingerprint(a), fingerprint(b))).toBeGreaterThanOrEqual(0.85);
  });

  it('rejects values that are not fingerprints', () => {
    expect(() => similarity('abc', fingerprint(BASE))).toThrow(
      /argument a must be a fingerprint of 16 hex digits/,
    );
  });
});
