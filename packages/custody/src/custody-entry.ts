/**
 * One custody event, the content of one log leaf. It is hashed as RFC 8785 canonical JSON, so keep
 * it small and plain. Leaves about restricted records carry ids and hashes only, never content or
 * titles: the log itself must be safe to show to an auditor.
 */
export interface CustodyEntry {
  /** What happened, dotted and past-tense-free: `artefact.upload`, `artefact.read`, `sharing.change`. */
  type: string;
  /** Who did it; absent for the system itself. */
  actor?: { userId: string; organisationId: string };
  /** What it was done to; `sha256` (lowercase hex) binds the leaf to an artefact's exact bytes. */
  subject?: { kind: string; id: string; sha256?: string };
  /** When, as an ISO 8601 UTC time. */
  at: string;
  /** Anything else worth proving later (ids, legal basis, TLP): never restricted content. */
  details?: Record<string, unknown>;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const TYPE = /^[a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*)*$/;

/**
 * Checks that a value is a well-formed {@link CustodyEntry}; returns one message per problem with
 * its path (empty when valid).
 *
 * @example
 * custodyEntryProblems({ type: 'artefact.read', at: 'yesterday' });
 * // ['at must be an ISO 8601 time such as 2026-11-24T10:00:00.000Z (got "yesterday")']
 */
export function custodyEntryProblems(value: unknown, where = 'entry'): string[] {
  const problems: string[] = [];
  if (!isObject(value)) return [`${where} must be an object`];
  const allowed = new Set(['type', 'actor', 'subject', 'at', 'details']);
  for (const key of Object.keys(value)) {
    if (!allowed.has(key)) problems.push(`${where}.${key} is not a custody entry field`);
  }
  if (typeof value.type !== 'string' || !TYPE.test(value.type)) {
    problems.push(
      `${where}.type must be a dotted lowercase name such as "artefact.read" (got ${show(value.type)})`,
    );
  }
  if (
    typeof value.at !== 'string' ||
    !ISO_TIME.test(value.at) ||
    Number.isNaN(Date.parse(value.at))
  ) {
    problems.push(
      `${where}.at must be an ISO 8601 time such as 2026-11-24T10:00:00.000Z (got ${show(value.at)})`,
    );
  }
  if (value.actor !== undefined) {
    const actor = value.actor;
    if (
      !isObject(actor) ||
      typeof actor.userId !== 'string' ||
      typeof actor.organisationId !== 'string'
    ) {
      problems.push(`${where}.actor must be { userId: string, organisationId: string }`);
    }
  }
  if (value.subject !== undefined) {
    const subject = value.subject;
    if (!isObject(subject) || typeof subject.kind !== 'string' || typeof subject.id !== 'string') {
      problems.push(`${where}.subject must be { kind: string, id: string, sha256?: hex }`);
    } else if (
      subject.sha256 !== undefined &&
      (typeof subject.sha256 !== 'string' || !SHA256_HEX.test(subject.sha256))
    ) {
      problems.push(
        `${where}.subject.sha256 must be 64 lowercase hexadecimal digits (got ${show(subject.sha256)})`,
      );
    }
  }
  if (value.details !== undefined && !isObject(value.details)) {
    problems.push(`${where}.details must be an object`);
  }
  return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return value === undefined ? 'nothing' : typeof value;
}
