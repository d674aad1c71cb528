import { Badge, Tooltip } from '@mantine/core';
import { useEffect, useState } from 'react';
import { fetchHealth, type HealthState } from '../lib/health.js';

const POLL_MS = 15_000;

const LOOK: Record<HealthState['kind'], { color: string; label: string }> = {
  checking: { color: 'gray', label: 'Checking…' },
  ok: { color: 'green', label: 'Healthy' },
  degraded: { color: 'orange', label: 'Degraded' },
  unreachable: { color: 'red', label: 'Unreachable' },
};

/** Polls `/health` and shows the node's state; the tooltip says why it is not healthy. */
export function HealthIndicator({ initial = { kind: 'checking' } }: { initial?: HealthState }) {
  const [state, setState] = useState<HealthState>(initial);
  useEffect(() => {
    let active = true;
    const check = async () => {
      const next = await fetchHealth();
      if (active) setState(next);
    };
    void check();
    const timer = setInterval(check, POLL_MS);
    return () => {
      active = false;
      clearInterval(timer);
    };
  }, []);
  const look = LOOK[state.kind];
  const detail =
    state.kind === 'ok'
      ? `Jaga ${state.version} on the ${state.database}`
      : state.kind === 'checking'
        ? 'Asking the server'
        : state.reason;
  return (
    <Tooltip label={detail}>
      <Badge
        color={look.color}
        variant="light"
        data-testid="health"
        data-state={state.kind}
        role="status"
        aria-label={`System ${look.label}: ${detail}`}
      >
        {look.label}
      </Badge>
    </Tooltip>
  );
}
