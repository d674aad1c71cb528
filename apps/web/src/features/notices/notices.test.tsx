import { MantineProvider } from '@mantine/core';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { App } from '../../app.js';
import { SIGNED_IN } from '../auth/signed-in.js';
import { ApiError, apiClient } from '../auth/api.js';
import {
  formatHours,
  type Notice,
  noticesApi,
  noticeTimeline,
  type PostDetail,
  pathErrors,
  slaText,
  type TransparencyReport,
  transparencyCsvUrl,
} from './api.js';
import { decisionBody, EMPTY_DECISION, validateDecision } from './decide-form.js';
import { explanationFromPost, type NoticeFormValues, validateNotice } from './notice-form-page.js';
import { StatementOfReasons } from './notice-page.js';
import { PRINT_CSS } from './print-styles.js';
import { SlaBadge } from './sla-badge.js';
import { defaultPeriod, TransparencyReportView, validatePeriod } from './transparency-page.js';

const NOTICE: Notice = {
  id: '0b7c5a52-8a37-4d7e-9d55-0d2a1c1f0a11',
  status: 'decided',
  notifierOrganisation: { id: 'o1', name: 'Demo Survivor Support NGO' },
  platform: { id: 'p1', name: 'Demo Job Board Trust & Safety' },
  createdBy: { id: 'u1', displayName: 'Demo moderator' },
  tlp: 'AMBER',
  category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
  keywords: ['KEYWORD_HUMAN_TRAFFICKING'],
  urls: ['https://jobs.example/post/1'],
  postId: null,
  explanation: 'Recruits for a scam compound.',
  notifierName: 'Demo moderator',
  notifierEmail: 'flagger@demo.jaga.example',
  goodFaith: true,
  trustedFlagger: true,
  sla: { status: 'met', standardHours: 12, dueAt: null, hoursLeft: null, hoursToAction: 2.5 },
  sentAt: '2026-12-01T08:00:00.000Z',
  acknowledgedAt: null,
  decidedAt: '2026-12-01T10:30:00.000Z',
  outcome: 'removed',
  decision: { contentId: 'job-1', visibility: ['removed'], territorialScope: ['DE', 'FR'] },
  appealedAt: null,
  appeal: null,
  closedAt: null,
  closing: null,
  actions: ['appeal', 'close'],
  createdAt: '2026-12-01T07:00:00.000Z',
  updatedAt: '2026-12-01T10:30:00.000Z',
};

const VALID_FORM: NoticeFormValues = {
  platformOrganisationId: 'p1',
  category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
  keywords: [],
  urls: 'https://jobs.example/post/1\n\n https://jobs.example/post/2 ',
  postId: null,
  explanation: 'Recruits for a scam compound.',
  notifierName: 'Flagger',
  notifierEmail: 'flagger@demo.jaga.example',
  goodFaith: true,
  tlp: 'AMBER',
};

describe('notice API client', () => {
  it('maps the server’s field paths to form fields, the first problem of a field winning', () => {
    const error = new ApiError(400, 'Invalid request', [
      { where: 'body/urls/1', message: 'must be an exact http(s) URL' },
      { where: 'body/urls', message: 'second' },
      { where: 'body/targets/0/to', message: 'must be after from' },
      { where: 'querystring/cursor', message: 'not a cursor' },
    ]);
    expect(pathErrors(error)).toEqual({
      'urls.1': 'must be an exact http(s) URL',
      urls: 'must be an exact http(s) URL',
      'targets.0.to': 'must be after from',
      'targets.0': 'must be after from',
      targets: 'must be after from',
      'querystring.cursor': 'not a cursor',
      querystring: 'not a cursor',
    });
    expect(pathErrors(new Error('network'))).toEqual({});
    expect(pathErrors(new ApiError(409, 'conflict'))).toEqual({});
  });

  it('sends filters and the cursor as the query, and the CSRF token on writes', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetcher = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ items: [], total: 0, nextCursor: null }), {
        status: 200,
      });
    }) as unknown as typeof fetch;
    const api = noticesApi(apiClient(fetcher, () => 'jaga_csrf=t1'));
    await api.list({ sla: 'overdue', status: null, direction: 'received', sort: 'due' }, 'c2', 25);
    expect(calls[0]?.url).toBe(
      '/api/v1/notices?limit=25&sla=overdue&direction=received&sort=due&cursor=c2',
    );
    await api.send('a b');
    expect(calls[1]?.url).toBe('/api/v1/notices/a%20b/send');
    expect(((calls[1]?.init.headers ?? {}) as Record<string, string>)['x-csrf-token']).toBe('t1');
    await api.flaggedPosts();
    expect(calls[2]?.url).toBe('/api/v1/posts?decision=review%2Cremove&limit=25');
  });

  it('links the CSV export of a transparency report', () => {
    expect(transparencyCsvUrl('p1', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toBe(
      '/api/v1/reports/transparency?platform=p1&from=2026-01-01T00%3A00%3A00Z&to=2027-01-01T00%3A00%3A00Z&format=csv',
    );
  });
});

