import { type Kysely, sql } from 'kysely';

const TLP = sql`('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')`;

// One statement per `execute`: PGlite's extended protocol refuses several in one call.
export async function up(db: Kysely<unknown>): Promise<void> {
  // A trace run on the hub. Its report lives in two artefacts (JSON and CSV of the hops); the row
  // keeps the summary shown in lists and shares like any record (record_sharing_groups/recipients).
  await db.schema
    .createTable('traces')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (col) =>
      col.notNull().references('organisations.id').onDelete('restrict'),
    )
    .addColumn('created_by', 'uuid', (col) =>
      col.notNull().references('users.id').onDelete('restrict'),
    )
    .addColumn('tlp', 'text', (col) => col.notNull())
    .addColumn('model', 'text', (col) => col.notNull())
    .addColumn('summary', 'text', (col) => col.notNull())
    .addColumn('report_artefact_id', 'uuid', (col) =>
      col.notNull().references('artefacts.id').onDelete('restrict'),
    )
    .addColumn('hops_artefact_id', 'uuid', (col) =>
      col.notNull().references('artefacts.id').onDelete('restrict'),
    )
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('traces_tlp_check', sql`tlp in ${TLP}`)
    .execute();
  await db.schema
    .createIndex('traces_created_idx')
    .on('traces')
    .columns(['created_at desc', 'id desc'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('traces').execute();
}
