import { createHash } from 'node:crypto';
import {
  createScreener,
  type Screener,
  ScreeningInputError,
  type ScreeningResult,
} from '@jaga/screening';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../auth/actor.js';
import { appendLeaf, type CustodyEntry } from '../log/custody-log.js';
import { selectorSecret } from '../selectors/hub-secret.js';
import {
  type NormalisedSelector,
  normaliseSelector,
  SelectorInputError,
  selectorKey,
  selectorsOfScreening,
} from '../selectors/selectors.normalise.js';
import { selectorsOfPost } from '../selectors/selectors.repository.js';
import { presentSelector } from '../selectors/selectors.presenter.js';
import { type SelectorRef, selectorRef, upsertSelectors } from '../selectors/selectors.upsert.js';
import { canChangeSharing } from '../sharing/policy.js';
import { replaceRecordSharing } from '../sharing/sharing.repository.js';
import type { SqlPolicyActor } from '../sharing/sql-filter.js';
import { findGroupsOfMember } from '../sharing-groups/sharing-groups.repository.js';
import { appendLeaves } from './posts.custody.js';
import { excerpt, presentPostSummary } from './posts.presenter.js';
import {
  earlierSightings,
  findReadablePost,
  listReadablePosts,
  nearDuplicatePosts,
  type PostCursor,
  type PostRow,
} from './posts.repository.js';
import {
  type IngestedItem,
  type IngestError,
  type ListPostsQuery,
  MAX_INGEST_BATCH,
  MAX_POST_TEXT,
  type PostDetail,
  type PostInput,
  type PostSummary,
  postInputSchema,
  type UpdatePostBody,
} from './posts.schema.js';

/** Who ingests: the owner of the stored posts (a user, or the service account of a worker). */
export type IngestActor = Pick<Actor, 'userId' | 'organisationId' | 'role'>;

/** Options of {@link ingestPosts}. */
export interface IngestOptions {
  /** Clock in milliseconds (first/last seen, custody leaves); `Date.now` by default. */
  readonly now?: () => number;
  /** A compiled screener to reuse; the built-in catalogue's by default. */
  readonly screener?: Screener;
  /** Marks the posts as demo data (the seed). */
  readonly demo?: boolean;
}

/** The answer for one post: stored (or found stored), or why it was refused. */
export type IngestResult = IngestedItem | IngestError;

let defaultScreener: Screener | undefined;

interface Prepared {
  index: number;
  input: PostInput;
  result: ScreeningResult;
  selectors: NormalisedSelector[];
  country: string | null;
  locationText: string | null;
  geometry: string | null;
  contentHash: string;
}

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The hash a post is recognised by when its source gives no id: the source and the text with
 * Unicode, white space and case normalised (a re-crawl that changes only spacing adds nothing).
 */
export function contentHash(source: string, text: string): string {
  return sha256Hex(
    `${source}\n${text.normalize('NFC').trim().replace(/\s+/gu, ' ').toLowerCase()}`,
  );
}

