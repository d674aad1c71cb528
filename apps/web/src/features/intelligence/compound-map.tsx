import { Alert } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type { CompoundCollection, CompoundProperties } from './api.js';
import { compoundLayers, STATUS_COLOURS } from './map-data.js';

/** One line on a compound's latest status, for its popup. */
export function statusLine(p: Pick<CompoundProperties, 'status' | 'history'>): string {
  const latest = p.history.at(-1);
  if (!p.status) return 'Status unknown';
  return latest && latest.status === p.status ? `${p.status} since ${latest.since}` : p.status;
}

function popupContent(p: CompoundProperties, onOpen: (id: string) => void): HTMLElement {
  // Built as DOM nodes, never as HTML text: names come from shared records.
  const box = document.createElement('div');
  const title = document.createElement('strong');
  title.textContent = p.name;
  box.append(title);
  const lines = [
    statusLine(p),
    [p.adminArea, p.country].filter(Boolean).join(', '),
    p.relocatedTo ? `Relocated to ${p.relocatedTo.name}` : '',
    p.history.length > 1
      ? `History: ${p.history.map((h) => `${h.status} ${h.since}`).join(' → ')}`
      : '',
  ].filter((line) => line !== '');
  for (const line of lines) {
    const div = document.createElement('div');
    div.textContent = line;
    box.append(div);
  }
  const open = document.createElement('a');
  open.href = `/intelligence/entities/${encodeURIComponent(p.id)}`;
  open.textContent = 'Open the compound and its link chart';
  open.addEventListener('click', (event) => {
    event.preventDefault();
    onOpen(p.id);
  });
  box.append(open);
  return box;
}

/**
 * The compounds on a MapLibre GL map drawn only from bundled data: Natural Earth country shapes
 * (world-atlas, 1:110m) under compound markers coloured by status and arrows from each relocated
 * compound to where it moved. No tile server and no request leaves the hub. Once drawn, the
 * container carries `data-loaded="true"` and the count of markers rendered.
 */
export function CompoundMap({
  collection,
  onOpen,
}: {
  collection: CompoundCollection;
  onOpen: (id: string) => void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const openRef = useRef(onOpen);
  openRef.current = onOpen;

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let cancelled = false;
    let map: { remove(): void } | undefined;
    (async () => {
      const [maplibre, worker, atlas, topojson] = await Promise.all([
        import('maplibre-gl'),
        import('maplibre-gl/dist/maplibre-gl-worker.mjs?url'),
        import('world-atlas/countries-110m.json'),
        import('topojson-client'),
        import('maplibre-gl/dist/maplibre-gl.css'),
      ]);
      if (cancelled) return;
      maplibre.setWorkerUrl(worker.default);
      const topology = atlas.default as unknown as Parameters<typeof topojson.feature>[0];
      const countries = topojson.feature(
        topology,
        (topology.objects as Record<string, Parameters<typeof topojson.feature>[1]>)
          .countries as Parameters<typeof topojson.feature>[1],
      );
      const layers = compoundLayers(collection);
      const instance = new maplibre.Map({
        container: element,
        attributionControl: false,
        center: [102, 15],
        zoom: 3.2,
        style: {
          version: 8,
          sources: {
            countries: {
              type: 'geojson',
              data: countries as never,
              attribution: 'Country shapes: Natural Earth',
            },
            arrows: { type: 'geojson', data: layers.arrows as never },
            compounds: { type: 'geojson', data: layers.markers as never },
          },
          layers: [
            { id: 'sea', type: 'background', paint: { 'background-color': '#d0ebff' } },
            {
              id: 'countries',
              type: 'fill',
              source: 'countries',
              paint: { 'fill-color': '#f8f9fa' },
            },
            {
              id: 'borders',
              type: 'line',
              source: 'countries',
              paint: { 'line-color': '#868e96', 'line-width': 0.7 },
            },
            {
              id: 'arrows',
              type: 'line',
              source: 'arrows',
              layout: { 'line-cap': 'round', 'line-join': 'round' },
              paint: { 'line-color': '#5f3dc4', 'line-width': 2.5 },
            },
            {
              id: 'compounds',
              type: 'circle',
              source: 'compounds',
              paint: {
                'circle-color': ['get', 'colour'],
                'circle-radius': 8,
                'circle-stroke-color': '#ffffff',
                'circle-stroke-width': 2,
              },
            },
          ],
        },
      });
      map = instance;
      instance.addControl(new maplibre.AttributionControl({ compact: false }));
      instance.addControl(new maplibre.NavigationControl({ showCompass: false }));
      instance.on('error', (event) => setError(event.error?.message ?? 'The map failed to draw.'));
      instance.on('load', () => {
        if (layers.bounds) {
          instance.fitBounds(layers.bounds, { padding: 80, maxZoom: 7, duration: 0 });
        }
      });
      instance.on('idle', () => {
        element.dataset.loaded = String(instance.loaded());
        element.dataset.renderedMarkers = String(
          instance.queryRenderedFeatures({ layers: ['compounds'] }).length,
        );
      });
      instance.on('mouseenter', 'compounds', () => {
        instance.getCanvas().style.cursor = 'pointer';
      });
      instance.on('mouseleave', 'compounds', () => {
        instance.getCanvas().style.cursor = '';
      });
      instance.on('click', 'compounds', (event) => {
        const id = event.features?.[0]?.properties?.id as string | undefined;
        const feature = collection.features.find((f) => f.properties.id === id);
        if (!feature) return;
        new maplibre.Popup({ closeButton: true, maxWidth: '320px' })
          .setLngLat(event.lngLat)
          .setDOMContent(popupContent(feature.properties, (open) => openRef.current(open)))
          .addTo(instance);
      });
    })().catch((cause: Error) => {
      if (!cancelled) {
        setError(
          `The map could not be drawn (${cause.message}); it needs a browser with WebGL. The table lists the same compounds.`,
        );
      }
    });
    return () => {
      cancelled = true;
      map?.remove();
    };
  }, [collection]);

  return (
    <div>
      {error && (
        <Alert color="red" title="Map unavailable" mb="sm">
          {error}
        </Alert>
      )}
      <div
        ref={container}
        data-testid="compound-map"
        role="region"
        aria-label="Map of compounds: markers coloured by status, arrows from relocated compounds to where they moved"
        style={{ height: 520, width: '100%', borderRadius: 8, overflow: 'hidden' }}
      />
    </div>
  );
}

/** The map's legend: status colours and the relocation arrow. */
export function MapLegend() {
  return (
    <ul
      aria-label="Legend"
      data-testid="map-legend"
      style={{
        listStyle: 'none',
        padding: 0,
        margin: 0,
        display: 'flex',
        gap: 16,
        flexWrap: 'wrap',
      }}
    >
      {STATUS_COLOURS.map((s) => (
        <li key={s.status} style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
          <span
            aria-hidden
            style={{
              width: 14,
              height: 14,
              borderRadius: 7,
              background: s.colour,
              border: '2px solid #fff',
              boxShadow: '0 0 0 1px #adb5bd',
            }}
          />
          {s.label}
        </li>
      ))}
      <li style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
        <span aria-hidden style={{ color: '#5f3dc4', fontWeight: 700 }}>
          ──➤
        </span>
        Relocated to
      </li>
    </ul>
  );
}
