import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '@jaga/custody';
import {
  captureData,
  captureHistories,
  clkSetFromBytes,
  estimatePopulation,
  LinkageError,
  linkLists,
  MseError,
} from '@jaga/estimation';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { decodeNewestFirst, encodeNewestFirst, pageOf } from '../../http/pagination.js';
import type { ArtefactStore } from '../artefacts/artefact-store.js';
import { findReadableArtefact } from '../artefacts/artefacts.repository.js';
import {
  commitUploads,
  insertArtefactRecord,
  requireStore,
  stageText,
  type Upload,
} from '../artefacts/artefacts.service.js';
import type { Actor } from '../auth/actor.js';
import { appendLeaf } from '../log/custody-log.js';
import { loadRecordSharing, replaceRecordSharing } from '../sharing/sharing.repository.js';
import { findGroupsOfMember } from '../sharing-groups/sharing-groups.repository.js';
import { decodeClks } from './estimates.clks.js';
import { suppressSmallCells } from './estimates.disclosure.js';
import {
  type EstimateRow,
  findEstimateReport,
  findReadableEstimate,
  findReadableList,
  findReadableListsWithClks,
  insertEstimate,
  insertEstimateReport,
  insertList,
  type ListRow,
  listReadableEstimates,
  listReadableLists,
} from './estimates.repository.js';
import {
  type CreateEstimateBody,
  ESTIMATE_TLP_LEVELS,
  type EstimateBody,
  type EstimatePage,
  type EstimateTlp,
  type ListBody,
  type ListEstimatesQuery,
  MAX_PAIR_COMPARISONS,
  type UploadListBody,
} from './estimates.schema.js';

/** What the estimates service works with. */
export interface EstimateDeps {
  db: Kysely<Database>;
  now: () => number;
  /** Capture-history cells below this are published as `"<min"`; 5 by default. */
  minCellSize?: number | undefined;
  /** Most record pairs one estimate may link; {@link MAX_PAIR_COMPARISONS} by default. */
  maxPairComparisons?: number | undefined;
  /** Where saved reports go as evidence artefacts; without it saving answers 503. */
  store?: ArtefactStore | undefined;
}

/** The one answer for a missing and for an unreadable list: ids cannot be probed. */
export const listNotFound = (id: string) =>
  new AppError('not_found', `No encoded list with id ${id}.`);
/** The one answer for a missing and for an unreadable estimate. */
export const estimateNotFound = (id: string) =>
  new AppError('not_found', `No estimate with id ${id}.`);

const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const actorRef = (actor: Actor) => ({ userId: actor.userId, organisationId: actor.organisationId });

function requireWriter(actor: Actor, what: string): void {
  if (actor.role === 'viewer') {
    throw new AppError('forbidden', `Viewers may read estimates but not ${what}.`);
  }
}

/** Checks the sharing groups are ones of the actor's organisation; returns their ids. */
async function resolveGroups(
  db: Kysely<Database>,
  actor: Actor,
  ids: readonly string[],
): Promise<string[]> {
  const unique = [...new Set(ids)];
  const found = new Set(
    (await findGroupsOfMember(db, actor.organisationId, unique)).map((group) => group.id),
  );
  const unknown = unique.filter((id) => !found.has(id));
  if (unknown.length > 0) {
    throw new AppError(
      'bad_request',
      `body/groups: no sharing group of your organisation has id ${unknown.join(', ')}. See GET /api/v1/sharing-groups.`,
      unknown.map((id) => ({ where: 'body/groups', message: `unknown sharing group ${id}` })),
    );
  }
  return unique;
}

