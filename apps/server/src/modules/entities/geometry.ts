/** A GeoJSON (RFC 7946) point or polygon, longitude before latitude, WGS 84. */
export type Geometry =
  | { type: 'Point'; coordinates: [number, number] }
  | { type: 'Polygon'; coordinates: [number, number][][] };

function positionProblem(value: unknown, where: string): string | null {
  if (!Array.isArray(value) || value.length < 2 || value.length > 3) {
    return `${where} must be a position [longitude, latitude]`;
  }
  const [lon, lat] = value as unknown[];
  if (typeof lon !== 'number' || !Number.isFinite(lon) || lon < -180 || lon > 180) {
    return `${where}[0] (longitude) must be a number from -180 to 180, got ${JSON.stringify(lon)}`;
  }
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90) {
    return `${where}[1] (latitude) must be a number from -90 to 90, got ${JSON.stringify(lat)}${
      typeof lon === 'number' && Math.abs(lon) <= 90 && Math.abs(lat as number) > 90
        ? ' (GeoJSON puts longitude first)'
        : ''
    }`;
  }
  return null;
}

/**
 * What is wrong with a GeoJSON geometry, or `null` when it is a valid Point or Polygon: positions
 * in range with longitude first, polygon rings closed with at least four positions.
 *
 * @example
 * geometryProblem({ type: 'Point', coordinates: [98.46, 16.68] }); // null
 * geometryProblem({ type: 'Point', coordinates: [16.68, 198.4] }); // 'coordinates[1] (latitude) …'
 */
export function geometryProblem(value: unknown, where = 'geometry'): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `${where} must be a GeoJSON object such as {"type":"Point","coordinates":[98.46,16.68]}`;
  }
  const g = value as { type?: unknown; coordinates?: unknown };
  const extra = Object.keys(g).filter((key) => !['type', 'coordinates', 'bbox'].includes(key));
  if (extra.length > 0) return `${where}: unexpected field ${extra.join(', ')}`;
  if (g.type === 'Point') return positionProblem(g.coordinates, `${where}.coordinates`);
  if (g.type === 'Polygon') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) {
      return `${where}.coordinates must be a list of linear rings (the outer boundary first)`;
    }
    for (const [r, ring] of (g.coordinates as unknown[]).entries()) {
      const at = `${where}.coordinates[${r}]`;
      if (!Array.isArray(ring) || ring.length < 4) {
        return `${at} must be a closed ring of at least four positions (the first repeated last)`;
      }
      for (const [i, position] of ring.entries()) {
        const problem = positionProblem(position, `${at}[${i}]`);
        if (problem) return problem;
      }
      const first = ring[0] as number[];
      const last = ring[ring.length - 1] as number[];
      if (first[0] !== last[0] || first[1] !== last[1]) {
        return `${at} is not closed: its last position must repeat its first`;
      }
    }
    return null;
  }
  return `${where}.type must be "Point" or "Polygon", got ${JSON.stringify(g.type)}`;
}

/**
 * A representative point of a geometry: the point itself, or the mean of a polygon's outer ring.
 *
 * @example
 * centroid({ type: 'Point', coordinates: [98.46, 16.68] }); // [98.46, 16.68]
 */
export function centroid(geometry: Geometry): [number, number] {
  if (geometry.type === 'Point') return geometry.coordinates;
  const ring = (geometry.coordinates[0] ?? []).slice(0, -1);
  const n = Math.max(ring.length, 1);
  return [
    ring.reduce((sum, [lon]) => sum + lon, 0) / n,
    ring.reduce((sum, [, lat]) => sum + lat, 0) / n,
  ];
}
