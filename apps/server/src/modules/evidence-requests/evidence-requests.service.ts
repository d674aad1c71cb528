import { createHash } from 'node:crypto';
import { canonicalJson } from '@jaga/custody';
import type { Kysely, Transaction, Updateable } from 'kysely';
import type { Database, EvidenceRequestTable } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { decodeNewestFirst, encodeNewestFirst, pageOf } from '../../http/pagination.js';
import {
  type ArtefactDeps,
  commitUploads,
  insertArtefactRecord,
} from '../artefacts/artefacts.service.js';
import type { ReceivedUpload } from '../artefacts/artefacts.upload.js';
import type { Actor } from '../auth/actor.js';
import { appendLeaf } from '../log/custody-log.js';
import { findPlatform } from '../notices/notices.repository.js';
import { fieldError } from '../notices/notices.service.js';
import { readableBy } from '../sharing/sql-filter.js';
import { EXTENDABLE_INSTRUMENTS, firstDeadline } from './deadlines.js';
import { deadlinesOf, OPEN_STATUSES, presentRequest } from './evidence-requests.presenter.js';
import {
  countAttachments,
  countAttachmentsOf,
  countReadableRequests,
  findReadableRequest,
  listAllReadableRequests,
  listReadableRequests,
  readableAttachments,
  type RequestRow,
} from './evidence-requests.repository.js';
import type {
  CreateRequestBody,
  ListRequestsQuery,
  RequestBody,
  RequestStatus,
  UpdateRequestBody,
} from './evidence-requests.schema.js';

/** What the evidence-request service works with: the artefact service's needs for productions. */
export type EvidenceRequestDeps = ArtefactDeps;

/** The one answer for a missing and for an unreadable request: ids cannot be probed. */
export const requestNotFound = (id: string) =>
  new AppError('not_found', `No evidence request with id ${id}.`);

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
const actorRef = (actor: Actor) => ({ userId: actor.userId, organisationId: actor.organisationId });

/** SHA-256 of what a request asks for, as its custody leaves bind it (never by value). */
function contentDigest(row: RequestRow): string {
  return sha256Hex(
    canonicalJson({
      platformOrganisationId: row.platformOrganisationId,
      instrument: row.instrument,
      dataCategories: row.dataCategories,
      targets: row.targets,
      legalBasis: row.legalBasis,
      issuingAuthority: row.issuingAuthority,
      validatingAuthority: row.validatingAuthority,
      offence: row.offence,
      reference: row.reference,
      emergency: row.emergency,
      tlp: row.tlp,
    }),
  );
}

function requireWriter(actor: Actor): void {
  if (actor.role === 'viewer') {
    throw new AppError(
      'forbidden',
      'Viewers may read evidence requests but not write or act on them.',
    );
  }
}

async function requirePlatform(db: Kysely<Database>, id: string): Promise<void> {
  const platform = await findPlatform(db, id);
  if (!platform || platform.type !== 'platform') {
    throw fieldError(
      'body/platformOrganisationId',
      `no platform organisation has id ${id}; see GET /api/v1/platforms for the service providers on this hub.`,
    );
  }
}

async function present(
  deps: EvidenceRequestDeps,
  actor: Actor,
  rows: RequestRow[],
): Promise<RequestBody[]> {
  const ids = rows.map((row) => row.id);
  const attached = await readableAttachments(deps.db, actor, ids);
  const counts = await countAttachmentsOf(deps.db, ids);
  const now = new Date(deps.now());
  return rows.map((row) =>
    presentRequest(row, actor, now, attached.get(row.id) ?? [], counts.get(row.id) ?? 0),
  );
}

/**
 * One request the actor may read (its issuing organisation under the sharing policy, or the
 * provider once issued), or 404.
 *
 * @example
 * const request = await getRequest(deps, actor, id);
 */
export async function getRequest(
  deps: EvidenceRequestDeps,
  actor: Actor,
  id: string,
): Promise<RequestBody> {
  const row = await findReadableRequest(deps.db, actor, id);
  if (!row) throw requestNotFound(id);
  const [body] = await present(deps, actor, [row]);
  return body as RequestBody;
}

