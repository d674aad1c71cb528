import { createHash } from 'node:crypto';
import {
  type Actor as LabelActor,
  createTransferImporter,
  getTaintModel,
  inferDepositAddresses,
  type LabelFileResult,
  LabelSet,
  normalizeAddress,
  parseActorPack,
  parseEtherscanLabels,
  parseLabelsCsv,
  parseTagPack,
  parseTimestamp,
  type RejectedRow,
  selectAsset,
  type TraceReport,
  traceHopsCsv,
  traceTaint,
} from '@jaga/tracing';
import { AppError } from '../../errors.js';
import { decodeNewestFirst, encodeNewestFirst, pageOf } from '../../http/pagination.js';
import type { Actor } from '../auth/actor.js';
import { appendLeaf } from '../log/custody-log.js';
import { selectorSecret } from '../selectors/hub-secret.js';
import {
  type NormalisedSelector,
  normaliseSelector,
  SelectorInputError,
  selectorKey,
} from '../selectors/selectors.normalise.js';
import { upsertSelectors } from '../selectors/selectors.upsert.js';
import {
  type ArtefactDeps,
  commitUploads,
  insertArtefactRecord,
  requireStore,
  stageText,
  type Upload,
} from '../artefacts/artefacts.service.js';
import { readableBy } from '../sharing/sql-filter.js';
import { replaceRecordSharing } from '../sharing/sharing.repository.js';
import type { TlpLevel } from '../sharing/tlp.js';
import { listReadableTraces, type TraceListRow } from './traces.repository.js';
import {
  type ListTracesQuery,
  MAX_LISTED_REJECTS,
  type TraceBody,
  type TraceFields,
  type TraceListItem,
  type TracePage,
} from './traces.schema.js';

/** What the trace service works with: the artefact service's needs and its own file limit. */
export interface TraceDeps extends ArtefactDeps {
  /** Largest accepted file of a trace request, in bytes. */
  maxTraceFileBytes: number;
}

/** One uploaded file of a trace request, read into memory (bounded by the file limit). */
export interface TraceFile {
  kind: 'transfers' | 'labels';
  filename: string;
  bytes: Buffer;
}

const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/**
 * The wallets a trace found (seeds, endpoints, probable deposit addresses, hubs) as `wallet`
 * selectors of the transfers' chain, normalised once each and in key order (so concurrent writers
 * lock new selectors alike). An address the selectors module does not accept as a wallet of that
 * chain (an unusual format) is left out rather than stored in a second normal form.
 */
export function walletSelectors(chain: string, addresses: readonly string[]): NormalisedSelector[] {
  const found = new Map<string, NormalisedSelector>();
  for (const address of addresses) {
    try {
      const selector = normaliseSelector({ type: 'wallet', value: address, chain });
      found.set(selectorKey(selector), selector);
    } catch (error) {
      if (!(error instanceof SelectorInputError)) throw error;
    }
  }
  return [...found.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, selector]) => selector);
}

/** Runs pure tracing code, turning its input errors into a 400 that names the field. */
function badInput<T>(where: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('bad_request', `${where}: ${(error as Error).message}`);
  }
}

function loadLabels(files: readonly TraceFile[]) {
  const labels = new LabelSet();
  const rejected: RejectedRow[] = [];
  const notes: string[] = [];
  const texts = files.map((f) => ({ file: f.filename, text: f.bytes.toString('utf8') }));
  const isYaml = (name: string) => /\.ya?ml$/i.test(name);
  // Actor packs first: they give Etherscan slugs and TagPack actors their categories.
  const actors = new Map<string, LabelActor>();
  for (const { file, text } of texts) {
    if (isYaml(file) && /^actors:/m.test(text)) {
      for (const [id, a] of badInput(`labels ${file}`, () => parseActorPack(text))) {
        actors.set(id, a);
      }
    }
  }
  for (const { file, text } of texts) {
    let result: LabelFileResult;
    if (isYaml(file)) {
      if (/^actors:/m.test(text)) continue;
      if (!/^tags:/m.test(text)) {
        throw new AppError(
          'bad_request',
          `labels ${file}: YAML without a "tags:" list; send GraphSense TagPacks or ActorPacks.`,
        );
      }
      result = badInput(`labels ${file}`, () => parseTagPack(text, file, { actors }));
    } else if (/\.json$/i.test(file)) {
      result = badInput(`labels ${file}`, () =>
        parseEtherscanLabels(text, file, {
          actors,
          chain: /bscscan/i.test(file) ? 'bsc' : 'eth',
        }),
      );
    } else {
      result = badInput(`labels ${file}`, () => parseLabelsCsv(text, file));
    }
    labels.addAll(result.labels);
    rejected.push(...result.rejected);
    for (const [currency, n] of Object.entries(result.skippedByCurrency)) {
      notes.push(`${file}: ${n} tags on ${currency}, a chain Jaga does not trace`);
    }
  }
  return { labels, rejected, notes };
}

