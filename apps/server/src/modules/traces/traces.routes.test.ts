import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedFiles } from '../../../test/artefact-files.js';
import { createTestActor, type TestActor } from '../../../test/auth.js';
import {
  countRows,
  createTestDatabase,
  type TestDatabase,
  whileInsertsRefused,
} from '../../../test/database.js';
import { createApp } from '../../app.js';
import { ingestPosts } from '../posts/posts.service.js';

const LIMIT = 64 * 1024;

const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;
const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;

/** Seed 1 pays 3 into mule 2, which holds 7 clean from 9, then pays 2, 5, 3 to exchanges 10-12. */
const ROWS: [number, number, string][] = [
  [9, 2, '7'],
  [1, 2, '3'],
  [2, 10, '2'],
  [2, 11, '5'],
  [2, 12, '3'],
];
function transfersCsv(extra: string[] = []): string {
  const lines = ['chain,asset,tx_hash,block,tx_index,log_index,timestamp,from,to,amount'];
  ROWS.forEach(([from, to, amount], i) => {
    lines.push(
      `eth,ETH,${hash(i + 1)},${100 + i},0,0,${1_600_000_000 + 60 * i},${addr(from)},${addr(to)},${amount}`,
    );
  });
  return `${[...lines, ...extra].join('\n')}\n`;
}
const LABELS = `chain,address,label,category,confidence,source
eth,${addr(10)},ExA,exchange,service_data,test
eth,${addr(11)},ExB,exchange,service_data,test
eth,${addr(12)},ExC,exchange,service_data,test
`;

interface FilePart {
  field: string;
  filename: string;
  content: string | Buffer;
}

