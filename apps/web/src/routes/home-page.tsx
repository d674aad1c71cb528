import { Anchor, Paper, SimpleGrid, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import { useSession } from '../features/auth/session.js';
import { DashboardPage } from '../features/dashboard/dashboard-page.js';
import { SECTIONS } from '../lib/sections.js';

/** The landing page: what Jaga is and where each kind of work lives. */
export function HomePage() {
  const { state } = useSession();
  return (
    <Stack gap="lg" maw={1200}>
      <div>
        <Title order={2}>Welcome to Jaga</Title>
        <Text c="dimmed" mt={4}>
          One place for platforms, police, consular staff, NGOs and researchers to act together
          against trafficking into online scam centres. The API reference is at{' '}
          <Anchor href="/api/docs">/api/docs</Anchor>.
        </Text>
      </div>
      {/* Signed-in users land on their figures; the areas follow. */}
      {state.status === 'signed-in' && <DashboardPage heading={false} />}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {SECTIONS.map((section) => (
          <UnstyledButton key={section.path} component={Link} to={section.path}>
            <Paper withBorder p="md" radius="md" h="100%">
              <Text fw={600}>{section.title}</Text>
              <Text size="sm" c="dimmed" mt={4}>
                {section.purpose}
              </Text>
            </Paper>
          </UnstyledButton>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
