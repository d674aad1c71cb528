import { describe, expect, it } from 'vitest';
import {
  buildReport,
  crossValidate,
  GENERATED_BEGIN,
  GENERATED_END,
  type PostInput,
  renderReport,
  replaceGeneratedSection,
  type ScreeningOutcome,
} from './evaluate.js';
import type { GoldItem } from './gold-set.js';

const item = (id: string, text: string, hard = false): GoldItem => ({
  id,
  lang: id.slice(0, 2) as GoldItem['lang'],
  label: id.charAt(3) === 'r' ? 'risk' : 'legit',
  text,
  provenance: 'test fixture modelled on nothing in particular',
  ...(hard ? { hard_negative: true as const } : {}),
});

// A toy engine: flags posts mentioning Telegram, with risk 0.9, others 0.1.
const toy = (post: PostInput): ScreeningOutcome => {
  const hit = /telegram/i.test(post.text);
  return {
    risk: hit ? 0.9 : 0.1,
    decision: hit ? 'review' : 'allow',
    language: post.id.slice(0, 2),
    indicators: hit ? [{ code: 'channel.telegram' }] : [],
  };
};

const items: GoldItem[] = [
  item('en-r001', 'CS job Cambodia, Telegram @hr'),
  item('en-r002', 'Typist wanted, Telegram only'),
  item('en-r003', 'Selling workers 3 pax, price per head'),
  item('en-l001', 'Hotel front desk, apply via our careers page', true),
  item('en-l002', 'Crypto compliance analyst, Telegram community manager'),
  item('km-r001', 'ការងារ Telegram'),
  item('km-l001', 'ការងារ សណ្ឋាគារ', true),
];

describe('crossValidate', () => {
  it('predicts every post once, with a screener built without that post', async () => {
    const seenInTraining = new Map<number, Set<string>>();
    let fold = 0;
    const predictions = await crossValidate(items, {
      folds: 2,
      screenerFor: (train) => {
        seenInTraining.set(fold, new Set(train.map((t) => t.id)));
        fold += 1;
        return toy;
      },
    });
    expect(predictions.map((p) => p.item.id)).toEqual(items.map((i) => i.id));
    for (const p of predictions) {
      expect(seenInTraining.get(p.fold)?.has(p.item.id)).toBe(false);
    }
  });

  it('never gives the engine the gold label or language', async () => {
    const inputs: PostInput[] = [];
    await crossValidate(items, {
      folds: 2,
      screenerFor: () => (post) => {
        inputs.push(post);
        return toy(post);
      },
    });
    for (const input of inputs) expect(Object.keys(input).sort()).toEqual(['id', 'text']);
  });

  it('names the post when the engine throws', async () => {
    await expect(
      crossValidate(items, {
        folds: 2,
        screenerFor: () => (post) => {
          if (post.id === 'km-r001') throw new Error('unsupported script');
          return toy(post);
        },
      }),
    ).rejects.toThrow('engine threw on gold post "km-r001": unsupported script');
  });

  it('names the post when the engine returns a malformed result', async () => {
    await expect(
      crossValidate(items, {
        folds: 2,
        screenerFor: () => () => ({ ...toy({ id: 'x', text: '' }), risk: 1.5 }),
      }),
    ).rejects.toThrow(/gold post "[a-z]{2}-[rl]\d{3}": risk must be a number in \[0, 1\], got 1.5/);
  });
});

