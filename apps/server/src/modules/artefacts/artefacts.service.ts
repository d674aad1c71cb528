import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  buildEvidenceBundle,
  type CustodyEntry,
  canonicalJson,
  type EvidenceBundle,
} from '@jaga/custody';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { decodeNewestFirst, encodeNewestFirst, pageOf } from '../../http/pagination.js';
import type { Actor } from '../auth/actor.js';
import { appendLeaf } from '../log/custody-log.js';
import type { CustodyEvidence } from '../log/log.service.js';
import { canChangeSharing } from '../sharing/policy.js';
import { replaceRecordSharing } from '../sharing/sharing.repository.js';
import { TLP_LEVELS, TLP_MARKING_DEFINITION_IDS, type TlpLevel } from '../sharing/tlp.js';
import { findGroupsOfMember } from '../sharing-groups/sharing-groups.repository.js';
import type { ArtefactStore, StagedFile } from './artefact-store.js';
import { boundMetadata, presentArtefact } from './artefacts.presenter.js';
import {
  type ArtefactRow,
  countReadableArtefacts,
  custodyLeavesOf,
  findReadableArtefact,
  insertArtefact,
  listReadableArtefacts,
  sharingShownTo,
  updateArtefactSharing,
  usersByEmail,
} from './artefacts.repository.js';
import type {
  ArtefactBody,
  ChangeSharingBody,
  ListArtefactsQuery,
  UploadFields,
} from './artefacts.schema.js';

/** What the artefact service works with. */
export interface ArtefactDeps {
  db: Kysely<Database>;
  now: () => number;
  /** `undefined` when the node has no data folder: uploads and downloads then answer 503. */
  store: ArtefactStore | undefined;
  /** Largest accepted upload, in bytes. */
  maxUploadBytes: number;
}

/** 100 MB: the default upload limit. */
export const DEFAULT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

/** The one answer for a missing and for an unreadable artefact: ids cannot be probed. */
export const artefactNotFound = (id: string) =>
  new AppError('not_found', `No artefact with id ${id}.`);

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** SHA-256 of the canonical JSON of an artefact's descriptive metadata, as its leaves carry it. */
export function metadataDigest(row: ArtefactRow): string {
  return sha256Hex(canonicalJson(boundMetadata(row)));
}

const actorRef = (actor: Actor) => ({ userId: actor.userId, organisationId: actor.organisationId });

/** The configured store, or a 503 saying why there is none. */
export function requireStore(deps: Pick<ArtefactDeps, 'store'>): ArtefactStore {
  if (!deps.store) {
    throw new AppError(
      'unavailable',
      'This Jaga node has no data folder for evidence files; start it with --data DIR.',
    );
  }
  return deps.store;
}

function requireWriter(actor: Actor): void {
  if (actor.role === 'viewer') {
    throw new AppError('forbidden', 'Viewers may read artefacts but not upload or re-share them.');
  }
}

/** Checks the sharing groups are ones of the actor's organisation; returns their ids. */
async function resolveGroups(
  db: Kysely<Database>,
  actor: Actor,
  ids: readonly string[],
  where: string,
): Promise<string[]> {
  const unique = [...new Set(ids)];
  const found = new Set(
    (await findGroupsOfMember(db, actor.organisationId, unique)).map((group) => group.id),
  );
  const unknown = unique.filter((id) => !found.has(id));
  if (unknown.length > 0) {
    // The same words whether the group does not exist or is someone else's: membership is hidden.
    throw new AppError(
      'bad_request',
      `${where}: no sharing group of your organisation has id ${unknown.join(', ')}. See GET /api/v1/sharing-groups.`,
      unknown.map((id) => ({ where, message: `unknown sharing group ${id}` })),
    );
  }
  return unique;
}

/** Turns recipient e-mails into user ids, or a 400 naming the unknown ones. */
async function resolveRecipients(
  db: Kysely<Database>,
  emails: readonly string[],
  where: string,
): Promise<string[]> {
  const unique = [...new Set(emails)];
  const users = await usersByEmail(db, unique);
  const unknown = unique.filter((email) => !users.has(email));
  if (unknown.length > 0) {
    throw new AppError(
      'bad_request',
      `${where}: no Jaga user has the e-mail ${unknown.join(', ')}.`,
      unknown.map((email) => ({ where, message: `unknown user ${email}` })),
    );
  }
  return unique.map((email) => users.get(email)?.id as string);
}

