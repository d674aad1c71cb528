import type { Kysely, Transaction } from 'kysely';
import { type NewestFirstCursor, olderThan } from '../../db/keyset.js';
import type { Database } from '../../db/schema.js';
import { readableBy, type SqlPolicyActor } from '../sharing/sql-filter.js';
import type { TlpLevel } from '../sharing/tlp.js';

type Db = Kysely<Database> | Transaction<Database>;

/** An artefact row with the names the API shows beside the ids. */
export interface ArtefactRow {
  id: string;
  organisationId: string;
  organisationName: string;
  createdBy: string;
  createdByName: string;
  tlp: TlpLevel;
  title: string;
  legalBasis: string | null;
  source: string | null;
  acquiredAt: Date | null;
  filename: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: Date;
  updatedAt: Date;
}

function selectArtefacts(db: Db) {
  return db
    .selectFrom('artefacts as a')
    .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
    .innerJoin('users as u', 'u.id', 'a.created_by')
    .select([
      'a.id',
      'a.organisation_id',
      'o.name as organisation_name',
      'a.created_by',
      'u.display_name as created_by_name',
      'a.tlp',
      'a.title',
      'a.legal_basis',
      'a.source',
      'a.acquired_at',
      'a.filename',
      'a.media_type',
      'a.size_bytes',
      'a.sha256',
      'a.created_at',
      'a.updated_at',
    ]);
}

type Selected = Awaited<ReturnType<ReturnType<typeof selectArtefacts>['execute']>>[number];

