import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { verifyPassword } from '../modules/users/password.js';
import { DEMO_LOGINS, seedDemoData } from './seed.js';

describe('seedDemoData', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('creates the demo logins once, however often it runs', async () => {
    await expect(seedDemoData(database.db)).resolves.toEqual({ inserted: true });
    await expect(seedDemoData(database.db)).resolves.toEqual({ inserted: false });
    const users = await database.db
      .selectFrom('users')
      .select(['email', 'role', 'is_demo'])
      .orderBy('email')
      .execute();
    expect(users).toHaveLength(DEMO_LOGINS.length);
    expect(users.every((user) => user.is_demo)).toBe(true);
    const organisations = await database.db.selectFrom('organisations').select('name').execute();
    expect(organisations.every((org) => org.name.startsWith('Demo '))).toBe(true);
  });

  it('records each created organisation and user in the custody log, by id only', async () => {
    const leaves = await database.db.selectFrom('custody_log_leaves').select('leaf').execute();
    const seeded = leaves
      .map((row) => JSON.parse(row.leaf))
      .filter((leaf) => leaf.details?.via === 'demo-seed');
    expect(seeded.filter((leaf) => leaf.type === 'user.create')).toHaveLength(DEMO_LOGINS.length);
    expect(seeded.filter((leaf) => leaf.type === 'organisation.create')).toHaveLength(4);
    expect(JSON.stringify(seeded)).not.toContain('@demo.jaga.example');
  });

  it('stores password hashes that verify the printed demo passwords and nothing else', async () => {
    const login = DEMO_LOGINS[0];
    if (!login) throw new Error('no demo login');
    const user = await database.db
      .selectFrom('users')
      .select('password_hash')
      .where('email', '=', login.email)
      .executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^scrypt\$ln=15,r=8,p=1\$/);
    expect(user.password_hash).not.toContain(login.password);
    await expect(verifyPassword(login.password, user.password_hash)).resolves.toBe(true);
    await expect(verifyPassword(`${login.password}x`, user.password_hash)).resolves.toBe(false);
  });

  it('fills in what a crashed earlier run left out', async () => {
    await database.db.deleteFrom('users').where('email', '=', 'consul@demo.jaga.example').execute();
    await expect(seedDemoData(database.db)).resolves.toEqual({ inserted: true });
    const count = await database.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(DEMO_LOGINS.length);
  });
});
