import { type Kysely, sql } from 'kysely';

const TLP = sql`('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')`;

// One statement per `execute`: PGlite's extended protocol refuses several in one call.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sharing_groups')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (col) => col.notNull())
    // The organisation that created the group manages its name and members.
    .addColumn('organisation_id', 'uuid', (col) =>
      col.notNull().references('organisations.id').onDelete('restrict'),
    )
    .addColumn('created_by', 'uuid', (col) => col.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('sharing_groups_organisation_name_key', ['organisation_id', 'name'])
    .execute();

  await db.schema
    .createTable('sharing_group_members')
    .addColumn('group_id', 'uuid', (col) =>
      col.notNull().references('sharing_groups.id').onDelete('cascade'),
    )
    .addColumn('organisation_id', 'uuid', (col) =>
      col.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('added_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('sharing_group_members_pkey', ['group_id', 'organisation_id'])
    .execute();
  await db.schema
    .createIndex('sharing_group_members_organisation_idx')
    .on('sharing_group_members')
    .column('organisation_id')
    .execute();

  // Groups and recipients of any kind of record (artefacts now, entities and reports later): record
  // ids are UUIDs, unique across kinds, so one pair of tables serves the one sharing policy.
  await db.schema
    .createTable('record_sharing_groups')
    .addColumn('record_id', 'uuid', (col) => col.notNull())
    .addColumn('group_id', 'uuid', (col) =>
      col.notNull().references('sharing_groups.id').onDelete('cascade'),
    )
    .addPrimaryKeyConstraint('record_sharing_groups_pkey', ['record_id', 'group_id'])
    .execute();
  await db.schema
    .createIndex('record_sharing_groups_group_idx')
    .on('record_sharing_groups')
    .column('group_id')
    .execute();

  await db.schema
    .createTable('record_recipients')
    .addColumn('record_id', 'uuid', (col) => col.notNull())
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('record_recipients_pkey', ['record_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('record_recipients_user_idx')
    .on('record_recipients')
    .column('user_id')
    .execute();

  await db.schema
    .createTable('artefacts')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (col) =>
      col.notNull().references('organisations.id').onDelete('restrict'),
    )
    .addColumn('created_by', 'uuid', (col) =>
      col.notNull().references('users.id').onDelete('restrict'),
    )
    .addColumn('tlp', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('legal_basis', 'text')
    .addColumn('source', 'text')
    .addColumn('acquired_at', 'timestamptz')
    .addColumn('filename', 'text', (col) => col.notNull())
    .addColumn('media_type', 'text', (col) => col.notNull())
    .addColumn('size_bytes', 'bigint', (col) => col.notNull())
    .addColumn('sha256', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('artefacts_tlp_check', sql`tlp in ${TLP}`)
    .addCheckConstraint('artefacts_sha256_check', sql`sha256 ~ '^[0-9a-f]{64}$'`)
    .addCheckConstraint('artefacts_size_check', sql`size_bytes >= 0`)
    .execute();
  await db.schema
    .createIndex('artefacts_created_idx')
    .on('artefacts')
    .columns(['created_at desc', 'id desc'])
    .execute();
  await db.schema
    .createIndex('artefacts_organisation_idx')
    .on('artefacts')
    .column('organisation_id')
    .execute();
  await db.schema.createIndex('artefacts_sha256_idx').on('artefacts').column('sha256').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('artefacts').execute();
  await db.schema.dropTable('record_recipients').execute();
  await db.schema.dropTable('record_sharing_groups').execute();
  await db.schema.dropTable('sharing_group_members').execute();
  await db.schema.dropTable('sharing_groups').execute();
}