const normaliseTargets = (targets: CreateRequestBody['targets']) =>
  targets.map((target) => ({
    selectorType: target.selectorType,
    value: target.value,
    from: new Date(target.from).toISOString(),
    to: new Date(target.to).toISOString(),
  }));

/**
 * Creates a draft request of the actor's organisation and appends its custody leaf.
 *
 * @example
 * const request = await createRequest(deps, actor, { instrument: 'eu-production-order', … });
 */
export async function createRequest(
  deps: EvidenceRequestDeps,
  actor: Actor,
  body: CreateRequestBody,
): Promise<RequestBody> {
  requireWriter(actor);
  await requirePlatform(deps.db, body.platformOrganisationId);
  const at = new Date(deps.now());
  const id = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('evidence_requests')
      .values({
        organisation_id: actor.organisationId,
        created_by: actor.userId,
        tlp: body.tlp,
        platform_organisation_id: body.platformOrganisationId,
        status: 'draft',
        instrument: body.instrument,
        data_categories: [...new Set(body.dataCategories)],
        targets: JSON.stringify(normaliseTargets(body.targets)),
        legal_basis: body.legalBasis,
        issuing_authority: body.issuingAuthority,
        validating_authority: body.validatingAuthority,
        offence: body.offence,
        reference: body.reference,
        emergency: body.emergency,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const created = await findReadableRequest(trx, actor, row.id);
    if (!created) throw new Error('A new evidence request is not readable by its creator');
    await appendLeaf(trx, {
      type: 'evidence-request.create',
      actor: actorRef(actor),
      subject: { kind: 'evidence-request', id: row.id },
      at: at.toISOString(),
      details: { instrument: body.instrument, contentSha256: contentDigest(created) },
    });
    return row.id;
  });
  return getRequest(deps, actor, id);
}

const notACursor = () =>
  fieldError(
    'querystring/cursor',
    'not a cursor from this API; pass the nextCursor of the previous page as is.',
  );

/**
 * A page of the requests the actor may read, newest first, with the total matching.
 *
 * @example
 * const { items, total } = await listRequests(deps, actor, { limit: 50, direction: 'received' });
 */
export async function listRequests(
  deps: EvidenceRequestDeps,
  actor: Actor,
  query: ListRequestsQuery,
) {
  const filters = { status: query.status, platform: query.platform, direction: query.direction };
  const [rows, total] = await Promise.all([
    listReadableRequests(deps.db, actor, filters, {
      limit: query.limit + 1,
      after: query.cursor ? decodeNewestFirst(query.cursor, notACursor) : undefined,
    }),
    countReadableRequests(deps.db, actor, filters),
  ]);
  const { page, nextCursor } = pageOf(rows, query.limit, encodeNewestFirst);
  return { items: await present(deps, actor, page), total, nextCursor };
}

type Party = 'issuer' | 'platform' | 'either';
interface Rule {
  from: readonly RequestStatus[];
  party: Party;
  done: string;
}

const OPEN_FOR_PRODUCTION: readonly RequestStatus[] = [
  'issued',
  'acknowledged',
  'objection-window',
  'preserved',
  'partial',
];