describe('SLA clocks', () => {
  it('says durations as people read them', () => {
    expect(formatHours(0.5)).toBe('30 min');
    expect(formatHours(-5.5)).toBe('5 h 30 min');
    expect(formatHours(26)).toBe('26 h');
    expect(formatHours(50.5)).toBe('2 days 2 h');
    expect(formatHours(72)).toBe('3 days');
  });

  it('says how long overdue an overdue notice is, and how long is left on an open one', () => {
    const sla = { standardHours: 24, dueAt: '2026-12-01T08:00:00Z', hoursToAction: null };
    expect(slaText({ ...sla, status: 'overdue', hoursLeft: -5.5 })).toBe('Overdue by 5 h 30 min');
    expect(slaText({ ...sla, status: 'due-soon', hoursLeft: 3 })).toBe('Due soon: 3 h left');
    expect(slaText({ ...sla, status: 'missed', hoursLeft: null, hoursToAction: 30 })).toBe(
      'Decided late (30 h)',
    );
    expect(slaText({ ...sla, status: 'not-sent', hoursLeft: null })).toBe('Not sent');
  });

  it('shows an overdue notice as a red badge with how long overdue', () => {
    const html = renderToString(
      <MantineProvider>
        <SlaBadge
          sla={{
            status: 'overdue',
            standardHours: 24,
            dueAt: '2026-12-01T08:00:00Z',
            hoursLeft: -49,
            hoursToAction: null,
          }}
        />
      </MantineProvider>,
    );
    expect(html).toContain('data-sla="overdue"');
    expect(html).toContain('Overdue by 2 days 1 h');
    expect(html).toContain('--mantine-color-red-9');
  });
});