/** The trace itself, pure but for hashing: same inputs, byte-identical report. */
export function runTrace(files: readonly TraceFile[], fields: TraceFields) {
  const transferFiles = files.filter((f) => f.kind === 'transfers');
  if (transferFiles.length === 0) {
    throw new AppError(
      'bad_request',
      'transfers: missing; send one or more transfer CSV files (canonical, Etherscan export or TRON TRC-20 export) in file fields named "transfers".',
    );
  }
  const model = badInput('model', () => getTaintModel(fields.model));
  const since =
    fields.since === undefined
      ? undefined
      : badInput('since', () => parseTimestamp(fields.since as string));
  const importer = createTransferImporter({});
  for (const file of transferFiles) {
    const sink = importer.file(file.filename);
    badInput(`transfers ${file.filename}`, () => {
      sink.push(file.bytes.toString('utf8'));
      sink.end();
    });
  }
  const { graph, report: imported } = badInput('transfers', () => importer.finish());
  const labelled = loadLabels(files.filter((f) => f.kind === 'labels'));
  const asset = badInput('transfers', () => selectAsset(graph, {}));

  const addresses: string[] = [];
  const transactions: string[] = [];
  const rejectedSeeds: RejectedRow[] = [];
  fields.from.forEach((value, i) => {
    if (/^(0x)?[0-9a-fA-F]{64}$/.test(value)) transactions.push(value);
    else {
      const check = normalizeAddress(asset.chain, value);
      if (check.ok) addresses.push(check.address);
      else rejectedSeeds.push({ file: 'from', line: i + 1, reason: `seed ${check.reason}` });
    }
  });
  if (addresses.length === 0 && transactions.length === 0) {
    throw new AppError(
      'bad_request',
      `from: no valid seed address or transaction hash for ${asset.chain}: ${rejectedSeeds.map((r) => r.reason).join('; ')}`,
      rejectedSeeds.map((r) => ({ where: `body/from/${r.line - 1}`, message: r.reason })),
    );
  }
  // As `jaga trace` does by default: probable deposit addresses of labelled exchanges are endpoints.
  const seedSet = new Set(addresses.map((a) => a.toLowerCase()));
  const deposits =
    labelled.labels.size === 0
      ? []
      : badInput('labels', () =>
          inferDepositAddresses(graph, labelled.labels, {
            windowSeconds: 72 * 3600,
            minShare: 0.8,
          }),
        ).filter((d) => !seedSet.has(d.address.toLowerCase()));
  const report: TraceReport = badInput('trace', () =>
    traceTaint(graph, {
      model,
      seeds: addresses,
      seedTransactions: transactions,
      ...(since === undefined ? {} : { since }),
      maxHops: fields.maxHops,
      ...(fields.stopAt ? { stopCategories: fields.stopAt } : {}),
      labels: labelled.labels,
      deposits,
    }),
  );
  const rejected = [...imported.rejected, ...labelled.rejected, ...rejectedSeeds];
  const input: TraceBody['input'] = {
    files: files.map((f) => ({
      kind: f.kind,
      filename: f.filename,
      sha256: sha256Hex(f.bytes),
      bytes: f.bytes.length,
    })),
    transfers: imported.transfers,
    labelledAddresses: labelled.labels.size,
    rejectedTotal: rejected.length,
    rejected: rejected.slice(0, MAX_LISTED_REJECTS),
    notes: [...imported.notes, ...labelled.notes],
  };
  const summary: Omit<TraceBody['summary'], 'selectorIds'> = {
    rule: report.rule,
    chain: report.chain,
    asset: report.asset,
    maxHops: report.parameters.maxHops,
    since: report.parameters.since,
    stopCategories: [...report.parameters.stopCategories],
    seeds: report.seeds.length + report.seedTransactions.length,
    seedsNotFound: [
      ...report.seeds.filter((s) => !s.found).map((s) => s.address),
      ...report.seedTransactions.filter((s) => !s.found).map((s) => s.txHash),
    ],
    endpoints: report.endpoints.map((e) => ({
      address: e.address,
      label: e.label,
      category: e.category,
      attribution: e.attribution,
      amount: e.amount,
      hops: e.hops,
    })),
    totals: {
      seeded: report.totals.seeded,
      reachedEndpoints: report.totals.reachedEndpoints,
      held: report.totals.held,
      unresolved: report.totals.unresolved,
      conserved: report.totals.conserved,
    },
    hubs: report.hubs.length,
    hops: report.hops.length,
  };
  const json = `${JSON.stringify({ ...report, input: { ...input, rejected } })}\n`;
  const wallets = [
    ...report.seeds.map((s) => s.address),
    ...report.endpoints.map((e) => e.address),
    ...deposits.map((d) => d.address),
    ...report.hubs.map((h) => h.address),
  ];
  return { report, summary, input, json, csv: traceHopsCsv(report), wallets };
}

