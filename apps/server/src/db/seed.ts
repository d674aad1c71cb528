import type { Kysely } from 'kysely';
import { appendLeaf } from '../modules/log/custody-log.js';
import { hashPassword } from '../modules/users/password.js';
import { seedIntelligenceDemo } from './seed-intelligence.js';
import type { Database, OrganisationType, UserRole } from './schema.js';

/** A demo login, printed on start so a newcomer can sign in. */
export interface DemoLogin {
  email: string;
  password: string;
  role: UserRole;
  organisation: string;
}

interface DemoOrganisation {
  name: string;
  type: OrganisationType;
  country: string;
}

/** Fictional organisations, named so nobody mistakes them for real agencies. */
const DEMO_ORGANISATIONS: readonly DemoOrganisation[] = [
  { name: 'Demo Police Anti-Trafficking Unit', type: 'law-enforcement', country: 'TH' },
  { name: 'Demo Consular Section', type: 'consular', country: 'ID' },
  { name: 'Demo Job Board Trust & Safety', type: 'platform', country: 'SG' },
  { name: 'Demo Survivor Support NGO', type: 'ngo', country: 'KH' },
];

/** Demo passwords are public by design: the demo dataset must never hold real data. */
export const DEMO_LOGINS: readonly DemoLogin[] = [
  {
    email: 'admin@demo.jaga.example',
    password: 'demo-admin-pass',
    role: 'admin',
    organisation: 'Demo Police Anti-Trafficking Unit',
  },
  {
    email: 'investigator@demo.jaga.example',
    password: 'demo-investigator-pass',
    role: 'investigator',
    organisation: 'Demo Police Anti-Trafficking Unit',
  },
  {
    email: 'consul@demo.jaga.example',
    password: 'demo-consul-pass',
    role: 'consular-officer',
    organisation: 'Demo Consular Section',
  },
  {
    email: 'moderator@demo.jaga.example',
    password: 'demo-moderator-pass',
    role: 'platform-reviewer',
    organisation: 'Demo Job Board Trust & Safety',
  },
  {
    email: 'flagger@demo.jaga.example',
    password: 'demo-flagger-pass',
    role: 'moderator',
    organisation: 'Demo Survivor Support NGO',
  },
];

/** The demo NGO holds trusted-flagger status (DSA Art 22), so its notices get priority. */
export const DEMO_TRUSTED_FLAGGER = {
  organisation: 'Demo Survivor Support NGO',
  awardedOn: '2025-01-15',
  awardedBy: 'Demo Digital Services Coordinator',
} as const;

/** The demo platform's response-time standard, in hours (trusted flaggers' notices first). */
export const DEMO_PLATFORM_STANDARD = {
  organisation: 'Demo Job Board Trust & Safety',
  responseHours: 24,
  trustedFlaggerHours: 8,
} as const;

/**
 * Seeds the clearly-labelled demo dataset. Idempotent (existing rows are kept as they are) and run in
 * one transaction, so a crash part-way leaves either no demo data or all of it.
 *
 * @returns whether anything was inserted.
 */
export async function seedDemoData(db: Kysely<Database>): Promise<{ inserted: boolean }> {
  const existing = await db
    .selectFrom('users')
    .select('email')
    .where(
      'email',
      'in',
      DEMO_LOGINS.map((login) => login.email),
    )
    .execute();
  // The demo intelligence (compounds, posts) is seeded after the users, resumably on its own.
  if (existing.length === DEMO_LOGINS.length) return seedIntelligenceDemo(db);

  // Hash before the transaction: scrypt is deliberately slow and must not hold the database.
  const hashes = await Promise.all(DEMO_LOGINS.map((login) => hashPassword(login.password)));

  await db.transaction().execute(async (trx) => {
    const at = new Date().toISOString();
    // Seeding is a write like any other: each created record gets its custody leaf (ids only).
    // One after another: each append extends the tree the previous one left.
    const record = async (type: string, kind: string, rows: { id: string }[]) => {
      for (const row of rows) {
        await appendLeaf(trx, {
          type,
          subject: { kind, id: row.id },
          at,
          details: { via: 'demo-seed' },
        });
      }
    };
    const newOrganisations = await trx
      .insertInto('organisations')
      .values(DEMO_ORGANISATIONS.map((org) => ({ ...org, is_demo: true })))
      .onConflict((oc) => oc.column('name').doNothing())
      .returning('id')
      .execute();
    await record('organisation.create', 'organisation', newOrganisations);
    const organisations = await trx
      .selectFrom('organisations')
      .select(['id', 'name'])
      .where(
        'name',
        'in',
        DEMO_ORGANISATIONS.map((org) => org.name),
      )
      .execute();
    const idByName = new Map(organisations.map((org) => [org.name, org.id]));
    await trx
      .insertInto('users')
      .values(
        DEMO_LOGINS.map((login, index) => ({
          organisation_id: idByName.get(login.organisation) ?? '',
          email: login.email,
          display_name: `Demo ${login.role}`,
          role: login.role,
          password_hash: hashes[index] ?? '',
          is_demo: true,
        })),
      )
      .onConflict((oc) => oc.column('email').doNothing())
      .returning('id')
      .execute()
      .then((users) => record('user.create', 'user', users));
    // Notices need a platform with a standard and a notifier with trusted-flagger status to show
    // the whole path; an administrator may change both later (that change is logged too).
    const platformId = idByName.get(DEMO_PLATFORM_STANDARD.organisation);
    if (platformId) {
      const settings = await trx
        .insertInto('platform_settings')
        .values({
          organisation_id: platformId,
          response_hours: DEMO_PLATFORM_STANDARD.responseHours,
          trusted_flagger_hours: DEMO_PLATFORM_STANDARD.trustedFlaggerHours,
          webhook_url: null,
          updated_by: null,
          updated_at: new Date(at),
        })
        .onConflict((oc) => oc.column('organisation_id').doNothing())
        .returning('organisation_id as id')
        .execute();
      await record('platform.settings-change', 'organisation', settings);
    }
    const flaggerId = idByName.get(DEMO_TRUSTED_FLAGGER.organisation);
    if (flaggerId) {
      const status = await trx
        .insertInto('trusted_flaggers')
        .values({
          organisation_id: flaggerId,
          awarded_on: DEMO_TRUSTED_FLAGGER.awardedOn,
          awarded_by: DEMO_TRUSTED_FLAGGER.awardedBy,
          revoked_on: null,
          updated_by: null,
          updated_at: new Date(at),
        })
        .onConflict((oc) => oc.column('organisation_id').doNothing())
        .returning('organisation_id as id')
        .execute();
      await record('trusted-flagger.change', 'organisation', status);
    }
  });
  await seedIntelligenceDemo(db);
  return { inserted: true };
}
