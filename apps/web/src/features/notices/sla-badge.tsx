import { Badge } from '@mantine/core';
import { type Notice, type SlaStatus, slaText } from './api.js';

/** Colours chosen for contrast with white text (WCAG AA on the filled badge). */
const COLOURS: Readonly<Record<SlaStatus, string>> = {
  'not-sent': 'gray.7',
  'on-time': 'teal.9',
  'due-soon': 'orange.9',
  overdue: 'red.9',
  met: 'green.9',
  missed: 'grape.9',
};

/**
 * A notice's clock against its platform's response-time standard: overdue in red with how long
 * overdue, due soon in orange with how long is left.
 */
export function SlaBadge({ sla }: { sla: Notice['sla'] }) {
  return (
    <Badge
      color={COLOURS[sla.status]}
      variant="filled"
      radius="sm"
      tt="none"
      data-testid="sla-badge"
      data-sla={sla.status}
      title={sla.dueAt ? `Due ${new Date(sla.dueAt).toLocaleString()}` : undefined}
    >
      {slaText(sla)}
    </Badge>
  );
}
