import type { CompoundCollection, Geometry, Position } from './api.js';

/** Compound statuses and their map colours (all readable on the light country fill). */
export const STATUS_COLOURS = [
  { status: 'active', label: 'Active', colour: '#c92a2a' },
  { status: 'raided', label: 'Raided', colour: '#d9480f' },
  { status: 'relocated', label: 'Relocated', colour: '#5f3dc4' },
  { status: 'closed', label: 'Closed', colour: '#495057' },
] as const;
const UNKNOWN_COLOUR = '#868e96';

/** The colour of a compound status on the map. */
export function statusColour(status: string | null | undefined): string {
  return STATUS_COLOURS.find((s) => s.status === status)?.colour ?? UNKNOWN_COLOUR;
}

/** Where a compound's marker goes: its point, or the mean of its polygon's outer ring. */
export function markerPoint(geometry: Geometry): Position {
  if (geometry.type === 'Point') return geometry.coordinates;
  const ring = geometry.coordinates[0] ?? [];
  // The ring repeats its first vertex last; count it once.
  const vertices = ring.length > 1 ? ring.slice(0, -1) : ring;
  const sum = vertices.reduce<[number, number]>((acc, [x, y]) => [acc[0] + x, acc[1] + y], [0, 0]);
  return [sum[0] / Math.max(1, vertices.length), sum[1] / Math.max(1, vertices.length)];
}

interface Feature<G, P> {
  type: 'Feature';
  geometry: G;
  properties: P;
}
interface Collection<G, P> {
  type: 'FeatureCollection';
  features: Feature<G, P>[];
}
type LineString = { type: 'LineString'; coordinates: Position[] };

export interface MarkerProperties {
  id: string;
  name: string;
  status: string;
  colour: string;
}

/** The map's data: compound markers, relocation arrows and the box that holds them. */
export interface CompoundLayers {
  markers: Collection<{ type: 'Point'; coordinates: Position }, MarkerProperties>;
  arrows: Collection<LineString, { from: string; to: string; part: 'shaft' | 'head' }>;
  /** [[west, south], [east, north]], or null with no compound. */
  bounds: [Position, Position] | null;
}

/**
 * An arrowhead at `to` pointing away from `from`: two short strokes, so it draws as a line layer
 * (symbol layers would need glyphs or sprites from a server).
 */
export function arrowhead(from: Position, to: Position): Position[] {
  const dx = to[0] - from[0];
  const dy = to[1] - from[1];
  const length = Math.hypot(dx, dy);
  if (length === 0) return [to];
  const size = Math.min(0.6, Math.max(0.08, length * 0.2));
  const angle = Math.atan2(dy, dx);
  const wing = (turn: number): Position => [
    to[0] - size * Math.cos(angle + turn),
    to[1] - size * Math.sin(angle + turn),
  ];
  return [wing(Math.PI / 7), to, wing(-Math.PI / 7)];
}

/**
 * Shapes the compounds GeoJSON for MapLibre: one marker per compound coloured by status, and for
 * each compound that relocated to a readable compound with a location, an arrow from it to there.
 *
 * @example
 * map.addSource('compounds', { type: 'geojson', data: compoundLayers(fc).markers });
 */
export function compoundLayers(collection: CompoundCollection): CompoundLayers {
  const markers: CompoundLayers['markers']['features'] = [];
  const arrows: CompoundLayers['arrows']['features'] = [];
  const points: Position[] = [];
  for (const feature of collection.features) {
    if (!feature.geometry) continue;
    const at = markerPoint(feature.geometry);
    points.push(at);
    const status = feature.properties.status ?? 'unknown';
    markers.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: at },
      properties: {
        id: feature.properties.id,
        name: feature.properties.name,
        status,
        colour: statusColour(status),
      },
    });
    const target = feature.properties.relocatedTo;
    if (target?.point) {
      points.push(target.point);
      const ids = { from: feature.properties.id, to: target.id };
      arrows.push({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: [at, target.point] },
        properties: { ...ids, part: 'shaft' },
      });
      arrows.push({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: arrowhead(at, target.point) },
        properties: { ...ids, part: 'head' },
      });
    }
  }
  const bounds: [Position, Position] | null =
    points.length === 0
      ? null
      : [
          [Math.min(...points.map((p) => p[0])), Math.min(...points.map((p) => p[1]))],
          [Math.max(...points.map((p) => p[0])), Math.max(...points.map((p) => p[1]))],
        ];
  return {
    markers: { type: 'FeatureCollection', features: markers },
    arrows: { type: 'FeatureCollection', features: arrows },
    bounds,
  };
}
