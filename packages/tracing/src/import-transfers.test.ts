import { describe, expect, it } from 'vitest';
import { createTransferImporter, parseTimestamp } from './import-transfers.js';
import { addr, hash } from './test/fixtures.js';

const HEADER = 'chain,asset,tx_hash,block,tx_index,log_index,timestamp,from,to,amount';

function load(files: Record<string, string>, options = {}) {
  const importer = createTransferImporter(options);
  for (const [name, text] of Object.entries(files)) {
    const sink = importer.file(name);
    sink.push(text);
    sink.end();
  }
  return importer.finish();
}

describe('canonical CSV', () => {
  it('imports exact amounts and ISO or unix timestamps', () => {
    const { graph, report } = load({
      'a.csv': `${HEADER}\ntron,USDT,${'ab'.repeat(32)},5,0,0,2024-03-01T00:00:00Z,TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t,41a614f803b6fd780986a42c78ec9c7f77e6ded13c,0.000001\neth,ETH,${hash(1)},1,0,0,1600000000,${addr(1)},${addr(2)},0.1\n`,
    });
    expect(report.rejected).toEqual([]);
    expect(graph.transferCount).toBe(2);
    const tron = graph.transfer(1);
    expect(tron).toMatchObject({
      chain: 'tron',
      asset: 'USDT',
      amount: 1n,
      timestamp: 1709251200,
      txHash: 'ab'.repeat(32),
    });
    expect(graph.transfer(0).amount).toBe(10n ** 17n);
  });

  it('keeps amounts above 2^64 base units exact (more than 18.4 ETH)', () => {
    const { graph } = load({
      'big.csv': `${HEADER}\neth,ETH,${hash(1)},1,0,0,1600000000,${addr(1)},${addr(2)},123456.123456789012345678\n`,
    });
    expect(graph.amount(0)).toBe(123456123456789012345678n);
  });

  it('rejects bad rows with line numbers and reasons, and keeps the rest', () => {
    const rows = [
      HEADER,
      `eth,ETH,${hash(1)},1,0,0,1600000000,${addr(1)},${addr(2)},1`,
      `doge,DOGE,${hash(2)},2,0,0,1600000000,${addr(1)},${addr(2)},1`,
      `eth,ETH,${hash(3)},3,0,0,1600000000,0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD,${addr(2)},1`,
      `eth,ETH,${hash(4)},4,0,0,1600000000,${addr(1)},${addr(2)},-5`,
      `eth,ETH,${hash(5)},5,0,0,1600000000,${addr(1)},${addr(2)},1.2.3`,
      `eth,ETH,${hash(6)},0,0,0,1600000000,${addr(1)},${addr(2)},1`,
      `eth,ETH,nothex,7,0,0,1600000000,${addr(1)},${addr(2)},1`,
      `eth,FOO,${hash(8)},8,0,0,1600000000,${addr(1)},${addr(2)},1`,
      `eth,ETH,${hash(9)},9,0,0,yesterday,${addr(1)},${addr(2)},1`,
      `eth,ETH,${hash(10)},10,0,0,1600000000,${addr(1)},${addr(3)},2`,
      `eth,ETH,0x${'zz'.repeat(32)},99,0,0,1600000000,${addr(1)},${addr(3)},2`,
      `eth,ETH,${hash(11)},11,0,0,1600000000,${addr(1)},${addr(3)},2`,
    ];
    const { graph, report } = load({ 'bad.csv': `${rows.join('\n')}\n` });
    expect(graph.transferCount).toBe(3);
    expect(report.rejected.map((r) => [r.line, r.reason.slice(0, 25)])).toEqual([
      [3, 'unknown chain "doge" (kno'],
      [4, 'from address: "0x5aAeb605'],
      [5, 'amount "-5" is negative: '],
      [6, 'Invalid amount "1.2.3": e'],
      [7, 'row is out of order (bloc'],
      [8, 'transaction hash "nothex"'],
      [9, 'unknown asset FOO on eth:'],
      [10, 'timestamp "yesterday" is '],
      [12, 'transaction hash "0xzzzzz'],
    ]);
    expect(report.rejected[1]?.reason).toMatch(/EIP-55 checksum/);
    expect(report.files[0]).toMatchObject({ rows: 12, accepted: 3, rejected: 9 });
  });

  it('skips a file whose header it cannot read, saying so', () => {
    const { report } = load({ 'x.csv': 'foo,bar\n1,2\n' });
    expect(report.rejected[0]?.line).toBe(1);
    expect(report.rejected[0]?.reason).toMatch(/cannot tell the format.*whole file was skipped/);
  });

  it('merges the same transfer seen in two files and rejects conflicting copies', () => {
    const row = `eth,ETH,${hash(1)},1,0,0,1600000000,${addr(1)},${addr(2)},1`;
    const other = `eth,ETH,${hash(1)},1,0,0,1600000000,${addr(1)},${addr(2)},9`;
    const { graph, report } = load({
      'a.csv': `${HEADER}\n${row}\n`,
      'b.csv': `${HEADER}\n${row}\n`,
      'c.csv': `${HEADER}\n${other}\n`,
    });
    expect(graph.transferCount).toBe(1);
    expect(report.duplicates).toBe(1);
    expect(report.rejected).toEqual([
      expect.objectContaining({
        file: 'c.csv',
        line: 2,
        reason: expect.stringMatching(/conflicts with a.csv line 2/),
      }),
    ]);
  });
});

