import { MantineProvider } from '@mantine/core';
import { renderToString } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { App } from '../../app.js';
import { SIGNED_IN } from '../auth/signed-in.js';
import { ApiError, apiClient } from '../auth/api.js';
import { fieldErrors } from '../estimates/api.js';
import {
  type RunTrace,
  splitSeeds,
  type Trace,
  type TraceHop,
  traceBody,
  tracesApi,
} from './api.js';
import { traceFlows } from './flows.js';
import { HOP_PAGE, HopTable, TraceSummaryView } from './trace-page.js';
import { validateTrace } from './trace-run-page.js';

const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;

/** A run the hub refuses in the API tests: one transfers file, a seed that is no address. */
const HAIRCUT_RUN: RunTrace = {
  transfers: [new File(['chain,asset'], 'transfers.csv')],
  labels: [],
  from: ['x'],
  model: 'haircut',
  maxHops: 5,
  stopAt: [],
  tlp: 'AMBER',
  groups: [],
  recipients: [],
};

function hop(
  step: number,
  level: number,
  from: number,
  to: number,
  taint: string,
  recipient: TraceHop['recipient'] = 'traced',
): TraceHop {
  return {
    step,
    hop: level,
    txHash: `0x${step.toString(16).padStart(64, '0')}`,
    block: 100 + step,
    time: '2020-09-13T12:26:40Z',
    from: addr(from),
    to: addr(to),
    amount: taint,
    taint,
    senderBalance: '10',
    senderTaint: '3',
    unobservedInflow: '0',
    arithmetic: `haircut: ${taint}`,
    recipient,
    source: `transfers.csv:${step + 1}`,
  };
}

// Seed 1 pays 3 to mule 2, which pays 0.6, 1.5 and 0.9 to exchanges 10, 11 and 12.
const ENDPOINTS = [
  { address: addr(10), label: 'ExA', category: 'exchange', attribution: 'label' as const },
  { address: addr(11), label: 'ExB', category: 'exchange', attribution: 'label' as const },
  { address: addr(12), label: 'ExC', category: 'exchange', attribution: 'label' as const },
].map((e, i) => ({ ...e, amount: ['0.6', '1.5', '0.9'][i] as string, hops: 2, transfers: 1 }));
const HOPS = [
  hop(1, 1, 1, 2, '3'),
  hop(2, 2, 2, 10, '0.6', 'endpoint'),
  hop(3, 2, 2, 11, '1.5', 'endpoint'),
  hop(4, 2, 2, 12, '0.9', 'endpoint'),
];

const TRACE: Trace = {
  id: '0b7c5a52-8a37-4d7e-9d55-0d2a1c1f0a11',
  tlp: 'AMBER',
  model: 'haircut',
  createdAt: '2026-12-03T08:00:00.000Z',
  summary: {
    rule: 'haircut',
    chain: 'eth',
    asset: 'ETH',
    maxHops: 5,
    since: null,
    stopCategories: ['exchange'],
    seeds: 1,
    seedsNotFound: [],
    endpoints: ENDPOINTS,
    totals: { seeded: '3', reachedEndpoints: '3', held: '0', unresolved: '0', conserved: true },
    hubs: 0,
    hops: 4,
  },
  input: {
    files: [{ kind: 'transfers', filename: 'transfers.csv', sha256: 'a'.repeat(64), bytes: 900 }],
    transfers: 5,
    labelledAddresses: 3,
    rejectedTotal: 1,
    rejected: [{ file: 'transfers.csv', line: 7, reason: 'negative amount' }],
    notes: [],
  },
  artefacts: [
    {
      id: '1b7c5a52-8a37-4d7e-9d55-0d2a1c1f0a11',
      kind: 'report',
      filename: 'r.json',
      sha256: 'b'.repeat(64),
    },
    {
      id: '2b7c5a52-8a37-4d7e-9d55-0d2a1c1f0a11',
      kind: 'hops',
      filename: 'h.csv',
      sha256: 'c'.repeat(64),
    },
  ],
};

