import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  defaultCatalogue,
  INDICATOR_GROUPS,
  patternProblems,
  validateCatalogue,
} from './catalogue.js';

const LANGUAGES = ['en', 'id', 'ms', 'vi', 'th', 'tl', 'zh', 'km', 'my', 'hi', 'es'];

describe('defaultCatalogue', () => {
  it('is valid', () => {
    expect(() => validateCatalogue(defaultCatalogue)).not.toThrow();
  });

  it('matches the YAML it is generated from (run `npm run catalogue` after editing the YAML)', async () => {
    const build = (await import(
      fileURLToPath(new URL('../catalogue/build.mjs', import.meta.url))
    )) as {
      loadCatalogueSources(): unknown;
    };
    expect(defaultCatalogue).toEqual(build.loadCatalogueSources());
  });

  it('covers every group, with phrases in each of the eleven languages', () => {
    for (const group of INDICATOR_GROUPS) {
      const members = defaultCatalogue.indicators.filter((i) => i.group === group);
      expect(members.length, group).toBeGreaterThan(0);
      const languages = new Set(members.flatMap((i) => Object.keys(i.phrases ?? {})));
      if (members.some((i) => i.phrases)) {
        for (const language of LANGUAGES)
          expect(languages.has(language), `${group}/${language}`).toBe(true);
      }
    }
  });

  it('has warning labels in the eleven languages', () => {
    for (const language of LANGUAGES)
      expect(defaultCatalogue.labels[language], language).toBeDefined();
  });
});

describe('patternProblems', () => {
  it('refuses patterns that can backtrack catastrophically', () => {
    expect(patternProblems('(a+)+$')[0]).toMatch(/unbounded quantifier/);
    expect(patternProblems('(\\w{1,5})\\1')).toContain('uses a back-reference');
    expect(patternProblems('\\d{1,3}\\s?[+*]?\\s?usd')).toEqual([]);
  });
});
