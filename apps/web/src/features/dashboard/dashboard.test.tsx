import { MantineProvider } from '@mantine/core';
import { renderToString } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { App } from '../../app.js';
import { SIGNED_IN } from '../auth/signed-in.js';
import { apiClient } from '../auth/api.js';
import { dashboardApi, pivotSeries } from './api.js';
import { DashboardPage, deadlineBars, slaBars } from './dashboard-page.js';

describe('dashboard', () => {
  it('pivots flagged posts into one row per period, a column per language, the rest as other', () => {
    const rows = [
      { period: '2026-11-23', key: 'en', count: 5 },
      { period: '2026-11-30', key: 'vi', count: 2 },
      { period: '2026-11-23', key: 'th', count: 1 },
      { period: '2026-11-30', key: 'en', count: 1 },
      { period: '2026-11-30', key: 'zh', count: 1 },
    ];
    expect(pivotSeries(rows, 2)).toEqual({
      keys: ['en', 'vi', 'other'],
      rows: [
        { period: '2026-11-23', en: 5, vi: 0, other: 1 },
        { period: '2026-11-30', en: 1, vi: 2, other: 1 },
      ],
    });
    expect(pivotSeries([], 3)).toEqual({ keys: [], rows: [] });
  });

  it('counts notices by SLA status and open requests by deadline, overdue in red', () => {
    const sla = slaBars({ 'on-time': 1, 'due-soon': 2, overdue: 3, met: 4, missed: 5 });
    expect(sla.map((bar) => [bar.label, bar.value])).toEqual([
      ['On time', 1],
      ['Due soon', 2],
      ['Overdue', 3],
      ['Decided in time', 4],
      ['Decided late', 5],
    ]);
    expect(sla[2]?.colour).toBe('#c92a2a');
    const requests = deadlineBars({
      open: 6,
      overdue: 1,
      within24h: 2,
      within7d: 0,
      later: 3,
      noDeadline: 0,
    });
    expect(requests[0]).toMatchObject({ label: 'Overdue', value: 1, colour: '#c92a2a' });
  });

  it('asks for the chosen period width', async () => {
    const urls: string[] = [];
    const fetcher = (async (url: string) => {
      urls.push(url);
      return new Response('{}', { status: 200 });
    }) as unknown as typeof fetch;
    await dashboardApi(apiClient(fetcher, () => '')).get('month');
    expect(urls).toEqual(['/api/v1/dashboard?bucket=month']);
  });

  it('shows each chart loading first, at /dashboard and on the page itself', () => {
    const html = renderToString(
      <MantineProvider>
        <MemoryRouter>
          <DashboardPage />
        </MemoryRouter>
      </MantineProvider>,
    );
    for (const title of [
      'Flagged posts over time',
      'Notices by response time',
      'Open evidence requests by deadline',
      'Compounds by status',
    ]) {
      expect(html).toContain(`Loading: ${title}`);
    }
    expect(renderToString(<App session={SIGNED_IN} initialPath="/dashboard" />)).toContain(
      'Dashboard',
    );
  });
});
