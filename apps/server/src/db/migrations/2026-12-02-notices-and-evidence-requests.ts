import { type Kysely, sql } from 'kysely';

const TLP = sql`('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')`;

// One statement per `execute`: PGlite's extended protocol refuses several in one call.
export async function up(db: Kysely<unknown>): Promise<void> {
  // A platform's response-time standard for notices and where it wants them pushed.
  await db.schema
    .createTable('platform_settings')
    .addColumn('organisation_id', 'uuid', (col) =>
      col.primaryKey().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('response_hours', 'integer', (col) => col.notNull())
    .addColumn('trusted_flagger_hours', 'integer', (col) => col.notNull())
    .addColumn('webhook_url', 'text')
    .addColumn('updated_by', 'uuid', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('platform_settings_hours_check', sql`response_hours between 1 and 8760`)
    .addCheckConstraint(
      'platform_settings_trusted_hours_check',
      sql`trusted_flagger_hours between 1 and response_hours`,
    )
    .execute();

  // DSA Art 22 trusted-flagger status of a notifier organisation, as awarded by a Digital Services
  // Coordinator; a revoked status is kept (with its date) so past notices stay explainable.
  await db.schema
    .createTable('trusted_flaggers')
    .addColumn('organisation_id', 'uuid', (col) =>
      col.primaryKey().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('awarded_on', 'date', (col) => col.notNull())
    .addColumn('awarded_by', 'text', (col) => col.notNull())
    .addColumn('revoked_on', 'date')
    .addColumn('updated_by', 'uuid', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  // A DSA Art 16 notice to a platform. `post_id` may name a Jaga post but is not a foreign key:
  // the notice names its content by exact URLs, and posts may be pruned or live elsewhere.
  await db.schema
    .createTable('notices')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (col) =>
      col.notNull().references('organisations.id').onDelete('restrict'),
    )
    .addColumn('created_by', 'uuid', (col) =>
      col.notNull().references('users.id').onDelete('restrict'),
    )
    .addColumn('tlp', 'text', (col) => col.notNull())
    .addColumn('platform_organisation_id', 'uuid', (col) =>
      col.notNull().references('organisations.id').onDelete('restrict'),
    )
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('category', 'text', (col) => col.notNull())
    .addColumn('keywords', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
    .addColumn('urls', sql`text[]`, (col) => col.notNull())
    .addColumn('post_id', 'uuid')
    .addColumn('explanation', 'text', (col) => col.notNull())
    .addColumn('notifier_name', 'text', (col) => col.notNull())
    .addColumn('notifier_email', 'text', (col) => col.notNull())
    .addColumn('good_faith', 'boolean', (col) => col.notNull())
    .addColumn('trusted_flagger', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('response_hours', 'integer')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('due_at', 'timestamptz')
    .addColumn('acknowledged_at', 'timestamptz')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decided_by', 'uuid', (col) => col.references('users.id').onDelete('restrict'))
    .addColumn('outcome', 'text')
    .addColumn('decision', 'text')
    .addColumn('appealed_at', 'timestamptz')
    .addColumn('appeal', 'text')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('closing', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('notices_tlp_check', sql`tlp in ${TLP}`)
    .addCheckConstraint(
      'notices_status_check',
      sql`status in ('draft', 'sent', 'acknowledged', 'decided', 'appealed', 'closed')`,
    )
    .addCheckConstraint('notices_urls_check', sql`cardinality(urls) >= 1`)
    .addCheckConstraint(
      'notices_sent_check',
      sql`(status = 'draft') = (sent_at is null) and (sent_at is null) = (due_at is null)`,
    )
    .execute();
  await db.schema
    .createIndex('notices_created_idx')
    .on('notices')
    .columns(['created_at desc', 'id desc'])
    .execute();
  await db.schema
    .createIndex('notices_organisation_idx')
    .on('notices')
    .columns(['organisation_id', 'created_at desc'])
    .execute();
  await db.schema
    .createIndex('notices_platform_sent_idx')
    .on('notices')
    .columns(['platform_organisation_id', 'sent_at'])
    .execute();
  await db.schema
    .createIndex('notices_status_due_idx')
    .on('notices')
    .columns(['status', 'due_at'])
    .execute();

  // Each attempt to push a sent notice to its platform's webhook, successful or not.
  await db.schema
    .createTable('notice_webhook_deliveries')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('notice_id', 'uuid', (col) =>
      col.notNull().references('notices.id').onDelete('cascade'),
    )
    .addColumn('url', 'text', (col) => col.notNull())
    .addColumn('attempted_at', 'timestamptz', (col) => col.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('notice_webhook_deliveries_notice_idx')
    .on('notice_webhook_deliveries')
    .columns(['notice_id', 'attempted_at'])
    .execute();

  // An electronic-evidence request (EU production/preservation order, Budapest, CETS 224, US
  // 2703(f), emergency disclosure, MLA). Targets are free selector values, not foreign keys.
  await db.schema
    .createTable('evidence_requests')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (col) =>
      col.notNull().references('organisations.id').onDelete('restrict'),
    )
    .addColumn('created_by', 'uuid', (col) =>
      col.notNull().references('users.id').onDelete('restrict'),
    )
    .addColumn('tlp', 'text', (col) => col.notNull())
    .addColumn('platform_organisation_id', 'uuid', (col) =>
      col.notNull().references('organisations.id').onDelete('restrict'),
    )
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('instrument', 'text', (col) => col.notNull())
    .addColumn('data_categories', sql`text[]`, (col) => col.notNull())
    .addColumn('targets', 'text', (col) => col.notNull())
    .addColumn('legal_basis', 'text', (col) => col.notNull())
    .addColumn('issuing_authority', 'text', (col) => col.notNull())
    .addColumn('validating_authority', 'text')
    .addColumn('offence', 'text')
    .addColumn('reference', 'text')
    .addColumn('emergency', 'boolean', (col) => col.notNull())
    .addColumn('validated_at', 'timestamptz')
    .addColumn('issued_at', 'timestamptz')
    .addColumn('due_at', 'timestamptz')
    .addColumn('acknowledged_at', 'timestamptz')
    .addColumn('objection_window_at', 'timestamptz')
    .addColumn('preserved_at', 'timestamptz')
    .addColumn('preservation_extended_at', 'timestamptz')
    .addColumn('produced_at', 'timestamptz')
    .addColumn('cannot_comply_at', 'timestamptz')
    .addColumn('cannot_comply_reason', 'text')
    .addColumn('withdrawn_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('note', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('evidence_requests_tlp_check', sql`tlp in ${TLP}`)
    .addCheckConstraint(
      'evidence_requests_status_check',
      sql`status in ('draft', 'validated', 'issued', 'acknowledged', 'objection-window', 'preserved', 'produced', 'partial', 'cannot-comply', 'withdrawn', 'closed')`,
    )
    .execute();
  await db.schema
    .createIndex('evidence_requests_created_idx')
    .on('evidence_requests')
    .columns(['created_at desc', 'id desc'])
    .execute();
  await db.schema
    .createIndex('evidence_requests_status_due_idx')
    .on('evidence_requests')
    .columns(['status', 'due_at'])
    .execute();

  // Produced data attached to a request: each is an artefact with its own custody trail.
  await db.schema
    .createTable('evidence_request_artefacts')
    .addColumn('request_id', 'uuid', (col) =>
      col.notNull().references('evidence_requests.id').onDelete('restrict'),
    )
    .addColumn('artefact_id', 'uuid', (col) =>
      col.notNull().references('artefacts.id').onDelete('restrict'),
    )
    .addColumn('added_by', 'uuid', (col) => col.notNull().references('users.id'))
    .addColumn('added_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('evidence_request_artefacts_pkey', ['request_id', 'artefact_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('evidence_request_artefacts').execute();
  await db.schema.dropTable('evidence_requests').execute();
  await db.schema.dropTable('notice_webhook_deliveries').execute();
  await db.schema.dropTable('notices').execute();
  await db.schema.dropTable('trusted_flaggers').execute();
  await db.schema.dropTable('platform_settings').execute();
}
