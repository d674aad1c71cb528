import type { Actor } from '../auth/actor.js';
import { computeDeadlines, type DeadlineKind, INSTRUMENT_LABELS } from './deadlines.js';
import type { RequestRow } from './evidence-requests.repository.js';
import type { RequestBody, RequestStatus } from './evidence-requests.schema.js';

/** The statuses in which each kind of clock still runs. */
const LIVE: Record<DeadlineKind, readonly RequestStatus[]> = {
  production: ['issued', 'acknowledged', 'objection-window', 'preserved', 'partial'],
  'objection-window': ['issued', 'acknowledged', 'objection-window'],
  'preservation-ends': ['issued', 'acknowledged', 'objection-window', 'preserved', 'partial'],
  escalation: ['issued', 'acknowledged'],
};

/** Statuses in which some clock may still run. */
export const OPEN_STATUSES: readonly RequestStatus[] = [
  'issued',
  'acknowledged',
  'objection-window',
  'preserved',
  'partial',
];

/**
 * The legal clocks of a request at `now`, each marked live (still running in its status) and
 * overdue (live and past due).
 *
 * @example
 * const [first] = deadlinesOf(row, new Date());
 */
export function deadlinesOf(row: RequestRow, now: Date): RequestBody['deadlines'] {
  return computeDeadlines(
    {
      instrument: row.instrument,
      dataCategories: row.dataCategories,
      emergency: row.emergency,
      preservationExtended: row.preservationExtendedAt !== null,
    },
    row.issuedAt,
  ).map((deadline) => {
    const live = row.issuedAt !== null && LIVE[deadline.kind].includes(row.status);
    return {
      ...deadline,
      live,
      overdue: live && deadline.due !== null && Date.parse(deadline.due) < now.getTime(),
    };
  });
}

/** What `actor` may do with the request now. */
export function requestActions(actor: Actor, row: RequestRow, attachments: number): string[] {
  if (actor.role === 'viewer') return [];
  const issuer = actor.organisationId === row.organisationId;
  const platform = actor.organisationId === row.platformOrganisationId;
  const actions: string[] = [];
  const s = row.status;
  if (issuer && s === 'draft') actions.push('edit', 'delete', 'validate');
  if (issuer && s === 'validated') actions.push('issue');
  if (platform && s === 'issued') actions.push('acknowledge');
  if (
    issuer &&
    (s === 'issued' || s === 'acknowledged') &&
    row.instrument === 'eu-production-order'
  ) {
    actions.push('open-objection-window');
  }
  if (platform && ['issued', 'acknowledged', 'objection-window'].includes(s))
    actions.push('preserve');
  if (
    issuer &&
    ['issued', 'acknowledged', 'objection-window', 'preserved'].includes(s) &&
    (row.instrument === 'eu-preservation-order' || row.instrument === 'us-2703f-preservation') &&
    !row.preservationExtendedAt
  ) {
    actions.push('extend-preservation');
  }
  if (
    (issuer || platform) &&
    ['issued', 'acknowledged', 'objection-window', 'preserved', 'partial', 'produced'].includes(s)
  ) {
    actions.push('attach');
  }
  if (
    (issuer || platform) &&
    attachments > 0 &&
    ['issued', 'acknowledged', 'objection-window', 'preserved', 'partial'].includes(s)
  ) {
    actions.push('produce');
  }
  if (platform && ['issued', 'acknowledged', 'objection-window', 'preserved'].includes(s)) {
    actions.push('cannot-comply');
  }
  if (issuer && !['produced', 'cannot-comply', 'withdrawn', 'closed'].includes(s)) {
    actions.push('withdraw');
  }
  if (issuer && ['produced', 'partial', 'cannot-comply', 'withdrawn'].includes(s)) {
    actions.push('close');
  }
  return actions;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * A request as `actor` sees it at `now`, with its computed clocks and the produced data the
 * actor may read.
 *
 * @example
 * reply.send(presentRequest(row, actor, now, attachments, attachmentCount));
 */
export function presentRequest(
  row: RequestRow,
  actor: Actor,
  now: Date,
  artefacts: RequestBody['artefacts'],
  attachmentCount: number,
): RequestBody {
  const deadlines = deadlinesOf(row, now);
  return {
    id: row.id,
    status: row.status,
    issuingOrganisation: { id: row.organisationId, name: row.organisationName },
    platform: { id: row.platformOrganisationId, name: row.platformName },
    createdBy: { id: row.createdBy, displayName: row.createdByName },
    tlp: row.tlp,
    instrument: row.instrument,
    instrumentLabel: INSTRUMENT_LABELS[row.instrument],
    dataCategories: row.dataCategories,
    targets: row.targets,
    legalBasis: row.legalBasis,
    issuingAuthority: row.issuingAuthority,
    validatingAuthority: row.validatingAuthority,
    offence: row.offence,
    reference: row.reference,
    emergency: row.emergency,
    deadlines,
    nextDeadline: deadlines.find((deadline) => deadline.live) ?? null,
    preservationExtended: row.preservationExtendedAt !== null,
    cannotComplyReason: (row.cannotComplyReason as RequestBody['cannotComplyReason']) ?? null,
    note: row.note,
    artefacts,
    timeline: {
      validatedAt: iso(row.validatedAt),
      issuedAt: iso(row.issuedAt),
      acknowledgedAt: iso(row.acknowledgedAt),
      objectionWindowAt: iso(row.objectionWindowAt),
      preservedAt: iso(row.preservedAt),
      preservationExtendedAt: iso(row.preservationExtendedAt),
      producedAt: iso(row.producedAt),
      cannotComplyAt: iso(row.cannotComplyAt),
      withdrawnAt: iso(row.withdrawnAt),
      closedAt: iso(row.closedAt),
    },
    actions: requestActions(actor, row, attachmentCount),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
