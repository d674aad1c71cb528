import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import {
  type NormalisedSelector,
  normaliseSelector,
  SELECTOR_TYPES,
  selectorKey,
} from '../selectors/selectors.normalise.js';
import { presentSelector } from '../selectors/selectors.presenter.js';
import { readableLinkTo } from '../selectors/selectors.repository.js';
import { readableBy, type SqlPolicyActor } from '../sharing/sql-filter.js';

/**
 * Full-text search over posts (PostgreSQL `tsvector`, the `simple` configuration, so every
 * language's words count) and trigram search (pg_trgm word similarity, for misspellings and partial
 * handles) over entity names and aliases and selectors the actor may read. A selector is found only
 * when a record the actor may read links to it, so search never reveals what others hold.
 *
 * @example
 * await search(db, actor, { q: 'kk park', limit: 20 });
 */
export async function search(
  db: Kysely<Database>,
  actor: SqlPolicyActor,
  query: { q: string; limit: number },
) {
  const q = query.q;
  const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  // The query read as each kind of selector (a phone written locally finds its E.164 form).
  const exact = new Map<string, NormalisedSelector>();
  for (const type of SELECTOR_TYPES) {
    try {
      const s = normaliseSelector({ type, value: q });
      exact.set(selectorKey(s), s);
    } catch {
      // not this kind of selector
    }
  }
  const [posts, entities, selectors] = await Promise.all([
    db
      .selectFrom('posts as p')
      .select(['p.id', 'p.source', 'p.risk', 'p.decision', 'p.first_seen_at'])
      .select(
        sql<string>`ts_headline('simple', left(p.text, 5000), websearch_to_tsquery('simple', ${q}), 'MaxWords=30, MinWords=10, StartSel=«, StopSel=»')`.as(
          'excerpt',
        ),
      )
      .select(sql<number>`ts_rank(p.search, websearch_to_tsquery('simple', ${q}))`.as('score'))
      // Full text only: word similarity against whole post texts reads most of a large table
      // (seconds per query at a million posts); misspellings are caught on names and handles.
      .where(sql<boolean>`p.search @@ websearch_to_tsquery('simple', ${q})`)
      .where(readableBy(actor, 'p'))
      .orderBy('score', 'desc')
      .orderBy('p.risk', 'desc')
      .limit(query.limit)
      .execute(),
    db
      .selectFrom('entities as e')
      .select(['e.id', 'e.kind', 'e.name', 'e.aliases', 'e.country', 'e.status'])
      .select(sql<number>`word_similarity(${q}, e.search_text)`.as('score'))
      .where(sql<boolean>`(lower(e.search_text) like ${pattern} or ${q} <% e.search_text)`)
      .where(readableBy(actor, 'e'))
      .orderBy('score', 'desc')
      .orderBy('e.name')
      .limit(query.limit)
      .execute(),
    searchSelectors(db, actor, { q, pattern, exact: [...exact.values()], limit: query.limit }),
  ]);
  return {
    query: q,
    posts: posts.map((row) => ({
      id: row.id,
      source: row.source,
      excerpt: row.excerpt,
      risk: Number(row.risk),
      decision: row.decision,
      firstSeenAt: new Date(row.first_seen_at).toISOString(),
      score: Number(row.score),
    })),
    entities: entities.map((row) => ({
      id: row.id,
      kind: row.kind,
      name: row.name,
      aliases: row.aliases,
      country: row.country,
      status: row.status,
      score: Number(row.score),
    })),
    selectors: selectors.map((row) => {
      const { keyedHash: _hash, ...shown } = presentSelector({ ...row, keyedHash: row.keyed_hash });
      return { ...shown, score: Number(row.score) };
    }),
  };
}

/**
 * Selectors the actor may read that equal the query read as a selector, contain it, or resemble it
 * (pg_trgm word similarity), best first. Each of the three is its own bounded query: the trigram
 * index walks values nearest first and stops once `limit` readable ones are found, so a query that
 * shares a word with a million handles costs as much as one that matches a few.
 */
async function searchSelectors(
  db: Kysely<Database>,
  actor: SqlPolicyActor,
  {
    q,
    pattern,
    exact,
    limit,
  }: {
    q: string;
    pattern: string;
    /** The query read as each kind of selector it can be. */
    exact: readonly Pick<NormalisedSelector, 'type' | 'qualifier' | 'value'>[];
    limit: number;
  },
) {
  const lower = q.toLowerCase();
  const readable = db
    .selectFrom('selectors as s')
    .select(['s.id', 's.type', 's.qualifier', 's.value', 's.country', 's.keyed_hash'])
    .select(sql<number>`word_similarity(${lower}, lower(s.value))`.as('score'))
    .where(readableLinkTo(actor, sql.ref('s.id')))
    .limit(limit);
  const nearestFirst = sql`${lower} <<-> lower(s.value)`;
  const [exactRows, containing, similar] = await Promise.all([
    // By the unique key (type, qualifier, value), as a look-up reads it.
    exact.length > 0
      ? readable
          .where((eb) =>
            eb.or(
              exact.map((k) =>
                eb.and([
                  eb('s.type', '=', k.type),
                  eb('s.qualifier', '=', k.qualifier),
                  eb('s.value', '=', k.value),
                ]),
              ),
            ),
          )
          .execute()
      : [],
    // On lower(value), the trigram index's expression (the pattern is lower-cased already).
    readable
      .where(sql<boolean>`lower(s.value) like ${pattern}`)
      .orderBy(nearestFirst)
      .execute(),
    readable
      .where(sql<boolean>`${lower} <% lower(s.value)`)
      .orderBy(nearestFirst)
      .execute(),
  ]);
  const byId = new Map<string, (typeof similar)[number]>();
  for (const row of [...containing, ...similar]) byId.set(row.id, row);
  for (const row of exactRows) byId.set(row.id, { ...row, score: 1 });
  return [...byId.values()]
    .sort((a, b) => Number(b.score) - Number(a.score) || a.value.localeCompare(b.value))
    .slice(0, limit);
}