/** The stored bytes, checked against the recorded SHA-256 (503 when altered or missing). */
async function checkedStore(deps: ArtefactDeps, row: ArtefactRow): Promise<ArtefactStore> {
  const store = requireStore(deps);
  const actual = await store.hashStored(row.sha256);
  if (actual !== row.sha256) {
    throw new AppError(
      'unavailable',
      `The stored bytes of artefact ${row.id} are ${actual ? 'altered' : 'missing'}: they no longer match its SHA-256, so they are withheld. An administrator should run "jaga log verify".`,
    );
  }
  return store;
}

async function present(
  deps: ArtefactDeps,
  actor: Actor,
  rows: readonly ArtefactRow[],
): Promise<ArtefactBody[]> {
  const shown = await sharingShownTo(
    deps.db,
    actor.organisationId,
    rows.map((row) => row.id),
  );
  return rows.map((row) =>
    presentArtefact(row, {
      groups: shown.groups.get(row.id) ?? [],
      recipients: shown.recipients.get(row.id) ?? [],
      canChangeSharing: actor.role !== 'viewer' && canChangeSharing(actor, row),
    }),
  );
}

/** An upload whose bytes are staged in the store, with its form fields. */
export interface Upload {
  staged: StagedFile;
  filename: string;
  mediaType: string;
  fields: UploadFields;
}

/** An upload the actor may record, with its sharing groups and recipients resolved to ids. */
export interface CheckedUpload extends Upload {
  groupIds: string[];
  recipientIds: string[];
}

/**
 * Checks the actor may record an upload with the sharing it asks for (writer role, groups of the
 * actor's organisation, known recipients, a recipient for RED) and resolves that sharing to ids.
 * Throws the 400/403 the request deserves; it neither stores nor discards anything.
 *
 * @example
 * const checked = await checkUpload(deps.db, actor, upload);
 */
export async function checkUpload(
  db: Kysely<Database>,
  actor: Actor,
  upload: Upload,
): Promise<CheckedUpload> {
  const { fields } = upload;
  requireWriter(actor);
  const groupIds = await resolveGroups(db, actor, fields.groups, 'groups');
  const recipientIds = await resolveRecipients(db, fields.recipients, 'recipients');
  if (fields.tlp === 'RED' && recipientIds.length === 0) {
    throw new AppError(
      'bad_request',
      'recipients: a RED artefact needs at least one named recipient (by e-mail); without one only you could read it.',
    );
  }
  return { ...upload, groupIds, recipientIds };
}

/**
 * Checks every upload ({@link checkUpload}) and only then moves their bytes into place in the
 * store, so that a refused request stores no bytes. It runs before the transaction that records
 * the uploads, never inside it: file I/O would hold the transaction (and PGlite's one connection)
 * open, and a committed blob that no row names is harmless in a content-addressed store. The
 * caller still discards every staged file in a `finally` (a no-op once committed).
 *
 * @example
 * try {
 *   const [checked] = await commitUploads(deps.db, actor, [upload]);
 *   await deps.db.transaction().execute(async (trx) => { … insertArtefactRecord(trx, actor, checked, at) … });
 * } finally {
 *   await upload.staged.discard();
 * }
 */
export async function commitUploads<const T extends readonly Upload[]>(
  db: Kysely<Database>,
  actor: Actor,
  uploads: T,
): Promise<{ -readonly [K in keyof T]: CheckedUpload }> {
  const checked: CheckedUpload[] = [];
  for (const upload of uploads) checked.push(await checkUpload(db, actor, upload));
  for (const upload of checked) await upload.staged.commit();
  // One checked upload per upload, in order: the tuple the caller passed, checked.
  return checked as { -readonly [K in keyof T]: CheckedUpload };
}

/** An artefact recorded in an open transaction, and the custody leaf its caller must append. */
export interface ArtefactRecord {
  row: ArtefactRow;
  groupIds: string[];
  recipientIds: string[];
  /** The `artefact.upload` entry: append it with `appendLeaf` in the same transaction. */
  leaf: CustodyEntry;
}

