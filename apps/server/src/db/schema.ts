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
  hub_secrets: HubSecretTable;
  posts: PostTable;
  selectors: SelectorTable;
  sightings: SightingTable;
  entities: EntityTable;
  entity_status_history: EntityStatusHistoryTable;
  relationships: RelationshipTable;
  access_requests: AccessRequestTable;
  notifications: NotificationTable;
  estimate_reports: EstimateReportTable;
  platform_settings: PlatformSettingsTable;
  trusted_flaggers: TrustedFlaggerTable;
  notices: NoticeTable;
  notice_webhook_deliveries: NoticeWebhookDeliveryTable;
  evidence_requests: EvidenceRequestTable;
  evidence_request_artefacts: EvidenceRequestArtefactTable;
}

type Time = ColumnType<Date, Date | string, Date | string>;
type MaybeTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** A platform's response-time standard for notices, and the webhook that receives sent notices. */
export interface PlatformSettingsTable {
  organisation_id: string;
  response_hours: number;
  /** The shorter standard for notices from trusted flaggers (DSA Art 22 priority). */
  trusted_flagger_hours: number;
  webhook_url: string | null;
  updated_by: string | null;
  updated_at: Time;
}

/** DSA Art 22 trusted-flagger status of a notifier organisation. */
export interface TrustedFlaggerTable {
  organisation_id: string;
  /** ISO date (YYYY-MM-DD) the status was awarded. */
  awarded_on: ColumnType<string, string, string>;
  /** The Digital Services Coordinator that awarded it. */
  awarded_by: string;
  revoked_on: ColumnType<string | null, string | null | undefined, string | null>;
  updated_by: string | null;
  updated_at: Time;
}

