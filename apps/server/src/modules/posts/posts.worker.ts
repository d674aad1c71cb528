import type { Screener } from '@jaga/screening';
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  type JsMsg,
  jetstream,
  jetstreamManager,
} from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, StartupError } from '../../errors.js';
import { normaliseEmail } from '../auth/login.service.js';
import { findUserByEmail } from '../users/users.repository.js';
import { MAX_INGEST_BATCH } from './posts.schema.js';
import { type IngestActor, ingestPosts } from './posts.service.js';

// The screening worker: a durable JetStream pull consumer that feeds platform posts through
// ingestPosts. Delivery is at-least-once; a message is acknowledged only after the transaction
// that stored it committed, and ingestPosts is idempotent on (source, externalId) or content
// hash, so a redelivery (after a crash, a lost ack or a second worker) stores nothing twice.

/** Where the worker reads and how it batches. Names and subjects are NATS names. */
export interface ScreenWorkerOptions {
  /** JetStream stream holding the feed; created (capturing `subject`) when missing. */
  readonly stream: string;
  /** Subject filter of the posts to consume, e.g. `feeds.posts.>`. */
  readonly subject: string;
  /** Durable consumer name; every worker with the same name shares the work. */
  readonly durable: string;
  /** Subject a refused message is republished to, with the reason in a `Jaga-Reason` header. */
  readonly deadLetterSubject: string;
  /** Messages fetched and stored per transaction (at most 500); 100 by default. */
  readonly batchSize?: number;
  /** How long one fetch waits for a full batch, in ms (at least 1,000); 2,000 by default. */
  readonly fetchWaitMs?: number;
  /** How long the server waits for an ack before redelivering, in ms; 60,000 by default. */
  readonly ackWaitMs?: number;
  /** Deliveries of a message that keeps failing on its own before it is dead-lettered; 5 by default. */
  readonly maxDeliveries?: number;
  /** Pause before a message whose batch could not be stored is delivered again, in ms; 2,000 by default. */
  readonly retryDelayMs?: number;
  /** Aborting stops the worker after the batch in hand is stored and acknowledged. */
  readonly signal?: AbortSignal;
  /** Receives one event per batch, refusal and retry (the CLI prints them as JSON Lines). */
  readonly log?: (event: WorkerEvent) => void;
  /** Clock of the stored posts, in ms; `Date.now` by default. */
  readonly now?: () => number;
  readonly screener?: Screener;
}

/** What the worker reports as it goes. */
export type WorkerEvent =
  | { event: 'ready'; stream: string; consumer: string; subject: string; createdStream: boolean }
  | {
      event: 'batch';
      received: number;
      stored: number;
      duplicates: number;
      refused: number;
      ms: number;
    }
  | {
      event: 'dead-letter';
      stream: string;
      sequence: number;
      subject: string;
      reason: string;
    }
  | { event: 'retry'; messages: number; error: string }
  | { event: 'stopped'; totals: WorkerTotals };

/** Counts over the worker's life. */
export interface WorkerTotals {
  batches: number;
  received: number;
  stored: number;
  duplicates: number;
  refused: number;
  retried: number;
}

/** A worker's options are wrong (names, subjects, an existing stream that does not fit). */
export class WorkerConfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WorkerConfigError';
  }
}

const NAME = /^[A-Za-z0-9_-]{1,200}$/;
const SUBJECT = /^[^\s*>.]+(\.[^\s*>.]+)*$/;

function isSubjectFilter(subject: string): boolean {
  const tokens = subject.split('.');
  // A token is * (one token), > (the rest; last only) or plain text without wildcards or spaces.
  return tokens.every(
    (t, i) =>
      t === '*' || (t === '>' && i === tokens.length - 1) || (t !== '' && !/[\s*>]/.test(t)),
  );
}

/**
 * True when every subject `filter` matches is also matched by `pattern` (NATS wildcards: `*` one
 * token, `>` the rest).
 *
 * @example
 * subjectCovers('feeds.>', 'feeds.posts.*'); // true
 */
