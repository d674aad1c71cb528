import { describe, expect, it } from 'vitest';
import { dominantScript } from './script.js';

describe('dominantScript', () => {
  it('recognises the scripts of the region', () => {
    expect(dominantScript('Customer service in Cambodia, $1,500')).toBe('Latin');
    expect(dominantScript('รับสมัครงานแอดมิน กัมพูชา')).toBe('Thai');
    expect(dominantScript('ការងារនៅកម្ពុជា')).toBe('Khmer');
    expect(dominantScript('မြဝတီ အလုပ်')).toBe('Myanmar');
    expect(dominantScript('柬埔寨 客服')).toBe('Han');
  });

  it('answers Other when there are no letters', () => {
    expect(dominantScript('+855 12 345 678')).toBe('Other');
  });
});
