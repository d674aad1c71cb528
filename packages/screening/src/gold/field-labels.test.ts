import { describe, expect, it } from 'vitest';
import { screenPost } from '../screener.js';
import type { Decision, ScreeningOutcome } from './evaluate.js';
import {
  evaluateFieldLabels,
  FIELD_BEGIN,
  FIELD_END,
  type FieldLabel,
  type FieldScreen,
  mergeFieldLabels,
  parseFieldLabels,
  renderFieldReport,
  replaceFieldSection,
  summarizeFieldReport,
} from './field-labels.js';
import { FIELD_LABELS_FIXTURE } from './field-labels.fixture.js';
import { GENERATED_BEGIN, GENERATED_END } from './evaluate.js';

const ID = {
  campaign: '0b1e6f6a-2c1d-4c55-8a0e-0c4e0f3a9b01',
  hotel: '1c2f7a7b-3d2e-4d66-9b1f-1d5f1a4b0c02',
  warning: '2d3a8b8c-4e3f-4e77-8c2a-2e6a2b5c1d03',
  kamboja: '3e4b9c9d-5f4a-4f88-9d3b-3f7b3c6d2e04',
  bpo: '4f5cad0e-6a5b-4a99-8e4c-4a8c4d7e3f05',
  japanese: '5a6dbe1f-7b6c-4baa-9f5d-5b9d5e8f4a06',
};

/** A stand-in engine with fixed answers per post, so the counts below are checked by hand. */
function fakeEngine(answers: Record<string, [Decision, string[]]>): FieldScreen {
  return (post) => {
    const answer = answers[post.id];
    if (!answer) throw new Error(`no answer for ${post.id}`);
    const outcome: ScreeningOutcome = {
      risk: answer[0] === 'allow' ? 0.1 : 0.9,
      decision: answer[0],
      language: 'en',
      indicators: answer[1].map((code) => ({ code })),
    };
    return outcome;
  };
}

/** The current engine of the tests: still flags the hotel ad; no longer flags the warning or BPO ad. */
const now = fakeEngine({
  [ID.campaign]: ['remove', ['destination.hotspot', 'channel.telegram']],
  [ID.hotel]: [
    'review',
    ['destination.high_risk_country', 'package.free_board', 'channel.foreign_phone'],
  ],
  [ID.warning]: ['allow', ['destination.hotspot', 'legit.warning_post']],
  [ID.kamboja]: ['remove', ['destination.high_risk_country', 'channel.foreign_phone']],
  [ID.bpo]: ['allow', ['legit.licence']],
  [ID.japanese]: ['label', ['profile.language_skill']],
});

function label(over: Partial<FieldLabel>): FieldLabel {
  return {
    postId: 'p1',
    label: 'confirmed',
    reason: null,
    labelledAt: '2026-11-20T08:00:00.000Z',
    leafIndex: 1,
    source: 'facebook',
    language: 'en',
    text: 'text',
    risk: 0.9,
    decision: 'review',
    indicators: [],
    file: 'a.jsonl',
    line: 1,
    ...over,
  };
}

describe('parseFieldLabels', () => {
  it('reads every line of an export in the hub’s format', () => {
    const { labels, problems } = parseFieldLabels(FIELD_LABELS_FIXTURE, 'hub.jsonl');
    expect(problems).toEqual([]);
    expect(labels.map((l) => [l.postId, l.label, l.reason, l.language, l.line])).toEqual([
      [ID.campaign, 'confirmed', null, 'en', 1],
      [ID.hotel, 'false-positive', 'legitimate-job', 'en', 2],
      [ID.warning, 'false-positive', 'news-or-awareness', 'en', 3],
      [ID.kamboja, 'confirmed', null, 'id', 4],
      [ID.bpo, 'false-positive', 'legitimate-job', 'en', 5],
      [ID.japanese, 'confirmed', null, 'en', 6],
    ]);
    expect(labels[2]).toMatchObject({
      decision: 'review',
      risk: 0.612,
      leafIndex: 57,
      source: 'telegram',
      indicators: ['destination.hotspot', 'package.free_travel', 'role.customer_service_typist'],
      file: 'hub.jsonl',
    });
  });

  it('skips each malformed line with its file, line and what is wrong, and keeps the rest', () => {
    const good = FIELD_LABELS_FIXTURE.split('\n')[0] as string;
    const record = JSON.parse(good) as Record<string, unknown>;
    const text = [
      good,
      '{"postId": "x", oops',
      '',
      JSON.stringify({ ...record, postId: 'e1', label: 'escalated' }),
      JSON.stringify({ ...record, postId: 'd1', label: 'dismissed' }),
      JSON.stringify({ ...record, postId: 'r1', risk: 1.5, decision: 'block' }),
      JSON.stringify({ ...record, postId: 't1', text: '  ', labelledAt: 'yesterday' }),
      '[1, 2]',
      JSON.stringify({ ...record, postId: 'i1', indicators: 'channel.telegram' }),
      '',
    ].join('\r\n');
    const { labels, problems } = parseFieldLabels(text, 'labels/hub.jsonl');
    expect(labels.map((l) => l.postId)).toEqual([ID.campaign]);
    expect(problems).toHaveLength(7);
    expect(problems[0]).toMatch(
      /^labels\/hub\.jsonl:2: not JSON \(.+\); each line must be one JSON object/,
    );
    expect(problems[1]).toBe(
      'labels/hub.jsonl:4: label "escalated" is not a final label (an escalated post is left out of the export); use confirmed or false-positive',
    );
    expect(problems[2]).toBe(
      'labels/hub.jsonl:5: label "dismissed" is written "false-positive" in the export',
    );
    expect(problems[3]).toBe(
      'labels/hub.jsonl:6: risk must be a number from 0 to 1, got 1.5; decision must be one of allow, label, review, remove, got "block"',
    );
    expect(problems[4]).toMatch(
      /^labels\/hub\.jsonl:7: labelledAt must be an ISO 8601 time .*got "yesterday"; text must be the post's text/,
    );
    expect(problems[5]).toBe(
      'labels/hub.jsonl:8: must be a JSON object (one labelled post), got [1,2]',
    );
    expect(problems[6]).toBe(
      'labels/hub.jsonl:9: indicators must be a list of indicator codes, got "channel.telegram"',
    );
  });

  it('reads an empty export as no labels and no problems', () => {
    expect(parseFieldLabels('', 'empty.jsonl')).toEqual({ labels: [], problems: [] });
  });
});

