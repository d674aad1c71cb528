import { type Kysely, sql } from 'kysely';

// One statement per `execute`: PGlite's extended protocol refuses several in one call.
export async function up(db: Kysely<unknown>): Promise<void> {
  // The one-row counter every append updates first: its row lock serialises index assignment, and
  // it rolls back with the caller's transaction, so indexes never skip or repeat.
  await db.schema
    .createTable('custody_log_state')
    .addColumn('id', 'smallint', (col) => col.primaryKey().check(sql`id = 1`))
    .addColumn('tree_size', 'bigint', (col) => col.notNull().check(sql`tree_size >= 0`))
    .execute();
  await sql`insert into custody_log_state (id, tree_size) values (1, 0)`.execute(db);

  await db.schema
    .createTable('custody_log_leaves')
    .addColumn('leaf_index', 'bigint', (col) => col.primaryKey().check(sql`leaf_index >= 0`))
    // RFC 8785 canonical JSON, kept as the exact text that was hashed.
    .addColumn('leaf', 'text', (col) => col.notNull())
    .addColumn('leaf_hash', 'bytea', (col) => col.notNull().check(sql`length(leaf_hash) = 32`))
    // Lets the custody trail of one record be found without scanning the log.
    .addColumn('subject_id', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('custody_log_leaves_subject_idx')
    .on('custody_log_leaves')
    .columns(['subject_id', 'leaf_index'])
    .where(sql.ref('subject_id'), 'is not', null)
    .execute();

  // Hashes of completed perfect subtrees of level ≥ 1 (level 0 is the leaf table): any proof or
  // root is then O(log n) row reads.
  await db.schema
    .createTable('custody_log_nodes')
    .addColumn('level', 'smallint', (col) => col.notNull().check(sql`level between 1 and 62`))
    .addColumn('node_index', 'bigint', (col) => col.notNull().check(sql`node_index >= 0`))
    .addColumn('hash', 'bytea', (col) => col.notNull().check(sql`length(hash) = 32`))
    .addPrimaryKeyConstraint('custody_log_nodes_pkey', ['level', 'node_index'])
    .execute();

  await db.schema
    .createTable('custody_log_checkpoints')
    .addColumn('tree_size', 'bigint', (col) => col.primaryKey().check(sql`tree_size >= 0`))
    .addColumn('origin', 'text', (col) => col.notNull())
    .addColumn('root_hash', 'bytea', (col) => col.notNull())
    .addColumn('signed_at', 'text', (col) => col.notNull())
    .addColumn('key_id', 'text', (col) => col.notNull())
    .addColumn('signature', 'bytea', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('custody_log_checkpoints').execute();
  await db.schema.dropTable('custody_log_nodes').execute();
  await db.schema.dropTable('custody_log_leaves').execute();
  await db.schema.dropTable('custody_log_state').execute();
}