/** Every step of a request's life: who takes it and from which statuses (sharing ref. §7.4). */
export const REQUEST_STEPS = {
  edit: { from: ['draft'], party: 'issuer', done: 'edited' },
  delete: { from: ['draft'], party: 'issuer', done: 'deleted' },
  validate: { from: ['draft'], party: 'issuer', done: 'validated' },
  issue: { from: ['validated'], party: 'issuer', done: 'issued' },
  acknowledge: { from: ['issued'], party: 'platform', done: 'acknowledged' },
  'open-objection-window': {
    from: ['issued', 'acknowledged'],
    party: 'issuer',
    done: 'put in its objection window',
  },
  preserve: {
    from: ['issued', 'acknowledged', 'objection-window'],
    party: 'platform',
    done: 'marked preserved',
  },
  'extend-preservation': {
    from: ['issued', 'acknowledged', 'objection-window', 'preserved'],
    party: 'issuer',
    done: 'extended',
  },
  attach: {
    from: [...OPEN_FOR_PRODUCTION, 'produced'],
    party: 'either',
    done: 'given produced data',
  },
  produce: { from: OPEN_FOR_PRODUCTION, party: 'either', done: 'marked produced' },
  'cannot-comply': {
    from: ['issued', 'acknowledged', 'objection-window', 'preserved'],
    party: 'platform',
    done: 'refused',
  },
  withdraw: {
    from: [
      'draft',
      'validated',
      'issued',
      'acknowledged',
      'objection-window',
      'preserved',
      'partial',
    ],
    party: 'issuer',
    done: 'withdrawn',
  },
  close: {
    from: ['produced', 'partial', 'cannot-comply', 'withdrawn'],
    party: 'issuer',
    done: 'closed',
  },
} as const satisfies Record<string, Rule>;
export type RequestStep = keyof typeof REQUEST_STEPS;

/** Checks that `actor` may take `step` on `row` now: 403 for the wrong party, 409 for the wrong status. */
function checkStep(actor: Actor, row: RequestRow, step: RequestStep): void {
  const rule: Rule = REQUEST_STEPS[step];
  const issuer = actor.organisationId === row.organisationId;
  const platform = actor.organisationId === row.platformOrganisationId;
  const allowed =
    rule.party === 'either' ? issuer || platform : rule.party === 'issuer' ? issuer : platform;
  if (!allowed) {
    throw new AppError(
      'forbidden',
      rule.party === 'platform'
        ? `Only users of ${row.platformName}, the provider this request is addressed to, may do this (${step}).`
        : `Only users of ${row.organisationName}, which issued this request, may do this (${step}).`,
    );
  }
  if (!rule.from.includes(row.status)) {
    throw new AppError(
      'conflict',
      `Evidence request ${row.id} is ${row.status}; it can be ${rule.done} only when ${rule.from.join(', ')}.`,
      { status: row.status, allowedFrom: rule.from },
    );
  }
}

/**
 * Runs one step in a transaction: locks the request, checks party and status, lets `apply`
 * write, and appends the step's custody leaf.
 */
async function step(
  deps: EvidenceRequestDeps,
  actor: Actor,
  id: string,
  name: RequestStep,
  apply: (
    trx: Transaction<Database>,
    row: RequestRow,
    at: Date,
  ) => Promise<Record<string, unknown>>,
): Promise<RequestBody | undefined> {
  requireWriter(actor);
  const at = new Date(deps.now());
  await deps.db.transaction().execute(async (trx) => {
    const row = await findReadableRequest(trx, actor, id, true);
    if (!row) throw requestNotFound(id);
    checkStep(actor, row, name);
    const details = await apply(trx, row, at);
    await appendLeaf(trx, {
      type: `evidence-request.${name}`,
      actor: actorRef(actor),
      subject: { kind: 'evidence-request', id },
      at: at.toISOString(),
      details: { fromStatus: row.status, ...details },
    });
  });
  return name === 'delete' ? undefined : getRequest(deps, actor, id);
}

const setStatus = async (
  trx: Transaction<Database>,
  id: string,
  values: Updateable<EvidenceRequestTable>,
) => {
  await trx.updateTable('evidence_requests').set(values).where('id', '=', id).execute();
};

/**
 * Changes a draft request (409 once validated).
 *
 * @example
 * await updateRequest(deps, actor, id, { emergency: true });
 */
