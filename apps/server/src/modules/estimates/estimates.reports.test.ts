import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor, type TestActor } from '../../../test/auth.js';
import {
  countRows,
  createTestDatabase,
  type TestDatabase,
  whileInsertsRefused,
} from '../../../test/database.js';
import { createApp } from '../../app.js';
import { type ArtefactStore, diskArtefactStore } from '../artefacts/artefact-store.js';
import { historiesCsv, saveEstimateReport } from './estimates.service.js';

const BYTES = 128;
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/**
 * Three lists over one population where person p is on the lists its history names; each person
 * is one random CLK (seeded, so runs repeat), copied exactly to every list that has them.
 */
function encodedLists(histories: Record<string, number>, seed: number): string[][] {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  const lists: string[][] = [[], [], []];
  for (const [history, count] of Object.entries(histories)) {
    for (let p = 0; p < count; p++) {
      const clk = Buffer.from(Uint8Array.from({ length: BYTES }, () => Math.floor(random() * 256)));
      history.split('').forEach((bit, x) => {
        if (bit === '1') lists[x]?.push(clk.toString('base64'));
      });
    }
  }
  return lists;
}

// 110 has 2 people: below the minimum cell size of 5, so it is published as "<5".
const HISTORIES = { '001': 40, '010': 35, '011': 9, '100': 45, '101': 11, '110': 2, '111': 6 };

