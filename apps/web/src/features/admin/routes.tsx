import type { RouteObject } from 'react-router';
import { OrganisationsPage } from './organisations-page.js';
import { UsersPage } from './users-page.js';

/** Administration pages; the app puts them behind an administrator's session. */
export const adminRoutes: RouteObject[] = [
  { path: '/admin/organisations', element: <OrganisationsPage /> },
  { path: '/admin/users', element: <UsersPage /> },
];