export function subjectCovers(pattern: string, filter: string): boolean {
  const p = pattern.split('.');
  const f = filter.split('.');
  for (let i = 0; i < p.length; i++) {
    const pt = p[i];
    const ft = f[i];
    if (pt === '>') return ft !== undefined;
    if (ft === undefined) return false;
    if (pt === '*') {
      if (ft === '>') return false;
      continue;
    }
    if (pt !== ft) return false;
  }
  return p.length === f.length;
}

/** Checks the worker's names and subjects, listing every problem with how to fix it. */
export function workerOptionProblems(options: ScreenWorkerOptions): string[] {
  const problems: string[] = [];
  if (!NAME.test(options.stream)) {
    problems.push(
      `stream: "${options.stream}" is not a stream name (letters, digits, - and _ only)`,
    );
  }
  if (!NAME.test(options.durable)) {
    problems.push(
      `consumer: "${options.durable}" is not a consumer name (letters, digits, - and _ only)`,
    );
  }
  if (!isSubjectFilter(options.subject)) {
    problems.push(
      `subject: "${options.subject}" is not a NATS subject (dot-separated tokens; * for one token, > for the rest)`,
    );
  }
  if (!SUBJECT.test(options.deadLetterSubject)) {
    problems.push(
      `dead-letter subject: "${options.deadLetterSubject}" must be a plain subject without wildcards`,
    );
  } else if (
    isSubjectFilter(options.subject) &&
    subjectCovers(options.subject, options.deadLetterSubject)
  ) {
    problems.push(
      `dead-letter subject: "${options.deadLetterSubject}" matches the consumed subject "${options.subject}", so refused messages would come back; pick a subject outside it`,
    );
  }
  const batch = options.batchSize ?? 100;
  if (!Number.isInteger(batch) || batch < 1 || batch > MAX_INGEST_BATCH) {
    problems.push(`batch size: must be a whole number from 1 to ${MAX_INGEST_BATCH}, got ${batch}`);
  }
  const wait = options.fetchWaitMs ?? 2_000;
  if (!Number.isInteger(wait) || wait < 1_000) {
    problems.push(`fetch wait: must be at least 1,000 ms (a NATS limit), got ${wait}`);
  }
  return problems;
}

const isNotFound = (error: unknown, code: number) =>
  error instanceof JetStreamApiError && error.code === code;

/**
 * Makes sure the stream and the durable pull consumer exist: creates what is missing, and checks
 * that what exists fits (the stream captures the subject, the consumer filters on it and acks
 * explicitly). Several workers starting at once all succeed: NATS accepts an identical create.
 *
 * @returns whether the stream was created.
 */