/**
 * Inserts a checked, committed upload's metadata and sharing inside the caller's transaction and
 * returns its `artefact.upload` custody entry without appending it. The caller appends it (after
 * its other writes, since the log's lock is held to the end of the transaction, and before its
 * own leaf about the record the artefact belongs to), so that the artefact, its leaf and its link
 * to that record commit together or not at all.
 *
 * @example
 * await deps.db.transaction().execute(async (trx) => {
 *   const report = await insertArtefactRecord(trx, actor, checked, at);
 *   await linkToMyRecord(trx, report.row.id);
 *   await appendLeaf(trx, report.leaf);
 *   await appendLeaf(trx, myRecordLeaf);
 * });
 */
export async function insertArtefactRecord(
  trx: Transaction<Database>,
  actor: Actor,
  upload: CheckedUpload,
  at: Date,
): Promise<ArtefactRecord> {
  const { staged, fields, groupIds, recipientIds } = upload;
  const id = await insertArtefact(trx, {
    organisationId: actor.organisationId,
    createdBy: actor.userId,
    tlp: fields.tlp,
    title: fields.title ?? upload.filename,
    legalBasis: fields.legalBasis ?? null,
    source: fields.source ?? null,
    acquiredAt: fields.acquiredAt ? new Date(fields.acquiredAt) : null,
    filename: upload.filename,
    mediaType: upload.mediaType,
    sizeBytes: staged.sizeBytes,
    sha256: staged.sha256,
    at,
  });
  await replaceRecordSharing(trx, id, { sharingGroupIds: groupIds, recipientIds });
  const row = await findReadableArtefact(trx, actor, id);
  if (!row) throw new Error('A new artefact is not readable by its creator');
  return {
    row,
    groupIds,
    recipientIds,
    leaf: {
      type: 'artefact.upload',
      actor: actorRef(actor),
      subject: { kind: 'artefact', id, sha256: staged.sha256 },
      at: at.toISOString(),
      details: {
        sizeBytes: staged.sizeBytes,
        tlp: fields.tlp,
        groupIds: [...groupIds].sort(),
        recipientIds: [...recipientIds].sort(),
        metadataSha256: metadataDigest(row),
      },
    },
  };
}

/**
 * Stages a text the hub produced itself (a report, a table) as an upload of its own, UTF-8
 * encoded. Its size is bounded by the text already in memory, not by the upload limit.
 *
 * @example
 * const upload = await stageText(store, csv, { filename: 'hops.csv', mediaType: 'text/csv', fields });
 */
export async function stageText(
  store: ArtefactStore,
  content: string,
  file: { filename: string; mediaType: string; fields: UploadFields },
): Promise<Upload> {
  const staged = await store.stage(
    Readable.from([Buffer.from(content, 'utf8')]),
    Number.MAX_SAFE_INTEGER,
  );
  return { staged, ...file };
}

/**
 * Records an uploaded artefact: checks its groups and recipients, moves its bytes into place, then
 * inserts its metadata and sharing and appends its `artefact.upload` custody leaf in one
 * transaction. The staged file is discarded when anything is wrong with the request.
 *
 * @example
 * const body = await createArtefact(deps, actor, { staged, filename, mediaType, fields });
 */
export async function createArtefact(
  deps: ArtefactDeps,
  actor: Actor,
  upload: Upload,
): Promise<ArtefactBody> {
  try {
    const [checked] = await commitUploads(deps.db, actor, [upload]);
    const at = new Date(deps.now());
    const id = await deps.db.transaction().execute(async (trx) => {
      const record = await insertArtefactRecord(trx, actor, checked, at);
      await appendLeaf(trx, record.leaf);
      return record.row.id;
    });
    return getArtefact(deps, actor, id);
  } finally {
    await upload.staged.discard();
  }
}

/**
 * One artefact's metadata, or 404 when it does not exist or the actor may not read it.
 *
 * @example
 * const artefact = await getArtefact(deps, actor, id);
 */
export async function getArtefact(
  deps: ArtefactDeps,
  actor: Actor,
  id: string,
): Promise<ArtefactBody> {
  const row = await findReadableArtefact(deps.db, actor, id);
  if (!row) throw artefactNotFound(id);
  const [body] = await present(deps, actor, [row]);
  return body as ArtefactBody;
}

/**
 * A page of the artefacts the actor may read, newest first.
 *
 * @example
 * const { items, nextCursor } = await listArtefacts(deps, actor, { limit: 50 });
 */
