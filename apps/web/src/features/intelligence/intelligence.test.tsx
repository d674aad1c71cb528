import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { App } from '../../app.js';
import { SIGNED_IN } from '../auth/signed-in.js';
import { apiClient } from '../auth/api.js';
import { type CompoundCollection, type Graph, intelligenceApi, selectorText } from './api.js';
import { statusLine } from './compound-map.js';
import { ALL_KINDS, chartElements, filterGraph, mergeGraphs, validDuring } from './graph.js';
import { arrowhead, compoundLayers, markerPoint, statusColour } from './map-data.js';

const KK = '00000000-0000-4000-8000-000000000001';
const SHWE = '00000000-0000-4000-8000-000000000002';
const GANG = '00000000-0000-4000-8000-000000000003';
const PHONE = '00000000-0000-4000-8000-000000000004';
const NEW_SITE = '00000000-0000-4000-8000-000000000005';

const edge = (
  id: string,
  source: string,
  target: string,
  confidence: number,
  validFrom: string | null = null,
  validTo: string | null = null,
) => ({ id, source, target, type: 'uses', confidence, validFrom, validTo });

const GRAPH: Graph = {
  nodes: [
    { id: KK, kind: 'compound', label: 'KK Park', root: true, status: 'raided' },
    { id: GANG, kind: 'criminal-organisation', label: 'Syndicate' },
    { id: PHONE, kind: 'selector', label: '+855968120000' },
  ],
  edges: [
    edge('e1', GANG, KK, 0.9, '2020-01-01', '2023-10-20'),
    edge('e2', KK, PHONE, 0.4, '2024-01-01'),
  ],
  truncated: false,
};

describe('link chart data', () => {
  it('merges an expanded neighbourhood without duplicates, keeping the first root', () => {
    const more: Graph = {
      nodes: [
        { id: GANG, kind: 'criminal-organisation', label: 'Syndicate', root: true },
        { id: SHWE, kind: 'compound', label: 'Shwe Kokko' },
      ],
      edges: [edge('e1', GANG, KK, 0.9), edge('e3', GANG, SHWE, 0.7)],
      truncated: true,
    };
    const merged = mergeGraphs(GRAPH, more);
    expect(merged.nodes.map((n) => n.id)).toEqual([KK, GANG, PHONE, SHWE]);
    expect(merged.nodes.filter((n) => n.root).map((n) => n.id)).toEqual([KK]);
    expect(merged.edges.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
    expect(merged.truncated).toBe(true);
  });

  it('filters by kind, confidence and dates, hiding nodes left without a link but not the root', () => {
    const all = { kinds: ALL_KINDS, minConfidence: 0, from: '', to: '' };
    expect(filterGraph(GRAPH, all).edges).toHaveLength(2);
    const sure = filterGraph(GRAPH, { ...all, minConfidence: 0.5 });
    expect(sure.edges.map((e) => e.id)).toEqual(['e1']);
    expect(sure.nodes.map((n) => n.id)).toEqual([KK, GANG]);
    const recent = filterGraph(GRAPH, { ...all, from: '2024-06-01' });
    expect(recent.edges.map((e) => e.id)).toEqual(['e2']);
    expect(recent.nodes.map((n) => n.id)).toEqual([KK, PHONE]);
    const noSelectors = filterGraph(GRAPH, { ...all, kinds: new Set(['compound', 'persona']) });
    expect(noSelectors.nodes.map((n) => n.id)).toEqual([KK]);
    expect(noSelectors.edges).toEqual([]);
    expect(validDuring({ validFrom: null, validTo: null }, '2020-01-01', '2020-02-01')).toBe(true);
    expect(validDuring({ validFrom: '2021-01-01', validTo: null }, '', '2020-12-31')).toBe(false);
  });

  it('gives Cytoscape nodes by kind and edges labelled with type and confidence', () => {
    const elements = chartElements(GRAPH);
    expect(elements.filter((e) => e.group === 'nodes')).toHaveLength(3);
    expect(elements.find((e) => e.data.id === KK)?.data).toMatchObject({
      kind: 'compound',
      root: true,
      status: 'raided',
    });
    expect(elements.find((e) => e.data.id === 'e2')?.data).toMatchObject({
      source: KK,
      target: PHONE,
      label: 'uses (40%)',
      confidence: 0.4,
    });
  });
});

const COMPOUNDS: CompoundCollection = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      id: KK,
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [98, 16],
            [99, 16],
            [99, 17],
            [98, 17],
            [98, 16],
          ],
        ],
      },
      properties: {
        id: KK,
        name: 'KK Park',
        aliases: [],
        status: 'relocated',
        country: 'MM',
        adminArea: 'Kayin',
        history: [
          { status: 'active', since: '2020-01-01', note: null, source: null },
          { status: 'relocated', since: '2025-02-21', note: null, source: null },
        ],
        relocatedTo: { id: NEW_SITE, name: 'New site', point: [102.5, 14.5] },
        supply: [],
        tlp: 'GREEN',
        organisation: 'Police',
        isDemo: true,
      },
    },
    {
      type: 'Feature',
      id: SHWE,
      geometry: { type: 'Point', coordinates: [98.5, 16.9] },
      properties: {
        id: SHWE,
        name: 'Shwe Kokko',
        aliases: [],
        status: null,
        country: 'MM',
        adminArea: null,
        history: [],
        relocatedTo: null,
        supply: [],
        tlp: 'GREEN',
        organisation: 'Police',
        isDemo: true,
      },
    },
  ],
};

