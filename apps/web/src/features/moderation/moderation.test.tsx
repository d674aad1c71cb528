import { MantineProvider } from '@mantine/core';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { App } from '../../app.js';
import { SIGNED_IN } from '../auth/signed-in.js';
import { apiClient } from '../auth/api.js';
import { type Indicator, moderationApi, type PostDetail } from './api.js';
import { highlightSegments, SHORTCUTS, shortcutOf } from './highlight.js';
import { CampaignPanel, noticeExplanation, PostEvidence } from './post-review.js';
import { ShortcutList } from './queue-page.js';

const TEXT = 'Hiring now! Free flight and visa, salary $1,500. Contact Telegram @hr_kh';

const indicator = (code: string, label: string, spans: [number, number][], field?: string) =>
  ({
    code,
    label,
    weight: 1,
    evidence: spans.map(([start, end]) => ({
      start,
      end,
      text: TEXT.slice(start, end),
      ...(field ? { field } : {}),
    })),
  }) as Indicator;

const free = TEXT.indexOf('Free flight');
const visa = TEXT.indexOf('visa');

describe('evidence highlighting', () => {
  it('cuts the text at every span so overlapping indicators both show', () => {
    const segments = highlightSegments(TEXT, [
      indicator('free-travel', 'Free travel offered', [[free, visa + 4]]),
      indicator('visa', 'Visa arranged', [[visa, visa + 4]]),
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(TEXT);
    const marked = segments.filter((s) => s.indicators.length > 0);
    expect(marked.map((s) => [s.text, s.indicators.map((i) => i.code)])).toEqual([
      ['Free flight and ', ['free-travel']],
      ['visa', ['free-travel', 'visa']],
    ]);
  });

  it('leaves out spans of other fields and clamps spans beyond the text', () => {
    const segments = highlightSegments(TEXT, [
      indicator('hotspot', 'Hotspot location', [[0, 6]], 'location'),
      indicator('handle', 'Messaging handle', [[TEXT.length - 6, TEXT.length + 40]]),
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(TEXT);
    expect(segments.filter((s) => s.indicators.length > 0).map((s) => s.text)).toEqual(['@hr_kh']);
  });

  it('renders evidence in <mark> titled with its indicator, and says it to screen readers', () => {
    const post = {
      text: TEXT,
      screening: {
        risk: 0.9,
        decision: 'remove',
        language: 'en',
        indicators: [indicator('free-travel', 'Free travel offered', [[free, free + 11]])],
        warning: null,
      },
    } as unknown as PostDetail;
    const html = renderToString(
      <MantineProvider>
        <PostEvidence post={post} />
      </MantineProvider>,
    ).replaceAll('<!-- -->', '');
    expect(html).toMatch(
      /<mark title="Free travel offered" data-indicators="free-travel"[^>]*>Free flight/,
    );
    expect(html).toContain('(flag: Free travel offered)');
    expect(html).toContain('Hiring now! ');
  });
});

describe('queue shortcuts', () => {
  const body = { tagName: 'BODY', closest: () => null } as unknown as EventTarget;
  it('maps j, k, c, d and e to the queue actions, and lists each on the page', () => {
    expect(['j', 'k', 'c', 'd', 'e'].map((key) => shortcutOf({ key, target: body }))).toEqual([
      'next',
      'previous',
      'confirm',
      'dismiss',
      'escalate',
    ]);
    const html = renderToString(
      <MantineProvider>
        <ShortcutList />
      </MantineProvider>,
    );
    for (const s of SHORTCUTS) expect(html).toContain(s.action);
  });

  it('ignores keys typed into fields, held with modifiers, or pressed inside a dialog', () => {
    expect(shortcutOf({ key: 'd', target: { tagName: 'TEXTAREA' } as never })).toBeUndefined();
    expect(shortcutOf({ key: 'c', target: { tagName: 'INPUT' } as never })).toBeUndefined();
    expect(shortcutOf({ key: 'c', target: body as never, ctrlKey: true })).toBeUndefined();
    expect(
      shortcutOf({ key: 'e', target: { tagName: 'BUTTON', closest: () => ({}) } as never }),
    ).toBeUndefined();
    expect(shortcutOf({ key: 'x', target: body as never })).toBeUndefined();
  });
});

describe('moderation api', () => {
  it('asks for the organisation’s posts to review, and sends decisions with the CSRF token', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetcher = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ items: [], total: 0, nextCursor: null }), {
        status: 200,
      });
    }) as unknown as typeof fetch;
    const api = moderationApi(apiClient(fetcher, () => 'jaga_csrf=tok'));
    await api.queue('new');
    expect(calls[0]?.url).toBe('/api/v1/moderation/queue?status=new&scope=mine&limit=50');
    await api.bulk('dismiss', ['a', 'b'], { reason: 'legitimate-job' });
    expect(calls[1]?.url).toBe('/api/v1/moderation/bulk');
    expect(JSON.parse(String(calls[1]?.init.body))).toEqual({
      action: 'dismiss',
      postIds: ['a', 'b'],
      reason: 'legitimate-job',
    });
    expect((calls[1]?.init.headers as Record<string, string>)['x-csrf-token']).toBe('tok');
    await api.escalate('p 1', 'org', 'same handle as case 12');
    expect(calls[2]?.url).toBe('/api/v1/moderation/posts/p%201/escalate');
  });

  it('drafts a notice as a scam-and-fraud, human-trafficking report naming the indicators', () => {
    const text = noticeExplanation({
      risk: 0.93,
      source: 'facebook',
      screening: {
        indicators: [indicator('free-travel', 'Free travel offered', [[free, free + 11]])],
      } as PostDetail['screening'],
    });
    expect(text).toContain('risk 0.93');
    expect(text).toContain('Free travel offered');
  });
});

describe('moderation pages', () => {
  it('ticks only campaign posts one may decide on, and says why others are not', () => {
    const post = (id: string, decidable: boolean) => ({
      id,
      similarity: 0.9,
      source: 'facebook',
      risk: 0.8,
      decision: 'review',
      status: 'new',
      excerpt: `Post ${id}`,
      firstSeenAt: '2026-12-01T00:00:00Z',
      organisation: { id: 'o', name: decidable ? 'Us' : 'Partner police' },
      decidable,
    });
    const html = renderToString(
      <MantineProvider>
        <CampaignPanel
          posts={[post('a', true), post('b', false)]}
          selected={new Set(['a'])}
          onToggle={() => {}}
        />
      </MantineProvider>,
    ).replaceAll('<!-- -->', '');
    expect(html).toContain('Partner police · not yours to decide');
    expect(html.match(/checked=""/g)?.length).toBe(1);
    expect(html.match(/disabled=""/g)?.length).toBeGreaterThanOrEqual(1);
    const single = renderToString(
      <MantineProvider>
        <CampaignPanel posts={[post('a', true)]} selected={new Set()} onToggle={() => {}} />
      </MantineProvider>,
    );
    expect(single).toContain('not part of a known campaign');
  });

  it('renders the queue route and lists it on the Screening section', () => {
    expect(renderToString(<App session={SIGNED_IN} initialPath="/screening/queue" />)).toContain(
      'Moderation queue',
    );
    const section = renderToString(<App session={SIGNED_IN} initialPath="/screening" />);
    expect(section).toContain('href="/screening/queue"');
  });
});
