import { Center, Loader } from '@mantine/core';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from './session.js';

/**
 * Shows its child routes only to a signed-in user (and, with `admin`, only to administrators);
 * others go to the sign-in page, which brings them back here afterwards. While the session is
 * still being checked, the pages wait: rendered earlier, they would ask the API for records and
 * show its refusals to someone about to be sent to the sign-in page.
 */
export function RequireSession({ admin = false }: { admin?: boolean }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') {
    return (
      <Center mih={200}>
        <Loader aria-label="Checking your session" />
      </Center>
    );
  }
  if (state.status === 'signed-out') {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  if (admin && state.me.user.role !== 'admin') {
    return <Navigate to="/" replace />;
  }
  return <Outlet />;
}