export async function updateRequest(
  deps: EvidenceRequestDeps,
  actor: Actor,
  id: string,
  body: UpdateRequestBody,
): Promise<RequestBody> {
  if (body.platformOrganisationId) await requirePlatform(deps.db, body.platformOrganisationId);
  return (await step(deps, actor, id, 'edit', async (trx, _row, at) => {
    await setStatus(trx, id, {
      ...(body.platformOrganisationId !== undefined
        ? { platform_organisation_id: body.platformOrganisationId }
        : {}),
      ...(body.instrument !== undefined ? { instrument: body.instrument } : {}),
      ...(body.dataCategories !== undefined
        ? { data_categories: [...new Set(body.dataCategories)] }
        : {}),
      ...(body.targets !== undefined
        ? { targets: JSON.stringify(normaliseTargets(body.targets)) }
        : {}),
      ...(body.legalBasis !== undefined ? { legal_basis: body.legalBasis } : {}),
      ...(body.issuingAuthority !== undefined ? { issuing_authority: body.issuingAuthority } : {}),
      ...(body.validatingAuthority !== undefined
        ? { validating_authority: body.validatingAuthority }
        : {}),
      ...(body.offence !== undefined ? { offence: body.offence } : {}),
      ...(body.reference !== undefined ? { reference: body.reference } : {}),
      ...(body.emergency !== undefined ? { emergency: body.emergency } : {}),
      ...(body.tlp !== undefined ? { tlp: body.tlp } : {}),
      updated_at: at,
    });
    const updated = await findReadableRequest(trx, actor, id);
    return { contentSha256: updated ? contentDigest(updated) : null };
  })) as RequestBody;
}

/**
 * Deletes a draft request (409 once validated); its leaf keeps the content hash.
 *
 * @example
 * await deleteRequest(deps, actor, id);
 */
export async function deleteRequest(deps: EvidenceRequestDeps, actor: Actor, id: string) {
  await step(deps, actor, id, 'delete', async (trx, row) => {
    await trx.deleteFrom('evidence_requests').where('id', '=', id).execute();
    return { contentSha256: contentDigest(row) };
  });
}

/**
 * The completeness checks of validation: what an order under the instrument must carry.
 */
function validationProblems(row: RequestRow): { where: string; message: string }[] {
  const problems: { where: string; message: string }[] = [];
  const euOrder =
    row.instrument === 'eu-production-order' || row.instrument === 'eu-preservation-order';
  if (euOrder && !row.validatingAuthority) {
    problems.push({
      where: 'body/validatingAuthority',
      message:
        'an EU production or preservation order needs its issuing or validating judicial authority (Reg. 2023/1543 Art 4).',
    });
  }
  if (
    row.instrument === 'eu-production-order' &&
    row.dataCategories.some((c) => c === 'traffic' || c === 'content') &&
    !row.offence
  ) {
    problems.push({
      where: 'body/offence',
      message:
        'traffic or content data can be ordered only for an offence punishable by at least 3 years or a listed offence (Reg. 2023/1543 Art 5(4)); name it.',
    });
  }
  const allowed: Partial<Record<RequestRow['instrument'], readonly string[]>> = {
    // CETS 224 Art 7 reaches subscriber information only; Art 8 subscriber information and traffic data.
    'cets224-art7-subscriber': ['subscriber', 'ip-identification'],
    'cets224-art8-production': ['subscriber', 'ip-identification', 'traffic'],
  };
  const scope = allowed[row.instrument];
  const outside = scope ? row.dataCategories.filter((c) => !scope.includes(c)) : [];
  if (outside.length > 0) {
    problems.push({
      where: 'body/dataCategories',
      message: `${outside.join(', ')} cannot be requested under ${row.instrument}, which reaches ${scope?.join(', ')} data only (CETS 224 Art ${row.instrument === 'cets224-art7-subscriber' ? '7' : '8'}); use an MLA request.`,
    });
  }
  if (row.instrument === 'budapest-art29-preservation' && !row.offence) {
    problems.push({
      where: 'body/offence',
      message:
        'a Budapest Art 29 request names the offence and a brief summary of the facts (Art 29(2)(b)).',
    });
  }
  return problems;
}

/**
 * Validates a draft: checks it is complete for its instrument (400 naming each missing field).
 *
 * @example
 * await validateRequest(deps, actor, id);
 */
