import type { ColumnType, Generated } from 'kysely';

/** Types of organisation that take part in Jaga. */
export const ORGANISATION_TYPES = [
  'law-enforcement',
  'prosecution',
  'consular',
  'platform',
  'ngo',
  'regional-body',
  'research',
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

/** What a user may do, from administering the hub to read-only viewing. */
export const USER_ROLES = [
  'admin',
  'analyst',
  'investigator',
  'moderator',
  'consular-officer',
  'platform-reviewer',
  'viewer',
] as const;
export type UserRole = (typeof USER_ROLES)[number];

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface OrganisationTable {
  id: Generated<string>;
  name: string;
  type: OrganisationType;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** True for the demo dataset, so it can be told apart and removed. */
  is_demo: Generated<boolean>;
  created_at: Generated<CreatedAt>;
}

export interface UserTable {
  id: Generated<string>;
  organisation_id: string;
  email: string;
  display_name: string;
  role: UserRole;
  /** Memory-hard KDF output in PHC string format; never the password. */
  password_hash: string;
  is_demo: Generated<boolean>;
  created_at: Generated<CreatedAt>;
}

/** The whole database as Kysely sees it; each migration that adds a table adds it here. */
export interface Database {
  organisations: OrganisationTable;
  users: UserTable;
}
