import { describe, expect, it } from 'vitest';
import { GoldSetError, parseGoldJsonl, summarizeGold } from './gold-set.js';

const line = (o: Record<string, unknown>) => JSON.stringify(o);
const valid = {
  id: 'en-r001',
  lang: 'en',
  label: 'risk',
  text: 'Customer service, Sihanoukville, free flight, DM on Telegram',
  provenance: 'Consular advisories: free flight, Cambodia, Telegram-only contact',
};

describe('parseGoldJsonl', () => {
  it('parses valid lines and skips blank ones', () => {
    const items = parseGoldJsonl(
      `${line(valid)}\n\n${line({ ...valid, id: 'en-l001', label: 'legit', hard_negative: true })}\n`,
      'en.jsonl',
      'en',
    );
    expect(items.map((i) => i.id)).toEqual(['en-r001', 'en-l001']);
    expect(items[1]?.hard_negative).toBe(true);
  });

  it('reports every broken line with its file and line number', () => {
    const text = [
      line(valid),
      '{"id": "en-r002", ',
      line({ ...valid, id: 'en-r003', label: 'Risk' }),
      line({ ...valid, id: 'en-l004' }),
      line({ ...valid, id: 'en-r005', hard_negative: true }),
      line({ ...valid, id: 'en-r006', text: '   ' }),
      line({ ...valid, id: 'en-r007', extra: 1 }),
    ].join('\n');
    let error: unknown;
    try {
      parseGoldJsonl(text, 'en.jsonl');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GoldSetError);
    const problems = (error as GoldSetError).problems.join('\n');
    expect(problems).toMatch(/en\.jsonl:2: not valid JSON/);
    expect(problems).toMatch(/en\.jsonl:3: label/);
    expect(problems).toMatch(/en\.jsonl:4: id uses "l" but the label is "risk"/);
    expect(problems).toMatch(/en\.jsonl:5: hard_negative is only meaningful on legitimate posts/);
    expect(problems).toMatch(/en\.jsonl:6: text must not be empty/);
    expect(problems).toMatch(/en\.jsonl:7: .*extra/);
    expect(problems).not.toMatch(/en\.jsonl:1:/);
  });

  it('catches a line filed under the wrong language', () => {
    expect(() => parseGoldJsonl(line(valid), 'th.jsonl', 'th')).toThrow(
      /th\.jsonl:1: lang is "en" but this file holds "th" posts/,
    );
    expect(() => parseGoldJsonl(line({ ...valid, lang: 'th' }), 'th.jsonl')).toThrow(
      /id must start with the language code "th-"/,
    );
  });
});

describe('summarizeGold', () => {
  it('counts by label and language and rejects duplicate ids', () => {
    const items = parseGoldJsonl(
      [
        line(valid),
        line({ ...valid, id: 'en-l001', label: 'legit', hard_negative: true }),
        line({ ...valid, id: 'km-r001', lang: 'km' }),
      ].join('\n'),
      'mixed.jsonl',
    );
    const s = summarizeGold(items);
    expect(s).toMatchObject({ total: 3, risk: 2, legit: 1, hardNegative: 1 });
    expect(s.byLanguage.en).toEqual({ risk: 1, legit: 1, hardNegative: 1 });
    expect(s.byLanguage.km).toEqual({ risk: 1, legit: 0, hardNegative: 0 });
    expect(() => summarizeGold([...items, ...items.slice(0, 1)])).toThrow(
      /"en-r001" is used more than once/,
    );
  });
});
