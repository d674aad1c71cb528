import { Anchor, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { Section } from '../lib/sections.js';

/** A section with no data yet: says what it is for and what will appear, never sample data. */
export function SectionPage({ section }: { section: Section }) {
  return (
    <Stack gap="md" maw={760}>
      <Title order={2}>{section.title}</Title>
      <Text c="dimmed">{section.purpose}</Text>
      {section.pages?.map((page) => (
        <Paper key={page.path} withBorder p="md" radius="md">
          <Anchor component={Link} to={page.path} fw={600}>
            {page.title}
          </Anchor>
          <Text size="sm" c="dimmed" mt={4}>
            {page.description}
          </Text>
        </Paper>
      ))}
      <Paper withBorder p="xl" radius="md" data-testid="empty-state">
        <Text fw={500}>Nothing here yet</Text>
        <Text size="sm" c="dimmed" mt={4}>
          {section.emptyState}
        </Text>
      </Paper>
    </Stack>
  );
}
