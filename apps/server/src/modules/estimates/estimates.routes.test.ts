import { captureData, estimatePopulation } from '@jaga/estimation';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor, type TestActor } from '../../../test/auth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createApp } from '../../app.js';
import { createEstimate } from './estimates.service.js';

/** A small seeded generator (mulberry32), so the synthetic lists are the same on every run. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BYTES = 128; // 1024-bit CLKs, as clkhash's usual schema

/**
 * Three agencies' encoded lists over one synthetic population with the given capture histories
 * (first list = most significant bit). Each person has their own random Bloom filter; each agency's
 * copy has a few bits flipped (typos) and each list is shuffled, as real lists are.
 */
function syntheticLists(histories: Record<string, number>, seed: number): string[][] {
  const random = generator(seed);
  const lists: string[][] = [[], [], []];
  for (const [history, count] of Object.entries(histories)) {
    for (let p = 0; p < count; p++) {
      const person = Uint8Array.from({ length: BYTES }, () => Math.floor(random() * 256));
      history.split('').forEach((bit, x) => {
        if (bit !== '1') return;
        const copy = Uint8Array.from(person);
        for (let f = 0; f < 6; f++) {
          const i = Math.floor(random() * BYTES * 8);
          copy[i >> 3] = (copy[i >> 3] as number) ^ (1 << (i & 7));
        }
        lists[x]?.push(Buffer.from(copy).toString('base64'));
      });
    }
  }
  for (const list of lists) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [list[i], list[j]] = [list[j] as string, list[i] as string];
    }
  }
  return lists;
}

// Rows 001 … 111 of lists A, B, C; 110 has 3 people, below the minimum cell size of 5.
const HISTORIES = { '001': 60, '010': 50, '011': 12, '100': 70, '101': 15, '110': 3, '111': 8 };