describe('compound map data', () => {
  it('puts a marker at a point or a polygon’s centre, coloured by status', () => {
    expect(markerPoint(COMPOUNDS.features[0]?.geometry as never)).toEqual([98.5, 16.5]);
    const { markers } = compoundLayers(COMPOUNDS);
    expect(markers.features.map((f) => f.properties)).toEqual([
      { id: KK, name: 'KK Park', status: 'relocated', colour: statusColour('relocated') },
      { id: SHWE, name: 'Shwe Kokko', status: 'unknown', colour: statusColour(null) },
    ]);
    expect(statusColour('active')).not.toBe(statusColour('raided'));
  });

  it('draws an arrow from a relocated compound to where it moved, and bounds both', () => {
    const { arrows, bounds } = compoundLayers(COMPOUNDS);
    expect(arrows.features.map((f) => f.properties.part)).toEqual(['shaft', 'head']);
    expect(arrows.features[0]?.geometry.coordinates).toEqual([
      [98.5, 16.5],
      [102.5, 14.5],
    ]);
    // The head's tip is the destination, its wings behind it (west of it, towards the origin).
    const head = arrows.features[1]?.geometry.coordinates ?? [];
    expect(head[1]).toEqual([102.5, 14.5]);
    expect(head[0]?.[0]).toBeLessThan(102.5);
    expect(head[2]?.[0]).toBeLessThan(102.5);
    expect(bounds).toEqual([
      [98.5, 14.5],
      [102.5, 16.9],
    ]);
    expect(arrowhead([1, 1], [1, 1])).toEqual([[1, 1]]);
    expect(compoundLayers({ type: 'FeatureCollection', features: [] }).bounds).toBeNull();
  });

  it('says a compound’s status with the date it began', () => {
    expect(statusLine(COMPOUNDS.features[0]?.properties as never)).toBe(
      'relocated since 2025-02-21',
    );
    expect(statusLine({ status: null, history: [] })).toBe('Status unknown');
  });
});

describe('intelligence api and pages', () => {
  it('calls the graph, search and access-request endpoints', async () => {
    const urls: string[] = [];
    const bodies: unknown[] = [];
    const fetcher = (async (url: string, init: RequestInit) => {
      urls.push(url);
      if (init.body) bodies.push(JSON.parse(String(init.body)));
      return new Response('{}', { status: 200 });
    }) as unknown as typeof fetch;
    const api = intelligenceApi(apiClient(fetcher, () => ''));
    await api.graph(KK, 2);
    await api.search('kk park');
    await api.requestAccess('hint-1', 'Same phone as our case 2026/114');
    expect(urls).toEqual([
      `/api/v1/entities/${KK}/graph?depth=2`,
      '/api/v1/search?q=kk+park&limit=20',
      '/api/v1/access-requests',
    ]);
    expect(bodies).toEqual([{ hintId: 'hint-1', reason: 'Same phone as our case 2026/114' }]);
    expect(selectorText({ type: 'handle', value: 'hr_kh', platform: 'telegram' })).toBe(
      'telegram:hr_kh',
    );
  });

  it('renders the search, map, entity and selector routes and lists them on the section', () => {
    expect(
      renderToString(<App session={SIGNED_IN} initialPath="/intelligence/search?q=kk" />),
    ).toContain('Words, a compound’s name');
    expect(renderToString(<App session={SIGNED_IN} initialPath="/intelligence/map" />)).toContain(
      'Loading compounds',
    );
    expect(
      renderToString(<App session={SIGNED_IN} initialPath={`/intelligence/entities/${KK}`} />),
    ).toContain('Loading the entity');
    expect(
      renderToString(<App session={SIGNED_IN} initialPath={`/intelligence/selectors/${PHONE}`} />),
    ).toContain('Loading the selector');
    const section = renderToString(<App session={SIGNED_IN} initialPath="/intelligence" />);
    expect(section).toContain('href="/intelligence/map"');
    expect(section).toContain('href="/intelligence/search"');
  });
});