function presentList(row: ListRow): ListBody {
  return {
    id: row.id,
    name: row.name,
    records: row.records,
    bits: row.bits,
    sha256: row.sha256,
    tlp: row.tlp,
    organisation: { id: row.organisationId, name: row.organisationName },
    createdBy: { id: row.createdBy, displayName: row.createdByName },
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Stores an agency's encoded list after checking it holds CLKs only, with its sharing, and
 * appends its `estimate-list.upload` custody leaf (ids and hashes only) in the same transaction.
 *
 * @example
 * const list = await createList(deps, actor, { name: 'Police 2026', tlp: 'AMBER', groups: [], clks });
 */
export async function createList(
  deps: EstimateDeps,
  actor: Actor,
  body: UploadListBody,
): Promise<ListBody> {
  requireWriter(actor, 'upload lists');
  const { bits, bytes } = decodeClks(body.clks);
  const groupIds = await resolveGroups(deps.db, actor, body.groups);
  const sha256 = sha256Hex(bytes);
  const at = new Date(deps.now());
  const id = await deps.db.transaction().execute(async (trx) => {
    const newId = await insertList(trx, {
      organisationId: actor.organisationId,
      createdBy: actor.userId,
      tlp: body.tlp,
      name: body.name,
      records: body.clks.length,
      bits,
      clks: bytes,
      sha256,
      at,
    });
    await replaceRecordSharing(trx, newId, { sharingGroupIds: groupIds, recipientIds: [] });
    await appendLeaf(trx, {
      type: 'estimate-list.upload',
      actor: actorRef(actor),
      subject: { kind: 'estimate-list', id: newId, sha256 },
      at: at.toISOString(),
      details: {
        records: body.clks.length,
        bits,
        tlp: body.tlp,
        groupIds: [...groupIds].sort(),
        nameSha256: sha256Hex(body.name),
      },
    });
    return newId;
  });
  const row = await findReadableList(deps.db, actor, id);
  if (!row) throw new Error('A new list is not readable by its creator');
  return presentList(row);
}

/**
 * The encoded lists the actor may read, newest first (never their CLKs).
 *
 * @example
 * const { items } = await listLists(deps, actor);
 */
export async function listLists(deps: EstimateDeps, actor: Actor): Promise<{ items: ListBody[] }> {
  return { items: (await listReadableLists(deps.db, actor)).map(presentList) };
}

/** List codes used in histories and model terms: A, B, C, … */
const listCode = (i: number) => String.fromCharCode(65 + i);

/** The stored part of an estimate report (everything but who, when and its sharing). */
type StoredReport = Omit<
  EstimateBody,
  'id' | 'tlp' | 'organisation' | 'createdBy' | 'createdAt' | 'savedReport'
>;

const strictness = (tlp: EstimateTlp) => ESTIMATE_TLP_LEVELS.indexOf(tlp);

/**
 * Links the given encoded lists with k-list linking, builds the capture-history table, runs the
 * multiple systems estimate and stores the report with small cells suppressed, appending an
 * `estimate.run` custody leaf in the same transaction. Every list must be readable by the actor
 * (otherwise 404, as for an unknown id).
 *
 * @example
 * const report = await createEstimate(deps, actor, { lists: [a, b, c], threshold: 0.86, method: 'stepwise', bootstrap: 0, seed: 1234, groups: [] });
 */
export async function createEstimate(
  deps: EstimateDeps,
  actor: Actor,
  body: CreateEstimateBody,
): Promise<EstimateBody> {
  requireWriter(actor, 'run them');
  const found = await findReadableListsWithClks(deps.db, actor, body.lists);
  const missing = body.lists.find((id) => !found.has(id));
  if (missing !== undefined) throw listNotFound(missing);
  const lists = body.lists.map((id) => found.get(id) as ListRow & { clks: Uint8Array });
  const first = lists[0] as ListRow;
  const other = lists.find((list) => list.bits !== first.bits);
  if (other) {
    throw new AppError(
      'bad_request',
      `body/lists: list ${other.id} has ${other.bits}-bit CLKs but list ${first.id} has ${first.bits}-bit ones; lists linked together must be encoded with the same schema and secret`,
      [{ where: 'body/lists', message: 'lists encoded with different schemas' }],
    );
  }

  let pairs = 0;
  lists.forEach((list, x) => {
    for (const other of lists.slice(x + 1)) pairs += list.records * other.records;
  });
  const maxPairs = deps.maxPairComparisons ?? MAX_PAIR_COMPARISONS;
  if (pairs > maxPairs) {
    throw new AppError(
      'bad_request',
      `body/lists: these lists make ${pairs.toLocaleString('en-US')} record pairs to compare, more than the ${maxPairs.toLocaleString('en-US')} one request may link; link fewer or smaller lists (for larger ones use "jaga link histories" with --blocking, then "jaga estimate")`,
      [{ where: 'body/lists', message: 'too many record pairs to link in one request' }],
    );
  }

  const strictest = lists.reduce<EstimateTlp>(
    (level, list) => (strictness(list.tlp) > strictness(level) ? list.tlp : level),
    'CLEAR',
  );
  const tlp = body.tlp ?? strictest;
  if (strictness(tlp) < strictness(strictest)) {
    throw new AppError(
      'bad_request',
      `body/tlp: an estimate over a ${strictest} list cannot be marked ${tlp}; use ${strictest} or a more restrictive level`,
      [{ where: 'body/tlp', message: `less restrictive than its lists (${strictest})` }],
    );
  }
  const groupIds = await resolveGroups(deps.db, actor, body.groups);

  const minimum = deps.minCellSize ?? 5;
  const codes = lists.map((_, i) => listCode(i));
  let stored: StoredReport;
  try {
    const sets = lists.map((list) => {
      const width = list.bits / 8;
      const filters = Array.from({ length: list.records }, (_, r) =>
        list.clks.subarray(r * width, (r + 1) * width),
      );
      return clkSetFromBytes(filters);
    });
    const linked = linkLists(sets, { threshold: body.threshold });
    const table = captureHistories(linked, codes);
    const result = estimatePopulation(captureData(codes, table.rows), {
      method: body.method,
      ...(body.bootstrap > 0 ? { bootstrap: { replicates: body.bootstrap, seed: body.seed } } : {}),
    });
    const cells = suppressSmallCells(
      table.rows.map((row) => row.count),
      minimum,
    );
    const hidden = cells.small + cells.secondary > 0;
    const warnings = [...result.warnings];
    if (hidden) {
      warnings.push(
        `Capture-history cells with fewer than ${minimum} people are shown as "<${minimum}", never exactly${cells.secondary > 0 ? '; one more cell is shown as "suppressed" so that the small one cannot be worked out from the observed total' : ''}. List sizes are withheld from this report for the same reason.`,
      );
    }
    stored = {
      lists: lists.map((list, i) => ({
        id: list.id,
        code: codes[i] as string,
        name: list.name,
        records: hidden ? null : list.records,
      })),
      observed: result.observed,
      method: result.method,
      terms: [...result.terms],
      model: result.details.model,
      estimate: result.estimate,
      interval: { ...result.interval },
      warnings,
      histories: table.rows.map((row, i) => ({
        history: [...row.history],
        lists: codes.filter((_, x) => row.history[x] === 1),
        count: cells.counts[i] as number | string,
      })),
      minimumCellSize: minimum,
      linkage: { threshold: body.threshold, comparisons: linked.comparisons },
      bootstrap: result.details.bootstrap
        ? {
            replicates: result.details.bootstrap.replicates,
            seed: result.details.bootstrap.seed,
            failed: result.details.bootstrap.failed,
          }
        : null,
    };
  } catch (error) {
    if (error instanceof MseError || error instanceof LinkageError) {
      throw new AppError(
        'bad_request',
        `body/lists: these lists cannot be estimated from: ${error.message}`,
        [{ where: 'body/lists', message: error.message }],
        { cause: error },
      );
    }
    throw error;
  }

  const id = randomUUID();
  const report = JSON.stringify(stored);
  const at = new Date(deps.now());
  await deps.db.transaction().execute(async (trx) => {
    await insertEstimate(trx, {
      id,
      organisationId: actor.organisationId,
      createdBy: actor.userId,
      tlp,
      listIds: body.lists,
      report,
      at,
    });
    await replaceRecordSharing(trx, id, { sharingGroupIds: groupIds, recipientIds: [] });
    await appendLeaf(trx, {
      type: 'estimate.run',
      actor: actorRef(actor),
      subject: { kind: 'estimate', id, sha256: sha256Hex(canonicalJson(stored)) },
      at: at.toISOString(),
      details: {
        lists: lists.map((list) => ({ id: list.id, sha256: list.sha256 })),
        method: body.method,
        threshold: body.threshold,
        bootstrap: body.bootstrap,
        seed: body.seed,
        minimumCellSize: minimum,
        tlp,
        groupIds: [...groupIds].sort(),
      },
    });
  });
  return getEstimate(deps, actor, id);
}

function presentStored(row: EstimateRow): Omit<EstimateBody, 'savedReport'> {
  const stored = JSON.parse(row.report) as StoredReport;
  return {
    id: row.id,
    ...stored,
    tlp: row.tlp,
    organisation: { id: row.organisationId, name: row.organisationName },
    createdBy: { id: row.createdBy, displayName: row.createdByName },
    createdAt: row.createdAt.toISOString(),
  };
}

async function presentEstimate(
  deps: EstimateDeps,
  actor: Actor,
  row: EstimateRow,
): Promise<EstimateBody> {
  const saved = await findEstimateReport(deps.db, row.id);
  let savedReport: EstimateBody['savedReport'] = null;
  if (saved) {
    const artefacts: NonNullable<EstimateBody['savedReport']>['artefacts'] = [];
    // Each artefact goes through the sharing policy: one re-shared more narrowly is left out.
    for (const [kind, id] of [
      ['report', saved.reportArtefactId],
      ['table', saved.tableArtefactId],
    ] as const) {
      const artefact = await findReadableArtefact(deps.db, actor, id);
      if (artefact) {
        artefacts.push({ id, kind, filename: artefact.filename, sha256: artefact.sha256 });
      }
    }
    savedReport = {
      savedAt: saved.savedAt.toISOString(),
      savedBy: { id: saved.savedBy, displayName: saved.savedByName },
      artefacts,
    };
  }
  return { ...presentStored(row), savedReport };
}

/**
 * A stored estimate report, or 404 when it does not exist or the actor may not read it.
 *
 * @example
 * const report = await getEstimate(deps, actor, id);
 */
export async function getEstimate(
  deps: EstimateDeps,
  actor: Actor,
  id: string,
): Promise<EstimateBody> {
  const row = await findReadableEstimate(deps.db, actor, id);
  if (!row) throw estimateNotFound(id);
  return presentEstimate(deps, actor, row);
}

/**
 * A page of the estimates the actor may read under the sharing policy, newest first.
 *
 * @example
 * const { items, nextCursor } = await listEstimates(deps, actor, { limit: 50 });
 */
export async function listEstimates(
  deps: EstimateDeps,
  actor: Actor,
  query: ListEstimatesQuery,
): Promise<EstimatePage> {
  const rows = await listReadableEstimates(deps.db, actor, {
    limit: query.limit + 1,
    after: query.cursor ? decodeNewestFirst(query.cursor) : undefined,
  });
  const { page, nextCursor } = pageOf(rows, query.limit, encodeNewestFirst);
  return {
    items: page.map((row) => {
      const report = presentStored(row);
      return {
        id: report.id,
        lists: report.lists.map((list) => ({ id: list.id, code: list.code, name: list.name })),
        observed: report.observed,
        method: report.method,
        estimate: report.estimate,
        interval: report.interval,
        tlp: report.tlp,
        saved: row.saved,
        organisation: report.organisation,
        createdBy: report.createdBy,
        createdAt: report.createdAt,
      };
    }),
    nextCursor,
  };
}

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The published capture-history table of a report as CSV: one column per list (`A (Police 2026)`,
 * 1 when the history is on it), then the count exactly as published (`<5` and `suppressed` kept).
 *
 * @example
 * historiesCsv(report); // 'A (Police),B (NGO),count\n1,0,40\n…'
 */
export function historiesCsv(report: Pick<EstimateBody, 'lists' | 'histories'>): string {
  const header = [...report.lists.map((list) => `${list.code} (${list.name})`), 'count'];
  const lines = [header.map(csvCell).join(',')];
  for (const row of report.histories)
    lines.push([...row.history, row.count].map(csvCell).join(','));
  return `${lines.join('\n')}\n`;
}

/**
 * Saves an estimate's report as two evidence artefacts with the estimate's TLP level and sharing
 * groups: the report as JSON and its published capture-history table as CSV, each with its
 * `artefact.upload` custody leaf, and an `estimate.report-save` leaf binding them to the estimate.
 * Artefacts, link and leaves are written in one transaction: a save that fails, or loses to a
 * concurrent save of the same estimate, leaves no artefact behind. An estimate is saved once:
 * saving again answers the saved report (`created: false`). Only writers of the estimate's
 * organisation may save it, since the artefacts belong to that organisation.
 *
 * @example
 * const { created, estimate } = await saveEstimateReport(deps, actor, id);
 */
export async function saveEstimateReport(
  deps: EstimateDeps,
  actor: Actor,
  id: string,
): Promise<{ created: boolean; estimate: EstimateBody }> {
  const row = await findReadableEstimate(deps.db, actor, id);
  if (!row) throw estimateNotFound(id);
  if (await findEstimateReport(deps.db, id)) {
    return { created: false, estimate: await presentEstimate(deps, actor, row) };
  }
  requireWriter(actor, 'save their reports');
  if (row.organisationId !== actor.organisationId) {
    throw new AppError(
      'forbidden',
      `Only users of ${row.organisationName}, which ran this estimate, may save its report as evidence; its figures are on this page for you to read.`,
    );
  }
  const store = requireStore({ store: deps.store });
  const report = presentStored(row);
  const sharing = (await loadRecordSharing(deps.db, [id])).get(id);
  const groups = sharing?.sharingGroupIds ?? [];
  const names = report.lists.map((list) => list.name).join(', ');
  const stem = `estimate-${id.slice(0, 8)}-${report.method}`;
  const fields = (title: string) => ({
    tlp: report.tlp,
    groups,
    recipients: [],
    title,
    source: 'Jaga estimate on the hub',
  });

  const uploads: Upload[] = [];
  try {
    const reportFile = await stageText(store, `${JSON.stringify(report, null, 2)}\n`, {
      filename: `${stem}.json`,
      mediaType: 'application/json',
      fields: fields(`Estimate report (${report.method}; ${names})`),
    });
    uploads.push(reportFile);
    const tableFile = await stageText(store, historiesCsv(report), {
      filename: `${stem}-histories.csv`,
      mediaType: 'text/csv',
      fields: fields(`Estimate capture histories (${names})`),
    });
    uploads.push(tableFile);
    const [json, table] = await commitUploads(deps.db, actor, [reportFile, tableFile]);
    const at = new Date(deps.now());
    // The artefacts, their leaves, the link and its leaf commit together or not at all.
    const created = await deps.db.transaction().execute(async (trx) => {
      // Saves of one estimate queue on its row; a later one finds the first one's report.
      const locked = await trx
        .selectFrom('estimates')
        .select('id')
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!locked) throw estimateNotFound(id);
      if (await findEstimateReport(trx, id)) return false;
      const reportArtefact = await insertArtefactRecord(trx, actor, json, at);
      const tableArtefact = await insertArtefactRecord(trx, actor, table, at);
      const first = await insertEstimateReport(trx, {
        estimateId: id,
        reportArtefactId: reportArtefact.row.id,
        tableArtefactId: tableArtefact.row.id,
        savedBy: actor.userId,
        at,
      });
      // Under the lock no other save can have won; if one did, roll these artefacts back.
      if (!first) throw new Error(`Estimate ${id} was saved by another request despite the lock`);
      // Leaves last: the log's lock is then held only for the appends and the commit.
      await appendLeaf(trx, reportArtefact.leaf);
      await appendLeaf(trx, tableArtefact.leaf);
      await appendLeaf(trx, {
        type: 'estimate.report-save',
        actor: actorRef(actor),
        subject: { kind: 'estimate', id, sha256: json.staged.sha256 },
        at: at.toISOString(),
        details: {
          reportArtefactId: reportArtefact.row.id,
          tableArtefactId: tableArtefact.row.id,
          tableSha256: table.staged.sha256,
          tlp: report.tlp,
          groupIds: [...groups].sort(),
        },
      });
      return true;
    });
    return { created, estimate: await getEstimate(deps, actor, id) };
  } finally {
    for (const upload of uploads) await upload.staged.discard();
  }
}
