import { type Kysely, sql } from 'kysely';

// One statement per `execute`: PGlite's extended protocol refuses several in one call.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Posts are searched by full text only (`posts.search`); the trigram index over whole post
  // texts served no query and cost every ingested post a GIN update over kilobytes of text.
  await sql`drop index posts_text_trgm_idx`.execute(db);
  // Selector search ranks by word similarity and needs only the best few matches. A GiST trigram
  // index walks values nearest first (`<<->`) and stops at the page size; the GIN index had to
  // fetch and rank every match (seconds when a query shares a word with a million handles).
  // GiST also serves the ILIKE and `<%` conditions the GIN index served. It indexes lower(value),
  // which search uses, so that the planner never takes it for a look-up by `value =` (a trigram
  // index answers equality far slower than the unique key does).
  await sql`drop index selectors_value_trgm_idx`.execute(db);
  await sql`create index selectors_value_lower_trgm_idx on selectors using gist (lower(value) gist_trgm_ops(siglen = 256))`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index selectors_value_lower_trgm_idx`.execute(db);
  await sql`create index selectors_value_trgm_idx on selectors using gin (value gin_trgm_ops)`.execute(
    db,
  );
  await sql`create index posts_text_trgm_idx on posts using gin (text gin_trgm_ops)`.execute(db);
}
