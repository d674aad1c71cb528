import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  GOLD_LANGUAGES,
  type GoldItem,
  type GoldLanguage,
  parseGoldJsonl,
  summarizeGold,
} from './gold-set.js';
import { GOLD_SLICES } from './slices.js';

// The gold set is data in this folder: one JSON Lines file per language.
const dir = new URL('./', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.jsonl'))
  .sort();
const load = (): GoldItem[] =>
  files.flatMap((file) =>
    parseGoldJsonl(
      readFileSync(new URL(file, dir), 'utf8'),
      file,
      file.slice(0, -'.jsonl'.length) as GoldLanguage,
    ),
  );

describe('the gold set', () => {
  it('has exactly one file per required language, and every line is valid', () => {
    expect(files).toEqual([...GOLD_LANGUAGES].sort().map((l) => `${l}.jsonl`));
    expect(() => load()).not.toThrow();
  });

  it('holds at least 400 risk and 400 legitimate posts with unique ids', () => {
    const summary = summarizeGold(load());
    expect(summary.risk).toBeGreaterThanOrEqual(400);
    expect(summary.legit).toBeGreaterThanOrEqual(400);
  });

  it('covers every language with both classes and hard negatives', () => {
    const summary = summarizeGold(load());
    for (const lang of GOLD_LANGUAGES) {
      const counts = summary.byLanguage[lang];
      expect(counts, lang).toBeDefined();
      expect(counts?.risk, `${lang} risk posts`).toBeGreaterThanOrEqual(30);
      expect(counts?.legit, `${lang} legitimate posts`).toBeGreaterThanOrEqual(30);
      expect(counts?.hardNegative, `${lang} hard negatives`).toBeGreaterThanOrEqual(15);
    }
  });

  it('includes victim-trading posts in every language', () => {
    const items = load();
    for (const lang of GOLD_LANGUAGES) {
      const trading = items.filter(
        (i) => i.lang === lang && i.label === 'risk' && i.provenance.includes('bought and sold'),
      );
      expect(trading.length, lang).toBeGreaterThanOrEqual(3);
    }
  });

  it('has no exact duplicate texts, so folds cannot leak a post into its own training set', () => {
    const items = load();
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const item of items) {
      const key = item.text.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) duplicates.push(`${item.id} repeats ${first}`);
      else seen.set(key, item.id);
    }
    expect(duplicates).toEqual([]);
  });

  it('still matches posts in every reported slice', () => {
    const items = load();
    for (const slice of GOLD_SLICES) {
      const members = items.filter((i) => i.label === slice.label && slice.matches(i));
      expect(members.length, slice.name).toBeGreaterThanOrEqual(10);
    }
  });
});