export async function ensureScreenConsumer(
  jsm: JetStreamManager,
  options: ScreenWorkerOptions,
): Promise<{ createdStream: boolean }> {
  let createdStream = false;
  try {
    const info = await jsm.streams.info(options.stream);
    const subjects = info.config.subjects ?? [];
    if (!subjects.some((s) => subjectCovers(s, options.subject))) {
      throw new WorkerConfigError(
        `stream ${options.stream} does not capture ${options.subject} (its subjects: ${subjects.join(', ') || 'none'}); consume one of its subjects or name another stream`,
      );
    }
  } catch (error) {
    if (!isNotFound(error, JetStreamApiCodes.StreamNotFound)) throw error;
    await jsm.streams.add({ name: options.stream, subjects: [options.subject] });
    createdStream = true;
  }
  const wanted = {
    durable_name: options.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: options.subject,
    ack_wait: (options.ackWaitMs ?? 60_000) * 1_000_000,
    max_ack_pending: 10_000,
  };
  try {
    const info = await jsm.consumers.info(options.stream, options.durable);
    const filter = info.config.filter_subject ?? info.config.filter_subjects?.join(', ') ?? '';
    if (filter !== options.subject || info.config.ack_policy !== AckPolicy.Explicit) {
      throw new WorkerConfigError(
        `consumer ${options.durable} on stream ${options.stream} exists with filter "${filter}" and ack policy ${info.config.ack_policy}; workers of one consumer must consume the same subject with explicit acks, so name another consumer`,
      );
    }
    if (info.config.deliver_subject) {
      throw new WorkerConfigError(
        `consumer ${options.durable} on stream ${options.stream} is a push consumer; the worker needs a pull consumer, so name another consumer`,
      );
    }
  } catch (error) {
    if (!isNotFound(error, JetStreamApiCodes.ConsumerNotFound)) throw error;
    await jsm.consumers.add(options.stream, wanted);
  }
  return { createdStream };
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Consumes posts from a JetStream durable pull consumer until `signal` aborts: fetches a batch,
 * stores its posts in one transaction through {@link ingestPosts}, then acknowledges each message.
 *
 * - A message that is not one JSON post object, or a post ingestPosts refuses, is republished to
 *   `deadLetterSubject` with the reason (headers `Jaga-Reason`, `Jaga-Stream`, `Jaga-Sequence`,
 *   `Jaga-Subject`) and terminated, so it is never redelivered; the rest of its batch is stored.
 * - When a batch cannot be stored (database down, a conflict), its posts are tried one by one; a
 *   post that still fails is delivered again after `retryDelayMs`, and dead-lettered after
 *   `maxDeliveries` deliveries.
 * - Several workers may share one durable consumer (on PostgreSQL): NATS hands each message to
 *   one of them, and a redelivery to another is harmless.
 *
 * The connection is the caller's: the worker never closes or drains it.
 *
 * @example
 * const controller = new AbortController();
 * process.once('SIGTERM', () => controller.abort());
 * await runScreenWorker(db, nc, actor, {
 *   stream: 'FEEDS', subject: 'feeds.posts.>', durable: 'jaga-screen',
 *   deadLetterSubject: 'jaga.dead-letter.posts', signal: controller.signal,
 * });
 */
export async function runScreenWorker(
  db: Kysely<Database>,
  nc: NatsConnection,
  actor: IngestActor,
  options: ScreenWorkerOptions,
): Promise<WorkerTotals> {
  const problems = workerOptionProblems(options);
  if (problems.length > 0) throw new WorkerConfigError(problems.join('; '));
  if (actor.role === 'viewer') {
    throw new WorkerConfigError(
      'the worker stores posts as a viewer, who may not submit posts; run it as an analyst or investigator',
    );
  }
  const log = options.log ?? (() => {});
  const batchSize = options.batchSize ?? 100;
  const maxDeliveries = options.maxDeliveries ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 2_000;
  const { createdStream } = await ensureScreenConsumer(await jetstreamManager(nc), options);
  const consumer = await jetstream(nc).consumers.get(options.stream, options.durable);
  log({
    event: 'ready',
    stream: options.stream,
    consumer: options.durable,
    subject: options.subject,
    createdStream,
  });
  const totals: WorkerTotals = {
    batches: 0,
    received: 0,
    stored: 0,
    duplicates: 0,
    refused: 0,
    retried: 0,
  };

  const [major = 0, minor = 0] = (nc.info?.version ?? '0.0').split('.').map(Number);
  const termTakesReason = major > 2 || (major === 2 && minor >= 11);

  const deadLetter = (msg: JsMsg, reason: string) => {
    const h = headers();
    h.set('Jaga-Reason', reason.replace(/[\r\n]+/g, ' ').slice(0, 1000));
    h.set('Jaga-Stream', msg.info.stream);
    h.set('Jaga-Sequence', String(msg.seq));
    h.set('Jaga-Subject', msg.subject);
    nc.publish(options.deadLetterSubject, msg.data, { headers: h });
    // Servers before 2.11 ignore a +TERM that carries a reason, which would leave it pending.
    if (termTakesReason) msg.term(reason.slice(0, 200));
    else msg.term();
    totals.refused++;
    log({
      event: 'dead-letter',
      stream: msg.info.stream,
      sequence: msg.seq,
      subject: msg.subject,
      reason,
    });
  };

  const ingest = (items: unknown[]) =>
    ingestPosts(db, actor, items, {
      ...(options.now ? { now: options.now } : {}),
      ...(options.screener ? { screener: options.screener } : {}),
    });

  const settle = (msg: JsMsg, result: Awaited<ReturnType<typeof ingest>>[number] | undefined) => {
    if (!result) return;
    if ('error' in result) {
      deadLetter(msg, result.error.message.replace(/^posts\[\d+\]: /, ''));
    } else {
      if (result.created) totals.stored++;
      else totals.duplicates++;
      msg.ack();
    }
  };

  const processBatch = async (messages: JsMsg[]) => {
    const started = performance.now();
    const before = { ...totals };
    const items: unknown[] = [];
    const owners: JsMsg[] = [];
    for (const msg of messages) {
      let value: unknown;
      try {
        value = JSON.parse(decoder.decode(msg.data));
      } catch (error) {
        deadLetter(
          msg,
          `not a JSON post: ${errorText(error)}; each message must be one JSON object such as {"source":"facebook","externalId":"…","text":"…"}`,
        );
        continue;
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        deadLetter(
          msg,
          `not a JSON post: expected one JSON object such as {"source":"facebook","text":"…"}, got ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`.slice(
            0,
            300,
          ),
        );
        continue;
      }
      items.push(value);
      owners.push(msg);
    }
    if (items.length > 0) {
      try {
        // ingestPosts returns after its transaction committed: only then is a message acked.
        const results = await ingest(items);
        owners.forEach((msg, i) => settle(msg, results[i]));
      } catch (batchError) {
        // Nothing of the batch was stored. Try each post alone, so one post that cannot be
        // stored does not hold the others back.
        log({ event: 'retry', messages: owners.length, error: errorText(batchError) });
        for (const [i, msg] of owners.entries()) {
          try {
            const [result] = await ingest([items[i]]);
            settle(msg, result);
          } catch (error) {
            if (error instanceof AppError || msg.info.deliveryCount >= maxDeliveries) {
              deadLetter(
                msg,
                `could not be stored after ${msg.info.deliveryCount} deliveries: ${errorText(error)}`,
              );
            } else {
              totals.retried++;
              msg.nak(retryDelayMs);
            }
          }
        }
      }
    }
    // Acks are sent asynchronously; flushing makes sure the server has them before the next fetch.
    await nc.flush();
    totals.batches++;
    totals.received += messages.length;
    log({
      event: 'batch',
      received: messages.length,
      stored: totals.stored - before.stored,
      duplicates: totals.duplicates - before.duplicates,
      refused: totals.refused - before.refused,
      ms: Math.round(performance.now() - started),
    });
  };

  const fetchWaitMs = options.fetchWaitMs ?? 2_000;
  while (!options.signal?.aborted) {
    // A fetch ends when the batch is full or the wait is over; on a stop request the messages
    // already fetched are still stored and acked before the loop ends.
    const fetched = await consumer.fetch({ max_messages: batchSize, expires: fetchWaitMs });
    const messages: JsMsg[] = [];
    for await (const msg of fetched) messages.push(msg);
    if (messages.length > 0) await processBatch(messages);
  }
  log({ event: 'stopped', totals });
  return totals;
}

/**
 * Connects to NATS with a clear one-line error when the server does not answer.
 *
 * @example
 * const nc = await connectNats('nats://127.0.0.1:4222');
 */
export async function connectNats(servers: string): Promise<NatsConnection> {
  try {
    return await connect({ servers: servers.split(',').map((s) => s.trim()), name: 'jaga-worker' });
  } catch (error) {
    throw new StartupError(
      `Cannot connect to NATS at ${servers}: ${errorText(error)}. Start the NATS server with JetStream (nats-server -js) or set --nats / NATS_URL.`,
      { cause: error },
    );
  }
}

/**
 * The user whose organisation owns posts stored by the worker or an import, by e-mail: an active
 * account whose role may submit posts.
 *
 * @throws AppError `not_found` for an unknown e-mail, `forbidden` for a disabled account or a viewer.
 * @example
 * const actor = await findIngestActor(db, 'feeds@platform.example');
 */
export async function findIngestActor(db: Kysely<Database>, email: string): Promise<IngestActor> {
  const user = await findUserByEmail(db, normaliseEmail(email));
  if (!user) {
    throw new AppError(
      'not_found',
      `No user with e-mail ${email}; create one with jaga admin create-user (role analyst or investigator) and pass it with --as.`,
    );
  }
  if (user.disabled_at) {
    throw new AppError(
      'forbidden',
      `The account ${user.email} is disabled; use an active account.`,
    );
  }
  if (user.role === 'viewer') {
    throw new AppError(
      'forbidden',
      `${user.email} is a viewer, who may read posts but not submit them; use an analyst or investigator account.`,
    );
  }
  return { userId: user.id, organisationId: user.organisation_id, role: user.role };
}