function multipart(fields: [string, string][], files: FilePart[]) {
  const boundary = `----jaga${randomUUID()}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of fields) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  for (const file of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

describe('traces on the hub', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let dataDir: string;
  let a1: TestActor;
  let aViewer: TestActor;
  let b1: TestActor;

  const files = (transfers = transfersCsv()): FilePart[] => [
    { field: 'transfers', filename: 'transfers.csv', content: transfers },
    { field: 'labels', filename: 'labels.csv', content: LABELS },
  ];
  const post = (who: TestActor, fields: [string, string][], parts: FilePart[] = files()) => {
    const body = multipart(fields, parts);
    return app.inject({
      method: 'POST',
      url: '/api/v1/traces',
      headers: { ...who.authHeader, ...body.headers },
      payload: body.payload,
    });
  };
  const get = (who: TestActor, url: string) =>
    app.inject({ method: 'GET', url, headers: who.authHeader });
  const count = (table: 'artefacts' | 'custody_log_leaves' | 'selectors' | 'traces') =>
    countRows(database.db, table);

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jaga-traces-'));
    app = await createApp({
      db: database.db,
      databaseKind: database.kind,
      version: 'test',
      dataDir,
      maxUploadBytes: LIMIT,
    });
    a1 = await createTestActor(database.db);
    aViewer = await createTestActor(database.db, {
      organisation: a1.actor.organisationId,
      role: 'viewer',
    });
    b1 = await createTestActor(database.db);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs a trace, stores the JSON report and CSV hops as artefacts in the custody log', async () => {
    const response = await post(a1, [
      ['from', addr(1)],
      ['model', 'haircut'],
      ['tlp', 'AMBER'],
    ]);
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(response.headers.location).toBe(`/api/v1/traces/${body.id}`);
    const amounts = Object.fromEntries(
      body.summary.endpoints.map((e: { label: string; amount: string }) => [e.label, e.amount]),
    );
    expect(amounts).toEqual({ ExA: '0.6', ExB: '1.5', ExC: '0.9' });
    expect(body.summary.totals).toMatchObject({
      seeded: '3',
      reachedEndpoints: '3',
      conserved: true,
    });
    expect(body.input.files.map((f: { kind: string }) => f.kind)).toEqual(['transfers', 'labels']);
    expect(body.input.files[0].sha256).toBe(sha256(transfersCsv()));
    expect(body.artefacts.map((a: { kind: string }) => a.kind)).toEqual(['report', 'hops']);

    const [report, hops] = body.artefacts;
    const json = await get(a1, `/api/v1/artefacts/${report.id}/content`);
    expect(json.statusCode).toBe(200);
    expect(sha256(json.rawPayload)).toBe(report.sha256);
    const parsed = JSON.parse(json.body);
    expect(parsed.hops.map((h: { arithmetic: string }) => h.arithmetic)).toContain(
      'haircut: 2 × 3 / 10 = 0.6',
    );
    const csv = await get(a1, `/api/v1/artefacts/${hops.id}/content`);
    expect(sha256(csv.rawPayload)).toBe(hops.sha256);
    expect(csv.body).toContain('haircut: 5 × 2.4 / 8 = 1.5');

    const trail = await get(a1, `/api/v1/artefacts/${report.id}/custody`);
    const types = trail.json().items.map((i: { leaf: { type: string } }) => i.leaf.type);
    expect(types[0]).toBe('artefact.upload');
    const leaves = await database.db
      .selectFrom('custody_log_leaves')
      .select('leaf')
      .where('subject_id', '=', body.id)
      .execute();
    expect(leaves).toHaveLength(1);
    const leaf = JSON.parse(leaves[0]?.leaf ?? '{}');
    expect(leaf).toMatchObject({
      type: 'trace.run',
      subject: { kind: 'trace', id: body.id, sha256: report.sha256 },
      details: { reportArtefactId: report.id, hopsArtefactId: hops.id },
    });
    expect(leaf.details.inputs.map((i: { sha256: string }) => i.sha256)).toEqual(
      body.input.files.map((f: { sha256: string }) => f.sha256),
    );

    const again = await get(a1, `/api/v1/traces/${body.id}`);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(body);
  });

  it('stores no artefact, selector or leaf of a trace that cannot be recorded', async () => {
    // Wallets of their own, so that the selectors they would become are new.
    const transfers = [
      'chain,asset,tx_hash,block,tx_index,log_index,timestamp,from,to,amount',
      `eth,ETH,${hash(0x601)},950,0,0,1700100000,${addr(0x601)},${addr(0x602)},4`,
    ].join('\n');
    const parts: FilePart[] = [
      { field: 'transfers', filename: 'transfers.csv', content: transfers },
    ];
    const fields: [string, string][] = [
      ['from', addr(0x601)],
      ['tlp', 'AMBER'],
    ];
    const before = {
      artefacts: await count('artefacts'),
      leaves: await count('custody_log_leaves'),
      selectors: await count('selectors'),
      traces: await count('traces'),
    };
    // The trace row cannot be written, after both artefacts were inserted in the same transaction.
    await whileInsertsRefused(database.db, 'traces', async () => {
      const failed = await post(a1, fields, parts);
      expect(failed.statusCode).toBe(500);
      expect(failed.body).not.toContain('refused by the test');
    });
    expect({
      artefacts: await count('artefacts'),
      leaves: await count('custody_log_leaves'),
      selectors: await count('selectors'),
      traces: await count('traces'),
    }).toEqual(before);

    // The same trace run again is recorded whole: two artefacts, then three leaves in a row.
    const response = await post(a1, fields, parts);
    expect(response.statusCode, response.body).toBe(201);
    const trace = response.json();
    const [report, hops] = trace.artefacts;
    expect(await count('artefacts')).toBe(before.artefacts + 2);
    const leaves = (
      await database.db
        .selectFrom('custody_log_leaves')
        .select('leaf')
        .where('leaf_index', '>=', before.leaves)
        .orderBy('leaf_index')
        .execute()
    ).map((row) => JSON.parse(row.leaf));
    expect(leaves.map((leaf) => [leaf.type, leaf.subject.id, leaf.subject.sha256])).toEqual([
      ['artefact.upload', report.id, report.sha256],
      ['artefact.upload', hops.id, hops.sha256],
      ['trace.run', trace.id, report.sha256],
    ]);
    expect(leaves[2].details.selectorIds).toEqual(trace.summary.selectorIds);
    expect(trace.summary.selectorIds.length).toBeGreaterThan(0);
    expect(await count('selectors')).toBe(before.selectors + trace.summary.selectorIds.length);
  });

  it('refuses an unknown sharing group before storing any byte of the report', async () => {
    const files = storedFiles(dataDir);
    const artefacts = await count('artefacts');
    const response = await post(a1, [
      ['from', addr(1)],
      ['tlp', 'AMBER'],
      ['groups', randomUUID()],
    ]);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('groups');
    expect(storedFiles(dataDir)).toEqual(files);
    expect(await count('artefacts')).toBe(artefacts);
  });

  it('ends paths at probable deposit addresses of labelled exchanges', async () => {
    // 1 → 2 → 3 → 4, and 4 sweeps it all to exchange wallet 10 a minute later.
    const rows: [number, number, string][] = [
      [1, 2, '5'],
      [2, 3, '5'],
      [3, 4, '4.5'],
      [4, 10, '4.5'],
    ];
    const csv =
      transfersCsv().split('\n')[0] +
      '\n' +
      rows
        .map(
          ([from, to, amount], i) =>
            `eth,ETH,${hash(100 + i)},${300 + i},0,0,${1_700_000_000 + 60 * i},${addr(from)},${addr(to)},${amount}`,
        )
        .join('\n');
    const response = await post(
      a1,
      [
        ['from', addr(1)],
        ['tlp', 'AMBER'],
      ],
      files(`${csv}\n`),
    );
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().summary.endpoints).toEqual([
      expect.objectContaining({ address: addr(4), attribution: 'inferred-deposit', amount: '4.5' }),
    ]);
  });

  it('gives byte-identical reports for the same inputs', async () => {
    const fields: [string, string][] = [
      ['from', addr(1)],
      ['model', 'fifo'],
      ['tlp', 'GREEN'],
    ];
    const first = (await post(a1, fields)).json();
    const second = (await post(a1, fields)).json();
    expect(second.id).not.toBe(first.id);
    expect(second.artefacts.map((a: { sha256: string }) => a.sha256)).toEqual(
      first.artefacts.map((a: { sha256: string }) => a.sha256),
    );
    expect(first.summary.endpoints.map((e: { amount: string }) => e.amount)).toEqual(['3']);
  });

  it('lists rejected rows and seeds with their line numbers and traces the rest', async () => {
    const response = await post(
      a1,
      [
        ['from', `${addr(1)},not-an-address`],
        ['tlp', 'AMBER'],
      ],
      files(
        transfersCsv([
          `eth,ETH,${hash(50)},200,0,0,1600009000,${addr(3)},${addr(4)},-5`,
          'eth,ETH,garbage',
        ]),
      ),
    );
    expect(response.statusCode, response.body).toBe(201);
    const { input, summary } = response.json();
    expect(input.rejectedTotal).toBe(3);
    expect(input.rejected).toEqual([
      expect.objectContaining({ file: 'transfers.csv', line: 7 }),
      expect.objectContaining({ file: 'transfers.csv', line: 8 }),
      expect.objectContaining({ file: 'from', line: 2 }),
    ]);
    expect(summary.totals.reachedEndpoints).toBe('3');
  });

  it('applies the sharing policy: unreadable traces answer 404 like unknown ones', async () => {
    const amber = (
      await post(a1, [
        ['from', addr(1)],
        ['tlp', 'AMBER'],
      ])
    ).json();
    const green = (
      await post(a1, [
        ['from', addr(1)],
        ['tlp', 'GREEN'],
      ])
    ).json();
    expect((await get(aViewer, `/api/v1/traces/${amber.id}`)).statusCode).toBe(200);
    const hidden = await get(b1, `/api/v1/traces/${amber.id}`);
    const unknown = await get(b1, `/api/v1/traces/${randomUUID()}`);
    expect(hidden.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(hidden.json().error.code).toBe(unknown.json().error.code);
    expect((await get(b1, `/api/v1/artefacts/${amber.artefacts[0].id}`)).statusCode).toBe(404);
    expect((await get(b1, `/api/v1/traces/${green.id}`)).statusCode).toBe(200);
  });

  it('refuses bad requests with the field and the fix', async () => {
    const tooFar = await post(a1, [
      ['from', addr(1)],
      ['tlp', 'AMBER'],
      ['maxHops', '50'],
    ]);
    expect(tooFar.statusCode).toBe(400);
    expect(tooFar.body).toContain('body/maxHops');

    const noFiles = await post(
      a1,
      [
        ['from', addr(1)],
        ['tlp', 'AMBER'],
      ],
      [],
    );
    expect(noFiles.statusCode).toBe(400);
    expect(noFiles.body).toContain('transfers: missing');

    const badModel = await post(a1, [
      ['from', addr(1)],
      ['tlp', 'AMBER'],
      ['model', 'magic'],
    ]);
    expect(badModel.statusCode).toBe(400);
    expect(badModel.body).toContain('body/model');

    const viewer = await post(aViewer, [
      ['from', addr(1)],
      ['tlp', 'AMBER'],
    ]);
    expect(viewer.statusCode).toBe(403);
  });

  it('bounds each uploaded file by the node limit and stores nothing when it is exceeded', async () => {
    const before = await database.db
      .selectFrom('artefacts')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const big = transfersCsv([
      ...Array.from(
        { length: 2000 },
        (_, i) =>
          `eth,ETH,${hash(1000 + i)},${1000 + i},0,0,${1_600_100_000 + i},${addr(3)},${addr(4)},1`,
      ),
    ]);
    expect(big.length).toBeGreaterThan(LIMIT);
    const response = await post(
      a1,
      [
        ['from', addr(1)],
        ['tlp', 'AMBER'],
      ],
      files(big),
    );
    expect(response.statusCode).toBe(413);
    expect(response.body).toContain('64 KB');
    const after = await database.db
      .selectFrom('artefacts')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
  it('lists the traces a user may read, newest first, a page at a time', async () => {
    const c1 = await createTestActor(database.db);
    const d1 = await createTestActor(database.db);
    const ran: string[] = [];
    for (const tlp of ['AMBER', 'AMBER+STRICT', 'GREEN']) {
      const response = await post(c1, [
        ['from', addr(1)],
        ['tlp', tlp],
      ]);
      expect(response.statusCode, response.body).toBe(201);
      ran.push(response.json().id);
    }
    const seen: { id: string; tlp: string; endpoints: number; reachedEndpoints: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await get(
        c1,
        `/api/v1/traces?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 50);
    const mine = seen.filter((item) => ran.includes(item.id));
    expect(mine.map((item) => item.id)).toEqual([...ran].reverse());
    expect(mine[0]).toMatchObject({
      tlp: 'GREEN',
      model: 'haircut',
      chain: 'eth',
      asset: 'ETH',
      seeds: 1,
      endpoints: 3,
      seeded: '3',
      reachedEndpoints: '3',
      conserved: true,
      organisation: { id: c1.actor.organisationId },
    });
    // Another organisation sees the GREEN trace only; the AMBER ones are not listed at all.
    const other = (await get(d1, '/api/v1/traces?limit=200')).json();
    const visible = other.items.map((item: { id: string }) => item.id);
    expect(visible).toContain(ran[2]);
    expect(visible).not.toContain(ran[0]);
    expect(visible).not.toContain(ran[1]);
    expect(
      other.items.every((item: { tlp: string }) => ['CLEAR', 'GREEN'].includes(item.tlp)),
    ).toBe(true);

    const bad = await get(c1, '/api/v1/traces?cursor=not-a-cursor');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('querystring/cursor');
    const tooMany = await get(c1, '/api/v1/traces?limit=5000');
    expect(tooMany.statusCode).toBe(400);
  });

  it('makes the wallets a trace found selectors, seen in the trace and as readable as it', async () => {
    const e1 = await createTestActor(database.db);
    const f1 = await createTestActor(database.db);
    // Addresses of their own: no other test names them.
    const seed = addr(0x501);
    const deposit = addr(0x502);
    const exchange = addr(0x510);
    const transfers = [
      'chain,asset,tx_hash,block,tx_index,log_index,timestamp,from,to,amount',
      `eth,ETH,${hash(0x501)},900,0,0,1700000000,${seed},${deposit},4`,
      `eth,ETH,${hash(0x502)},901,0,0,1700000060,${deposit},${exchange},4`,
      `eth,ETH,${hash(0x503)},902,0,0,1700000120,${seed},${exchange},1`,
    ].join('\n');
    const labels = `chain,address,label,category,confidence,source\neth,${exchange},ExE,exchange,service_data,test\n`;
    // The exchange's wallet was already reported in a post of organisation E.
    const [reported] = await ingestPosts(database.db, e1.actor, [
      {
        source: 'tip',
        text: 'Victim paid the recruitment fee to this wallet',
        selectors: [{ type: 'wallet', value: exchange, chain: 'ETH' }],
      },
    ]);
    if (!reported || 'error' in reported) throw new Error(JSON.stringify(reported));
    const fromPost = reported.selectors.find((s) => s.value === exchange);

    const response = await post(
      e1,
      [
        ['from', seed],
        ['tlp', 'AMBER'],
      ],
      [
        { field: 'transfers', filename: 'transfers.csv', content: transfers },
        { field: 'labels', filename: 'labels.csv', content: labels },
      ],
    );
    expect(response.statusCode, response.body).toBe(201);
    const trace = response.json();
    const lookup = (who: TestActor, value: string) =>
      get(who, `/api/v1/selectors?type=wallet&chain=ETH&value=${value}`);

    // The seed, the probable deposit address (it forwards all it gets to the exchange) and the
    // exchange it paid directly are wallet selectors; the exchange's is the post's one.
    expect(trace.summary.endpoints.map((e: { address: string }) => e.address).sort()).toEqual(
      [deposit, exchange].sort(),
    );
    const views = await Promise.all([seed, deposit, exchange].map((a) => lookup(e1, a)));
    for (const view of views) expect(view.statusCode, view.body).toBe(200);
    const [seedView, depositView, exchangeView] = views.map((v) => v.json());
    expect(depositView.sightings).toEqual([expect.objectContaining({ traceId: trace.id })]);
    expect(seedView.selector).toMatchObject({ type: 'wallet', chain: 'ETH', value: seed });
    expect(trace.summary.selectorIds).toHaveLength(3);
    expect(trace.summary.selectorIds).toEqual(
      expect.arrayContaining(views.map((v) => v.json().selector.id)),
    );
    expect(trace.summary.selectorIds).toContain(fromPost?.id);
    expect(seedView.sightings).toEqual([
      {
        kind: 'trace',
        traceId: trace.id,
        seenAt: trace.createdAt,
        source: 'trace',
        tlp: 'AMBER',
        excerpt: 'Found by a haircut trace',
      },
    ]);
    // The wallet in a post and in a trace: both sightings, and the trace links it to the seed.
    expect(exchangeView.totalSightings).toBe(2);
    expect(new Set(exchangeView.sightings.map((si: { kind: string }) => si.kind))).toEqual(
      new Set(['post', 'trace']),
    );
    expect(exchangeView.sightings).toContainEqual(
      expect.objectContaining({ kind: 'post', postId: reported.id }),
    );
    expect(exchangeView.linkedSelectors).toContainEqual(
      expect.objectContaining({ value: seed, traces: 1, posts: 0 }),
    );

    // Another organisation: no sighting, no trace id, only the AMBER hint.
    const other = await lookup(f1, seed);
    expect(other.statusCode, other.body).toBe(200);
    const hidden = other.json();
    expect(hidden.sightings).toEqual([]);
    expect(hidden.totalSightings).toBe(0);
    expect(hidden.linkedSelectors).toEqual([]);
    expect(hidden.hints).toEqual([expect.objectContaining({ tlp: 'AMBER', organisations: 1 })]);
    expect(other.body).not.toContain(trace.id);

    // The sightings and the trace were written together with its custody leaf.
    const leaf = await database.db
      .selectFrom('custody_log_leaves')
      .select('leaf')
      .where('subject_id', '=', trace.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(leaf.leaf)).toMatchObject({
      type: 'trace.run',
      details: { selectorIds: trace.summary.selectorIds },
    });
  });
});
