import { Group, Text } from '@mantine/core';
import { Sankey, Tooltip } from 'recharts';
import type { FlowNodeKind, Flows } from './flows.js';

/** A colour per kind of node, with its legend text. */
export const KIND_STYLE: Readonly<Record<FlowNodeKind, { colour: string; legend: string }>> = {
  seed: { colour: '#e03131', legend: 'Seed' },
  traced: { colour: '#1c7ed6', legend: 'Traced address' },
  endpoint: { colour: '#0ca678', legend: 'Exchange or service (endpoint)' },
  hub: { colour: '#f08c00', legend: 'Hub (taint stops)' },
  'hop-limit': { colour: '#868e96', legend: 'Beyond the hop limit' },
  returned: { colour: '#ae3ec9', legend: 'Back to seeds' },
  other: { colour: '#adb5bd', legend: 'Other addresses, merged' },
};

const WIDTH = 960;

interface NodeShape {
  x: number;
  y: number;
  width: number;
  height: number;
  payload: { name: string; kind: FlowNodeKind; value?: number };
}

function FlowNodeShape({ x, y, width, height, payload }: NodeShape) {
  const style = KIND_STYLE[payload.kind] ?? KIND_STYLE.other;
  const onRight = x + width + 180 < WIDTH;
  return (
    <g>
      <rect x={x} y={y} width={width} height={Math.max(height, 1)} fill={style.colour} />
      <text
        x={onRight ? x + width + 6 : x - 6}
        y={y + height / 2}
        dy="0.35em"
        textAnchor={onRight ? 'start' : 'end'}
        fontSize={12}
        fill="#212529"
      >
        {payload.name}
      </text>
    </g>
  );
}

/** The trace as a Sankey from seeds through each hop to where the taint stopped. */
export function FlowChart({ flows, asset }: { flows: Flows; asset: string }) {
  if (flows.links.length === 0) {
    return (
      <Text c="dimmed" data-testid="flow-empty">
        No tainted transfer left the seeds, so there is no flow to draw.
      </Text>
    );
  }
  const height = Math.min(720, Math.max(260, flows.nodes.length * 28));
  const sinks = flows.nodes.filter((node) => node.kind === 'endpoint').map((node) => node.name);
  const label = `Sankey diagram of the tainted ${asset}: ${flows.nodes.filter((n) => n.kind === 'seed').length} seed node(s) flowing through ${flows.links.length} links to ${sinks.length ? sinks.join(', ') : 'no exchange or service'}. The per-hop table below has every figure.`;
  return (
    <div>
      <div role="img" aria-label={label} data-testid="flow-chart" style={{ overflowX: 'auto' }}>
        <Sankey
          width={WIDTH}
          height={height}
          data={{ nodes: flows.nodes, links: flows.links }}
          node={(props) => <FlowNodeShape {...(props as unknown as NodeShape)} />}
          link={{ stroke: '#74c0fc', strokeOpacity: 0.35 }}
          nodePadding={14}
          nodeWidth={10}
          margin={{ top: 8, right: 8, bottom: 8, left: 8 }}
          align="justify"
        >
          <Tooltip formatter={(value) => `${String(value)} ${asset}`} />
        </Sankey>
      </div>
      <Group gap="md" mt="xs">
        {(Object.keys(KIND_STYLE) as FlowNodeKind[])
          .filter((kind) => flows.nodes.some((node) => node.kind === kind))
          .map((kind) => (
            <Group key={kind} gap={4}>
              <span
                aria-hidden
                style={{
                  display: 'inline-block',
                  width: 10,
                  height: 10,
                  background: KIND_STYLE[kind].colour,
                }}
              />
              <Text size="xs">{KIND_STYLE[kind].legend}</Text>
            </Group>
          ))}
      </Group>
      {flows.merged > 0 && (
        <Text size="xs" c="dimmed" mt={4}>
          {flows.merged} smaller addresses are merged into “other” nodes to keep the chart readable;
          the table below lists every hop.
        </Text>
      )}
    </div>
  );
}
