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
  /** Set when an administrator disables the account: its sessions and tokens stop working. */
  disabled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Base32 TOTP secret; pending until `totp_enabled_at` is set by a confirmed code. */
  totp_secret: ColumnType<string | null, string | null | undefined, string | null>;
  totp_enabled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

type NullableTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** A signed-in browser; the cookie holds a random value whose SHA-256 is `token_hash`. */
export interface SessionTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  csrf_token: string;
  created_at: CreatedAt;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  revoked_at: NullableTime;
  user_agent: string | null;
}

/** An API token for machines: only its SHA-256 is stored; scoped, expiring, revocable. */
export interface ApiTokenTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  scopes: string[];
  created_at: CreatedAt;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  revoked_at: NullableTime;
  last_used_at: NullableTime;
}

/** Failed sign-ins per e-mail typed, for lockout. */
export interface LoginThrottleTable {
  email: string;
  failures: number;
  window_started_at: ColumnType<Date, Date | string, Date | string>;
  locked_until: NullableTime;
}

/** A named set of organisations that records can be released to; membership is seen only by members. */
export interface SharingGroupTable {
  id: Generated<string>;
  name: string;
  /** The organisation that created the group and manages it. */
  organisation_id: string;
  created_by: string;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SharingGroupMemberTable {
  group_id: string;
  organisation_id: string;
  added_at: CreatedAt;
}

/** The sharing groups a record (of any kind) is released to. */
export interface RecordSharingGroupTable {
  record_id: string;
  group_id: string;
}

/** The users a record (of any kind) is addressed to by name. */
export interface RecordRecipientTable {
  record_id: string;
  user_id: string;
}

/** An evidence file: its bytes live under the data folder, named by their SHA-256. */
export interface ArtefactTable {
  id: Generated<string>;
  organisation_id: string;
  created_by: string;
  /** TLP 2.0 level: CLEAR, GREEN, AMBER, AMBER+STRICT or RED. */
  tlp: string;
  title: string;
  legal_basis: string | null;
  source: string | null;
  acquired_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  filename: string;
  media_type: string;
  size_bytes: number;
  /** Lower-case hex SHA-256 of the content. */
  sha256: string;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** The custody log's one-row counter; `tree_size` is the number of leaves committed. */
export interface CustodyLogStateTable {
  id: number;
  tree_size: number;
}

/** One custody log leaf: RFC 8785 canonical JSON and its RFC 9162 leaf hash. Never updated. */
export interface CustodyLogLeafTable {
  leaf_index: number;
  leaf: string;
  leaf_hash: Uint8Array;
  subject_id: string | null;
  created_at: Generated<CreatedAt>;
}

/** Hash of a completed perfect subtree of the custody log (level ≥ 1). Never updated. */
export interface CustodyLogNodeTable {
  level: number;
  node_index: number;
  hash: Uint8Array;
}

/** A signed custody log checkpoint (tree head). */
export interface CustodyLogCheckpointTable {
  tree_size: number;
  origin: string;
  root_hash: Uint8Array;
  /** ISO 8601 text exactly as signed. */
  signed_at: string;
  key_id: string;
  signature: Uint8Array;
}

/** A trace run on the hub; its report is in two artefacts, its sharing in the record tables. */
export interface TraceTable {
  id: Generated<string>;
  organisation_id: string;
  created_by: string;
  /** TLP 2.0 level: CLEAR, GREEN, AMBER, AMBER+STRICT or RED. */
  tlp: string;
  model: string;
  /** JSON of the summary returned when the trace ran. */
  summary: string;
  report_artefact_id: string;
  hops_artefact_id: string;
  created_at: CreatedAt;
}

/** An agency's encoded list for estimation: CLKs only (never names), stored back to back. */
export interface EstimateListTable {
  id: Generated<string>;
  organisation_id: string;
  created_by: string;
  /** TLP 2.0 level: CLEAR, GREEN, AMBER, AMBER+STRICT or RED. */
  tlp: string;
  name: string;
  records: number;
  /** Bits per CLK (the schema's `l`), a multiple of 8. */
  bits: number;
  clks: Uint8Array;
  /** Lower-case hex SHA-256 of `clks`. */
  sha256: string;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** A stored multiple systems estimate over encoded lists; its report is JSON text. */
export interface EstimateTable {
  id: Generated<string>;
  organisation_id: string;
  created_by: string;
  /** TLP 2.0 level: CLEAR, GREEN, AMBER, AMBER+STRICT or RED. */
  tlp: string;
  list_ids: string[];
  report: string;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** The whole database as Kysely sees it; each migration that adds a table adds it here. */
export interface Database {
  organisations: OrganisationTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_throttle: LoginThrottleTable;
  sharing_groups: SharingGroupTable;
  sharing_group_members: SharingGroupMemberTable;
  record_sharing_groups: RecordSharingGroupTable;
  record_recipients: RecordRecipientTable;
  artefacts: ArtefactTable;
  custody_log_state: CustodyLogStateTable;
  custody_log_leaves: CustodyLogLeafTable;
  custody_log_nodes: CustodyLogNodeTable;
  custody_log_checkpoints: CustodyLogCheckpointTable;
  traces: TraceTable;
  estimate_lists: EstimateListTable;
  estimates: EstimateTable;
}