export async function validateRequest(deps: EvidenceRequestDeps, actor: Actor, id: string) {
  return step(deps, actor, id, 'validate', async (trx, row, at) => {
    const problems = validationProblems(row);
    if (problems.length > 0) {
      throw new AppError(
        'bad_request',
        `The request is not complete: ${problems.map((p) => `${p.where}: ${p.message}`).join('; ')}`,
        problems,
      );
    }
    await setStatus(trx, id, { status: 'validated', validated_at: at, updated_at: at });
    return { toStatus: 'validated', contentSha256: contentDigest(row) };
  }) as Promise<RequestBody>;
}

const clockInput = (row: RequestRow, extended = row.preservationExtendedAt !== null) => ({
  instrument: row.instrument,
  dataCategories: row.dataCategories,
  emergency: row.emergency,
  preservationExtended: extended,
});

/**
 * Issues a validated request to the provider: its clocks start now.
 *
 * @example
 * const issued = await issueRequest(deps, actor, id);
 */
export async function issueRequest(deps: EvidenceRequestDeps, actor: Actor, id: string) {
  return step(deps, actor, id, 'issue', async (trx, row, at) => {
    const due = firstDeadline(clockInput(row), at);
    await setStatus(trx, id, { status: 'issued', issued_at: at, due_at: due, updated_at: at });
    return {
      toStatus: 'issued',
      contentSha256: contentDigest(row),
      dueAt: due?.toISOString() ?? null,
    };
  }) as Promise<RequestBody>;
}

/** A step that only moves the status and stamps its time, with an optional note. */
export async function simpleStep(
  deps: EvidenceRequestDeps,
  actor: Actor,
  id: string,
  name: 'acknowledge' | 'open-objection-window' | 'preserve' | 'withdraw' | 'close',
  note: string | undefined,
): Promise<RequestBody> {
  const to: Record<
    typeof name,
    { status: RequestStatus; column: keyof Updateable<EvidenceRequestTable> }
  > = {
    acknowledge: { status: 'acknowledged', column: 'acknowledged_at' },
    'open-objection-window': { status: 'objection-window', column: 'objection_window_at' },
    preserve: { status: 'preserved', column: 'preserved_at' },
    withdraw: { status: 'withdrawn', column: 'withdrawn_at' },
    close: { status: 'closed', column: 'closed_at' },
  };
  const target = to[name];
  return step(deps, actor, id, name, async (trx, row, at) => {
    if (
      name === 'open-objection-window' &&
      !deadlinesOf(row, at).some((deadline) => deadline.kind === 'objection-window')
    ) {
      throw new AppError(
        'conflict',
        'No objection window applies: only EU production orders for traffic or content data are notified to the enforcing state (Reg. 2023/1543 Art 8).',
      );
    }
    await setStatus(trx, id, {
      status: target.status,
      [target.column]: at,
      ...(note !== undefined ? { note } : {}),
      updated_at: at,
    });
    return {
      toStatus: target.status,
      ...(note !== undefined ? { noteSha256: sha256Hex(note) } : {}),
    };
  }) as Promise<RequestBody>;
}

/**
 * Extends a preservation once (EPOC-PR +30 days, 2703(f) +90 days).
 *
 * @example
 * await extendPreservation(deps, actor, id);
 */
export async function extendPreservation(deps: EvidenceRequestDeps, actor: Actor, id: string) {
  return step(deps, actor, id, 'extend-preservation', async (trx, row, at) => {
    if (!EXTENDABLE_INSTRUMENTS.includes(row.instrument)) {
      throw new AppError(
        'conflict',
        `A ${row.instrument} request has no extension; only EU preservation orders (+30 days) and 2703(f) preservations (+90 days) do.`,
      );
    }
    if (row.preservationExtendedAt) {
      throw new AppError('conflict', `Evidence request ${id} was already extended once.`);
    }
    const due = row.issuedAt ? firstDeadline(clockInput(row, true), row.issuedAt) : null;
    await setStatus(trx, id, { preservation_extended_at: at, due_at: due, updated_at: at });
    return { dueAt: due?.toISOString() ?? null };
  }) as Promise<RequestBody>;
}