/** A DSA Art 16 notice to a platform, from draft to the platform's decision and beyond. */
export interface NoticeTable {
  id: Generated<string>;
  /** The notifier organisation, which owns the notice. */
  organisation_id: string;
  created_by: string;
  /** TLP 2.0 level: CLEAR, GREEN, AMBER, AMBER+STRICT or RED. */
  tlp: string;
  platform_organisation_id: string;
  status: string;
  category: string;
  keywords: ColumnType<string[], string[] | undefined, string[]>;
  urls: string[];
  post_id: string | null;
  explanation: string;
  notifier_name: string;
  notifier_email: string;
  good_faith: boolean;
  trusted_flagger: ColumnType<boolean, boolean | undefined, boolean>;
  response_hours: number | null;
  sent_at: MaybeTime;
  due_at: MaybeTime;
  acknowledged_at: MaybeTime;
  decided_at: MaybeTime;
  decided_by: string | null;
  /** The decision in one word (removed, disabled, demoted, …, no-action), for counting. */
  outcome: string | null;
  /** JSON of the DSA Art 17 statement of reasons. */
  decision: string | null;
  appealed_at: MaybeTime;
  /** JSON of the appeal. */
  appeal: string | null;
  closed_at: MaybeTime;
  /** JSON of how the notice was closed. */
  closing: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** One attempt to push a sent notice to its platform's webhook. */
export interface NoticeWebhookDeliveryTable {
  id: Generated<string>;
  notice_id: string;
  url: string;
  attempted_at: Time;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

/** An electronic-evidence request to a platform, with its legal clocks. */
export interface EvidenceRequestTable {
  id: Generated<string>;
  /** The issuing organisation, which owns the request. */
  organisation_id: string;
  created_by: string;
  /** TLP 2.0 level: CLEAR, GREEN, AMBER, AMBER+STRICT or RED. */
  tlp: string;
  platform_organisation_id: string;
  status: string;
  instrument: string;
  data_categories: string[];
  /** JSON array of `{ selectorType, value, from, to }`. */
  targets: string;
  legal_basis: string;
  issuing_authority: string;
  validating_authority: string | null;
  offence: string | null;
  reference: string | null;
  emergency: boolean;
  validated_at: MaybeTime;
  issued_at: MaybeTime;
  /** The earliest compliance deadline, set on issue (for sorting and the dashboard). */
  due_at: MaybeTime;
  acknowledged_at: MaybeTime;
  objection_window_at: MaybeTime;
  preserved_at: MaybeTime;
  preservation_extended_at: MaybeTime;
  produced_at: MaybeTime;
  cannot_comply_at: MaybeTime;
  cannot_comply_reason: string | null;
  withdrawn_at: MaybeTime;
  closed_at: MaybeTime;
  note: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Produced data attached to an evidence request (an artefact). */
export interface EvidenceRequestArtefactTable {
  request_id: string;
  artefact_id: string;
  added_by: string;
  added_at: Time;
}

/** The saved report of an estimate: its JSON and capture-history CSV, stored as artefacts. */
export interface EstimateReportTable {
  estimate_id: string;
  report_artefact_id: string;
  table_artefact_id: string;
  saved_by: string;
  saved_at: CreatedAt;
}

// Intelligence graph (migration 2026-12-01-intelligence-graph).

/** The hub's secrets (the key of the keyed selector hashes); never shown by the API. */
export interface HubSecretTable {
  name: string;
  secret: Uint8Array;
  created_at: CreatedAt;
}

/** A post or ad from a source, screened on arrival; shared like any record. */
export interface PostTable {
  id: Generated<string>;
  organisation_id: string;
  created_by: string;
  /** TLP 2.0 level: CLEAR, GREEN, AMBER, AMBER+STRICT or RED. */
  tlp: string;
  source: string;
  external_id: string | null;
  url: string | null;
  text: string;
  language: string;
  /** The place as the source gave it. */
  location: string | null;
  /** ISO 3166-1 alpha-2 of the location, when known. */
  country: string | null;
  /** GeoJSON geometry (Point or Polygon) as JSON text. */
  geometry: string | null;
  posted_at: NullableTime;
  first_seen_at: ColumnType<Date, Date | string, Date | string>;
  last_seen_at: ColumnType<Date, Date | string, Date | string>;
  risk: number;
  decision: string;
  /** The screening result (indicators with evidence spans, warning) as JSON text. */
  screening: string;
  fingerprint: string;
  /** SHA-256 hex of the source and the normalised text. */
  content_hash: string;
  status: Generated<string>;
  is_demo: Generated<boolean>;
  search: ColumnType<string, never, never>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** A normalised selector (phone, handle, wallet, URL, domain, e-mail): a shared key. */
export interface SelectorTable {
  id: Generated<string>;
  type: string;
  /** Platform of a handle, chain of a wallet, '' otherwise. */
  qualifier: Generated<string>;
  value: string;
  country: string | null;
  /** Hex HMAC-SHA-256 of `type:qualifier:value` under the hub secret, for blind matching. */
  keyed_hash: string;
  created_at: CreatedAt;
}

/** A selector seen in a post; as readable as the post. */
export interface SightingTable {
  id: Generated<string>;
  selector_id: string;
  /** The post the selector was seen in, or null for a sighting in a trace. */
  post_id: string | null;
  /** The trace whose report found the selector, or null for a sighting in a post. */
  trace_id: ColumnType<string | null, string | null | undefined, string | null>;
  seen_at: ColumnType<Date, Date | string, Date | string>;
  organisation_id: string;
  created_by: string;
}

/** A scam compound, criminal organisation or persona; shared like any record. */
export interface EntityTable {
  id: Generated<string>;
  organisation_id: string;
  created_by: string;
  tlp: string;
  kind: string;
  name: string;
  aliases: ColumnType<string[], string[] | undefined, string[]>;
  description: string | null;
  country: string | null;
  admin_area: string | null;
  /** GeoJSON geometry (Point or Polygon) as JSON text. */
  geometry: string | null;
  status: string | null;
  relocated_to: string | null;
  /** JSON text: power and telecom supply notes with the supplying country. */
  supply: ColumnType<string, string | undefined, string>;
  sources: ColumnType<string[], string[] | undefined, string[]>;
  /** Name and aliases, for trigram search. */
  search_text: string;
  is_demo: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** One dated status of an entity (a compound's active → raided → relocated). */
export interface EntityStatusHistoryTable {
  id: Generated<string>;
  entity_id: string;
  status: string;
  /** ISO date (YYYY-MM-DD). */
  since: ColumnType<string, string, string>;
  note: string | null;
  source: string | null;
  recorded_by: string;
  recorded_at: CreatedAt;
}

/** A typed link from an entity to an entity or a selector; shared like any record. */
export interface RelationshipTable {
  id: Generated<string>;
  organisation_id: string;
  created_by: string;
  tlp: string;
  type: string;
  source_entity_id: string;
  target_entity_id: string | null;
  target_selector_id: string | null;
  confidence: number;
  source: string | null;
  valid_from: ColumnType<string | null, string | null | undefined, string | null>;
  valid_to: ColumnType<string | null, string | null | undefined, string | null>;
  is_demo: Generated<boolean>;
  created_at: CreatedAt;
}

/** A request to read another organisation's records about a selector. */
export interface AccessRequestTable {
  id: Generated<string>;
  selector_id: string;
  requester_id: string;
  requester_organisation_id: string;
  owner_organisation_id: string;
  reason: string;
  status: Generated<string>;
  decided_by: string | null;
  decided_at: NullableTime;
  decision_note: string | null;
  granted_records: Generated<number>;
  created_at: CreatedAt;
}

/** A message for one user or every user of an organisation. */
export interface NotificationTable {
  id: Generated<string>;
  organisation_id: string | null;
  user_id: string | null;
  kind: string;
  message: string;
  subject_id: string | null;
  created_at: CreatedAt;
  read_at: NullableTime;
}
