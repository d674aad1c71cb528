import type { RouteObject } from 'react-router';
import { RequestFormPage } from './request-form-page.js';
import { RequestListPage } from './request-list-page.js';
import { RequestPage } from './request-page.js';

/** The evidence-request pages, under the Evidence area. */
export const evidenceRequestRoutes: RouteObject[] = [
  { path: '/evidence/requests', element: <RequestListPage /> },
  { path: '/evidence/requests/new', element: <RequestFormPage /> },
  { path: '/evidence/requests/:id', element: <RequestPage /> },
];