function issueMessage(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }) {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'post'}: ${issue.message}`)
    .join('; ');
}

function refuse(index: number, raw: unknown, message: string): IngestError {
  const externalId =
    typeof raw === 'object' &&
    raw !== null &&
    typeof (raw as { externalId?: unknown }).externalId === 'string'
      ? ((raw as { externalId: string }).externalId as string)
      : undefined;
  return {
    index,
    ...(externalId !== undefined ? { externalId } : {}),
    error: { status: 400, code: 'bad_request', message: `posts[${index}]: ${message}` },
  };
}

function prepare(
  screener: Screener,
  index: number,
  raw: unknown,
  ownGroups: ReadonlySet<string>,
): Prepared | IngestError {
  const parsed = postInputSchema.safeParse(raw);
  if (!parsed.success) return refuse(index, raw, issueMessage(parsed.error));
  const input = parsed.data;
  const unknownGroups = input.groups.filter((id) => !ownGroups.has(id.toLowerCase()));
  if (unknownGroups.length > 0) {
    // The same words whether the group does not exist or is someone else's: membership is hidden.
    return refuse(
      index,
      raw,
      `groups: no sharing group of your organisation has id ${unknownGroups.join(', ')} (see GET /api/v1/sharing-groups)`,
    );
  }
  const location = input.location;
  const locationText = typeof location === 'string' ? location : (location?.name ?? null) || null;
  let result: ScreeningResult;
  try {
    result = screener.screen(
      {
        text: input.text,
        ...(locationText ? { location: locationText } : {}),
        ...(input.url ? { url: input.url } : {}),
        ...(input.language ? { lang: input.language } : {}),
      },
      { maxLength: MAX_POST_TEXT },
    );
  } catch (error) {
    if (error instanceof ScreeningInputError) return refuse(index, raw, error.message);
    throw error;
  }
  const placeCountry = result.selectors.places.find((p) => p.field === 'location')?.country;
  const country =
    (typeof location === 'object' ? location.country : undefined) ?? placeCountry ?? null;
  // The post's own URL is stored with it, not made a selector: it names the post, not a recruiter.
  const selectors = new Map<string, NormalisedSelector>();
  for (const s of selectorsOfScreening(result, input.text, country))
    selectors.set(selectorKey(s), s);
  for (const [i, given] of input.selectors.entries()) {
    try {
      const s = normaliseSelector({ ...given, country: given.country ?? country ?? undefined });
      selectors.set(selectorKey(s), s);
    } catch (error) {
      if (error instanceof SelectorInputError) {
        return refuse(index, raw, `selectors.${i}: ${error.message}`);
      }
      throw error;
    }
  }
  const geometry =
    typeof location === 'object' && location.geometry !== undefined
      ? JSON.stringify(location.geometry)
      : null;
  return {
    index,
    input,
    result,
    selectors: [...selectors.values()],
    country,
    locationText,
    geometry,
    contentHash: contentHash(input.source, input.text),
  };
}

/** A sighting to insert once the batch's posts are stored. */
interface NewSighting {
  selector_id: string;
  post_id: string;
  seen_at: Date;
  organisation_id: string;
  created_by: string;
}

/** The key a post is stored once by: (source, externalId), or the content hash without an id. */
function postKey(source: string, externalId: string | null | undefined, hash: string): string {
  return externalId != null ? `e\n${source}\n${externalId}` : `h\n${hash}`;
}

/**
 * Stores a batch of prepared posts in the caller's transaction with one multi-row insert (in key
 * order, so concurrent batches lock rows alike), then answers repeats from what is stored, and
 * queues the new posts' sightings and custody entries for the caller to insert in bulk.
 */
async function storeBatch(
  trx: Transaction<Database>,
  actor: IngestActor,
  selectorRefs: ReadonlyMap<string, SelectorRef>,
  sightings: NewSighting[],
  leaves: CustodyEntry[],
  items: readonly Prepared[],
  at: Date,
  demo: boolean,
): Promise<IngestedItem[]> {
  const keyOf = (item: Prepared) =>
    postKey(item.input.source, item.input.externalId, item.contentHash);
  const first = new Map<string, Prepared>();
  for (const item of items) if (!first.has(keyOf(item))) first.set(keyOf(item), item);
  const rows = [...first.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, item]) => {
      const { input, result } = item;
      return {
        organisation_id: actor.organisationId,
        created_by: actor.userId,
        tlp: input.tlp,
        source: input.source,
        external_id: input.externalId ?? null,
        url: input.url ?? null,
        text: input.text,
        language: result.language,
        location: item.locationText,
        country: item.country,
        geometry: item.geometry,
        posted_at: input.postedAt ? new Date(input.postedAt) : null,
        first_seen_at: at,
        last_seen_at: at,
        risk: result.risk,
        decision: result.decision,
        screening: JSON.stringify({
          indicators: result.indicators,
          selectors: result.selectors,
          warning: result.warning,
        }),
        fingerprint: result.fingerprint,
        content_hash: item.contentHash,
        is_demo: demo,
        created_at: at,
        updated_at: at,
      };
    });
  // `on conflict do nothing` without a target covers both idempotency keys (posts_external_key
  // and posts_content_key): a post this organisation already stored is skipped, not changed.
  const inserted = new Map<string, string>();
  for (let start = 0; start < rows.length; start += 1000) {
    const returned = await trx
      .insertInto('posts')
      .values(rows.slice(start, start + 1000))
      .onConflict((oc) => oc.doNothing())
      .returning(['id', 'source', 'external_id', 'content_hash'])
      .execute();
    for (const row of returned) {
      inserted.set(postKey(row.source, row.external_id, row.content_hash), row.id);
    }
  }
  // Posts stored before this batch: answer with what is stored, change nothing but last_seen_at.
  const missing = [...first.keys()].filter((key) => !inserted.has(key));
  const existing = new Map<string, { id: string; risk: number; decision: string }>();
  const existingSelectors = new Map<string, SelectorRef[]>();
  if (missing.length > 0) {
    const withId = missing.flatMap((key) => {
      const item = first.get(key);
      return item?.input.externalId !== undefined
        ? [{ source: item.input.source, externalId: item.input.externalId }]
        : [];
    });
    const hashes = missing.flatMap((key) => {
      const item = first.get(key);
      return item && item.input.externalId === undefined ? [item.contentHash] : [];
    });
    const found = await trx
      .selectFrom('posts')
      .select(['id', 'risk', 'decision', 'source', 'external_id', 'content_hash'])
      .where('organisation_id', '=', actor.organisationId)
      .where((eb) =>
        eb.or([
          ...withId.map((k) =>
            eb.and([eb('source', '=', k.source), eb('external_id', '=', k.externalId)]),
          ),
          ...(hashes.length > 0
            ? [eb.and([eb('external_id', 'is', null), eb('content_hash', 'in', hashes)])]
            : []),
        ]),
      )
      .execute();
    for (const row of found) {
      existing.set(postKey(row.source, row.external_id, row.content_hash), row);
    }
    const ids = found.map((row) => row.id);
    if (ids.length > 0) {
      // Seen again: only when it was last seen moves (no new sighting, no custody leaf).
      await trx
        .updateTable('posts')
        .set({ last_seen_at: at })
        .where('id', 'in', ids)
        .where('last_seen_at', '<', at)
        .execute();
      const stored = await trx
        .selectFrom('sightings as si')
        .innerJoin('selectors as s', 's.id', 'si.selector_id')
        .select(['si.post_id', 's.id', 's.type', 's.qualifier', 's.value', 's.country'])
        .where('si.post_id', 'in', ids)
        .orderBy('s.type')
        .orderBy('s.value')
        .execute();
      for (const row of stored) {
        if (row.post_id === null) continue; // never: the query asks for these posts' sightings
        const list = existingSelectors.get(row.post_id) ?? [];
        list.push(selectorRef(row));
        existingSelectors.set(row.post_id, list);
      }
    }
  }
  const storedNow = new Map<string, SelectorRef[]>();
  const done: IngestedItem[] = [];
  for (const item of items) {
    const { input, result } = item;
    const key = keyOf(item);
    const id = inserted.get(key);
    if (id === undefined || first.get(key) !== item) {
      // Stored before, or earlier in this batch (its sightings are not inserted yet).
      const now = id !== undefined ? storedNow.get(id) : undefined;
      const before = existing.get(key);
      const original = first.get(key)?.result ?? result;
      const shown =
        id !== undefined ? { id, risk: original.risk, decision: original.decision } : before;
      if (!shown) throw new Error(`post ${key} was neither inserted nor found`);
      done.push({
        index: item.index,
        id: shown.id,
        created: false,
        screening: {
          risk: Number(shown.risk),
          decision: shown.decision as IngestedItem['screening']['decision'],
        },
        selectors: now ?? existingSelectors.get(shown.id) ?? [],
      });
      continue;
    }
    if (input.groups.length > 0) {
      await replaceRecordSharing(trx, id, { sharingGroupIds: input.groups });
    }
    const selectors = item.selectors
      .map((s) => selectorRefs.get(selectorKey(s)))
      .filter((s): s is SelectorRef => s !== undefined)
      .sort((x, y) => x.type.localeCompare(y.type) || x.value.localeCompare(y.value));
    storedNow.set(id, selectors);
    for (const s of selectors) {
      sightings.push({
        selector_id: s.id,
        post_id: id,
        seen_at: input.postedAt ? new Date(input.postedAt) : at,
        organisation_id: actor.organisationId,
        created_by: actor.userId,
      });
    }
    leaves.push({
      type: 'post.ingest',
      actor: { userId: actor.userId, organisationId: actor.organisationId },
      subject: { kind: 'post', id, sha256: item.contentHash },
      at: at.toISOString(),
      details: {
        source: input.source,
        tlp: input.tlp,
        groupIds: [...new Set(input.groups)].sort(),
        selectorIds: selectors.map((s) => s.id).sort(),
        ...(demo ? { via: 'demo-seed' } : {}),
      },
    });
    done.push({
      index: item.index,
      id,
      created: true,
      screening: { risk: result.risk, decision: result.decision },
      selectors,
    });
  }
  return done;
}

/**
 * Screens posts, stores them with their selectors and sightings, and answers per post. Each post
 * is checked first (source, text length, location geometry, given selectors such as wallets,
 * sharing groups): a bad one gets `{ index, error }` with a 400 status and a message naming the
 * field, and the good ones are still stored. All good posts of a call are stored in one
 * transaction, each with its `post.ingest` custody leaf.
 *
 * Idempotent: a post is stored once per owner organisation and (source, externalId), or content
 * hash when it has no externalId; a repeat answers `created: false` with the stored result, so a
 * redelivered stream message stores nothing twice.
 *
 * @throws AppError `forbidden` for viewers, `bad_request` for more than 500 posts.
 * @example
 * const [result] = await ingestPosts(db, actor, [{ source: 'telegram', text: 'Hiring in Bavet…' }]);
 */
export async function ingestPosts(
  db: Kysely<Database>,
  actor: IngestActor,
  items: readonly unknown[],
  options: IngestOptions = {},
): Promise<IngestResult[]> {
  if (actor.role === 'viewer') {
    throw new AppError('forbidden', 'Viewers may read posts but not submit them.');
  }
  if (items.length > MAX_INGEST_BATCH) {
    throw new AppError(
      'bad_request',
      `posts: at most ${MAX_INGEST_BATCH} posts per request, got ${items.length}; split the batch`,
    );
  }
  defaultScreener ??= createScreener();
  const screener = options.screener ?? defaultScreener;
  const requestedGroups = new Set<string>();
  for (const raw of items) {
    const groups = (raw as { groups?: unknown } | null)?.groups;
    if (Array.isArray(groups)) {
      for (const g of groups) {
        if (typeof g === 'string' && /^[0-9a-f-]{36}$/i.test(g))
          requestedGroups.add(g.toLowerCase());
      }
    }
  }
  const ownGroups = new Set(
    (await findGroupsOfMember(db, actor.organisationId, [...requestedGroups])).map((g) => g.id),
  );
  const prepared = items.map((raw, index) => prepare(screener, index, raw, ownGroups));
  const good = prepared.filter((p): p is Prepared => !('error' in p));
  const answers: IngestResult[] = prepared.map((p) => ('error' in p ? p : (undefined as never)));
  if (good.length > 0) {
    const secret = await selectorSecret(db);
    const at = new Date((options.now ?? Date.now)());
    const stored = await db.transaction().execute(async (trx) => {
      // A batch costs a few statements whatever its size: one selector upsert, one posts insert,
      // one sightings insert and the custody leaves in one go (plus sharing groups when given).
      const all = new Map<string, NormalisedSelector>();
      for (const item of good) for (const s of item.selectors) all.set(selectorKey(s), s);
      // In key order: concurrent batches (several stream workers) then lock new selectors in
      // the same order and cannot deadlock on them.
      const ordered = [...all.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const refs = await upsertSelectors(
        trx,
        secret,
        ordered.map(([, s]) => s),
      );
      const sightings: NewSighting[] = [];
      const leaves: CustodyEntry[] = [];
      const done = await storeBatch(
        trx,
        actor,
        refs,
        sightings,
        leaves,
        good,
        at,
        options.demo ?? false,
      );
      for (let start = 0; start < sightings.length; start += 2000) {
        await trx
          .insertInto('sightings')
          .values(sightings.slice(start, start + 2000))
          .execute();
      }
      // The custody leaves last and in one go: the log's lock is held only for these statements.
      await appendLeaves(trx, leaves);
      return done;
    });
    for (const item of stored) answers[item.index] = item;
  }
  return answers;
}

/**
 * Fingerprints this many bits apart or fewer belong to one campaign: similarity ≥ 0.85, where
 * re-posts with small edits land; unrelated texts sit near 0.5 (32 bits), about 4 bits apart.
 */
export const CAMPAIGN_MAX_DISTANCE = 9;

function encodeCursor(row: PostRow): string {
  return Buffer.from(JSON.stringify([row.risk, row.id])).toString('base64url');
}

function decodeCursor(cursor: string): PostCursor {
  try {
    const [risk, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof risk === 'number' && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) {
      return { risk, id };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError(
    'bad_request',
    'querystring/cursor: not a cursor from this API; pass the nextCursor of the previous page as is.',
  );
}

/**
 * A page of the posts the actor may read, riskiest first, with the number matching in all.
 *
 * @example
 * await listPosts(db, actor, { decision: ['review', 'remove'], limit: 50 });
 */
export async function listPosts(
  db: Kysely<Database>,
  actor: SqlPolicyActor,
  query: ListPostsQuery,
): Promise<{ items: PostSummary[]; total: number; nextCursor: string | null }> {
  const { rows, total } = await listReadablePosts(
    db,
    actor,
    {
      decisions: query.decision,
      statuses: query.status,
      languages: query.language,
      sources: query.source,
    },
    { limit: query.limit + 1, after: query.cursor ? decodeCursor(query.cursor) : undefined },
  );
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(presentPostSummary),
    total,
    nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
  };
}

/**
 * One post with its stored screening (indicators with evidence spans), its selectors with their
 * earlier sightings, and the near-duplicate posts of its campaign; all policy-filtered. 404 when
 * the post does not exist or the actor may not read it.
 *
 * @example
 * await getPost(db, actor, id);
 */
export async function getPost(
  db: Kysely<Database>,
  actor: SqlPolicyActor,
  id: string,
): Promise<PostDetail> {
  const row = await findReadablePost(db, actor, id);
  if (!row) throw new AppError('not_found', `No post with id ${id}.`);
  const stored = JSON.parse(row.screening) as Pick<
    ScreeningResult,
    'indicators' | 'selectors' | 'warning'
  >;
  const selectors = await selectorsOfPost(db, id);
  const [earlier, duplicates] = await Promise.all([
    earlierSightings(
      db,
      actor,
      selectors.map((s) => s.id),
      { excludePostId: id, before: row.postedAt ?? row.firstSeenAt, perSelector: 20 },
    ),
    nearDuplicatePosts(db, actor, row.fingerprint, {
      maxDistance: CAMPAIGN_MAX_DISTANCE,
      excludeId: id,
      limit: 50,
    }),
  ]);
  return {
    ...presentPostSummary(row),
    text: row.text,
    geometry: row.geometry ? (JSON.parse(row.geometry) as unknown) : null,
    screening: {
      risk: row.risk,
      decision: row.decision as PostDetail['screening']['decision'],
      language: row.language,
      fingerprint: row.fingerprint,
      indicators: stored.indicators,
      warning: stored.warning,
      extracted: stored.selectors,
    },
    selectors: selectors.map((s) => {
      const { keyedHash: _hash, ...shown } = presentSelector(s);
      return {
        ...shown,
        earlierSightings: (earlier.get(s.id) ?? []).map((e) => ({
          postId: e.postId,
          seenAt: e.seenAt.toISOString(),
          source: e.source,
        })),
      };
    }),
    nearDuplicates: duplicates.map((d) => ({
      id: d.id,
      similarity: 1 - d.distance / 64,
      source: d.source,
      firstSeenAt: d.firstSeenAt.toISOString(),
      risk: d.risk,
      excerpt: excerpt(d.text, 200),
    })),
  };
}

/**
 * Changes a post's review status and/or its sharing (TLP, the actor's organisation's sharing
 * groups; groups of other organisations stay as they are, unseen). Only its creator or its owning
 * organisation may (RED: its creator); the change and its custody leaf commit together.
 *
 * @example
 * await updatePost(db, actor, id, { status: 'reviewed' }, { now: Date.now });
 */
export async function updatePost(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
  body: UpdatePostBody,
  options: { now: () => number },
): Promise<PostDetail> {
  const row = await findReadablePost(db, actor, id);
  if (!row) throw new AppError('not_found', `No post with id ${id}.`);
  if (!canChangeSharing(actor, row)) {
    throw new AppError(
      'forbidden',
      row.tlp === 'RED'
        ? 'Only the user who submitted a RED post may change it.'
        : `Only users of ${row.organisationName}, which owns this post, may change it.`,
    );
  }
  if (actor.role === 'viewer') throw new AppError('forbidden', 'Viewers may not change posts.');
  let requested: string[] | undefined;
  if (body.groups) {
    const unique = [...new Set(body.groups.map((g) => g.toLowerCase()))];
    const own = new Set(
      (await findGroupsOfMember(db, actor.organisationId, unique)).map((g) => g.id),
    );
    const unknown = unique.filter((g) => !own.has(g));
    if (unknown.length > 0) {
      throw new AppError(
        'bad_request',
        `groups: no sharing group of your organisation has id ${unknown.join(', ')} (see GET /api/v1/sharing-groups)`,
      );
    }
    requested = unique;
  }
  const at = new Date(options.now());
  await db.transaction().execute(async (trx) => {
    let groupIds: string[] | undefined;
    if (requested) {
      const current = (
        await trx
          .selectFrom('record_sharing_groups')
          .select('group_id')
          .where('record_id', '=', id)
          .execute()
      ).map((g) => g.group_id);
      const mine = new Set(
        (await findGroupsOfMember(trx, actor.organisationId, current)).map((g) => g.id),
      );
      groupIds = [...new Set([...current.filter((g) => !mine.has(g)), ...requested])];
      await replaceRecordSharing(trx, id, { sharingGroupIds: groupIds });
    }
    await trx
      .updateTable('posts')
      .set({
        updated_at: at,
        ...(body.status !== undefined ? { status: body.status } : {}),
        ...(body.tlp !== undefined ? { tlp: body.tlp } : {}),
      })
      .where('id', '=', id)
      .execute();
    await appendLeaf(trx, {
      type: body.tlp !== undefined || groupIds ? 'post.sharing-change' : 'post.status-change',
      actor: { userId: actor.userId, organisationId: actor.organisationId },
      subject: { kind: 'post', id },
      at: at.toISOString(),
      details: {
        ...(body.status !== undefined ? { fromStatus: row.status, status: body.status } : {}),
        fromTlp: row.tlp,
        tlp: body.tlp ?? row.tlp,
        ...(groupIds ? { groupIds: [...groupIds].sort() } : {}),
      },
    });
  });
  return getPost(db, actor, id);
}