export async function listArtefacts(
  deps: ArtefactDeps,
  actor: Actor,
  query: ListArtefactsQuery,
): Promise<{ items: ArtefactBody[]; nextCursor: string | null }> {
  const rows = await listReadableArtefacts(deps.db, actor, {
    limit: query.limit + 1,
    after: query.cursor ? decodeNewestFirst(query.cursor) : undefined,
    tlp: query.tlp,
    text: query.q,
  });
  const { page, nextCursor } = pageOf(rows, query.limit, encodeNewestFirst);
  return { items: await present(deps, actor, page), nextCursor };
}

/**
 * How many artefacts the actor may read, in all and per TLP level.
 *
 * @example
 * const { total, byTlp } = await artefactStats(deps, actor);
 */
export async function artefactStats(
  deps: ArtefactDeps,
  actor: Actor,
): Promise<{ total: number; byTlp: Record<TlpLevel, number> }> {
  const counts = await countReadableArtefacts(deps.db, actor);
  const byTlp = Object.fromEntries(TLP_LEVELS.map((level) => [level, 0])) as Record<
    TlpLevel,
    number
  >;
  for (const { tlp, count } of counts) byTlp[tlp as TlpLevel] = count;
  return { total: counts.reduce((sum, { count }) => sum + count, 0), byTlp };
}

/**
 * Opens an artefact's bytes for the actor: checks they still hash to the recorded SHA-256, appends
 * the `artefact.read` custody leaf (committed before any byte is sent), then streams them.
 *
 * @example
 * const { row, stream } = await openArtefactContent(deps, actor, id);
 */
export async function openArtefactContent(
  deps: ArtefactDeps,
  actor: Actor,
  id: string,
): Promise<{ row: ArtefactRow; stream: Readable }> {
  const row = await findReadableArtefact(deps.db, actor, id);
  if (!row) throw artefactNotFound(id);
  const store = await checkedStore(deps, row);
  await appendLeaf(deps.db, {
    type: 'artefact.read',
    actor: actorRef(actor),
    subject: { kind: 'artefact', id, sha256: row.sha256 },
    at: new Date(deps.now()).toISOString(),
  });
  const stream = await store.open(row.sha256);
  if (!stream) throw new Error(`Artefact ${id} vanished from the store while being read`);
  return { row, stream };
}

/**
 * Changes an artefact's TLP level, sharing groups and/or recipients and appends the
 * `artefact.sharing-change` leaf in the same transaction. Groups the actor's organisation is not in
 * are neither shown nor touched: `groups` replaces only the actor's own.
 *
 * @example
 * await changeArtefactSharing(deps, actor, id, { groups: [groupId] });
 */
export async function changeArtefactSharing(
  deps: ArtefactDeps,
  actor: Actor,
  id: string,
  change: ChangeSharingBody,
): Promise<ArtefactBody> {
  const row = await findReadableArtefact(deps.db, actor, id);
  if (!row) throw artefactNotFound(id);
  if (!canChangeSharing(actor, row)) {
    throw new AppError(
      'forbidden',
      row.tlp === 'RED'
        ? 'Only the user who uploaded a RED artefact may change its sharing.'
        : `Only users of ${row.organisationName}, which owns this artefact, may change its sharing.`,
    );
  }
  requireWriter(actor);
  const requestedGroups =
    change.groups && (await resolveGroups(deps.db, actor, change.groups, 'groups'));
  const recipientIds =
    change.recipients && (await resolveRecipients(deps.db, change.recipients, 'recipients'));
  const at = new Date(deps.now());
  await deps.db.transaction().execute(async (trx) => {
    // Lock the row: concurrent changes apply one after the other, each logging the level it found.
    const locked = await trx
      .selectFrom('artefacts')
      .select('tlp')
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const fromTlp = locked.tlp as TlpLevel;
    const current = await trx
      .selectFrom('record_sharing_groups')
      .select('group_id')
      .where('record_id', '=', id)
      .execute();
    let groupIds: string[] | undefined;
    if (requestedGroups) {
      const mine = new Set(
        (
          await findGroupsOfMember(
            trx,
            actor.organisationId,
            current.map((g) => g.group_id),
          )
        ).map((group) => group.id),
      );
      const hidden = current.map((g) => g.group_id).filter((groupId) => !mine.has(groupId));
      groupIds = [...new Set([...hidden, ...requestedGroups])];
    }
    const tlp = change.tlp ?? fromTlp;
    const finalRecipients =
      recipientIds ??
      (
        await trx
          .selectFrom('record_recipients')
          .select('user_id')
          .where('record_id', '=', id)
          .execute()
      ).map((r) => r.user_id);
    if (tlp === 'RED' && finalRecipients.length === 0) {
      throw new AppError(
        'bad_request',
        'recipients: a RED artefact needs at least one named recipient (by e-mail).',
      );
    }
    await updateArtefactSharing(trx, id, { tlp: change.tlp, at });
    await replaceRecordSharing(trx, id, { sharingGroupIds: groupIds, recipientIds });
    const details: Record<string, unknown> = { fromTlp, tlp };
    if (groupIds) details.groupIds = [...groupIds].sort();
    if (recipientIds) details.recipientIds = [...new Set(recipientIds)].sort();
    await appendLeaf(trx, {
      type: 'artefact.sharing-change',
      actor: actorRef(actor),
      subject: { kind: 'artefact', id, sha256: row.sha256 },
      at: at.toISOString(),
      details,
    });
  });
  return getArtefact(deps, actor, id);
}