describe('estimates over encoded lists', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let a1: TestActor; // organisation A (police)
  let aViewer: TestActor;
  let b1: TestActor; // organisation B (NGO)
  let c1: TestActor; // organisation C (consulate)
  let encoded: string[][];

  const post = (who: TestActor, url: string, payload: unknown) =>
    app.inject({ method: 'POST', url, headers: who.authHeader, payload: payload as object });
  const get = (who: TestActor, url: string) =>
    app.inject({ method: 'GET', url, headers: who.authHeader });
  const upload = (who: TestActor, payload: Record<string, unknown>) =>
    post(who, '/api/v1/estimates/lists', payload);
  const leaves = async (subjectId: string) =>
    (
      await database.db
        .selectFrom('custody_log_leaves')
        .select('leaf')
        .where('subject_id', '=', subjectId)
        .execute()
    ).map((row) => JSON.parse(row.leaf));

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createApp({ db: database.db, databaseKind: database.kind, version: 'test' });
    a1 = await createTestActor(database.db, { organisation: { name: 'Org A' } });
    aViewer = await createTestActor(database.db, {
      organisation: a1.actor.organisationId,
      role: 'viewer',
    });
    b1 = await createTestActor(database.db, { organisation: { name: 'Org B' } });
    c1 = await createTestActor(database.db, { organisation: { name: 'Org C' } });
    encoded = syntheticLists(HISTORIES, 42);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('stores an encoded list, never sends its CLKs back and logs ids and hashes only', async () => {
    const clks = encoded[0] as string[];
    const response = await upload(a1, { name: 'Police Bangkok 2026', tlp: 'AMBER', clks });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      name: 'Police Bangkok 2026',
      records: clks.length,
      bits: 1024,
      tlp: 'AMBER',
      organisation: { id: a1.actor.organisationId, name: 'Org A' },
    });
    expect(body.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(response.body).not.toContain(clks[0]);

    const listed = (await get(a1, '/api/v1/estimates/lists')).json().items;
    expect(listed.map((list: { id: string }) => list.id)).toContain(body.id);
    expect(JSON.stringify(listed)).not.toContain(clks[0]);

    const [leaf, ...more] = await leaves(body.id);
    expect(more).toHaveLength(0);
    expect(leaf).toMatchObject({
      type: 'estimate-list.upload',
      subject: { kind: 'estimate-list', id: body.id, sha256: body.sha256 },
      details: { records: clks.length, bits: 1024, tlp: 'AMBER' },
    });
    expect(JSON.stringify(leaf)).not.toContain('Police');
    expect(JSON.stringify(leaf)).not.toContain(clks[0]);
  });

  it('refuses anything that is not a list of CLKs, naming the field', async () => {
    const clk = (encoded[1] as string[])[0] as string;
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'x', tlp: 'GREEN', clks: [clk, 'Somchai Prasert'] }, 'body/clks/1'],
      [{ name: 'x', tlp: 'GREEN', clks: ['U29tY2hhaVByYXNlcnQ='] }, 'body/clks/0'], // "SomchaiPrasert"
      [{ name: 'x', tlp: 'GREEN', clks: [clk, clk.slice(0, 88)] }, 'body/clks/1'],
      [{ name: 'x', tlp: 'GREEN', clks: [Buffer.alloc(BYTES).toString('base64')] }, 'body/clks/0'],
      [{ name: 'x', tlp: 'GREEN', clks: [`${clk.slice(0, -3)}AB=`] }, 'body/clks/0'],
      [{ name: 'x', tlp: 'GREEN', clks: [] }, 'body/clks'],
      [{ name: 'x', tlp: 'GREEN', clks: [42] }, 'body/clks/0'],
      [{ name: 'x', tlp: 'GREEN', clks: [clk], names: ['Somchai'] }, 'body'],
      [{ name: '', tlp: 'GREEN', clks: [clk] }, 'body/name'],
      [{ name: 'x', tlp: 'RED', clks: [clk] }, 'body/tlp'],
      [{ name: 'x', tlp: 'GREEN', clks: [clk], groups: ['not-a-group'] }, 'body/groups/0'],
      [
        { name: 'x', tlp: 'GREEN', clks: [clk], groups: ['0b7c2f9e-1d3a-4c5b-8e6f-7a8b9c0d1e2f'] },
        'body/groups',
      ],
    ];
    const before = (await get(a1, '/api/v1/estimates/lists')).json().items.length;
    for (const [payload, where] of cases) {
      const response = await upload(a1, payload);
      expect(response.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(response.json().error.message).toContain(where);
    }
    expect((await get(a1, '/api/v1/estimates/lists')).json().items).toHaveLength(before);
    // Even the refusal does not echo the plain text back.
    const refused = await upload(a1, { name: 'x', tlp: 'GREEN', clks: ['Somchai Prasert'] });
    expect(refused.body).not.toContain('Somchai');
  });

  it('lets viewers read but not upload', async () => {
    const response = await upload(aViewer, {
      name: 'x',
      tlp: 'GREEN',
      clks: [(encoded[0] as string[])[0]],
    });
    expect(response.statusCode).toBe(403);
  });

  it('links three agencies’ lists, estimates the hidden total and hides small cells', async () => {
    const ids: string[] = [];
    for (const [i, who] of [a1, b1, c1].entries()) {
      const response = await upload(who, {
        name: ['Police', 'NGO shelter', 'Consulate'][i],
        tlp: 'GREEN',
        clks: encoded[i],
      });
      expect(response.statusCode).toBe(201);
      ids.push(response.json().id);
    }
    const response = await post(a1, '/api/v1/estimates', { lists: ids });
    expect(response.statusCode).toBe(201);
    const report = response.json();
    expect(response.headers.location).toBe(`/api/v1/estimates/${report.id}`);

    // The linkage recovered the people exactly, so the estimate is the package's on the true table.
    const rows = Object.entries(HISTORIES).map(([history, count]) => ({
      history: history.split('').map(Number),
      count,
    }));
    const expected = estimatePopulation(captureData(['A', 'B', 'C'], rows), {
      method: 'stepwise',
    });
    expect(report.observed).toBe(218);
    expect(report.estimate).toBeCloseTo(expected.estimate, 6);
    expect(report.interval).toEqual(expected.interval);
    expect(report.terms).toEqual(expected.terms);
    expect(report.method).toBe('stepwise');
    expect(report.lists.map((list: { id: string; code: string }) => [list.id, list.code])).toEqual(
      ids.map((id, i) => [id, 'ABC'[i]]),
    );

    // Cells below 5 never appear exactly; the lone small cell takes the next smallest with it.
    expect(report.minimumCellSize).toBe(5);
    const shown = Object.fromEntries(
      report.histories.map((row: { history: number[]; count: unknown }) => [
        row.history.join(''),
        row.count,
      ]),
    );
    expect(shown).toEqual({
      '001': 60,
      '010': 50,
      '011': 12,
      '100': 70,
      '101': 15,
      '110': '<5',
      '111': 'suppressed',
    });
    expect(
      report.histories.find((row: { history: number[] }) => row.history.join('') === '110'),
    ).toMatchObject({ lists: ['A', 'B'] });
    expect(report.warnings.join(' ')).toContain('fewer than 5 people are shown as "<5"');
    expect(report.lists.every((list: { records: unknown }) => list.records === null)).toBe(true);
    expect(response.body).not.toMatch(/"count":[0-4][,}]/);

    // Stored: the same report on reading, for anyone the GREEN marking allows.
    const again = await get(c1, `/api/v1/estimates/${report.id}`);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(report);

    const [leaf] = await leaves(report.id);
    expect(leaf).toMatchObject({
      type: 'estimate.run',
      subject: { kind: 'estimate', id: report.id },
      details: { method: 'stepwise', threshold: 0.86, minimumCellSize: 5, tlp: 'GREEN' },
    });
    expect(leaf.details.lists.map((list: { id: string }) => list.id)).toEqual(ids);
  });

  it('answers 404 for a list the caller may not read, exactly as for an unknown id', async () => {
    const secret = await upload(a1, {
      name: 'Police informants',
      tlp: 'AMBER+STRICT',
      clks: encoded[0],
    });
    const mine = await upload(b1, { name: 'NGO', tlp: 'AMBER', clks: encoded[1] });
    const secretId = secret.json().id;
    const mineId = mine.json().id;
    const unknownId = '6a1f5a0e-2b7c-4d8e-9f00-112233445566';

    const listedByB = (await get(b1, '/api/v1/estimates/lists')).json().items;
    expect(listedByB.map((list: { id: string }) => list.id)).not.toContain(secretId);

    const hidden = await post(b1, '/api/v1/estimates', { lists: [mineId, secretId] });
    const unknown = await post(b1, '/api/v1/estimates', { lists: [mineId, unknownId] });
    expect(hidden.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(hidden.body.replace(secretId, '<id>')).toBe(unknown.body.replace(unknownId, '<id>'));

    // The other way round: B's AMBER list, not released to A, is as unknown to A.
    const ok = await post(a1, '/api/v1/estimates', { lists: [secretId, mineId] });
    expect(ok.statusCode).toBe(404);
  });

  it('marks an estimate no less restrictively than its lists and hides it like one', async () => {
    const x = (await upload(a1, { name: 'A1', tlp: 'AMBER+STRICT', clks: encoded[0] })).json();
    const y = (await upload(a1, { name: 'A2', tlp: 'GREEN', clks: encoded[1] })).json();
    const looser = await post(a1, '/api/v1/estimates', { lists: [x.id, y.id], tlp: 'GREEN' });
    expect(looser.statusCode).toBe(400);
    expect(looser.json().error.message).toContain('body/tlp');

    const created = await post(a1, '/api/v1/estimates', { lists: [x.id, y.id], method: 'main' });
    expect(created.statusCode).toBe(201);
    expect(created.json().tlp).toBe('AMBER+STRICT');
    const id = created.json().id;
    const byB = await get(b1, `/api/v1/estimates/${id}`);
    const missing = await get(b1, '/api/v1/estimates/6a1f5a0e-2b7c-4d8e-9f00-112233445566');
    expect(byB.statusCode).toBe(404);
    expect(byB.body.replace(id, '<id>')).toBe(
      missing.body.replace('6a1f5a0e-2b7c-4d8e-9f00-112233445566', '<id>'),
    );
  });

  it('refuses bad estimate requests with a 400 naming the field', async () => {
    const ids = (await get(a1, '/api/v1/estimates/lists'))
      .json()
      .items.map((list: { id: string }) => list.id);
    const cases: [Record<string, unknown>, string][] = [
      [{ lists: [ids[0]] }, 'body/lists'],
      [{ lists: [ids[0], ids[0]] }, 'body/lists'],
      [{ lists: [ids[0], 'nope'] }, 'body/lists/1'],
      [{ lists: ids.slice(0, 2), bootstrap: 5000 }, 'body/bootstrap'],
      [{ lists: ids.slice(0, 2), bootstrap: 2.5 }, 'body/bootstrap'],
      [{ lists: ids.slice(0, 2), threshold: 1.5 }, 'body/threshold'],
      [{ lists: ids.slice(0, 2), method: 'magic' }, 'body/method'],
      [{ lists: ids.slice(0, 2), seed: -1 }, 'body/seed'],
      [{ lists: ids.slice(0, 2), names: true }, 'body'],
    ];
    for (const [payload, where] of cases) {
      const response = await post(a1, '/api/v1/estimates', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.message).toContain(where);
    }
  });

  it('refuses to link more record pairs than a request may, before linking anything', async () => {
    const ids: string[] = [];
    for (const i of [0, 1]) {
      ids.push((await upload(a1, { name: `P${i}`, tlp: 'GREEN', clks: encoded[i] })).json().id);
    }
    const pairs = (encoded[0] as string[]).length * (encoded[1] as string[]).length;
    const request = {
      lists: ids,
      threshold: 0.86,
      method: 'main' as const,
      bootstrap: 0,
      seed: 1,
      groups: [],
    };
    const deps = { db: database.db, now: Date.now };
    await expect(
      createEstimate({ ...deps, maxPairComparisons: pairs - 1 }, a1.actor, request),
    ).rejects.toThrow(/body\/lists: .*record pairs/);
    const report = await createEstimate({ ...deps, maxPairComparisons: pairs }, a1.actor, request);
    expect(report.lists).toHaveLength(2);
  });

  it('applies a configured minimum cell size to every cell it publishes', async () => {
    const ids: string[] = [];
    for (const i of [0, 1, 2]) {
      ids.push((await upload(a1, { name: `M${i}`, tlp: 'GREEN', clks: encoded[i] })).json().id);
    }
    const report = await createEstimate(
      { db: database.db, now: Date.now, minCellSize: 13 },
      a1.actor,
      { lists: ids, threshold: 0.86, method: 'stepwise', bootstrap: 0, seed: 1, groups: [] },
    );
    expect(report.minimumCellSize).toBe(13);
    expect(report.histories.map((row) => row.count)).toEqual([60, 50, '<13', 70, 15, '<13', '<13']);
    expect(report.warnings.join(' ')).toContain('fewer than 13 people are shown as "<13"');
  });

  it('gives the same bootstrap interval for the same seed', async () => {
    const ids: string[] = [];
    for (const i of [0, 1, 2]) {
      ids.push((await upload(a1, { name: `L${i}`, tlp: 'GREEN', clks: encoded[i] })).json().id);
    }
    const run = async (seed: number) =>
      (
        await post(a1, '/api/v1/estimates', {
          lists: ids,
          method: 'main',
          bootstrap: 40,
          seed,
        })
      ).json();
    const first = await run(7);
    const second = await run(7);
    expect(first.interval.kind).toBe('bca');
    expect(first.bootstrap).toMatchObject({ replicates: 40, seed: 7 });
    expect(second.interval).toEqual(first.interval);
    expect(second.id).not.toBe(first.id);
  });
});