describe('notice pages', () => {
  it('builds the timeline from the notice’s steps, in order', () => {
    const steps = noticeTimeline({
      ...NOTICE,
      status: 'closed',
      appealedAt: '2026-12-02T08:00:00.000Z',
      appeal: { reason: 'The post is still up elsewhere.' },
      closedAt: '2026-12-03T08:00:00.000Z',
      closing: { appealOutcome: 'upheld', note: null },
    });
    expect(steps.map((step) => step.label)).toEqual([
      'Drafted',
      'Sent to Demo Job Board Trust & Safety',
      'Decided: Removed',
      'Appealed',
      'Closed: decision upheld',
    ]);
    expect(steps[1]?.detail).toBe('Trusted-flagger priority: decision due within 12 h');
    expect(steps[2]?.detail).toBe('2 h 30 min after sending');
    expect(noticeTimeline({ ...NOTICE, sentAt: null, decidedAt: null })).toHaveLength(1);
  });

  it('checks every Art 16 field of the form before anything is sent', () => {
    expect(validateNotice(VALID_FORM)).toEqual({});
    const errors = validateNotice({
      ...VALID_FORM,
      platformOrganisationId: null,
      urls: 'https://jobs.example/1\nnot a url',
      explanation: '  ',
      notifierName: '',
      notifierEmail: 'nobody',
    });
    expect(Object.keys(errors).sort()).toEqual([
      'explanation',
      'notifierEmail',
      'notifierName',
      'platformOrganisationId',
      'urls',
    ]);
    expect(errors.urls).toContain('Line 2');
    expect(validateNotice({ ...VALID_FORM, urls: '\n' }).urls).toContain('at least one');
  });

  it('drafts the explanation from the flagged post’s indicators and their words', () => {
    const post = {
      id: 'x',
      source: 'job-board',
      url: 'https://jobs.example/1',
      excerpt: 'Typing job in Sihanoukville, free flight',
      language: 'en',
      country: 'KH',
      risk: 0.93,
      decision: 'remove',
      status: 'new',
      firstSeenAt: '2026-12-01T00:00:00Z',
      organisation: { id: 'o', name: 'O' },
      text: 'Typing job in Sihanoukville, free flight',
      screening: {
        risk: 0.93,
        decision: 'remove',
        indicators: [
          {
            code: 'free-travel',
            label: 'Free flight or visa',
            weight: 1,
            evidence: [{ start: 30, end: 41, text: 'free flight' }],
          },
        ],
      },
    } satisfies PostDetail;
    const text = explanationFromPost(post);
    expect(text).toContain('for remove (risk 0.93)');
    expect(text).toContain('- Free flight or visa: “free flight”');
    expect(text).toContain('Excerpt: Typing job in Sihanoukville');
  });

  it('asks a restriction for its ground and reference, and countries as ISO codes', () => {
    const errors = validateDecision({ ...EMPTY_DECISION, visibility: ['removed'] });
    expect(Object.keys(errors).sort()).toEqual([
      'contentId',
      'facts',
      'ground',
      'groundReference',
      'territorialScope',
    ]);
    expect(
      validateDecision({
        ...EMPTY_DECISION,
        contentId: 'job-1',
        facts: 'Scam recruitment',
        territorialScope: ['DEU'],
      }).territorialScope,
    ).toContain('DEU');
    const body = decisionBody({
      ...EMPTY_DECISION,
      contentId: ' job-1 ',
      facts: 'Scam recruitment',
      territorialScope: ['DE'],
      groundReference: '  ',
    });
    expect(body).toMatchObject({ contentId: 'job-1', groundReference: null, endDate: null });
  });

  it('shows the statement of reasons field by field', () => {
    const html = renderToString(
      <MantineProvider>
        <StatementOfReasons decision={NOTICE.decision ?? {}} />
      </MantineProvider>,
    );
    expect(html).toContain('Content id (puid)');
    expect(html).toContain('job-1');
    expect(html).toContain('DE, FR');
    expect(html).toContain('Removed');
  });

  it('renders the list, form, notice and report pages inside the shell', () => {
    const list = renderToString(<App session={SIGNED_IN} initialPath="/notices/list" />);
    expect(list).toContain('Notices to platforms');
    expect(list).toContain('Loading notices');
    const form = renderToString(<App session={SIGNED_IN} initialPath="/notices/new" />);
    expect(form).toContain('Exact URLs of the content');
    expect(form).toContain('good faith');
    expect(renderToString(<App session={SIGNED_IN} initialPath="/notices/flagged" />)).toContain(
      'Flagged posts',
    );
    expect(
      renderToString(
        <App session={SIGNED_IN} initialPath="/notices/0b7c5a52-8a37-4d7e-9d55-0d2a1c1f0a11" />,
      ),
    ).toContain('Loading the notice');
    const report = renderToString(
      <App session={SIGNED_IN} initialPath="/notices/reports/transparency" />,
    );
    expect(report).toContain('Transparency report');
    expect(report).toContain('@media print');
    expect(
      renderToString(<App session={SIGNED_IN} initialPath="/notices/reports/trusted-flagger" />),
    ).toContain('Trusted-flagger annual report');
  });
});

describe('transparency report', () => {
  it('checks the period before asking', () => {
    expect(validatePeriod('2026-01-01', '2027-01-01')).toEqual({});
    expect(validatePeriod('2026-02-01', '2026-01-01')).toEqual({
      to: 'The end must be after the start.',
    });
    expect(validatePeriod('01/02/2026', '2026-13-45')).toEqual({
      from: 'A date such as 2026-01-01.',
      to: 'A date such as 2026-12-31.',
    });
    expect(defaultPeriod(new Date('2026-12-03T10:00:00Z'))).toEqual({
      from: '2026-01-01',
      to: '2026-12-04',
    });
  });

  it('shows counts by outcome, quantiles and the overdue share; prints without the shell', () => {
    const report: TransparencyReport = {
      platform: { id: 'p1', name: 'Demo Job Board' },
      from: '2026-01-01T00:00:00.000Z',
      to: '2027-01-01T00:00:00.000Z',
      generatedAt: '2026-12-03T10:00:00.000Z',
      notices: 4,
      fromTrustedFlaggers: 3,
      decided: 3,
      pending: 1,
      byOutcome: { removed: 2, 'no-action': 1, pending: 1, labelled: 0 },
      byCategory: { STATEMENT_CATEGORY_SCAMS_AND_FRAUD: 4 },
      hoursToAction: { median: 2.5, p90: 30, method: 'linear interpolation' },
      overdue: 1,
      overdueShare: 0.25,
      automatedDecisions: 0,
      appealed: 0,
      reversed: 0,
    };
    const html = renderToString(
      <MantineProvider>
        <TransparencyReportView report={report} />
      </MantineProvider>,
    );
    expect(html).toContain('2 h 30 min');
    expect(html).toContain('30 h');
    expect(html).toContain('1 (25.0%)');
    expect(html).toContain('Scams and fraud');
    expect(html).toContain('data-key="removed"');
    expect(html).not.toContain('data-key="labelled"');
    expect(PRINT_CSS).toContain('.mantine-AppShell-navbar');
  });
});
