import { describe, expect, it } from 'vitest';
import { traceHopsCsv } from './report-csv.js';
import { addr, graphOf, labelsOf } from './test/fixtures.js';
import { traceTaint } from './trace.js';

describe('traceHopsCsv', () => {
  it('writes one quoted-where-needed row per hop with the arithmetic', () => {
    const { graph } = graphOf([
      [9, 2, '7'],
      [1, 2, '3'],
      [2, 10, '2'],
    ]);
    const report = traceTaint(graph, {
      model: 'haircut',
      seeds: [addr(1)],
      labels: labelsOf({ 10: ['Ex', 'exchange'] }),
    });
    const lines = traceHopsCsv(report).trimEnd().split('\n');
    expect(lines[0]).toBe(
      'step,hop,tx_hash,block,time,from,to,amount,taint,sender_balance,sender_taint,unobserved_inflow,arithmetic,recipient,source',
    );
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain(',2,0.6,10,3,0,haircut: 2 × 3 / 10 = 0.6,endpoint,test.csv:4');
  });
});
