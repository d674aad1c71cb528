import { Anchor, Button, Group } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { useSession } from './session.js';

/** The header's corner: who is signed in, with sign-out; or a sign-in link. */
export function UserMenu() {
  const { state, signOut } = useSession();
  const navigate = useNavigate();
  if (state.status === 'loading') return null;
  if (state.status === 'signed-out') {
    return (
      <Anchor component={Link} to="/login" size="sm" data-testid="sign-in-link">
        Sign in
      </Anchor>
    );
  }
  const { user, organisation } = state.me;
  return (
    <Group gap="xs" wrap="nowrap">
      <Anchor
        component={Link}
        to="/account"
        size="sm"
        c="inherit"
        data-testid="signed-in-as"
        visibleFrom="sm"
      >
        {user.displayName} · {organisation.name}
      </Anchor>
      <Button
        size="xs"
        variant="default"
        onClick={async () => {
          await signOut();
          navigate('/login', { replace: true });
        }}
      >
        Sign out
      </Button>
    </Group>
  );
}