/**
 * Runs a trace over uploaded files and stores its report (JSON, and CSV of the hops) as two
 * artefacts with the trace's sharing, each with its `artefact.upload` custody leaf, then records
 * the trace with the same sharing, the wallets it found as selectors and a `trace.run` leaf
 * binding the report's SHA-256 to its inputs. Artefacts, trace and leaves are written in one
 * transaction: a trace that cannot be recorded leaves no artefact behind.
 *
 * @example
 * const body = await createTrace(deps, actor, files, fields);
 */
export async function createTrace(
  deps: TraceDeps,
  actor: Actor,
  files: readonly TraceFile[],
  fields: TraceFields,
): Promise<TraceBody> {
  if (actor.role === 'viewer') {
    throw new AppError('forbidden', 'Viewers may read traces but not run them.');
  }
  const store = requireStore(deps);
  const { summary, input, json, csv, wallets } = runTrace(files, fields);
  const selectors = walletSelectors(summary.chain, wallets);
  const stamp = `${summary.chain}-${summary.asset}-${fields.model}`.toLowerCase();
  const what = `${fields.model}, ${summary.chain} ${summary.asset}`;
  const uploadFields = (title: string) => ({
    tlp: fields.tlp,
    groups: fields.groups,
    recipients: fields.recipients,
    title,
    source: 'Jaga trace on the hub',
  });
  const uploads: Upload[] = [];
  try {
    const reportFile = await stageText(store, json, {
      filename: `trace-${stamp}.json`,
      mediaType: 'application/json',
      fields: uploadFields(`Trace report (${what})`),
    });
    uploads.push(reportFile);
    const hopsFile = await stageText(store, csv, {
      filename: `trace-${stamp}-hops.csv`,
      mediaType: 'text/csv',
      fields: uploadFields(`Trace hops (${what})`),
    });
    uploads.push(hopsFile);
    const [reportUpload, hopsUpload] = await commitUploads(deps.db, actor, [reportFile, hopsFile]);
    const at = new Date(deps.now());
    const secret = await selectorSecret(deps.db);
    const id = await deps.db.transaction().execute(async (trx) => {
      const report = await insertArtefactRecord(trx, actor, reportUpload, at);
      const hops = await insertArtefactRecord(trx, actor, hopsUpload, at);
      const artefacts: TraceBody['artefacts'] = [
        {
          id: report.row.id,
          kind: 'report',
          filename: report.row.filename,
          sha256: report.row.sha256,
        },
        { id: hops.row.id, kind: 'hops', filename: hops.row.filename, sha256: hops.row.sha256 },
      ];
      // The wallets found become selectors, each seen in this trace at the time it ran, in the same
      // transaction as the trace: the trace and its sightings are stored together or not at all.
      const refs = await upsertSelectors(trx, secret, selectors);
      const selectorIds = [...new Set([...refs.values()].map((r) => r.id))].sort();
      const stored = { summary: { ...summary, selectorIds }, input, artefacts };
      const row = await trx
        .insertInto('traces')
        .values({
          organisation_id: actor.organisationId,
          created_by: actor.userId,
          tlp: fields.tlp,
          model: fields.model,
          summary: JSON.stringify(stored),
          report_artefact_id: report.row.id,
          hops_artefact_id: hops.row.id,
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await replaceRecordSharing(trx, row.id, {
        sharingGroupIds: report.groupIds,
        recipientIds: report.recipientIds,
      });
      if (selectorIds.length > 0) {
        await trx
          .insertInto('sightings')
          .values(
            selectorIds.map((selectorId) => ({
              selector_id: selectorId,
              trace_id: row.id,
              post_id: null,
              seen_at: at,
              organisation_id: actor.organisationId,
              created_by: actor.userId,
            })),
          )
          .execute();
      }
      // Leaves last, after the selector locks: ingestion takes selector locks and then the log's,
      // so taking the log's first here could deadlock with it on PostgreSQL.
      await appendLeaf(trx, report.leaf);
      await appendLeaf(trx, hops.leaf);
      await appendLeaf(trx, {
        type: 'trace.run',
        actor: { userId: actor.userId, organisationId: actor.organisationId },
        subject: { kind: 'trace', id: row.id, sha256: report.row.sha256 },
        at: at.toISOString(),
        details: {
          model: fields.model,
          tlp: fields.tlp,
          reportArtefactId: report.row.id,
          hopsArtefactId: hops.row.id,
          hopsSha256: hops.row.sha256,
          selectorIds,
          inputs: input.files.map((f) => ({ kind: f.kind, sha256: f.sha256, bytes: f.bytes })),
        },
      });
      return row.id;
    });
    return await getTrace(deps, actor, id);
  } finally {
    for (const upload of uploads) await upload.staged.discard();
  }
}

/** The one answer for a missing and for an unreadable trace: ids cannot be probed. */
const traceNotFound = (id: string) => new AppError('not_found', `No trace with id ${id}.`);

/**
 * One trace the actor may read under the sharing policy, or 404 like an unknown id.
 *
 * @example
 * const trace = await getTrace(deps, actor, id);
 */
export async function getTrace(deps: TraceDeps, actor: Actor, id: string): Promise<TraceBody> {
  const row = await deps.db
    .selectFrom('traces as t')
    .select(['t.id', 't.tlp', 't.model', 't.summary', 't.created_at'])
    .where('t.id', '=', id)
    .where(readableBy(actor, 't'))
    .executeTakeFirst();
  if (!row) throw traceNotFound(id);
  const stored = JSON.parse(row.summary) as Pick<TraceBody, 'summary' | 'input' | 'artefacts'>;
  return {
    id: row.id,
    tlp: row.tlp as TlpLevel,
    model: row.model,
    createdAt: new Date(row.created_at).toISOString(),
    ...stored,
    // Traces stored before wallets became selectors list none.
    summary: { ...stored.summary, selectorIds: stored.summary.selectorIds ?? [] },
  };
}

function presentListItem(row: TraceListRow): TraceListItem {
  const { summary } = JSON.parse(row.summary) as Pick<TraceBody, 'summary'>;
  return {
    id: row.id,
    tlp: row.tlp as TlpLevel,
    model: row.model,
    chain: summary.chain,
    asset: summary.asset,
    seeds: summary.seeds,
    endpoints: summary.endpoints.length,
    seeded: summary.totals.seeded,
    reachedEndpoints: summary.totals.reachedEndpoints,
    conserved: summary.totals.conserved,
    organisation: { id: row.organisationId, name: row.organisationName },
    createdBy: { id: row.createdBy, displayName: row.createdByName },
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * A page of the traces the actor may read under the sharing policy, newest first.
 *
 * @example
 * const { items, nextCursor } = await listTraces(deps, actor, { limit: 50 });
 */
export async function listTraces(
  deps: Pick<TraceDeps, 'db'>,
  actor: Actor,
  query: ListTracesQuery,
): Promise<TracePage> {
  const rows = await listReadableTraces(deps.db, actor, {
    limit: query.limit + 1,
    after: query.cursor ? decodeNewestFirst(query.cursor) : undefined,
  });
  const { page, nextCursor } = pageOf(rows, query.limit, encodeNewestFirst);
  return { items: page.map(presentListItem), nextCursor };
}