describe('Etherscan account export', () => {
  const header = ',TxHash,BlockHeight,TimeStamp,From,To,Value,ContractAddress,Input,isError';
  it('reads ETH values, skips failed and zero-value transactions and counts them', () => {
    const text = [
      header,
      `0,${hash(1)},10,1529873859,${addr(1)},${addr(2)},0.500000000000000000,NULL,0x,0`,
      `1,${hash(2)},11,1529873860,${addr(1)},${addr(2)},3,NULL,0x,1`,
      `2,${hash(3)},12,1529873861,${addr(2)},${addr(3)},0,NULL,0xa9059cbb,0`,
      `3,${hash(4)},13,1529873862,${addr(2)},,1,${addr(4)},0x60,0`,
    ].join('\n');
    const { graph, report } = load({ 'acct.csv': text });
    expect(report.files[0]).toMatchObject({
      format: 'etherscan',
      accepted: 2,
      failedSkipped: 1,
      zeroValueSkipped: 1,
    });
    expect(graph.transfer(0).amount).toBe(5n * 10n ** 17n);
    expect(graph.transfer(1).to).toBe(addr(4));
    expect(report.notes[0]).toMatch(/no transaction index/);
  });

  it('keeps internal transfers of one transaction apart, after the outer call', () => {
    // Crawled exports list a call and the internal transfers it makes under one hash.
    const text = [
      header,
      `0,${hash(7)},10,1529873859,${addr(2)},${addr(3)},0.1,NULL,NULL,0`,
      `1,${hash(7)},10,1529873859,${addr(1)},${addr(2)},0.1,NULL,0x,0`,
      `2,${hash(8)},10,1529873859,${addr(2)},${addr(4)},0.2,NULL,0x,0`,
    ].join('\n');
    const again = text.split('\n').slice(0, 3).join('\n');
    const { graph, report } = load({ 'a.csv': text, 'b.csv': again });
    expect(report.rejected).toEqual([]);
    expect(report.duplicates).toBe(2);
    // Block order, then transaction hash (no index in the export), then call before internal.
    expect([0, 1, 2].map((t) => [graph.transfer(t).from, graph.transfer(t).to])).toEqual([
      [addr(1), addr(2)],
      [addr(2), addr(3)],
      [addr(2), addr(4)],
    ]);
  });

  it('accepts the Value(ETH) header spelling', () => {
    const text = `TxHash,BlockHeight,TimeStamp,From,To,Value(ETH),isError\n${hash(1)},1,1529873859,${addr(1)},${addr(2)},2,0\n`;
    expect(load({ 'a.csv': text }).graph.transferCount).toBe(1);
  });
});

