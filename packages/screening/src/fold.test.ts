import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldPhrase, foldText } from './fold.js';

describe('foldText', () => {
  it('lower-cases and strips Latin diacritics so unaccented Vietnamese matches', () => {
    expect(foldText('Việc NHẸ Lương Cao')).toBe('viec nhe luong cao');
    expect(foldText('Đi làm')).toBe('di lam');
    expect(foldText('Atención')).toBe('atencion');
  });

  it('maps full-width forms and typographic dashes to ASCII', () => {
    expect(foldText('ＴＥＬＥＧＲＡＭ：１２')).toBe('telegram:12');
    expect(foldText('18–30')).toBe('18-30');
  });

  it('keeps the length of any input so offsets carry over', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        expect(foldText(s).length).toBe(s.length);
      }),
    );
  });
});

describe('foldPhrase', () => {
  it('drops zero-width characters and collapses whitespace', () => {
    expect(foldPhrase('  tele\u200bgram   only ')).toBe('telegram only');
  });
});
