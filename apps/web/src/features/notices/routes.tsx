import type { RouteObject } from 'react-router';
import { FlaggedPostsPage } from './flagged-posts-page.js';
import { NoticeFormPage } from './notice-form-page.js';
import { NoticeListPage } from './notice-list-page.js';
import { NoticePage } from './notice-page.js';
import { TransparencyPage } from './transparency-page.js';
import { TrustedFlaggerReportPage } from './trusted-flagger-report-page.js';

/** The notice pages, under the Notices area. */
export const noticeRoutes: RouteObject[] = [
  { path: '/notices/list', element: <NoticeListPage /> },
  { path: '/notices/new', element: <NoticeFormPage /> },
  { path: '/notices/flagged', element: <FlaggedPostsPage /> },
  { path: '/notices/reports/transparency', element: <TransparencyPage /> },
  { path: '/notices/reports/trusted-flagger', element: <TrustedFlaggerReportPage /> },
  { path: '/notices/:id', element: <NoticePage /> },
  { path: '/notices/:id/edit', element: <NoticeFormPage /> },
];