describe('TRON TRC-20 export', () => {
  it('reads base units with a decimals column and validates Base58Check', () => {
    const text = [
      'transaction_id,block,block_timestamp,from,to,value,token_symbol,token_decimals,event_index',
      `${'cd'.repeat(32)},50000000,1700000000000,TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t,TKgD8Qnx9Zw3DNvG6o83PkufnMbtEXis4T,2500000,USDT,6,0`,
      `${'ce'.repeat(32)},50000001,1700000003000,TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u,TKgD8Qnx9Zw3DNvG6o83PkufnMbtEXis4T,1,USDT,6,0`,
    ].join('\n');
    const { graph, report } = load({ 'tron.csv': text });
    expect(graph.transfer(0)).toMatchObject({
      chain: 'tron',
      asset: 'USDT',
      amount: 2_500_000n,
      timestamp: 1_700_000_000,
    });
    expect(report.rejected).toEqual([
      expect.objectContaining({ line: 3, reason: expect.stringMatching(/Base58Check checksum/) }),
    ]);
  });
});

describe('parseTimestamp', () => {
  it('reads seconds, milliseconds and zoned ISO 8601', () => {
    expect(parseTimestamp('1600000000')).toBe(1_600_000_000);
    expect(parseTimestamp('1600000000123')).toBe(1_600_000_000);
    expect(parseTimestamp('2020-09-13T12:26:40+00:00')).toBe(1_600_000_000);
    expect(() => parseTimestamp('2020-09-13T12:26:40')).toThrow(/time zone/);
  });
});

describe('bytes and text', () => {
  // Plain rows take the byte-level fast path; quoted, mixed-case, exponent, oversized, ISO-time,
  // hex-TRON and bad rows go through the string parsers. Both must give the same graph and
  // report, however the input is cut into chunks.
  const rows = [
    `\uFEFF${HEADER}`,
    `eth,ETH,${hash(1)},1,0,0,1600000000,${addr(1)},${addr(2)},1.5`,
    `eth,ETH,${hash(2)},1,0,1,1600000000,0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed,${addr(2)},0E-18`,
    `eth,ETH,${hash(3)},2,0,0,2020-09-13T12:26:41Z,${addr(2)},${addr(3)},18.446744073709551615`,
    `eth,ETH,${hash(4)},2,1,0,1600000001000,${addr(3)},${addr(1)},18.446744073709551616`,
    `eth,"USDT",${hash(5)},3,0,0,1600000002,${addr(1)},${addr(4)},"1,5"`,
    `eth,USDT,"${hash(6)}`,
    `",3,1,0,1600000002,${addr(1)},${addr(4)},2`,
    `eth,ÉTH,${hash(7)},4,0,0,1600000003,${addr(1)},${addr(4)},2`,
    `tron,USDT,${'ab'.repeat(32)},5,0,0,1600000004,TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t,41a614f803b6fd780986a42c78ec9c7f77e6ded13c,0.000001`,
    `tron,USDT,${'ac'.repeat(32)},5,0,1,1600000004,TKgD8Qnx9Zw3DNvG6o83PkufnMbtEXis4T,TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t,3`,
    `tron,USDT,${'ad'.repeat(32)},5,0,2,1600000004,TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u,TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t,3`,
    '',
    `eth,ETH,${hash(8)},1,0,0,1600000000,${addr(1)},${addr(2)},1`,
    `eth,ETH,0X${'AB'.repeat(32)},6,0,0,1600000005,${addr(5)},${addr(1)},00012.50`,
    `eth,ETH,${hash(9)},7,0,0,1600000006,${addr(5)},${addr(1)},1.5,extra`,
  ];
  const text = `${rows.join('\r\n')}`;

  function snapshot(push: (sink: { push(c: string | Uint8Array): void }) => void) {
    const importer = createTransferImporter();
    const sink = importer.file('mixed.csv');
    push(sink);
    sink.end();
    const { graph, report } = importer.finish();
    const transfers = Array.from({ length: graph.transferCount }, (_, t) => ({
      ...graph.transfer(t),
      ...graph.source(t),
    }));
    return { report, transfers };
  }

  it('reads plain and unusual rows alike from text and from bytes cut anywhere', () => {
    const whole = snapshot((sink) => sink.push(text));
    expect(whole.report.files[0]).toMatchObject({ rows: 13, accepted: 8, zeroValueSkipped: 1 });
    expect(whole.transfers.map((t) => [t.line, t.amount])).toEqual([
      [2, 1_500_000_000_000_000_000n],
      [4, 2n ** 64n - 1n],
      [5, 2n ** 64n],
      [7, 2_000_000n],
      [15, 12_500_000_000_000_000_000n],
      [16, 1_500_000_000_000_000_000n],
      [10, 1n],
      [11, 3_000_000n],
    ]);
    expect(whole.transfers[2]?.timestamp).toBe(1_600_000_001);
    expect(whole.transfers[6]?.to).toBe('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t');
    expect(whole.report.rejected.map((r) => [r.line, r.reason.slice(0, 30)])).toEqual([
      [6, 'Invalid amount "1,5": expected'],
      [9, 'unknown asset ÉTH on eth: give'],
      [12, 'from address: "TR7NHqjeKQxGTCi'],
      [14, 'row is out of order (block 1, '],
    ]);
    const bytes = new TextEncoder().encode(text);
    for (const size of [1, 2, 7, 64, bytes.length]) {
      const cut = snapshot((sink) => {
        for (let i = 0; i < bytes.length; i += size) sink.push(bytes.subarray(i, i + size));
      });
      expect(cut, `chunks of ${size} bytes`).toEqual(whole);
    }
  });
});

