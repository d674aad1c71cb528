import { MantineProvider } from '@mantine/core';
import { renderToString } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { App } from '../../app.js';
import { SIGNED_IN } from '../auth/signed-in.js';
import { ApiError, apiClient } from '../auth/api.js';
import {
  describeInterval,
  type EncodedList,
  type Estimate,
  estimatesApi,
  fieldErrors,
  parseClkFile,
  publishedCount,
} from './api.js';
import { estimateBars } from './estimate-chart.js';
import { EstimateView } from './estimate-result-page.js';
import { validateRun } from './estimate-run-page.js';

const CLK = Buffer.from(Uint8Array.from({ length: 128 }, (_, i) => (i * 37) & 255)).toString(
  'base64',
);

const REPORT: Estimate = {
  id: '0b7c5a52-8a37-4d7e-9d55-0d2a1c1f0a11',
  lists: [
    { id: 'a', code: 'A', name: 'Police', records: null },
    { id: 'b', code: 'B', name: 'NGO', records: null },
    { id: 'c', code: 'C', name: 'Consulate', records: null },
  ],
  observed: 148,
  method: 'stepwise',
  terms: ['A:B'],
  model: 'A + B + C + A:B',
  estimate: 201.4,
  interval: { level: 0.95, low: 171.2, high: 262.9, kind: 'profile' },
  warnings: ['Capture-history cells with fewer than 5 people are shown as "<5", never exactly.'],
  histories: [
    { history: [0, 0, 1], lists: ['C'], count: 40 },
    { history: [0, 1, 0], lists: ['B'], count: 35 },
    { history: [0, 1, 1], lists: ['B', 'C'], count: 9 },
    { history: [1, 0, 0], lists: ['A'], count: 45 },
    { history: [1, 0, 1], lists: ['A', 'C'], count: 11 },
    { history: [1, 1, 0], lists: ['A', 'B'], count: '<5' },
    { history: [1, 1, 1], lists: ['A', 'B', 'C'], count: 'suppressed' },
  ],
  minimumCellSize: 5,
  linkage: { threshold: 0.86, comparisons: 9000 },
  bootstrap: null,
  tlp: 'AMBER',
  organisation: { id: 'o', name: 'Org A' },
  createdBy: { id: 'u', displayName: 'Analyst A' },
  createdAt: '2026-12-03T08:00:00.000Z',
  savedReport: null,
};

const list = (id: string, bits = 1024): EncodedList => ({
  id,
  name: id,
  records: 10,
  bits,
  sha256: '0'.repeat(64),
  tlp: 'AMBER',
  organisation: { id: 'o', name: 'Org A' },
  createdBy: { id: 'u', displayName: 'A' },
  createdAt: '2026-12-03T08:00:00.000Z',
});

describe('encoded list files', () => {
  it('takes the CLKs of a jaga link encode file and nothing else', () => {
    const parsed = parseClkFile(JSON.stringify({ clks: [CLK, CLK] }));
    expect(parsed).toEqual({ ok: true, clks: [CLK, CLK], bits: 1024 });
  });

  it('refuses a CSV of records, other JSON and entries that are not CLKs, before sending', () => {
    const csv = parseClkFile('given_name,family_name,dob\nSOMCHAI,PRASERT,1990-01-01\n');
    expect(csv.ok).toBe(false);
    expect(!csv.ok && csv.error).toContain('Never upload the records themselves');
    expect(parseClkFile('{"names": ["x"]}')).toMatchObject({ ok: false });
    const named = parseClkFile(JSON.stringify({ clks: [CLK, 'Somchai Prasert'] }));
    expect(!named.ok && named.error).toContain('Entry 2 is not a CLK');
    const mixed = parseClkFile(JSON.stringify({ clks: [CLK, CLK.slice(0, 88)] }));
    expect(!mixed.ok && mixed.error).toContain('different length');
    expect(parseClkFile('{"clks": []}')).toMatchObject({
      ok: false,
      error: 'The file holds no CLKs.',
    });
  });
});

