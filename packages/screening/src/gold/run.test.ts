import { describe, expect, it } from 'vitest';
import {
  EvaluationError,
  GENERATED_BEGIN,
  type PostInput,
  type ScreeningOutcome,
} from './evaluate.js';
import { GoldSetError } from './gold-set.js';
import { DOC_SKELETON, loadGoldFiles, resolveScreen, runEvaluation, runHeldOut } from './run.js';

const line = (id: string, text: string) =>
  JSON.stringify({
    id,
    lang: id.slice(0, 2),
    label: id.charAt(3) === 'r' ? 'risk' : 'legit',
    text,
    provenance: 'test fixture modelled on nothing in particular',
  });

const files = [
  {
    name: 'en.jsonl',
    text: `${line('en-r001', 'Typist, Telegram only')}\n${line('en-l001', 'Barista, walk in')}\n`,
  },
  {
    name: 'th.jsonl',
    text: `${line('th-r001', 'งานแอดมิน Telegram')}\n${line('th-l001', 'รับบาริสต้า')}\n`,
  },
  { name: 'notes.md', text: 'not a gold file' },
];

const toy = (post: PostInput): ScreeningOutcome => {
  const hit = post.text.includes('Telegram');
  return {
    risk: hit ? 0.9 : 0.1,
    decision: hit ? 'review' : 'allow',
    language: 'en',
    indicators: [],
  };
};

describe('loadGoldFiles', () => {
  it('reads only JSON Lines files, in a stable order', () => {
    expect(loadGoldFiles([...files].reverse()).map((i) => i.id)).toEqual([
      'en-r001',
      'en-l001',
      'th-r001',
      'th-l001',
    ]);
  });

  it('collects the problems of every file and catches ids repeated across files', () => {
    const bad = [
      { name: 'en.jsonl', text: '{oops\n' },
      { name: 'th.jsonl', text: `${line('en-r001', 'x')}\n` },
    ];
    expect(() => loadGoldFiles(bad)).toThrow(
      /en\.jsonl:1: not valid JSON[\s\S]*th\.jsonl:1: lang is "en"/,
    );
    const twice = [
      files[0] ?? { name: '', text: '' },
      { name: 'extra.jsonl', text: `${line('en-r001', 'again')}\n` },
    ];
    expect(() => loadGoldFiles(twice)).toThrow(/"en-r001" is used more than once/);
    expect(() => loadGoldFiles([])).toThrow(GoldSetError);
  });
});

describe('resolveScreen', () => {
  it('explains when the engine does not export screenPost', async () => {
    expect(() => resolveScreen({})).toThrow(EvaluationError);
    expect(() => resolveScreen({ screenPost: 42 })).toThrow(/does not export a screenPost/);
    const screen = resolveScreen({ screenPost: toy });
    expect(await screen({ id: 'x', text: 'Telegram' })).toMatchObject({ decision: 'review' });
  });
});

const never = (): ScreeningOutcome => ({
  risk: 0,
  decision: 'allow',
  language: 'en',
  indicators: [],
});

describe('runEvaluation', () => {
  it('needs at least one configuration', async () => {
    await expect(runEvaluation({ files, doc: undefined, configurations: [] })).rejects.toThrow(
      /at least one engine configuration/,
    );
  });

  it('starts a new document from the skeleton and is idempotent on re-runs', async () => {
    const configurations = [
      { name: 'toy', note: 'flags Telegram', screenerFor: () => toy },
      { name: 'never', note: 'allows everything', screenerFor: () => never },
    ];
    const first = await runEvaluation({ files, doc: undefined, folds: 2, configurations });
    expect(first.doc.startsWith(DOC_SKELETON.trimEnd())).toBe(true);
    expect(first.doc).toContain(GENERATED_BEGIN);
    expect(first.report.overall.recall).toBe(1);
    expect(first.summary).toMatch(/^\[toy\] recall 1\.000/);
    expect(first.configurations[1]?.report.overall.recall).toBe(0);
    expect(first.doc).toContain('| never | allows everything | 0.000 | — |');
    const second = await runEvaluation({ files, doc: first.doc, folds: 2, configurations });
    expect(second.doc).toBe(first.doc);
  });
});

describe('runHeldOut', () => {
  it('screens every held-out post once, trains nothing, and lists the misses', async () => {
    const screened: string[] = [];
    const { report, summary } = await runHeldOut({
      files,
      screen: (post) => {
        screened.push(post.id);
        return post.id === 'th-r001' ? never() : toy(post);
      },
    });
    expect(screened.sort()).toEqual(['en-l001', 'en-r001', 'th-l001', 'th-r001']);
    expect(report.overall.recall).toBe(0.5);
    expect(summary).toContain('missed risk posts (1): th-r001');
    expect(summary).toContain('legitimate posts not allowed (0): none');
  });
});