describe('global order', () => {
  it('orders rows from many files by block, transaction index and hash, wherever they start', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      // Wide values use every 16-bit digit; a few shared (block, tx) pairs tie on both.
      block: i % 50 === 0 ? 7 : Math.floor(random() * 2 ** 32),
      tx: i % 50 === 0 ? 70_000 : Math.floor(random() * 2 ** 20),
      hash: hash(1 + Math.floor(random() * 2 ** 40)),
      from: addr(1 + (i % 97)),
      to: addr(200 + (i % 89)),
    }));
    const files: Record<string, string> = {};
    for (let f = 0; f < 5; f++) {
      const mine = rows
        .filter((_, i) => i % 5 === f)
        .sort((a, b) => a.block - b.block || a.tx - b.tx);
      files[`part-${f}.csv`] = `${HEADER}\n${mine
        .map((r) => `eth,ETH,${r.hash},${r.block},${r.tx},0,1600000000,${r.from},${r.to},1`)
        .join('\n')}\n`;
    }
    const { graph, report } = load(files);
    expect(report.rejected).toEqual([]);
    const expected = [...rows]
      .sort((a, b) => a.block - b.block || a.tx - b.tx || (a.hash < b.hash ? -1 : 1))
      .map((r) => r.hash);
    expect(Array.from({ length: graph.transferCount }, (_, t) => graph.txHash(t))).toEqual(
      expected,
    );
  });
});

describe('amountNumber', () => {
  it('gives amounts below 2^53 base units as exact doubles and -1 above', () => {
    const rows = ['9007199254740991', '9007199254740992', '18446744073709551616', '0.5'].map(
      (v, i) => `eth,ETH,${hash(i + 1)},${i + 1},0,0,1600000000,${addr(1)},${addr(2)},${v}`,
    );
    // Whole ETH: base units are 10^18 times these; use 0 decimals through a custom asset.
    const { graph } = load(
      { 'a.csv': `${HEADER}\n${rows.join('\n').replaceAll(',ETH,', ',WEI,')}\n` },
      { assetDecimals: { 'eth:WEI': 0 } },
    );
    expect(graph.transferCount).toBe(3); // 0.5 has too many decimals for WEI
    expect([0, 1, 2].map((t) => graph.amountNumber(t))).toEqual([2 ** 53 - 1, -1, -1]);
    expect(graph.amount(2)).toBe(2n ** 64n);
  });
});