/**
 * The custody trail of an artefact the actor may read: every leaf about it, in log order.
 *
 * @example
 * const { items } = await artefactCustodyTrail(deps, actor, id);
 */
export async function artefactCustodyTrail(
  deps: ArtefactDeps,
  actor: Actor,
  id: string,
): Promise<{ items: { index: number; leaf: Record<string, unknown>; leafHash: string }[] }> {
  const row = await findReadableArtefact(deps.db, actor, id);
  if (!row) throw artefactNotFound(id);
  const leaves = await custodyLeavesOf(deps.db, id);
  return {
    items: leaves.map((leaf) => ({
      index: leaf.index,
      leaf: JSON.parse(leaf.leaf) as Record<string, unknown>,
      leafHash: Buffer.from(leaf.leafHash).toString('base64'),
    })),
  };
}

/**
 * Exports an evidence bundle (format `jaga-evidence-bundle/1` of `@jaga/custody`): the artefact's
 * bytes (unless `withContent` is false), its metadata, every custody leaf about it with inclusion
 * proofs, and a checkpoint signed for the occasion. The export is itself logged first
 * (`artefact.export`), so the bundle proves it too. `jaga log verify-bundle` checks it offline.
 *
 * @example
 * const bundle = await exportEvidenceBundle(deps, actor, id, (id) => app.custodyLog.evidence(id));
 */
export async function exportEvidenceBundle(
  deps: ArtefactDeps,
  actor: Actor,
  id: string,
  evidence: (subjectId: string) => Promise<CustodyEvidence>,
  withContent = true,
): Promise<{ row: ArtefactRow; bundle: EvidenceBundle }> {
  const row = await findReadableArtefact(deps.db, actor, id);
  if (!row) throw artefactNotFound(id);
  const store = await checkedStore(deps, row);
  const exportedAt = new Date(deps.now()).toISOString();
  await appendLeaf(deps.db, {
    type: 'artefact.export',
    actor: actorRef(actor),
    subject: { kind: 'artefact', id, sha256: row.sha256 },
    at: exportedAt,
    details: { withContent },
  });
  const log = await evidence(id);
  let content: string | undefined;
  if (withContent) {
    const stream = await store.open(row.sha256);
    if (!stream) throw new Error(`Artefact ${id} vanished from the store while being exported`);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    if (createHash('sha256').update(bytes).digest('hex') !== row.sha256) {
      throw new AppError(
        'unavailable',
        `The stored bytes of artefact ${id} changed during export.`,
      );
    }
    content = bytes.toString('base64');
  }
  const bundle = buildEvidenceBundle({
    exportedAt,
    log: { publicKey: log.publicKey, checkpoint: log.checkpoint },
    artefact: {
      id,
      sha256: row.sha256,
      size: row.sizeBytes,
      metadata: {
        ...boundMetadata(row),
        metadataSha256: metadataDigest(row),
        tlp: row.tlp,
        tlpMarkingDefinitionId: TLP_MARKING_DEFINITION_IDS[row.tlp],
        organisation: { id: row.organisationId, name: row.organisationName },
        createdBy: { id: row.createdBy, displayName: row.createdByName },
        createdAt: row.createdAt.toISOString(),
      },
      ...(content !== undefined ? { content } : {}),
    },
    entries: log.entries,
  });
  return { row, bundle };
}
