import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  LabelSet,
  parseActorPack,
  parseEtherscanLabels,
  parseLabelsCsv,
  parseTagPack,
} from './labels.js';
import { SHARED_CRYPTO } from './test/fixtures.js';

const PACK = `title: Test exchange
creator: Jaga tests
confidence: service_data
category: exchange
source: https://example.org/reserves
actor: binance
tags:
- address: '0xbe0eb53f46cd790cd13851d5eff43d12404d33e8'
  currency: ETH
  label: hot wallet ETH
- address: 'TYh6mgoMNZTCsgpYHBz7gttEfrQmDMABub'
  currency: TRX
  label: hot wallet TRX
  confidence: web_crawl
- address: '34xp4vRoCGJym3xR7yCVPFHoCNxv4Twseo'
  currency: BTC
  label: reserve BTC
- address: 'T6MXHXMGXURKJ7AD5NCB4IYPLWX'
  currency: USDT
  label: broken
- address: '0x0000000000000000000000000000000000000001'
  currency: ETH
  label: odd
  confidence: very_sure
`;

describe('parseTagPack', () => {
  it('inherits header fields, overrides per tag and reports bad tags by line', () => {
    const { labels, rejected, skippedByCurrency } = parseTagPack(PACK, 'test.yaml');
    expect(
      labels.map((l) => [
        l.chain,
        l.label,
        l.category,
        l.confidence,
        l.confidenceLevel,
        l.actor,
        l.origin.line,
      ]),
    ).toEqual([
      ['eth', 'hot wallet ETH', 'exchange', 'service_data', 50, 'binance', 8],
      ['tron', 'hot wallet TRX', 'exchange', 'web_crawl', 20, 'binance', 11],
    ]);
    expect(skippedByCurrency).toEqual({ BTC: 1 });
    expect(rejected.map((r) => r.line)).toEqual([18, 21]);
    expect(rejected[0]?.reason).toMatch(/not a TRON address/);
    expect(rejected[1]?.reason).toMatch(/unknown confidence "very_sure"/);
  });

  it('reports invalid YAML instead of throwing', () => {
    const { rejected } = parseTagPack('title: [unclosed\n', 'bad.yaml');
    expect(rejected[0]?.reason).toMatch(/not valid YAML/);
  });
});

describe('parseLabelsCsv', () => {
  it('reads the simple CSV and rejects bad chains, checksums and confidences by line', () => {
    const text = [
      'chain,address,label,category,confidence,source',
      'eth,0xbe0eb53f46cd790cd13851d5eff43d12404d33e8,Binance 7,exchange,forensic,case 12',
      'doge,DAbc,Whatever,exchange,50,x',
      'tron,TYh6mgoMNZTCsgpYHBz7gttEfrQmDMABuc,Mule,,heuristic,case 12',
      'eth,0x0000000000000000000000000000000000000002,Mule 2,,120,case 12',
      'tron,TYh6mgoMNZTCsgpYHBz7gttEfrQmDMABub,Mule 3,,40,case 12',
    ].join('\n');
    const { labels, rejected } = parseLabelsCsv(text, 'own.csv');
    expect(labels.map((l) => [l.label, l.confidenceLevel])).toEqual([
      ['Binance 7', 50],
      ['Mule 3', 40],
    ]);
    expect(rejected.map((r) => r.line)).toEqual([3, 4, 5]);
  });
});

describe('parseEtherscanLabels', () => {
  it('gives a category only through a matching actor and skips bare slugs', () => {
    const actors = new Map([
      ['kucoin', { id: 'kucoin', label: 'KuCoin', categories: ['exchange'] }],
      ['blockchain', { id: 'blockchain', label: 'Blockchain.com', categories: ['exchange'] }],
    ]);
    const json = JSON.stringify({
      '0x689c56aef474df92d44a1b70850f808488f9769c': { name: 'KuCoin 2', labels: ['kucoin'] },
      '0x0000000000000000000000000000000000000003': { name: 'Some Token', labels: ['blockchain'] },
      '0x0000000000000000000000000000000000000004': { name: '', labels: ['airdrop-hunter'] },
      '0xnot': { name: 'x', labels: [] },
    });
    const { labels, rejected } = parseEtherscanLabels(json, 'etherscan.json', { actors });
    expect(labels.map((l) => [l.label, l.category, l.actor])).toEqual([
      ['KuCoin 2', 'exchange', 'kucoin'],
      ['Some Token', undefined, undefined],
    ]);
    expect(rejected).toHaveLength(1);
  });
});

describe('LabelSet', () => {
  it('prefers the more confident label regardless of insertion order', () => {
    const pack = parseTagPack(PACK, 'test.yaml').labels;
    const own = parseLabelsCsv(
      'chain,address,label,category,confidence,source\neth,0xbe0eb53f46cd790cd13851d5eff43d12404d33e8,Binance 14 (court order),exchange,ownership,order 5',
      'own.csv',
    ).labels;
    const a = new LabelSet();
    a.addAll([...pack, ...own]);
    const b = new LabelSet();
    b.addAll([...own, ...pack]);
    const address = '0xbe0eb53f46cd790cd13851d5eff43d12404d33e8';
    expect(a.best('eth', address)?.label).toBe('Binance 14 (court order)');
    expect(b.get('eth', address)).toEqual(a.get('eth', address));
  });
});

// Shared data lives beside the repository; the test is skipped where it is not checked out.
const SHARED = `${SHARED_CRYPTO}graphsense-tagpacks-subset`;
describe.skipIf(!existsSync(SHARED))('shipped GraphSense TagPacks', () => {
  it('load with every problem reported and exchange wallets on ETH and TRON', () => {
    const actors = parseActorPack(
      readFileSync(`${SHARED}/actors/graphsense.actorpack.yaml`, 'utf8'),
    );
    expect(actors.get('binance')?.categories).toContain('exchange');
    const set = new LabelSet();
    let rejected = 0;
    for (const file of readdirSync(`${SHARED}/packs`).sort()) {
      const result = parseTagPack(readFileSync(`${SHARED}/packs/${file}`, 'utf8'), file, {
        actors,
      });
      set.addAll(result.labels);
      rejected += result.rejected.length;
    }
    expect(set.best('eth', '0xbe0eb53f46cd790cd13851d5eff43d12404d33e8')?.categories).toContain(
      'exchange',
    );
    expect(set.best('tron', 'TYh6mgoMNZTCsgpYHBz7gttEfrQmDMABub')?.actor).toBe('huobi');
    // The KuCoin pack lists non-addresses under USDT; they must show up as rejections.
    expect(rejected).toBeGreaterThan(0);
  });
});
