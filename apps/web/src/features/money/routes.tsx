import type { RouteObject } from 'react-router';
import { TraceListPage } from './trace-list-page.js';
import { TracePage } from './trace-page.js';
import { TraceRunPage } from './trace-run-page.js';

/** The money-tracing pages, under the Money area. */
export const moneyRoutes: RouteObject[] = [
  { path: '/money/traces', element: <TraceListPage /> },
  { path: '/money/traces/new', element: <TraceRunPage /> },
  { path: '/money/traces/:id', element: <TracePage /> },
];