function toRow(row: Selected): ArtefactRow {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    createdBy: row.created_by,
    createdByName: row.created_by_name,
    tlp: row.tlp as TlpLevel,
    title: row.title,
    legalBasis: row.legal_basis,
    source: row.source,
    acquiredAt: row.acquired_at ? new Date(row.acquired_at) : null,
    filename: row.filename,
    mediaType: row.media_type,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** One artefact the actor may read, or `undefined` (missing and unreadable look the same). */
export async function findReadableArtefact(
  db: Db,
  actor: SqlPolicyActor,
  id: string,
): Promise<ArtefactRow | undefined> {
  const row = await selectArtefacts(db)
    .where('a.id', '=', id)
    .where(readableBy(actor, 'a'))
    .executeTakeFirst();
  return row && toRow(row);
}

/** Where a page of the newest-first list starts: after this (created_at, id). */
export type ArtefactCursor = NewestFirstCursor;

/** A page of the artefacts the actor may read, newest first. */
export async function listReadableArtefacts(
  db: Db,
  actor: SqlPolicyActor,
  options: {
    limit: number;
    after?: ArtefactCursor | undefined;
    tlp?: TlpLevel | undefined;
    /** Text the title or file name contains, case-insensitively. */
    text?: string | undefined;
  },
): Promise<ArtefactRow[]> {
  let query = selectArtefacts(db)
    .where(readableBy(actor, 'a'))
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(options.limit);
  if (options.tlp) query = query.where('a.tlp', '=', options.tlp);
  if (options.text) {
    const pattern = `%${options.text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('a.title', 'ilike', pattern), eb('a.filename', 'ilike', pattern)]),
    );
  }
  if (options.after) query = query.where(olderThan('a', options.after));
  return (await query.execute()).map(toRow);
}

/** How many artefacts the actor may read, per TLP level. */
export async function countReadableArtefacts(
  db: Db,
  actor: SqlPolicyActor,
): Promise<{ tlp: string; count: number }[]> {
  const rows = await db
    .selectFrom('artefacts as a')
    .select(['a.tlp', (eb) => eb.fn.countAll<number>().as('count')])
    .where(readableBy(actor, 'a'))
    .groupBy('a.tlp')
    .execute();
  return rows.map((row) => ({ tlp: row.tlp, count: Number(row.count) }));
}

/** Inserts an artefact's metadata; returns its id. */
export async function insertArtefact(
  db: Db,
  artefact: {
    organisationId: string;
    createdBy: string;
    tlp: TlpLevel;
    title: string;
    legalBasis: string | null;
    source: string | null;
    acquiredAt: Date | null;
    filename: string;
    mediaType: string;
    sizeBytes: number;
    sha256: string;
    at: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('artefacts')
    .values({
      organisation_id: artefact.organisationId,
      created_by: artefact.createdBy,
      tlp: artefact.tlp,
      title: artefact.title,
      legal_basis: artefact.legalBasis,
      source: artefact.source,
      acquired_at: artefact.acquiredAt,
      filename: artefact.filename,
      media_type: artefact.mediaType,
      size_bytes: artefact.sizeBytes,
      sha256: artefact.sha256,
      created_at: artefact.at,
      updated_at: artefact.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Sets an artefact's TLP level and/or marks it changed. */
export async function updateArtefactSharing(
  db: Db,
  id: string,
  change: { tlp?: TlpLevel | undefined; at: Date },
): Promise<void> {
  await db
    .updateTable('artefacts')
    .set({ updated_at: change.at, ...(change.tlp ? { tlp: change.tlp } : {}) })
    .where('id', '=', id)
    .execute();
}

/** Users by e-mail (lower case), for naming recipients. */
export async function usersByEmail(
  db: Db,
  emails: readonly string[],
): Promise<Map<string, { id: string; email: string; displayName: string }>> {
  if (emails.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email', 'display_name'])
    .where('email', 'in', emails)
    .execute();
  return new Map(
    rows.map((row) => [row.email, { id: row.id, email: row.email, displayName: row.display_name }]),
  );
}

/**
 * The shown sharing of some artefacts: their recipients, and those of their sharing groups that the
 * viewer's organisation is a member of (other groups stay hidden, as group membership does).
 */
export async function sharingShownTo(
  db: Db,
  viewerOrganisationId: string,
  recordIds: readonly string[],
): Promise<{
  groups: Map<string, { id: string; name: string }[]>;
  recipients: Map<string, { id: string; email: string; displayName: string }[]>;
}> {
  const groups = new Map<string, { id: string; name: string }[]>();
  const recipients = new Map<string, { id: string; email: string; displayName: string }[]>();
  if (recordIds.length === 0) return { groups, recipients };
  const [groupRows, recipientRows] = await Promise.all([
    db
      .selectFrom('record_sharing_groups as r')
      .innerJoin('sharing_groups as g', 'g.id', 'r.group_id')
      .innerJoin('sharing_group_members as m', (join) =>
        join.onRef('m.group_id', '=', 'g.id').on('m.organisation_id', '=', viewerOrganisationId),
      )
      .select(['r.record_id', 'g.id', 'g.name'])
      .where('r.record_id', 'in', recordIds)
      .orderBy('g.name')
      .execute(),
    db
      .selectFrom('record_recipients as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select(['r.record_id', 'u.id', 'u.email', 'u.display_name'])
      .where('r.record_id', 'in', recordIds)
      .orderBy('u.email')
      .execute(),
  ]);
  for (const row of groupRows) {
    const list = groups.get(row.record_id) ?? [];
    list.push({ id: row.id, name: row.name });
    groups.set(row.record_id, list);
  }
  for (const row of recipientRows) {
    const list = recipients.get(row.record_id) ?? [];
    list.push({ id: row.id, email: row.email, displayName: row.display_name });
    recipients.set(row.record_id, list);
  }
  return { groups, recipients };
}

/** The custody leaves about one record, in log order. */
export async function custodyLeavesOf(
  db: Db,
  recordId: string,
): Promise<{ index: number; leaf: string; leafHash: Uint8Array }[]> {
  const rows = await db
    .selectFrom('custody_log_leaves')
    .select(['leaf_index', 'leaf', 'leaf_hash'])
    .where('subject_id', '=', recordId)
    .orderBy('leaf_index')
    .execute();
  return rows.map((row) => ({
    index: Number(row.leaf_index),
    leaf: row.leaf,
    leafHash: row.leaf_hash,
  }));
}
