import type { RouteObject } from 'react-router';
import { EstimateResultPage } from './estimate-result-page.js';
import { EstimateRunPage } from './estimate-run-page.js';
import { EstimatesPage } from './estimates-page.js';
import { ListUploadPage } from './list-upload-page.js';

/** The estimates pages, under the Estimates area. */
export const estimateRoutes: RouteObject[] = [
  { path: '/estimates/runs', element: <EstimatesPage /> },
  { path: '/estimates/runs/new', element: <EstimateRunPage /> },
  { path: '/estimates/runs/:id', element: <EstimateResultPage /> },
  { path: '/estimates/lists/new', element: <ListUploadPage /> },
];