describe('buildReport', () => {
  it('computes the hand-checked measures of the toy engine', async () => {
    const report = buildReport(await crossValidate(items, { folds: 2, screenerFor: () => toy }), 2);
    // risk: en-r001 ✓, en-r002 ✓, en-r003 ✗, km-r001 ✓ → recall 3/4
    // legit flagged: en-l002 only → precision 3/4, legit non-allow 1/3, hard negatives 0/2
    expect(report.overall.confusion).toEqual({ tp: 3, fp: 1, tn: 2, fn: 1 });
    expect(report.overall.recall).toBe(0.75);
    expect(report.overall.precision).toBe(0.75);
    expect(report.overall.legitNonAllowRate).toBeCloseTo(1 / 3);
    expect(report.overall.hardNegativeFpr).toBe(0);
    expect(report.overall.languageAccuracy).toBe(1);
    expect(report.byLanguage.map((m) => m.group)).toEqual(['en', 'km']);
    expect(report.byLanguage[1]?.recall).toBe(1);
    expect(report.decisions.risk).toEqual({ allow: 1, label: 0, review: 3, remove: 0 });
    expect(report.falseNegatives).toEqual(['en-r003']);
    expect(report.falsePositives).toEqual(['en-l002']);
    // channel.telegram fires on 3 of 4 risk and 1 of 3 legit: (3/4) / (1/3)
    const telegram = report.indicators[0];
    expect(telegram?.code).toBe('channel.telegram');
    expect(telegram?.onRisk).toBe(3);
    expect(telegram?.onLegit).toBe(1);
    expect(telegram?.relativeRisk?.rr).toBeCloseTo(0.75 / (1 / 3));
    expect(report.perFold.length).toBe(2);
  });

  it('reports the flagged share of each slice within its class only', async () => {
    const report = buildReport(
      await crossValidate(items, { folds: 2, screenerFor: () => toy }),
      2,
      [
        { name: 'mentions Telegram', label: 'legit', matches: (i) => /telegram/i.test(i.text) },
        { name: 'short risk', label: 'risk', matches: (i) => i.text.length < 30 },
      ],
    );
    // only en-l002 is a legitimate post mentioning Telegram (km-r001 is risk, so not counted)
    expect(report.slices[0]).toEqual({
      name: 'mentions Telegram',
      label: 'legit',
      posts: 1,
      flagged: 1,
      flaggedShare: 1,
    });
    // risk posts under 30 characters: en-r001, en-r002, km-r001 (all flagged); en-r003 has 37
    expect(report.slices[1]).toMatchObject({ posts: 3, flagged: 3 });
    expect(renderReport(report)).toContain('| mentions Telegram | legit | 1 | 1 | 100.0% |');
  });

  it('renders a Markdown report that states whether the targets are met', async () => {
    const report = buildReport(await crossValidate(items, { folds: 2, screenerFor: () => toy }), 2);
    const md = renderReport(report);
    expect(md).toContain('| recall on risk posts ≥ 0.9 | 0.750 | **not met** |');
    expect(md).toContain('| `channel.telegram` | 3 | 1 | 0 | 75.0% | 2.25 |');
    expect(md).toContain('Missed risk posts (1): `en-r003`.');
    expect(renderReport(report)).toBe(md);
  });
});

describe('replaceGeneratedSection', () => {
  const doc =
    '# Screening evaluation\n\nMethod text.\n\n## Benchmark\n\nNumbers by someone else.\n';

  it('inserts before the benchmark section, then replaces in place idempotently', () => {
    const once = replaceGeneratedSection(doc, 'first');
    expect(once.indexOf(GENERATED_BEGIN)).toBeLessThan(once.indexOf('## Benchmark'));
    expect(once).toContain('Numbers by someone else.');
    const twice = replaceGeneratedSection(once, 'second');
    expect(twice).toContain(`${GENERATED_BEGIN}\nsecond\n${GENERATED_END}`);
    expect(twice).not.toContain('first');
    expect(replaceGeneratedSection(twice, 'second')).toBe(twice);
  });

  it('appends when there is no benchmark section', () => {
    expect(replaceGeneratedSection('# T\n', 'x')).toBe(
      `# T\n\n${GENERATED_BEGIN}\nx\n${GENERATED_END}\n`,
    );
  });

  it('refuses a document with a broken marker pair', () => {
    expect(() =>
      replaceGeneratedSection(`# T\n${GENERATED_END}\n${GENERATED_BEGIN}\n`, 'x'),
    ).toThrow(/broken generated section/);
    expect(() => replaceGeneratedSection(`# T\n${GENERATED_BEGIN}\n`, 'x')).toThrow(
      /both the begin and end/,
    );
  });
});
