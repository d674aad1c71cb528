import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { canRead, type ShareableRecord } from './policy.js';
import { loadPolicyActor, replaceRecordSharing } from './sharing.repository.js';
import { readableBy } from './sql-filter.js';
import { TLP_LEVELS } from './tlp.js';

/** Thrown to roll back each generated world, so runs never see each other's rows. */
class Rollback extends Error {}

describe('readableBy (SQL) agrees with canRead (pure)', () => {
  let database: TestDatabase;
  const orgIds: string[] = [];
  const users: { id: string; organisationId: string }[] = [];
  const groupIds: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const { db } = database;
    for (const name of ['A', 'B', 'C']) {
      const org = await db
        .insertInto('organisations')
        .values({ name: `Policy org ${name}`, type: 'ngo', country: 'TH' })
        .returning('id')
        .executeTakeFirstOrThrow();
      orgIds.push(org.id);
    }
    for (const [index, organisationId] of [orgIds[0], orgIds[0], orgIds[1], orgIds[2]].entries()) {
      const user = await db
        .insertInto('users')
        .values({
          organisation_id: organisationId as string,
          email: `policy-${index}@example.org`,
          display_name: `Policy user ${index}`,
          role: 'analyst',
          password_hash: 'not-a-login',
        })
        .returning(['id', 'organisation_id'])
        .executeTakeFirstOrThrow();
      users.push({ id: user.id, organisationId: user.organisation_id });
    }
    for (const name of ['g1', 'g2', 'g3']) {
      const group = await db
        .insertInto('sharing_groups')
        .values({
          name,
          organisation_id: orgIds[0] as string,
          created_by: users[0]?.id as string,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      groupIds.push(group.id);
    }
  });
  afterAll(async () => {
    await database.drop();
  });

  it('on random records, memberships, recipients and actors', async () => {
    const index = (n: number) => fc.nat({ max: n - 1 });
    const subset = (n: number) => fc.uniqueArray(index(n), { maxLength: n });
    const recordArb = fc.record({
      tlp: fc.constantFrom(...TLP_LEVELS),
      org: index(3),
      creator: index(4),
      groups: subset(3),
      recipients: subset(4),
    });
    const worldArb = fc.record({
      memberships: fc.uniqueArray(fc.tuple(index(3), index(3)), {
        maxLength: 9,
        selector: ([group, org]) => `${group}:${org}`,
      }),
      records: fc.array(recordArb, { minLength: 1, maxLength: 6 }),
    });

    await fc.assert(
      fc.asyncProperty(worldArb, async (world) => {
        await database.db
          .transaction()
          .execute(async (trx) => {
            if (world.memberships.length > 0) {
              await trx
                .insertInto('sharing_group_members')
                .values(
                  world.memberships.map(([group, org]) => ({
                    group_id: groupIds[group] as string,
                    organisation_id: orgIds[org] as string,
                  })),
                )
                .execute();
            }
            const records: (ShareableRecord & { id: string })[] = [];
            for (const generated of world.records) {
              const row = await trx
                .insertInto('artefacts')
                .values({
                  organisation_id: orgIds[generated.org] as string,
                  created_by: users[generated.creator]?.id as string,
                  tlp: generated.tlp,
                  title: 'generated',
                  filename: 'generated.bin',
                  media_type: 'application/octet-stream',
                  size_bytes: 0,
                  sha256: '0'.repeat(64),
                })
                .returning('id')
                .executeTakeFirstOrThrow();
              const sharing = {
                sharingGroupIds: generated.groups.map((group) => groupIds[group] as string),
                recipientIds: generated.recipients.map((user) => users[user]?.id as string),
              };
              await replaceRecordSharing(trx, row.id, sharing);
              records.push({
                id: row.id,
                tlp: generated.tlp,
                organisationId: orgIds[generated.org] as string,
                createdBy: users[generated.creator]?.id as string,
                ...sharing,
              });
            }
            for (const user of users) {
              const actor = await loadPolicyActor(trx, {
                userId: user.id,
                organisationId: user.organisationId,
              });
              const expected = records
                .filter((record) => canRead(actor, record))
                .map((record) => record.id)
                .sort();
              const rows = await trx
                .selectFrom('artefacts')
                .select('id')
                .where(readableBy(actor, 'artefacts'))
                .execute();
              expect(rows.map((row) => row.id).sort()).toEqual(expected);
            }
            throw new Rollback();
          })
          .catch((error: unknown) => {
            if (!(error instanceof Rollback)) throw error;
          });
      }),
      { numRuns: 60 },
    );
  });
});
