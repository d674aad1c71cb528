import { Alert, Button, Group } from '@mantine/core';
import type { Core } from 'cytoscape';
import { useEffect, useRef, useState } from 'react';
import type { Graph } from './api.js';
import { chartElements, NODE_KINDS } from './graph.js';

const STYLE = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'font-size': 11,
      color: '#212529',
      'text-valign': 'bottom',
      'text-margin-y': 4,
      'text-wrap': 'ellipsis',
      'text-max-width': '140px',
      width: 26,
      height: 26,
      'border-width': 2,
      'border-color': '#ffffff',
    },
  },
  ...NODE_KINDS.map((k) => ({
    selector: `node[kind = "${k.kind}"]`,
    style: { 'background-color': k.colour, shape: k.shape },
  })),
  { selector: 'node[?root]', style: { width: 38, height: 38, 'border-color': '#212529' } },
  { selector: 'node:selected', style: { 'border-color': '#f08c00', 'border-width': 4 } },
  {
    selector: 'edge',
    style: {
      width: 'mapData(confidence, 0, 1, 1, 5)',
      'line-color': '#868e96',
      'target-arrow-color': '#868e96',
      'target-arrow-shape': 'triangle',
      'curve-style': 'bezier',
      label: 'data(label)',
      'font-size': 9,
      color: '#495057',
      'text-rotation': 'autorotate',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.8,
    },
  },
];

/** Saves a blob under a file name through a temporary link. */
function download(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * A Cytoscape.js link chart of a neighbourhood: entities and selectors styled by kind, relationships
 * drawn thicker when surer; clicking (tapping) a node asks to expand it. "Export PNG" saves the
 * whole chart. Once laid out, the container carries `data-ready="true"` and its node count.
 */
export function LinkChart({
  graph,
  onExpand,
  filename = 'link-chart.png',
}: {
  graph: Graph;
  onExpand: (id: string, kind: string) => void;
  filename?: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  const expand = useRef(onExpand);
  expand.current = onExpand;
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let cancelled = false;
    import('cytoscape')
      .then(({ default: cytoscape }) => {
        if (cancelled) return;
        const instance = cytoscape({
          container: element,
          style: STYLE as never,
          wheelSensitivity: 0.3,
          minZoom: 0.2,
          maxZoom: 4,
        });
        instance.on('tap', 'node', (event) => {
          const node = event.target;
          expand.current(node.id(), String(node.data('kind')));
        });
        cy.current = instance;
        setReady(true);
      })
      .catch((cause: Error) => !cancelled && setError(cause.message));
    return () => {
      cancelled = true;
      cy.current?.destroy();
      cy.current = null;
    };
  }, []);

  useEffect(() => {
    const instance = cy.current;
    const element = container.current;
    if (!ready || !instance || !element) return;
    instance.elements().remove();
    instance.add(chartElements(graph) as never);
    const layout = instance.layout({
      name: graph.nodes.length > 2 ? 'cose' : 'grid',
      animate: false,
      fit: true,
      padding: 40,
    } as never);
    layout.one('layoutstop', () => {
      element.dataset.ready = 'true';
      element.dataset.nodes = String(instance.nodes().length);
      element.dataset.edges = String(instance.edges().length);
    });
    layout.run();
  }, [graph, ready]);

  const exportPng = async () => {
    const instance = cy.current;
    if (!instance) return;
    const blob = await instance.png({
      output: 'blob-promise',
      bg: '#ffffff',
      full: true,
      scale: 2,
    });
    download(blob, filename);
  };

  return (
    <div>
      {error && (
        <Alert color="red" title="The link chart could not be drawn" mb="sm">
          {error}
        </Alert>
      )}
      <Group justify="flex-end" mb={4}>
        <Button size="xs" variant="default" onClick={exportPng} disabled={!ready}>
          Export PNG
        </Button>
      </Group>
      <div
        ref={container}
        data-testid="link-chart"
        role="img"
        aria-label={`Link chart of ${graph.nodes.length} records and ${graph.edges.length} relationships; the table below lists them`}
        style={{
          height: 480,
          width: '100%',
          border: '1px solid var(--mantine-color-gray-3)',
          borderRadius: 8,
        }}
      />
    </div>
  );
}
