import { Anchor, AppShell, Burger, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useLocation } from 'react-router';
import { useSession } from '../features/auth/session.js';
import { UserMenu } from '../features/auth/user-menu.js';
import { SECTIONS } from '../lib/sections.js';
import { HealthIndicator } from './health-indicator.js';

/** The frame of every page: header with the health indicator, navigation, content. */
export function Layout() {
  const [opened, { toggle }] = useDisclosure();
  const location = useLocation();
  const { state } = useSession();
  const isAdmin = state.status === 'signed-in' && state.me.user.role === 'admin';
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Anchor component={Link} to="/" underline="never" c="inherit">
              <Title order={3}>Jaga</Title>
            </Anchor>
            <Text size="sm" c="dimmed" visibleFrom="md">
              Coordinated response to trafficking into scam centres
            </Text>
          </Group>
          <Group gap="md" wrap="nowrap">
            <HealthIndicator />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        {SECTIONS.map((section) => (
          <NavLink
            key={section.path}
            component={Link}
            to={section.path}
            label={section.title}
            description={section.purpose}
            active={location.pathname.startsWith(section.path)}
          />
        ))}
        {isAdmin && (
          <NavLink label="Administration" description="Organisations and users" defaultOpened>
            <NavLink
              component={Link}
              to="/admin/organisations"
              label="Organisations"
              active={location.pathname.startsWith('/admin/organisations')}
            />
            <NavLink
              component={Link}
              to="/admin/users"
              label="Users"
              active={location.pathname.startsWith('/admin/users')}
            />
          </NavLink>
        )}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