describe('trace flows for the Sankey', () => {
  it('runs from seeds through each hop to endpoints named by their label', () => {
    const { nodes, links, merged } = traceFlows({ hops: HOPS, endpoints: ENDPOINTS });
    expect(nodes.map((n) => [n.name, n.kind])).toEqual([
      ['0x0000…0001', 'seed'],
      ['0x0000…0002', 'traced'],
      ['ExA (exchange)', 'endpoint'],
      ['ExB (exchange)', 'endpoint'],
      ['ExC (exchange)', 'endpoint'],
    ]);
    expect(links).toEqual([
      { source: 0, target: 1, value: 3 },
      { source: 1, target: 2, value: 0.6 },
      { source: 1, target: 3, value: 1.5 },
      { source: 1, target: 4, value: 0.9 },
    ]);
    expect(merged).toBe(0);
  });

  it('never draws a cycle when money goes round, and drops clean transfers', () => {
    // 1 → 2 → 3 → 2 again (a later hop), then 2 → exchange; and a clean 0-taint transfer.
    const hops = [
      hop(1, 1, 1, 2, '4'),
      hop(2, 2, 2, 3, '4'),
      hop(3, 3, 3, 2, '4'),
      hop(4, 4, 2, 10, '4', 'endpoint'),
      hop(5, 2, 2, 9, '0', 'clean'),
      hop(6, 2, 2, 1, '1', 'seed'),
    ];
    const { nodes, links } = traceFlows({ hops, endpoints: ENDPOINTS });
    const names = nodes.map((n) => `${n.name}@${n.hop}`);
    expect(names).toContain('0x0000…0002@1');
    expect(names).toContain('0x0000…0002@3');
    expect(names).toContain('Back to seeds@2');
    expect(names).not.toContain('0x0000…0009@2');
    // Every link goes to a later column or a sink: a topological order exists.
    for (const link of links) {
      const source = nodes[link.source];
      const target = nodes[link.target];
      expect(target?.hop).toBeGreaterThan(source?.hop ?? Infinity);
    }
  });

  it('merges the smaller addresses of a hop into one node, keeping every amount', () => {
    const hops = [
      hop(1, 1, 1, 2, '100'),
      ...Array.from({ length: 12 }, (_, i) => hop(2 + i, 2, 2, 100 + i, String(i + 1))),
    ];
    const flows = traceFlows({ hops, endpoints: [] }, { perHop: 4 });
    expect(flows.merged).toBe(8);
    const other = flows.nodes.findIndex((n) => n.kind === 'other');
    expect(flows.nodes[other]?.name).toBe('8 other addresses');
    const into = flows.links.filter((l) => l.target === other).reduce((a, l) => a + l.value, 0);
    expect(into).toBe(1 + 2 + 3 + 4 + 5 + 6 + 7 + 8);
    const total = flows.links.filter((l) => l.source === 1).reduce((a, l) => a + l.value, 0);
    expect(total).toBe(78);
  });
});