/**
 * Marks the request produced (or partly), once produced data is attached.
 *
 * @example
 * await produceRequest(deps, actor, id, { partial: false });
 */
export async function produceRequest(
  deps: EvidenceRequestDeps,
  actor: Actor,
  id: string,
  body: { partial: boolean; note?: string | undefined },
) {
  return step(deps, actor, id, 'produce', async (trx, row, at) => {
    if ((await countAttachments(trx, id)) === 0) {
      throw new AppError(
        'conflict',
        `Attach the produced data first (POST /api/v1/evidence-requests/${row.id}/artefacts), so it enters the custody log.`,
      );
    }
    const status = body.partial ? 'partial' : 'produced';
    await setStatus(trx, id, {
      status,
      produced_at: at,
      ...(body.note !== undefined ? { note: body.note } : {}),
      updated_at: at,
    });
    return { toStatus: status };
  }) as Promise<RequestBody>;
}

/**
 * The provider cannot comply, with an Annex III reason.
 *
 * @example
 * await cannotComply(deps, platformUser, id, { reason: 'impossibility', note: 'Account deleted in 2025' });
 */
export async function cannotComply(
  deps: EvidenceRequestDeps,
  actor: Actor,
  id: string,
  body: { reason: string; note: string },
) {
  return step(deps, actor, id, 'cannot-comply', async (trx, _row, at) => {
    await setStatus(trx, id, {
      status: 'cannot-comply',
      cannot_comply_at: at,
      cannot_comply_reason: body.reason,
      note: body.note,
      updated_at: at,
    });
    return { toStatus: 'cannot-comply', reason: body.reason, noteSha256: sha256Hex(body.note) };
  }) as Promise<RequestBody>;
}

/**
 * Attaches produced data: the upload becomes an artefact (named to the request's creator so the
 * requesting investigator can read it) with its `artefact.upload` leaf, linked to the request with
 * an `evidence-request.attach` leaf binding its SHA-256. Party and status are checked before the
 * bytes are stored, and again under the request's row lock in the one transaction that writes the
 * artefact, the link and both leaves: a request withdrawn in between gets nothing, not an artefact
 * linked to nothing.
 *
 * @example
 * const request = await attachProduction(deps, actor, id, upload);
 */
export async function attachProduction(
  deps: EvidenceRequestDeps,
  actor: Actor,
  id: string,
  upload: ReceivedUpload,
): Promise<RequestBody> {
  try {
    requireWriter(actor);
    const row = await findReadableRequest(deps.db, actor, id);
    if (!row) throw requestNotFound(id);
    checkStep(actor, row, 'attach');
    const creator = await deps.db
      .selectFrom('users')
      .select('email')
      .where('id', '=', row.createdBy)
      .executeTakeFirstOrThrow();
    const [checked] = await commitUploads(deps.db, actor, [
      {
        ...upload,
        fields: {
          ...upload.fields,
          recipients: [...new Set([...upload.fields.recipients, creator.email])],
          title: upload.fields.title ?? `Production for ${row.reference ?? `request ${row.id}`}`,
          legalBasis: upload.fields.legalBasis ?? row.legalBasis,
          source: upload.fields.source ?? row.platformName,
        },
      },
    ]);
    const at = new Date(deps.now());
    await deps.db.transaction().execute(async (trx) => {
      const locked = await findReadableRequest(trx, actor, id, true);
      if (!locked) throw requestNotFound(id);
      checkStep(actor, locked, 'attach');
      const artefact = await insertArtefactRecord(trx, actor, checked, at);
      await trx
        .insertInto('evidence_request_artefacts')
        .values({
          request_id: id,
          artefact_id: artefact.row.id,
          added_by: actor.userId,
          added_at: at,
        })
        .execute();
      // Leaves last, so the log's lock is held only for the appends and the commit.
      await appendLeaf(trx, artefact.leaf);
      await appendLeaf(trx, {
        type: 'evidence-request.attach',
        actor: actorRef(actor),
        subject: { kind: 'evidence-request', id, sha256: artefact.row.sha256 },
        at: at.toISOString(),
        details: { artefactId: artefact.row.id, status: locked.status },
      });
    });
  } finally {
    await upload.staged.discard();
  }
  return getRequest(deps, actor, id);
}

