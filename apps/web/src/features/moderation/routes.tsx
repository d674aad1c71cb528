import type { RouteObject } from 'react-router';
import { QueuePage } from './queue-page.js';

/** The moderation pages, under the Screening area. */
export const moderationRoutes: RouteObject[] = [
  { path: '/screening/queue', element: <QueuePage /> },
];
