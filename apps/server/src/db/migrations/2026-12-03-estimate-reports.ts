import { type Kysely, sql } from 'kysely';

// One statement per `execute`: PGlite's extended protocol refuses several in one call.
export async function up(db: Kysely<unknown>): Promise<void> {
  // The saved report of an estimate: two evidence artefacts (the report as JSON and its published
  // capture-history table as CSV). One per estimate, so saving twice cannot make a second copy.
  await db.schema
    .createTable('estimate_reports')
    .addColumn('estimate_id', 'uuid', (col) =>
      col.primaryKey().references('estimates.id').onDelete('restrict'),
    )
    .addColumn('report_artefact_id', 'uuid', (col) =>
      col.notNull().references('artefacts.id').onDelete('restrict'),
    )
    .addColumn('table_artefact_id', 'uuid', (col) =>
      col.notNull().references('artefacts.id').onDelete('restrict'),
    )
    .addColumn('saved_by', 'uuid', (col) =>
      col.notNull().references('users.id').onDelete('restrict'),
    )
    .addColumn('saved_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('estimate_reports').execute();
}
