import { type Kysely, sql } from 'kysely';

const TLP = sql`('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')`;

// One statement per `execute`: PGlite's extended protocol refuses several in one call.
export async function up(db: Kysely<unknown>): Promise<void> {
  // An agency's list for estimation: Bloom-filter encodings (CLKs) only, never names. The filters
  // are stored back to back (`records` × `bits` / 8 bytes); the sharing columns follow `readableBy`.
  await db.schema
    .createTable('estimate_lists')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (col) =>
      col.notNull().references('organisations.id').onDelete('restrict'),
    )
    .addColumn('created_by', 'uuid', (col) =>
      col.notNull().references('users.id').onDelete('restrict'),
    )
    .addColumn('tlp', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('records', 'integer', (col) => col.notNull())
    .addColumn('bits', 'integer', (col) => col.notNull())
    .addColumn('clks', 'bytea', (col) => col.notNull())
    .addColumn('sha256', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('estimate_lists_tlp_check', sql`tlp in ${TLP}`)
    .addCheckConstraint('estimate_lists_sha256_check', sql`sha256 ~ '^[0-9a-f]{64}$'`)
    .addCheckConstraint(
      'estimate_lists_size_check',
      sql`records > 0 and bits > 0 and bits % 8 = 0 and octet_length(clks) = records * (bits / 8)`,
    )
    .execute();
  await db.schema
    .createIndex('estimate_lists_created_idx')
    .on('estimate_lists')
    .columns(['created_at desc', 'id desc'])
    .execute();

  // A stored estimate: its report (JSON, small cells already suppressed) and the lists it used.
  await db.schema
    .createTable('estimates')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (col) =>
      col.notNull().references('organisations.id').onDelete('restrict'),
    )
    .addColumn('created_by', 'uuid', (col) =>
      col.notNull().references('users.id').onDelete('restrict'),
    )
    .addColumn('tlp', 'text', (col) => col.notNull())
    .addColumn('list_ids', sql`uuid[]`, (col) => col.notNull())
    .addColumn('report', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('estimates_tlp_check', sql`tlp in ${TLP}`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('estimates').execute();
  await db.schema.dropTable('estimate_lists').execute();
}
