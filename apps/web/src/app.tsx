import { createTheme, MantineProvider } from '@mantine/core';
import {
  createBrowserRouter,
  createMemoryRouter,
  type RouteObject,
  RouterProvider,
} from 'react-router';
import { Layout } from './components/layout.js';
import { adminRoutes } from './features/admin/routes.js';
import { artefactRoutes } from './features/artefacts/routes.js';
import { AccountPage } from './features/auth/account-page.js';
import { LoginPage } from './features/auth/login-page.js';
import { RequireSession } from './features/auth/require-session.js';
import { SessionProvider, type SessionState } from './features/auth/session.js';
import { dashboardRoutes } from './features/dashboard/routes.js';
import { estimateRoutes } from './features/estimates/routes.js';
import { evidenceRequestRoutes } from './features/evidence-requests/routes.js';
import { intelligenceRoutes } from './features/intelligence/routes.js';
import { moderationRoutes } from './features/moderation/routes.js';
import { moneyRoutes } from './features/money/routes.js';
import { noticeRoutes } from './features/notices/routes.js';
import { SECTIONS } from './lib/sections.js';
import { HomePage } from './routes/home-page.js';
import { NotFoundPage } from './routes/not-found-page.js';
import { SectionPage } from './routes/section-page.js';

const theme = createTheme({ primaryColor: 'teal', defaultRadius: 'md' });

/** Every page of the app under the shared layout. */
export const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: [
      { index: true, element: <HomePage /> },
      ...SECTIONS.map((section) => ({
        path: section.path,
        element: <SectionPage section={section} />,
      })),
      { path: '/login', element: <LoginPage /> },
      // Pages that show records need a signed-in user; the shell and the guides do not.
      {
        element: <RequireSession />,
        children: [
          ...artefactRoutes,
          ...estimateRoutes,
          ...moneyRoutes,
          ...intelligenceRoutes,
          ...moderationRoutes,
          ...noticeRoutes,
          ...evidenceRequestRoutes,
          ...dashboardRoutes,
          { path: '/account', element: <AccountPage /> },
        ],
      },
      { element: <RequireSession admin />, children: adminRoutes },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

/**
 * The web app; `initialPath` renders in memory (tests) instead of from the browser's address,
 * and `session` is the session state to start from (tests render pages as a signed-in user).
 */
export function App({ initialPath, session }: { initialPath?: string; session?: SessionState }) {
  const router = initialPath
    ? createMemoryRouter(routes, { initialEntries: [initialPath] })
    : createBrowserRouter(routes);
  return (
    <MantineProvider theme={theme}>
      <SessionProvider initial={session}>
        <RouterProvider router={router} />
      </SessionProvider>
    </MantineProvider>
  );
}
