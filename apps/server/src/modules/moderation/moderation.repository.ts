import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { type PostRow, selectPosts, toPostRow } from '../posts/posts.repository.js';
import { readableBy, type SqlPolicyActor } from '../sharing/sql-filter.js';
import type { TlpLevel } from '../sharing/tlp.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The sharing and status facts of a post a decision needs. */
export interface ModeratedPost {
  id: string;
  organisationId: string;
  organisationName: string;
  createdBy: string;
  tlp: TlpLevel;
  status: string;
}

/**
 * The posts of `ids` the actor may read, locked until the transaction ends so two reviewers
 * deciding on the same post at once are serialised.
 */
export async function lockReadablePosts(
  trx: Transaction<Database>,
  actor: SqlPolicyActor,
  ids: readonly string[],
): Promise<ModeratedPost[]> {
  const rows = await trx
    .selectFrom('posts as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select([
      'p.id',
      'p.organisation_id',
      'o.name as organisation_name',
      'p.created_by',
      'p.tlp',
      'p.status',
    ])
    .where('p.id', 'in', [...ids])
    .where(readableBy(actor, 'p'))
    .forUpdate('p')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    createdBy: row.created_by,
    tlp: row.tlp as TlpLevel,
    status: row.status,
  }));
}

/**
 * A page of the flagged posts (review or remove) the actor may read, riskiest first, optionally
 * only those of one organisation, and how many match in all.
 */
export async function flaggedPosts(
  db: Db,
  actor: SqlPolicyActor,
  filters: { statuses: readonly string[]; organisationId?: string | undefined },
  page: { limit: number; after?: { risk: number; id: string } | undefined },
): Promise<{ rows: PostRow[]; total: number }> {
  // One condition for the page and its count: flagged, in the asked statuses, readable, and of the
  // organisation when one is given.
  const flagged = sql<boolean>`p.decision in ('review', 'remove')
    and p.status in (${sql.join([...filters.statuses])})
    and ${readableBy(actor, 'p')}
    ${filters.organisationId ? sql`and p.organisation_id = ${filters.organisationId}` : sql``}`;
  let query = selectPosts(db)
    .where(flagged)
    .orderBy('p.risk', 'desc')
    .orderBy('p.id', 'desc')
    .limit(page.limit);
  if (page.after) {
    query = query.where(
      sql<boolean>`(p.risk, p.id) < (${page.after.risk}::double precision, ${page.after.id}::uuid)`,
    );
  }
  const [rows, total] = await Promise.all([
    query.execute(),
    db
      .selectFrom('posts as p')
      .where(flagged)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    rows: rows.map(toPostRow),
    total: Number(total.n),
  };
}

/** Sets the review status of posts. */
export async function setPostStatus(
  trx: Transaction<Database>,
  ids: readonly string[],
  status: 'actioned' | 'dismissed' | 'reviewed',
  at: Date,
): Promise<void> {
  await trx
    .updateTable('posts')
    .set({ status, updated_at: at })
    .where('id', 'in', [...ids])
    .execute();
}

/** Organisation types that investigate: the ones a flagged post can be escalated to. */
export const INVESTIGATING_TYPES = ['law-enforcement', 'prosecution'] as const;

/** Investigating organisations other than `exceptId`, by name. */
export async function investigatingOrganisations(
  db: Db,
  exceptId: string,
): Promise<{ id: string; name: string; type: string; country: string }[]> {
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'type', 'country'])
    .where('type', 'in', [...INVESTIGATING_TYPES])
    .where('id', '<>', exceptId)
    .orderBy('name')
    .execute();
}

/** An organisation by id, or `undefined`. */
export async function findOrganisation(
  db: Db,
  id: string,
): Promise<{ id: string; name: string; type: string } | undefined> {
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'type'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Roles that receive an escalated post: the organisation's investigators and analysts. */
export const ESCALATION_ROLES = ['investigator', 'analyst'] as const;

/** Active users of an organisation who receive escalations. */
export async function escalationRecipients(db: Db, organisationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('role', 'in', [...ESCALATION_ROLES])
    .where('disabled_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}

/** Names users as recipients of records (already named ones stay as they are). */
export async function addRecipients(
  trx: Transaction<Database>,
  recordIds: readonly string[],
  userIds: readonly string[],
): Promise<void> {
  const values = recordIds.flatMap((record_id) =>
    userIds.map((user_id) => ({ record_id, user_id })),
  );
  if (values.length === 0) return;
  await trx
    .insertInto('record_recipients')
    .values(values)
    .onConflict((oc) => oc.columns(['record_id', 'user_id']).doNothing())
    .execute();
}

/** A notification to every user of an organisation. */
export async function notifyOrganisation(
  trx: Transaction<Database>,
  organisationId: string,
  kind: string,
  message: string,
  subjectId: string,
  at: Date,
): Promise<void> {
  await trx
    .insertInto('notifications')
    .values({
      organisation_id: organisationId,
      user_id: null,
      kind,
      message,
      subject_id: subjectId,
      created_at: at,
    })
    .execute();
}

/** Custody-leaf types of the moderation decisions, the latest of which labels a post. */
export const DECISION_LEAF_TYPES = [
  'moderation.confirm',
  'moderation.dismiss',
  'moderation.escalate',
] as const;

/** A readable post with the latest moderation decision recorded in the custody log. */
export interface LabelledPostRow {
  id: string;
  source: string;
  language: string;
  text: string;
  risk: number;
  decision: string;
  screening: string;
  fingerprint: string;
  tlp: string;
  status: string;
  leafIndex: number;
  leaf: string;
}

/**
 * Readable posts whose status is a final decision (actioned or dismissed), each with the latest
 * moderation leaf about it: the label lives in the tamper-evident log, the status in the post.
 */
export async function labelledPosts(db: Db, actor: SqlPolicyActor): Promise<LabelledPostRow[]> {
  const rows = await db
    .selectFrom('posts as p')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('custody_log_leaves as l')
          .select(['l.leaf_index', 'l.leaf'])
          .whereRef('l.subject_id', '=', sql<string>`p.id::text`)
          .where(sql<string>`(l.leaf::jsonb ->> 'type')`, 'in', [...DECISION_LEAF_TYPES])
          .orderBy('l.leaf_index', 'desc')
          .limit(1)
          .as('latest'),
      (join) => join.onTrue(),
    )
    .select([
      'p.id',
      'p.source',
      'p.language',
      'p.text',
      'p.risk',
      'p.decision',
      'p.screening',
      'p.fingerprint',
      'p.tlp',
      'p.status',
      'latest.leaf_index',
      'latest.leaf',
    ])
    .where('p.status', 'in', ['actioned', 'dismissed'])
    .where(readableBy(actor, 'p'))
    .orderBy('latest.leaf_index')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    source: row.source,
    language: row.language,
    text: row.text,
    risk: Number(row.risk),
    decision: row.decision,
    screening: row.screening,
    fingerprint: row.fingerprint,
    tlp: row.tlp,
    status: row.status,
    leafIndex: Number(row.leaf_index),
    leaf: row.leaf,
  }));
}
