import type { RouteObject } from 'react-router';
import { DashboardPage } from './dashboard-page.js';

/** The dashboard page (also shown on the home page to signed-in users). */
export const dashboardRoutes: RouteObject[] = [{ path: '/dashboard', element: <DashboardPage /> }];
