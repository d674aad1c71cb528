import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor, type TestActor } from '../../../test/auth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { replaceRecordSharing } from '../sharing/sharing.repository.js';
import { TLP_LEVELS } from '../sharing/tlp.js';
import { type AddressedRecord, canReadAddressed } from './notices.policy.js';
import { noticeReadableBy } from './notices.repository.js';
import { NOTICE_STATUSES } from './notices.schema.js';

const record = (over: Partial<AddressedRecord>): AddressedRecord => ({
  tlp: 'AMBER',
  organisationId: 'A',
  createdBy: 'a1',
  sharingGroupIds: [],
  recipientIds: [],
  addresseeOrganisationId: 'P',
  delivered: true,
  ...over,
});
const user = (userId: string, organisationId: string) => ({
  userId,
  organisationId,
  sharingGroupIds: [] as string[],
});

describe('canReadAddressed', () => {
  it('lets the addressee read a delivered record, whatever its TLP, and never a draft', () => {
    const platform = user('p1', 'P');
    expect(canReadAddressed(platform, record({ tlp: 'AMBER+STRICT' }))).toBe(true);
    expect(canReadAddressed(platform, record({ delivered: false }))).toBe(false);
    expect(canReadAddressed(user('q1', 'Q'), record({}))).toBe(false);
  });

  it('keeps the sharing policy for everyone else', () => {
    expect(canReadAddressed(user('a2', 'A'), record({ delivered: false }))).toBe(true);
    expect(canReadAddressed(user('c1', 'C'), record({ tlp: 'GREEN' }))).toBe(true);
    expect(canReadAddressed(user('c1', 'C'), record({ recipientIds: ['c1'] }))).toBe(true);
    expect(canReadAddressed(user('c1', 'C'), record({}))).toBe(false);
  });
});

describe('noticeReadableBy (SQL) agrees with canReadAddressed (pure)', () => {
  let database: TestDatabase;
  let owner: TestActor;
  let colleague: TestActor;
  let platform: TestActor;
  let otherPlatform: TestActor;
  let outsider: TestActor;

  beforeAll(async () => {
    database = await createTestDatabase();
    owner = await createTestActor(database.db, { organisation: { name: 'A', type: 'ngo' } });
    colleague = await createTestActor(database.db, { organisation: owner.actor.organisationId });
    platform = await createTestActor(database.db, {
      organisation: { name: 'P', type: 'platform' },
    });
    otherPlatform = await createTestActor(database.db, {
      organisation: { name: 'Q', type: 'platform' },
    });
    outsider = await createTestActor(database.db, { organisation: { name: 'C' } });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('on every TLP level, status and reader, with and without a named recipient', async () => {
    const readers = [owner, colleague, platform, otherPlatform, outsider];
    let checked = 0;
    for (const tlp of TLP_LEVELS) {
      for (const status of NOTICE_STATUSES) {
        for (const recipients of [[], [outsider.actor.userId]]) {
          const sent = status !== 'draft';
          const row = await database.db
            .insertInto('notices')
            .values({
              organisation_id: owner.actor.organisationId,
              created_by: owner.actor.userId,
              tlp,
              platform_organisation_id: platform.actor.organisationId,
              status,
              category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
              urls: ['https://example.com/1'],
              explanation: 'x',
              notifier_name: 'x',
              notifier_email: 'x@example.org',
              good_faith: true,
              sent_at: sent ? new Date() : null,
              due_at: sent ? new Date() : null,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await replaceRecordSharing(database.db, row.id, { recipientIds: recipients });
          for (const reader of readers) {
            const found = await database.db
              .selectFrom('notices as n')
              .select('n.id')
              .where('n.id', '=', row.id)
              .where(noticeReadableBy(reader.actor))
              .executeTakeFirst();
            const expected = canReadAddressed(
              { ...reader.actor, sharingGroupIds: [] },
              {
                tlp,
                organisationId: owner.actor.organisationId,
                createdBy: owner.actor.userId,
                sharingGroupIds: [],
                recipientIds: recipients,
                addresseeOrganisationId: platform.actor.organisationId,
                delivered: sent,
              },
            );
            expect(found !== undefined, `${tlp} ${status} ${reader.email}`).toBe(expected);
            checked += 1;
          }
        }
      }
    }
    expect(checked).toBe(TLP_LEVELS.length * NOTICE_STATUSES.length * 2 * readers.length);
  });
});
