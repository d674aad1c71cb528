import type { TlpLevel } from './tlp.js';

/**
 * Who is reading, as the sharing policy sees them: the user, their organisation and the sharing groups
 * their organisation belongs to (see `loadPolicyActor`).
 */
export interface PolicyActor {
  readonly userId: string;
  readonly organisationId: string;
  /** Ids of the sharing groups the actor's organisation is a member of. */
  readonly sharingGroupIds: readonly string[];
}

/**
 * The sharing facts of any record Jaga holds (artefact, entity, report…): its TLP 2.0 level, the
 * organisation that owns it, the user who created it, and whom it was shared with.
 */
export interface ShareableRecord {
  readonly tlp: TlpLevel;
  /** The owning organisation: the one that supplied the record. */
  readonly organisationId: string;
  /** The user who created (uploaded, wrote) the record. */
  readonly createdBy: string;
  /** Sharing groups the record is released to (they widen AMBER only). */
  readonly sharingGroupIds: readonly string[];
  /** Users the record is addressed to by name (they may read it at every level). */
  readonly recipientIds: readonly string[];
}

/**
 * The one read rule of Jaga, over TLP 2.0, sharing groups and named recipients. `readableBy` in
 * `sql-filter.ts` is the same rule as an SQL condition; property tests keep the two in agreement.
 *
 * - CLEAR and GREEN: every user of the hub.
 * - AMBER: the owning organisation, and every organisation in one of the record's sharing groups.
 * - AMBER+STRICT: the owning organisation only (sharing groups do not widen it).
 * - RED: nobody by organisation.
 * - At every level: the record's creator and its named recipients.
 *
 * There is no administrator bypass: an admin reads what their organisation may read.
 *
 * @example
 * canRead(
 *   { userId: 'u1', organisationId: 'orgB', sharingGroupIds: ['g1'] },
 *   { tlp: 'AMBER', organisationId: 'orgA', createdBy: 'u0', sharingGroupIds: ['g1'], recipientIds: [] },
 * ); // true: orgB is in sharing group g1
 */
export function canRead(actor: PolicyActor, record: ShareableRecord): boolean {
  if (record.tlp === 'CLEAR' || record.tlp === 'GREEN') return true;
  if (record.createdBy === actor.userId) return true;
  if (record.recipientIds.includes(actor.userId)) return true;
  if (record.tlp === 'RED') return false;
  if (record.organisationId === actor.organisationId) return true;
  if (record.tlp === 'AMBER') {
    return record.sharingGroupIds.some((id) => actor.sharingGroupIds.includes(id));
  }
  return false;
}

/**
 * Whether the actor may change who a record is shared with (its TLP, groups and recipients): its
 * creator, or a user of the owning organisation who may read it. RED records can be re-shared only by
 * their creator, since the rest of the organisation cannot read them. Call it only for records the
 * actor can read: an unreadable record must answer 404 before this is asked.
 *
 * @example
 * canChangeSharing(
 *   { userId: 'u2', organisationId: 'orgA', sharingGroupIds: [] },
 *   { tlp: 'AMBER', organisationId: 'orgA', createdBy: 'u0', sharingGroupIds: [], recipientIds: [] },
 * ); // true: a colleague in the owning organisation
 */
export function canChangeSharing(
  actor: Pick<PolicyActor, 'userId' | 'organisationId'>,
  record: Pick<ShareableRecord, 'tlp' | 'organisationId' | 'createdBy'>,
): boolean {
  if (record.createdBy === actor.userId) return true;
  return record.organisationId === actor.organisationId && record.tlp !== 'RED';
}
