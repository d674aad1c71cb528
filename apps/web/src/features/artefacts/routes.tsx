import type { RouteObject } from 'react-router';
import { ArtefactDetailPage } from './artefact-detail-page.js';
import { ArtefactListPage } from './artefact-list-page.js';
import { ArtefactUploadPage } from './artefact-upload-page.js';

/** The evidence artefact pages, under the Evidence area. */
export const artefactRoutes: RouteObject[] = [
  { path: '/evidence/artefacts', element: <ArtefactListPage /> },
  { path: '/evidence/artefacts/new', element: <ArtefactUploadPage /> },
  { path: '/evidence/artefacts/:id', element: <ArtefactDetailPage /> },
];