describe('estimate lists, pages and saved reports', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let dataDir: string;
  let a1: TestActor;
  let aViewer: TestActor;
  let b1: TestActor;
  let listIds: string[];
  let groupId: string;

  const post = (who: TestActor, url: string, payload?: unknown) =>
    app.inject({
      method: 'POST',
      url,
      headers: who.authHeader,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const get = (who: TestActor, url: string) =>
    app.inject({ method: 'GET', url, headers: who.authHeader });
  const run = async (who: TestActor, extra: Record<string, unknown> = {}) => {
    const response = await post(who, '/api/v1/estimates', { lists: listIds, ...extra });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };
  const count = (table: 'artefacts' | 'custody_log_leaves') => countRows(database.db, table);
  const countArtefacts = () => count('artefacts');
  const leavesFrom = async (index: number) =>
    (
      await database.db
        .selectFrom('custody_log_leaves')
        .select(['leaf_index', 'leaf'])
        .where('leaf_index', '>=', index)
        .orderBy('leaf_index')
        .execute()
    ).map((row) => JSON.parse(row.leaf));
  /** The node's store, but `beforeCommit` runs once, just before the first staged file is committed. */
  const storeWithHook = (beforeCommit: () => Promise<void>): ArtefactStore => {
    const store = diskArtefactStore(dataDir);
    let pending: (() => Promise<void>) | undefined = beforeCommit;
    return {
      ...store,
      async stage(source, limit, isTruncated) {
        const staged = await store.stage(source, limit, isTruncated);
        return {
          ...staged,
          async commit() {
            const hook = pending;
            pending = undefined;
            await hook?.();
            await staged.commit();
          },
        };
      },
    };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jaga-estimate-reports-'));
    app = await createApp({
      db: database.db,
      databaseKind: database.kind,
      version: 'test',
      dataDir,
    });
    a1 = await createTestActor(database.db, { organisation: { name: 'Org A' } });
    aViewer = await createTestActor(database.db, {
      organisation: a1.actor.organisationId,
      role: 'viewer',
    });
    b1 = await createTestActor(database.db, { organisation: { name: 'Org B' } });
    const group = await post(a1, '/api/v1/sharing-groups', {
      name: 'Estimates working group',
      organisations: [b1.actor.organisationId],
    });
    expect(group.statusCode, group.body).toBe(201);
    groupId = group.json().id;
    listIds = [];
    for (const [i, clks] of encodedLists(HISTORIES, 7).entries()) {
      const response = await post(a1, '/api/v1/estimates/lists', {
        name: ['Police', 'NGO', 'Consulate'][i],
        tlp: 'AMBER',
        clks,
      });
      expect(response.statusCode, response.body).toBe(201);
      listIds.push(response.json().id);
    }
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the estimates a user may read, newest first, a page at a time', async () => {
    const ran = [
      (await run(a1)).id,
      (await run(a1, { tlp: 'AMBER+STRICT' })).id,
      (await run(a1, { groups: [groupId] })).id,
    ];
    const seen: { id: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await get(
        a1,
        `/api/v1/estimates?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(response.statusCode, response.body).toBe(200);
      seen.push(...response.json().items);
      cursor = response.json().nextCursor;
      pages += 1;
    } while (cursor && pages < 50);
    expect(seen.map((item) => item.id).filter((id) => ran.includes(id))).toEqual(
      [...ran].reverse(),
    );
    expect(seen[0]).toMatchObject({
      lists: [
        { code: 'A', name: 'Police' },
        { code: 'B', name: 'NGO' },
        { code: 'C', name: 'Consulate' },
      ],
      observed: 148,
      method: 'stepwise',
      tlp: 'AMBER',
      saved: false,
      organisation: { id: a1.actor.organisationId, name: 'Org A' },
    });
    // Org B reads only the estimate released to its sharing group.
    const other = (await get(b1, '/api/v1/estimates')).json();
    expect(other.items.map((item: { id: string }) => item.id)).toEqual([ran[2]]);

    const bad = await get(a1, '/api/v1/estimates?cursor=not-a-cursor');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('querystring/cursor');
  });

  it('saves a report once as two custody-logged artefacts with the estimate’s sharing', async () => {
    const estimate = await run(a1, { groups: [groupId] });
    expect(estimate.savedReport).toBeNull();
    const before = await countArtefacts();

    const saved = await post(a1, `/api/v1/estimates/${estimate.id}/report`);
    expect(saved.statusCode, saved.body).toBe(201);
    const body = saved.json();
    expect(body.savedReport.savedBy.id).toBe(a1.actor.userId);
    expect(body.savedReport.artefacts.map((a: { kind: string }) => a.kind)).toEqual([
      'report',
      'table',
    ]);
    const [report, table] = body.savedReport.artefacts;

    // The JSON is the report as GET answered it before saving, byte for byte re-readable.
    const json = await get(a1, `/api/v1/artefacts/${report.id}/content`);
    expect(json.statusCode).toBe(200);
    expect(sha256(json.rawPayload)).toBe(report.sha256);
    expect(JSON.parse(json.body)).toEqual({ ...estimate, savedReport: undefined });
    const csv = await get(a1, `/api/v1/artefacts/${table.id}/content`);
    expect(csv.body).toBe(historiesCsv(estimate));
    expect(csv.body.split('\n')[0]).toBe('A (Police),B (NGO),C (Consulate),count');
    expect(csv.body).toContain('1,1,0,<5');
    expect(csv.body).not.toMatch(/^1,1,0,2$/m);

    const artefact = (await get(a1, `/api/v1/artefacts/${report.id}`)).json();
    expect(artefact).toMatchObject({ tlp: 'AMBER', source: 'Jaga estimate on the hub' });
    expect(artefact.groups.map((g: { id: string }) => g.id)).toEqual([groupId]);
    // The group member reads the estimate and its saved report.
    const asB = (await get(b1, `/api/v1/estimates/${estimate.id}`)).json();
    expect(asB.savedReport.artefacts).toHaveLength(2);
    expect((await get(b1, `/api/v1/artefacts/${table.id}/content`)).statusCode).toBe(200);

    const leaves = (
      await database.db
        .selectFrom('custody_log_leaves')
        .select('leaf')
        .where('subject_id', '=', estimate.id)
        .execute()
    ).map((row) => JSON.parse(row.leaf));
    expect(leaves.map((leaf) => leaf.type)).toEqual(['estimate.run', 'estimate.report-save']);
    expect(leaves[1]).toMatchObject({
      subject: { kind: 'estimate', id: estimate.id, sha256: report.sha256 },
      details: { reportArtefactId: report.id, tableArtefactId: table.id, tlp: 'AMBER' },
    });
    expect(await countArtefacts()).toBe(before + 2);

    // Saving again answers the saved report and stores nothing more.
    const again = await post(a1, `/api/v1/estimates/${estimate.id}/report`);
    expect(again.statusCode).toBe(200);
    expect(again.json().savedReport).toEqual(body.savedReport);
    expect(await countArtefacts()).toBe(before + 2);
    const listed = (await get(a1, '/api/v1/estimates?limit=1')).json().items[0];
    expect(listed).toMatchObject({ id: estimate.id, saved: true });
  });

  it('lets only writers of the estimate’s organisation save it, and hides unreadable ones', async () => {
    const shared = await run(a1, { groups: [groupId] });
    const strict = await run(a1, { tlp: 'AMBER+STRICT' });
    const before = await countArtefacts();

    const viewer = await post(aViewer, `/api/v1/estimates/${shared.id}/report`);
    expect(viewer.statusCode).toBe(403);
    const partner = await post(b1, `/api/v1/estimates/${shared.id}/report`);
    expect(partner.statusCode).toBe(403);
    expect(partner.json().error.message).toContain('Org A');
    const hidden = await post(b1, `/api/v1/estimates/${strict.id}/report`);
    const unknown = await post(b1, `/api/v1/estimates/${randomUUID()}/report`);
    expect(hidden.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(hidden.json().error.code).toBe(unknown.json().error.code);
    const badId = await post(a1, '/api/v1/estimates/not-an-id/report');
    expect(badId.statusCode).toBe(400);
    expect(await countArtefacts()).toBe(before);
  });

  it('answers 503 and stores nothing on a node without a data folder', async () => {
    const estimate = await run(a1);
    const bare = await createApp({ db: database.db, databaseKind: database.kind, version: 'test' });
    try {
      const response = await bare.inject({
        method: 'POST',
        url: `/api/v1/estimates/${estimate.id}/report`,
        headers: a1.authHeader,
      });
      expect(response.statusCode).toBe(503);
      expect(response.json().error.message).toContain('--data');
    } finally {
      await bare.close();
    }
    expect((await get(a1, `/api/v1/estimates/${estimate.id}`)).json().savedReport).toBeNull();
  });
  it('stores no extra artefact when another request saved the estimate meanwhile', async () => {
    const estimate = await run(a1, { groups: [groupId] });
    const artefactsBefore = await countArtefacts();
    const logSize = await count('custody_log_leaves');
    let concurrent: { statusCode: number; body: string } | undefined;
    // Between this save's checks and its transaction, another request saves the same estimate.
    const store = storeWithHook(async () => {
      concurrent = await post(a1, `/api/v1/estimates/${estimate.id}/report`);
    });
    const { created, estimate: answered } = await saveEstimateReport(
      { db: database.db, now: Date.now, store },
      a1.actor,
      estimate.id,
    );
    expect(concurrent?.statusCode, concurrent?.body).toBe(201);
    const won = JSON.parse(concurrent?.body ?? '{}');
    expect(created).toBe(false);
    expect(answered.savedReport).toEqual(won.savedReport);
    // Only the winner's two artefacts and three leaves: the loser's were never written.
    expect(await countArtefacts()).toBe(artefactsBefore + 2);
    expect((await leavesFrom(logSize)).map((leaf) => leaf.type)).toEqual([
      'artefact.upload',
      'artefact.upload',
      'estimate.report-save',
    ]);
  });

  it('keeps one save of two sent at once, with two artefacts in all', async () => {
    const estimate = await run(a1);
    const artefactsBefore = await countArtefacts();
    const answers = await Promise.all([
      post(a1, `/api/v1/estimates/${estimate.id}/report`),
      post(a1, `/api/v1/estimates/${estimate.id}/report`),
    ]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 201]);
    const [one, other] = answers.map((answer) => answer.json().savedReport);
    expect(one).toEqual(other);
    expect(await countArtefacts()).toBe(artefactsBefore + 2);
  });

  it('leaves no artefact and no leaf behind when linking the saved report fails', async () => {
    const estimate = await run(a1, { groups: [groupId] });
    const artefactsBefore = await countArtefacts();
    const logSize = await count('custody_log_leaves');
    // The link row cannot be written, after both artefacts were inserted in the same transaction.
    await whileInsertsRefused(database.db, 'estimate_reports', async () => {
      const failed = await post(a1, `/api/v1/estimates/${estimate.id}/report`);
      expect(failed.statusCode).toBe(500);
      expect(failed.body).not.toContain('refused by the test');
    });
    expect(await countArtefacts()).toBe(artefactsBefore);
    expect(await count('custody_log_leaves')).toBe(logSize);
    expect((await get(a1, `/api/v1/estimates/${estimate.id}`)).json().savedReport).toBeNull();

    // Saving again works and yields exactly the two artefacts and three leaves of one save.
    const saved = await post(a1, `/api/v1/estimates/${estimate.id}/report`);
    expect(saved.statusCode, saved.body).toBe(201);
    const [report, table] = saved.json().savedReport.artefacts;
    expect(await countArtefacts()).toBe(artefactsBefore + 2);
    const leaves = await leavesFrom(logSize);
    expect(leaves.map((leaf) => [leaf.type, leaf.subject.id])).toEqual([
      ['artefact.upload', report.id],
      ['artefact.upload', table.id],
      ['estimate.report-save', estimate.id],
    ]);
    expect(leaves[0].subject.sha256).toBe(report.sha256);
    expect(leaves[1].subject.sha256).toBe(table.sha256);
    expect(leaves[0].details).toMatchObject({ tlp: 'AMBER', groupIds: [groupId] });
  });

  it('documents the list and save endpoints in the OpenAPI document', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(
      document.paths['/api/v1/estimates'].get.parameters.map((p: { name: string }) => p.name),
    ).toEqual(expect.arrayContaining(['limit', 'cursor']));
    const save = document.paths['/api/v1/estimates/{id}/report'].post;
    expect(Object.keys(save.responses)).toEqual(expect.arrayContaining(['200', '201']));
    expect(document.paths['/api/v1/traces'].get.responses['200']).toBeDefined();
  });
});