/**
 * The custody trail of a request: its own leaves and those of the produced data the actor may
 * read, in log order.
 *
 * @example
 * const { items } = await requestCustodyTrail(deps, actor, id);
 */
export async function requestCustodyTrail(deps: EvidenceRequestDeps, actor: Actor, id: string) {
  const row = await findReadableRequest(deps.db, actor, id);
  if (!row) throw requestNotFound(id);
  const artefactIds = (
    await deps.db
      .selectFrom('evidence_request_artefacts as l')
      .innerJoin('artefacts as a', 'a.id', 'l.artefact_id')
      .select('a.id')
      .where('l.request_id', '=', id)
      .where(readableBy(actor, 'a'))
      .execute()
  ).map((r) => r.id);
  const leaves = await deps.db
    .selectFrom('custody_log_leaves')
    .select(['leaf_index', 'leaf', 'leaf_hash'])
    .where('subject_id', 'in', [id, ...artefactIds])
    .orderBy('leaf_index')
    .execute();
  return {
    items: leaves.map((leaf) => ({
      index: Number(leaf.leaf_index),
      leaf: JSON.parse(leaf.leaf) as Record<string, unknown>,
      leafHash: Buffer.from(leaf.leaf_hash).toString('base64'),
    })),
  };
}

/**
 * Reminders: every live clock of the actor's readable open requests that is overdue or due
 * within `withinHours`, earliest first.
 *
 * @example
 * const { items } = await reminders(deps, actor, 72);
 */
export async function reminders(deps: EvidenceRequestDeps, actor: Actor, withinHours: number) {
  const now = new Date(deps.now());
  const horizon = now.getTime() + withinHours * 3_600_000;
  const rows = await listAllReadableRequests(deps.db, actor, OPEN_STATUSES);
  const items = rows.flatMap((row) =>
    deadlinesOf(row, now)
      .filter(
        (deadline) => deadline.live && deadline.due !== null && Date.parse(deadline.due) <= horizon,
      )
      .map((deadline) => ({
        request: {
          id: row.id,
          status: row.status,
          instrument: row.instrument,
          reference: row.reference,
          platform: { id: row.platformOrganisationId, name: row.platformName },
          issuingOrganisation: { id: row.organisationId, name: row.organisationName },
          emergency: row.emergency,
        },
        deadline,
        hoursLeft:
          Math.round(((Date.parse(deadline.due as string) - now.getTime()) / 3_600_000) * 100) /
          100,
      })),
  );
  items.sort((a, b) => a.hoursLeft - b.hoursLeft);
  return { items };
}

/**
 * Open requests the actor may read by how close their next live clock is, for the dashboard.
 *
 * @example
 * const buckets = await openRequestsByDeadline(deps, actor);
 */
export async function openRequestsByDeadline(
  deps: Pick<EvidenceRequestDeps, 'db' | 'now'>,
  actor: Actor,
) {
  const now = new Date(deps.now());
  const rows = await listAllReadableRequests(deps.db, actor, OPEN_STATUSES);
  const buckets = { overdue: 0, within24h: 0, within7d: 0, later: 0, noDeadline: 0 };
  for (const row of rows) {
    const next = deadlinesOf(row, now).find((deadline) => deadline.live);
    if (!next?.due) {
      buckets.noDeadline += 1;
      continue;
    }
    const left = Date.parse(next.due) - now.getTime();
    if (left < 0) buckets.overdue += 1;
    else if (left <= 24 * 3_600_000) buckets.within24h += 1;
    else if (left <= 7 * 24 * 3_600_000) buckets.within7d += 1;
    else buckets.later += 1;
  }
  return { open: rows.length, ...buckets };
}