describe('mergeFieldLabels', () => {
  it('keeps the latest decision of a post labelled in several files, and lists it', () => {
    const first = label({
      postId: 'P1',
      label: 'false-positive',
      reason: 'other',
      file: 'a.jsonl',
      line: 3,
    });
    const second = label({
      postId: 'p1',
      labelledAt: '2026-11-21T08:00:00.000Z',
      file: 'b.jsonl',
      line: 1,
    });
    const other = label({ postId: 'p2', file: 'b.jsonl', line: 2 });
    const { labels, duplicates } = mergeFieldLabels([second, first, other]);
    expect(labels).toEqual([second, other]);
    expect(duplicates).toEqual([{ postId: 'p1', kept: second, replaced: [first] }]);
  });

  it('breaks a tie in time by custody-log leaf, then by reading order', () => {
    const low = label({ leafIndex: 5, label: 'confirmed' });
    const high = label({ leafIndex: 9, label: 'false-positive' });
    expect(mergeFieldLabels([high, low]).labels).toEqual([high]);
    const a = label({ leafIndex: null, file: 'a.jsonl' });
    const b = label({ leafIndex: null, file: 'b.jsonl' });
    expect(mergeFieldLabels([a, b]).labels).toEqual([b]);
  });
});

describe('evaluateFieldLabels', () => {
  it('counts precision of flags then and now, per language, reason and indicator', async () => {
    const { labels } = parseFieldLabels(FIELD_LABELS_FIXTURE, 'hub.jsonl');
    const report = await evaluateFieldLabels(labels, now);
    // Every post was flagged at the time (review or remove): 3 confirmed, 3 dismissed.
    expect(report.overall).toMatchObject({
      confirmed: 3,
      dismissed: 3,
      confirmedFlaggedThen: 3,
      dismissedFlaggedThen: 3,
      precisionThen: 0.5,
      confirmedFlagged: 3,
      dismissedFlagged: 1,
      precisionNow: 0.75,
    });
    expect(
      report.byLanguage.map((g) => [g.group, g.confirmed, g.dismissed, g.precisionNow]),
    ).toEqual([
      ['en', 2, 3, 2 / 3],
      ['id', 1, 0, 1],
    ]);
    expect(report.byReason).toEqual([
      { reason: 'legitimate-job', dismissed: 2, stillFlagged: 1 },
      { reason: 'news-or-awareness', dismissed: 1, stillFlagged: 0 },
    ]);
    // Only indicators of flagged posts count; the hotel ad is the one dismissed post still flagged.
    expect(report.indicators).toEqual([
      { code: 'package.free_board', dismissedFlagged: 1, confirmedFlagged: 0, precision: 0 },
      { code: 'channel.foreign_phone', dismissedFlagged: 1, confirmedFlagged: 1, precision: 0.5 },
      {
        code: 'destination.high_risk_country',
        dismissedFlagged: 1,
        confirmedFlagged: 1,
        precision: 0.5,
      },
      { code: 'channel.telegram', dismissedFlagged: 0, confirmedFlagged: 1, precision: 1 },
      { code: 'destination.hotspot', dismissedFlagged: 0, confirmedFlagged: 1, precision: 1 },
      { code: 'profile.language_skill', dismissedFlagged: 0, confirmedFlagged: 1, precision: 1 },
    ]);
    expect(report.dismissedStillFlagged).toEqual([ID.hotel]);
    expect(report.confirmedNowAllowed).toEqual([]);
    expect(report.decisionsNow).toEqual({
      confirmed: { allow: 0, label: 1, review: 0, remove: 2 },
      'false-positive': { allow: 2, label: 0, review: 1, remove: 0 },
    });
    expect([report.from, report.to]).toEqual([
      '2026-11-20T08:15:02.118Z',
      '2026-11-24T16:45:30.250Z',
    ]);
  });

  it('names confirmed posts the engine no longer flags', async () => {
    const report = await evaluateFieldLabels(
      [label({ postId: 'lost' }), label({ postId: 'kept' })],
      fakeEngine({ lost: ['allow', []], kept: ['review', []] }),
    );
    expect(report.confirmedNowAllowed).toEqual(['lost']);
    expect(report.overall.precisionNow).toBe(1);
  });

  it('orders indicators by dismissed flags, then lowest precision, then use', async () => {
    const report = await evaluateFieldLabels(
      [
        label({ postId: 'd1', label: 'false-positive', reason: 'other' }),
        label({ postId: 'c1' }),
        label({ postId: 'c2' }),
        label({ postId: 'c3' }),
      ],
      fakeEngine({
        d1: ['review', ['a', 'b']],
        c1: ['review', ['b', 'c']],
        c2: ['review', ['c']],
        c3: ['label', ['d']],
      }),
    );
    expect(report.indicators.map((r) => r.code)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('refuses no labels, and names the post the engine fails on', async () => {
    await expect(evaluateFieldLabels([], now)).rejects.toThrow(/no field labels to evaluate/);
    await expect(
      evaluateFieldLabels([label({ postId: 'zz', file: 'x.jsonl', line: 7 })], now),
    ).rejects.toThrow('engine threw on labelled post "zz" (x.jsonl:7): no answer for zz');
  });

  it('runs with the real engine on the fixture', async () => {
    const { labels } = parseFieldLabels(FIELD_LABELS_FIXTURE, 'hub.jsonl');
    const report = await evaluateFieldLabels(labels, (post) => screenPost(post));
    const o = report.overall;
    expect(o.confirmed + o.dismissed).toBe(6);
    expect(o.confirmedFlagged + o.dismissedFlagged).toBe(
      labels.length -
        report.decisionsNow.confirmed.allow -
        report.decisionsNow['false-positive'].allow,
    );
  });
});

describe('renderFieldReport and replaceFieldSection', () => {
  it('renders counts only, never a post’s text or id', async () => {
    const { labels } = parseFieldLabels(FIELD_LABELS_FIXTURE, 'hub.jsonl');
    const report = await evaluateFieldLabels(labels, now);
    const markdown = renderFieldReport(report, {
      files: ['hub.jsonl'],
      duplicates: 1,
      skipped: 2,
      catalogueVersion: '1.0.0',
    });
    expect(markdown).toContain(
      'Field labels: 6 posts (3 confirmed, 3 dismissed as false positives) decided from 2026-11-20 to 2026-11-24',
    );
    expect(markdown).toContain(
      '1 post labelled more than once (the latest decision kept); 2 malformed lines skipped',
    );
    expect(markdown).toContain('| **all** | 3 | 3 | 0.500 | 3/3 (100.0%) | 1/3 (33.3%) | 0.750 |');
    expect(markdown).toContain('| legitimate-job | 2 | 1/2 (50.0%) |');
    expect(markdown).toContain('| `package.free_board` | 1 | 0 | 0.000 |');
    for (const l of labels) {
      expect(markdown).not.toContain(l.postId);
      expect(markdown).not.toContain(l.text.slice(0, 30));
    }
    const summary = summarizeFieldReport(
      report,
      mergeFieldLabels([
        labels[1] as FieldLabel,
        { ...(labels[1] as FieldLabel), file: 'b.jsonl', labelledAt: '2026-11-30T00:00:00Z' },
      ]).duplicates,
    );
    expect(summary).toContain('precision of flags then 0.500 → now 0.750');
    expect(summary).toContain(`dismissed posts still flagged: ${ID.hotel}`);
    expect(summary).toContain(
      `post ${ID.hotel} labelled 2 times: kept false-positive of 2026-11-30T00:00:00Z (b.jsonl:2)`,
    );
  });

  it('adds the section before the benchmark once, then replaces only its own block', () => {
    const doc = `# Eval\n\n## Results\n\n${GENERATED_BEGIN}\ngold\n${GENERATED_END}\n\n## Benchmark\n\nfast\n`;
    const once = replaceFieldSection(doc, 'first');
    expect(once).toBe(
      `# Eval\n\n## Results\n\n${GENERATED_BEGIN}\ngold\n${GENERATED_END}\n\n## Field labels\n\n${FIELD_BEGIN}\nfirst\n${FIELD_END}\n\n## Benchmark\n\nfast\n`,
    );
    const twice = replaceFieldSection(once, 'second');
    expect(twice).toBe(once.replace('first', 'second'));
    expect(() => replaceFieldSection(`${FIELD_END}\n${FIELD_BEGIN}`, 'x')).toThrow(
      /broken field section/,
    );
  });
});