describe('trace form', () => {
  it('splits seeds typed one per line or comma-separated', () => {
    expect(splitSeeds(`${addr(1)}, ${addr(2)}\n\n${addr(1)} `)).toEqual([addr(1), addr(2)]);
  });

  it('says what is wrong with each field before sending', () => {
    const errors = validateTrace({
      transfers: [],
      seeds: ' ',
      maxHops: 50,
      since: 'last tuesday',
      tlp: 'RED',
      recipients: [],
    });
    expect(Object.keys(errors).sort()).toEqual([
      'from',
      'maxHops',
      'recipients',
      'since',
      'transfers',
    ]);
    const file = new File(['x'], 'transfers.csv');
    expect(
      validateTrace({
        transfers: [file],
        seeds: addr(1),
        maxHops: 5,
        since: '1600000000',
        tlp: 'AMBER',
        recipients: [],
      }),
    ).toEqual({});
  });

  it('sends fields before files, repeats list fields, and maps server errors to fields', async () => {
    const transfers = new File(['chain,asset'], 'transfers.csv');
    const labels = new File(['chain,address'], 'labels.csv');
    const body = traceBody({
      transfers: [transfers],
      labels: [labels],
      from: [addr(1), addr(2)],
      model: 'fifo',
      maxHops: 3,
      since: ' ',
      stopAt: ['exchange'],
      tlp: 'GREEN',
      groups: [],
      recipients: [],
    });
    expect([...body.keys()]).toEqual([
      'tlp',
      'model',
      'maxHops',
      'from',
      'from',
      'stopAt',
      'transfers',
      'labels',
    ]);
    const calls: { url: string; init: RequestInit }[] = [];
    const fetcher = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(
        JSON.stringify({
          error: { code: 'bad_request', message: 'from: no valid seed address for eth: x' },
        }),
        { status: 400 },
      );
    }) as unknown as typeof fetch;
    const error = await tracesApi(apiClient(fetcher, () => 'jaga_csrf=t'))
      .run(HAIRCUT_RUN)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(fieldErrors(error)).toEqual({ from: 'no valid seed address for eth: x' });
    const headers = calls[0]?.init.headers as Record<string, string>;
    expect(headers['x-csrf-token']).toBe('t');
    expect(headers['content-type']).toBeUndefined();
    expect([...(calls[0]?.init.body as FormData).keys()]).toEqual([
      'tlp',
      'model',
      'maxHops',
      'from',
      'transfers',
    ]);
    expect(fieldErrors(new ApiError(400, 'transfers transfers.csv: line 2: bad amount'))).toEqual({
      transfers: 'line 2: bad amount',
    });
  });

  it('says a file is too large when the hub refuses the run without a message', async () => {
    const fetcher = (async () =>
      new Response('<html>413</html>', { status: 413 })) as unknown as typeof fetch;
    const run = tracesApi(apiClient(fetcher, () => '')).run(HAIRCUT_RUN);
    await expect(run).rejects.toThrow('A file is larger than this hub accepts per trace file.');
  });
});

describe('money pages', () => {
  it('shows totals, endpoints, rejected rows and links to the report artefacts', () => {
    const html = renderToString(
      <MantineProvider>
        <MemoryRouter>
          <TraceSummaryView trace={TRACE} />
        </MemoryRouter>
      </MantineProvider>,
    ).replaceAll('<!-- -->', '');
    expect(html).toContain('Reached endpoints');
    expect(html).toContain('The totals add up');
    expect(html).toContain('ExB');
    expect(html).toContain('1.5');
    expect(html).toContain('line 7: negative amount');
    expect(html).toContain(`/evidence/artefacts/${TRACE.artefacts[0]?.id}`);
    expect(html).toContain(`/api/v1/artefacts/${TRACE.artefacts[1]?.id}/content`);
  });

  it('lists every hop with its arithmetic, a page at a time', () => {
    const many = Array.from({ length: HOP_PAGE + 5 }, (_, i) => hop(i + 1, 1, 1, 2, '1'));
    const html = renderToString(
      <MantineProvider>
        <HopTable hops={many} asset="ETH" />
      </MantineProvider>,
    ).replaceAll('<!-- -->', '');
    expect(html).toContain('haircut: 1');
    expect(html).toContain(`Showing ${HOP_PAGE} of ${HOP_PAGE + 5} hops`);
    expect(html.match(/<tr/g)?.length).toBe(HOP_PAGE + 1);
  });

  it('renders the list, run and trace routes inside the shell', () => {
    expect(renderToString(<App session={SIGNED_IN} initialPath="/money/traces" />)).toContain(
      'Loading traces',
    );
    const run = renderToString(<App session={SIGNED_IN} initialPath="/money/traces/new" />);
    expect(run).toContain('Transfer files');
    expect(run).toContain('Taint rule');
    expect(run).toContain('Most hops');
    expect(
      renderToString(<App session={SIGNED_IN} initialPath={`/money/traces/${TRACE.id}`} />),
    ).toContain('Loading the trace');
    const section = renderToString(<App session={SIGNED_IN} initialPath="/money" />);
    expect(section).toContain('href="/money/traces"');
    expect(section).toContain('Traces you run will appear here');
  });
});
