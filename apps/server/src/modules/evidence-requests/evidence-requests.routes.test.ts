import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
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
import { diskArtefactStore } from '../artefacts/artefact-store.js';
import { attachProduction } from './evidence-requests.service.js';

const HOUR = 3_600_000;
const T = Date.parse('2026-12-01T08:00:00.000Z');

function multipart(fields: [string, string][], file: { filename: string; content: Buffer }) {
  const boundary = `----jaga${randomUUID()}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of fields) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  chunks.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('evidence requests', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let dataDir: string;
  let clock = T;
  let investigator: TestActor;
  let colleague: TestActor;
  let provider: TestActor;
  let outsider: TestActor;

  const call = (
    who: TestActor,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
  ) =>
    app.inject({
      method,
      url,
      headers: who.authHeader,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  const act = (who: TestActor, id: string, action: string, payload?: unknown) =>
    call(who, 'POST', `/api/v1/evidence-requests/${id}/${action}`, payload);

  const draft = (over: Record<string, unknown> = {}) => ({
    platformOrganisationId: provider.actor.organisationId,
    instrument: 'eu-production-order',
    dataCategories: ['subscriber', 'traffic'],
    targets: [
      {
        selectorType: 'phone',
        value: '+855 12 345 678',
        from: '2026-09-01T00:00:00Z',
        to: '2026-11-30T00:00:00Z',
      },
    ],
    legalBasis: 'Order of the investigating judge, file 2026/114',
    issuingAuthority: 'Federal Criminal Police Office',
    validatingAuthority: 'Investigating judge, Wiesbaden',
    offence: 'Trafficking in human beings (StGB § 232), max. 10 years',
    reference: 'CASE-114',
    emergency: true,
    ...over,
  });

  async function issued(over: Record<string, unknown> = {}) {
    const created = await call(investigator, 'POST', '/api/v1/evidence-requests', draft(over));
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect((await act(investigator, id, 'validate')).statusCode).toBe(200);
    const response = await act(investigator, id, 'issue');
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  const upload = (
    who: TestActor,
    id: string,
    content = 'msisdn,subscriber\n85512345678,Jane Roe\n',
  ) => {
    const body = multipart([['tlp', 'AMBER']], {
      filename: 'subscriber.csv',
      content: Buffer.from(content),
    });
    return app.inject({
      method: 'POST',
      url: `/api/v1/evidence-requests/${id}/artefacts`,
      headers: { ...who.authHeader, ...body.headers },
      payload: body.payload,
    });
  };

  const count = (table: 'artefacts' | 'custody_log_leaves' | 'evidence_request_artefacts') =>
    countRows(database.db, table);
  const leavesFrom = async (index: number) =>
    (
      await database.db
        .selectFrom('custody_log_leaves')
        .select('leaf')
        .where('leaf_index', '>=', index)
        .orderBy('leaf_index')
        .execute()
    ).map((row) => JSON.parse(row.leaf));

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jaga-evidence-'));
    app = await createApp({
      db: database.db,
      databaseKind: database.kind,
      version: 'test',
      now: () => clock,
      dataDir,
    });
    investigator = await createTestActor(database.db, {
      organisation: { name: 'Federal Police', type: 'law-enforcement', country: 'DE' },
    });
    colleague = await createTestActor(database.db, {
      organisation: investigator.actor.organisationId,
      role: 'analyst',
    });
    provider = await createTestActor(database.db, {
      organisation: { name: 'Messenger M', type: 'platform', country: 'IE' },
      role: 'platform-reviewer',
    });
    outsider = await createTestActor(database.db, {
      organisation: { name: 'Other police', type: 'law-enforcement' },
    });
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers bad input with 400s naming the field, and saves nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [draft({ instrument: 'subpoena' }), 'body/instrument'],
      [draft({ dataCategories: [] }), 'body/dataCategories'],
      [draft({ targets: [] }), 'body/targets'],
      [
        draft({
          targets: [
            {
              selectorType: 'phone',
              value: '1',
              from: '2026-12-01T00:00:00Z',
              to: '2026-11-01T00:00:00Z',
            },
          ],
        }),
        'body/targets/0/to',
      ],
      [
        draft({ targets: [{ selectorType: 'fax', value: '1', from: 'x', to: 'y' }] }),
        'body/targets/0/selectorType',
      ],
      [draft({ legalBasis: '' }), 'body/legalBasis'],
      [
        draft({ platformOrganisationId: outsider.actor.organisationId }),
        'body/platformOrganisationId',
      ],
    ];
    for (const [payload, where] of cases) {
      const response = await call(investigator, 'POST', '/api/v1/evidence-requests', payload);
      expect(response.statusCode, where).toBe(400);
      expect(
        response.json().error.details.map((d: { where: string }) => d.where),
        where,
      ).toContain(where);
    }
    const count = await database.db
      .selectFrom('evidence_requests')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('refuses to validate an incomplete order, naming each missing field', async () => {
    const created = (
      await call(
        investigator,
        'POST',
        '/api/v1/evidence-requests',
        draft({ validatingAuthority: null, offence: null }),
      )
    ).json();
    expect(created.status).toBe('draft');
    const response = await act(investigator, created.id, 'validate');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.map((d: { where: string }) => d.where)).toEqual([
      'body/validatingAuthority',
      'body/offence',
    ]);
    expect(
      (await call(investigator, 'GET', `/api/v1/evidence-requests/${created.id}`)).json().status,
    ).toBe('draft');
    // Before issue the clocks are known but undated; the provider cannot see the draft.
    expect(created.deadlines.map((d: { rule: string; due: null }) => [d.rule, d.due])).toEqual([
      ['epoc-production-emergency', null],
      ['epoc-objection-emergency', null],
    ]);
    expect(
      (await call(provider, 'GET', `/api/v1/evidence-requests/${created.id}`)).statusCode,
    ).toBe(404);
    expect(
      (await call(investigator, 'DELETE', `/api/v1/evidence-requests/${created.id}`)).statusCode,
    ).toBe(204);
  });

  it('refuses data categories an instrument does not reach', async () => {
    const created = (
      await call(
        investigator,
        'POST',
        '/api/v1/evidence-requests',
        draft({ instrument: 'cets224-art7-subscriber', dataCategories: ['subscriber', 'content'] }),
      )
    ).json();
    const response = await act(investigator, created.id, 'validate');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      expect.objectContaining({
        where: 'body/dataCategories',
        message: expect.stringContaining('content cannot be requested'),
      }),
    ]);
    await call(investigator, 'PATCH', `/api/v1/evidence-requests/${created.id}`, {
      dataCategories: ['subscriber'],
    });
    expect((await act(investigator, created.id, 'validate')).json().status).toBe('validated');
    expect(
      (
        await call(investigator, 'PATCH', `/api/v1/evidence-requests/${created.id}`, {
          emergency: false,
        })
      ).statusCode,
    ).toBe(409);
    expect((await act(investigator, created.id, 'withdraw')).json().status).toBe('withdrawn');
  });

  it('walks an emergency production order to closed, with produced data in the custody log', async () => {
    clock = T;
    const request = await issued();
    const id = request.id;
    expect(request).toMatchObject({
      status: 'issued',
      timeline: { issuedAt: '2026-12-01T08:00:00.000Z' },
      nextDeadline: {
        rule: 'epoc-production-emergency',
        due: '2026-12-01T16:00:00.000Z',
        live: true,
      },
    });
    expect(request.deadlines.map((d: { rule: string; due: string }) => [d.rule, d.due])).toEqual([
      ['epoc-production-emergency', '2026-12-01T16:00:00.000Z'],
      ['epoc-objection-emergency', '2026-12-05T08:00:00.000Z'],
    ]);
    expect((await call(outsider, 'GET', `/api/v1/evidence-requests/${id}`)).statusCode).toBe(404);
    expect((await call(provider, 'GET', `/api/v1/evidence-requests/${id}`)).json().actions).toEqual(
      ['acknowledge', 'preserve', 'attach', 'cannot-comply'],
    );

    const refused: [TestActor, string, number, string][] = [
      [investigator, 'acknowledge', 403, 'Messenger M'],
      [provider, 'withdraw', 403, 'Federal Police'],
      [investigator, 'issue', 409, 'it can be issued only when validated'],
      [
        investigator,
        'close',
        409,
        'it can be closed only when produced, partial, cannot-comply, withdrawn',
      ],
      [provider, 'produce', 409, 'Attach the produced data first'],
      [investigator, 'extend-preservation', 409, 'has no extension'],
      [outsider, 'acknowledge', 404, 'No evidence request'],
    ];
    for (const [who, action, status, words] of refused) {
      const response = await act(who, id, action);
      expect(response.statusCode, action).toBe(status);
      expect(response.json().error.message).toContain(words);
    }

    clock = T + HOUR;
    expect((await act(provider, id, 'acknowledge')).json().status).toBe('acknowledged');
    expect((await act(investigator, id, 'open-objection-window')).json().status).toBe(
      'objection-window',
    );

    clock = T + 3 * HOUR;
    const attached = await upload(provider, id);
    expect(attached.statusCode, attached.body).toBe(201);
    const [artefact] = attached.json().artefacts;
    expect(artefact).toMatchObject({ filename: 'subscriber.csv', sizeBytes: 39 });
    // The requesting investigator is a named recipient of the produced data; the colleague is not,
    // so sees the request but not the file (AMBER of the provider's organisation).
    const seen = await call(investigator, 'GET', `/api/v1/artefacts/${artefact.id}`);
    expect(seen.statusCode).toBe(200);
    expect(
      (await call(colleague, 'GET', `/api/v1/evidence-requests/${id}`)).json().artefacts,
    ).toEqual([]);
    expect((await call(outsider, 'GET', `/api/v1/artefacts/${artefact.id}`)).statusCode).toBe(404);

    expect((await act(provider, id, 'produce', { partial: true })).json().status).toBe('partial');
    await upload(provider, id, 'more rows\n');
    const produced = await act(provider, id, 'produce', {});
    expect(produced.json()).toMatchObject({ status: 'produced', nextDeadline: null });
    expect(produced.json().deadlines.every((d: { live: boolean }) => !d.live)).toBe(true);
    expect((await act(investigator, id, 'withdraw')).statusCode).toBe(409);
    expect((await act(investigator, id, 'close', { note: 'Data received' })).json().status).toBe(
      'closed',
    );

    const trail = (
      await call(investigator, 'GET', `/api/v1/evidence-requests/${id}/custody`)
    ).json();
    const types = trail.items.map((item: { leaf: { type: string } }) => item.leaf.type);
    expect(types).toEqual([
      'evidence-request.create',
      'evidence-request.validate',
      'evidence-request.issue',
      'evidence-request.acknowledge',
      'evidence-request.open-objection-window',
      'artefact.upload',
      'evidence-request.attach',
      'evidence-request.produce',
      'artefact.upload',
      'evidence-request.attach',
      'evidence-request.produce',
      'evidence-request.close',
    ]);
    const attach = trail.items.find(
      (item: { leaf: { type: string } }) => item.leaf.type === 'evidence-request.attach',
    );
    expect(attach.leaf.subject.sha256).toBe(artefact.sha256);
  });

  it('refuses produced data on a request that is not open, and keeps nothing attached', async () => {
    const created = (await call(investigator, 'POST', '/api/v1/evidence-requests', draft())).json();
    const response = await upload(investigator, created.id);
    expect(response.statusCode).toBe(409);
    const links = await database.db
      .selectFrom('evidence_request_artefacts')
      .selectAll()
      .where('request_id', '=', created.id)
      .execute();
    expect(links).toEqual([]);
  });

  it('attaches nothing to a request withdrawn between the check and the attach', async () => {
    clock = T;
    const request = await issued({ reference: 'CASE-WITHDRAWN' });
    const before = {
      artefacts: await count('artefacts'),
      links: await count('evidence_request_artefacts'),
    };
    const logSize = await count('custody_log_leaves');
    const store = diskArtefactStore(dataDir);
    const staged = await store.stage(Readable.from([Buffer.from('msisdn\n855120000001\n')]), 1024);
    // The provider's upload passed the checks; the investigator withdraws before it is recorded.
    const withdrawing = {
      ...staged,
      async commit() {
        const withdrawn = await act(investigator, request.id, 'withdraw');
        expect(withdrawn.statusCode, withdrawn.body).toBe(200);
        await staged.commit();
      },
    };
    await expect(
      attachProduction(
        { db: database.db, now: () => clock, store, maxUploadBytes: 1024 },
        provider.actor,
        request.id,
        {
          staged: withdrawing,
          filename: 'subscriber.csv',
          mediaType: 'text/csv',
          fields: { tlp: 'AMBER', groups: [], recipients: [] },
        },
      ),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(await count('artefacts')).toBe(before.artefacts);
    expect(await count('evidence_request_artefacts')).toBe(before.links);
    // The withdrawal's own leaf is the only one written.
    expect((await leavesFrom(logSize)).map((leaf) => leaf.type)).toEqual([
      'evidence-request.withdraw',
    ]);
  });

  it('leaves no artefact and no leaf behind when linking produced data fails', async () => {
    clock = T;
    const request = await issued({ reference: 'CASE-LINK-FAILS' });
    const artefacts = await count('artefacts');
    const logSize = await count('custody_log_leaves');
    // The link row cannot be written, after the artefact was inserted in the same transaction.
    await whileInsertsRefused(database.db, 'evidence_request_artefacts', async () => {
      const failed = await upload(provider, request.id);
      expect(failed.statusCode).toBe(500);
      expect(failed.body).not.toContain('refused by the test');
    });
    expect(await count('artefacts')).toBe(artefacts);
    expect(await count('custody_log_leaves')).toBe(logSize);
    expect(
      (await call(investigator, 'GET', `/api/v1/evidence-requests/${request.id}`)).json(),
    ).toMatchObject({ artefacts: [] });

    // Attaching again records exactly one artefact with its two leaves, one after the other.
    const attached = await upload(provider, request.id);
    expect(attached.statusCode, attached.body).toBe(201);
    const [artefact] = attached.json().artefacts;
    expect(await count('artefacts')).toBe(artefacts + 1);
    const leaves = await leavesFrom(logSize);
    expect(leaves.map((leaf) => [leaf.type, leaf.subject.id, leaf.subject.sha256])).toEqual([
      ['artefact.upload', artefact.id, artefact.sha256],
      ['evidence-request.attach', request.id, artefact.sha256],
    ]);
    expect(leaves[0].details.recipientIds).toEqual([investigator.actor.userId]);
    expect(leaves[1].details).toEqual({ artefactId: artefact.id, status: 'issued' });
  });

  it('extends a 2703(f) preservation once: 90 + 90 days', async () => {
    clock = T;
    const request = await issued({
      instrument: 'us-2703f-preservation',
      dataCategories: ['subscriber', 'content'],
      validatingAuthority: null,
      offence: null,
      emergency: false,
    });
    expect(request.nextDeadline).toMatchObject({
      rule: 'us-2703f-preservation',
      due: '2027-03-01T08:00:00.000Z',
    });
    expect((await act(provider, request.id, 'preserve')).json().status).toBe('preserved');
    const extended = await act(investigator, request.id, 'extend-preservation');
    expect(extended.json()).toMatchObject({
      preservationExtended: true,
      nextDeadline: { rule: 'us-2703f-preservation-extended', due: '2027-05-30T08:00:00.000Z' },
    });
    const again = await act(investigator, request.id, 'extend-preservation');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('already extended once');
  });

  it('records a refusal with its Annex III reason, and a withdrawal', async () => {
    const request = await issued({ emergency: false });
    const bad = await act(provider, request.id, 'cannot-comply', { reason: 'busy', note: 'x' });
    expect(bad.json().error.details[0].where).toBe('body/reason');
    const refused = await act(provider, request.id, 'cannot-comply', {
      reason: 'impossibility',
      note: 'The account was deleted in 2025; no data is held.',
    });
    expect(refused.json()).toMatchObject({
      status: 'cannot-comply',
      cannotComplyReason: 'impossibility',
    });
    expect((await act(investigator, request.id, 'close')).json().status).toBe('closed');

    const other = await issued({ emergency: false });
    expect((await act(investigator, other.id, 'withdraw')).json()).toMatchObject({
      status: 'withdrawn',
      nextDeadline: null,
    });
  });

  it('reminds of clocks due soon and shows overdue ones as overdue', async () => {
    clock = T;
    const request = await issued({ reference: 'REMIND-1' });
    const mine = async () =>
      (await call(investigator, 'GET', '/api/v1/evidence-requests/reminders?withinHours=72'))
        .json()
        .items.filter((item: { request: { id: string } }) => item.request.id === request.id);
    clock = T + 5 * HOUR;
    expect(await mine()).toEqual([
      expect.objectContaining({
        deadline: expect.objectContaining({ rule: 'epoc-production-emergency', overdue: false }),
        hoursLeft: 3,
      }),
    ]);
    clock = T + 9 * HOUR;
    expect((await mine())[0]).toMatchObject({ hoursLeft: -1, deadline: { overdue: true } });
    const shown = (await call(provider, 'GET', `/api/v1/evidence-requests/${request.id}`)).json();
    expect(shown.nextDeadline).toMatchObject({ rule: 'epoc-production-emergency', overdue: true });
    clock = T + 30 * HOUR;
    expect(
      (await mine()).map((item: { deadline: { rule: string } }) => item.deadline.rule),
    ).toEqual(['epoc-production-emergency', 'epoc-objection-emergency']);
    expect(
      (await call(outsider, 'GET', '/api/v1/evidence-requests/reminders')).json().items,
    ).toEqual([]);
  });

  it('lists with totals and filters, and lists the instruments with their clocks', async () => {
    const received = (
      await call(provider, 'GET', '/api/v1/evidence-requests?direction=received&limit=2')
    ).json();
    expect(received.items).toHaveLength(2);
    expect(received.total).toBeGreaterThan(2);
    expect(received.items.every((item: { status: string }) => item.status !== 'draft')).toBe(true);
    expect((await call(outsider, 'GET', '/api/v1/evidence-requests')).json().total).toBe(0);
    const instruments = (
      await call(outsider, 'GET', '/api/v1/evidence-requests/instruments')
    ).json().items;
    expect(
      instruments.find((i: { id: string }) => i.id === 'eu-production-order').clocks,
    ).toHaveLength(4);
  });
});
