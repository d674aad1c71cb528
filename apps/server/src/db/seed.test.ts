import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { verifyPassword } from '../modules/users/password.js';
import { DEMO_LOGINS, DEMO_PLATFORM_STANDARD, DEMO_TRUSTED_FLAGGER, seedDemoData } from './seed.js';

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

  it('gives the demo NGO trusted-flagger status and the demo platform its response time, logged', async () => {
    const status = await database.db
      .selectFrom('trusted_flaggers as t')
      .innerJoin('organisations as o', 'o.id', 't.organisation_id')
      .select(['o.name', 't.awarded_on', 't.revoked_on'])
      .execute();
    expect(status).toHaveLength(1);
    expect(status[0]).toMatchObject({ name: DEMO_TRUSTED_FLAGGER.organisation, revoked_on: null });
    const settings = await database.db
      .selectFrom('platform_settings as p')
      .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
      .select(['o.name', 'p.response_hours', 'p.trusted_flagger_hours'])
      .execute();
    expect(settings).toEqual([
      {
        name: DEMO_PLATFORM_STANDARD.organisation,
        response_hours: DEMO_PLATFORM_STANDARD.responseHours,
        trusted_flagger_hours: DEMO_PLATFORM_STANDARD.trustedFlaggerHours,
      },
    ]);
    const flagger = DEMO_LOGINS.find((login) => login.email === 'flagger@demo.jaga.example');
    expect(flagger?.organisation).toBe(DEMO_TRUSTED_FLAGGER.organisation);
    const leaves = await database.db.selectFrom('custody_log_leaves').select('leaf').execute();
    const types = leaves.map((row) => JSON.parse(row.leaf).type);
    expect(types.filter((type) => type === 'trusted-flagger.change')).toHaveLength(1);
    expect(types.filter((type) => type === 'platform.settings-change')).toHaveLength(1);
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