describe('estimate form and figures', () => {
  it('says what is wrong with each field before anything is sent', () => {
    const good = { lists: ['a', 'b'], method: 'stepwise', bootstrap: 0, seed: 1, threshold: 0.86 };
    expect(validateRun({ ...good, method: 'stepwise' }, [list('a'), list('b')])).toEqual({});
    const errors = validateRun(
      { lists: ['a'], method: 'bic', bootstrap: 5000, seed: -1, threshold: 0 },
      [list('a')],
    );
    expect(Object.keys(errors).sort()).toEqual(['bootstrap', 'lists', 'seed', 'threshold']);
    expect(errors.lists).toContain('at least 2 lists');
    expect(errors.bootstrap).toContain('1000');
    const mixed = validateRun({ ...good, method: 'main' }, [list('a', 1024), list('b', 512)]);
    expect(mixed.lists).toContain('same schema');
    expect(
      validateRun({ ...good, method: 'main', bootstrap: '' }, [list('a'), list('b')]),
    ).toHaveProperty('bootstrap');
  });

  it('puts the server’s complaints next to the fields they name', () => {
    expect(
      fieldErrors(
        new ApiError(400, 'Invalid request: body/bootstrap: must be at most 1000', [
          { where: 'body/bootstrap', message: 'must be at most 1000' },
        ]),
      ),
    ).toEqual({ bootstrap: 'must be at most 1000' });
    expect(
      fieldErrors(new ApiError(400, 'body/lists: these lists cannot be estimated from: x', [])),
    ).toEqual({ lists: 'these lists cannot be estimated from: x' });
    expect(fieldErrors(new ApiError(404, 'No estimate with id 1.'))).toEqual({});
    expect(fieldErrors(new Error('other'))).toEqual({});
  });

  it('shows small cells as "< N", never exactly, and intervals in words', () => {
    expect(publishedCount('<5')).toBe('< 5');
    expect(publishedCount('suppressed')).toBe('suppressed');
    expect(publishedCount(1234)).toBe('1,234');
    expect(describeInterval(REPORT.interval)).toBe('95% profile-likelihood interval 171 – 263');
    expect(describeInterval({ level: 0.8, low: 10, high: null, kind: 'bca' })).toBe(
      '80% BCa bootstrap interval 10 – no finite upper limit',
    );
  });

  it('charts observed, estimated unseen and the total with its interval', () => {
    const bars = estimateBars(REPORT);
    expect(bars.map((bar) => [bar.name, Math.round(bar.value)])).toEqual([
      ['Seen on a list', 148],
      ['Estimated unseen', 53],
      ['Estimated total', 201],
    ]);
    expect(bars[2]?.interval?.[0]).toBeCloseTo(30.2, 6);
    expect(bars[2]?.interval?.[1]).toBeCloseTo(61.5, 6);
    const open = estimateBars({ ...REPORT, interval: { ...REPORT.interval, high: null } });
    expect(open[2]?.interval?.[1]).toBe(0);
  });
});

describe('estimate pages', () => {
  it('renders a report: estimate, interval, model terms, warnings, histories and chart', () => {
    const html = renderToString(
      <MantineProvider>
        <MemoryRouter>
          <EstimateView report={REPORT} />
        </MemoryRouter>
      </MantineProvider>,
    );
    expect(html).toContain('201');
    expect(html).toContain('171 – 263');
    expect(html).toContain('95% interval (profile likelihood)');
    expect(html).toContain('A + B + C + A:B');
    expect(html).toContain('A:B');
    expect(html).toContain('never exactly');
    expect(html).toContain('&lt; 5');
    expect(html).toContain('suppressed');
    expect(html).not.toMatch(/>\s*<5\s*</);
    expect(html).toContain('data-testid="estimate-chart"');
    expect(html).toContain('148 people seen on at least one list');
  });

  it('sends runs as JSON with the CSRF token, and report saves to the estimate', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetcher = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify(REPORT), { status: 201 });
    }) as unknown as typeof fetch;
    const api = estimatesApi(apiClient(fetcher, () => 'jaga_csrf=tok'));
    await api.run({
      lists: ['a', 'b'],
      method: 'bic',
      bootstrap: 200,
      seed: 7,
      threshold: 0.86,
      groups: [],
    });
    await api.saveReport('x y');
    const [run, save] = calls;
    expect(run?.url).toBe('/api/v1/estimates');
    expect(JSON.parse(String(run?.init.body))).toMatchObject({ method: 'bic', bootstrap: 200 });
    expect((run?.init.headers as Record<string, string>)['x-csrf-token']).toBe('tok');
    expect(save?.url).toBe('/api/v1/estimates/x%20y/report');
    expect(save?.init.method).toBe('POST');
  });

  it('asks to sign in when the server refuses without a message', async () => {
    const fetcher = (async () => new Response(null, { status: 401 })) as unknown as typeof fetch;
    await expect(estimatesApi(apiClient(fetcher, () => '')).lists()).rejects.toThrow(
      'Sign in to see estimates.',
    );
  });

  it('renders the list, upload, run and result routes inside the shell', () => {
    const overview = renderToString(<App session={SIGNED_IN} initialPath="/estimates/runs" />);
    expect(overview).toContain('Lists and estimates');
    expect(overview).toContain('Loading encoded lists');
    const upload = renderToString(<App session={SIGNED_IN} initialPath="/estimates/lists/new" />);
    expect(upload).toContain('Names never leave your agency');
    expect(upload).toContain('jaga link encode --normalise --schema victim-lists.json');
    const run = renderToString(<App session={SIGNED_IN} initialPath="/estimates/runs/new" />);
    expect(run).toContain('Bootstrap replicates');
    expect(run).toContain('Model selection');
    const result = renderToString(
      <App session={SIGNED_IN} initialPath={`/estimates/runs/${REPORT.id}`} />,
    );
    expect(result).toContain('Loading the estimate');
    const section = renderToString(<App session={SIGNED_IN} initialPath="/estimates" />);
    expect(section).toContain('href="/estimates/runs"');
  });
});
