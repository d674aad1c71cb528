import type { RouteObject } from 'react-router';
import { EntityPage } from './entity-page.js';
import { MapPage } from './map-page.js';
import { SearchPage } from './search-page.js';
import { SelectorPage } from './selector-page.js';

/** The intelligence pages, under the Intelligence area. */
export const intelligenceRoutes: RouteObject[] = [
  { path: '/intelligence/search', element: <SearchPage /> },
  { path: '/intelligence/map', element: <MapPage /> },
  { path: '/intelligence/entities/:id', element: <EntityPage /> },
  { path: '/intelligence/selectors/:id', element: <SelectorPage /> },
];
