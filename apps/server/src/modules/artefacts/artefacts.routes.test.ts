import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canonicalJson, verifyEvidenceBundle } from '@jaga/custody';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedFiles } from '../../../test/artefact-files.js';
import { createTestActor, type TestActor } from '../../../test/auth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createApp } from '../../app.js';

const LIMIT = 64 * 1024;

interface FilePart {
  filename: string;
  content: Buffer;
  type?: string;
  field?: string;
}

/** A multipart/form-data body as a browser or curl would send it. */
function multipart(fields: [string, string][], file?: FilePart) {
  const boundary = `----jaga${randomUUID()}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of fields) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.filename}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('artefacts and sharing across organisations', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let dataDir: string;
  let a1: TestActor; // organisation A, uploads
  let a2: TestActor; // organisation A, colleague
  let aViewer: TestActor;
  let b1: TestActor; // organisation B
  let c1: TestActor; // organisation C

  const upload = async (
    who: TestActor,
    fields: [string, string][],
    file: FilePart | null = { filename: 'chat-export.txt', content: Buffer.from('hello') },
  ) => {
    const body = multipart(fields, file ?? undefined);
    return app.inject({
      method: 'POST',
      url: '/api/v1/artefacts',
      headers: { ...who.authHeader, ...body.headers },
      payload: body.payload,
    });
  };
  const get = (who: TestActor, url: string) =>
    app.inject({ method: 'GET', url, headers: who.authHeader });
  const patch = (who: TestActor, id: string, payload: Record<string, unknown>) =>
    app.inject({
      method: 'PATCH',
      url: `/api/v1/artefacts/${id}`,
      headers: who.authHeader,
      payload,
    });
  const listIds = async (who: TestActor) => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await get(
        who,
        `/api/v1/artefacts?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(response.statusCode).toBe(200);
      const page = response.json();
      ids.push(...page.items.map((item: { id: string }) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    return ids;
  };
  const total = async (who: TestActor) => (await get(who, '/api/v1/artefacts/stats')).json().total;
  const leafCount = async () =>
    Number(
      (
        await database.db
          .selectFrom('custody_log_leaves')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  /** A 404 body with the id it names blanked out, to compare two of them. */
  const notFoundShape = async (who: TestActor, url: string, id: string, method = 'GET') => {
    const response =
      method === 'PATCH'
        ? await patch(who, id, { tlp: 'GREEN' })
        : await get(who, url.replace(':id', id));
    return {
      status: response.statusCode,
      body: response.body.replaceAll(id, '<id>'),
    };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jaga-artefacts-'));
    app = await createApp({
      db: database.db,
      databaseKind: database.kind,
      version: 'test',
      dataDir,
      maxUploadBytes: LIMIT,
    });
    a1 = await createTestActor(database.db, { organisation: { name: 'Org A' } });
    a2 = await createTestActor(database.db, {
      organisation: a1.actor.organisationId,
      role: 'analyst',
    });
    aViewer = await createTestActor(database.db, {
      organisation: a1.actor.organisationId,
      role: 'viewer',
    });
    b1 = await createTestActor(database.db, { organisation: { name: 'Org B' } });
    c1 = await createTestActor(database.db, { organisation: { name: 'Org C' } });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores an upload under its SHA-256 and logs it with ids and hashes only', async () => {
    const content = Buffer.from('Recruiter chat export: "free visa, high salary, Telegram @x"');
    const leavesBefore = await leafCount();
    const response = await upload(
      a1,
      [
        ['tlp', 'AMBER'],
        ['title', 'Secret recruiter chat'],
        ['legalBasis', 'Warrant 2026/117'],
        ['source', 'Seized phone'],
        ['acquiredAt', '2026-11-20T08:30:00Z'],
      ],
      { filename: 'chat.txt', content, type: 'text/plain' },
    );
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      sha256: sha256(content),
      sizeBytes: content.length,
      tlp: 'AMBER',
      tlpMarkingDefinitionId: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
      title: 'Secret recruiter chat',
      legalBasis: 'Warrant 2026/117',
      acquiredAt: '2026-11-20T08:30:00.000Z',
      filename: 'chat.txt',
      mediaType: 'text/plain',
      organisation: { id: a1.actor.organisationId, name: 'Org A' },
      canChangeSharing: true,
    });
    const stored = path.join(dataDir, 'artefacts', 'sha256', body.sha256.slice(0, 2), body.sha256);
    expect(fs.readFileSync(stored)).toEqual(content);
    expect(await leafCount()).toBe(leavesBefore + 1);

    const trail = (await get(a1, `/api/v1/artefacts/${body.id}/custody`)).json();
    expect(trail.items).toHaveLength(1);
    const leaf = trail.items[0].leaf;
    expect(leaf).toMatchObject({
      type: 'artefact.upload',
      actor: { userId: a1.actor.userId, organisationId: a1.actor.organisationId },
      subject: { kind: 'artefact', id: body.id, sha256: body.sha256 },
    });
    const text = JSON.stringify(leaf);
    expect(text).not.toContain('Secret');
    expect(text).not.toContain('Warrant');
    expect(text).not.toContain('chat.txt');
  });

  it('hides an AMBER artefact of A from B everywhere until B joins one of its sharing groups', async () => {
    const created = (await upload(a1, [['tlp', 'AMBER']])).json();
    const id = created.id;
    const bTotal = await total(b1);
    const missing = randomUUID();

    // B: 404 on get, content, custody and patch, with the body of an id that does not exist.
    for (const url of [
      '/api/v1/artefacts/:id',
      '/api/v1/artefacts/:id/content',
      '/api/v1/artefacts/:id/custody',
      '/api/v1/artefacts/:id/bundle',
    ]) {
      const unreadable = await notFoundShape(b1, url, id);
      expect(unreadable.status).toBe(404);
      expect(unreadable).toEqual(await notFoundShape(b1, url, missing));
    }
    const patched = await notFoundShape(b1, '', id, 'PATCH');
    expect(patched.status).toBe(404);
    expect(patched).toEqual(await notFoundShape(b1, '', missing, 'PATCH'));
    expect(await listIds(b1)).not.toContain(id);
    expect((await get(b1, '/api/v1/artefacts?tlp=AMBER')).json().items).toEqual([]);
    expect((await get(b1, '/api/v1/artefacts?q=chat-export')).json().items).toEqual([]);
    expect(
      (await get(a2, '/api/v1/artefacts?q=CHAT-export'))
        .json()
        .items.map((i: { id: string }) => i.id),
    ).toContain(id);

    // A colleague in A reads it.
    expect((await get(a2, `/api/v1/artefacts/${id}`)).statusCode).toBe(200);
    expect(await listIds(a2)).toContain(id);

    // A shares it through a group that includes B (and not C).
    const group = await app.inject({
      method: 'POST',
      url: '/api/v1/sharing-groups',
      headers: a1.authHeader,
      payload: { name: 'Mekong task force', organisations: [b1.actor.organisationId] },
    });
    expect(group.statusCode).toBe(201);
    const groupId = group.json().id;
    const shared = await patch(a1, id, { groups: [groupId] });
    expect(shared.statusCode).toBe(200);
    expect(shared.json().groups).toEqual([{ id: groupId, name: 'Mekong task force' }]);

    expect((await get(b1, `/api/v1/artefacts/${id}`)).statusCode).toBe(200);
    expect(await listIds(b1)).toContain(id);
    expect(await total(b1)).toBe(bTotal + 1);
    const content = await get(b1, `/api/v1/artefacts/${id}/content`);
    expect(content.statusCode).toBe(200);
    expect(content.body).toBe('hello');

    // C is in no group: still nothing.
    expect((await get(c1, `/api/v1/artefacts/${id}`)).statusCode).toBe(404);
    expect(await listIds(c1)).not.toContain(id);

    // B may read but not re-share.
    expect((await patch(b1, id, { tlp: 'GREEN' })).statusCode).toBe(403);

    // AMBER+STRICT: the sharing group no longer widens it.
    expect((await patch(a1, id, { tlp: 'AMBER+STRICT' })).statusCode).toBe(200);
    expect((await get(b1, `/api/v1/artefacts/${id}`)).statusCode).toBe(404);
    expect(await total(b1)).toBe(bTotal);
  });

  it('hides sharing-group membership from non-members', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/sharing-groups',
      headers: a1.authHeader,
      payload: { name: 'A and B only', organisations: [b1.actor.organisationId] },
    });
    const groupId = created.json().id;
    const seenByB = await get(b1, `/api/v1/sharing-groups/${groupId}`);
    expect(seenByB.statusCode).toBe(200);
    expect(
      seenByB
        .json()
        .organisations.map((org: { id: string }) => org.id)
        .sort(),
    ).toEqual([a1.actor.organisationId, b1.actor.organisationId].sort());

    const byC = await get(c1, `/api/v1/sharing-groups/${groupId}`);
    expect(byC.statusCode).toBe(404);
    expect(byC.body.replaceAll(groupId, '<id>')).toBe(
      (await get(c1, `/api/v1/sharing-groups/${randomUUID()}`)).body.replace(
        /[0-9a-f-]{36}/,
        '<id>',
      ),
    );
    const listed = (await get(c1, '/api/v1/sharing-groups')).json().items;
    expect(listed.map((group: { id: string }) => group.id)).not.toContain(groupId);

    // C cannot attach a group it is not in; the answer does not say whether the group exists.
    const attempt = await upload(c1, [
      ['tlp', 'AMBER'],
      ['groups', groupId],
    ]);
    expect(attempt.statusCode).toBe(400);
    expect(attempt.json().error.message).toContain('no sharing group of your organisation');

    // A member that does not manage the group may not change it.
    const change = await app.inject({
      method: 'PATCH',
      url: `/api/v1/sharing-groups/${groupId}`,
      headers: b1.authHeader,
      payload: { organisations: [c1.actor.organisationId] },
    });
    expect(change.statusCode).toBe(403);
  });

  it('shows a RED artefact only to its uploader and named recipients', async () => {
    const created = await upload(a1, [
      ['tlp', 'RED'],
      ['recipients', JSON.stringify([c1.email])],
    ]);
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(created.json().recipients.map((r: { email: string }) => r.email)).toEqual([c1.email]);
    expect((await get(a1, `/api/v1/artefacts/${id}`)).statusCode).toBe(200);
    expect((await get(c1, `/api/v1/artefacts/${id}`)).statusCode).toBe(200);
    expect((await get(c1, `/api/v1/artefacts/${id}/content`)).statusCode).toBe(200);
    expect(await listIds(c1)).toContain(id);
    // Not the uploader's own colleagues, not B.
    expect((await get(a2, `/api/v1/artefacts/${id}`)).statusCode).toBe(404);
    expect(await listIds(a2)).not.toContain(id);
    expect((await get(b1, `/api/v1/artefacts/${id}`)).statusCode).toBe(404);
    // The recipient may not re-share it.
    expect((await patch(c1, id, { recipients: [b1.email] })).statusCode).toBe(403);
    // Adding B by name opens it to B alone.
    expect((await patch(a1, id, { recipients: [c1.email, b1.email] })).statusCode).toBe(200);
    expect((await get(b1, `/api/v1/artefacts/${id}`)).statusCode).toBe(200);
  });

  it('records every content read and sharing change in the custody log', async () => {
    const id = (await upload(a1, [['tlp', 'GREEN']])).json().id;
    await get(b1, `/api/v1/artefacts/${id}/content`);
    await patch(a1, id, { tlp: 'AMBER' });
    const trail = (await get(a1, `/api/v1/artefacts/${id}/custody`)).json().items;
    expect(trail.map((item: { leaf: { type: string } }) => item.leaf.type)).toEqual([
      'artefact.upload',
      'artefact.read',
      'artefact.sharing-change',
    ]);
    expect(trail[1].leaf.actor.userId).toBe(b1.actor.userId);
    expect(trail[2].leaf.details).toMatchObject({ fromTlp: 'GREEN', tlp: 'AMBER' });
    // Log order: indexes increase along the trail.
    const indexes = trail.map((item: { index: number }) => item.index);
    expect([...indexes].sort((x, y) => x - y)).toEqual(indexes);
  });

  it('sends content as an attachment with its digest, and withholds altered bytes', async () => {
    const content = Buffer.from('<script>alert(1)</script>');
    const created = (
      await upload(a1, [['tlp', 'CLEAR']], { filename: 'ad.html', content, type: 'text/html' })
    ).json();
    const response = await get(b1, `/api/v1/artefacts/${created.id}/content`);
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload).toEqual(content);
    expect(response.headers['content-disposition']).toContain('attachment');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['repr-digest']).toBe(
      `sha-256=:${createHash('sha256').update(content).digest('base64')}:`,
    );

    const stored = path.join(
      dataDir,
      'artefacts',
      'sha256',
      created.sha256.slice(0, 2),
      created.sha256,
    );
    fs.chmodSync(stored, 0o644);
    fs.writeFileSync(stored, '<script>alert(2)</script>');
    const altered = await get(b1, `/api/v1/artefacts/${created.id}/content`);
    expect(altered.statusCode).toBe(503);
    expect(altered.json().error.message).toContain('altered');
  });

  it('exports an evidence bundle that verifies offline and proves its own export', async () => {
    const content = Buffer.from('wallet screenshot bytes');
    const created = (
      await upload(
        a1,
        [
          ['tlp', 'AMBER'],
          ['legalBasis', 'Production order 55'],
        ],
        { filename: 'wallet.png', content, type: 'image/png' },
      )
    ).json();
    await get(a2, `/api/v1/artefacts/${created.id}/content`);
    const response = await get(a1, `/api/v1/artefacts/${created.id}/bundle`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain('attachment');
    const bundle = response.json();
    expect(bundle.format).toBe('jaga-evidence-bundle/1');
    expect(Buffer.from(bundle.artefact.content, 'base64')).toEqual(content);
    expect(bundle.entries.map((entry: { leaf: { type: string } }) => entry.leaf.type)).toEqual([
      'artefact.upload',
      'artefact.read',
      'artefact.export',
    ]);
    const { keyId } = (await get(a1, '/api/v1/log/public-key')).json();
    const verified = verifyEvidenceBundle(bundle, { trustedKeyIds: [keyId] });
    expect(verified.problems).toEqual([]);
    expect(verified.ok).toBe(true);
    expect(verified.summary.contentChecked).toBe(true);

    // The metadata in the bundle is the metadata the upload leaf bound by hash.
    const { title, filename, mediaType, legalBasis, source, acquiredAt } = bundle.artefact.metadata;
    const digest = createHash('sha256')
      .update(canonicalJson({ title, filename, mediaType, legalBasis, source, acquiredAt }))
      .digest('hex');
    expect(bundle.entries[0].leaf.details.metadataSha256).toBe(digest);

    // One changed byte of content and the offline check fails.
    const tampered = structuredClone(bundle);
    const bytes = Buffer.from(content);
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    tampered.artefact.content = bytes.toString('base64');
    expect(verifyEvidenceBundle(tampered, { trustedKeyIds: [keyId] }).ok).toBe(false);

    const withoutContent = (
      await get(a1, `/api/v1/artefacts/${created.id}/bundle?content=false`)
    ).json();
    expect(withoutContent.artefact.content).toBeUndefined();
    expect(verifyEvidenceBundle(withoutContent, { trustedKeyIds: [keyId], content }).ok).toBe(true);
  });

  it('refuses an oversized upload with 413 and keeps no partial file', async () => {
    const filesBefore = storedFiles(dataDir);
    const leavesBefore = await leafCount();
    const totalBefore = await total(a1);
    const response = await upload(a1, [['tlp', 'GREEN']], {
      filename: 'big.bin',
      content: Buffer.alloc(LIMIT + 1, 7),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.message).toContain('64 KB');
    expect(storedFiles(dataDir)).toEqual(filesBefore);
    expect(await leafCount()).toBe(leavesBefore);
    expect(await total(a1)).toBe(totalBefore);

    const exact = await upload(a1, [['tlp', 'GREEN']], {
      filename: 'exact.bin',
      content: Buffer.alloc(LIMIT, 8),
    });
    expect(exact.statusCode).toBe(201);
  });

  it('answers bad uploads and sharing changes with 400 naming the field', async () => {
    const unknownTlp = await upload(a1, [['tlp', 'WHITE']]);
    expect(unknownTlp.statusCode).toBe(400);
    expect(unknownTlp.json().error.details[0].where).toBe('body/tlp');

    const noTlp = await upload(a1, []);
    expect(noTlp.statusCode).toBe(400);
    expect(noTlp.json().error.message).toContain('body/tlp');

    const noFile = await upload(a1, [['tlp', 'GREEN']], null);
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().error.message).toContain('body/file');

    const unknownField = await upload(a1, [
      ['tlp', 'GREEN'],
      ['legal_basis', 'x'],
    ]);
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().error.message).toContain('body/legal_basis: unknown field');

    const badTime = await upload(a1, [
      ['tlp', 'GREEN'],
      ['acquiredAt', 'last Tuesday'],
    ]);
    expect(badTime.statusCode).toBe(400);
    expect(badTime.json().error.details[0].where).toBe('body/acquiredAt');

    const unknownRecipient = await upload(a1, [
      ['tlp', 'RED'],
      ['recipients', 'nobody@nowhere.example'],
    ]);
    expect(unknownRecipient.statusCode).toBe(400);
    expect(unknownRecipient.json().error.message).toContain('nobody@nowhere.example');

    const redAlone = await upload(a1, [['tlp', 'RED']]);
    expect(redAlone.statusCode).toBe(400);
    expect(redAlone.json().error.message).toContain('recipient');

    const json = await app.inject({
      method: 'POST',
      url: '/api/v1/artefacts',
      headers: { ...a1.authHeader, 'content-type': 'application/json' },
      payload: { tlp: 'GREEN' },
    });
    expect(json.statusCode).toBe(400);
    expect(json.json().error.message).toContain('multipart/form-data');

    const id = (await upload(a1, [['tlp', 'GREEN']])).json().id;
    const wrongType = await patch(a1, id, { tlp: 'PURPLE' });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.details[0].where).toBe('body/tlp');
    const malformed = await app.inject({
      method: 'PATCH',
      url: `/api/v1/artefacts/${id}`,
      headers: { ...a1.authHeader, 'content-type': 'application/json' },
      payload: '{"tlp": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect((await patch(a1, id, {})).statusCode).toBe(400);
    expect(
      storedFiles(dataDir).some((name) => name.startsWith('staging') && name.endsWith('.part')),
    ).toBe(false);
  });

  it('lets viewers read but not upload', async () => {
    const response = await upload(aViewer, [['tlp', 'GREEN']]);
    expect(response.statusCode).toBe(403);
    expect((await get(aViewer, '/api/v1/artefacts')).statusCode).toBe(200);
  });

  it('is described in the OpenAPI document', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const route of [
      '/api/v1/artefacts',
      '/api/v1/artefacts/{id}',
      '/api/v1/artefacts/{id}/content',
      '/api/v1/artefacts/{id}/bundle',
      '/api/v1/sharing-groups',
    ]) {
      expect(document.paths[route], route).toBeDefined();
    }
    const patchBody =
      document.paths['/api/v1/artefacts/{id}'].patch.requestBody.content['application/json'].schema;
    expect(patchBody.properties.tlp.enum).toEqual([
      'CLEAR',
      'GREEN',
      'AMBER',
      'AMBER+STRICT',
      'RED',
    ]);
  });

  it('asks for credentials', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/artefacts' });
    expect(response.statusCode).toBe(401);
  });

  it('pages through the list without gaps or repeats', async () => {
    const ids = await listIds(a1);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(await total(a1));
    expect(ids.length).toBeGreaterThan(6);
    const bad = await get(a1, '/api/v1/artefacts?cursor=not-a-cursor');
    expect(bad.statusCode).toBe(400);
  });
});
