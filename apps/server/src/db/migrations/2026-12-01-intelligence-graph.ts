import { type Kysely, sql } from 'kysely';

const TLP = sql`('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')`;

// One statement per `execute`: PGlite's extended protocol refuses several in one call.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Trigram search over names, handles and post text; PGlite loads the extension's code when the
  // database opens (see database.ts), PostgreSQL ships it in contrib.
  await sql`create extension if not exists pg_trgm`.execute(db);

  // The hub's secret for keyed hashes (HMAC-SHA-256) of selector values: blind matching compares
  // these, never the values. Created on first use by the server, never shown by the API.
  await db.schema
    .createTable('hub_secrets')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('secret', 'bytea', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  // A post or ad as a source published it, screened on arrival. Shared like any record: TLP, owner
  // organisation, creator, and groups/recipients in record_sharing_groups/record_recipients.
  await db.schema
    .createTable('posts')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (col) =>
      col.notNull().references('organisations.id').onDelete('restrict'),
    )
    .addColumn('created_by', 'uuid', (col) =>
      col.notNull().references('users.id').onDelete('restrict'),
    )
    .addColumn('tlp', 'text', (col) => col.notNull())
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('external_id', 'text')
    .addColumn('url', 'text')
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('location', 'text')
    .addColumn('country', 'text')
    .addColumn('geometry', 'text')
    .addColumn('posted_at', 'timestamptz')
    .addColumn('first_seen_at', 'timestamptz', (col) => col.notNull())
    .addColumn('last_seen_at', 'timestamptz', (col) => col.notNull())
    .addColumn('risk', 'double precision', (col) => col.notNull())
    .addColumn('decision', 'text', (col) => col.notNull())
    .addColumn('screening', 'text', (col) => col.notNull())
    .addColumn('fingerprint', 'text', (col) => col.notNull())
    .addColumn('content_hash', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('new'))
    .addColumn('is_demo', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('search', sql`tsvector`, (col) =>
      col.generatedAlwaysAs(sql`to_tsvector('simple', text)`).stored(),
    )
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('posts_tlp_check', sql`tlp in ${TLP}`)
    .addCheckConstraint(
      'posts_decision_check',
      sql`decision in ('allow', 'label', 'review', 'remove')`,
    )
    .addCheckConstraint(
      'posts_status_check',
      sql`status in ('new', 'reviewed', 'actioned', 'dismissed')`,
    )
    .addCheckConstraint('posts_risk_check', sql`risk >= 0 and risk <= 1`)
    .addCheckConstraint('posts_fingerprint_check', sql`fingerprint ~ '^[0-9a-f]{16}$'`)
    .addCheckConstraint('posts_content_hash_check', sql`content_hash ~ '^[0-9a-f]{64}$'`)
    .execute();
  // Idempotency: a source's post id, or the content hash when the source gives none, is stored
  // once per owner organisation, so a redelivered message or a re-import adds nothing.
  await sql`create unique index posts_external_key on posts (organisation_id, source, external_id) where external_id is not null`.execute(
    db,
  );
  await sql`create unique index posts_content_key on posts (organisation_id, content_hash) where external_id is null`.execute(
    db,
  );
  await db.schema
    .createIndex('posts_risk_idx')
    .on('posts')
    .columns(['risk desc', 'id desc'])
    .execute();
  await db.schema.createIndex('posts_fingerprint_idx').on('posts').column('fingerprint').execute();
  await sql`create index posts_search_idx on posts using gin (search)`.execute(db);
  await sql`create index posts_text_trgm_idx on posts using gin (text gin_trgm_ops)`.execute(db);
  // The dashboard's time series and the post lists by time read a post's time as its publication
  // time, or when it was first seen when the source gives none.
  await sql`create index posts_time_idx on posts ((coalesce(posted_at, first_seen_at)))`.execute(
    db,
  );

  // A normalised selector: a shared key (the value is not secret; which records link to it is).
  // `qualifier` is the platform of a handle, the chain of a wallet, '' otherwise.
  await db.schema
    .createTable('selectors')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('qualifier', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('value', 'text', (col) => col.notNull())
    .addColumn('country', 'text')
    .addColumn('keyed_hash', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'selectors_type_check',
      sql`type in ('phone', 'handle', 'wallet', 'url', 'domain', 'email')`,
    )
    .addUniqueConstraint('selectors_key', ['type', 'qualifier', 'value'])
    .execute();
  await db.schema.createIndex('selectors_hash_idx').on('selectors').column('keyed_hash').execute();
  await sql`create index selectors_value_trgm_idx on selectors using gin (value gin_trgm_ops)`.execute(
    db,
  );

  // A selector seen in a post or in a trace's report. It is as readable as that record: the policy
  // filters sightings by the post or trace they point to, so granting one grants its sightings.
  await db.schema
    .createTable('sightings')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('selector_id', 'uuid', (col) =>
      col.notNull().references('selectors.id').onDelete('cascade'),
    )
    .addColumn('post_id', 'uuid', (col) => col.references('posts.id').onDelete('cascade'))
    .addColumn('trace_id', 'uuid', (col) => col.references('traces.id').onDelete('cascade'))
    .addColumn('seen_at', 'timestamptz', (col) => col.notNull())
    .addColumn('organisation_id', 'uuid', (col) =>
      col.notNull().references('organisations.id').onDelete('restrict'),
    )
    .addColumn('created_by', 'uuid', (col) =>
      col.notNull().references('users.id').onDelete('restrict'),
    )
    .addCheckConstraint('sightings_record_check', sql`(post_id is null) <> (trace_id is null)`)
    .addUniqueConstraint('sightings_key', ['selector_id', 'post_id'])
    .addUniqueConstraint('sightings_trace_key', ['selector_id', 'trace_id'])
    .execute();
  await db.schema.createIndex('sightings_post_idx').on('sightings').column('post_id').execute();
  await sql`create index sightings_trace_idx on sightings (trace_id) where trace_id is not null`.execute(
    db,
  );

  // Compounds, criminal organisations and personas, shared like any record.
  await db.schema
    .createTable('entities')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (col) =>
      col.notNull().references('organisations.id').onDelete('restrict'),
    )
    .addColumn('created_by', 'uuid', (col) =>
      col.notNull().references('users.id').onDelete('restrict'),
    )
    .addColumn('tlp', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('aliases', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('description', 'text')
    .addColumn('country', 'text')
    .addColumn('admin_area', 'text')
    .addColumn('geometry', 'text')
    .addColumn('status', 'text')
    .addColumn('relocated_to', 'uuid', (col) => col.references('entities.id').onDelete('set null'))
    .addColumn('supply', 'text', (col) => col.notNull().defaultTo('[]'))
    .addColumn('sources', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('search_text', 'text', (col) => col.notNull())
    .addColumn('is_demo', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('entities_tlp_check', sql`tlp in ${TLP}`)
    .addCheckConstraint(
      'entities_kind_check',
      sql`kind in ('compound', 'criminal-organisation', 'persona')`,
    )
    .addCheckConstraint(
      'entities_status_check',
      sql`status is null or status in ('active', 'raided', 'closed', 'relocated')`,
    )
    .execute();
  await sql`create index entities_search_trgm_idx on entities using gin (search_text gin_trgm_ops)`.execute(
    db,
  );
  await db.schema
    .createIndex('entities_kind_idx')
    .on('entities')
    .columns(['kind', 'created_at desc'])
    .execute();

  // The dated status history of a compound (active → raided → relocated…); as readable as it.
  await db.schema
    .createTable('entity_status_history')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('entity_id', 'uuid', (col) =>
      col.notNull().references('entities.id').onDelete('cascade'),
    )
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('since', 'date', (col) => col.notNull())
    .addColumn('note', 'text')
    .addColumn('source', 'text')
    .addColumn('recorded_by', 'uuid', (col) =>
      col.notNull().references('users.id').onDelete('restrict'),
    )
    .addColumn('recorded_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'entity_status_history_status_check',
      sql`status in ('active', 'raided', 'closed', 'relocated')`,
    )
    .execute();
  await db.schema
    .createIndex('entity_status_history_entity_idx')
    .on('entity_status_history')
    .columns(['entity_id', 'since'])
    .execute();

  // A typed link between two entities, or an entity and a selector, with its own sharing: a
  // relationship is readable when it and both of its entity ends are.
  await db.schema
    .createTable('relationships')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (col) =>
      col.notNull().references('organisations.id').onDelete('restrict'),
    )
    .addColumn('created_by', 'uuid', (col) =>
      col.notNull().references('users.id').onDelete('restrict'),
    )
    .addColumn('tlp', 'text', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('source_entity_id', 'uuid', (col) =>
      col.notNull().references('entities.id').onDelete('cascade'),
    )
    .addColumn('target_entity_id', 'uuid', (col) =>
      col.references('entities.id').onDelete('cascade'),
    )
    .addColumn('target_selector_id', 'uuid', (col) =>
      col.references('selectors.id').onDelete('cascade'),
    )
    .addColumn('confidence', 'double precision', (col) => col.notNull())
    .addColumn('source', 'text')
    .addColumn('valid_from', 'date')
    .addColumn('valid_to', 'date')
    .addColumn('is_demo', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('relationships_tlp_check', sql`tlp in ${TLP}`)
    .addCheckConstraint('relationships_confidence_check', sql`confidence >= 0 and confidence <= 1`)
    .addCheckConstraint(
      'relationships_target_check',
      sql`(target_entity_id is null) <> (target_selector_id is null)`,
    )
    .addCheckConstraint(
      'relationships_validity_check',
      sql`valid_from is null or valid_to is null or valid_from <= valid_to`,
    )
    .execute();
  await db.schema
    .createIndex('relationships_source_idx')
    .on('relationships')
    .column('source_entity_id')
    .execute();
  await db.schema
    .createIndex('relationships_target_entity_idx')
    .on('relationships')
    .column('target_entity_id')
    .execute();
  await db.schema
    .createIndex('relationships_target_selector_idx')
    .on('relationships')
    .column('target_selector_id')
    .execute();

  // A request to read records another organisation holds about a selector (from a blind-match
  // hint). The requester never learns the owner until it grants.
  await db.schema
    .createTable('access_requests')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('selector_id', 'uuid', (col) =>
      col.notNull().references('selectors.id').onDelete('cascade'),
    )
    .addColumn('requester_id', 'uuid', (col) =>
      col.notNull().references('users.id').onDelete('cascade'),
    )
    .addColumn('requester_organisation_id', 'uuid', (col) =>
      col.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('owner_organisation_id', 'uuid', (col) =>
      col.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('pending'))
    .addColumn('decided_by', 'uuid', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_note', 'text')
    .addColumn('granted_records', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'access_requests_status_check',
      sql`status in ('pending', 'granted', 'denied')`,
    )
    .execute();
  await db.schema
    .createIndex('access_requests_owner_idx')
    .on('access_requests')
    .columns(['owner_organisation_id', 'created_at desc'])
    .execute();
  await db.schema
    .createIndex('access_requests_requester_idx')
    .on('access_requests')
    .columns(['requester_organisation_id', 'created_at desc'])
    .execute();

  // What the web app shows a user: addressed to one user, or to every user of an organisation.
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (col) =>
      col.references('organisations.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'uuid', (col) => col.references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('message', 'text', (col) => col.notNull())
    .addColumn('subject_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('read_at', 'timestamptz')
    .addCheckConstraint(
      'notifications_addressee_check',
      sql`organisation_id is not null or user_id is not null`,
    )
    .execute();
  await db.schema
    .createIndex('notifications_user_idx')
    .on('notifications')
    .columns(['user_id', 'created_at desc'])
    .execute();
  await db.schema
    .createIndex('notifications_organisation_idx')
    .on('notifications')
    .columns(['organisation_id', 'created_at desc'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'notifications',
    'access_requests',
    'relationships',
    'entity_status_history',
    'entities',
    'sightings',
    'selectors',
    'posts',
    'hub_secrets',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
