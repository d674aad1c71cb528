import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor, type TestActor } from '../../../test/auth.js';
import { countRows, createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { appendLeaf } from '../log/custody-log.js';
import { type ArtefactStore, diskArtefactStore } from './artefact-store.js';
import {
  type ArtefactDeps,
  commitUploads,
  createArtefact,
  insertArtefactRecord,
  stageText,
} from './artefacts.service.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('recording artefacts inside a caller’s transaction', () => {
  let database: TestDatabase;
  let dataDir: string;
  let store: ArtefactStore & { pathOf(sha256: string): string };
  let deps: ArtefactDeps;
  let a1: TestActor;
  let b1: TestActor;
  const at = new Date('2026-12-03T10:00:00.000Z');

  const count = (table: 'artefacts' | 'custody_log_leaves' | 'record_recipients') =>
    countRows(database.db, table);
  const stagingFiles = () => {
    const staging = path.join(dataDir, 'artefacts', 'staging');
    return fs.existsSync(staging) ? fs.readdirSync(staging) : [];
  };
  const text = (content: string, over: Record<string, unknown> = {}) =>
    stageText(store, content, {
      filename: 'note.txt',
      mediaType: 'text/plain',
      fields: { tlp: 'AMBER', groups: [], recipients: [], title: 'A note', ...over },
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jaga-artefact-records-'));
    store = diskArtefactStore(dataDir);
    deps = { db: database.db, now: () => at.getTime(), store, maxUploadBytes: 1024 };
    a1 = await createTestActor(database.db, { organisation: { name: 'Org A' } });
    b1 = await createTestActor(database.db, { organisation: { name: 'Org B' } });
  });
  afterAll(async () => {
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs the same upload leaf through insertArtefactRecord as createArtefact does', async () => {
    const content = `Recruiter transcript ${randomUUID()}\n`;
    const upload = await text(content, { recipients: [b1.email] });
    expect(upload.staged.sha256).toBe(sha256(content));
    const created = await createArtefact(deps, a1.actor, upload);
    expect(created).toMatchObject({ sha256: sha256(content), filename: 'note.txt', tlp: 'AMBER' });
    expect(fs.readFileSync(store.pathOf(created.sha256), 'utf8')).toBe(content);
    const [leaf] = await database.db
      .selectFrom('custody_log_leaves')
      .select('leaf')
      .where('subject_id', '=', created.id)
      .execute();
    expect(JSON.parse(leaf?.leaf ?? '{}')).toMatchObject({
      type: 'artefact.upload',
      subject: { kind: 'artefact', id: created.id, sha256: sha256(content) },
      details: { recipientIds: [b1.actor.userId], tlp: 'AMBER' },
    });
  });

  it('leaves no artefact, sharing or leaf behind when the caller’s transaction fails', async () => {
    const [artefacts, leaves, recipients] = [
      await count('artefacts'),
      await count('custody_log_leaves'),
      await count('record_recipients'),
    ];
    const uploads = [
      await text(`report ${randomUUID()}`, { recipients: [b1.email] }),
      await text(`table ${randomUUID()}`),
    ];
    const checked = await commitUploads(database.db, a1.actor, uploads);
    let inserted: string[] = [];
    await expect(
      database.db.transaction().execute(async (trx) => {
        const records = [];
        for (const upload of checked) {
          records.push(await insertArtefactRecord(trx, a1.actor, upload, at));
        }
        inserted = records.map((record) => record.row.id);
        for (const record of records) await appendLeaf(trx, record.leaf);
        throw new Error('the record these artefacts belong to could not be linked');
      }),
    ).rejects.toThrow('could not be linked');
    expect(inserted).toHaveLength(2);
    expect(await count('artefacts')).toBe(artefacts);
    expect(await count('custody_log_leaves')).toBe(leaves);
    expect(await count('record_recipients')).toBe(recipients);
    // The committed bytes stay: content-addressed, named by no row, they prove nothing and harm nothing.
    for (const upload of uploads)
      expect(fs.existsSync(store.pathOf(upload.staged.sha256))).toBe(true);
  });

  it('commits no bytes of any upload when one of them is refused', async () => {
    const artefacts = await count('artefacts');
    const good = await text(`good ${randomUUID()}`);
    const bad = await text(`bad ${randomUUID()}`, { groups: [randomUUID()] });
    try {
      await expect(commitUploads(database.db, a1.actor, [good, bad])).rejects.toMatchObject({
        code: 'bad_request',
      });
    } finally {
      await good.staged.discard();
      await bad.staged.discard();
    }
    for (const upload of [good, bad]) {
      expect(fs.existsSync(store.pathOf(upload.staged.sha256))).toBe(false);
    }
    expect(stagingFiles()).toEqual([]);
    expect(await count('artefacts')).toBe(artefacts);
  });

  it('refuses viewers and RED uploads without a recipient before storing anything', async () => {
    const viewer = await createTestActor(database.db, {
      organisation: a1.actor.organisationId,
      role: 'viewer',
    });
    const asViewer = await text(`viewer ${randomUUID()}`);
    await expect(createArtefact(deps, viewer.actor, asViewer)).rejects.toMatchObject({
      code: 'forbidden',
    });
    const red = await text(`red ${randomUUID()}`, { tlp: 'RED' });
    await expect(createArtefact(deps, a1.actor, red)).rejects.toMatchObject({
      code: 'bad_request',
    });
    for (const upload of [asViewer, red]) {
      expect(fs.existsSync(store.pathOf(upload.staged.sha256))).toBe(false);
    }
    expect(stagingFiles()).toEqual([]);
  });
});
